"""Random draws every journey shares: a day in a window and a member state.

:class:`Context` holds what the journey generators need besides their random stream: the
scenario, the people, the calendar (the first simulated day and the as-of date, as int64
days) and the member-state weights behind :meth:`Context.member_state`,
:meth:`Context.other_member_state` and :meth:`Context.frontline_member_state`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from schemas.systems import SystemKey
from synth.member_states import MEMBER_STATES
from synth.population import People
from synth.scenario import Scenario
from synth.vector import day_of, normalised

__all__ = ["Context", "uniform_days"]


def uniform_days(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """One day drawn uniformly in ``[lo[i], hi[i]]`` for every row (``lo`` when hi < lo)."""
    span = np.maximum(hi - lo, 0) + 1
    out: np.ndarray = lo + np.floor(rng.random(lo.size) * span).astype(np.int64)
    return out


def _member_state_probabilities(weights: dict[str, float]) -> np.ndarray:
    return normalised([weights.get(ms, 0.0) for ms in MEMBER_STATES])


@dataclass(frozen=True)
class Context:
    """The scenario, the people, the calendar and the member-state draws of the journeys."""

    scenario: Scenario
    people: People
    start: int
    as_of: int
    ms_p: np.ndarray
    frontline_p: np.ndarray

    @classmethod
    def of(cls, scenario: Scenario, people: People) -> Context:
        """The context of ``scenario``'s journeys for ``people``."""
        return cls(
            scenario=scenario,
            people=people,
            start=day_of(scenario.world.period_start),
            as_of=day_of(scenario.world.as_of),
            ms_p=_member_state_probabilities(dict(scenario.population.member_state_weights)),
            frontline_p=_member_state_probabilities(
                dict(scenario.journeys.frontline_member_state_weights)
            ),
        )

    def operational_from(self, key: SystemKey) -> int:
        """First day on which system ``key`` records anything."""
        date = self.scenario.systems.of(key).operational_from
        return self.start if date is None else max(self.start, day_of(date))

    def member_state(self, rng: np.random.Generator, home: np.ndarray) -> np.ndarray:
        """The member state of each event: the home one mostly, else a weighted draw."""
        other = rng.choice(len(MEMBER_STATES), size=home.size, p=self.ms_p)
        keep = rng.random(home.size) < self.scenario.population.home_member_state_share
        out: np.ndarray = np.where(keep, home, other)
        return out

    def other_member_state(self, rng: np.random.Generator, avoid: np.ndarray) -> np.ndarray:
        """A weighted draw of a member state different from ``avoid``."""
        out: np.ndarray = rng.choice(len(MEMBER_STATES), size=avoid.size, p=self.ms_p)
        clash = out == avoid
        out[clash] = (out[clash] + 1) % len(MEMBER_STATES)
        return out

    def frontline_member_state(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` member states of first irregular arrival (the frontline weights)."""
        out: np.ndarray = rng.choice(self.frontline_p.size, size=n, p=self.frontline_p)
        return out

    def fam_home(self, fam: np.ndarray) -> np.ndarray:
        """The main member state of each family in ``fam``."""
        out: np.ndarray = self.people.home_ms[self.people.fam_start[fam]]
        return out

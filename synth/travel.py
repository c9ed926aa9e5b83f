"""Short-stay travel: VIS applications, ETIAS applications, trips and EES files.

Travel parties (families) apply and travel together: events are drawn per family and
expanded to its members later. All arrays are int64 days / indices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from schemas.systems import SystemKey
from synth.population import People
from synth.scenario import MEMBER_STATES, Scenario
from synth.vector import (
    NEVER,
    day_of,
    explode,
    first_true_per_group,
    group_cummax,
    normalised,
    order_by,
    years_to_days,
)

__all__ = [
    "ENTRY",
    "EXIT",
    "REFUSAL",
    "Context",
    "Trips",
    "ees_files",
    "etias_chain",
    "trips_in_windows",
    "visa_applications",
]

ENTRY, EXIT, REFUSAL = 0, 1, 2
VISA_C, VISA_D = 0, 1
ISSUED, REFUSED, PENDING = 0, 1, 2
_LONG_STAY_DAYS = 365  # assumption: validity of a national long-stay visa
_MAX_STAY_DAYS = 90  # authorised short stay: 90 days in any 180 (domain.md §1.1)


@dataclass(frozen=True)
class Context:
    """What every journey generator needs: the scenario, the people and the calendar."""

    scenario: Scenario
    people: People
    start: int
    as_of: int
    ms_p: np.ndarray
    frontline_p: np.ndarray

    @classmethod
    def of(cls, scenario: Scenario, people: People) -> Context:
        def probs(weights: dict[str, float]) -> np.ndarray:
            return normalised([weights.get(ms, 0.0) for ms in MEMBER_STATES])

        return cls(
            scenario=scenario,
            people=people,
            start=day_of(scenario.world.period_start),
            as_of=day_of(scenario.world.as_of),
            ms_p=probs(dict(scenario.population.member_state_weights)),
            frontline_p=probs(dict(scenario.journeys.frontline_member_state_weights)),
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
        out = rng.choice(len(MEMBER_STATES), size=avoid.size, p=self.ms_p)
        clash = out == avoid
        out[clash] = (out[clash] + 1) % len(MEMBER_STATES)
        result: np.ndarray = out
        return result

    def fam_home(self, fam: np.ndarray) -> np.ndarray:
        out: np.ndarray = self.people.home_ms[self.people.fam_start[fam]]
        return out


@dataclass(frozen=True)
class Trips:
    """Trips of families, sorted by family then entry day, never overlapping."""

    fam: np.ndarray
    entry: np.ndarray
    exit: np.ndarray  # -1: no exit recorded (still inside, or overstaying)
    stay_end: np.ndarray  # last day of the authorised stay
    ms: np.ndarray
    refused: np.ndarray  # bool: entry refused at the border
    overstay: np.ndarray  # bool: stayed beyond stay_end (set by the caller)

    def select(self, keep: np.ndarray) -> Trips:
        return Trips(*(getattr(self, f)[keep] for f in self.__dataclass_fields__))


def visa_applications(
    ctx: Context,
    rng: np.random.Generator,
    fam: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    n_apps: np.ndarray,
    force_issued: np.ndarray,
) -> dict[str, np.ndarray]:
    """Family-level VIS applications: ``n_apps[i]`` per family ``fam[i]`` in [lo, hi]."""
    j = ctx.scenario.journeys
    owner, _ = explode(n_apps)
    f = fam[owner]
    day = lo[owner] + np.floor(rng.random(owner.size) * (hi[owner] - lo[owner] + 1))
    day = day.astype(np.int64)
    order = order_by(f, day)
    f, day, forced = f[order], day[order], force_issued[owner][order]
    decided = day + j.vis_decision_days
    refused = (rng.random(f.size) < j.vis_refusal_rate) & ~forced
    decision = np.where(decided > ctx.as_of, PENDING, np.where(refused, REFUSED, ISSUED))
    long_stay = rng.random(f.size) < j.vis_long_stay_share
    valid_to = decided + np.where(long_stay, _LONG_STAY_DAYS, j.visa_validity_days) - 1
    keep5 = years_to_days(ctx.scenario.retention.vis_years)
    expire = np.where(
        decision == ISSUED,
        valid_to + keep5,
        np.where(decision == REFUSED, decided + keep5, NEVER),
    )
    return {
        "fam": f,
        "day": day,
        "decision": decision,
        "visa_type": np.where(long_stay, VISA_D, VISA_C),
        "valid_from": decided,
        "valid_to": valid_to,
        "ms": ctx.member_state(rng, ctx.fam_home(f)),
        "expire": expire,
    }


def _stays(ctx: Context, rng: np.random.Generator, n: int) -> np.ndarray:
    j = ctx.scenario.journeys
    out: np.ndarray = rng.integers(j.stay_days_min, j.stay_days_max + 1, n)
    return out


def _finish_trips(
    ctx: Context,
    rng: np.random.Generator,
    fam: np.ndarray,
    entry: np.ndarray,
    stay: np.ndarray,
    stay_end: np.ndarray,
) -> Trips:
    """Sort, drop trips after the as-of date or overlapping an earlier one, draw refusals."""
    keep = entry <= ctx.as_of
    fam, entry, stay, stay_end = fam[keep], entry[keep], stay[keep], stay_end[keep]
    order = order_by(fam, entry)
    fam, entry, stay, stay_end = fam[order], entry[order], stay[order], stay_end[order]
    leave = entry + stay
    running = group_cummax(fam, leave)
    prev = np.r_[np.int64(-(2**40)), running[:-1]]
    first = np.r_[True, fam[1:] != fam[:-1]]
    ok = first | (entry > prev)
    fam, entry, leave, stay_end = fam[ok], entry[ok], leave[ok], stay_end[ok]
    refused = rng.random(fam.size) < ctx.scenario.journeys.entry_refusal_rate
    exit_day = np.where(refused | (leave > ctx.as_of), -1, leave)
    return Trips(
        fam=fam,
        entry=entry,
        exit=exit_day,
        stay_end=stay_end,
        ms=ctx.member_state(rng, ctx.fam_home(fam)),
        refused=refused,
        overstay=np.zeros(fam.size, dtype=bool),
    )


def trips_on_visas(ctx: Context, rng: np.random.Generator, apps: dict[str, np.ndarray]) -> Trips:
    """Trips made on issued short-stay visas, inside each visa's validity."""
    j = ctx.scenario.journeys
    usable = (apps["decision"] == ISSUED) & (apps["visa_type"] == VISA_C)
    vf, vt = apps["valid_from"][usable], apps["valid_to"][usable]
    years = (vt - vf + 1) / 365.2425
    owner, _ = explode(1 + rng.poisson(j.trips_per_year * years))
    stay = _stays(ctx, rng, owner.size)
    span = np.maximum(vt[owner] - stay - vf[owner], 0)
    entry = vf[owner] + np.floor(rng.random(owner.size) * (span + 1)).astype(np.int64)
    stay_end = np.minimum(entry + _MAX_STAY_DAYS - 1, vt[owner])
    return _finish_trips(ctx, rng, apps["fam"][usable][owner], entry, stay, stay_end)


def trips_in_windows(
    ctx: Context,
    rng: np.random.Generator,
    fam: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> Trips:
    """Visa-free trips: at least one per family, Poisson over the window [lo, hi]."""
    j = ctx.scenario.journeys
    years = np.maximum(hi - lo + 1, 1) / 365.2425
    owner, _ = explode(1 + rng.poisson(np.maximum(j.trips_per_year * years - 1.0, 0.0)))
    stay = _stays(ctx, rng, owner.size)
    entry = lo[owner] + np.floor(rng.random(owner.size) * (hi[owner] - lo[owner] + 1))
    entry = entry.astype(np.int64)
    return _finish_trips(ctx, rng, fam[owner], entry, stay, entry + _MAX_STAY_DAYS - 1)


def etias_chain(
    ctx: Context, rng: np.random.Generator, trips: Trips, n_fam: int
) -> dict[str, np.ndarray]:
    """Family-level ETIAS applications: one before the first trip not covered by a valid
    authorisation; a refused application is followed by a successful re-application."""
    j = ctx.scenario.journeys
    validity = years_to_days(j.etias_validity_years)
    keep_refused = years_to_days(ctx.scenario.retention.etias_refused_years)
    valid_until = np.full(n_fam, -(2**40), dtype=np.int64)
    fams, days, status, until = [], [], [], []
    while True:
        uncovered = trips.entry > valid_until[trips.fam]
        first = first_true_per_group(trips.fam, uncovered, n_fam)
        who = np.flatnonzero(first >= 0)
        if who.size == 0:
            break
        entry = trips.entry[first[who]]
        applied = np.maximum(entry - rng.integers(1, 31, who.size), ctx.start)
        refused = rng.random(who.size) < j.etias_refusal_rate
        reapplied = np.minimum(applied + rng.integers(1, 15, who.size), entry)
        granted = np.where(refused, reapplied, applied)
        fams += [who[refused], who]
        days += [applied[refused], granted]
        status += [np.full(int(refused.sum()), REFUSED), np.full(who.size, ISSUED)]
        until += [applied[refused] + keep_refused, granted + validity - 1]
        valid_until[who] = granted + validity - 1
    fam = np.concatenate(fams) if fams else np.zeros(0, dtype=np.int64)
    st = np.concatenate(status) if status else np.zeros(0, dtype=np.int64)
    end = np.concatenate(until) if until else np.zeros(0, dtype=np.int64)
    return {
        "fam": fam,
        "day": np.concatenate(days) if days else np.zeros(0, dtype=np.int64),
        "status": st,
        "valid_until": np.where(st == ISSUED, end, -1),
        "expire": end,  # kept for the validity, or 5 years after a refusal (§1.6)
        "ms": ctx.member_state(rng, ctx.fam_home(fam)),
    }


def ees_files(
    ctx: Context, crossings: dict[str, np.ndarray], visa_exempt: np.ndarray
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Group person-level crossings into EES individual files with retention.

    ``crossings`` holds person, day, kind, ms, expire and overstay (per row). A new file
    starts when the previous one would already have been deleted. Returns (files,
    crossings sorted, with the row index of their file in ``file``).
    """
    c = crossings
    order = order_by(c["person"], c["day"], c["kind"])
    c = {k: v[order] for k, v in c.items()}
    person, day = c["person"], c["day"]
    n = person.size
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        files = dict.fromkeys(("person", "day", "ms", "expire", "traveller_type"), empty)
        files["overstayer"] = np.zeros(0, dtype=bool)
        return files, {**c, "file": empty}
    running = group_cummax(person, np.minimum(c["expire"], NEVER))
    prev = np.r_[np.int64(-1), running[:-1]]
    first = np.r_[True, person[1:] != person[:-1]]
    new_file = first | (day > prev)
    file = np.cumsum(new_file) - 1
    starts = np.flatnonzero(new_file)
    files = {
        "person": person[starts],
        "day": day[starts],
        "ms": c["ms"][starts],
        "expire": np.maximum.reduceat(c["expire"], starts) + 1,
        "overstayer": np.logical_or.reduceat(c["overstay"], starts),
        "traveller_type": visa_exempt[person[starts]].astype(np.int64),
    }
    files["expire"] = np.where(files["expire"] > NEVER, NEVER, files["expire"])
    return files, {**c, "file": file}

"""Calibrations through the population model: defaults fitted so the model reproduces a
published figure (the fitted value is stored in the scenario default; tests refit it).

- :func:`registry_default_share`: the share of a nationality's older cohorts registered
  with a default birth date that makes the nationality's default-date share match a
  published figure (Turkish nationals in Germany: 5.8 %).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from schemas.rng import stream
from synth.groups import GROUPS
from synth.names import build_name_table
from synth.nationalities import NATIONALITIES
from synth.population import UNDOCUMENTED_ROUTE, allocate, draw_people
from synth.scenario import Scenario
from synth.vector import day_of

__all__ = ["default_date_share", "registry_default_share"]

_INDEX = {n.code: i for i, n in enumerate(NATIONALITIES)}


def _expected_terms(scenario: Scenario, nationality: str, seed: int, n: int) -> tuple[float, float]:
    """(a, b) with: expected default-date share of the nationality's persons = a + b * q,
    q being its registry_default_share (exact expectation over a drawn population)."""
    pop = scenario.population
    names = build_name_table(seed)
    counts = allocate(n, dict(pop.group_shares))
    people = draw_people(scenario, stream(seed, "calibration"), names, counts)
    mine = people.nationality == _INDEX[nationality]
    if not mine.any():
        raise ValueError(f"the scenario draws no persons of nationality {nationality}")
    route_codes = [g.code for g in GROUPS if g.key in UNDOCUMENTED_ROUTE]
    route = np.isin(people.group, route_codes) & ~people.has_document
    p_route = np.where(route, pop.birth_dates.undocumented_default_share, 0.0)[mine]
    cutoff = day_of(dt.date(pop.birth_dates.registry_cohort_before, 1, 1))
    old = (people.birth < cutoff)[mine]
    return float(p_route.mean()), float((old * (1.0 - p_route)).mean())


def default_date_share(
    scenario: Scenario, nationality: str, *, seed: int = 0, n: int = 400_000
) -> float:
    """Expected share of the nationality's persons registered with a default birth date."""
    a, b = _expected_terms(scenario, nationality, seed, n)
    q = scenario.population.birth_dates.registry_default_share.get(nationality, 0.0)
    return a + b * q


def registry_default_share(
    scenario: Scenario, nationality: str, target: float, *, seed: int = 0, n: int = 400_000
) -> float:
    """The registry_default_share of ``nationality`` that gives it ``target`` default dates."""
    a, b = _expected_terms(scenario, nationality, seed, n)
    if b <= 0.0 or not a <= target <= a + b:
        raise ValueError(
            f"{nationality}: a default-date share of {target} is out of reach ({a:.4f} to "
            f"{a + b:.4f})"
        )
    return (target - a) / b

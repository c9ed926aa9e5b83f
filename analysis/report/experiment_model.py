"""What the experiment report shows, as typed values (built by :mod:`interopsim.experiment`).

The report renders an :class:`ExperimentReport`; nothing in it is computed at render time
except formatting. Differences, person shifts and sensitivity results are the typed
results of :mod:`analysis.paired` and :mod:`analysis.sensitivity`.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.estimate import Estimate
from analysis.paired import GroupShift, PairedDifference, PersonShift
from analysis.sensitivity import Band, Effect, Factor, TornadoBar

__all__ = [
    "ArmRow",
    "CiteWorld",
    "ExperimentReport",
    "PersonComparison",
    "SensitivityBlock",
    "SweepSeries",
]


@dataclass(frozen=True)
class ArmRow:
    """One arm: the question it answers and how it is set up."""

    name: str
    question: str
    scenario: str
    mode: str
    settings: str
    """Its scenario overrides and link or analysis settings, as short text."""


@dataclass(frozen=True)
class PersonComparison:
    """Who has the outcome only under B, only under A, or under both (and by group)."""

    shift: PersonShift
    groups: tuple[GroupShift, ...]
    point: str
    examples: tuple[tuple[int, int, str, str], ...]
    """A few (seed, person_id, change, group) to look at with ``interopsim explain``."""


@dataclass(frozen=True)
class SweepSeries:
    """One figure of one arm along a swept parameter: replicate means with intervals."""

    figure: str
    label: str
    parameter: str
    series: str
    x: tuple[float, ...]
    estimates: tuple[Estimate, ...]


@dataclass(frozen=True)
class SensitivityBlock:
    """The sensitivity of one figure of one arm to the varied assumptions."""

    arm: str
    figure: str
    label: str
    method: str
    effects: tuple[Effect, ...]
    tornado: tuple[TornadoBar, ...]
    band: Band


@dataclass(frozen=True)
class CiteWorld:
    """A world behind the figures: seed, scenario hash, the arms that linked it."""

    seed: int
    scenario_hash: str
    world_id: str
    arms: str


@dataclass(frozen=True)
class ExperimentReport:
    """Everything the experiment report shows."""

    name: str
    question: str
    version: str
    arms: tuple[ArmRow, ...]
    seeds: tuple[int, ...]
    runs: int
    worlds: int
    differences: tuple[PairedDifference, ...]
    persons: tuple[PersonComparison, ...]
    sweeps: tuple[SweepSeries, ...]
    factors: tuple[Factor, ...]
    sensitivity: tuple[SensitivityBlock, ...]
    cite: tuple[CiteWorld, ...]
    failures: tuple[str, ...]
    command: str
    level: float
    results_files: tuple[str, ...]

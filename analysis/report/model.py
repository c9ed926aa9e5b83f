"""What a report shows, as typed data: the one place that knows how the figures look in data.

The chart and template code reads these dataclasses only; :mod:`analysis.report.extract`
builds them from the typed :class:`analysis.metrics.Metrics` and the world's manifest.
Every number is the analysis' own :class:`~analysis.estimate.Estimate`, carried
unchanged; every assumption the analysis' own :class:`~analysis.assumptions.Assumption`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.assumptions import Assumption
from analysis.estimate import Estimate

__all__ = [
    "Citation",
    "ColourCount",
    "GroupRate",
    "HeadlineRow",
    "Reachability",
    "ReportModel",
    "ScalingCurve",
    "ScalingPoint",
    "WorkloadSeries",
    "assumption_group",
]


@dataclass(frozen=True, slots=True)
class HeadlineRow:
    """One line of the headline table."""

    key: str
    label: str
    estimate: Estimate
    kind: str  # how to print the value: "count", "rate", "share" or "number"
    note: str = ""


@dataclass(frozen=True, slots=True)
class GroupRate:
    """An error rate of one group of (synthetic) persons and its ratio to the overall rate."""

    dimension: str
    group: str
    estimate: Estimate
    disparity: Estimate | None = None
    in_figure: bool = True  # False: tabled only (e.g. nationality, with many values)


@dataclass(frozen=True, slots=True)
class ScalingPoint:
    """One point of the gallery-size curve, simulated or extrapolated."""

    gallery_size: float
    estimate: Estimate
    extrapolated: bool


@dataclass(frozen=True, slots=True)
class ScalingCurve:
    """How an error rate grows with the gallery (simulated points plus extrapolation)."""

    metric: str
    points: tuple[ScalingPoint, ...]
    formula: str = ""
    reference_sizes: tuple[tuple[str, float], ...] = ()

    @property
    def simulated(self) -> tuple[ScalingPoint, ...]:
        """The points that were simulated."""
        return tuple(p for p in self.points if not p.extrapolated)

    @property
    def extrapolated(self) -> tuple[ScalingPoint, ...]:
        """The points computed from the stated formula beyond the simulated range."""
        return tuple(p for p in self.points if p.extrapolated)


@dataclass(frozen=True, slots=True)
class ColourCount:
    """MID links of one colour, split by whether the truth agrees with the link."""

    colour: str
    total: int
    same_person: int | None = None
    different_persons: int | None = None


@dataclass(frozen=True, slots=True)
class WorkloadSeries:
    """Manual verification of yellow links over simulated time."""

    dates: tuple[str, ...]
    backlog: tuple[float, ...]
    created: tuple[float, ...] = ()
    resolved: tuple[float, ...] = ()
    summary: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Reachability:
    """Share of records reachable by each authority, per purpose the data were collected for."""

    authorities: tuple[str, ...]
    purposes: tuple[str, ...]
    siloed: tuple[tuple[float | None, ...], ...]  # None: no stored records of that purpose
    interoperable: tuple[tuple[float | None, ...], ...]
    measure: str = "share of records"


_GROUP_NAMES = {"analysis": "Analysis", "scenario": "Scenario", "link": "Linkage"}


def assumption_group(key: str) -> str:
    """The group an assumption is listed under: ``Scenario: population``, ``Analysis``."""
    parts = key.split(".")
    head = _GROUP_NAMES.get(parts[0], parts[0].replace("_", " ").capitalize())
    if parts[0] == "analysis" or len(parts) < 3:
        return head
    return f"{head}: {parts[1].replace('_', ' ')}"


@dataclass(frozen=True, slots=True)
class Citation:
    """Everything needed to reproduce the report's figures."""

    seed: int
    scenario: str
    scenario_hash: str
    version: str
    mode: str
    persons: int | None
    created_at: str
    command: str


@dataclass(frozen=True, slots=True)
class ReportModel:
    """Everything the report shows."""

    title: str
    citation: Citation
    headline: tuple[HeadlineRow, ...]
    groups: tuple[GroupRate, ...]
    group_metric: str
    scaling: ScalingCurve | None
    colours: tuple[ColourCount, ...]
    workload: WorkloadSeries | None
    reachability: Reachability | None
    assumptions: tuple[Assumption, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

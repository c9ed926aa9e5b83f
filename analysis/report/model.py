"""What a report shows, as typed data: the one place that knows how the figures look in data.

The figure and template code reads these dataclasses only; :mod:`analysis.report.extract`
builds them from ``metrics.json`` and the world's manifest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = [
    "Assumption",
    "Citation",
    "ColourCount",
    "Estimate",
    "GroupEstimate",
    "HeadlineRow",
    "Reachability",
    "ReportModel",
    "ScalingCurve",
    "ScalingPoint",
    "Workload",
]


@dataclass(frozen=True, slots=True)
class Estimate:
    """A simulated figure with its 95 % interval (``low``/``high`` None when not computed)."""

    value: float
    low: float | None = None
    high: float | None = None
    numerator: int | None = None
    denominator: int | None = None

    @property
    def has_interval(self) -> bool:
        """True when both interval bounds are finite numbers."""
        return (
            self.low is not None
            and self.high is not None
            and math.isfinite(self.low)
            and math.isfinite(self.high)
        )


@dataclass(frozen=True, slots=True)
class HeadlineRow:
    """One line of the headline table."""

    key: str
    label: str
    estimate: Estimate
    unit: str  # "count", "rate", "share", "per_million"
    note: str = ""


@dataclass(frozen=True, slots=True)
class GroupEstimate:
    """An error rate of one group of (synthetic) persons."""

    dimension: str
    group: str
    estimate: Estimate
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
class Workload:
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


@dataclass(frozen=True, slots=True)
class Assumption:
    """A parameter behind a figure, with its value and where it comes from."""

    name: str
    value: str
    source: str
    used_in: str = ""  # the group it is listed under, e.g. "Scenario: population"


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
    groups: tuple[GroupEstimate, ...]
    group_metric: str
    scaling: ScalingCurve | None
    colours: tuple[ColourCount, ...]
    workload: Workload | None
    reachability: Reachability | None
    assumptions: tuple[Assumption, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

"""What a report shows, as typed data: the one place that knows how the figures look in data.

The chart and template code reads these dataclasses only; :mod:`analysis.report.extract`
builds them from the typed :class:`analysis.metrics.Metrics` and the world's manifest.
Every number is the analysis' own :class:`~analysis.estimate.Estimate`, carried
unchanged; every assumption the analysis' own :class:`~analysis.assumptions.Assumption`.

Sections that grow as the analysis grows take tuples of generic parts: a new scale law is
one more :class:`ScalingCurve`, a new table of figures one more :class:`FigureTable`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.assumptions import Assumption
from analysis.estimate import Estimate

__all__ = [
    "Citation",
    "ColourCount",
    "FigureTable",
    "GroupRate",
    "Headline",
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
class FigureTable:
    """A titled table of figures (e.g. reach per authority, calibrated parameters' effects)."""

    key: str
    title: str
    rows: tuple[HeadlineRow, ...]
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Headline:
    """The report's headline in words: the key figure, its interval and what drives it.

    ``sentences`` read as one paragraph; ``figure`` is the key figure they are built on
    (the error figure of the glossary).
    """

    figure: HeadlineRow
    sentences: tuple[str, ...]
    key_figures: tuple[HeadlineRow, ...] = ()


@dataclass(frozen=True, slots=True)
class GroupRate:
    """An error rate of one group of (synthetic) persons and its ratio to the overall rate.

    ``persons`` is the number of registered persons in the group (a replicate mean in a
    replicate report), not the ``n`` of the interval.
    """

    dimension: str
    group: str
    estimate: Estimate
    disparity: Estimate | None = None
    in_figure: bool = True  # False: tabled only (e.g. nationality, with many values)
    persons: float | None = None


@dataclass(frozen=True, slots=True)
class ScalingPoint:
    """One point of a scaling curve, simulated or extrapolated."""

    gallery_size: float
    estimate: Estimate
    extrapolated: bool


@dataclass(frozen=True, slots=True)
class ScalingCurve:
    """How an error figure grows with the size of what is searched.

    ``points`` are simulated (``extrapolated`` False) or computed beyond the simulated
    range with ``formula``; ``model`` is an optional smooth expectation (a score model or
    a fitted law) drawn as a line under the points.
    """

    metric: str
    points: tuple[ScalingPoint, ...]
    formula: str = ""
    reference_sizes: tuple[tuple[str, float], ...] = ()
    key: str = "biometric"
    title: str = "Biometric search"
    size_label: str = "gallery size (templates searched)"
    model: tuple[ScalingPoint, ...] = ()
    model_label: str = ""
    at_reference: tuple[tuple[str, Estimate], ...] = ()
    beyond_label: str = "extrapolation (not simulated)"

    @property
    def simulated(self) -> tuple[ScalingPoint, ...]:
        """The points that were simulated."""
        return tuple(p for p in self.points if not p.extrapolated)

    @property
    def extrapolated(self) -> tuple[ScalingPoint, ...]:
        """The points computed from the stated formula beyond the simulated range."""
        return tuple(p for p in self.points if p.extrapolated)

    @property
    def drawable(self) -> bool:
        """Whether a chart would show something: a positive value or upper bound."""
        return any(
            (p.estimate.value or 0) > 0 or (p.estimate.upper or 0) > 0
            for p in (*self.points, *self.model)
        )


@dataclass(frozen=True, slots=True)
class ColourCount:
    """MID links of one colour, split by whether the truth agrees with the link.

    ``verified`` counts the links of this colour that were yellow and took it after
    manual verification.
    """

    colour: str
    total: int
    same_person: int | None = None
    different_persons: int | None = None
    verified: int | None = None


@dataclass(frozen=True, slots=True)
class WorkloadSeries:
    """Manual verification of yellow links over simulated time."""

    dates: tuple[str, ...]
    backlog: tuple[float, ...]
    created: tuple[float, ...] = ()
    resolved: tuple[float, ...] = ()
    summary: tuple[tuple[str, str], ...] = ()
    period: str = ""


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
    """Everything needed to reproduce the report's figures.

    ``seed`` is the seed of the (first) world's generation, ``link_seed`` the seed its
    link stage ran with when it differs; ``seeds`` lists every replicate world's seed
    (one entry for a single world); ``intervals`` says what the intervals are over.
    """

    seed: int
    scenario: str
    scenario_hash: str
    version: str
    mode: str
    persons: int | None
    created_at: str
    command: str
    link_seed: int | None = None
    seeds: tuple[int, ...] = ()
    intervals: str = "95 % intervals over the simulated persons, links and searches of one world"

    @property
    def replicated(self) -> bool:
        """True when the figures are means over several replicate worlds."""
        return len(self.seeds) > 1

    @property
    def seed_text(self) -> str:
        """``seed 42``, ``seed 42, link seed 8`` or ``seeds 42, 43, 44 (3 replicate worlds)``."""
        if self.replicated:
            return f"seeds {', '.join(map(str, self.seeds))} ({len(self.seeds)} replicate worlds)"
        link = f", link seed {self.link_seed}" if self.link_seed is not None else ""
        return f"seed {self.seed}{link}"


@dataclass(frozen=True, slots=True)
class ReportModel:
    """Everything the report shows."""

    title: str
    citation: Citation
    headline: tuple[HeadlineRow, ...]
    groups: tuple[GroupRate, ...]
    group_metric: str
    scaling: tuple[ScalingCurve, ...]
    colours: tuple[ColourCount, ...]
    workload: WorkloadSeries | None
    reachability: Reachability | None
    assumptions: tuple[Assumption, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    summary: Headline | None = None
    warnings: tuple[str, ...] = ()
    tables: tuple[FigureTable, ...] = ()

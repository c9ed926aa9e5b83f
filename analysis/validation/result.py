"""The typed result of a validation run: one :class:`CaseResult` per case, the worlds behind
them and the calibrated defaults, as :class:`ValidationReport` (``validation.json``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from analysis._tree import Node, omit_if_none
from analysis.estimate import Estimate
from analysis.validation.agreement import Agreement
from analysis.validation.calibration import CalibratedDefault
from analysis.validation.case import FigureKind, Published, ReferenceCase, Role

__all__ = ["SCHEMA", "CaseResult", "PublishedFigure", "ValidationReport", "WorldRun"]

SCHEMA = "interopsim-validation"
LABEL = (
    "Simulated figures on synthetic people, set beside published figures about real "
    "systems. A calibration case was used to set a default (agreement only shows the "
    "calibration still holds); a validation case set nothing (agreement is evidence)."
)


@dataclass(frozen=True, kw_only=True)
class PublishedFigure(Node):
    """A published figure as the result shows it (see :class:`Published`)."""

    value: float
    unit: str
    kind: FigureKind
    quote: str
    low: float | None = field(default=None, metadata=omit_if_none())
    high: float | None = field(default=None, metadata=omit_if_none())
    arithmetic: str = ""

    @classmethod
    def of(cls, published: Published) -> PublishedFigure:
        """The figure of a case."""
        return cls(
            value=published.value,
            unit=published.unit,
            kind=published.kind,
            quote=published.quote,
            low=published.low,
            high=published.high,
            arithmetic=published.arithmetic,
        )


@dataclass(frozen=True, kw_only=True)
class CaseResult(Node):
    """One case: the published figure, the simulated one and whether they agree.

    ``band_low``/``band_high``: the simulated values that agree (None: unbounded);
    ``ratio``: simulated / published value; ``explanation``: the case's account of a
    remaining gap (outside), the reason it is not expressible, or why no figure was
    computed in this run.
    """

    key: str
    title: str
    role: Role
    agreement: Agreement
    published: PublishedFigure
    simulated: Estimate | None = field(default=None, metadata=omit_if_none())
    band_low: float | None = None
    band_high: float | None = None
    ratio: float | None = None
    world: str | None = field(default=None, metadata=omit_if_none())
    measures: str
    simulated_as: str
    conditions: str
    tolerance: str
    explanation: str
    sources: tuple[str, ...]
    parameters: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        case: ReferenceCase,
        agreement: Agreement,
        simulated: Estimate | None = None,
        ratio: float | None = None,
        explanation: str = "",
    ) -> CaseResult:
        """The result of ``case`` (everything but the outcome read from the case)."""
        low, high = case.tolerance.band(case.published)
        return cls(
            key=case.key,
            title=case.title,
            role=case.role,
            agreement=agreement,
            published=PublishedFigure.of(case.published),
            simulated=simulated,
            band_low=low,
            band_high=high,
            ratio=ratio,
            world=case.world,
            measures=case.measures,
            simulated_as=case.simulated,
            conditions=case.conditions,
            tolerance=case.tolerance.why,
            explanation=explanation,
            sources=case.sources,
            parameters=case.parameters,
        )


@dataclass(frozen=True, kw_only=True)
class WorldRun(Node):
    """A world the run built: its spec, size, seed, directory and build time."""

    name: str
    description: str
    persons: int
    seed: int
    path: str
    scenario_hash: str
    seconds: float


@dataclass(frozen=True, kw_only=True)
class ValidationReport(Node):
    """Everything ``interopsim validate`` found (``validation.json``)."""

    schema: str = SCHEMA
    label: str = LABEL
    interopsim_version: str
    quick: bool
    worlds: tuple[WorldRun, ...]
    cases: tuple[CaseResult, ...]
    calibration: tuple[CalibratedDefault, ...]

    @property
    def counts(self) -> Mapping[str, int]:
        """Cases per role and agreement: ``{"validation/within": 3, ...}``."""
        out: dict[str, int] = {}
        for r in self.cases:
            key = f"{r.role.value}/{r.agreement.value}"
            out[key] = out.get(key, 0) + 1
        return dict(sorted(out.items()))

    def case(self, key: str) -> CaseResult:
        """The result of case ``key`` (KeyError when absent)."""
        for r in self.cases:
            if r.key == key:
                return r
        raise KeyError(key)

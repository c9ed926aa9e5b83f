"""What a reference case is: a published figure, its role, and how the model is compared with it.

A :class:`ReferenceCase` is declared once, as data, in one of the ``cases_*`` modules. It
says what the published figure measures (definition, denominator, period, place), the
figure itself (:class:`Published`, with its range or the bound it states), the
bibliography keys it was read in, the conditions under which it applies, the
:class:`Tolerance` within which the model agrees with it, its :class:`Role` and how the
simulated counterpart is computed: a function of the built worlds (:class:`Evidence`)
returning an :class:`~analysis.estimate.Estimate`, or, when the model cannot express the
figure, ``expressible=False`` with the reason.

**Calibration** cases name the parameters they set: the simulation is then expected to
reproduce them (a check that the calibration still holds, not evidence that the model is
right). **Validation** cases set nothing: agreement with them is the evidence.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from analysis.estimate import Estimate

if TYPE_CHECKING:
    from analysis.validation.evidence import Evidence

__all__ = [
    "CaseUnavailable",
    "Compute",
    "FigureKind",
    "Published",
    "ReferenceCase",
    "Role",
    "Tolerance",
]


class Role(StrEnum):
    """Whether a published figure set a default or is held out to test the model."""

    CALIBRATION = "calibration"
    """Used to set a default: the case names the parameters it set."""
    VALIDATION = "validation"
    """Not used to set anything: agreement with it is evidence about the model."""


class FigureKind(StrEnum):
    """What kind of statement the published figure is."""

    ESTIMATE = "estimate"
    """A single figure (``value``), as precise as its publication says."""
    RANGE = "range"
    """A published range (``low`` to ``high``; ``value`` is its middle or headline)."""
    AT_MOST = "at most"
    """A ceiling: the true quantity is at most ``value`` (a requirement, an upper bound)."""
    AT_LEAST = "at least"
    """A floor: the true quantity is at least ``value`` (e.g. voluntarily reported events)."""


@dataclass(frozen=True)
class Published:
    """A published figure, in the unit the simulated counterpart is computed in.

    ``quote`` gives the figure as published (in the project's words, with its numbers);
    ``arithmetic`` shows how ``value`` follows from them when the publication does not
    state it in this unit ("[E]": this project's arithmetic on published numbers).
    """

    value: float
    unit: str
    quote: str
    kind: FigureKind = FigureKind.ESTIMATE
    low: float | None = None
    high: float | None = None
    arithmetic: str = ""

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise ValueError(f"published value {self.value} is not finite")
        if self.kind is FigureKind.RANGE:
            if self.low is None or self.high is None or not self.low <= self.value <= self.high:
                raise ValueError(f"a range needs low <= value <= high, got {self}")
        elif self.low is not None or self.high is not None:
            raise ValueError(f"only a range has low and high, got {self}")

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """The figure as an interval; None where it states no bound."""
        if self.kind is FigureKind.RANGE:
            return self.low, self.high
        if self.kind is FigureKind.AT_MOST:
            return None, self.value
        if self.kind is FigureKind.AT_LEAST:
            return self.value, None
        return self.value, self.value


@dataclass(frozen=True)
class Tolerance:
    """How far the simulated figure may lie from the published one and still agree.

    The published bounds are widened to ``[low / factor - absolute, high * factor +
    absolute]``; ``why`` says what the tolerance allows for (the figure's own precision,
    a definitional difference that remains, a stochastic check).
    """

    why: str
    factor: float = 1.0
    absolute: float = 0.0

    def __post_init__(self) -> None:
        if not (self.factor >= 1.0 and math.isfinite(self.factor)):
            raise ValueError(f"tolerance factor must be a finite number >= 1, got {self.factor}")
        if not (self.absolute >= 0.0 and math.isfinite(self.absolute)):
            raise ValueError(
                f"tolerance absolute must be a finite number >= 0, got {self.absolute}"
            )
        if not self.why.strip():
            raise ValueError("a tolerance needs a reason")

    def band(self, published: Published) -> tuple[float | None, float | None]:
        """The interval of simulated values that agree with ``published``."""
        low, high = published.bounds
        return (
            None if low is None else low / self.factor - self.absolute,
            None if high is None else high * self.factor + self.absolute,
        )


Compute = Callable[["Evidence"], Estimate]
"""How a case computes its simulated counterpart from the built worlds."""


class CaseUnavailable(Exception):
    """The simulated counterpart cannot be computed here (a world lacks what it needs)."""


@dataclass(frozen=True)
class ReferenceCase:
    """A published figure the model is compared with (see the module docstring).

    ``measures`` states exactly what the publication counts (numerator, denominator,
    period, place); ``simulated`` what the model computes and on which denominator;
    ``world`` names the world (:data:`analysis.validation.WORLDS`) the computation reads,
    or None when it reads only the link configuration's score model. ``gap`` explains any
    difference that remains once the definitions match. ``shares_source_with`` lists the
    parameters whose default cites one of this case's sources for *another* figure (a
    validation case must say so, see :func:`analysis.validation.holdout_conflicts`).
    """

    key: str
    title: str
    role: Role
    measures: str
    published: Published
    sources: tuple[str, ...]
    conditions: str
    tolerance: Tolerance
    simulated: str
    compute: Compute | None
    world: str | None = None
    parameters: tuple[str, ...] = ()
    gap: str = ""
    expressible: bool = True
    not_expressible_because: str = ""
    shares_source_with: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problems = []
        if not self.sources:
            problems.append("needs at least one source")
        if self.role is Role.CALIBRATION and not self.parameters:
            problems.append("a calibration case names the parameters it set")
        if self.role is Role.VALIDATION and self.parameters:
            problems.append("a validation case sets no parameter")
        if self.expressible != (self.compute is not None):
            problems.append("an expressible case has a compute function, and only it")
        if not self.expressible and not self.not_expressible_because.strip():
            problems.append("a case the model cannot express says why")
        if problems:
            raise ValueError(f"reference case {self.key!r}: {'; '.join(problems)}")

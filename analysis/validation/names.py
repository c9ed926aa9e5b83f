"""Name-shape reference cases, built from the name model's own table of published statistics.

The name model (``synth``) keeps the published statistics of each naming culture (share
of the commonest surname, distinct surnames for a stated population, share held by the
top 10 or 100 names...), each marked calibration or validation, and a function computing
the model's value of a statistic. :func:`name_cases` turns that table into reference
cases, so a statistic is declared once, where the name model uses it; this module only
states the interface it expects (:class:`NameStatistic`, :data:`NameModelValue`).

Until the name model provides the table, :data:`NAME_CASES` holds one case saying so.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Protocol

from analysis.estimate import Estimate, Method
from analysis.validation.case import (
    Compute,
    FigureKind,
    Published,
    ReferenceCase,
    Role,
    Tolerance,
)
from analysis.validation.evidence import STEADY, Evidence

__all__ = ["NAME_CASES", "NameModelValue", "NameStatistic", "name_cases"]


class NameStatistic(Protocol):
    """A published statistic of a naming culture, as the name model declares it."""

    @property
    def key(self) -> str:
        """Unique key, e.g. ``"de.surname.top1_share"``."""

    @property
    def culture(self) -> str:
        """The naming culture (or country) it describes."""

    @property
    def definition(self) -> str:
        """What is counted, over which population, when and where."""

    @property
    def value(self) -> float:
        """The published value (a share, a count per million people...)."""

    @property
    def unit(self) -> str:
        """The unit of ``value``."""

    @property
    def quote(self) -> str:
        """The figure as published, in the project's words."""

    @property
    def sources(self) -> tuple[str, ...]:
        """Bibliography keys."""

    @property
    def role(self) -> str:
        """``"calibration"`` or ``"validation"``."""

    @property
    def parameters(self) -> tuple[str, ...]:
        """The scenario parameters it set (calibration only), dotted keys."""

    @property
    def tolerance(self) -> float:
        """Relative factor within which the model agrees (>= 1)."""


NameModelValue = Callable[[NameStatistic, int], float]
"""The model's value of a statistic, for a master seed (the name model's function)."""

#: Where the name model is expected to publish its table and function.
_PROVIDER = ("synth.names", "PUBLISHED_STATISTICS", "model_statistic")


def _compute(statistic: NameStatistic, model_value: NameModelValue) -> Compute:
    def compute(ev: Evidence) -> Estimate:
        seed = ev.world(STEADY.name).world.seed if ev.worlds else 42
        return Estimate.point(
            model_value(statistic, seed),
            statistic.unit,
            Method.ESTIMATE,
            note=f"name model, culture {statistic.culture}",
        )

    return compute


def name_cases(
    statistics: Iterable[NameStatistic], model_value: NameModelValue
) -> tuple[ReferenceCase, ...]:
    """One reference case per published name statistic."""
    return tuple(
        ReferenceCase(
            key=f"names.{s.key}",
            title=f"Name shape: {s.culture}, {s.definition}",
            role=Role(s.role),
            measures=s.definition,
            published=Published(s.value, s.unit, s.quote, FigureKind.ESTIMATE),
            sources=tuple(s.sources),
            conditions=f"names of the {s.culture} naming culture as the name model draws them",
            tolerance=Tolerance(
                "published statistics are of one country and year; the model's culture "
                "pools several",
                factor=s.tolerance,
            ),
            simulated="the name model's value of the same statistic",
            compute=_compute(s, model_value),
            parameters=tuple(s.parameters) if Role(s.role) is Role.CALIBRATION else (),
        )
        for s in statistics
    )


def _pending() -> tuple[ReferenceCase, ...]:
    return (
        ReferenceCase(
            key="names.published_statistics",
            title="Name shape per naming culture (share of the commonest surname, distinct "
            "surnames, top-10 and top-100 shares)",
            role=Role.VALIDATION,
            measures="surname frequency statistics of national registers and censuses",
            published=Published(
                0.0083,
                "share of persons",
                "US 2010 census: Smith about 2.44 million of about 295 million people "
                "whose surname was recorded",
                arithmetic="2.44 M / 295 M = 0.83 % [E]",
            ),
            sources=("census-2016-surnames-2010",),
            conditions="national populations",
            tolerance=Tolerance("placeholder", factor=2.0),
            simulated="the name model's statistics per culture",
            compute=None,
            expressible=False,
            not_expressible_because=(
                "the name model with published statistics per culture is not on this "
                "branch yet (issue 8.1); its cases will be generated from its table"
            ),
        ),
    )


def _provided() -> tuple[ReferenceCase, ...]:
    module, table, function = _PROVIDER
    try:
        names = importlib.import_module(module)
    except ImportError:  # pragma: no cover - synth.names always exists
        return _pending()
    statistics = getattr(names, table, None)
    model_value = getattr(names, function, None)
    if statistics is None or model_value is None:
        return _pending()
    return name_cases(statistics, model_value)


NAME_CASES: tuple[ReferenceCase, ...] = _provided()
"""The name-shape cases (from the name model's table, or one case saying it is pending)."""

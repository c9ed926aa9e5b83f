"""Name-shape reference cases, built from the name model's own table of published statistics.

The name model (``synth.names``) keeps the published statistics of each naming culture
(share of the commonest surnames, distinct surnames for a stated population, share held
by the top 10 or 100 names, Fisher's alpha...), each marked calibration or validation,
and computes the model's value of each one (``name_shape_cases``). :func:`name_cases`
turns that table into reference cases, so a statistic is declared once, where the name
model uses it; this module states only the interface it reads (:class:`NameStatistic`).

A calibration statistic sets the law of one pool of one culture (its pinned head or its
tail): the case names that law as ``names.<culture>.<pool>`` (:func:`name_laws`), a
default of the name model rather than of a configuration. Until the name model provides
the table, :data:`NAME_CASES` holds one case saying so.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from analysis.estimate import Estimate, Method
from analysis.validation.case import Compute, Published, ReferenceCase, Role, Tolerance
from analysis.validation.evidence import Evidence

__all__ = [
    "NAME_CASES",
    "NAME_MODEL_DEFAULT",
    "NameModelValue",
    "NameStatistic",
    "name_cases",
    "name_law",
    "name_laws",
]

NAME_MODEL_DEFAULT = "names."
"""The prefix of a name-model default (``names.<culture>.<pool>``), not a configuration key."""

_CALIBRATED_WITHIN = 0.01
"""How closely the fitted name law reproduces a calibration statistic (1 %)."""


class NameStatistic(Protocol):
    """A published statistic of a naming culture, as the name model declares it."""

    @property
    def culture(self) -> str:
        """The naming culture it describes (a key of the name model)."""

    @property
    def pool(self) -> str:
        """``"surname"``, ``"given_M"`` or ``"given_F"``."""

    @property
    def statistic(self) -> str:
        """What it measures: ``rank_share``, ``top_share``, ``distinct``, ``few_bearers``,
        ``fisher_alpha``."""

    @property
    def value(self) -> float:
        """The published value."""

    @property
    def source(self) -> str:
        """The bibliography key."""

    @property
    def role(self) -> str:
        """``"calibration"`` or ``"validation"``."""

    @property
    def note(self) -> str:
        """The figure as published and how it was counted."""

    @property
    def k(self) -> int:
        """The rank, the number of top names, or the bearers threshold."""

    @property
    def tolerance(self) -> float:
        """For a validation statistic: the accepted ratio less one (0.25: within 1.25 times)."""


NameModelValue = Callable[[NameStatistic], float]
"""The model's value of a statistic (the name model's function)."""

_UNITS = {
    "rank_share": "share of persons",
    "top_share": "share of persons",
    "distinct": "distinct names",
    "few_bearers": "share of the distinct names",
    "fisher_alpha": "Fisher's alpha",
}
_WHAT = {
    "rank_share": "share of persons bearing the name of rank {k}",
    "top_share": "share of persons bearing one of the {k} commonest names",
    "distinct": "names borne by at least {k} persons of the stated population",
    "few_bearers": "share of the distinct names borne by fewer than {k} persons",
    "fisher_alpha": "Fisher's alpha (inverse random isonymy)",
}


def name_law(stat: NameStatistic) -> str:
    """The name-model default a calibration statistic sets: ``names.<culture>.<pool>``."""
    return f"{NAME_MODEL_DEFAULT}{stat.culture}.{stat.pool}"


def name_laws(statistics: Iterable[NameStatistic]) -> frozenset[str]:
    """The name laws that calibration statistics set."""
    return frozenset(name_law(s) for s in statistics if str(s.role) == Role.CALIBRATION.value)


def _key(stat: NameStatistic, taken: set[str]) -> str:
    key = f"names.{stat.culture}.{stat.pool}.{stat.statistic}@{stat.k}"
    if key in taken:
        key = f"{key}.{stat.source}"
    taken.add(key)
    return key


def _compute(stat: NameStatistic, model_value: NameModelValue) -> Compute:
    def compute(ev: Evidence) -> Estimate:
        return Estimate.point(
            model_value(stat),
            _UNITS.get(str(stat.statistic), ""),
            Method.FORMULA,
            note=f"the name model's law of the {stat.culture} {stat.pool} pool",
        )

    return compute


def _case(stat: NameStatistic, key: str, model_value: NameModelValue) -> ReferenceCase:
    role = Role(str(stat.role))
    what = _WHAT.get(str(stat.statistic), str(stat.statistic)).format(k=stat.k)
    if role is Role.CALIBRATION:
        tolerance = Tolerance("the name law is fitted to it: 1 %", factor=1 + _CALIBRATED_WITHIN)
    else:
        tolerance = Tolerance("the name model's stated tolerance", factor=1 + stat.tolerance)
    return ReferenceCase(
        key=key,
        title=f"Names, {stat.culture} {stat.pool}: {what}",
        role=role,
        measures=f"{what}; {stat.note}",
        published=Published(stat.value, _UNITS.get(str(stat.statistic), ""), stat.note),
        sources=(stat.source,),
        conditions="one country's register, census or directory; the model's culture may "
        "stand for several countries",
        tolerance=tolerance,
        simulated="the same statistic computed from the name model's law of the pool",
        compute=_compute(stat, model_value),
        parameters=(name_law(stat),) if role is Role.CALIBRATION else (),
    )


def name_cases(
    statistics: Sequence[NameStatistic], model_value: NameModelValue
) -> tuple[ReferenceCase, ...]:
    """One reference case per published name statistic."""
    taken: set[str] = set()
    return tuple(_case(s, _key(s, taken), model_value) for s in statistics)


def _pending() -> tuple[ReferenceCase, ...]:
    return (
        ReferenceCase(
            key="names.published_statistics",
            title="Name shape per naming culture (share of the commonest surname, distinct "
            "surnames, top-10 and top-100 shares)",
            role=Role.VALIDATION,
            measures="surname frequency statistics of national registers and censuses",
            published=Published(
                2.44e6 / 295e6,
                "share of persons",
                "US 2010 census: Smith about 2.44 million of about 295 million people",
                arithmetic="2.44 M / 295 M = 0.83 % [E]",
            ),
            sources=("census-2016-surnames-2010",),
            conditions="national populations",
            tolerance=Tolerance("the name model's own tolerances will apply", factor=2.0),
            simulated="the name model's statistics per culture",
            compute=None,
            expressible=False,
            not_expressible_because=(
                "the name model with published statistics per culture is not on this "
                "branch yet (issue 8.1); its cases will be generated from its table"
            ),
        ),
    )


def _name_model() -> Any | None:
    try:
        return importlib.import_module("synth.names")
    except ImportError:  # pragma: no cover - synth.names always exists
        return None


@functools.cache
def _model_values() -> dict[Any, float]:
    """The name model's value of every published statistic (computed once, on first use)."""
    names = _name_model()
    return {c.statistic: float(c.model) for c in names.name_shape_cases()} if names else {}


def _model_value(stat: NameStatistic) -> float:
    return _model_values()[stat]


def _provided() -> tuple[ReferenceCase, ...]:
    names = _name_model()
    table = getattr(names, "PUBLISHED_NAME_STATISTICS", None)
    if table is None or not hasattr(names, "name_shape_cases"):
        return _pending()
    return name_cases(table, _model_value)


NAME_CASES: tuple[ReferenceCase, ...] = _provided()
"""The name-shape cases (from the name model's table, or one case saying it is pending)."""

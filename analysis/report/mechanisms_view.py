"""The report's view of the analysis' mechanisms and scale laws, when the metrics hold them.

The analysis may put every error figure down to the mechanisms behind it (a borrowed
identity, look-alikes, relatives, one person's own records, a biometric false match, an
identity collision) with the law by which each grows with the population (constant per
person, or growing with the number of others). This module reads that section, if
present, into the report's generic parts: a :class:`~analysis.report.model.FigureTable`
of the error figure by mechanism, a :class:`~analysis.report.model.ScalingCurve` of the
figure against the population size, and a sentence for the headline. Metrics without the
section give none of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analysis.estimate import Estimate
from analysis.report.formatting import format_count, format_interval, format_value
from analysis.report.model import FigureTable, HeadlineRow, ScalingCurve, ScalingPoint

__all__ = [
    "MECHANISM_WORDS",
    "mechanism_curve",
    "mechanism_sentence",
    "mechanism_table",
]

#: How each mechanism reads in the report.
MECHANISM_WORDS: dict[str, str] = {
    "borrowed_identity": "someone using their identity or document",
    "lookalike": "a look-alike",
    "relatives": "a relative",
    "own_records": "their own records given the wrong colour",
    "biometric_false_match": "a chance biometric false match",
    "identity_collision": "a chance match of name and birth date",
}
_CONSTANT = "constant"
_FIGURE = "wrongly_linked"


def _figure(metrics: object, key: str = _FIGURE) -> Any | None:
    """The analysis' scaled figure ``key``, or None when the metrics hold no mechanisms."""
    section = getattr(metrics, "mechanisms", None)
    figures = getattr(section, "figures", None)
    if not isinstance(figures, Mapping):
        return None
    return figures.get(key)


def mechanism_table(metrics: object) -> FigureTable | None:
    """People wrongly linked by the mechanism behind their error, with the law of each."""
    figure = _figure(metrics)
    if figure is None:
        return None
    try:
        rows = []
        for name, part in figure.mechanisms.items():
            count: Estimate = part.count
            law = "constant per person" if part.law == _CONSTANT else "grows with the population"
            at_scale: Estimate = part.at_real_scale
            note = f"{law}; at real scale {format_value(at_scale.value, 'share')} (extrapolated)"
            label = MECHANISM_WORDS.get(name, name.replace("_", " "))
            rows.append(HeadlineRow(f"mechanism_{name}", label, count, "count", note))
    except AttributeError:
        return None
    return FigureTable(
        key="mechanisms",
        title="What drives the error figure: the mechanism behind each person wrongly linked",
        rows=tuple(rows),
        caption=(
            "Each person wrongly linked is put down to one mechanism, read from the "
            "synthetic truth; a share constant per person stays the same in a larger "
            "population, a growing one rises with the number of others it can meet."
        ),
    )


def mechanism_curve(metrics: object) -> ScalingCurve | None:
    """The error figure against the population size: observed on sub-worlds, and its law."""
    figure = _figure(metrics)
    if figure is None:
        return None
    try:
        observed = [
            ScalingPoint(p.persons, p.observed, False)
            for p in figure.points
            if p.observed is not None and p.persons > 0
        ]
        law = [
            ScalingPoint(p.persons, p.law, bool(p.extrapolated))
            for p in (*figure.points, *figure.at_sizes)
            if p.persons > 0 and p.law.value is not None
        ]
        return ScalingCurve(
            key="mechanisms",
            title="People wrongly linked as the population grows",
            metric=str(figure.label),
            points=tuple(observed),
            formula=f"sum of the mechanisms' laws: {figure.law}",
            size_label="synthetic persons",
            model=tuple(sorted(law, key=lambda p: p.gallery_size)),
            model_label="scale law",
        )
    except AttributeError:
        return None


def mechanism_sentence(metrics: object) -> str | None:
    """How many of the people wrongly linked a growing mechanism hurt (None without them)."""
    figure = _figure(metrics)
    if figure is None:
        return None
    try:
        parts = dict(figure.mechanisms)
        growing = sum(p.count.value or 0 for p in parts.values() if p.law != _CONSTANT)
        fixed = sum(p.count.value or 0 for p in parts.values() if p.law == _CONSTANT)
        at_scale = figure.at_real_scale
    except AttributeError:
        return None
    if not growing and not fixed:
        return None
    return (
        f"{format_count(fixed)} of them were hurt through a look-alike, a relative, a "
        f"borrowed identity or their own records, a risk that stays the same per person in "
        f"a larger population; {format_count(growing)} met someone by chance (a biometric false "
        f"match, the same name and birth date), which grows with the register: at real "
        f"scale the figure's law gives {format_value(at_scale.value, 'share')}"
        f"{_interval_words(at_scale)} (extrapolated)."
    )


def _interval_words(e: Estimate) -> str:
    """`` (95 % interval a – b)`` when ``e`` has an interval, else nothing."""
    return f" (95 % interval {format_interval(e, 'share')})" if e.has_interval else ""

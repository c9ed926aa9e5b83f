"""How numbers appear in the report: one place for units, intervals and table cells."""

from __future__ import annotations

import json
import math

from pydantic import JsonValue

from analysis.estimate import Estimate, Method

__all__ = [
    "format_count",
    "format_interval",
    "format_json",
    "format_value",
    "lower_bound",
    "md_cell",
]

#: Within-world methods whose figures cannot be negative (counts, rates, their ratios).
_NON_NEGATIVE = frozenset(
    {
        Method.WILSON,
        Method.POISSON,
        Method.WILSON_BOUNDS,
        Method.WILSON_OVERALL,
        Method.COUNT,
    }
)


def format_count(value: float | int | None) -> str:
    """``12,345`` (thousands separated), or an en dash when missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}" if abs(value) < 100 else f"{round(value):,}"
    return f"{int(value):,}"


def format_value(value: float | None, unit: str) -> str:
    """One number by kind: ``count`` (integer), ``share``/``rate`` (percent), ``ratio``
    (two significant digits) or ``number`` (three)."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit == "count":
        return format_count(value)
    if unit == "ratio":
        return f"{value:.2g}" if abs(value) < 10 else f"{value:,.0f}"
    if unit in {"rate", "share"}:
        pct = 100 * value
        if pct == 0:
            return "0 %"
        if abs(pct) < 0.1:
            return f"{pct:.2g} %"
        return f"{pct:.2f} %"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if value == 0:
        return "0"
    return f"{value:.3g}"


def lower_bound(estimate: Estimate) -> float | None:
    """The lower bound as shown: a replicate-t bound of a count or rate is cut at 0.

    A Student-t interval over few replicate worlds can reach below zero; a number of
    people or a share cannot, so the page shows 0 (``metrics.json`` keeps the bound).
    """
    lower = estimate.lower
    if (
        lower is not None
        and lower < 0
        and estimate.method is Method.REPLICATE_T
        and estimate.replicate_method in _NON_NEGATIVE
    ):
        return 0.0
    return lower


def format_interval(estimate: Estimate, unit: str) -> str:
    """``lower – upper`` in the unit of the estimate, or an en dash without an interval."""
    if not estimate.has_interval:
        return "–"
    lower, upper = lower_bound(estimate), estimate.upper
    if unit == "count" and lower is not None and upper is not None:
        lower, upper = float(round(lower)), float(round(upper))  # whole people, links
    return f"{format_value(lower, unit)} – {format_value(upper, unit)}"


def format_json(value: JsonValue) -> str:
    """A parameter value as text (strings as they are, other values as compact JSON)."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


#: Markdown viewers render raw HTML, links and emphasis: HTML's special characters become
#: entities, Markdown's inline punctuation is backslash-escaped, a line break becomes a space.
_MD_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": " ", "\r": " "}
    | {c: "\\" + c for c in "\\`*_[]|~"}
)


def md_cell(text: object) -> str:
    """Text shown as the text it is in Markdown (also inside a table cell).

    No markup, link, image or emphasis in ``text`` is rendered: ``<script>`` shows as
    ``&lt;script&gt;``, ``[a](b)`` as ``\\[a\\](b)``, ``|`` cannot split a table cell.
    """
    return str(text).translate(_MD_ESCAPES)

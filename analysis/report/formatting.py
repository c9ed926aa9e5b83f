"""How numbers appear in the report: one place for units, intervals and table cells."""

from __future__ import annotations

import json
import math

from pydantic import JsonValue

from analysis.estimate import Estimate

__all__ = ["format_count", "format_interval", "format_json", "format_value", "md_cell"]


def format_count(value: float | int | None) -> str:
    """``12,345`` (thousands separated), or an en dash when missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def format_value(value: float | None, unit: str) -> str:
    """One number by kind: ``count`` (integer), ``share``/``rate`` (percent), ``number``."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit == "count":
        return format_count(value)
    if unit in {"rate", "share"}:
        pct = 100 * value
        if pct == 0:
            return "0 %"
        if abs(pct) < 0.01:
            return f"{pct:.2g} %"
        return f"{pct:.2f} %"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if value == 0:
        return "0"
    return f"{value:.3g}"


def format_interval(estimate: Estimate, unit: str) -> str:
    """``lower – upper`` in the unit of the estimate, or an en dash without an interval."""
    if not estimate.has_interval:
        return "–"
    return f"{format_value(estimate.lower, unit)} – {format_value(estimate.upper, unit)}"


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

"""How numbers appear in the report: one place for units, intervals and table cells."""

from __future__ import annotations

import math

from analysis.report.model import Estimate

__all__ = ["format_count", "format_interval", "format_value", "md_cell"]


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
    """``[low – high]`` in the unit of the estimate, or an en dash without an interval."""
    if not estimate.has_interval:
        return "–"
    return f"{format_value(estimate.low, unit)} – {format_value(estimate.high, unit)}"


def md_cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")

"""One modelled figure with its uncertainty, as written to ``metrics.json``.

Every figure serialises to the same shape::

    {"value": ..., "lower": ..., "upper": ..., "n": ..., "method": "...",
     "unit": "...", "simulated": true, ...optional keys}

``method`` names how the interval was made: ``wilson`` (proportion k/n), ``poisson``
(an event count: exact Garwood bounds up to 200, Byar's approximation above),
``wilson-bounds`` (a quantity derived from two
Wilson intervals, e.g. F1), ``replicate-t`` (mean over replicate worlds with a Student-t
interval), ``fit`` (a fitted parameter), ``extrapolation`` (a stated formula evaluated
beyond the simulated range), ``count`` (a size, no interval) or ``point`` (no interval);
``analysis/keys.md`` lists them all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from analysis.intervals import poisson_interval, wilson_interval

__all__ = [
    "FIGURE_KEYS",
    "Figure",
    "count_figure",
    "is_figure",
    "per_million",
    "point_figure",
    "rate_figure",
    "size_figure",
]

FIGURE_KEYS = ("value", "lower", "upper", "n", "method", "unit", "simulated")
_SIGNIFICANT = 10


def _clean(x: float | int | None) -> float | int | None:
    """JSON-safe number: None for NaN/inf, floats rounded to 10 significant digits."""
    if x is None:
        return None
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int | np.integer):
        return int(x)
    xf = float(x)
    if not math.isfinite(xf):
        return None
    if xf == 0.0:
        return 0.0
    return float(f"{xf:.{_SIGNIFICANT}g}")


@dataclass(frozen=True)
class Figure:
    """A simulated figure: value, interval, sample size and how they were obtained."""

    value: float | None
    lower: float | None
    upper: float | None
    n: int | None
    method: str
    unit: str
    count: float | None = None
    extrapolated: bool = False
    formula: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The figure as a JSON object (see the module docstring)."""
        out: dict[str, Any] = {
            "value": _clean(self.value),
            "lower": _clean(self.lower),
            "upper": _clean(self.upper),
            "n": None if self.n is None else int(self.n),
            "method": self.method,
            "unit": self.unit,
            "simulated": True,
        }
        if self.count is not None:
            out["count"] = _clean(self.count)
        if self.extrapolated:
            out["extrapolated"] = True
        if self.formula:
            out["formula"] = self.formula
        if self.note:
            out["note"] = self.note
        return out


def is_figure(obj: object) -> bool:
    """True when ``obj`` is a serialised :class:`Figure` (a dict with the figure keys)."""
    return isinstance(obj, dict) and all(k in obj for k in FIGURE_KEYS)


def rate_figure(k: float, n: float, level: float = 0.95, unit: str = "share") -> Figure:
    """The proportion ``k / n`` with its Wilson interval (value None when ``n == 0``)."""
    if n <= 0:
        return Figure(None, None, None, 0, "wilson", unit, count=k)
    lo, hi = wilson_interval(k, n, level)
    return Figure(k / n, float(lo), float(hi), int(n), "wilson", unit, count=k)


def count_figure(k: float, unit: str, level: float = 0.95) -> Figure:
    """An event count with its Poisson interval."""
    lo, hi = poisson_interval(k, level)
    return Figure(float(k), float(lo), float(hi), None, "poisson", unit)


def per_million(k: float, exposure: float, unit: str, level: float = 0.95) -> Figure:
    """``k`` events per million units of ``exposure`` (Poisson interval on ``k``)."""
    if exposure <= 0:
        return Figure(None, None, None, 0, "poisson", unit, count=k)
    lo, hi = poisson_interval(k, level)
    scale = 1e6 / exposure
    return Figure(
        k * scale, float(lo) * scale, float(hi) * scale, int(exposure), "poisson", unit, count=k
    )


def size_figure(k: float, unit: str) -> Figure:
    """A size or denominator of the simulated world (no interval)."""
    return Figure(float(k), None, None, None, "count", unit)


def point_figure(value: float | None, unit: str, method: str = "point", **kw: Any) -> Figure:
    """A figure without an interval (``method`` says how it was obtained)."""
    return Figure(value, None, None, None, method, unit, **kw)

"""One simulated figure with its uncertainty: the :class:`Estimate` carried from analysis to report.

Every figure of ``metrics.json`` is an :class:`Estimate` and serialises to the same shape::

    {"value": ..., "lower": ..., "upper": ..., "n": ..., "method": "...",
     "unit": "...", "simulated": true, ...optional keys}

:class:`Method` names how the interval was made: ``wilson`` (proportion k/n), ``poisson``
(an event count: exact Garwood bounds up to 200, Byar's approximation above),
``wilson-clustered`` and ``poisson-clustered`` (the same for events that come in clusters:
the count is divided by its ``design_effect`` before the interval is taken, see
:func:`analysis.intervals.design_effect`), ``wilson-bounds`` (a quantity derived from two
Wilson intervals, e.g. F1), ``replicate-t`` (mean over replicate worlds with a Student-t
interval), ``bootstrap`` (percentile bootstrap over a sample), ``fit`` (a fitted
parameter), ``extrapolation`` (a stated formula evaluated beyond the simulated range),
``count`` (a size, no interval) or ``point`` (no interval); ``analysis/keys.md`` lists
them all. The constructors (:meth:`Estimate.rate`, :meth:`Estimate.events`,
:meth:`Estimate.per_million`, :meth:`Estimate.size`, :meth:`Estimate.point`,
:meth:`Estimate.structural_zero`) are the only places that pick a method.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from pydantic import JsonValue

from analysis.intervals import poisson_interval, wilson_interval

__all__ = ["ESTIMATE_KEYS", "Estimate", "Method", "clean_number", "is_estimate_json"]

#: The keys every serialised estimate has.
ESTIMATE_KEYS = ("value", "lower", "upper", "n", "method", "unit", "simulated")
_SIGNIFICANT = 10


class Method(StrEnum):
    """How an estimate and its interval were obtained."""

    WILSON = "wilson"
    POISSON = "poisson"
    WILSON_CLUSTERED = "wilson-clustered"
    POISSON_CLUSTERED = "poisson-clustered"
    WILSON_BOUNDS = "wilson-bounds"
    WILSON_OVERALL = "wilson/overall"
    REPLICATE_T = "replicate-t"
    BOOTSTRAP = "bootstrap"
    COUNT = "count"
    POINT = "point"
    DIFFERENCE = "difference"
    RATIO = "ratio"
    PARAMETER = "parameter"
    ESTIMATE = "estimate"
    FORMULA = "formula"
    FIT = "fit"
    EXTRAPOLATION = "extrapolation"


def clean_number(x: float | int | None) -> float | int | None:
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
class Estimate:
    """A simulated figure: value, interval, sample size and how they were obtained.

    ``n`` is the sample size behind the interval (the denominator of a rate, the exposure
    of a per-million rate, the replicates of a ``replicate-t`` mean); ``count`` the
    numerator of a rate. ``extrapolated`` marks a value computed with ``formula`` beyond
    the simulated range. ``structural`` marks a zero that the modelled rules impose (e.g.
    no creep where both regimes grant the same access), as opposed to a zero observed by
    chance in a small world. ``replicates`` and ``replicate_method`` are set on means over
    replicate worlds. ``design_effect`` is the variance inflation of a count of clustered
    events behind a ``*-clustered`` interval. ``depends_on_n`` marks a per-person or
    per-search figure that changes with the size of the population (its scale law is in
    the ``mechanisms`` section of the metrics).
    """

    value: float | None
    lower: float | None = None
    upper: float | None = None
    n: int | None = None
    method: Method = Method.POINT
    unit: str = ""
    count: float | None = None
    extrapolated: bool = False
    formula: str | None = None
    note: str | None = None
    structural: bool = False
    replicates: int | None = None
    replicate_method: Method | None = None
    design_effect: float | None = None
    depends_on_n: bool = False

    @property
    def has_interval(self) -> bool:
        """True when both bounds are finite numbers."""
        return all(b is not None and math.isfinite(b) for b in (self.lower, self.upper))

    # -- constructors: the one place each method is chosen ---------------------------------

    @classmethod
    def rate(
        cls,
        k: float,
        n: float,
        level: float = 0.95,
        unit: str = "share",
        *,
        design_effect: float | None = None,
        **kw: Any,
    ) -> Estimate:
        """The proportion ``k / n`` with its Wilson interval (value None when ``n == 0``).

        With a ``design_effect`` above 1 (events in clusters) the interval is Wilson's on
        ``k / deff`` out of ``n / deff`` (method ``wilson-clustered``).
        """
        deff, method = _clustered(design_effect, Method.WILSON, Method.WILSON_CLUSTERED)
        if n <= 0:
            return cls(None, None, None, 0, method, unit, count=k, design_effect=deff, **kw)
        lo, hi = wilson_interval(k / (deff or 1.0), n / (deff or 1.0), level)
        lo_f, hi_f = min(float(lo), k / n), max(float(hi), k / n)
        return cls(k / n, lo_f, hi_f, int(n), method, unit, count=k, design_effect=deff, **kw)

    @classmethod
    def events(
        cls,
        k: float,
        unit: str,
        level: float = 0.95,
        *,
        design_effect: float | None = None,
        **kw: Any,
    ) -> Estimate:
        """An event count with its Poisson interval (``poisson-clustered`` on ``k / deff``
        events, scaled back, with a ``design_effect`` above 1)."""
        deff, method = _clustered(design_effect, Method.POISSON, Method.POISSON_CLUSTERED)
        lo, hi = _poisson_bounds(k, deff, level)
        return cls(float(k), lo, hi, None, method, unit, design_effect=deff, **kw)

    @classmethod
    def scaled_events(
        cls,
        k: float,
        scale: float,
        unit: str,
        level: float = 0.95,
        n: int | None = None,
        *,
        design_effect: float | None = None,
    ) -> Estimate:
        """``k`` events times ``scale`` (hours, per 1,000 records), Poisson interval on ``k``."""
        deff, method = _clustered(design_effect, Method.POISSON, Method.POISSON_CLUSTERED)
        lo, hi = _poisson_bounds(k, deff, level)
        return cls(k * scale, lo * scale, hi * scale, n, method, unit, count=k, design_effect=deff)

    @classmethod
    def per_million(
        cls,
        k: float,
        exposure: float,
        unit: str,
        level: float = 0.95,
        *,
        design_effect: float | None = None,
    ) -> Estimate:
        """``k`` events per million units of ``exposure`` (Poisson interval on ``k``)."""
        if exposure <= 0:
            deff, method = _clustered(design_effect, Method.POISSON, Method.POISSON_CLUSTERED)
            return cls(None, None, None, 0, method, unit, count=k, design_effect=deff)
        return cls.scaled_events(
            k, 1e6 / exposure, unit, level, int(exposure), design_effect=design_effect
        )

    @classmethod
    def structural_zero(cls, unit: str, why: str, n: int | None = None) -> Estimate:
        """A zero that the modelled rules impose (no interval: nothing was measured)."""
        return cls(0.0, None, None, n, Method.POINT, unit, note=why, structural=True)

    @classmethod
    def size(cls, k: float, unit: str) -> Estimate:
        """A size or denominator of the simulated world (no interval)."""
        return cls(float(k), None, None, None, Method.COUNT, unit)

    @classmethod
    def point(
        cls, value: float | None, unit: str, method: Method = Method.POINT, **kw: Any
    ) -> Estimate:
        """A figure without an interval (``method`` says how it was obtained)."""
        return cls(value, None, None, None, method, unit, **kw)

    # -- JSON --------------------------------------------------------------------------------

    def to_json(self) -> dict[str, JsonValue]:
        """The estimate as a JSON object (see the module docstring)."""
        out: dict[str, JsonValue] = {
            "value": clean_number(self.value),
            "lower": clean_number(self.lower),
            "upper": clean_number(self.upper),
            "n": None if self.n is None else int(self.n),
            "method": self.method.value,
            "unit": self.unit,
            "simulated": True,
        }
        if self.count is not None:
            out["count"] = clean_number(self.count)
        if self.extrapolated:
            out["extrapolated"] = True
        if self.formula:
            out["formula"] = self.formula
        if self.note:
            out["note"] = self.note
        if self.structural:
            out["structural"] = True
        if self.design_effect is not None:
            out["design_effect"] = clean_number(self.design_effect)
        if self.depends_on_n:
            out["depends_on_n"] = True
        if self.replicates is not None:
            out["replicates"] = self.replicates
            out["replicate_method"] = (
                None if self.replicate_method is None else str(self.replicate_method)
            )
        return out

    @classmethod
    def from_json(cls, data: JsonValue, where: str = "estimate") -> Estimate:
        """The inverse of :meth:`to_json`; ``ValueError`` naming ``where`` on a bad shape."""
        if not is_estimate_json(data):
            raise ValueError(
                f"{where}: not an estimate (needs the keys {', '.join(ESTIMATE_KEYS)})"
            )
        assert isinstance(data, Mapping)
        try:
            replicate_method = data.get("replicate_method")
            return cls(
                value=_number(data["value"], where),
                lower=_number(data["lower"], where),
                upper=_number(data["upper"], where),
                n=None if data["n"] is None else int(_number(data["n"], where) or 0),
                method=Method(str(data["method"])),
                unit=str(data["unit"]),
                count=_number(data.get("count"), where),
                extrapolated=data.get("extrapolated") is True,
                formula=_text(data.get("formula")),
                note=_text(data.get("note")),
                structural=data.get("structural") is True,
                replicates=None if data.get("replicates") is None else int(str(data["replicates"])),
                replicate_method=None
                if replicate_method is None
                else Method(str(replicate_method)),
                design_effect=_number(data.get("design_effect"), where),
                depends_on_n=data.get("depends_on_n") is True,
            )
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None


def _clustered(
    design_effect: float | None, plain: Method, clustered: Method
) -> tuple[float | None, Method]:
    """(design effect to record, method): plain when there is no clustering to correct."""
    if design_effect is None or not math.isfinite(design_effect) or design_effect <= 1.0:
        return None, plain
    return float(design_effect), clustered


def _poisson_bounds(k: float, deff: float | None, level: float) -> tuple[float, float]:
    """Poisson bounds of ``k`` events, or of ``k / deff`` clusters scaled back by ``deff``."""
    scale = deff or 1.0
    lo, hi = poisson_interval(k / scale, level)
    return min(float(lo) * scale, float(k)), max(float(hi) * scale, float(k))


def _number(x: JsonValue, where: str) -> float | None:
    if x is None:
        return None
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise ValueError(f"{where}: {x!r} is not a number")
    return x


def _text(x: JsonValue) -> str | None:
    return None if x is None else str(x)


def is_estimate_json(obj: object) -> bool:
    """True when ``obj`` is a serialised :class:`Estimate` (a dict with the estimate keys)."""
    return isinstance(obj, Mapping) and all(k in obj for k in ESTIMATE_KEYS)

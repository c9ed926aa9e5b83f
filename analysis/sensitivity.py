"""Sensitivity of the figures to the assumptions: Morris, Sobol, tornado and uncertainty band.

The factors are assumption-tagged parameters varied uniformly over a plausible range (the
range their provenance declares, or one an experiment file gives). Designs and indices
come from SALib [@herman-2017-salib]: Morris screening [@morris-1991] (mean absolute
elementary effect ``mu_star`` and its spread ``sigma``) and Sobol first-order and total
indices (``S1``, ``ST``; Saltelli's design and estimators [@saltelli-2010-variance]). The
model output of a point is the mean of a figure over the replicate worlds run there.

Two kinds of uncertainty are kept apart:

- the **sampling interval** of a figure at the default values (replicate worlds: Student-t);
- the **assumption band**: the spread of the figure over the design, i.e. over the
  plausible ranges of the assumptions;

and the **combined band** draws a design point and then a value within its sampling error,
so it holds both (a figure's total uncertainty under the stated ranges, by the law of total
variance). Neither band is a confidence interval about the real world: the ranges are
assumptions too, and the report says which.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

__all__ = [
    "Band",
    "Effect",
    "Factor",
    "TornadoBar",
    "morris_design",
    "morris_effects",
    "sobol_design",
    "sobol_effects",
    "tornado_bars",
    "uncertainty_band",
]

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Factor:
    """One varied parameter: its range, its default and where the range comes from."""

    key: str
    low: float
    high: float
    default: float
    integer: bool = False
    range_source: str = "provenance"
    """``provenance`` (the parameter's own plausible range) or ``experiment file``."""
    note: str = ""
    """The provenance label of the parameter's default."""

    def cast(self, x: float) -> float | int:
        """``x`` as the parameter takes it (rounded for a whole-number parameter)."""
        return round(x) if self.integer else float(x)


@dataclass(frozen=True)
class Effect:
    """A factor's indices for one figure (Morris or Sobol; the others stay None)."""

    factor: str
    figure: str
    mu_star: float | None = None
    mu_star_conf: float | None = None
    sigma: float | None = None
    s1: float | None = None
    s1_conf: float | None = None
    st: float | None = None
    st_conf: float | None = None

    @property
    def rank_value(self) -> float:
        """What ranks the factors: ``mu_star`` (Morris) or ``ST`` (Sobol)."""
        value = self.mu_star if self.mu_star is not None else self.st
        return 0.0 if value is None or not math.isfinite(value) else value


@dataclass(frozen=True)
class TornadoBar:
    """A figure with one factor at the low and at the high end of its range."""

    factor: str
    figure: str
    low: float
    high: float
    at_low: float | None
    at_high: float | None
    baseline: float | None

    @property
    def swing(self) -> float:
        """How far apart the two ends put the figure (0 when one is missing)."""
        if self.at_low is None or self.at_high is None:
            return 0.0
        return abs(self.at_high - self.at_low)


@dataclass(frozen=True)
class Band:
    """A figure's sampling interval at the defaults, assumption band and combined band."""

    figure: str
    value: float | None
    sampling: tuple[float, float] | None
    assumption: tuple[float, float] | None
    combined: tuple[float, float] | None
    level: float
    points: int


def _problem(factors: Sequence[Factor]) -> dict[str, Any]:
    return {
        "num_vars": len(factors),
        "names": [f.key for f in factors],
        "bounds": [[f.low, f.high] for f in factors],
    }


def morris_design(
    factors: Sequence[Factor], trajectories: int, levels: int, seed: int
) -> FloatArray:
    """A Morris design: ``trajectories * (len(factors) + 1)`` rows of factor values."""
    matrix: FloatArray = morris_sample.sample(
        _problem(factors), trajectories, num_levels=levels, seed=seed
    )
    return matrix


def sobol_design(factors: Sequence[Factor], samples: int, seed: int) -> FloatArray:
    """Saltelli's design for first-order and total indices: ``samples * (k + 2)`` rows."""
    matrix: FloatArray = sobol_sample.sample(
        _problem(factors), samples, calc_second_order=False, seed=seed
    )
    return matrix


def _finite(x: Any) -> float | None:
    value = float(x)
    return value if math.isfinite(value) else None


def _constant(y: FloatArray) -> bool:
    return bool(np.nanmax(y) - np.nanmin(y) == 0.0) if y.size else True


def morris_effects(
    factors: Sequence[Factor],
    matrix: FloatArray,
    outputs: FloatArray,
    figure: str,
    levels: int,
    seed: int = 0,
) -> list[Effect]:
    """Morris ``mu_star`` (with its bootstrap half-width) and ``sigma`` of each factor."""
    if _constant(outputs) or np.isnan(outputs).any():
        zero = 0.0 if _constant(outputs) and not np.isnan(outputs).any() else None
        return [Effect(f.key, figure, mu_star=zero, mu_star_conf=zero, sigma=zero) for f in factors]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = morris_analyze.analyze(
            _problem(factors), matrix, outputs, num_levels=levels, seed=seed
        )
    return [
        Effect(
            f.key,
            figure,
            mu_star=_finite(result["mu_star"][i]),
            mu_star_conf=_finite(result["mu_star_conf"][i]),
            sigma=_finite(result["sigma"][i]),
        )
        for i, f in enumerate(factors)
    ]


def sobol_effects(
    factors: Sequence[Factor], outputs: FloatArray, figure: str, seed: int = 0
) -> list[Effect]:
    """Sobol first-order (``S1``) and total (``ST``) indices with bootstrap half-widths."""
    if _constant(outputs) or np.isnan(outputs).any():
        zero = 0.0 if _constant(outputs) and not np.isnan(outputs).any() else None
        return [
            Effect(f.key, figure, s1=zero, s1_conf=zero, st=zero, st_conf=zero) for f in factors
        ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = sobol_analyze.analyze(
            _problem(factors), outputs, calc_second_order=False, seed=seed
        )
    return [
        Effect(
            f.key,
            figure,
            s1=_finite(result["S1"][i]),
            s1_conf=_finite(result["S1_conf"][i]),
            st=_finite(result["ST"][i]),
            st_conf=_finite(result["ST_conf"][i]),
        )
        for i, f in enumerate(factors)
    ]


def tornado_bars(
    factors: Sequence[Factor],
    figure: str,
    ends: Sequence[tuple[float | None, float | None]],
    baseline: float | None,
) -> list[TornadoBar]:
    """One bar per factor (``ends``: the figure at its low and high end), widest first."""
    bars = [
        TornadoBar(f.key, figure, f.low, f.high, lo, hi, baseline)
        for f, (lo, hi) in zip(factors, ends, strict=True)
    ]
    return sorted(bars, key=lambda b: b.swing, reverse=True)


def uncertainty_band(
    figure: str,
    baseline: Sequence[float],
    point_means: Sequence[float],
    point_ses: Sequence[float],
    level: float = 0.95,
    seed: int = 0,
    draws: int = 20_000,
) -> Band:
    """The sampling interval at the defaults, the assumption band and the combined band.

    ``baseline`` are the figure's values in the replicate worlds at the defaults (the
    sampling interval is their Student-t interval); ``point_means`` and ``point_ses`` the
    mean and standard error over replicates at each design point. The assumption band is
    the central ``level`` share of the point means; the combined band that of a mixture:
    a point drawn uniformly, then a normal draw with its standard error.
    """
    from analysis.intervals import replicate_interval

    tail = (1 - level) / 2
    sampling = None
    value = None
    if baseline:
        mean, lower, upper, _ = replicate_interval([float(b) for b in baseline], level)
        value = mean if math.isfinite(mean) else None
        if lower is not None and upper is not None:
            sampling = (float(lower), float(upper))
    means = np.array([m for m in point_means if math.isfinite(m)], dtype=np.float64)
    if means.size == 0:
        return Band(figure, value, sampling, None, None, level, 0)
    assumption = (float(np.quantile(means, tail)), float(np.quantile(means, 1 - tail)))
    ses = np.array(
        [
            s if math.isfinite(s) else 0.0
            for m, s in zip(point_means, point_ses, strict=True)
            if math.isfinite(m)
        ],
        dtype=np.float64,
    )
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, means.size, draws)
    mixture = rng.normal(means[pick], ses[pick])
    combined = (float(np.quantile(mixture, tail)), float(np.quantile(mixture, 1 - tail)))
    return Band(figure, value, sampling, assumption, combined, level, int(means.size))

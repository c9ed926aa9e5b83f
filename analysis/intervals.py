"""Confidence intervals: Wilson for proportions, Poisson for counts, Student t across replicates.

Only the standard library and numpy: the quantiles of the normal law come from
:class:`statistics.NormalDist`, those of Student's t from inverting its distribution
function (the regularised incomplete beta function, by continued fraction).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from schemas.errors import ConfigError

__all__ = [
    "design_effect",
    "poisson_interval",
    "replicate_interval",
    "t_quantile",
    "wilson_interval",
    "z_value",
]

FloatArray = npt.NDArray[np.float64]


def _check_level(level: float) -> None:
    if not 0.0 < level < 1.0:
        raise ConfigError(f"confidence level must lie strictly between 0 and 1, got {level!r}")


def z_value(level: float = 0.95) -> float:
    """The two-sided normal quantile of ``level`` (1.959964 for 0.95)."""
    _check_level(level)
    return NormalDist().inv_cdf(0.5 + level / 2.0)


def wilson_interval(
    k: npt.ArrayLike, n: npt.ArrayLike, level: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Wilson score interval of the proportion ``k / n`` (vectorised).

    ``lower`` and ``upper`` are NaN where ``n == 0``. The interval always contains
    ``k / n`` and lies in [0, 1].
    """
    z = z_value(level)
    k_arr = np.asarray(k, dtype=np.float64)
    n_arr = np.asarray(n, dtype=np.float64)
    if np.any(k_arr < 0) or np.any(k_arr > n_arr):
        raise ValueError("Wilson interval needs 0 <= k <= n")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k_arr / n_arr
        denom = 1.0 + z * z / n_arr
        centre = (p + z * z / (2.0 * n_arr)) / denom
        half = z * np.sqrt(p * (1.0 - p) / n_arr + z * z / (4.0 * n_arr * n_arr)) / denom
        lower = np.clip(centre - half, 0.0, 1.0)
        upper = np.clip(centre + half, 0.0, 1.0)
    # Rounding can push a bound past the estimate at k = 0 or k = n.
    lower = np.where(n_arr > 0, np.minimum(lower, p), np.nan)
    upper = np.where(n_arr > 0, np.maximum(upper, p), np.nan)
    return lower, upper


_EXACT_MAX = 200


def _gammainc(a: float, x: float) -> float:
    """Regularised lower incomplete gamma function P(a, x) (series or continued fraction)."""
    if x <= 0.0:
        return 0.0
    log_front = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1.0:
        term = total = 1.0 / a
        ap = a
        for _ in range(10_000):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return total * math.exp(log_front)
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = b + an / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return 1.0 - math.exp(log_front) * h


def _invert_increasing(cdf: Callable[[float], float], p: float, start: float) -> float:
    """x >= 0 with cdf(x) = p for an increasing ``cdf``: bracket by doubling, then bisect."""
    lo, hi = 0.0, start
    while cdf(hi) < p:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if cdf(mid) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, hi):
            break
    return 0.5 * (lo + hi)


def _gamma_quantile(a: float, p: float) -> float:
    """x with P(a, x) = p, by bisection."""
    return _invert_increasing(lambda x: _gammainc(a, x), p, max(1.0, 2.0 * a))


@functools.lru_cache(maxsize=4096)
def _garwood(k: float, level: float) -> tuple[float, float]:
    alpha = 1.0 - level
    lower = 0.0 if k == 0 else _gamma_quantile(float(k), alpha / 2.0)
    return lower, _gamma_quantile(float(k + 1), 1.0 - alpha / 2.0)


def poisson_interval(k: npt.ArrayLike, level: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Interval for the mean of a Poisson count ``k`` (vectorised).

    Exact (Garwood, chi-square) bounds for counts up to 200 (for a non-integer ``k``, as
    a clustered count divided by its design effect, the same gamma quantiles); above,
    Byar's approximation, which agrees with the exact bounds to about 1e-4 relative
    there. The lower bound is 0 at k = 0.
    """
    z = z_value(level)
    k_arr = np.asarray(k, dtype=np.float64)
    if np.any(k_arr < 0):
        raise ValueError("Poisson interval needs k >= 0")
    with np.errstate(all="ignore"):
        safe = np.where(k_arr > 0, k_arr, 1.0)
        lower = safe * (1.0 - 1.0 / (9.0 * safe) - z / (3.0 * np.sqrt(safe))) ** 3
        lower = np.where(k_arr > 0, np.clip(lower, 0.0, k_arr), 0.0)
        k1 = k_arr + 1.0
        upper = np.maximum(k1 * (1.0 - 1.0 / (9.0 * k1) + z / (3.0 * np.sqrt(k1))) ** 3, k_arr)
    small = k_arr <= _EXACT_MAX
    if np.any(small):
        lower = np.array(lower, dtype=np.float64, copy=True)
        upper = np.array(upper, dtype=np.float64, copy=True)
        flat_k, flat_lo, flat_hi = k_arr.reshape(-1), lower.reshape(-1), upper.reshape(-1)
        for i in np.flatnonzero(small.reshape(-1)):
            flat_lo[i], flat_hi[i] = _garwood(float(flat_k[i]), level)
        lower, upper = flat_lo.reshape(k_arr.shape), flat_hi.reshape(k_arr.shape)
    # The bisection's tolerance can put a bound past a tiny non-integer count.
    return np.minimum(lower, k_arr), np.maximum(upper, k_arr)


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def _t_cdf(t: float, df: float) -> float:
    x = df / (df + t * t)
    tail = 0.5 * _betainc(df / 2.0, 0.5, x)
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (p in (0, 1))."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must lie in (0, 1), got {p!r}")
    if df <= 0:
        raise ValueError(f"degrees of freedom must be positive, got {df!r}")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    return _invert_increasing(lambda x: _t_cdf(x, df), p, 1.0)


def replicate_interval(
    values: Sequence[float], level: float = 0.95
) -> tuple[float, float | None, float | None, int]:
    """Mean of replicate ``values`` with its Student-t interval: (mean, lower, upper, n).

    With a single value the bounds are None (no spread to estimate).
    """
    _check_level(level)
    arr = np.asarray([v for v in values if v is not None and math.isfinite(v)], dtype=np.float64)
    n = int(arr.size)
    if n == 0:
        return math.nan, None, None, 0
    mean = float(arr.mean())
    if n == 1:
        return mean, None, None, 1
    sd = float(arr.std(ddof=1))
    half = t_quantile(0.5 + level / 2.0, n - 1) * sd / math.sqrt(n)
    return mean, mean - half, mean + half, n


def design_effect(cluster_sizes: npt.ArrayLike) -> float:
    """The variance inflation of a count made of clusters: ``sum m_c^2 / sum m_c``.

    A count ``K = sum m_c`` of events that come in clusters of ``m_c`` (the two people of
    one wrong link, every person of one merged identity cluster, every pair of records
    sharing one name and birth date) has, when the clusters occur independently
    (compound Poisson), the variance ``sum m_c^2`` instead of the ``K`` of a Poisson
    count. The ratio is at least 1 (1 when every cluster is a single event) and is the
    design effect that scales the within-world intervals (see :func:`wilson_interval`
    and :func:`poisson_interval` with ``k / deff`` events).
    """
    m = np.asarray(cluster_sizes, dtype=np.float64)
    m = m[m > 0]
    total = float(m.sum())
    return 1.0 if total <= 0 else max(1.0, float((m * m).sum()) / total)

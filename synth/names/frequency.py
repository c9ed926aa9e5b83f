"""Rank-frequency laws of names: a published head and a Pitman-Yor-like tail.

A :class:`RankLaw` gives the share ``p(r)`` of the population bearing the name of rank
``r = 1, 2, ...`` (most common first). The first ``h`` shares are pinned (``head``: the
published shares of the commonest names, or an assumed share of the commonest one); the
ranks after them follow a bent power law

    p(r) = c * r ** -gamma * (1 + r / b) ** -(alpha - gamma)        (r > h)

whose slope on a log-log rank plot is ``gamma`` among the common names and ``alpha > 1``
among the rare ones, bending at rank ``b``. The rare-name tail ``p(r) ~ r ** -alpha`` is
the ranked-frequency law of a Pitman-Yor process of discount ``d = 1 / alpha``: the number
of distinct names among ``n`` bearers grows like ``n ** d`` (the Ewens law, whose
concentration is the "Fisher's alpha" of surname studies, is the limit ``d -> 0``).
Real surname tables fall off faster among the common names than a Pitman-Yor head does
(its first ranks are nearly flat), hence the separate head slope ``gamma``.

``c`` makes the shares sum to one and ``b`` makes the tail pass through the last pinned
share (``p(h) = head[-1]``, no jump), so a law has two shape parameters, ``gamma`` and
``alpha``; :func:`fit_alpha` calibrates ``alpha`` on a published count of distinct names
at a stated population.

The statistics of a law (:meth:`RankLaw.top_share`, :meth:`RankLaw.expected_distinct`,
:meth:`RankLaw.distinct_with_at_least`, :meth:`RankLaw.singleton_share`,
:meth:`RankLaw.isonymy`) treat a population of ``n`` as ``n`` independent draws
(Poissonised), the way the published counts are read here.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

__all__ = ["EXPLICIT_RANKS", "RankLaw", "fit_alpha"]

#: Ranks whose cumulative share is tabulated for drawing; rarer ranks are drawn by
#: inverting the tabulated survival function of the tail.
EXPLICIT_RANKS = 4096
_SUMMED = 8192  # ranks summed one by one; beyond, an integral on a log grid
_GRID = 1200
_FAR = 1e18  # the integrals close with the power-law asymptote beyond this rank


@dataclass(frozen=True)
class _Tail:
    """The tail shape ``g(r) = r ** -gamma * (1 + r / b) ** -(alpha - gamma)`` (unscaled)."""

    gamma: float
    alpha: float
    b: float

    def g(self, r: np.ndarray) -> np.ndarray:
        out: np.ndarray = np.power(r, -self.gamma) * np.power(
            1.0 + r / self.b, -(self.alpha - self.gamma)
        )
        return out

    def far_integral(self, x: float) -> float:
        """Integral of g beyond ``x`` far out, where g ~ b ** (alpha - gamma) r ** -alpha."""
        a = self.alpha
        log = (a - self.gamma) * math.log(self.b) + (1.0 - a) * math.log(x)
        return math.exp(min(log, 700.0)) / (a - 1.0)


def _grid(start: float) -> np.ndarray:
    grid: np.ndarray = np.geomspace(start, _FAR, _GRID)
    return grid


def _trapezoid(values: np.ndarray, x: np.ndarray) -> float:
    return float(np.sum((values[1:] + values[:-1]) * np.diff(x)) / 2.0)


def _tail_mass(h: int, tail: _Tail) -> float:
    """Sum of g(r) over r > h."""
    r = np.arange(h + 1, _SUMMED + 1, dtype=np.float64)
    x = _grid(_SUMMED + 0.5)
    return float(tail.g(r).sum()) + _trapezoid(tail.g(x), x) + tail.far_integral(_FAR)


@dataclass(frozen=True)
class RankLaw:
    """Shares of the ranks of a name law: ``head`` pinned, a bent power-law tail after."""

    head: tuple[float, ...]
    gamma: float
    alpha: float

    def __post_init__(self) -> None:
        if not self.head:
            raise ValueError("a rank law needs at least the share of the commonest name")
        if any(not 0.0 < s < 1.0 for s in self.head) or sum(self.head) >= 1.0:
            raise ValueError(f"head shares {self.head} must be in (0, 1) and sum below 1")
        if list(self.head) != sorted(self.head, reverse=True):
            raise ValueError(f"head shares {self.head} must not increase with the rank")
        if not 1.0 < self.alpha < 20.0:
            raise ValueError(f"tail exponent alpha={self.alpha} must be in (1, 20)")
        if not 0.0 <= self.gamma < self.alpha:
            raise ValueError(f"head slope gamma={self.gamma} must be in [0, alpha)")

    @property
    def h(self) -> int:
        """Number of pinned ranks."""
        return len(self.head)

    @functools.cached_property
    def _mass(self) -> float:
        return 1.0 - sum(self.head)

    @functools.cached_property
    def bend(self) -> float:
        """Bend rank ``b``: the tail, scaled to the mass the head leaves, passes through
        the last pinned share."""
        h, f_h, mass = self.h, self.head[-1], self._mass

        def gap(log_b: float) -> float:
            tail = _Tail(self.gamma, self.alpha, math.exp(log_b))
            at_h = float(tail.g(np.array([float(h)]))[0])
            return math.log(mass * at_h / _tail_mass(h, tail)) - math.log(f_h)

        try:
            log_b = optimize.brentq(gap, -12.0, 34.0, xtol=1e-10)
        except ValueError:
            raise ValueError(
                f"no bend joins the head {self.head} to a tail of slopes "
                f"({self.gamma}, {self.alpha})"
            ) from None
        return math.exp(log_b)

    @functools.cached_property
    def _tail(self) -> _Tail:
        return _Tail(self.gamma, self.alpha, self.bend)

    @functools.cached_property
    def c(self) -> float:
        """Scale of the tail."""
        return self._mass / _tail_mass(self.h, self._tail)

    def pmf(self, ranks: np.ndarray) -> np.ndarray:
        """Share of each rank (1-based)."""
        r = np.asarray(ranks, dtype=np.float64)
        head = np.asarray(self.head)
        tail = self.c * self._tail.g(np.maximum(r, self.h + 1.0))
        index = np.clip(r.astype(np.int64) - 1, 0, self.h - 1)
        out: np.ndarray = np.where(r <= self.h, head[index], tail)
        return out

    @functools.cached_property
    def _explicit(self) -> np.ndarray:
        return self.pmf(np.arange(1, _SUMMED + 1))

    @functools.cached_property
    def _far(self) -> tuple[np.ndarray, np.ndarray]:
        """Log grid of ranks beyond the explicit ones and the survival share at each."""
        x = _grid(_SUMMED + 0.5)
        p = self.c * self._tail.g(x)
        pieces = (p[1:] + p[:-1]) * np.diff(x) / 2.0
        beyond = self.c * self._tail.far_integral(_FAR)
        survival = np.concatenate([np.cumsum(pieces[::-1])[::-1], [0.0]]) + beyond
        return x, survival

    def survival(self, rank: int) -> float:
        """Share of all ranks after ``rank``."""
        if rank <= _SUMMED:
            return float(1.0 - self._explicit[:rank].sum())
        x, survival = self._far
        return float(np.exp(np.interp(math.log(rank), np.log(x), np.log(survival))))

    def top_share(self, k: int) -> float:
        """Share held by the ``k`` commonest names."""
        return 1.0 - self.survival(k)

    def _expectation(self, n: float, term: Callable[[np.ndarray], np.ndarray]) -> float:
        """Sum over ranks of ``term(n p)`` (``term`` vanishes like its argument at 0)."""
        x = _grid(_SUMMED + 0.5)
        body = float(term(n * self._explicit).sum())
        return body + _trapezoid(term(n * self.c * self._tail.g(x)), x)

    def distinct_with_at_least(self, n: float, k: int) -> float:
        """Expected number of names borne by at least ``k`` of ``n`` bearers."""

        def term(mean: np.ndarray) -> np.ndarray:
            out: np.ndarray = special.gammainc(k, mean)  # P(Poisson(mean) >= k)
            return out

        far = n * self.c * self._tail.far_integral(_FAR) if k == 1 else 0.0  # linear far out
        return self._expectation(n, term) + far

    def expected_distinct(self, n: float) -> float:
        """Expected number of distinct names among ``n`` bearers."""
        return self.distinct_with_at_least(n, 1)

    def singleton_share(self, n: float) -> float:
        """Share of the distinct names among ``n`` bearers that only one of them bears."""
        distinct = self.expected_distinct(n)
        return (distinct - self.distinct_with_at_least(n, 2)) / distinct

    def isonymy(self) -> float:
        """Random isonymy: the probability that two bearers share the name (sum of p^2)."""
        x = _grid(_SUMMED + 0.5)
        p = self.c * self._tail.g(x)
        return float((self._explicit**2).sum()) + _trapezoid(p * p, x)

    @functools.cached_property
    def cumulative(self) -> np.ndarray:
        """Cumulative shares of ranks 1..:data:`EXPLICIT_RANKS` (float64)."""
        c: np.ndarray = np.cumsum(self._explicit[:EXPLICIT_RANKS])
        return c

    def tail_ranks(self, u: np.ndarray) -> np.ndarray:
        """Ranks after :data:`EXPLICIT_RANKS` for uniforms ``u`` in [cumulative[-1], 1),
        by inverting the survival function (explicit, then on the log grid)."""
        rest = 1.0 - np.asarray(u, dtype=np.float64)
        explicit_survival = 1.0 - np.cumsum(self._explicit)
        ranks = np.searchsorted(-explicit_survival, -rest, side="left").astype(np.int64) + 1
        x, survival = self._far
        far = rest < explicit_survival[-1]
        if far.any():
            log_r = np.interp(
                -np.log(np.maximum(rest[far], 1e-300)), -np.log(survival[:-1]), np.log(x[:-1])
            )
            ranks[far] = np.ceil(np.exp(log_r)).astype(np.int64)
        out: np.ndarray = np.clip(ranks, EXPLICIT_RANKS + 1, 2**62)
        return out

    def ranks(self, u: np.ndarray) -> np.ndarray:
        """Ranks (1-based, int64) of uniforms ``u`` in [0, 1)."""
        u = np.asarray(u, dtype=np.float64)
        cum = self.cumulative
        out = np.searchsorted(cum, u, side="right").astype(np.int64) + 1
        far = u >= cum[-1]
        if far.any():
            out[far] = self.tail_ranks(u[far])
        return out


def fit_alpha(
    head: tuple[float, ...],
    gamma: float,
    statistic: Callable[[RankLaw], float],
    target: float,
) -> float:
    """The tail exponent whose law gives ``statistic(law) == target`` (a statistic that
    falls as the tail gets lighter, such as a count of distinct names)."""

    def gap(alpha: float) -> float:
        try:
            return math.log(statistic(RankLaw(head, gamma, alpha))) - math.log(target)
        except ValueError:  # a tail this heavy cannot be joined to the head: too many names
            return math.inf

    grid = np.linspace(max(1.0, gamma) + 0.02, 15.0, 60)
    finite = [a for a in grid if math.isfinite(gap(a))]
    if not finite:
        raise ValueError(f"no tail joins the head {head} with slope gamma={gamma}")
    return float(optimize.brentq(gap, finite[0], 15.0, xtol=1e-7))

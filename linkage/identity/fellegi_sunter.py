"""Fellegi-Sunter: m and u probabilities, EM, u by random sampling, match weights.

For comparison ``k`` at level ``l``, ``m_k[l]`` is the probability of that level among
true matches and ``u_k[l]`` among non-matches; the match weight of a pair is
``log2(prior / (1 - prior)) + sum_k log2(m_k[l_k] / u_k[l_k])`` (missing levels add 0),
and its match probability is ``1 / (1 + 2**-weight)``.

- ``u`` is best estimated by comparing random pairs (:func:`estimate_u`; almost all of
  them are non-matches), as Splink does; EM then keeps ``u`` fixed.
- ``m`` and ``prior`` (the share of matches among the candidate pairs) are estimated by
  EM (:func:`expectation_maximisation`) over the comparison vectors. EM runs on the
  distinct comparison vectors and their counts, so its cost does not grow with the number
  of pairs.
- Term-frequency adjustment (:func:`match_weights`): at a level flagged for it, the
  weight uses the frequency of the pair's actual value instead of the level's average
  ``u``: ``+ log2(u_k[l] / tf(value))``, so agreeing on a rare name counts for more than
  agreeing on a common one (Splink's method).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from schemas.errors import ConfigError

__all__ = [
    "FellegiSunterModel",
    "TfAdjustment",
    "expectation_maximisation",
    "match_probability",
    "match_weights",
    "pattern_codes",
    "pattern_counts",
    "population_prior",
    "u_from_levels",
    "weight_of_probability",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Levels = npt.NDArray[np.int8]

#: Probabilities are floored here before taking logs (a level never seen among the
#: matches would otherwise get an infinite weight).
PROBABILITY_FLOOR = 1e-10


@dataclass(frozen=True, eq=False)
class FellegiSunterModel:
    """m and u per comparison level, and the prior share of matches among candidates."""

    names: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]
    m: tuple[FloatArray, ...]
    u: tuple[FloatArray, ...]
    prior: float
    iterations: int = 0
    converged: bool = True
    u_method: str = "em"
    sessions: tuple[dict[str, Any], ...] = ()

    def __post_init__(self) -> None:
        n = len(self.names)
        if not (len(self.labels) == len(self.m) == len(self.u) == n):
            raise ConfigError("names, labels, m and u must have one entry per comparison")
        for name, labels, m, u in zip(self.names, self.labels, self.m, self.u, strict=True):
            if m.size != len(labels) or u.size != len(labels):
                raise ConfigError(f"comparison {name!r}: m and u need {len(labels)} levels")
        if not 0.0 < self.prior < 1.0:
            raise ConfigError(f"prior must be in (0, 1), got {self.prior}")

    @property
    def prior_weight(self) -> float:
        """``log2(prior / (1 - prior))``: the weight of a pair with no evidence."""
        return float(np.log2(self.prior / (1.0 - self.prior)))

    def weights(self) -> list[FloatArray]:
        """Per comparison: ``log2(m / u)`` of each level."""
        return [
            np.log2(np.maximum(m, PROBABILITY_FLOOR) / np.maximum(u, PROBABILITY_FLOOR))
            for m, u in zip(self.m, self.u, strict=True)
        ]

    def to_frame(self) -> pl.DataFrame:
        """One row per comparison level: comparison, level, label, m, u, match_weight."""
        rows = [
            {
                "comparison": name,
                "level": level,
                "label": label,
                "m": float(m[level]),
                "u": float(u[level]),
                "match_weight": float(w[level]),
            }
            for name, labels, m, u, w in zip(
                self.names, self.labels, self.m, self.u, self.weights(), strict=True
            )
            for level, label in enumerate(labels)
        ]
        return pl.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (prior, iterations, m/u/weight per comparison level)."""
        return {
            "prior": self.prior,
            "iterations": self.iterations,
            "converged": self.converged,
            "u_method": self.u_method,
            "sessions": list(self.sessions),
            "levels": self.to_frame().to_dicts(),
        }


def pattern_codes(levels: Sequence[Levels], n_levels: Sequence[int]) -> tuple[IntArray, int]:
    """Each pair's comparison vector as one integer (mixed radix), and the radix total."""
    total = 1
    for n in n_levels:
        total *= n + 1
    n_pairs = levels[0].size if levels else 0
    code: IntArray = np.zeros(n_pairs, dtype=np.int32 if total < 2**31 else np.int64)
    for lv, n in zip(levels, n_levels, strict=True):
        np.multiply(code, n + 1, out=code)  # Horner, in place: no temporaries
        np.add(code, lv, out=code, casting="unsafe")
        np.add(code, 1, out=code)
    return code, total


def _decode(codes: IntArray, n_levels: Sequence[int]) -> npt.NDArray[np.int8]:
    k = len(n_levels)
    patterns = np.empty((codes.size, k), dtype=np.int8)
    rest = codes.astype(np.int64)
    for i in range(k - 1, -1, -1):
        patterns[:, i] = rest % (n_levels[i] + 1) - 1
        rest //= n_levels[i] + 1
    return patterns


def pattern_counts(
    levels: Sequence[Levels], n_levels: Sequence[int]
) -> tuple[npt.NDArray[np.int8], IntArray, IntArray]:
    """Distinct comparison vectors, their counts, and each pair's vector number.

    Returns ``(patterns, counts, inverse)``: ``patterns`` is ``(P, K)`` (levels, -1 for
    missing), ``counts`` how many pairs have each, ``inverse`` the pattern of each pair.
    """
    code, total = pattern_codes(levels, n_levels)
    if total <= 1 << 24:
        full = np.bincount(code, minlength=total)
        distinct = np.flatnonzero(full)
        lookup = np.full(total, -1, dtype=np.int64)
        lookup[distinct] = np.arange(distinct.size)
        inverse = lookup[code]
        counts = full[distinct]
    else:
        distinct, inverse, counts = np.unique(code, return_inverse=True, return_counts=True)
    return _decode(distinct, n_levels), counts.astype(np.int64), inverse.astype(np.int64)


def _log_probs(patterns: npt.NDArray[np.int8], probs: Sequence[FloatArray]) -> FloatArray:
    out = np.zeros(patterns.shape[0])
    for i, p in enumerate(probs):
        logp = np.concatenate([[0.0], np.log(np.maximum(p, PROBABILITY_FLOOR))])
        out += logp[patterns[:, i].astype(np.int64) + 1]
    return out


def _level_shares(
    patterns: npt.NDArray[np.int8], weights: FloatArray, n_levels: Sequence[int]
) -> list[FloatArray]:
    out = []
    for i, n in enumerate(n_levels):
        col = patterns[:, i].astype(np.int64)
        seen = col >= 0
        sums = np.bincount(col[seen], weights=weights[seen], minlength=n)
        total = sums.sum()
        out.append(sums / total if total > 0 else np.full(n, 1.0 / n))
    return out


def expectation_maximisation(
    patterns: npt.NDArray[np.int8],
    counts: IntArray,
    n_levels: Sequence[int],
    *,
    m_init: Sequence[FloatArray] | None = None,
    u_init: Sequence[FloatArray] | None = None,
    prior_init: float = 0.1,
    fix_u: bool = False,
    max_iter: int = 200,
    tol: float = 1e-6,
) -> tuple[list[FloatArray], list[FloatArray], float, int, bool]:
    """EM for m, u and the prior over distinct comparison vectors and their counts.

    Returns ``(m, u, prior, iterations, converged)``. With ``fix_u`` (u from random
    sampling) only m and the prior are estimated. Default starting values: ``m``
    increasing 4-fold per level (exact most likely), ``u`` the level shares over all
    pairs (almost all candidate pairs are non-matches).
    """
    if max_iter < 1 or tol <= 0:
        raise ConfigError("EM needs max_iter >= 1 and tol > 0")
    c = counts.astype(np.float64)
    m = (
        [np.asarray(x, dtype=np.float64) for x in m_init]
        if m_init is not None
        else [4.0 ** np.arange(n) / (4.0 ** np.arange(n)).sum() for n in n_levels]
    )
    u = (
        [np.asarray(x, dtype=np.float64) for x in u_init]
        if u_init is not None
        else _level_shares(patterns, c, n_levels)
    )
    prior = prior_init
    converged = False
    iteration = 0
    for iteration in range(1, max_iter + 1):  # noqa: B007 - reported after the loop
        lm = np.log(prior) + _log_probs(patterns, m)
        lu = np.log1p(-prior) + _log_probs(patterns, u)
        post = 1.0 / (1.0 + np.exp(np.clip(lu - lm, -700, 700)))
        wm = post * c
        new_prior = float(wm.sum() / c.sum())
        new_m = _level_shares(patterns, wm, n_levels)
        new_u = u if fix_u else _level_shares(patterns, (1.0 - post) * c, n_levels)
        change = max(
            abs(new_prior - prior),
            max(float(np.abs(a - b).max()) for a, b in zip(new_m, m, strict=True)),
            max(float(np.abs(a - b).max()) for a, b in zip(new_u, u, strict=True)),
        )
        m, u = new_m, new_u
        prior = min(max(new_prior, 1e-12), 1.0 - 1e-12)
        if change < tol:
            converged = True
            break
    return m, u, prior, iteration, converged


def population_prior(
    patterns: npt.NDArray[np.int8],
    counts: IntArray,
    m: Sequence[FloatArray],
    u: Sequence[FloatArray],
    n_pairs: int,
    *,
    start: float = 1e-4,
    max_iter: int = 500,
    tol: float = 1e-9,
) -> float:
    """The share of matches among all ``n_pairs`` possible pairs, m and u fixed.

    EM on the prior alone: the candidate pairs (``patterns``/``counts``) contribute their
    posterior match probability, the pairs blocking did not generate count as
    non-matches. Assumes blocking keeps (nearly) all true matches.
    """
    if n_pairs < int(counts.sum()) or n_pairs < 1:
        raise ConfigError(f"n_pairs ({n_pairs}) must cover the {int(counts.sum())} candidates")
    c = counts.astype(np.float64)
    log_ratio = _log_probs(patterns, m) - _log_probs(patterns, u)
    prior = start
    for _ in range(max_iter):
        odds = np.log(prior) - np.log1p(-prior) + log_ratio
        post = 1.0 / (1.0 + np.exp(-np.clip(odds, -700, 700)))
        new = float((post * c).sum() / n_pairs)
        new = min(max(new, 1e-15), 1.0 - 1e-12)
        done = abs(new - prior) <= tol * prior
        prior = new
        if done:
            break
    return prior


def u_from_levels(levels: Sequence[Levels], n_levels: Sequence[int]) -> list[FloatArray]:
    """u per comparison from the levels of random pairs (non-missing level shares).

    A level never seen gets half a pair's share, so that its weight stays finite.
    """
    out = []
    for lv, n in zip(levels, n_levels, strict=True):
        seen = lv[lv >= 0].astype(np.int64)
        counts = np.bincount(seen, minlength=n).astype(np.float64)
        counts[counts == 0] = 0.5
        out.append(counts / counts.sum())
    return out


@dataclass(frozen=True, eq=False)
class TfAdjustment:
    """A term-frequency adjustment: comparison ``index`` at ``level``, per-record tf."""

    index: int
    level: int
    tf: FloatArray


def match_weights(
    levels: Sequence[Levels],
    model: FellegiSunterModel,
    *,
    tf: Sequence[TfAdjustment] = (),
    left: IntArray | None = None,
    right: IntArray | None = None,
    tf_minimum: float = 0.0,
) -> FloatArray:
    """Match weight of every pair (bits); term-frequency adjusted where ``tf`` says.

    ``left``/``right`` (record indices of the pairs) are needed for ``tf``.
    """
    weights = model.weights()
    n_levels = [w.size for w in weights]
    code, total = pattern_codes(levels, n_levels)
    if total <= 1 << 22:
        # One look-up per pair in a table over every possible comparison vector.
        table = np.full(total, model.prior_weight)
        stride = 1
        for w, n in zip(reversed(weights), reversed(n_levels), strict=True):
            digit = (np.arange(total) // stride) % (n + 1)
            table += np.concatenate([[0.0], w])[digit]
            stride *= n + 1
        out = table[code]
    else:
        out = np.full(code.size, model.prior_weight)
        for lv, w in zip(levels, weights, strict=True):
            out += np.concatenate([[0.0], w])[lv.astype(np.int64) + 1]
    if tf:
        if left is None or right is None:
            raise ConfigError("term-frequency adjustment needs left and right record indices")
        for adj in tf:
            at = np.flatnonzero(levels[adj.index] == adj.level)
            if at.size == 0:
                continue
            value_tf = np.fmax(adj.tf[left[at]], adj.tf[right[at]])
            u_level = max(float(model.u[adj.index][adj.level]), PROBABILITY_FLOOR)
            bonus = np.log2(u_level / np.maximum(value_tf, max(tf_minimum, PROBABILITY_FLOOR)))
            out[at] += np.nan_to_num(bonus, nan=0.0)
    return np.asarray(out, dtype=np.float64)


def weight_of_probability(probability: float) -> float:
    """The match weight (bits) at which the match probability equals ``probability``."""
    if not 0.0 < probability < 1.0:
        return float("inf") if probability >= 1.0 else float("-inf")
    return float(np.log2(probability / (1.0 - probability)))


def match_probability(weights: FloatArray) -> FloatArray:
    """``1 / (1 + 2**-weight)``."""
    return np.asarray(1.0 / (1.0 + np.exp2(-np.clip(weights, -1000, 1000))), dtype=np.float64)

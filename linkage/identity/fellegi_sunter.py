"""Fellegi-Sunter arithmetic: comparison vectors, EM, u from random pairs, match weights.

For comparison ``k`` at level ``l``, ``m_k[l]`` is the probability of that level among
true matches and ``u_k[l]`` among non-matches [@fellegi-sunter-1969]; the match weight of
a pair is ``log2(prior / (1 - prior)) + sum_k log2(m_k[l_k] / u_k[l_k])`` (missing levels
add 0), and its match probability is ``1 / (1 + 2**-weight)``.

- ``u`` is estimated by comparing random pairs (:func:`u_from_levels`; almost all of
  them are non-matches), as Splink does [@splink].
- ``m`` and the prior are estimated by EM (:func:`expectation_maximisation`) over the
  comparison vectors. EM runs on the distinct comparison vectors and their counts, so
  its cost does not grow with the number of pairs. A floor on m and a prior on u keep
  one rarely seen level from vetoing a pair (see the function).
- Term-frequency adjustment (:func:`tf_terms`): at a level flagged for it, the weight
  uses the frequency of the pair's actual value instead of the level's average ``u``:
  ``+ log2(u_k[l] / tf(value))``, so agreeing on a rare name counts for more than
  agreeing on a common one (Splink's method). It is reported as its own term.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from linkage.identity.model import PROBABILITY_FLOOR, Model
from schemas.errors import ConfigError

__all__ = [
    "EMResult",
    "TfAdjustment",
    "expectation_maximisation",
    "floor_probabilities",
    "match_probability",
    "match_weights",
    "pattern_codes",
    "pattern_counts",
    "population_prior",
    "tf_terms",
    "u_from_levels",
    "weight_of_probability",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Levels = npt.NDArray[np.int8]


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
    patterns: npt.NDArray[np.int8],
    weights: FloatArray,
    n_levels: Sequence[int],
    prior: Sequence[FloatArray] | None = None,
    strength: float = 0.0,
) -> list[FloatArray]:
    """Per comparison, the weighted share of each level among the pairs that have one.

    With ``prior`` and ``strength``, ``strength`` pseudo-pairs distributed as ``prior``
    are added first (a Dirichlet prior; its posterior mean is returned).
    """
    out = []
    for i, n in enumerate(n_levels):
        col = patterns[:, i].astype(np.int64)
        seen = col >= 0
        sums = np.bincount(col[seen], weights=weights[seen], minlength=n).astype(np.float64)
        if prior is not None and strength > 0:
            sums += strength * prior[i]
        total = sums.sum()
        out.append(sums / total if total > 0 else np.full(n, 1.0 / n))
    return out


def floor_probabilities(p: FloatArray, floor: float) -> FloatArray:
    """``p`` with every entry at least ``floor``, still summing to one.

    Entries below the floor are raised to it and the others scaled down in proportion to
    make room (repeated while scaling pushes another entry under the floor); uniform when
    ``floor * len(p) >= 1``.
    """
    if floor <= 0:
        return p
    if floor * p.size >= 1.0:
        return np.full(p.size, 1.0 / p.size)
    fixed = p < floor
    while True:
        free = p[~fixed].sum()
        room = 1.0 - floor * int(fixed.sum())
        out = np.where(fixed, floor, p * room / free if free > 0 else room / (~fixed).sum())
        newly = ~fixed & (out < floor)
        if not newly.any():
            return np.asarray(out, dtype=np.float64)
        fixed |= newly


@dataclass(frozen=True, eq=False)
class EMResult:
    """What :func:`expectation_maximisation` found, and whether it settled."""

    m: list[FloatArray]
    u: list[FloatArray]
    prior: float
    iterations: int
    converged: bool
    change: float  # largest parameter change of the last iteration


def expectation_maximisation(
    patterns: npt.NDArray[np.int8],
    counts: IntArray,
    n_levels: Sequence[int],
    *,
    m_init: Sequence[FloatArray] | None = None,
    u_init: Sequence[FloatArray] | None = None,
    prior_init: float = 0.1,
    fix_u: bool = False,
    m_floor: float = 0.0,
    u_prior_pairs: float = 0.0,
    max_iter: int = 200,
    tol: float = 1e-6,
) -> EMResult:
    """EM for m, u and the prior over distinct comparison vectors and their counts.

    With ``fix_u`` (u from random sampling) only m and the prior are estimated. Default
    starting values: ``m`` increasing 4-fold per level (exact most likely), ``u`` the
    level shares over all pairs (almost all candidate pairs are non-matches).

    - ``m_floor``: no level's m falls below it (each M-step floors m,
      :func:`floor_probabilities`), so the weight of one disagreeing comparison is at
      least ``log2(m_floor / u)``: one field cannot veto a pair that every other field
      supports, and EM cannot drive a level it rarely sees among matches to zero by
      classing the pairs that show it as non-matches.
    - ``u_prior_pairs``: weight, in pairs, of a Dirichlet prior on u centred on
      ``u_init``; it keeps u of a session with few non-matches near the random-pair u.
    """
    if max_iter < 1 or tol <= 0:
        raise ConfigError("EM needs max_iter >= 1 and tol > 0")
    c = counts.astype(np.float64)
    m, u = _em_start(patterns, c, n_levels, m_init, u_init)
    u0 = list(u)
    prior = prior_init
    converged = False
    iteration = 0
    change = float("inf")
    for iteration in range(1, max_iter + 1):  # noqa: B007 - reported after the loop
        lm = np.log(prior) + _log_probs(patterns, m)
        lu = np.log1p(-prior) + _log_probs(patterns, u)
        post = 1.0 / (1.0 + np.exp(np.clip(lu - lm, -700, 700)))
        wm = post * c
        new_prior = float(wm.sum() / c.sum())
        new_m = [floor_probabilities(x, m_floor) for x in _level_shares(patterns, wm, n_levels)]
        new_u = (
            u if fix_u else _level_shares(patterns, (1.0 - post) * c, n_levels, u0, u_prior_pairs)
        )
        change = max(abs(new_prior - prior), _largest_change(new_m, m), _largest_change(new_u, u))
        m, u = new_m, new_u
        prior = min(max(new_prior, 1e-12), 1.0 - 1e-12)
        if change < tol:
            converged = True
            break
    return EMResult(m, u, prior, iteration, converged, change)


def _em_start(
    patterns: npt.NDArray[np.int8],
    c: FloatArray,
    n_levels: Sequence[int],
    m_init: Sequence[FloatArray] | None,
    u_init: Sequence[FloatArray] | None,
) -> tuple[list[FloatArray], list[FloatArray]]:
    """EM's starting m and u: the given ones, else m rising 4-fold per level and u the
    level shares over all pairs."""
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
    return m, u


def _largest_change(new: Sequence[FloatArray], old: Sequence[FloatArray]) -> float:
    """The largest absolute change of any level probability between two EM steps."""
    return max(float(np.abs(a - b).max()) for a, b in zip(new, old, strict=True))


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

    Each level gets half a pair more than it was seen (Jeffreys' prior), so that a level
    never seen among the random pairs gets a small u and a finite weight.
    """
    out = []
    for lv, n in zip(levels, n_levels, strict=True):
        seen = lv[lv >= 0].astype(np.int64)
        counts = np.bincount(seen, minlength=n).astype(np.float64) + 0.5
        out.append(counts / counts.sum())
    return out


@dataclass(frozen=True, eq=False)
class TfAdjustment:
    """A term-frequency adjustment: comparison ``index`` at ``level``, per-record tf."""

    index: int
    level: int
    tf: FloatArray


def match_weights(levels: Sequence[Levels], model: Model) -> FloatArray:
    """Match weight of every pair (bits) before term-frequency adjustment: the prior's
    weight plus each comparison's ``log2(m / u)`` at the pair's level (0 if missing)."""
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
    return np.asarray(out, dtype=np.float64)


def tf_terms(
    levels: Sequence[Levels],
    model: Model,
    tf: Sequence[TfAdjustment],
    left: IntArray,
    right: IntArray,
    tf_minimum: float = 0.0,
) -> list[npt.NDArray[np.float32] | None]:
    """Per comparison, each pair's term-frequency adjustment in bits (None when the
    comparison has none): ``log2(u_level / tf(value))`` at an adjusted level, else 0.

    ``tf(value)`` is the larger of the two records' value frequencies, floored at
    ``tf_minimum``; the match weight of a pair is :func:`match_weights` plus these terms.
    """
    out: list[npt.NDArray[np.float32] | None] = [None] * len(levels)
    for adj in tf:
        terms = out[adj.index]
        if terms is None:
            terms = out[adj.index] = np.zeros(left.size, dtype=np.float32)
        at = np.flatnonzero(levels[adj.index] == adj.level)
        if at.size == 0:
            continue
        value_tf = np.fmax(adj.tf[left[at]], adj.tf[right[at]])
        u_level = max(float(model.u[adj.index][adj.level]), PROBABILITY_FLOOR)
        bonus = np.log2(u_level / np.maximum(value_tf, max(tf_minimum, PROBABILITY_FLOOR)))
        terms[at] = np.nan_to_num(bonus, nan=0.0)
    return out


def weight_of_probability(probability: float) -> float:
    """The match weight (bits) at which the match probability equals ``probability``."""
    if not 0.0 < probability < 1.0:
        return float("inf") if probability >= 1.0 else float("-inf")
    return float(np.log2(probability / (1.0 - probability)))


def match_probability(weights: FloatArray) -> FloatArray:
    """``1 / (1 + 2**-weight)``."""
    return np.asarray(1.0 / (1.0 + np.exp2(-np.clip(weights, -1000, 1000))), dtype=np.float64)

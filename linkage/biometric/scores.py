"""The score model: genuine, impostor and look-alike scores, and their fusion.

Scores are calibrated (see :mod:`linkage.biometric.config`): ``s = -log10`` of the
reference impostor pair's probability of scoring ``s`` or more. An impostor score is
``a + E`` with ``a = log10(multiplier)`` of the pair and ``P(E >= e) = 10**-e``, so every
tail probability used by the 1:N sampler is exact:

- one modality: ``P(s >= t) = min(1, 10**(a - t))`` and ``s | s >= t = max(t, a) + E``;
- sum rule: ``x = s_fp + s_face`` has the reference tail ``F(x) = 10**-x * (1 + x ln 10)``
  (a gamma law); the fused score is ``-log10 F(x)``; conditional on ``x >= x_t`` the sum is
  drawn from the gamma tail and split uniformly between the modalities;
- max rule: the fused score is ``-log10(1 - (1 - 10**-m)**2)`` of ``m = max(s_fp, s_face)``.

Modalities are bits: fingerprint 1, face 2, both 3 (:data:`FINGERPRINT`, :data:`FACE`,
:data:`BOTH`).
"""

from __future__ import annotations

import math

import numpy as np

from linkage.biometric.config import FusionRule, GenuineScores, LookalikeScores
from schemas.rng import stable_hash

__all__ = [
    "BOTH",
    "FACE",
    "FINGERPRINT",
    "LN10",
    "fuse",
    "fused_tail",
    "genuine_penalty_sd",
    "hit_probability",
    "impostor_tail",
    "pair_normal",
    "raw_threshold",
    "sample_genuine",
    "sample_hit_scores",
    "sample_impostor",
    "sample_lookalike",
]

FINGERPRINT = 1
FACE = 2
BOTH = 3
LN10 = math.log(10.0)

FloatArray = np.ndarray


def impostor_tail(a: FloatArray | float, t: float) -> FloatArray:
    """``P(a + E >= t) = min(1, 10**(a - t))``, elementwise."""
    return np.exp(np.minimum(0.0, (np.asarray(a, dtype=np.float64) - t) * LN10))


def _exp10(rng: np.random.Generator, n: int) -> FloatArray:
    """``n`` draws of ``E`` with ``P(E >= e) = 10**-e``."""
    return rng.standard_exponential(n) / LN10


def sample_impostor(a: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Full-range impostor scores for pairs with log-multipliers ``a``."""
    return np.asarray(a + _exp10(rng, len(a)))


def fused_tail(x: FloatArray | float) -> FloatArray:
    """Reference-pair tail of the sum of two scores: ``P(E1 + E2 >= x)``."""
    x = np.asarray(x, dtype=np.float64)
    y = np.maximum(x, 0.0) * LN10
    return np.asarray(np.exp(-y) * (1.0 + y))


def _sum_score(x: FloatArray) -> FloatArray:
    # -log10 F(x) for x > 0, else 0.
    xp = np.maximum(x, 0.0)
    return np.asarray(xp - np.log1p(xp * LN10) / LN10)


def _max_score(m: FloatArray) -> FloatArray:
    # -log10(1 - (1 - 10**-m)**2) = m - log10(2 - 10**-m) for m > 0, else 0.
    mp = np.maximum(m, 0.0)
    return np.asarray(mp - np.log10(2.0 - np.power(10.0, -mp)))


def raw_threshold(t: float, rule: FusionRule) -> float:
    """The threshold on the raw fusion statistic (sum or max) whose fused score is ``t``."""
    if rule is FusionRule.MAX:
        f = 10.0**-t
        p = f / (1.0 + math.sqrt(1.0 - f))  # root of p (2 - p) = f
        return -math.log10(p)
    lo, hi = t, t + 1.0 + math.log10(1.0 + (t + 2.0) * LN10) + 1.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid - math.log1p(mid * LN10) / LN10 < t:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def fuse(s_fp: FloatArray, s_face: FloatArray, rule: FusionRule) -> FloatArray:
    """Calibrated biometric score from per-modality scores (NaN = not compared)."""
    s_fp = np.asarray(s_fp, dtype=np.float64)
    s_face = np.asarray(s_face, dtype=np.float64)
    has_fp, has_face = ~np.isnan(s_fp), ~np.isnan(s_face)
    both = has_fp & has_face
    out = np.where(has_fp, np.maximum(s_fp, 0.0), np.maximum(s_face, 0.0))
    out = np.where(has_fp | has_face, out, np.nan)
    if both.any():
        if rule is FusionRule.MAX:
            fused = _max_score(np.maximum(s_fp[both], s_face[both]))
        else:
            fused = _sum_score(s_fp[both] + s_face[both])
        out[both] = fused
    return out


def hit_probability(
    kind: int, a_fp: FloatArray, a_face: FloatArray, t: float, rule: FusionRule
) -> FloatArray:
    """P(calibrated biometric score >= ``t``) of impostor pairs compared on ``kind``."""
    if kind == FINGERPRINT:
        return impostor_tail(a_fp, t)
    if kind == FACE:
        return impostor_tail(a_face, t)
    r = raw_threshold(t, rule)
    a_fp = np.asarray(a_fp, dtype=np.float64)
    a_face = np.asarray(a_face, dtype=np.float64)
    if rule is FusionRule.MAX:
        p1, p2 = impostor_tail(a_fp, r), impostor_tail(a_face, r)
        return np.asarray(p1 + p2 - p1 * p2)
    return fused_tail(r - a_fp - a_face)


def _tail_or_body(
    a: FloatArray, r: float, tail: FloatArray, rng: np.random.Generator
) -> FloatArray:
    """``a + E`` conditioned on ``>= r`` where ``tail`` else on ``< r``."""
    n = len(a)
    above = np.maximum(a, r) + _exp10(rng, n)
    span = np.maximum(r - a, 0.0)  # body is [a, r)
    w = rng.random(n)
    below = a - np.log1p(-w * -np.expm1(-span * LN10)) / LN10
    return np.where(tail, above, below)


def sample_hit_scores(
    kind: int,
    a_fp: FloatArray,
    a_face: FloatArray,
    t: float,
    rule: FusionRule,
    rng: np.random.Generator,
) -> tuple[FloatArray, FloatArray]:
    """Per-modality impostor scores conditioned on a fused score ``>= t``.

    ``a_fp``, ``a_face``: log-multipliers of each pair (equal lengths; the one of a
    modality not compared is ignored). Returns ``(s_fp, s_face)`` with NaN where a modality
    is not compared.
    """
    a_fp = np.asarray(a_fp, dtype=np.float64)
    a_face = np.asarray(a_face, dtype=np.float64)
    n = len(a_fp) if kind != FACE else len(a_face)
    nan = np.full(n, np.nan)
    if kind == FINGERPRINT:
        return np.maximum(a_fp, t) + _exp10(rng, n), nan
    if kind == FACE:
        return nan, np.maximum(a_face, t) + _exp10(rng, n)
    r = raw_threshold(t, rule)
    if rule is FusionRule.MAX:
        p1, p2 = impostor_tail(a_fp, r), impostor_tail(a_face, r)
        q = p1 + p2 - p1 * p2
        v = rng.random(n) * q
        only_fp = v < p1 * (1.0 - p2)
        only_face = ~only_fp & (v < p1 * (1.0 - p2) + (1.0 - p1) * p2)
        fp_tail = ~only_face
        face_tail = ~only_fp
        return (
            _tail_or_body(a_fp, r, fp_tail, rng),
            _tail_or_body(a_face, r, face_tail, rng),
        )
    # Sum rule: E1 + E2 = G / ln 10 with G ~ Gamma(2, 1); G | G >= u0 is u0 + W with W a
    # mixture of Exp(1) (weight u0 / (1 + u0)) and Gamma(2, 1); split uniformly.
    u0 = np.maximum(r - a_fp - a_face, 0.0) * LN10
    one = rng.random(n) < u0 / (1.0 + u0)
    w = rng.standard_exponential(n) + np.where(one, 0.0, rng.standard_exponential(n))
    z = (u0 + w) / LN10
    split = rng.random(n)
    return a_fp + split * z, a_face + (1.0 - split) * z


def genuine_penalty_sd(
    model: GenuineScores,
    quality_a: FloatArray,
    quality_b: FloatArray,
    years: FloatArray,
    age_a: FloatArray,
    age_b: FloatArray,
) -> FloatArray:
    """Shift (in sd units) of the genuine mean for the given capture conditions.

    NaN qualities (not measured) count as the reference quality.
    """
    qa = np.where(np.isnan(quality_a), model.quality_reference, quality_a)
    qb = np.where(np.isnan(quality_b), model.quality_reference, quality_b)
    q = np.minimum(qa, qb)
    penalty = model.quality_sd_per_point * np.maximum(0.0, model.quality_reference - q)
    young = np.minimum(age_a, age_b) < model.child_age
    rate = model.ageing_sd_per_year * np.where(young, model.child_ageing_factor, 1.0)
    penalty = penalty + rate * np.abs(years)
    for age in (np.asarray(age_a, dtype=np.float64), np.asarray(age_b, dtype=np.float64)):
        penalty = penalty + model.child_sd_per_year * np.maximum(0.0, model.child_age - age)
        penalty = penalty + model.elderly_sd_per_year * np.maximum(0.0, age - model.elderly_age)
    return np.asarray(penalty, dtype=np.float64)


def sample_genuine(
    model: GenuineScores,
    quality_a: FloatArray,
    quality_b: FloatArray,
    years: FloatArray,
    age_a: FloatArray,
    age_b: FloatArray,
    rng: np.random.Generator,
) -> FloatArray:
    """Genuine (mated) scores of pairs of captures of the same body."""
    penalty = genuine_penalty_sd(model, quality_a, quality_b, years, age_a, age_b)
    return np.asarray(model.mean + model.sd * (rng.standard_normal(len(penalty)) - penalty))


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser on a uint64 array (wrapping arithmetic)."""
    z = x + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return np.asarray(z ^ (z >> np.uint64(31)))


def pair_normal(seed: int, modality: int, key_a: np.ndarray, key_b: np.ndarray) -> FloatArray:
    """A standard normal value fixed per unordered pair of template keys (and seed)."""
    a = np.asarray(key_a, dtype=np.int64).view(np.uint64)
    b = np.asarray(key_b, dtype=np.int64).view(np.uint64)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    base = np.uint64(stable_hash(f"linkage.biometric.lookalike:{seed}:{modality}"))
    h1 = _mix(_mix(np.full(len(lo), base, dtype=np.uint64) ^ lo) ^ hi)
    h2 = _mix(h1)
    u1 = ((h1 >> np.uint64(11)).astype(np.float64) + 0.5) * 2.0**-53
    u2 = (h2 >> np.uint64(11)).astype(np.float64) * 2.0**-53
    return np.asarray(np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2))


def sample_lookalike(
    model: LookalikeScores,
    seed: int,
    modality: int,
    key_a: np.ndarray,
    key_b: np.ndarray,
    rng: np.random.Generator,
) -> FloatArray:
    """Scores of bodies against their persistent look-alikes (``key_a`` vs ``key_b``)."""
    z_pair = pair_normal(seed, modality, key_a, key_b)
    return model.mean + model.sd_pair * z_pair + model.sd_noise * rng.standard_normal(len(z_pair))

"""The score laws: exact tails, conditional tail draws, fusion calibration, genuine shifts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from linkage.biometric import BiometricConfig
from linkage.biometric.config import FusionRule, GenuineScores, LookalikeScores
from linkage.biometric.scores import (
    BOTH,
    FACE,
    FINGERPRINT,
    fuse,
    genuine_penalty_sd,
    hit_probability,
    impostor_tail,
    pair_normal,
    raw_threshold,
    sample_genuine,
    sample_hit_scores,
    sample_impostor,
    sample_lookalike,
)

RULES = list(FusionRule)


def _binomial_ok(hits: int, n: int, p: float, sigmas: float = 5.0) -> bool:
    return abs(hits - n * p) <= sigmas * math.sqrt(n * p * (1 - p)) + 1


@pytest.mark.parametrize(("a", "t"), [(0.0, 1.0), (0.7, 2.0), (-0.5, 0.5), (1.2, 1.0)])
def test_impostor_tail_is_exact(a: float, t: float) -> None:
    rng = np.random.default_rng(1)
    n = 200_000
    s = sample_impostor(np.full(n, a), rng)
    p = float(impostor_tail(a, t))
    assert p == pytest.approx(min(1.0, 10 ** (a - t)))
    assert _binomial_ok(int((s >= t).sum()), n, p)


@pytest.mark.parametrize("rule", RULES)
@given(t=st.floats(0.01, 14.0))
def test_fused_score_is_calibrated_for_the_reference_pair(rule: FusionRule, t: float) -> None:
    p = float(hit_probability(BOTH, np.array(0.0), np.array(0.0), t, rule))
    assert p == pytest.approx(10**-t, rel=1e-9)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize(("a_fp", "a_face", "t"), [(0.0, 0.0, 1.5), (0.4, -0.6, 2.0)])
def test_fused_hit_probability_matches_full_draws(
    rule: FusionRule, a_fp: float, a_face: float, t: float
) -> None:
    rng = np.random.default_rng(2)
    n = 300_000
    s1 = sample_impostor(np.full(n, a_fp), rng)
    s2 = sample_impostor(np.full(n, a_face), rng)
    hits = int((fuse(s1, s2, rule) >= t).sum())
    p = float(hit_probability(BOTH, np.array(a_fp), np.array(a_face), t, rule))
    assert _binomial_ok(hits, n, p)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("kind", [FINGERPRINT, FACE, BOTH])
def test_conditional_tail_draws_match_rejection(rule: FusionRule, kind: int) -> None:
    """Scores drawn above the threshold have the law of full draws kept when above it."""
    rng = np.random.default_rng(3)
    a_fp, a_face, t = 0.3, -0.4, 1.2
    n = 400_000
    s1 = sample_impostor(np.full(n, a_fp), rng)
    s2 = sample_impostor(np.full(n, a_face), rng)
    if kind == FINGERPRINT:
        s2 = np.full(n, np.nan)
    if kind == FACE:
        s1 = np.full(n, np.nan)
    keep = fuse(s1, s2, rule) >= t
    m = 4000
    c1, c2 = sample_hit_scores(kind, np.full(m, a_fp), np.full(m, a_face), t, rule, rng)
    assert np.all(fuse(c1, c2, rule) >= t - 1e-9)
    for ref, got in ((s1[keep], c1), (s2[keep], c2)):
        if np.isnan(ref).all():
            assert np.isnan(got).all()
            continue
        assert stats.ks_2samp(ref, got).pvalue > 1e-4


def test_fuse_handles_missing_modalities() -> None:
    s = fuse(
        np.array([2.0, np.nan, np.nan, -1.0]),
        np.array([np.nan, 3.0, np.nan, np.nan]),
        FusionRule.SUM,
    )
    assert s[0] == 2.0
    assert s[1] == 3.0
    assert np.isnan(s[2])
    assert s[3] == 0.0


@pytest.mark.parametrize("rule", RULES)
@given(x=st.floats(-5, 40), y=st.floats(-5, 40), dx=st.floats(0, 10))
def test_fused_score_is_monotone(rule: FusionRule, x: float, y: float, dx: float) -> None:
    a = fuse(np.array([x]), np.array([y]), rule)[0]
    b = fuse(np.array([x + dx]), np.array([y]), rule)[0]
    assert b >= a - 1e-12


@pytest.mark.parametrize("rule", RULES)
@given(t=st.floats(0.01, 30))
def test_raw_threshold_inverts_the_fused_score(rule: FusionRule, t: float) -> None:
    r = raw_threshold(t, rule)
    if rule is FusionRule.SUM:
        value = fuse(np.array([r / 2]), np.array([r / 2]), rule)[0]
    else:
        value = fuse(np.array([r]), np.array([-1.0]), rule)[0]
    assert value == pytest.approx(t, rel=1e-9, abs=1e-9)


GEN = GenuineScores(mean=50.0, sd=10.0)


def test_no_penalty_at_reference_conditions() -> None:
    p = genuine_penalty_sd(
        GEN,
        np.array([80.0]),
        np.array([np.nan]),
        np.array([0.0]),
        np.array([30.0]),
        np.array([40.0]),
    )
    assert p[0] == 0.0


@given(
    q=st.floats(0, 100),
    dq=st.floats(0, 100),
    years=st.floats(0, 30),
    dy=st.floats(0, 10),
    age=st.floats(0, 100),
)
def test_worse_conditions_never_help(
    q: float, dq: float, years: float, dy: float, age: float
) -> None:
    def pen(q_: float, y_: float, age_: float) -> float:
        one = np.array([1.0])
        return float(genuine_penalty_sd(GEN, q_ * one, 90 * one, y_ * one, age_ * one, 30 * one)[0])

    base = pen(q, years, age)
    assert base >= 0
    assert pen(max(q - dq, 0.0), years, age) >= base
    assert pen(q, years + dy, age) >= base
    if age <= GEN.child_age:
        assert pen(q, years, max(age - 1, 0.0)) >= base
    if age >= GEN.elderly_age:
        assert pen(q, years, age + 1) >= base


def test_genuine_scores_follow_their_normal_law() -> None:
    rng = np.random.default_rng(4)
    n = 50_000
    one = np.ones(n)
    s = sample_genuine(GEN, 90 * one, 90 * one, 0 * one, 30 * one, 30 * one, rng)
    assert stats.kstest((s - GEN.mean) / GEN.sd, "norm").pvalue > 1e-4
    low = sample_genuine(GEN, 10 * one, 90 * one, 0 * one, 30 * one, 30 * one, rng)
    assert low.mean() == pytest.approx(GEN.mean - GEN.sd * 0.02 * 50, abs=0.5)


def test_pair_normal_is_fixed_symmetric_and_standard() -> None:
    a = np.arange(1, 20_001, dtype=np.int64)
    b = a * 7 + 3
    z = pair_normal(5, FACE, a, b)
    assert np.array_equal(z, pair_normal(5, FACE, b, a))
    assert np.array_equal(z, pair_normal(5, FACE, a, b))
    assert not np.array_equal(z, pair_normal(6, FACE, a, b))
    assert not np.array_equal(z, pair_normal(5, FINGERPRINT, a, b))
    assert stats.kstest(z, "norm").pvalue > 1e-4


def test_lookalike_pairs_keep_matching() -> None:
    model = LookalikeScores(mean=10.0, sd_pair=3.0, sd_noise=1.0)
    rng = np.random.default_rng(6)
    a = np.arange(5000, dtype=np.int64)
    b = a + 100_000
    first = sample_lookalike(model, 1, FACE, a, b, rng)
    second = sample_lookalike(model, 1, FACE, b, a, rng)
    assert np.corrcoef(first, second)[0, 1] == pytest.approx(0.9, abs=0.03)
    assert first.mean() == pytest.approx(10.0, abs=0.2)


def test_default_lookalike_face_is_above_threshold_and_fingerprints_have_none() -> None:
    config = BiometricConfig()
    assert config.face.lookalike.mean > config.threshold
    assert config.face.persistent_lookalike is config.face.lookalike
    assert config.fingerprint.persistent_lookalike is None
    assert "lookalike" not in config.model_dump()["fingerprint"]

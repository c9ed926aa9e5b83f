"""EM against recordlinkage's ECM classifier; patterns and weights are consistent."""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.identity import Model
from linkage.identity.fellegi_sunter import (
    expectation_maximisation,
    match_probability,
    match_weights,
    pattern_counts,
    population_prior,
)
from schemas.errors import ConfigError


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_em_matches_recordlinkage_ecm(seed: int) -> None:
    import recordlinkage as rl
    from recordlinkage.datasets import binary_vectors

    m_true = [0.95, 0.9, 0.85, 0.8, 0.9]
    u_true = [0.1, 0.2, 0.05, 0.3, 0.15]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        vectors = binary_vectors(20_000, 2_000, m=m_true, u=u_true, random_state=seed)
        logging.disable(logging.INFO)
        ecm = rl.ECMClassifier(init="jaro", binarize=None, max_iter=500, atol=1e-8)
        ecm.fit(vectors)
        logging.disable(logging.NOTSET)
    x = vectors.to_numpy().astype(np.int8)
    levels = [x[:, k] for k in range(x.shape[1])]
    patterns, counts, _ = pattern_counts(levels, [2] * x.shape[1])
    fit = expectation_maximisation(
        patterns,
        counts,
        [2] * x.shape[1],
        m_init=[np.array([0.1, 0.9])] * x.shape[1],
        u_init=[np.array([0.9, 0.1])] * x.shape[1],
        prior_init=0.1,
        max_iter=500,
        tol=1e-9,
    )
    assert fit.converged
    m, u, prior = fit.m, fit.u, fit.prior
    names = list(vectors.columns)
    for k, name in enumerate(names):
        assert m[k][1] == pytest.approx(ecm.m_probs[name][1], abs=2e-3)
        assert u[k][1] == pytest.approx(ecm.u_probs[name][1], abs=2e-3)
        # and both near the truth the vectors were drawn from
        assert m[k][1] == pytest.approx(m_true[k], abs=0.03)
    assert prior == pytest.approx(ecm.p, abs=2e-3)
    assert prior == pytest.approx(0.1, abs=0.01)


@settings(max_examples=50, deadline=None)
@given(
    n_levels=st.lists(st.integers(1, 6), min_size=1, max_size=5),
    seed=st.integers(0, 1000),
)
def test_patterns_round_trip_and_weights_add_up(n_levels: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    levels = [rng.integers(-1, n, 300).astype(np.int8) for n in n_levels]
    patterns, counts, inverse = pattern_counts(levels, n_levels)
    assert counts.sum() == 300
    for k, lv in enumerate(levels):
        np.testing.assert_array_equal(patterns[inverse, k], lv)
    m = tuple(rng.dirichlet(np.ones(n)) for n in n_levels)
    u = tuple(rng.dirichlet(np.ones(n)) for n in n_levels)
    labels = tuple(tuple(str(i) for i in range(n)) for n in n_levels)
    model = Model(tuple("abcde"[: len(n_levels)]), labels, m, u, 0.01)
    direct = np.full(300, np.log2(0.01 / 0.99))
    for lv, w in zip(levels, model.weights(), strict=True):
        direct += np.where(lv >= 0, w[np.maximum(lv, 0)], 0.0)
    np.testing.assert_allclose(match_weights(levels, model), direct, rtol=1e-12, atol=1e-9)
    p = match_probability(direct)
    assert ((p > 0) & (p < 1)).all()


def test_population_prior_recovers_the_match_share() -> None:
    # 1,000 matches at pattern 1 (m=0.99, u=1e-6), 9,000 candidate non-matches at 0.
    patterns = np.array([[0], [1]], dtype=np.int8)
    m = [np.array([0.01, 0.99])]
    u = [np.array([1 - 1e-6, 1e-6])]
    counts = np.array([9_000, 1_000])
    prior = population_prior(patterns, counts, m, u, n_pairs=1_000_000)
    assert prior == pytest.approx(1_000 / 1_000_000, rel=0.05)
    with pytest.raises(ConfigError):
        population_prior(patterns, counts, m, u, n_pairs=10)


def test_model_validates() -> None:
    with pytest.raises(ConfigError, match="prior"):
        Model(("a",), (("x", "y"),), (np.ones(2) / 2,), (np.ones(2) / 2,), 1.5)
    with pytest.raises(ConfigError, match="levels"):
        Model(("a",), (("x",),), (np.ones(2) / 2,), (np.ones(2) / 2,), 0.5)

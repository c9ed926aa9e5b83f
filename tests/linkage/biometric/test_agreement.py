"""The 1:N sampler and the brute force agree in distribution (fixed seeds)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import stats

from linkage.biometric import BiometricConfig, SearchMode, search_world
from linkage.biometric.config import FusionRule
from linkage.biometric.reference import MAX_BRUTE_FORCE_PAIRS, search_world_brute_force
from schemas.errors import ConfigError
from tests.linkage.biometric.synthetic import make_world

P_MIN = 1e-4  # generous: each check fails by chance about once in 10,000 runs


def _impostor_hits(hits: pl.DataFrame, captures: pl.DataFrame) -> pl.DataFrame:
    """Hits between different bodies and not look-alikes (what the sampler draws)."""
    body = (
        captures.filter(~pl.col("failed"))
        .group_by("record_id")
        .agg(pl.col("template_key").first(), pl.col("lookalike_key").first())
    )
    a = body.rename({"record_id": "record_id_a", "template_key": "ka", "lookalike_key": "la"})
    b = body.rename({"record_id": "record_id_b", "template_key": "kb", "lookalike_key": "lb"})
    joined = hits.join(a, on="record_id_a").join(b, on="record_id_b")
    related = (
        (pl.col("ka") == pl.col("kb"))
        | (pl.col("la").fill_null(-1) == pl.col("kb"))
        | (pl.col("lb").fill_null(-1) == pl.col("ka"))
    )
    return joined.filter(~related)


def _compare(
    n_bodies: int, config: BiometricConfig, mode: SearchMode | str, seeds: range, world_seed: int
) -> None:
    records, captures = make_world(n_bodies, world_seed, lookalike_share=0.1)
    per_probe: dict[str, list[np.ndarray]] = {"sampler": [], "brute": []}
    scores: dict[str, list[np.ndarray]] = {"sampler": [], "brute": []}
    totals: dict[str, list[int]] = {"sampler": [], "brute": []}
    for seed in seeds:
        for name, fn in (("sampler", search_world), ("brute", search_world_brute_force)):
            hits = _impostor_hits(fn(records, captures, config, mode, seed=seed).hits, captures)
            counts = hits.group_by("record_id_a").len()["len"].to_numpy()
            per_probe[name].append(counts)
            scores[name].append(hits["biometric_score"].to_numpy())
            totals[name].append(hits.height)
    # Hits per probe that has any: 1, 2, 3+ (contingency table).
    table = np.array(
        [
            np.bincount(np.minimum(np.concatenate(per_probe[k]), 3), minlength=4)[1:]
            for k in per_probe
        ]
    )
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] > 1:
        assert stats.chi2_contingency(table).pvalue > P_MIN
    s, b = np.concatenate(scores["sampler"]), np.concatenate(scores["brute"])
    assert s.size > 50
    assert b.size > 50
    assert stats.ks_2samp(s, b).pvalue > P_MIN
    # Total impostor hits per run: same mean (Welch).
    assert stats.ttest_ind(totals["sampler"], totals["brute"], equal_var=False).pvalue > P_MIN
    # Decision threshold: every drawn score is at least the candidate threshold.
    assert s.min() >= config.candidate_threshold - 1e-9


def test_sampler_agrees_with_brute_force() -> None:
    _compare(150, BiometricConfig(fmr=5e-3), "shared", range(25), world_seed=11)


@pytest.mark.slow
@pytest.mark.parametrize("mode", list(SearchMode))
@pytest.mark.parametrize("fusion", list(FusionRule))
def test_sampler_agrees_with_brute_force_at_length(mode: SearchMode, fusion: FusionRule) -> None:
    config = BiometricConfig(fmr=1e-3, candidate_fmr=4e-3, fusion=fusion)
    _compare(500, config, mode, range(60), world_seed=12)


def test_brute_force_refuses_large_worlds(monkeypatch: pytest.MonkeyPatch) -> None:
    records, captures = make_world(100, 1)
    monkeypatch.setattr("linkage.biometric.reference.MAX_BRUTE_FORCE_PAIRS", 10)
    with pytest.raises(ConfigError, match="brute force"):
        search_world_brute_force(records, captures, BiometricConfig(), "shared", seed=0)
    assert MAX_BRUTE_FORCE_PAIRS > 10


def test_explicit_pairs_are_identical_in_both() -> None:
    """Genuine and look-alike comparisons use the same law in both: same counts."""
    records, captures = make_world(200, 13, lookalike_share=0.2)
    config = BiometricConfig(fmr=1e-4)
    s = search_world(records, captures, config, "shared", seed=1)
    b = search_world_brute_force(records, captures, config, "shared", seed=1)
    assert s.stats.probes == b.stats.probes
    assert s.stats.gallery == b.stats.gallery

    def keys(hits: pl.DataFrame) -> set[tuple[str, str]]:
        return set(zip(hits["record_id_a"], hits["record_id_b"], strict=True))

    related_s = keys(s.hits) - keys(_impostor_hits(s.hits, captures))
    related_b = keys(b.hits) - keys(_impostor_hits(b.hits, captures))
    # Different random draws, but mostly the same mated pairs clear the threshold.
    assert len(related_s & related_b) >= 0.8 * max(len(related_s), len(related_b))


@pytest.mark.slow
def test_impostor_hits_match_their_expectation_at_small_fmr() -> None:
    """Many searches, few hits each: the realised count is Poisson-close to the exact mean."""
    records, captures = make_world(20_000, 14, days=2000, retention_days=700)
    config = BiometricConfig(fmr=1.2e-8)
    drawn, expected = 0, 0.0
    for seed in range(80):
        stats_ = search_world(records, captures, config, "shared", seed=seed).stats
        drawn += stats_.impostor_hits
        expected += stats_.impostor_hits_expected
    assert expected > 200
    assert abs(drawn - expected) <= 5 * expected**0.5

"""FPIR(N) = 1 - (1 - FMR)^N: closed forms, virtual galleries and world searches."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.biometric import BiometricConfig, expected_by_cell, search_virtual, search_world
from linkage.biometric.config import SBMS_FMR, SBMS_TEMPLATES
from linkage.biometric.scaling import expected_false_hits, fmr_for_fpir, fpir
from schemas.errors import ConfigError
from tests.linkage.biometric.handmade import REFERENCE_CELL, Entry, build


def _within(successes: int, n: int, p: float, sigmas: float = 5.0) -> bool:
    return abs(successes - n * p) <= sigmas * math.sqrt(n * p * (1 - p)) + 2


def test_daugman_examples() -> None:
    # [@daugman-identification]: FMR 1e-3 gives 0.181 at 200, 0.86 at 2,000, 0.99995 at 10,000.
    assert fpir(200, 1e-3) == pytest.approx(0.181, abs=5e-4)
    assert fpir(2000, 1e-3) == pytest.approx(0.865, abs=5e-3)
    assert fpir(10_000, 1e-3) == pytest.approx(0.99995, abs=1e-5)
    # [E] §3.6: FPIR 1e-3 at the sBMS size needs FMR ~ 2.5e-12.
    assert float(fmr_for_fpir(1e-3, SBMS_TEMPLATES)) == pytest.approx(SBMS_FMR)
    assert float(fpir(SBMS_TEMPLATES, SBMS_FMR)) == pytest.approx(1e-3)


def test_fpir_is_stable_for_tiny_rates() -> None:
    assert float(fpir(1, 1e-20)) == pytest.approx(1e-20, rel=1e-12)
    assert float(fpir(1e8, 1e-17)) == pytest.approx(1e-9, rel=1e-6)
    assert float(fpir(0, 0.5)) == 0.0
    assert np.allclose(fpir(np.array([1.0, 10.0]), 0.5), [0.5, 1 - 0.5**10])
    assert float(expected_false_hits(4e8, 2.5e-12)) == pytest.approx(1e-3)
    with pytest.raises(ConfigError):
        fpir(-1, 0.1)
    with pytest.raises(ConfigError):
        fmr_for_fpir(1.0, 10)


@given(n=st.floats(1, 1e10), target=st.floats(1e-9, 0.999))
def test_fmr_for_fpir_inverts_fpir(n: float, target: float) -> None:
    assert float(fpir(n, fmr_for_fpir(target, n))) == pytest.approx(target, rel=1e-6)


def _flat(fmr: float) -> BiometricConfig:
    return BiometricConfig.preset("no_differentials", fmr=fmr)


@pytest.mark.parametrize("modalities", ["fingerprint", "face", "both"])
@settings(max_examples=15, deadline=None)
@given(log_n=st.floats(0, 9), rate=st.floats(0.02, 3.0), seed=st.integers(0, 2**31))
def test_virtual_fpir_follows_the_independence_law(
    modalities: str, log_n: float, rate: float, seed: int
) -> None:
    n = int(10**log_n)
    fmr = rate / n
    if not 0 < fmr < 0.5:
        return
    probes = 4000
    result = search_virtual(
        {REFERENCE_CELL: probes},
        {REFERENCE_CELL: n},
        _flat(fmr),
        seed,
        modalities=modalities,  # type: ignore[arg-type]
    )
    expected = float(fpir(n, fmr))
    assert result.fpir_expected == pytest.approx(expected, rel=1e-6)
    assert _within(int(result.fpir * probes), probes, expected)
    mean = n * fmr
    assert abs(result.false_hits - probes * mean) <= 5 * math.sqrt(probes * mean) + 2
    assert result.hits_per_probe.shape == (probes,)
    assert result.false_hits == int(result.hits_per_probe.sum())


def test_virtual_search_with_differentials_matches_its_expectation() -> None:
    config = BiometricConfig(fmr=1e-8)
    cells = [
        "F|18-34|west_africa",
        "M|18-34|west_africa",
        "M|35-64|eastern_europe",
        "F|0-11|east_asia",
    ]
    rng = np.random.default_rng(0)
    probes = list(np.asarray(cells, dtype=object)[rng.integers(len(cells), size=40_000)])
    gallery = dict.fromkeys(cells, 5000000)
    result = search_virtual(probes, gallery, config, seed=3)
    by_cell = result.by_cell
    assert set(by_cell["probe_cell"]) == set(cells)
    for row in by_cell.iter_rows(named=True):
        assert _within(round(row["fpir"] * row["probes"]), row["probes"], row["fpir_expected"])
    # NIST-style differentials: women and West Africans get more false candidates.
    fp = dict(zip(by_cell["probe_cell"], by_cell["fpir_expected"], strict=True))
    assert fp["F|18-34|west_africa"] > fp["M|18-34|west_africa"] > fp["M|35-64|eastern_europe"]
    expected = expected_by_cell(probes, gallery, config)
    assert expected["fpir_expected"].to_list() == by_cell["fpir_expected"].to_list()
    assert result.hits_per_probe.size == len(probes)
    assert (result.hits["biometric_score"] >= config.threshold).all()


def test_virtual_search_is_deterministic_and_guarded() -> None:
    config = _flat(1e-6)
    a = search_virtual({REFERENCE_CELL: 1000}, {REFERENCE_CELL: 10**6}, config, seed=1)
    b = search_virtual({REFERENCE_CELL: 1000}, {REFERENCE_CELL: 10**6}, config, seed=1)
    assert np.array_equal(a.hits_per_probe, b.hits_per_probe)
    assert a.hits.equals(b.hits)
    with pytest.raises(ConfigError, match="max_hits"):
        search_virtual({REFERENCE_CELL: 1000}, {REFERENCE_CELL: 10**9}, config, seed=1, max_hits=10)
    with pytest.raises(ConfigError, match="modalities"):
        search_virtual({REFERENCE_CELL: 1}, {REFERENCE_CELL: 1}, config, seed=1, modalities="iris")  # type: ignore[arg-type]


@settings(max_examples=6, deadline=None)
@given(n=st.integers(50, 600), rate=st.floats(0.05, 2.0), seed=st.integers(0, 2**31))
def test_world_search_fpir_follows_the_independence_law(n: int, rate: float, seed: int) -> None:
    """Non-mated searches against a stored gallery of n distinct bodies (fingerprints)."""
    probes = 1500
    fmr = rate / n
    gallery = [Entry(f"VIS-g{i:05d}", 0, fingerprint=i) for i in range(n)]
    # Probes are deleted the day they enrol: searched, never stored, so each sees n.
    searches = [Entry(f"EES-p{i:05d}", 1, fingerprint=10**6 + i, deleted=1) for i in range(probes)]
    records, captures = build(gallery + searches)
    hits = search_world(records, captures, _flat(fmr), "shared", seed=seed).hits
    matched = hits.filter(hits["biometric_match"] & hits["record_id_a"].str.starts_with("EES"))
    searched_with_hit = matched["record_id_a"].n_unique()
    assert _within(searched_with_hit, probes, float(fpir(n, fmr)))

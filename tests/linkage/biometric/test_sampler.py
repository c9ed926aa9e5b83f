"""The exact binomial machinery of the 1:N impostor sampler."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from linkage.biometric import BiometricConfig
from linkage.biometric.cells import log10_multipliers, parse_cells
from linkage.biometric.sampler import allocate_hits, draw_members, group_matrices

N = np.array([3, 1000, 0, 50, 20_000_000])
P = np.array([0.2, 1e-3, 0.5, 0.01, 2e-9])


def _conditioned_reference(rng: np.random.Generator, rows: int) -> np.ndarray:
    """Independent binomial rows, kept when their sum is >= 1 (rejection)."""
    out: list[np.ndarray] = []
    while sum(o.shape[0] for o in out) < rows:
        draws = rng.binomial(N, P, size=(rows, N.size))
        out.append(draws[draws.sum(axis=1) > 0])
    return np.concatenate(out)[:rows]


def test_allocation_has_the_conditional_binomial_means() -> None:
    rng = np.random.default_rng(1)
    rows = 40_000
    got = allocate_hits(np.tile(N, (rows, 1)), np.tile(P, (rows, 1)), rng)
    any_hit = 1 - np.prod((1 - P) ** N)
    expected = N * P / any_hit  # E[X_g | sum >= 1] = E[X_g] / P(sum >= 1)
    se = np.sqrt(np.maximum(got.var(axis=0), 1e-12) / rows)
    assert np.all(np.abs(got.mean(axis=0) - expected) <= 5 * se + 1e-9)
    assert np.all(got.sum(axis=1) >= 1)
    assert np.all(got[:, 2] == 0)


def test_allocation_matches_rejection_in_distribution() -> None:
    rng = np.random.default_rng(2)
    rows = 30_000
    got = allocate_hits(np.tile(N, (rows, 1)), np.tile(P, (rows, 1)), rng)
    ref = _conditioned_reference(rng, rows)
    for column in (0, 1, 3, 4):
        top = int(max(got[:, column].max(), ref[:, column].max()))
        table = np.array(
            [
                np.bincount(got[:, column], minlength=top + 1),
                np.bincount(ref[:, column], minlength=top + 1),
            ]
        )
        table = table[:, table.sum(axis=0) >= 10]
        if table.shape[1] > 1:
            assert stats.chi2_contingency(table).pvalue > 1e-4
    totals = np.array(
        [np.bincount(got.sum(1), minlength=12)[:12], np.bincount(ref.sum(1), minlength=12)[:12]]
    )
    totals = totals[:, totals.sum(axis=0) >= 10]
    assert stats.chi2_contingency(totals).pvalue > 1e-4


def test_certain_hits_take_every_trial() -> None:
    rng = np.random.default_rng(3)
    got = allocate_hits(np.array([[4, 0, 7]]), np.array([[1.0, 1.0, 1.0]]), rng)
    assert got.tolist() == [[4, 0, 7]]


@settings(max_examples=50, deadline=None)
@given(
    n=st.lists(st.integers(0, 10**9), min_size=1, max_size=6),
    log_p=st.lists(st.floats(-12, 0), min_size=6, max_size=6),
    seed=st.integers(0, 2**32 - 1),
)
def test_allocation_respects_its_bounds(n: list[int], log_p: list[float], seed: int) -> None:
    n_arr = np.array(n, dtype=np.int64)
    p = 10 ** np.array(log_p[: len(n)])
    if not np.any(n_arr > 0):
        return
    p[n_arr > 0] = np.maximum(p[n_arr > 0], 1e-12)
    got = allocate_hits(n_arr[None, :], p[None, :], np.random.default_rng(seed))
    assert got.sum() >= 1
    assert np.all((got >= 0) & (got <= n_arr))


def test_members_are_uniform_distinct_stored_and_not_excluded() -> None:
    rng = np.random.default_rng(4)
    members = np.arange(10, dtype=np.int64)
    del_day = np.full(200, 10_000, dtype=np.int32)
    del_day[[2, 5]] = 50  # deleted before the search day
    n_entries = 200
    probe_id = 100
    excluded = np.array([probe_id * n_entries + 7], dtype=np.int64)
    eligible = [0, 1, 3, 4, 6, 8, 9]
    counts = np.zeros(10, dtype=np.int64)
    trials = 3000
    slots = 3
    for _ in range(trials):
        probe = np.full(slots, probe_id, dtype=np.int64)
        picked = draw_members(
            members,
            np.full(slots, 10),
            probe,
            np.full(slots, 60, dtype=np.int32),
            del_day,
            excluded,
            n_entries,
            rng,
        )
        assert len(set(picked.tolist())) == slots
        assert set(picked.tolist()) <= set(eligible)
        counts += np.bincount(picked, minlength=10)
    assert counts[[2, 5, 7]].sum() == 0
    assert stats.chisquare(counts[eligible]).pvalue > 1e-4


def test_members_respect_the_enrolment_prefix() -> None:
    rng = np.random.default_rng(5)
    members = np.array([3, 8, 11, 40, 41], dtype=np.int64)
    del_day = np.full(50, 10_000, dtype=np.int32)
    picked = draw_members(
        members,
        np.array([2, 2, 1, 5]),
        np.array([9, 9, 4, 45], dtype=np.int64),
        np.zeros(4, dtype=np.int32),
        del_day,
        np.empty(0, dtype=np.int64),
        50,
        rng,
    )
    assert sorted(picked[:2].tolist()) == [3, 8]
    assert picked[2] == 3
    assert picked[3] in members


def test_group_matrices_need_a_shared_modality() -> None:
    config = BiometricConfig(fmr=1e-4)
    cells = parse_cells(["F|18-34|east_asia", "M|35-64|eastern_europe"])
    mult = (
        log10_multipliers(cells, cells, config.fingerprint.impostor),
        log10_multipliers(cells, cells, config.face.impostor),
    )
    p, lam = group_matrices(config, mult, config.threshold)
    assert p.shape == (8, 8)
    # Group = cell * 4 + bits; fingerprint-only (1) vs face-only (2) never compared.
    assert p[0 * 4 + 1, 1 * 4 + 2] == 0
    assert p[1 * 4 + 2, 0 * 4 + 1] == 0
    assert p[0 * 4 + 3, 0 * 4 + 3] > p[0 * 4 + 1, 0 * 4 + 1] * 0.99  # face differential
    assert np.allclose(p, p.T)
    assert np.all(lam >= p)
    # The reference pair (male, adult, eastern Europe) gets exactly fmr on every kind.
    assert p[1 * 4 + 1, 1 * 4 + 1] == pytest.approx(1e-4)
    assert p[1 * 4 + 3, 1 * 4 + 3] == pytest.approx(1e-4)

"""Intervals against reference values (computed once with scipy.stats) and invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.intervals import (
    poisson_interval,
    replicate_interval,
    t_quantile,
    wilson_interval,
    z_value,
)
from schemas import ConfigError


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # scipy.stats.binomtest(k, n).proportion_ci(0.95, method="wilson")
        (81, 263, 0.2552885198782742, 0.36620957698280004),
        (0, 10, 0.0, 0.27753279986288926),
        (5, 5, 0.5655175352168251, 1.0),
        (1, 1000, 0.00017654637062607809, 0.0056425585979579355),
    ],
)
def test_wilson_matches_reference(k: int, n: int, low: float, high: float) -> None:
    lo, hi = wilson_interval(k, n)
    assert float(lo) == pytest.approx(low, abs=1e-12)
    assert float(hi) == pytest.approx(high, abs=1e-12)


def test_wilson_is_nan_without_denominator_and_rejects_k_above_n() -> None:
    lo, hi = wilson_interval([0, 1], [0, 2])
    assert math.isnan(lo[0])
    assert math.isnan(hi[0])
    assert lo[1] < 0.5 < hi[1]
    with pytest.raises(ValueError, match="k <= n"):
        wilson_interval(3, 2)


@given(st.integers(0, 10_000), st.integers(1, 10_000), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_wilson_contains_estimate_within_unit_interval(k: int, n: int, level: float) -> None:
    k = min(k, n)
    lo, hi = wilson_interval(k, n, level)
    assert 0.0 <= float(lo) <= k / n <= float(hi) <= 1.0


@given(st.integers(1, 500), st.integers(1, 500))
def test_wilson_narrows_with_confidence(k: int, n: int) -> None:
    k = min(k, n)
    lo90, hi90 = wilson_interval(k, n, 0.90)
    lo99, hi99 = wilson_interval(k, n, 0.99)
    assert float(lo99) <= float(lo90)
    assert float(hi90) <= float(hi99)


@pytest.mark.parametrize(
    ("k", "low", "high"),
    [
        # scipy.stats.chi2.ppf(0.025, 2k) / 2 and chi2.ppf(0.975, 2k + 2) / 2
        (0, 0.0, 3.6888794541139354),
        (1, 0.025317807984289876, 5.571643390938898),
        (4, 1.0898653736263249, 10.241588675403694),
        (100, 81.36399125092314, 121.62679379242638),
    ],
)
def test_poisson_matches_exact_garwood(k: int, low: float, high: float) -> None:
    lo, hi = poisson_interval(k)
    assert float(lo) == pytest.approx(low, rel=1e-9, abs=1e-12)
    assert float(hi) == pytest.approx(high, rel=1e-9)


@given(st.floats(0, 1e7, allow_nan=False))
def test_poisson_contains_count(k: float) -> None:
    lo, hi = poisson_interval(k)
    assert 0.0 <= float(lo) <= k <= float(hi)


def test_poisson_large_counts_use_close_approximation() -> None:
    # scipy: chi2.ppf(0.025, 2000) / 2 = 938.97..., chi2.ppf(0.975, 2002) / 2 = 1063.95...
    lo, hi = poisson_interval(1000)
    assert float(lo) == pytest.approx(938.97, abs=0.05)
    assert float(hi) == pytest.approx(1063.95, abs=0.05)


@pytest.mark.parametrize(
    ("df", "q975", "q95"),
    [
        (1, 12.706204736174694, 6.313751514675037),
        (2, 4.302652729749462, 2.9199855803537242),
        (4, 2.7764451051977934, 2.1318467863266495),
        (9, 2.262157162798205, 1.833112932656237),
        (30, 2.0422724563012378, 1.697260886593957),
    ],
)
def test_t_quantile_matches_reference(df: int, q975: float, q95: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(q975, rel=1e-9)
    assert t_quantile(0.95, df) == pytest.approx(q95, rel=1e-9)
    assert t_quantile(0.025, df) == pytest.approx(-q975, rel=1e-9)


def test_replicate_interval() -> None:
    mean, lo, hi, n = replicate_interval([1.0, 2.0, 3.0])
    half = 4.302652729749462 * 1.0 / math.sqrt(3)
    assert (mean, n) == (2.0, 3)
    assert lo == pytest.approx(2.0 - half)
    assert hi == pytest.approx(2.0 + half)
    assert replicate_interval([5.0]) == (5.0, None, None, 1)
    assert replicate_interval([4.0, 4.0])[1:3] == (4.0, 4.0)


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=20))
def test_replicate_interval_contains_mean(values: list[float]) -> None:
    mean, lo, hi, n = replicate_interval(values)
    assert n == len(values)
    assert lo is not None
    assert hi is not None
    assert lo <= mean + 1e-6 * (1 + abs(mean))
    assert mean <= hi + 1e-6 * (1 + abs(mean))


def test_bad_level_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="confidence level"):
        z_value(1.5)
    assert z_value(0.95) == pytest.approx(1.959963984540054)
    assert np.isfinite(z_value(0.5))

"""Morris and Sobol indices, the tornado and the uncertainty bands."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.sensitivity import (
    Factor,
    morris_design,
    morris_effects,
    sobol_design,
    sobol_effects,
    tornado_bars,
    uncertainty_band,
)

FACTORS = (
    Factor("link.a", 0.0, 1.0, 0.5),
    Factor("link.b", 0.0, 1.0, 0.5),
    Factor("scenario.c", 10.0, 20.0, 15.0, integer=True),
)


def _model(x: np.ndarray) -> np.ndarray:
    """Strong in a, weak in b, nothing in c."""
    out: np.ndarray = 10 * x[:, 0] + 1 * x[:, 1] + 0 * x[:, 2]
    return out


def test_morris_ranks_the_factors_by_their_effect() -> None:
    matrix = morris_design(FACTORS, trajectories=10, levels=4, seed=3)
    assert matrix.shape == (10 * (len(FACTORS) + 1), len(FACTORS))
    assert (matrix[:, 2] >= 10).all()
    assert (matrix[:, 2] <= 20).all()
    effects = morris_effects(FACTORS, matrix, _model(matrix), "y", levels=4)
    mu = {e.factor: e.mu_star for e in effects}
    assert mu["link.a"] == pytest.approx(10.0)
    assert mu["link.b"] == pytest.approx(1.0)
    assert mu["scenario.c"] == pytest.approx(0.0, abs=1e-12)


def test_sobol_shares_the_variance_of_an_additive_model() -> None:
    matrix = sobol_design(FACTORS, samples=256, seed=1)
    assert matrix.shape == (256 * (len(FACTORS) + 2), len(FACTORS))
    effects = {e.factor: e for e in sobol_effects(FACTORS, _model(matrix), "y")}
    # variance shares of 10a + b with a, b uniform: 100/101 and 1/101
    assert effects["link.a"].s1 == pytest.approx(100 / 101, abs=0.05)
    assert effects["link.a"].st == pytest.approx(100 / 101, abs=0.05)
    assert effects["link.b"].st == pytest.approx(1 / 101, abs=0.02)
    assert abs(effects["scenario.c"].st or 0.0) < 0.01


def test_a_constant_figure_has_zero_effects() -> None:
    matrix = morris_design(FACTORS, trajectories=4, levels=4, seed=0)
    effects = morris_effects(FACTORS, matrix, np.full(len(matrix), 7.0), "y", levels=4)
    assert all(e.mu_star == 0.0 for e in effects)


def test_tornado_puts_the_widest_swing_first() -> None:
    bars = tornado_bars(FACTORS, "y", [(1.0, 2.0), (0.0, 10.0), (None, 3.0)], baseline=1.5)
    assert [b.factor for b in bars] == ["link.b", "link.a", "scenario.c"]
    assert bars[-1].swing == 0.0


def test_bands_keep_sampling_and_assumptions_apart() -> None:
    baseline = [100.0, 102.0, 98.0, 101.0, 99.0]
    means = list(np.linspace(80.0, 120.0, 41))
    band = uncertainty_band("y", baseline, means, [1.0] * len(means), level=0.95, seed=2)
    assert band.value == pytest.approx(100.0)
    assert band.sampling is not None
    assert band.assumption is not None
    assert band.combined is not None
    # the sampling interval is narrow, the assumption band wide, the combined band wider still
    assert band.sampling[1] - band.sampling[0] < 6
    assert band.assumption[0] == pytest.approx(81.0, abs=0.5)
    assert band.assumption[1] == pytest.approx(119.0, abs=0.5)
    assert band.combined[0] < band.assumption[0]
    assert band.combined[1] > band.assumption[1]
    assert band.points == 41

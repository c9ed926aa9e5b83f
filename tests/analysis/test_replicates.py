"""Combining replicate worlds: Student-t means that stay in range, structural zeros kept."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import Estimate, Method, Metrics, analyse_world, make_config
from analysis._tree import lookup
from analysis.replicates import combine_estimates, interval_coverage
from analysis.truth import truth_oracle
from linkage.pipeline import link_world
from synth.generate import generate_world
from synth.scenario_load import load_scenario

shares = st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=2, max_size=8)
counts = st.lists(st.integers(0, 50), min_size=2, max_size=8)


@given(values=shares)
def test_a_replicate_share_stays_within_zero_and_one(values: list[float]) -> None:
    parts = [Estimate.rate(v * 1000, 1000) for v in values]
    e = combine_estimates(parts)
    assert e.method is Method.REPLICATE_T
    assert e.replicate_method is Method.WILSON
    assert e.value is not None
    assert e.lower is not None
    assert e.upper is not None
    assert 0.0 <= e.lower <= e.value <= e.upper <= 1.0
    assert e.n == len(values)
    assert e.replicates == len(values)


@given(values=counts)
def test_a_replicate_count_is_never_negative(values: list[int]) -> None:
    e = combine_estimates([Estimate.events(k, "persons", design_effect=2.0) for k in values])
    assert e.lower is not None
    assert e.value is not None
    assert 0.0 <= e.lower <= e.value
    assert e.design_effect is None  # the spread across worlds replaces the design effect
    mean = sum(values) / len(values)
    assert math.isclose(e.value, mean)


def test_structural_zeros_stay_structural_without_interval() -> None:
    zero = Estimate.structural_zero("share of queries", "the rules forbid it", n=100)
    e = combine_estimates([zero, zero, zero])
    assert e.structural
    assert e.value == 0.0
    assert (e.lower, e.upper) == (None, None)
    assert e.replicates == 3
    mixed = combine_estimates([zero, Estimate.rate(0, 100, unit="share of queries")])
    assert not mixed.structural
    assert mixed.method is Method.REPLICATE_T


def test_size_dependence_holds_when_it_holds_in_one_world() -> None:
    a = Estimate.rate(3, 100)
    b = Estimate(0.05, 0.02, 0.1, 100, Method.WILSON, "share", depends_on_n=True)
    assert combine_estimates([a, b]).depends_on_n


def test_coverage_tells_right_intervals_from_understated_ones() -> None:
    rng = np.random.default_rng(4)
    n, p = 10_000, 0.01
    right = [Estimate.rate(int(k), n) for k in rng.binomial(n, p, size=200)]
    check = interval_coverage("right", right)
    assert check.worlds == 200
    assert 0.8 < check.ratio < 1.25
    assert check.share_covered > 0.88
    # counts that come in pairs, with intervals that ignore it, understate the spread
    pairs = [Estimate.rate(2 * int(k), n) for k in rng.binomial(n, p / 2, size=200)]
    understated = interval_coverage("pairs", pairs)
    assert understated.ratio > 1.25
    clustered = [Estimate.rate(e.count or 0, n, design_effect=2.0) for e in pairs]
    assert 0.8 < interval_coverage("clustered", clustered).ratio < 1.25


@pytest.fixture(scope="module")
def eight_worlds(tmp_path_factory: pytest.TempPathFactory) -> list[Metrics]:
    scenario = load_scenario(preset="small", overrides={"world": {"persons": 6000}})
    tmp_path = tmp_path_factory.mktemp("seeds")
    metrics = []
    for seed in range(31, 39):
        world = generate_world(scenario, seed, tmp_path / f"w{seed}")
        world = link_world(world, seed=seed, oracle=truth_oracle(world)).world
        metrics.append(analyse_world(world, make_config(virtual_identity_gallery=0)))
    return metrics


def _coverage_across_seeds(metrics: list[Metrics], path: tuple[str, ...]) -> None:
    estimates = [e for m in metrics if isinstance(e := lookup(m, path), Estimate)]
    check = interval_coverage(".".join(path), estimates)
    assert check.covered >= 6, check
    assert check.ratio < 2.0, check


@pytest.mark.slow
def test_reported_intervals_cover_the_spread_across_seeds(eight_worlds: list[Metrics]) -> None:
    _coverage_across_seeds(eight_worlds, ("persons", "wrongly_linked", "rate"))


@pytest.mark.slow
@pytest.mark.xfail(
    strict=False,
    reason="known gap: each seed draws its own name pools (synth.names.build_name_table), so "
    "the collision rate q varies between worlds more than one world's clustered interval "
    "says (5 of 8 covered, spread 1.5x the half-width at 6,000 persons); replicates "
    "(analyse --replicate) carry that variation, a single world's interval does not",
)
def test_collision_rate_intervals_cover_the_spread_across_seeds(
    eight_worlds: list[Metrics],
) -> None:
    _coverage_across_seeds(eight_worlds, ("scaling", "identity", "q"))


def test_replicate_seeds_start_with_the_run_seed_and_never_overlap() -> None:
    from analysis.replicates import DEFAULT_REPLICATES, replicate_seeds

    seeds = replicate_seeds(42)
    assert len(seeds) == DEFAULT_REPLICATES
    assert seeds[0] == 42
    assert len(set(seeds)) == len(seeds)
    assert not set(seeds) & set(replicate_seeds(43))
    with pytest.raises(ValueError, match="at least 1"):
        replicate_seeds(1, 0)

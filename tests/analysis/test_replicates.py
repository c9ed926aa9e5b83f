"""Combining replicate worlds: Student-t means that stay in range, structural zeros kept."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from analysis import Estimate, Method
from analysis.replicates import combine_estimates

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

"""Judging a simulated figure against a published one: properties of bands and verdicts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.estimate import Estimate
from analysis.validation import Agreement, FigureKind, Published, Tolerance, judge

positive = st.floats(min_value=1e-9, max_value=1e6, allow_nan=False)
factors = st.floats(min_value=1.0, max_value=100.0)


@given(value=positive, factor=factors, x=positive)
def test_within_exactly_when_the_value_is_in_the_band(
    value: float, factor: float, x: float
) -> None:
    published = Published(value, "u", "q")
    band = Tolerance("t", factor=factor).band(published)
    verdict = judge(Estimate.point(x, "u"), band, value)
    low, high = band
    assert low is not None
    assert high is not None
    inside = low <= x <= high
    assert (verdict.agreement is Agreement.WITHIN) == inside
    assert verdict.agreement in (Agreement.WITHIN, Agreement.OUTSIDE)  # no interval
    assert verdict.ratio == pytest.approx(x / value)


@given(value=positive, f1=factors, f2=factors)
def test_a_wider_tolerance_never_narrows_the_band(value: float, f1: float, f2: float) -> None:
    published = Published(value, "u", "q")
    small, large = sorted((f1, f2))
    lo1, hi1 = Tolerance("t", factor=small).band(published)
    lo2, hi2 = Tolerance("t", factor=large).band(published)
    assert None not in (lo1, lo2, hi1, hi2)
    assert lo1 is not None
    assert lo2 is not None
    assert hi1 is not None
    assert hi2 is not None
    assert lo2 <= lo1 <= value <= hi1 <= hi2


@given(k=st.integers(0, 50), n=st.integers(51, 10_000), value=positive)
def test_consistent_only_when_the_interval_reaches_the_band(k: int, n: int, value: float) -> None:
    estimate = Estimate.rate(k, n)
    published = Published(value, "share", "q")
    band = Tolerance("t").band(published)
    verdict = judge(estimate, band, value)
    assert estimate.value is not None
    assert estimate.lower is not None
    assert estimate.upper is not None
    if verdict.agreement is Agreement.CONSISTENT:
        assert estimate.value != value
        assert estimate.lower <= value <= estimate.upper
    if verdict.agreement is Agreement.OUTSIDE:
        assert not estimate.lower <= value <= estimate.upper


def test_bounds_are_one_sided() -> None:
    ceiling = Published(1e-3, "u", "q", FigureKind.AT_MOST)
    floor = Published(2e-6, "u", "q", FigureKind.AT_LEAST)
    assert Tolerance("t").band(ceiling) == (None, 1e-3)
    assert judge(Estimate.point(0.0, "u"), (None, 1e-3), 1e-3).agreement is Agreement.WITHIN
    low, high = Tolerance("t", factor=10).band(floor)
    assert high is None
    assert low == pytest.approx(2e-7)
    assert judge(Estimate.point(1e-8, "u"), (low, high), 2e-6).agreement is Agreement.OUTSIDE


def test_a_range_agrees_over_its_whole_span() -> None:
    published = Published(3.0, "u", "q", FigureKind.RANGE, low=2.0, high=5.0)
    band = Tolerance("t").band(published)
    for x, expected in ((2.0, Agreement.WITHIN), (5.0, Agreement.WITHIN), (6.0, Agreement.OUTSIDE)):
        assert judge(Estimate.point(x, "u"), band, 3.0).agreement is expected


def test_an_undefined_figure_is_no_data() -> None:
    verdict = judge(Estimate.rate(0, 0), (0.0, 1.0), 0.5)
    assert verdict.agreement is Agreement.NO_DATA
    assert verdict.ratio is None
    assert not Agreement.NO_DATA.agrees
    assert Agreement.CONSISTENT.agrees

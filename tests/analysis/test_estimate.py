"""The one estimate type: constructors keep their intervals ordered, JSON round trips."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import Estimate, Method
from analysis._tree import lookup
from analysis.errors import Accuracy, AccuracyLevel, ColourErrors
from analysis.estimate import clean_number, is_estimate_json
from analysis.replicates import combine, combine_estimates

counts = st.integers(0, 10_000)
levels = st.sampled_from([0.8, 0.9, 0.95, 0.99])
maybe_float = st.none() | st.floats(-1e12, 1e12, allow_nan=False)


@st.composite
def rates(draw: st.DrawFn) -> tuple[int, int]:
    n = draw(st.integers(0, 100_000))
    return draw(st.integers(0, n)), n


@given(kn=rates(), level=levels)
def test_a_rate_lies_in_its_wilson_interval_within_zero_and_one(
    kn: tuple[int, int], level: float
) -> None:
    k, n = kn
    e = Estimate.rate(k, n, level)
    assert e.method is Method.WILSON
    assert e.count == k
    if n == 0:
        assert (e.value, e.lower, e.upper, e.n) == (None, None, None, 0)
        return
    assert e.value is not None
    assert e.lower is not None
    assert e.upper is not None
    assert 0.0 <= e.lower <= e.value <= e.upper <= 1.0
    assert e.n == n
    assert e.has_interval


@given(k=counts, level=levels)
def test_an_event_count_lies_in_its_poisson_interval(k: int, level: float) -> None:
    e = Estimate.events(k, "links", level)
    assert e.lower is not None
    assert e.upper is not None
    assert 0.0 <= e.lower <= k <= e.upper
    assert (e.value, e.method, e.unit) == (float(k), Method.POISSON, "links")


@given(k=counts, exposure=st.integers(0, 10**8))
def test_per_million_scales_the_count_and_its_interval(k: int, exposure: int) -> None:
    e = Estimate.per_million(k, exposure, "per million records")
    if exposure == 0:
        assert e.value is None
        assert e.n == 0
        return
    events = Estimate.events(k, "x")
    assert e.value == pytest.approx(k * 1e6 / exposure)
    assert e.lower == pytest.approx((events.lower or 0) * 1e6 / exposure)
    assert e.n == exposure


def test_sizes_and_points_have_no_interval() -> None:
    assert not Estimate.size(12, "records").has_interval
    assert Estimate.size(12, "records").method is Method.COUNT
    p = Estimate.point(None, "days")
    assert (p.value, p.has_interval, p.method) == (None, False, Method.POINT)


estimates = st.builds(
    Estimate,
    value=maybe_float,
    lower=maybe_float,
    upper=maybe_float,
    n=st.none() | st.integers(0, 10**9),
    method=st.sampled_from(Method),
    unit=st.text(max_size=20),
    count=maybe_float,
    extrapolated=st.booleans(),
    formula=st.none() | st.text(min_size=1, max_size=20),
    note=st.none() | st.text(min_size=1, max_size=20),
    structural=st.booleans(),
    replicates=st.none() | st.integers(1, 50),
    replicate_method=st.none() | st.sampled_from(Method),
)


@given(e=estimates)
def test_json_round_trip(e: Estimate) -> None:
    data = e.to_json()
    assert is_estimate_json(data)
    assert data["simulated"] is True
    text = json.dumps(data, allow_nan=False)
    back = Estimate.from_json(json.loads(text))
    assert back.to_json() == data
    assert back.value == clean_number(e.value)  # 10 significant digits


def test_from_json_names_the_bad_key() -> None:
    data = Estimate.rate(3, 10).to_json()
    with pytest.raises(ValueError, match=r"pairs\.x: not an estimate"):
        Estimate.from_json({"value": 1}, "pairs.x")
    with pytest.raises(ValueError, match=r"pairs\.x"):
        Estimate.from_json({**data, "lower": "low"}, "pairs.x")
    with pytest.raises(ValueError, match=r"pairs\.x"):
        Estimate.from_json({**data, "method": "guess"}, "pairs.x")


@given(values=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=12))
def test_replicate_means_contain_their_mean(values: list[float]) -> None:
    e = combine_estimates([Estimate.size(v, "links") for v in values])
    assert e.method is Method.REPLICATE_T
    assert e.replicate_method is Method.COUNT
    assert e.replicates == e.n == len(values)
    assert e.value is not None
    assert e.value == pytest.approx(sum(clean_number(v) or 0.0 for v in values) / len(values))
    if len(values) == 1:
        assert (e.lower, e.upper) == (None, None)
    else:
        assert e.lower is not None
        assert e.upper is not None
        assert e.lower <= e.value + 1e-9 * (1 + e.value)
        assert e.value <= e.upper + 1e-9 * (1 + e.value)


def _level(links: float) -> AccuracyLevel:
    acc = Accuracy(
        links=Estimate.size(links, "links"),
        true_pairs=Estimate.size(4, "pairs"),
        precision=Estimate.rate(1, links),
        recall=Estimate.rate(1, 4),
        f1=Estimate.point(None, "share", Method.WILSON_BOUNDS),
    )
    return AccuracyLevel(overall=acc, by_system_pair={"EES|VIS": acc}, by_basis={})


def test_nodes_round_trip_and_combine_field_by_field() -> None:
    a, b = _level(2), _level(4)
    data = a.to_json()
    assert AccuracyLevel.from_json(json.loads(json.dumps(data))).to_json() == data
    both = combine([a, b])
    assert isinstance(both, AccuracyLevel)
    assert both.overall.links.value == 3
    assert both.by_system_pair["EES|VIS"].links.method is Method.REPLICATE_T
    assert lookup(both, ("overall", "links")) == both.overall.links
    assert lookup(both, ("overall", "nothing")) is None


def test_optional_fields_are_left_out_and_renamed_keys_kept() -> None:
    yellow = ColourErrors(
        links=Estimate.size(1, "links"),
        same_person=Estimate.size(1, "links"),
        different_persons=Estimate.size(0, "links"),
    )
    assert set(yellow.to_json()) == {"links", "same_person", "different_persons"}
    white = ColourErrors(
        links=Estimate.size(2, "links"),
        same_person=Estimate.size(1, "links"),
        different_persons=Estimate.size(1, "links"),
        true_links=Estimate.size(1, "links"),
        false_links=Estimate.size(1, "links"),
    )
    data: Any = white.to_json()
    assert {"true", "false"} <= set(data)
    assert ColourErrors.from_json(data) == white
    with pytest.raises(ValueError, match=r"white\.links: missing"):
        ColourErrors.from_json({k: v for k, v in data.items() if k != "links"}, "white")
    assert math.isfinite(float(str(data["true"]["value"])))

"""Group rates and disparity ratios on the canonical world."""

from __future__ import annotations

import pytest

from analysis import Metrics
from analysis.groups import GroupOutcome


def _outcome(o: GroupOutcome | None) -> GroupOutcome:
    assert o is not None
    return o


def test_rates_and_disparities_by_sex(canonical_metrics: Metrics) -> None:
    sex = canonical_metrics.groups["sex"]
    # registered women: 1, 4 (both wrongly linked); men: 2, 3, 5, 7 (2 and 3).
    women, men = _outcome(sex["F"].wrongly_linked), _outcome(sex["M"].wrongly_linked)
    assert sex["F"].persons.value == 2
    assert women.rate.value == 1.0
    assert men.rate.value == 0.5
    overall = 4 / 6
    assert women.disparity.value == pytest.approx(1.0 / overall)
    assert men.disparity.value == pytest.approx(0.5 / overall)
    d = men.disparity
    assert d.lower is not None
    assert d.value is not None
    assert d.upper is not None
    assert d.lower <= d.value <= d.upper
    assert women.per_million_records.value == pytest.approx(2 / 4 * 1e6)


def test_age_band_at_the_as_of_date(canonical_metrics: Metrics) -> None:
    age = canonical_metrics.groups["age_band"]
    assert set(age) == {"6-11", "18-34"}  # person 4 born 2010-03-01 is 10 on 2021-01-01
    assert _outcome(age["6-11"].false_red).rate.value == 1.0


def test_missed_uses_persons_with_true_pairs(canonical_metrics: Metrics) -> None:
    pop = canonical_metrics.groups["population_group"]
    # person 5 (traveller, missed) and 2, 4 (travellers with found pairs)
    assert _outcome(pop["traveller"].missed).rate.value == pytest.approx(1 / 3)
    assert _outcome(pop["wanted"].missed).rate.value is None  # person 3 has no true pair

"""Paired differences, person shifts and the replicate-count hint."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.paired import (
    CHANGES,
    paired_difference,
    person_changes,
    person_shift,
    replicates_needed,
)

values = st.lists(
    st.floats(min_value=-1e4, max_value=1e4, allow_nan=False), min_size=2, max_size=12
)


@given(values, values)
def test_difference_is_the_mean_of_the_seed_differences(a: list[float], b: list[float]) -> None:
    n = min(len(a), len(b))
    d = paired_difference(dict(enumerate(a[:n])), dict(enumerate(b[:n])), figure="x")
    expected = float(np.mean(np.array(b[:n]) - np.array(a[:n])))
    assert d.difference.value == pytest.approx(expected, abs=1e-6)
    assert d.seeds == n
    lo, hi = d.difference.lower, d.difference.upper
    assert lo is not None
    assert hi is not None
    value = d.difference.value
    assert value is not None
    assert lo <= value + 1e-9
    assert value <= hi + 1e-9


def test_pairing_resolves_a_shift_hidden_in_world_noise() -> None:
    """A constant +3 on top of large world-to-world noise: paired excludes zero, unpaired not."""
    rng = np.random.default_rng(1)
    worlds = rng.normal(1000.0, 50.0, 8)
    a = {s: float(w + rng.normal(0, 1)) for s, w in enumerate(worlds)}
    b = {s: float(w + 3.0 + rng.normal(0, 1)) for s, w in enumerate(worlds)}
    d = paired_difference(a, b, figure="x", arms=("A", "B"))
    assert d.excludes_zero
    assert "excludes zero" in d.verdict()
    assert d.unpaired.lower is not None
    assert d.unpaired.lower < 0 < (d.unpaired.upper or 0)


def test_no_difference_says_so_and_gives_a_power_hint() -> None:
    a = {1: 10.0, 2: 12.0, 3: 11.0, 4: 13.0}
    b = {1: 10.5, 2: 11.0, 3: 12.0, 4: 13.0}
    d = paired_difference(a, b, figure="x")
    assert not d.excludes_zero
    assert d.replicates_needed is not None
    assert d.replicates_needed > 4
    assert f"about {d.replicates_needed} seeds" in d.verdict()


def test_only_common_seeds_are_paired() -> None:
    d = paired_difference({1: 1.0, 2: 2.0, 3: math.nan}, {2: 5.0, 3: 1.0, 4: 9.0}, figure="x")
    assert d.seeds == 1
    assert d.difference.value == 3.0
    assert not d.difference.has_interval
    assert "one seed only" in d.verdict()


def test_replicates_needed_shrinks_with_the_effect() -> None:
    small = replicates_needed(0.5, 1.0)
    large = replicates_needed(2.0, 1.0)
    assert small is not None
    assert large is not None
    assert large < small
    assert replicates_needed(0.0, 1.0) is None
    assert replicates_needed(1.0, 0.0) == 2
    # the classic figure: a standardised effect of 0.5 needs about 34 pairs (80 %, 5 %)
    assert 30 <= small <= 36


def _persons(flags: dict[int, bool], nationality: str = "SYR") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "person_id": list(flags),
            "registered": [True] * len(flags),
            "wrongly_linked": list(flags.values()),
            "nationality": [nationality] * len(flags),
        }
    )


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=40))
def test_person_changes_partition_the_people_with_the_outcome(
    pairs: list[tuple[bool, bool]],
) -> None:
    a = _persons({i: x for i, (x, _) in enumerate(pairs)})
    b = _persons({i: y for i, (_, y) in enumerate(pairs)})
    changes = person_changes(a, b, "wrongly_linked", ["nationality"])
    counts = dict(changes.group_by("change").len().iter_rows())
    assert set(counts) <= set(CHANGES)
    assert counts.get("only_b", 0) == sum(y and not x for x, y in pairs)
    assert counts.get("only_a", 0) == sum(x and not y for x, y in pairs)
    assert counts.get("both", 0) == sum(x and y for x, y in pairs)
    # the net change is the difference of the counts
    net = counts.get("only_b", 0) - counts.get("only_a", 0)
    assert net == sum(y for _, y in pairs) - sum(x for x, _ in pairs)


def test_person_shift_by_group_adds_up() -> None:
    changes, registered = {}, {}
    for seed in (1, 2, 3):
        a = pl.concat([_persons({1: True, 2: False, 3: True}), _persons({4: False}, "IRQ")])
        b = pl.concat([_persons({1: True, 2: True, 3: False}), _persons({4: seed > 1}, "IRQ")])
        changes[seed] = person_changes(a, b, "wrongly_linked", ["nationality"])
        registered[seed] = b
    shift, groups = person_shift(
        changes,
        registered,
        outcome="wrongly_linked",
        arms=("A", "B"),
        dims=["nationality"],
        exact=True,
    )
    assert shift.both.value == 1.0
    assert shift.only_a.value == 1.0
    assert shift.only_b.value == pytest.approx(1 + 2 / 3)
    assert shift.net.value == pytest.approx(2 / 3)
    by = {g.group: g for g in groups}
    assert set(by) == {"IRQ", "SYR"}
    assert by["SYR"].net.value == 0.0
    assert by["IRQ"].only_b.value == pytest.approx(2 / 3)
    assert by["IRQ"].registered == 1.0

"""Estimation: no level vetoes a pair without evidence, and EM says what to change."""

from __future__ import annotations

import logging

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.identity import ExactMatch, LinkSpec, StringComparison, block_on, link
from linkage.identity.fellegi_sunter import (
    expectation_maximisation,
    floor_probabilities,
    pattern_counts,
    u_from_levels,
)
from linkage.identity.linker import Linker
from linkage.identity.training import train


@settings(max_examples=200, deadline=None)
@given(
    p=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=9).filter(lambda x: sum(x) > 0),
    floor=st.floats(0.0, 0.1),
)
def test_floored_probabilities_sum_to_one_and_respect_the_floor(
    p: list[float], floor: float
) -> None:
    q = np.asarray(p) / sum(p)
    out = floor_probabilities(q, floor)
    assert out.sum() == pytest.approx(1.0)
    assert (out >= min(floor, 1.0 / q.size) - 1e-12).all()
    if floor == 0:
        np.testing.assert_array_equal(out, q)


def test_em_floor_keeps_a_rare_level_from_vetoing() -> None:
    # 10,000 matches agree on four fields, except 2 that differ on the last; 90,000
    # non-matches agree on each field with probability 0.05. EM alone puts m of the last
    # field's "different" near 2 / 10,000; the floor keeps it at 0.001.
    rng = np.random.default_rng(1)
    fields = []
    for k in range(4):
        match = np.ones(10_000, dtype=np.int8)
        if k == 3:
            match[:2] = 0
        other = (rng.random(90_000) < 0.05).astype(np.int8)
        fields.append(np.r_[match, other])
    patterns, counts, _ = pattern_counts(fields, [2] * 4)
    free = expectation_maximisation(patterns, counts, [2] * 4, max_iter=500, tol=1e-9)
    floored = expectation_maximisation(
        patterns, counts, [2] * 4, m_floor=0.001, max_iter=500, tol=1e-9
    )
    assert free.m[3][0] < 0.001
    assert floored.m[3][0] == pytest.approx(0.001)
    assert floored.converged


def test_u_has_jeffreys_prior() -> None:
    levels = [np.array([0, 0, 0, 1], dtype=np.int8)]
    (u,) = u_from_levels(levels, [3])
    np.testing.assert_allclose(u, np.array([3.5, 1.5, 0.5]) / 5.5)


def _people(n: int, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    return pl.DataFrame(
        {
            "city": rng.integers(0, 20, n),
            "surname": [f"S{x}" for x in rng.integers(0, n // 3, n)],
            "birth_day": rng.integers(0, 25_000, n),
            "nationality": rng.choice(["A", "B", "C"], n),
        }
    )


def test_one_disagreeing_field_does_not_veto_a_pair() -> None:
    # Surname and a full birth date agree (about +25 bits): a different nationality
    # costs at most log2(m_floor / u), about 10 bits, and cannot undo that.
    a = _people(3_000, 1)
    b = a.with_columns(  # the same people; one in 500 with another nationality
        pl.when(pl.int_range(pl.len()) % 500 == 0)
        .then(pl.lit("Z"))
        .otherwise(pl.col("nationality"))
        .alias("nationality")
    )
    spec = LinkSpec(
        comparisons=(
            StringComparison("surname", "jarowinkler", (0.9,)),
            ExactMatch("birth_day"),
            ExactMatch("nationality"),
        ),
        blocking=(block_on("city"),),
        u_sample_pairs=50_000,
    )
    result = link({"a": a, "b": b}, spec)
    weights = result.model.weights()
    assert weights[2][0] >= np.log2(spec.m_floor / 1.0) - 1e-9
    changed = result.pairs.filter((pl.col("id_a") == pl.col("id_b")) & (pl.col("id_a") % 500 == 0))
    assert changed.height == 6  # every one of them is still linked


def test_warnings_say_what_to_change(caplog: pytest.LogCaptureFixture) -> None:
    a = _people(400, 2)
    spec = LinkSpec(
        comparisons=(ExactMatch("surname"), ExactMatch("city")),
        blocking=(block_on("city"),),
        u_sample_pairs=2_000,
        em_max_iter=1,
    )
    linker = Linker({"a": a, "b": _people(400, 3)}, spec)
    pairs = linker.candidates()
    with caplog.at_level(logging.WARNING, logger="linkage.identity"):
        model = train(linker, pairs, linker.compare(pairs.left, pairs.right))
    assert any("did not converge" in w and "em_max_iter" in w for w in model.warnings)
    assert any("'city'" in w and "Add a blocking rule" in w for w in model.warnings)
    assert [r.getMessage() for r in caplog.records] == list(model.warnings)
    logging.getLogger("linkage.identity").setLevel(logging.ERROR)
    try:
        caplog.clear()
        train(linker, pairs, linker.compare(pairs.left, pairs.right))
        assert not caplog.records
    finally:
        logging.getLogger("linkage.identity").setLevel(logging.NOTSET)

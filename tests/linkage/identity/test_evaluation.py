"""Clusters with namespaced ids, threshold curves and evaluation against labels."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.identity import (
    DateComparison,
    ExactMatch,
    LinkSpec,
    NameComparison,
    block_on,
    clusters,
    link,
)
from schemas.errors import ConfigError


def _union_find(edges: list[tuple[str, str]], nodes: set[str]) -> dict[str, str]:
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    return {n: find(n) for n in nodes}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from("ab"), st.integers(0, 6), st.sampled_from("ab"), st.integers(0, 6)
        ),
        max_size=25,
    )
)
def test_clusters_equal_components_of_namespaced_ids(
    edges: list[tuple[str, int, str, int]],
) -> None:
    pairs = pl.DataFrame(
        edges, schema=["source_a", "id_a", "source_b", "id_b"], orient="row"
    ).with_columns(pl.col("id_a", "id_b").cast(pl.Int64))
    records = pl.DataFrame({"source": ["a"] * 7 + ["b"] * 7, "id": list(range(7)) * 2})
    got = clusters(pairs, records=records)
    assert got.height == 14
    names = [f"{s}:{i}" for s, i in zip(got["source"], got["id"], strict=True)]
    label = dict(zip(names, got["cluster_id"].to_list(), strict=True))
    truth = _union_find([(f"{a}:{i}", f"{b}:{j}") for a, i, b, j in edges], set(names))
    for x in names:
        for y in names:
            assert (label[x] == label[y]) == (truth[x] == truth[y])


def test_clusters_refuse_ambiguous_input() -> None:
    pairs = pl.DataFrame({"id_a": [1], "id_b": [1]})
    with pytest.raises(ConfigError, match="source"):
        clusters(pairs)
    ok = pl.DataFrame({"source_a": ["a"], "id_a": [1], "source_b": ["b"], "id_b": [1]})
    twice = pl.DataFrame({"source": ["a", "a"], "id": [1, 1]})
    with pytest.raises(ConfigError, match="same"):
        clusters(ok, records=twice)
    # The same id in two sources: two records, one cluster (not one record).
    got = clusters(ok)
    assert got.height == 2
    assert got["cluster_id"].n_unique() == 1


@pytest.fixture(scope="module")
def linked():  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(4)
    n = 600
    surnames = np.array(["SMITH", "JONES", "MUELLER", "GARCIA", "NOWAK", "ROSSI", "ZHANG"])
    people = pl.DataFrame(
        {
            "person": np.arange(n),
            "surname": surnames[rng.integers(0, surnames.size, n)],
            "given_names": [f"NAME{x}" for x in rng.integers(0, 150, n)],
            "birth_date": np.datetime64("1950-01-01") + rng.integers(0, 15_000, n),
            "sex": rng.choice(["M", "F"], n),
        }
    ).with_columns(pl.col("birth_date").cast(pl.Date))
    b = people.sample(fraction=0.8, seed=1).with_columns(
        pl.when(pl.int_range(pl.len()) % 7 == 0)
        .then(pl.col("birth_date").dt.offset_by("1y"))
        .otherwise(pl.col("birth_date"))
        .alias("birth_date")
    )
    spec = LinkSpec(
        comparisons=(
            NameComparison("surname", "given_names"),
            DateComparison("birth_date"),
            ExactMatch("sex"),
        ),
        blocking=(block_on("surname"), block_on("birth_date")),
        id_column="person",
        u_sample_pairs=20_000,
    )
    return link({"a": people, "b": b}, spec, threshold_match_probability=None)


def test_evaluate_from_a_label_column_and_from_pairs_agree(linked) -> None:  # type: ignore[no-untyped-def]
    by_column = linked.evaluate("person", threshold_match_probability=0.5)
    true_pairs = linked.records.filter(pl.col("source") == "b").select(
        pl.lit("a").alias("source_a"),
        pl.col("person").alias("id_a"),
        pl.lit("b").alias("source_b"),
        pl.col("person").alias("id_b"),
    )
    by_pairs = linked.evaluate(true_pairs, threshold_match_probability=0.5)
    assert by_column == by_pairs
    assert by_column.true_positives + by_column.false_negatives == 480
    assert by_column.f1 > 0.9
    assert 0.0 <= by_column.precision <= 1.0


def test_threshold_curves(linked) -> None:  # type: ignore[no-untyped-def]
    curve = linked.threshold_curve("person")
    assert (curve["recall"].diff().drop_nulls() >= -1e-12).all()  # thresholds fall
    row = curve.filter((pl.col("match_probability") - 0.5).abs() < 1e-9)
    if row.height:
        assert row["f1"].item() == pytest.approx(linked.evaluate("person", 0.5).f1)
    expected = linked.threshold_curve()
    assert expected["precision"].is_between(0.0, 1.0).all()
    assert (expected["recall"].diff().drop_nulls() >= -1e-12).all()
    # The model's own expectation is close to the truth at p >= 0.5 on this easy data.
    at_half = expected.filter(pl.col("match_weight") >= 0).tail(1)
    assert at_half["recall"].item() == pytest.approx(linked.evaluate("person", 0.5).recall, abs=0.1)


def test_predictions_cluster_every_record(linked) -> None:  # type: ignore[no-untyped-def]
    got = linked.clusters(threshold_match_probability=0.5)
    assert got.height == linked.records.height
    assert got.select("source", "id").is_unique().all()
    sizes = got.group_by("cluster_id").len()["len"]
    assert sizes.max() <= 4

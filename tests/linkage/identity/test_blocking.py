"""Multi-pass blocking equals brute force; counts before comparison equal pairs made."""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.identity import block_on, phonetic_key
from linkage.identity.blocking import (
    block_ids,
    candidate_pairs,
    count_comparisons,
)
from schemas.errors import ConfigError

RULES = (block_on("a"), block_on("b", "c"), block_on(pl.col("a") + pl.col("c"), name="a+c"))

rows = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(0, 3)),
        st.one_of(st.none(), st.integers(0, 2)),
        st.integers(0, 2),
        st.integers(0, 2),
    ),
    min_size=0,
    max_size=40,
)


def _frame(data: list[tuple[int | None, int | None, int, int]]) -> tuple[pl.DataFrame, np.ndarray]:
    frame = pl.DataFrame(
        [(a, b, c) for a, b, c, _ in data],
        schema={"a": pl.Int64, "b": pl.Int64, "c": pl.Int64},
        orient="row",
    )
    source = np.sort(np.asarray([s for *_, s in data], dtype=np.int64))
    return frame, source


def _brute(frame: pl.DataFrame, source: np.ndarray, link_only: bool) -> set[tuple[int, int]]:
    keys = frame.select(
        pl.col("a").alias("r0"),
        pl.struct("b", "c").alias("r1"),
        (pl.col("a") + pl.col("c")).alias("r2"),
    )
    null = frame.select(
        pl.col("a").is_null().alias("r0"),
        (pl.col("b").is_null() | pl.col("c").is_null()).alias("r1"),
        pl.col("a").is_null().alias("r2"),
    )
    out = set()
    for i, j in itertools.combinations(range(frame.height), 2):
        if link_only and source[i] == source[j]:
            continue
        for r in ("r0", "r1", "r2"):
            if not null[r][i] and not null[r][j] and keys[r][i] == keys[r][j]:
                out.add((i, j))
    return out


@pytest.mark.parametrize("link_type", ["link_only", "link_and_dedupe"])
@settings(max_examples=60, deadline=None)
@given(data=rows)
def test_union_of_passes_equals_brute_force(link_type: str, data: list) -> None:  # type: ignore[type-arg]
    frame, source = _frame(data)
    if frame.height == 0:
        return
    pairs = candidate_pairs(frame, RULES, source, link_type)  # type: ignore[arg-type]
    got = list(zip(pairs.left.tolist(), pairs.right.tolist(), strict=True))
    assert len(got) == len(set(got)), "each pair once"
    assert all(i < j for i, j in got)
    assert set(got) == _brute(frame, source, link_type == "link_only")
    counts = count_comparisons(frame, RULES, source, link_type)  # type: ignore[arg-type]
    assert counts["pairs"].to_list() == pairs.stats["pairs_kept"].to_list()
    assert int(pairs.stats["new_pairs"].sum()) == len(got)


def test_oversized_blocks_are_skipped_but_other_passes_keep_their_pairs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    frame = pl.DataFrame({"a": [1] * 10 + [2, 2], "b": [*list(range(10)), 5, 5]})
    source = np.asarray([0] * 6 + [1] * 4 + [0, 1])
    rules = (block_on("a"), block_on("b"))
    counts = count_comparisons(frame, rules, source, "link_only", max_block_pairs=10)
    assert counts["pairs"].to_list() == [24 + 1, 2]
    assert counts["oversized_blocks"].to_list() == [1, 0]
    pairs = candidate_pairs(frame, rules, source, "link_only", max_block_pairs=10)
    got = set(zip(pairs.left.tolist(), pairs.right.tolist(), strict=True))
    assert got == {(10, 11), (5, 11)}  # block a=2; then b=5 adds (5, 11) only
    assert "skipped" in caplog.text


def test_rule_columns_and_errors() -> None:
    rule = block_on(pl.col("surname").str.slice(0, 2), "birth_year", covers=("given",))
    assert rule.columns == frozenset({"surname", "birth_year", "given"})
    frame = pl.DataFrame({"a": [1, 1]})
    with pytest.raises(ConfigError, match="link_type"):
        candidate_pairs(frame, [block_on("a")], np.zeros(2, int), "link")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="at least one"):
        candidate_pairs(frame, [], np.zeros(2, int))


def test_big_passes_cut_into_pieces_give_the_same_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    import linkage.identity.blocking as blocking

    rng = np.random.default_rng(0)
    frame = pl.DataFrame({"a": rng.integers(0, 5, 300), "b": rng.integers(0, 3, 300)})
    source = np.sort(rng.integers(0, 3, 300))
    rules = (block_on("a"), block_on("b"))
    whole = candidate_pairs(frame, rules, source, "link_only")
    monkeypatch.setattr(blocking, "_SEGMENT_PAIRS", 7)
    cut = candidate_pairs(frame, rules, source, "link_only")
    assert len(cut) == len(whole)
    assert set(zip(cut.left.tolist(), cut.right.tolist(), strict=True)) == set(
        zip(whole.left.tolist(), whole.right.tolist(), strict=True)
    )


def test_keys_on_distinct_values_give_the_same_blocks_as_per_record() -> None:
    # A row-wise key of one column is computed once per distinct value and joined back;
    # the blocks must be those of evaluating it on every record (nulls stay unblocked).
    rng = np.random.default_rng(4)
    names = np.array(["Müller", "MUELLER", "Smith", "Smieth", None, "Haddad", "Omar"], dtype=object)
    frame = pl.DataFrame(
        {"surname": names[rng.integers(0, names.size, 500)].tolist(), "n": np.arange(500)}
    )
    rule = block_on(phonetic_key(pl.col("surname")), name="surname_key")
    ids = block_ids(frame, rule)
    direct = frame.select(phonetic_key(pl.col("surname")).alias("k"))["k"]
    assert ((ids < 0) == direct.is_null().to_numpy()).all()
    keyed = pl.DataFrame({"b": ids, "k": direct}).filter(pl.col("b") >= 0)
    assert keyed.group_by("b").agg(pl.col("k").n_unique())["k"].max() == 1
    assert keyed.group_by("k").agg(pl.col("b").n_unique())["b"].max() == 1
    # A key that is not row-wise (a rank over the column) is evaluated on every record.
    ranked = block_ids(frame, block_on(pl.col("n").rank("ordinal") // 100, name="rank"))
    assert np.bincount(ranked).tolist() == [99, 100, 100, 100, 100, 1]

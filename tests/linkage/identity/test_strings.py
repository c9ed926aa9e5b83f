"""String similarities equal recordlinkage's; the fast level kernel equals the plain one."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.identity.strings import (
    StringMethod,
    encode_strings,
    level_table,
    pair_levels,
    pair_similarity,
    string_similarity,
)

ALPHABET = "ABEHILMNORSTU "
words = st.text(alphabet=ALPHABET, min_size=1, max_size=10)
pairs = st.lists(st.tuples(words, words), min_size=1, max_size=60)


def _recordlinkage(a: list[str], b: list[str], method: str) -> np.ndarray:
    import recordlinkage as rl

    index = pd.MultiIndex.from_arrays([np.arange(len(a)), np.arange(len(b))])
    compare = rl.Compare()
    if method == "exact":
        compare.exact("x", "x", label="v")
    else:
        compare.string("x", "x", method=method, label="v")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        out = compare.compute(index, pd.DataFrame({"x": a}), pd.DataFrame({"x": b}))
    return np.asarray(out["v"].to_numpy(), dtype=np.float64)


@pytest.mark.parametrize("method", ["jarowinkler", "jaro", "levenshtein", "damerau_levenshtein"])
@settings(max_examples=40, deadline=None)
@given(data=pairs)
def test_similarity_equals_recordlinkage(method: str, data: list[tuple[str, str]]) -> None:
    a, b = [x for x, _ in data], [y for _, y in data]
    ours = string_similarity(a, b, method)
    np.testing.assert_allclose(ours, _recordlinkage(a, b, method), rtol=0, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(data=pairs)
def test_exact_equals_recordlinkage(data: list[tuple[str, str]]) -> None:
    a, b = [x for x, _ in data], [y for _, y in data]
    enc = encode_strings(pl.Series(a + b))
    idx = np.arange(len(a))
    equal = (enc.codes[idx] == enc.codes[idx + len(a)]).astype(np.float64)
    np.testing.assert_array_equal(equal, _recordlinkage(a, b, "exact"))


def test_nulls_are_nan() -> None:
    out = string_similarity(["ANNA", None], [None, "ANNA"])
    assert np.isnan(out).all()


@pytest.mark.parametrize(
    ("method", "thresholds"),
    [
        ("jarowinkler", (0.92, 0.8)),
        ("jaro", (0.9, 0.7)),
        ("levenshtein", (0.8, 0.5)),
        ("levenshtein_distance", (1, 2)),
        ("damerau_levenshtein_distance", (1,)),
    ],
)
@settings(max_examples=30, deadline=None)
@given(
    values=st.lists(st.one_of(st.none(), words), min_size=2, max_size=40), seed=st.integers(0, 9)
)
def test_fast_levels_equal_thresholded_similarity(
    method: str, thresholds: tuple[float, ...], values: list[str | None], seed: int
) -> None:
    m = StringMethod(method)
    enc = encode_strings(pl.Series(values, dtype=pl.String))
    rng = np.random.default_rng(seed)
    left = rng.integers(0, len(values), 200)
    right = rng.integers(0, len(values), 200)
    sim = pair_similarity(enc, left, right, m)
    expected = np.zeros(left.size, dtype=np.int8)
    for t in thresholds:
        expected += (sim <= t) if m.is_distance else (sim >= t)
    expected[enc.codes[left] == enc.codes[right]] = len(thresholds) + 1
    expected[np.isnan(sim)] = -1
    for table in (None, level_table(enc, m, thresholds, max_cells=16)):
        got = pair_levels(enc, left, right, m, thresholds, table)
        np.testing.assert_array_equal(got, expected)


def test_cutoff_keeps_exact_values_at_and_above_it() -> None:
    a = ["SMITH", "ABCDE", "ANNA", "JOHNSSON"]
    b = ["SMIETH", "ABCDX", "HANNA", "SMITH"]
    enc = encode_strings(pl.Series(a + b))
    idx = np.arange(4)
    full = pair_similarity(enc, idx, idx + 4, StringMethod.LEVENSHTEIN)
    cut = pair_similarity(enc, idx, idx + 4, StringMethod.LEVENSHTEIN, cutoff=0.8)
    keep = full >= 0.8
    np.testing.assert_array_equal(cut[keep], full[keep])
    assert (cut[~keep] == 0.0).all()

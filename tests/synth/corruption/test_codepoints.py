"""The code-point matrix helpers agree with plain Python string operations."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from synth.corruption.codepoints import from_codes, pick_true, splice, to_codes

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=15)


@given(strings=st.lists(text, max_size=20))
def test_round_trip(strings: list[str]) -> None:
    codes, lengths = to_codes(strings)
    assert from_codes(codes) == strings
    assert lengths.tolist() == [len(s) for s in strings]


@given(data=st.data(), strings=st.lists(text, min_size=1, max_size=20))
def test_splice_matches_slicing(data: st.DataObject, strings: list[str]) -> None:
    edits = []
    for s in strings:
        p = data.draw(st.integers(0, len(s)))
        cut = data.draw(st.integers(0, len(s) - p))
        repl = data.draw(st.text(alphabet="ABC", max_size=3))
        edits.append((p, cut, repl))
    codes, lengths = to_codes(strings)
    repl_codes, repl_len = to_codes([r for _, _, r in edits])
    out, new_len = splice(
        codes,
        lengths,
        np.array([p for p, _, _ in edits], dtype=np.int64),
        np.array([c for _, c, _ in edits], dtype=np.int64),
        repl_codes,
        repl_len,
    )
    expected = [s[:p] + r + s[p + c :] for s, (p, c, r) in zip(strings, edits, strict=True)]
    assert from_codes(out) == expected
    assert new_len.tolist() == [len(e) for e in expected]


@given(
    rows=st.lists(st.lists(st.booleans(), min_size=5, max_size=5), min_size=1, max_size=10),
    u=st.floats(0.0, 0.999999),
)
def test_pick_true_picks_a_true_cell(rows: list[list[bool]], u: float) -> None:
    mask = np.array(rows, dtype=bool)
    chosen = pick_true(mask, np.full(len(rows), u))
    for row, col in zip(rows, chosen.tolist(), strict=True):
        if any(row):
            assert row[col]
            assert col == [i for i, v in enumerate(row) if v][int(u * sum(row))]
        else:
            assert col == -1

"""Keyboard typos, OCR and phonetic errors: small, visible edits of one column."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

from synth.corruption import (
    NoiseType,
    apply_noise,
    keyboard_neighbours,
    keyboard_typo,
    ocr_error,
    phonetic_error,
    uniform_rates,
)
from synth.corruption.ocr import ocr_candidates
from synth.corruption.phonetic import phonetic_candidates
from tests.synth.corruption.support import NAMES, applied, records

names_text = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ -'", min_size=1, max_size=30)
mixed_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=20,
)
document_text = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=12)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


@settings(max_examples=60, deadline=None)
@given(strings=st.lists(st.one_of(names_text, mixed_text), min_size=1, max_size=40), seed=seeds)
def test_keyboard_typo_is_one_visible_edit(strings: list[str], seed: int) -> None:
    out = keyboard_typo(strings, np.random.default_rng(seed))
    assert len(out) == len(strings)
    for before, after in zip(strings, out, strict=True):
        assert after != before
        assert after
        assert DamerauLevenshtein.distance(before, after) == 1
        assert 1 <= Levenshtein.distance(before, after) <= 2


@settings(max_examples=40, deadline=None)
@given(strings=st.lists(names_text, min_size=1, max_size=40), seed=seeds)
def test_keyboard_substitutions_use_qwerty_neighbours(strings: list[str], seed: int) -> None:
    near = keyboard_neighbours()
    for before, after in zip(
        strings, keyboard_typo(strings, np.random.default_rng(seed)), strict=True
    ):
        if len(before) != len(after):
            continue
        diff = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
        if len(diff) == 1:  # a substitution, not a transposition
            old, new = diff[0]
            assert new in near[old], (before, after)


def test_keyboard_typo_keeps_the_case() -> None:
    rng = np.random.default_rng(0)
    out = keyboard_typo(["smith"] * 200, rng)
    assert all(s.islower() for s in out)


@settings(max_examples=60, deadline=None)
@given(strings=st.lists(st.one_of(names_text, mixed_text), min_size=1, max_size=40), seed=seeds)
def test_phonetic_error_is_small_and_visible_when_possible(strings: list[str], seed: int) -> None:
    out = phonetic_error(strings, np.random.default_rng(seed))
    possible = phonetic_candidates(strings)
    for before, after, n in zip(strings, out, possible, strict=True):
        assert Levenshtein.distance(before, after) <= 2
        assert (after != before) == (n > 0)
        assert after or not before


@settings(max_examples=60, deadline=None)
@given(
    strings=st.lists(st.one_of(names_text, document_text), min_size=1, max_size=40),
    seed=seeds,
    kind=st.sampled_from(["name", "document"]),
)
def test_ocr_error_is_small_and_visible_when_possible(
    strings: list[str], seed: int, kind: str
) -> None:
    out = ocr_error(strings, np.random.default_rng(seed), kind=kind)
    possible = ocr_candidates(strings, kind=kind)
    for before, after, n in zip(strings, out, possible, strict=True):
        assert Levenshtein.distance(before, after) <= 2
        assert (after != before) == (n > 0)


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("PHAM", {"FAM"}),
        ("ANNE", {"ANE", "ANN"}),
        ("ELENA", {"ELLENA", "ELENNA"}),
        ("KEITH", {"CEITH", "KAITH", "KEYTH", "KEIT"}),
        ("ROCKY", {"ROKY", "ROCCY", "ROCKI", "ROKKY"}),
        ("XQZ", {"XQZ"}),
    ],
)
def test_phonetic_rules_examples(before: str, expected: set[str]) -> None:
    seen = set(phonetic_error([before] * 400, np.random.default_rng(1)))
    assert seen == expected


def test_ocr_document_confusions() -> None:
    seen = set(ocr_error(["O1B"] * 300, np.random.default_rng(2), kind="document"))
    assert seen == {"01B", "OIB", "O18"}
    seen = set(ocr_error(["MARTIN"] * 500, np.random.default_rng(3)))
    assert "RNARTIN" in seen
    assert "MAPTIN" in seen


# -- through apply_noise: one column edited, visible when possible ------------------------

TEXT_NOISE = {
    NoiseType.KEYBOARD_TYPO: ("given_names", "surname"),
    NoiseType.PHONETIC_ERROR: ("given_names", "surname"),
    NoiseType.OCR_ERROR: ("document_number", "given_names", "surname"),
}


def _possible(key: NoiseType, column: str, value: str | None) -> bool:
    if value is None:
        return False
    if key is NoiseType.KEYBOARD_TYPO:
        return bool(value)
    if key is NoiseType.PHONETIC_ERROR:
        return bool(phonetic_candidates([value])[0])
    kind = "document" if column == "document_number" else "name"
    return bool(ocr_candidates([value], kind=kind)[0])


@pytest.mark.parametrize("key", list(TEXT_NOISE), ids=lambda k: k.value)
@settings(max_examples=10, deadline=None)
@given(seed=seeds, rate=st.floats(min_value=0.05, max_value=0.5))
def test_text_noise_edits_one_column_visibly(key: NoiseType, seed: int, rate: float) -> None:
    frame = records(600, seed=10)
    out = apply_noise(
        frame, uniform_rates(frame.height, {key: rate}), np.random.default_rng(seed), NAMES
    )
    hit = applied(out, key)
    columns = TEXT_NOISE[key]
    before = {c: frame.get_column(c).to_list() for c in columns}
    after = {c: out.get_column(c).to_list() for c in columns}
    for row in range(frame.height):
        changed = [c for c in columns if before[c][row] != after[c][row]]
        if not hit[row]:
            assert not changed
            continue
        can = any(_possible(key, c, before[c][row]) for c in columns)
        assert len(changed) == (1 if can else 0), (row, changed)
        for c in changed:
            assert Levenshtein.distance(before[c][row], after[c][row]) <= 2

"""Birth-date noise, missing field, wrong sex, wrong nationality, document-number slips."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from synth.corruption import (
    MISSING_FIELD_COLUMNS,
    NoiseType,
    apply_noise,
    plausible_nationalities,
    uniform_rates,
)
from synth.nationalities import NATIONALITIES, NATIONALITY_BY_CODE
from tests.synth.corruption.support import NAMES, records

seeds = st.integers(min_value=0, max_value=2**32 - 1)


def _apply(frame: pl.DataFrame, key: NoiseType, seed: int = 0) -> pl.DataFrame:
    return apply_noise(
        frame, uniform_rates(frame.height, {key: 1.0}), np.random.default_rng(seed), NAMES
    )


def _dates(frame: pl.DataFrame) -> list[dt.date | None]:
    return frame.get_column("birth_date").to_list()


def test_default_birth_date_is_first_of_january_of_the_true_year() -> None:
    frame = records(500, seed=20)
    out = _apply(frame, NoiseType.DEFAULT_BIRTH_DATE)
    for before, after in zip(_dates(frame), _dates(out), strict=True):
        assert before is not None
        assert after == dt.date(before.year, 1, 1)
    assert out.get_column("birth_year").equals(frame.get_column("birth_year"))


def test_default_birth_date_uses_birth_year_when_the_date_is_unknown() -> None:
    frame = records(20, seed=21).with_columns(
        pl.when(pl.int_range(pl.len()) < 10).then(pl.col("birth_date")).alias("birth_date")
    )
    out = _apply(frame, NoiseType.DEFAULT_BIRTH_DATE)
    years = frame.get_column("birth_year").to_list()
    assert _dates(out) == [dt.date(y, 1, 1) for y in years]


def test_year_only_keeps_the_year() -> None:
    frame = records(300, seed=22).with_columns(
        pl.when(pl.int_range(pl.len()) % 3 == 0).then(None).otherwise(pl.col("birth_year"))
    )
    out = _apply(frame, NoiseType.YEAR_ONLY_BIRTH_DATE)
    assert out.get_column("birth_date").null_count() == out.height
    true_years = [d.year for d in _dates(frame) if d is not None]
    assert out.get_column("birth_year").to_list() == true_years
    assert out.schema["birth_year"] == pl.Int16


def test_day_month_swap() -> None:
    frame = records(1000, seed=23)
    out = _apply(frame, NoiseType.DAY_MONTH_SWAP)
    swapped = 0
    for before, after in zip(_dates(frame), _dates(out), strict=True):
        assert before is not None
        if before.day <= 12 and before.day != before.month:
            assert after == dt.date(before.year, before.day, before.month)
            swapped += 1
        else:
            assert after == before
    assert swapped > 0


@settings(max_examples=15, deadline=None)
@given(seed=seeds)
def test_missing_field_blanks_exactly_one_filled_field(seed: int) -> None:
    frame = records(400, seed=24)
    out = _apply(frame, NoiseType.MISSING_FIELD, seed)
    before = frame.select(MISSING_FIELD_COLUMNS).rows()
    after = out.select(MISSING_FIELD_COLUMNS).rows()
    blanked_columns: set[int] = set()
    for old, new in zip(before, after, strict=True):
        diff = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        assert len(diff) == (1 if any(v is not None for v in old) else 0)
        assert all(new[i] is None for i in diff)
        blanked_columns.update(diff)
    assert blanked_columns == set(range(len(MISSING_FIELD_COLUMNS)))


def test_wrong_sex_flips() -> None:
    frame = records(200, seed=25)
    out = _apply(frame, NoiseType.WRONG_SEX)
    flip = {"M": "F", "F": "M"}
    assert out.get_column("sex").to_list() == [flip[s] for s in frame.get_column("sex")]


@settings(max_examples=10, deadline=None)
@given(seed=seeds)
def test_wrong_nationality_is_another_plausible_code(seed: int) -> None:
    frame = records(300, seed=26)
    out = _apply(frame, NoiseType.WRONG_NATIONALITY, seed)
    for old, new in zip(
        frame.get_column("nationality"), out.get_column("nationality"), strict=True
    ):
        assert new != old
        assert new in plausible_nationalities(old)
        assert len(new) == 3


def test_plausible_nationalities_share_the_region() -> None:
    for nationality in NATIONALITIES:
        options = plausible_nationalities(nationality.code)
        assert options
        assert nationality.code not in options
        same_region = {n.code for n in NATIONALITIES if n.region == nationality.region} - {
            nationality.code
        }
        if same_region:
            assert set(options) == same_region
    assert "IRQ" in plausible_nationalities("SYR")
    assert "MNG" in plausible_nationalities("CHN")  # alone in its region: neighbours
    assert set(plausible_nationalities("XXX")) == set(NATIONALITY_BY_CODE)


@settings(max_examples=15, deadline=None)
@given(seed=seeds)
def test_document_digit_error_changes_one_or_two_characters(seed: int) -> None:
    frame = records(400, seed=27)
    out = _apply(frame, NoiseType.DOCUMENT_DIGIT_ERROR, seed)
    kinds: set[int | str] = set()
    for old, new in zip(
        frame.get_column("document_number"), out.get_column("document_number"), strict=True
    ):
        if old is None:
            assert new is None
            continue
        assert new != old
        assert len(new) == len(old)
        diff = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        assert 1 <= len(diff) <= 2
        assert Levenshtein.distance(old, new) <= 2
        transposed = (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and (new[diff[0]], new[diff[1]]) == (old[diff[1]], old[diff[0]])
        )
        if not transposed:  # substitutions stay in their class
            assert all(old[i].isdigit() == new[i].isdigit() for i in diff)
        kinds.add("transposition" if transposed else len(diff))
    assert kinds == {1, 2, "transposition"}

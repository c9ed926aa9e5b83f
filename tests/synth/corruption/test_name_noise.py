"""Transliteration, truncated surname, name order and name swap."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synth.corruption import NoiseType, apply_noise, surname_first_cultures, uniform_rates
from synth.names import CULTURES
from tests.synth.corruption.support import FAKE_NAMES, NAMES, applied, fake_records, records

seeds = st.integers(min_value=0, max_value=2**32 - 1)


def _variants(name_id: int, names: Any = FAKE_NAMES) -> set[str]:
    count = int(names.n_variants(np.array([name_id]))[0])
    return {str(v) for v in names.latin(np.full(count, name_id), np.arange(count))}


def _split_into(
    text: str, first: int, second: int | None, names: Any = FAKE_NAMES
) -> tuple[str, str | None] | None:
    """``text`` as a variant of ``first`` (+ space + a variant of ``second``), or None."""
    if second is None:
        return (text, None) if text in _variants(first, names) else None
    for a in _variants(first, names):
        for b in _variants(second, names):
            if text == f"{a} {b}":
                return a, b
    return None


def _row(
    surname: str | None,
    given: str | None,
    culture: str = "arabic_levant",
    **ids: int | None,
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "person_id": [1],
            "identity_no": [0],
            "surname": pl.Series([surname], dtype=pl.String),
            "given_names": pl.Series([given], dtype=pl.String),
            "surname_at_birth": pl.Series([surname], dtype=pl.String),
            "birth_date": [dt.date(1990, 5, 17)],
            "birth_year": pl.Series([1990], dtype=pl.Int16),
            "sex": ["M"],
            "nationality": ["SYR"],
            "place_of_birth": ["ALEPPO"],
            "document_number": ["N1234567"],
            "culture": [culture],
            "given_id": pl.Series([ids.get("given_id")], dtype=pl.Int64),
            "given_id2": pl.Series([ids.get("given_id2")], dtype=pl.Int64),
            "surname_id": pl.Series([ids.get("surname_id")], dtype=pl.Int64),
            "surname_id2": pl.Series([ids.get("surname_id2")], dtype=pl.Int64),
        }
    )


def _apply(
    frame: pl.DataFrame, key: NoiseType, seed: int = 0, names: Any = FAKE_NAMES
) -> pl.DataFrame:
    return apply_noise(
        frame, uniform_rates(frame.height, {key: 1.0}), np.random.default_rng(seed), names
    )


@pytest.mark.parametrize("table", ["fake", "real"])
@settings(max_examples=8, deadline=None)
@given(seed=seeds)
def test_transliteration_picks_another_variant_of_each_part(table: str, seed: int) -> None:
    names: Any = FAKE_NAMES if table == "fake" else NAMES
    frame = fake_records(500, seed=11) if table == "fake" else records(500, seed=11)
    out = _apply(frame, NoiseType.TRANSLITERATION, seed, names)
    for before, after in zip(frame.iter_rows(named=True), out.iter_rows(named=True), strict=True):
        for column, a, b in (
            ("given_names", "given_id", "given_id2"),
            ("surname", "surname_id", "surname_id2"),
        ):
            old = _split_into(before[column], before[a], before[b], names)
            new = _split_into(after[column], before[a], before[b], names)
            assert old is not None
            assert new is not None, (before[column], after[column])
            for part_old, part_new, name_id in zip(old, new, (before[a], before[b]), strict=True):
                if name_id is not None and len(_variants(name_id, names)) > 1:
                    assert part_new != part_old
                else:
                    assert part_new == part_old
        if before["surname_at_birth"] == before["surname"]:
            assert after["surname_at_birth"] == after["surname"]
        else:
            assert after["surname_at_birth"] == before["surname_at_birth"]


def test_transliteration_of_a_multiword_variant() -> None:
    # "ABD AL RAHMAN" (id 1) has spaces inside one name; "AL HASSAN" (id 7) too.
    frame = _row("AL HASSAN", "ABD AL RAHMAN ALI", given_id=1, given_id2=2, surname_id=7)
    out = _apply(frame, NoiseType.TRANSLITERATION, seed=4)
    given = out.item(0, "given_names")
    surname = out.item(0, "surname")
    assert surname in _variants(7) - {"AL HASSAN"}
    assert _split_into(given, 1, 2) is not None
    assert not given.startswith("ABD AL RAHMAN ")
    assert not given.endswith(" ALI")


@pytest.mark.parametrize("table", ["fake", "real"])
def test_truncated_surname_keeps_the_first_part(table: str) -> None:
    names: Any = FAKE_NAMES if table == "fake" else NAMES
    frame = fake_records(800, seed=12) if table == "fake" else records(800, seed=12)
    out = _apply(frame, NoiseType.TRUNCATED_SURNAME, names=names)
    compound = 0
    for before, after in zip(frame.iter_rows(named=True), out.iter_rows(named=True), strict=True):
        if before["surname_id2"] is None:
            assert after["surname"] == before["surname"]
            continue
        parts = _split_into(before["surname"], before["surname_id"], before["surname_id2"], names)
        assert parts is not None
        assert after["surname"] == parts[0]
        compound += 1
    assert compound > 0


def test_truncated_surname_with_a_spaced_first_part() -> None:
    frame = _row("DE LA CRUZ GARCIA", "JOSE", "spanish", surname_id=34, surname_id2=32)
    assert _apply(frame, NoiseType.TRUNCATED_SURNAME).item(0, "surname") == "DE LA CRUZ"


def test_name_swap_exchanges_the_fields() -> None:
    frame = fake_records(300, seed=13)
    out = _apply(frame, NoiseType.NAME_SWAP)
    assert out.get_column("surname").to_list() == frame.get_column("given_names").to_list()
    assert out.get_column("given_names").to_list() == frame.get_column("surname").to_list()


@pytest.mark.parametrize(
    ("culture", "surname", "given", "expected_surname", "expected_given"),
    [
        # given-first culture read surname-first: the first token becomes the surname
        ("spanish", "GARCIA LOPEZ", "JOSE MARIA", "JOSE", "MARIA GARCIA LOPEZ"),
        ("arabic_levant", "HADDAD", "OMAR", "OMAR", "HADDAD"),
        # surname-first culture read given-first: the last token becomes the surname
        ("chinese", "WANG", "XIAO MEI", "MEI", "WANG XIAO"),
        ("chinese", "ZHANG", "WEI", "WEI", "ZHANG"),
        ("spanish", "GARCIA", None, "GARCIA", None),
    ],
)
def test_name_order_examples(
    culture: str,
    surname: str,
    given: str | None,
    expected_surname: str,
    expected_given: str | None,
) -> None:
    assert "chinese" in surname_first_cultures()
    out = _apply(_row(surname, given, culture), NoiseType.NAME_ORDER)
    assert out.item(0, "surname") == expected_surname
    assert out.item(0, "given_names") == expected_given


def test_surname_first_cultures_come_from_the_name_registry() -> None:
    expected = {c.key for c in CULTURES if c.name_order == "surname_first"}
    assert surname_first_cultures() == expected
    assert "chinese" in expected


def test_name_order_keeps_every_token() -> None:
    frame = records(500, seed=14)
    out = _apply(frame, NoiseType.NAME_ORDER, names=NAMES)
    assert applied(out, NoiseType.NAME_ORDER).all()
    for before, after in zip(frame.iter_rows(named=True), out.iter_rows(named=True), strict=True):
        tokens_before = sorted(f"{before['given_names']} {before['surname']}".split())
        tokens_after = sorted(f"{after['given_names'] or ''} {after['surname']}".split())
        assert tokens_before == tokens_after

"""The naming-culture registry and the own name tables."""

from __future__ import annotations

import importlib

import pytest
from faker.config import AVAILABLE_LOCALES

from synth.names import CULTURES, NAME_ORDERS, SCRIPTS, NamingCulture, is_mrz
from synth.names.data import NameRow, arabic, ethiopic, iranian, parse_rows, somali
from synth.names.phonemic import TRADITIONS, VOWELS, tokenize
from synth.names.pools import own_rows

_KNOWN_TOKENS = VOWELS | set("bcdfghjklmnpqrstvwxyz'") | {
    "kh", "sh", "th", "dh", "gh", "ch", "zh", "ts", "ny",
}  # fmt: skip


def test_registry_values_are_valid() -> None:
    keys = [c.key for c in CULTURES]
    assert len(keys) == len(set(keys))
    for c in CULTURES:
        assert c.script in SCRIPTS
        assert c.name_order in NAME_ORDERS
        assert 0.0 <= c.compound_surname_share <= 1.0
        assert bool(c.faker_locales) != bool(c.own_table), c.key


@pytest.mark.parametrize("locale", sorted({loc for c in CULTURES for loc in c.faker_locales}))
def test_faker_locales_have_their_own_person_provider(locale: str) -> None:
    # A locale without its own person provider silently falls back to US names.
    assert locale in AVAILABLE_LOCALES
    importlib.import_module(f"faker.providers.person.{locale}")


@pytest.mark.parametrize("culture", [c for c in CULTURES if c.own_table], ids=lambda c: c.key)
def test_own_tables_are_non_empty_without_duplicates(culture: NamingCulture) -> None:
    male, female, surnames = own_rows(culture.own_table)
    for rows in (male, female, surnames or ()):
        natives = [r.native for r in rows]
        assert len(natives) == len(set(natives))
    assert len(male) >= 20
    assert len(female) >= 20
    if culture.patronymic:
        assert surnames is None or "arabic" in culture.own_table
    else:
        assert surnames is not None
        assert len(surnames) >= 20


_PHONEMIC_ROWS: list[NameRow] = [
    *arabic.GIVEN_MALE, *arabic.GIVEN_FEMALE, *arabic.SURNAMES,
    *iranian.PERSIAN_MALE, *iranian.PERSIAN_FEMALE, *iranian.PERSIAN_SURNAMES,
    *iranian.AFGHAN_MALE, *iranian.AFGHAN_FEMALE, *iranian.AFGHAN_SURNAMES,
    *ethiopic.GIVEN_MALE, *ethiopic.GIVEN_FEMALE, *somali.GIVEN_MALE, *somali.GIVEN_FEMALE,
]  # fmt: skip


def test_phonemic_keys_use_only_known_tokens() -> None:
    for row in _PHONEMIC_ROWS:
        for word in row.key.split():
            body = word.removeprefix("al-")
            unknown = set(tokenize(body)) - _KNOWN_TOKENS
            assert not unknown, (row.native, row.key, unknown)


def test_hand_written_spellings_are_valid() -> None:
    for row in _PHONEMIC_ROWS:
        for spelling in (*row.extras, *row.canon.values()):
            assert is_mrz(spelling), (row.native, spelling)
        assert set(row.canon) <= set(TRADITIONS), row.native


def test_native_script_of_own_tables() -> None:
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in r.native) for r in arabic.GIVEN_MALE)
    assert all(any("\u1200" <= ch <= "\u137f" for ch in r.native) for r in ethiopic.GIVEN_MALE)


def test_parse_rows_reads_all_fields() -> None:
    (row,) = parse_rows("محمد | muhammäd | LE | MOHAMED, MUHAMMED | EGY=MOHAMED,FRA=MOHAMED\n")
    assert row == NameRow(
        "محمد", "muhammäd", "LE", ("MOHAMED", "MUHAMMED"), {"EGY": "MOHAMED", "FRA": "MOHAMED"}
    )
    assert row.used_by("L")
    assert not row.used_by("M")

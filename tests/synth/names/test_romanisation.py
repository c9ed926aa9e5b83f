"""Romanisation tables and rules: Cyrillic, Georgian, Chinese, Arabic-script, Latin."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from synth.names import CULTURE_BY_KEY, is_mrz
from synth.names.chinese import chinese_variants, wade_giles
from synth.names.cyrillic import (
    CYRILLIC_LANGUAGES,
    cyrillic_variants,
    feminine_cyrillic_surname,
    romanise_cyrillic,
    schemes_for,
)
from synth.names.georgian import georgian_variants
from synth.names.latin import latin_variants, mrz
from synth.names.phonemic import phonemic_variants, render
from synth.names.transliteration import latin_spellings

RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
_LETTERS = {
    "ru": RUSSIAN,
    "uk": "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ",
    "be": "АБВГДЕЁЖЗІЙКЛМНОПРСТУЎФХЦЧШЫЬЭЮЯ",
    "bg": "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯ",
}


def _icao(word: str) -> str:
    return romanise_cyrillic(word, schemes_for("ru")[0])


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("ЖУКОВ", "ZHUKOV"), ("Хрущёв", "KHRUSHCHEV"), ("Цой", "TSOI"), ("Юлия", "IULIIA"),
     ("Щукин", "SHCHUKIN"), ("Наталья", "NATALIA"), ("Яковлев", "IAKOVLEV")],
)  # fmt: skip
def test_icao_9303_is_the_canonical_russian_spelling(cyrillic: str, latin: str) -> None:
    assert _icao(cyrillic) == latin
    assert cyrillic_variants(cyrillic, "ru")[0] == latin


def test_yeltsin_in_english_french_and_german() -> None:
    assert {"ELTSIN", "YELTSIN", "ELTSINE", "JELZIN"} <= set(cyrillic_variants("Ельцин", "ru"))


@pytest.mark.parametrize(
    ("word", "lang", "canonical"),
    [("Юлія", "uk", "YULIIA"), ("Зеленський", "uk", "ZELENSKYI"), ("Згурський", "uk",
     "ZGHURSKYI"), ("Сяргей", "be", "SIARHEI"), ("Кацярына", "be", "KATSIARYNA"),
     ("Ціханоўская", "be", "TSIKHANOUSKAYA"), ("Христо", "bg", "HRISTO"),
     ("Стоичков", "bg", "STOICHKOV")],
)  # fmt: skip
def test_national_canonical_schemes(word: str, lang: str, canonical: str) -> None:
    assert cyrillic_variants(word, lang)[0] == canonical


@pytest.mark.parametrize("lang", CYRILLIC_LANGUAGES)
@given(data=st.data())
def test_every_cyrillic_scheme_gives_mrz_spellings(lang: str, data: st.DataObject) -> None:
    word = data.draw(st.text(alphabet=_LETTERS[lang], min_size=1, max_size=12))
    word = "А" + word  # names start with a letter that has a rendering
    for scheme in schemes_for(lang):
        assert is_mrz(mrz(romanise_cyrillic(word, scheme))), (scheme.key, word)
    assert cyrillic_variants(word, lang)


@given(st.text(alphabet=RUSSIAN, min_size=1, max_size=10))
def test_icao_renders_letter_by_letter(word: str) -> None:
    assert _icao(word) == "".join(_icao(ch) for ch in word)


def test_feminine_surnames() -> None:
    assert feminine_cyrillic_surname("Иванов", "ru") == "Иванова"
    assert feminine_cyrillic_surname("Достоевский", "ru") == "Достоевская"
    assert feminine_cyrillic_surname("Шевченко", "uk") == "Шевченко"
    assert feminine_cyrillic_surname("Ціханоўскі", "be") == "Ціханоўская"


def test_georgian_national_system_and_variants() -> None:
    variants = georgian_variants("ჯუღაშვილი")
    assert variants[0] == "JUGHASHVILI"
    assert {"DZHUGASHVILI", "DSCHUGASCHWILI"} <= set(variants)
    assert "K'ILADZE" in georgian_variants("კილაძე")


def test_chinese_pinyin_wade_giles_and_hong_kong() -> None:
    assert chinese_variants("张", "surname")[:3] == ["ZHANG", "CHANG", "CHEUNG"]
    assert chinese_variants("吕", "surname")[0] == "LYU"
    assert "LV" in chinese_variants("吕", "surname")
    assert chinese_variants("单", "surname")[0] == "SHAN"  # surname reading
    given_name = chinese_variants("春梅", "given")
    assert given_name[0] == "CHUNMEI"
    assert "CHUN-MEI" in given_name
    assert "CH'UN-MEI" in given_name


@pytest.mark.parametrize(
    ("pinyin", "wg"),
    [("zhi", "CHIH"), ("xu", "HSU"), ("cai", "TS'AI"), ("guo", "KUO"), ("luo", "LO"),
     ("si", "SSU"), ("ri", "JIH"), ("xiong", "HSIUNG"), ("que", "CH'UEH"), ("ge", "KO")],
)  # fmt: skip
def test_wade_giles_syllables(pinyin: str, wg: str) -> None:
    assert wade_giles(pinyin) == wg


def test_arabic_traditions() -> None:
    key = "'abd al-rahmaan"
    assert render(key, "ENG") == "ABD AL-RAHMAN"
    assert render(key, "EGY") == "ABDEL RAHMAN"
    assert render(key, "FRA") == "ABDERRAHMANE"
    assert render("jamaal", "EGY") == "GAMAL"
    assert render("yuusuf", "GER") == "JUSSUF"
    assert render("nuur al-diin", "FRA") == "NOUREDDINE"
    assert render("hoseynzaadeh", "PER") == "HOSEINZADEH"


def test_phonemic_variants_put_the_canonical_first_and_are_distinct() -> None:
    spellings = phonemic_variants("hishaam", "FRA", ("ENG", "EGY", "GER"))
    assert spellings[:4] == ["HICHAM", "HISHAM", "HESHAM", "HISCHAM"]
    assert len(spellings) == len(set(spellings))


@pytest.mark.parametrize(
    ("name", "ruleset", "expected"),
    [("Müller", "de", ["MUELLER", "MULLER"]), ("Öztürk", "tr", ["OZTURK", "OEZTURK",
     "OZTUERK", "OEZTUERK"]), ("Çela", "sq", ["CELA", "CHELA", "TSCHELA"]),
     ("Wałęsa", "pl", ["WALESA"]), ("Əliyev", "az", ["ALIYEV", "ELIYEV"])],
)  # fmt: skip
def test_latin_diacritics(name: str, ruleset: str, expected: list[str]) -> None:
    assert latin_variants(name, ruleset) == expected


def test_latin_without_diacritics_has_one_spelling() -> None:
    assert latin_spellings(CULTURE_BY_KEY["english_us"], "O'Connor", "surname") == ["O'CONNOR"]
    assert latin_spellings(CULTURE_BY_KEY["french"], "Hélène", "given") == ["HELENE"]


def test_south_asian_and_wolof_rules() -> None:
    md = latin_spellings(CULTURE_BY_KEY["bangladeshi"], "Mohammad", "given")
    assert md[0] == "MOHAMMAD"
    assert {"MUHAMMAD", "MD"} <= set(md)
    assert "N'DIAYE" in latin_spellings(CULTURE_BY_KEY["wolof"], "Ndiaye", "surname")


@given(st.text(max_size=30))
def test_mrz_output_is_empty_or_valid(text: str) -> None:
    out = mrz(text)
    assert out == "" or is_mrz(out)

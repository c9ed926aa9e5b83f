"""Romanisation of Cyrillic names (Russian, Ukrainian, Belarusian, Bulgarian).

Real records hold one Cyrillic name in several Latin spellings because states and eras used
different tables: ICAO Doc 9303 Part 3 (Ж->ZH, Х->KH, Ц->TS, Щ->SHCH, Ю->IU, Я->IA), national
passport schemes, English (BGN/PCGN-like), German (Duden-like) and French renderings
(Yeltsin / Eltsine / Jelzin) [@icao-9303-part3; @lss-transcription-variants]. Each
scheme here is a table plus a few context rules; :func:`cyrillic_variants` returns the
distinct spellings, canonical (the issuing state's passport scheme) first.

Canonical scheme per language (the scheme the state's passports use, as far as this
project knows; assumption where not cited):
- ``ru``: ICAO Doc 9303 (Russian passports since 2014) -- ``ЖУКОВ`` -> ``ZHUKOV``.
- ``uk``: Ukrainian national transliteration of 2010 (``YULIIA``, ``ZELENSKYI``).
- ``be``: Belarusian passport practice (``SIARHEI``, ``KATSIARYNA``, ``VOLHA``).
- ``bg``: Bulgarian official (streamlined) transliteration (``HRISTO``, ``STOICHKOV``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from synth.names.latin import unique_mrz

__all__ = [
    "CYRILLIC_LANGUAGES",
    "CyrillicScheme",
    "cyrillic_variants",
    "feminine_cyrillic_surname",
    "romanise_cyrillic",
    "schemes_for",
]

CYRILLIC_LANGUAGES: tuple[str, ...] = ("ru", "uk", "be", "bg")

_VOWELS = frozenset("АЕЁИОУЫЭЮЯІЇЄ")
_SIGNS = frozenset("ЪЬ'’ʼ")
_SIBILANTS = frozenset("ЖЧШЩ")


@dataclass(frozen=True)
class CyrillicScheme:
    """One romanisation table with its context rules (all keys uppercase Cyrillic)."""

    key: str
    letters: Mapping[str, str]
    # Rendering used at the start of a word.
    initial: Mapping[str, str] = field(default_factory=dict)
    # Rendering used after a vowel or a hard/soft sign (defaults to ``initial``).
    after_vowel: Mapping[str, str] | None = None
    # Rendering used after Ж Ч Ш Щ.
    after_sibilant: Mapping[str, str] = field(default_factory=dict)
    # Rendering used before one of the letters in the set.
    before: Mapping[str, tuple[frozenset[str], str]] = field(default_factory=dict)
    # Word endings (Cyrillic) with their rendering, tried longest first.
    finals: Mapping[str, str] = field(default_factory=dict)
    ss_between_vowels: bool = False
    # Regex rewrites of the Latin output (pattern, replacement).
    post: tuple[tuple[str, str], ...] = ()


_ICAO: dict[str, str] = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Ґ": "G", "Д": "D", "Ђ": "D", "Ѓ": "G",
    "Е": "E", "Ё": "E", "Є": "IE", "Ж": "ZH", "З": "Z", "Ѕ": "DZ", "И": "I", "І": "I",
    "Ї": "I", "Й": "I", "Ј": "J", "К": "K", "Л": "L", "Љ": "LJ", "М": "M", "Н": "N",
    "Њ": "NJ", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "Ћ": "C", "Ќ": "K",
    "У": "U", "Ў": "U", "Ф": "F", "Х": "KH", "Ц": "TS", "Ч": "CH", "Џ": "DZ", "Ш": "SH",
    "Щ": "SHCH", "Ъ": "IE", "Ы": "Y", "Ь": "", "Э": "E", "Ю": "IU", "Я": "IA",
    "'": "", "’": "", "ʼ": "",
}  # fmt: skip

# Russian foreign-passport scheme of 1997-2010 (MVD): Й->Y, Ю->YU, Я->YA, signs dropped.
_MVD1997 = {**_ICAO, "Й": "Y", "Ъ": "", "Ю": "YU", "Я": "YA"}

# English (BGN/PCGN-like, marks and primes dropped).
_ENGLISH = {**_MVD1997, "Ё": "YO", "Є": "YE", "Ї": "YI"}
_ENGLISH_IOT = {"Е": "YE", "Ё": "YO"}

_GERMAN = {
    **_ICAO, "В": "W", "Ё": "JO", "Ж": "SCH", "З": "S", "Й": "J", "Х": "CH", "Ц": "Z",
    "Ч": "TSCH", "Ш": "SCH", "Щ": "SCHTSCH", "Ъ": "", "Ю": "JU", "Я": "JA", "Є": "JE",
    "Ї": "JI",
}  # fmt: skip

_FRENCH = {
    **_ICAO, "Ё": "IO", "Ж": "J", "У": "OU", "Ч": "TCH", "Ш": "CH", "Щ": "CHTCH", "Ъ": "",
    "Ю": "IOU", "Я": "IA", "Ў": "V",
}  # fmt: skip
_GU = (frozenset("ЕИЫЙЁЮЯЭІЄЇ"), "GU")

_KS_TO_X = (("KS", "X"),)

# Ukrainian national transliteration (Cabinet of Ministers resolution 55 of 2010).
_KMU2010 = {
    **_ICAO, "Г": "H", "Ґ": "G", "Є": "IE", "И": "Y", "І": "I", "Ї": "I", "Й": "I",
    "Ю": "IU", "Я": "IA", "Ь": "",
}  # fmt: skip
_KMU2010_INITIAL = {"Є": "YE", "Ї": "YI", "Й": "Y", "Ю": "YU", "Я": "YA"}

# Belarusian passport practice: Я/Ю/Е/Ё iotated (YA...) at the start and after a vowel,
# IA/IU/E/IO after a consonant.
_BE_PASSPORT = {**_ICAO, "Г": "H", "Ё": "IO", "Ю": "IU", "Я": "IA", "Ў": "U"}
_BE_IOT = {"Е": "YE", "Ё": "YO", "Ю": "YU", "Я": "YA"}

# Bulgarian official transliteration (streamlined system).
_BG2009 = {
    **_ICAO, "Х": "H", "Щ": "SHT", "Ъ": "A", "Ь": "Y", "Й": "Y", "Ю": "YU", "Я": "YA",
}  # fmt: skip


def _russian() -> tuple[CyrillicScheme, ...]:
    return (
        CyrillicScheme("icao", _ICAO),
        CyrillicScheme("mvd1997", _MVD1997),
        CyrillicScheme(
            "english",
            _ENGLISH,
            initial=_ENGLISH_IOT,
            after_sibilant={"Ё": "O"},
            finals={"ИЙ": "Y", "ЫЙ": "Y"},
        ),
        CyrillicScheme(
            "german",
            _GERMAN,
            initial={"Е": "JE"},
            after_sibilant={"Ё": "O"},
            finals={"ИЙ": "I", "ЫЙ": "Y", "ОЙ": "OI"},
            ss_between_vowels=True,
            post=_KS_TO_X,
        ),
        CyrillicScheme(
            "french",
            _FRENCH,
            after_vowel={"Е": "IE"},
            after_sibilant={"Ё": "O"},
            before={"Г": _GU},
            finals={"ИН": "INE", "ЫН": "YNE", "ИЙ": "I", "ЫЙ": "Y"},
            ss_between_vowels=True,
            post=_KS_TO_X,
        ),
    )


def _ukrainian() -> tuple[CyrillicScheme, ...]:
    h = {"Г": "H"}
    vowels = {"И": "Y", "І": "I"}
    return (
        CyrillicScheme("kmu2010", _KMU2010, initial=_KMU2010_INITIAL, after_vowel={}),
        CyrillicScheme("icao", {**_ICAO, **h}),
        CyrillicScheme("bgn", {**_ENGLISH, **h, **vowels}),
        CyrillicScheme(
            "german",
            {**_GERMAN, **h, **vowels},
            initial={"Е": "JE"},
            ss_between_vowels=True,
        ),
        CyrillicScheme(
            "french",
            {**_FRENCH, **h, **vowels},
            finals={"ИЙ": "I", "ИН": "INE"},
            ss_between_vowels=True,
        ),
    )


def _belarusian() -> tuple[CyrillicScheme, ...]:
    h = {"Г": "H"}
    return (
        CyrillicScheme("be_passport", _BE_PASSPORT, initial=_BE_IOT, finals={"ЫЙ": "Y", "ІЙ": "I"}),
        CyrillicScheme("icao", {**_ICAO, **h}),
        CyrillicScheme(
            "bgn", {**_ENGLISH, **h, "Ў": "W"}, initial=_ENGLISH_IOT, finals={"ЫЙ": "Y"}
        ),
        CyrillicScheme(
            "german",
            {**_GERMAN, **h},
            initial={"Е": "JE"},
            finals={"ЫЙ": "Y", "ІЙ": "I"},
            ss_between_vowels=True,
        ),
        CyrillicScheme(
            "french",
            {**_FRENCH, **h},
            finals={"ЫЙ": "Y", "ІЙ": "I"},
            ss_between_vowels=True,
        ),
    )


def _bulgarian() -> tuple[CyrillicScheme, ...]:
    return (
        CyrillicScheme("bg2009", _BG2009, finals={"ИЯ": "IA"}),
        CyrillicScheme("icao", _ICAO),
        CyrillicScheme(
            "german",
            {**_GERMAN, "Щ": "SCHT", "Ъ": "A", "Ь": "J"},
            ss_between_vowels=True,
        ),
        CyrillicScheme(
            "french",
            {**_FRENCH, "Х": "H", "Щ": "CHT", "Ъ": "A", "Ь": "I", "Й": "Y"},
            before={"Г": _GU},
            ss_between_vowels=True,
        ),
    )


_SCHEME_TABLES = {"ru": _russian, "uk": _ukrainian, "be": _belarusian, "bg": _bulgarian}


def _scheme_table(lang: str) -> tuple[CyrillicScheme, ...]:
    if lang not in _SCHEME_TABLES:
        raise ValueError(f"unknown Cyrillic language {lang!r}; known: {CYRILLIC_LANGUAGES}")
    return _SCHEME_TABLES[lang]()


_SCHEMES: dict[str, tuple[CyrillicScheme, ...]] = {}


def schemes_for(lang: str) -> tuple[CyrillicScheme, ...]:
    """The romanisation schemes of ``lang`` (``ru``, ``uk``, ``be``, ``bg``), canonical first."""
    if lang not in _SCHEMES:
        _SCHEMES[lang] = _scheme_table(lang)
    return _SCHEMES[lang]


def _word(word: str, scheme: CyrillicScheme) -> str:
    finals = sorted(scheme.finals, key=len, reverse=True)
    tail = ""
    for end in finals:
        if len(word) > len(end) and word.endswith(end):
            word, tail = word[: -len(end)], scheme.finals[end]
            break
    after_vowel = scheme.initial if scheme.after_vowel is None else scheme.after_vowel
    out: list[str] = []
    n = len(word)
    for i, ch in enumerate(word):
        prev = word[i - 1] if i > 0 else ""
        nxt = word[i + 1] if i + 1 < n else (tail[:1] if tail else "")
        if ch not in scheme.letters:
            raise ValueError(f"no {scheme.key} romanisation for {ch!r} in {word!r}")
        latin = scheme.letters[ch]
        if i == 0 and ch in scheme.initial:
            latin = scheme.initial[ch]
        elif i > 0 and (prev in _VOWELS or prev in _SIGNS) and ch in after_vowel:
            latin = after_vowel[ch]
        elif prev in _SIBILANTS and ch in scheme.after_sibilant:
            latin = scheme.after_sibilant[ch]
        if ch in scheme.before:
            letters, rendering = scheme.before[ch]
            if nxt in letters:
                latin = rendering
        vowel_next = nxt in _VOWELS or (i == n - 1 and tail[:1] in ("A", "E", "I", "O", "U", "Y"))
        if scheme.ss_between_vowels and ch == "С" and prev in _VOWELS and vowel_next:
            latin = "SS"
        if scheme.key == "kmu2010" and ch == "Г" and prev == "З":
            latin = "GH"  # ЗГ -> ZGH, to keep it apart from Ж -> ZH
        out.append(latin)
    text = "".join(out) + tail
    for pattern, repl in scheme.post:
        text = re.sub(pattern, repl, text)
    return text


def romanise_cyrillic(text: str, scheme: CyrillicScheme) -> str:
    """``text`` (Cyrillic, any case) in the Latin letters of ``scheme``, uppercase."""
    words = re.split(r"([ \-])", text.upper())
    return "".join(w if w in (" ", "-", "") else _word(w, scheme) for w in words)


def cyrillic_variants(text: str, lang: str) -> list[str]:
    """Distinct Latin spellings of ``text`` under the schemes of ``lang`` (canonical first)."""
    return unique_mrz(romanise_cyrillic(text, s) for s in schemes_for(lang))


def _endings(lang: str) -> tuple[tuple[str, str], ...]:
    if lang == "ru":
        return (
            ("ский", "ская"), ("цкий", "цкая"), ("ой", "ая"), ("ый", "ая"), ("кий", "кая"),
            ("гий", "гая"), ("ов", "ова"), ("ев", "ева"), ("ёв", "ёва"), ("ин", "ина"),
            ("ын", "ына"),
        )  # fmt: skip
    if lang == "uk":
        return (
            ("ський", "ська"), ("цький", "цька"), ("зький", "зька"), ("ов", "ова"),
            ("ев", "ева"), ("єв", "єва"), ("ін", "іна"), ("їн", "їна"), ("ин", "ина"),
        )  # fmt: skip
    if lang == "be":
        return (
            ("скі", "ская"), ("цкі", "цкая"), ("аў", "ава"), ("оў", "ова"), ("ёў", "ёва"),
            ("эў", "эва"), ("еў", "ева"), ("ін", "іна"), ("ын", "ына"),
        )  # fmt: skip
    if lang == "bg":
        return (("ски", "ска"), ("цки", "цка"), ("ов", "ова"), ("ев", "ева"), ("ин", "ина"))
    raise ValueError(f"unknown Cyrillic language {lang!r}")


def feminine_cyrillic_surname(masculine: str, lang: str) -> str:
    """The feminine form of a masculine surname (``Иванов`` -> ``Иванова``).

    Surnames that do not agree with sex (``Шевченко``, ``Лукашэвіч``) are returned as given.
    """
    for end, fem in _endings(lang):
        if masculine.endswith(end) and len(masculine) > len(end) + 1:
            return masculine[: -len(end)] + fem
    return masculine

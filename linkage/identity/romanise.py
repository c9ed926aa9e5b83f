"""Names in any script to Latin letters: script-aware romanisation of single values.

:func:`romanise` turns the letters of every non-Latin script of a value into Latin
letters and leaves Latin letters (with their diacritics) and everything else as they are,
so that the Latin normalisation of :mod:`linkage.identity.normalise` can run on the
result. Each script goes through the scheme that names of that script are most often
written in on travel documents, using an offline library wherever one exists:

- **Han** characters: Hanyu Pinyin without tones, from ``pypinyin`` (which ships its
  dictionaries); the syllables of one run of characters are written together, as
  pinyin writes a given name ("晓明" -> "xiaoming").
- **Cyrillic**: the ICAO Doc 9303 Part 3 table, the scheme of the machine-readable zone
  of passports [@icao-9303-part3] (:data:`CYRILLIC_ICAO`).
- **Arabic script** (Arabic, Persian, Urdu, Pashto): the article "ال" at the start of a
  word is dropped (the Latin folding drops AL/EL the same way), a final "ة" is written
  "a" (as in FATIMA), then ``anyascii``. Short vowels are not written in the script, so
  the result is a consonant skeleton ("محمد" -> "mhmd"); the name comparison matches it
  against Latin spellings by their consonants (:func:`consonant_skeleton`).
- **Greek**: the digraphs ΟΥ, ΑΥ, ΕΥ and ΓΓ as ELOT 743 writes them (ou, av, ev, ng;
  [@un-1987-elot-743]), then ``anyascii`` (which writes ου as "oy").
- **Every other script** (Devanagari and the other Indic scripts, Ge'ez, Georgian,
  Armenian, Hebrew, Thai, Hangul, kana...): ``anyascii`` [@anyascii], which maps each
  character after popular romanisation schemes, without context. Japanese kanji are read
  as Chinese characters (pinyin): a kanji name only compares with itself.

Values with no letter outside the Latin script are returned unchanged, and the Python
code here runs once per *distinct* non-Latin value (the column functions of
:mod:`linkage.identity.normalise` deduplicate first), so Latin-only data pay one
vectorised regex test.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl
from anyascii import anyascii

__all__ = [
    "CYRILLIC_ICAO",
    "NON_LATIN",
    "PRE_RULES",
    "romanise",
    "romanise_series",
]

#: A character that is a letter or mark of a script other than Latin (polars/Rust regex).
NON_LATIN = r"[^\p{Latin}\p{Common}\p{Inherited}]"

#: ICAO Doc 9303 Part 3 transliteration of Cyrillic (Russian, Ukrainian, Belarusian,
#: Bulgarian, Serbian, Macedonian letters), upper case [@icao-9303-part3]
#: (e.g. Ж->ZH, Х->KH, Ц->TS, Щ->SHCH, Ю->IU, Я->IA).
CYRILLIC_ICAO: dict[str, str] = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "E", "Ж": "ZH",
    "З": "Z", "И": "I", "Й": "I", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O",
    "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "KH", "Ц": "TS",
    "Ч": "CH", "Ш": "SH", "Щ": "SHCH", "Ъ": "IE", "Ы": "Y", "Ь": "", "Э": "E", "Ю": "IU",
    "Я": "IA", "Ґ": "G", "Є": "IE", "І": "I", "Ї": "I", "Ў": "U", "Ђ": "D", "Ј": "J",
    "Љ": "LJ", "Њ": "NJ", "Ћ": "C", "Џ": "DZ", "Ѓ": "G", "Ќ": "K", "Ѕ": "DZ",
}  # fmt: skip

#: Rewrites applied before ``anyascii``, per script: ``(pattern, replacement, why)``.
#: Each follows the scheme named in the module docstring.
PRE_RULES: tuple[tuple[str, str, str], ...] = (
    (r"(?<![^\s\-])ال(?=\S\S)", "", "Arabic article al- at the start of a word"),
    (r"ة(?=\s|$)", "a", "Arabic ta marbuta at the end of a word, as in FATIMA"),
    (r"[\u064B-\u065F\u0670\u0640]", "", "Arabic short-vowel marks and tatweel"),
    (r"[Οο][Υυ]|[Οο][ΎύΫϋ]|[Όό][Υυ]", "ou", "Greek ΟΥ -> ou (ELOT 743)"),
    (r"[Αα][ΥυΎύ]", "av", "Greek ΑΥ -> av (ELOT 743)"),
    (r"[Εε][ΥυΎύ]", "ev", "Greek ΕΥ -> ev (ELOT 743)"),
    (r"[Γγ][Γγ]", "ng", "Greek ΓΓ -> ng (ELOT 743)"),
)
_PRE = tuple((re.compile(p), r) for p, r, _ in PRE_RULES)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
_CYRILLIC_TABLE = str.maketrans(
    {**CYRILLIC_ICAO, **{k.lower(): v.lower() for k, v in CYRILLIC_ICAO.items()}}
)


def _is_latin_or_common(ch: str) -> bool:
    """ASCII, Latin-1, Latin Extended A/B, IPA, combining marks, Latin Extended Additional."""
    code = ord(ch)
    return code < 0x0370 or 0x1E00 <= code <= 0x1EFF or 0x2000 <= code <= 0x206F


@lru_cache(maxsize=1)
def _pinyin() -> object:
    from pypinyin import Style, lazy_pinyin  # imported on first Han name (about 0.3 s)

    def convert(text: str) -> str:
        return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="ignore"))

    return convert


def _han(match: re.Match[str]) -> str:
    convert = _pinyin()
    assert callable(convert)
    return f" {convert(match.group())} ".upper()


@lru_cache(maxsize=1 << 20)
def romanise(text: str) -> str:
    """``text`` with the letters of every non-Latin script written in Latin letters.

    Latin letters keep their diacritics (they are folded later, so that "Müller" can
    also be read as "MUELLER"); see the module docstring for each script's scheme.
    Answers are cached (a name is romanised once per process).

    >>> romanise("张伟"), romanise("Мюллер"), romanise("Ψαράς"), romanise("ዳዊት")
    ('ZHANGWEI', 'Miuller', 'Psaras', 'dawit')
    >>> romanise("الحسن"), romanise("गुप्ता"), romanise("Müller")
    ('hsn', 'gupta', 'Müller')
    """
    if all(_is_latin_or_common(ch) for ch in text):
        return text
    out = _HAN.sub(_han, text).strip() if _HAN.search(text) else text
    out = out.translate(_CYRILLIC_TABLE)
    for pattern, replacement in _PRE:
        out = pattern.sub(replacement, out)
    return "".join(ch if _is_latin_or_common(ch) else anyascii(ch) for ch in out)


def romanise_series(series: pl.Series) -> pl.Series:
    """:func:`romanise` of every value that holds a non-Latin letter (others unchanged).

    :func:`romanise` runs once per distinct such value (and remembers its last million
    answers: the name functions romanise the same values for several forms).
    """
    series = series.cast(pl.String)
    flagged = series.str.contains(NON_LATIN).fill_null(False)
    if not flagged.any():
        return series
    todo = series.filter(flagged).unique()
    done = pl.Series([romanise(v) for v in todo.to_list()], dtype=pl.String)
    mapped = series.replace_strict(todo, done, default=series)
    return pl.Series(series.name, mapped, dtype=pl.String)

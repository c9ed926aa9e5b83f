"""Transliteration-aware normalisation of names and documents, and phonetic keys.

Every function here maps a polars expression to a polars expression, so normalisation
runs vectorised (and multi-threaded) over whole columns; none calls Python per record.

Three levels of name normalisation, each a superset of the previous one:

- :func:`basic_name`: upper-case ASCII. Cyrillic letters are transliterated with the ICAO
  Doc 9303 table (domain.md §3.7 [47c][47d]); letters that Unicode does not decompose
  (Ø, Ł, Æ, ...) are mapped by hand; diacritics are stripped (NFKD, then every combining
  mark removed); apostrophes and dots are dropped; every other non-letter (hyphen, comma,
  digit, letters of scripts with no table here, such as Arabic) becomes a space; runs of
  spaces collapse. An empty result is null.
- :func:`fold_tokens`: :func:`basic_name`, then the article prefixes ``AL``/``EL`` are
  dropped when they stand as their own token ("AL-HASSAN", "EL HASSAN" -> "HASSAN"), then
  the common romanisation variants of :data:`ROMANISATION_RULES` are collapsed (OU/U,
  OO/U, EE/I, PH/F, KH/H, DJ/J, SCH/SH) and doubled letters are reduced to one. Tokens
  stay separated by spaces.
- :func:`fold_name`: :func:`fold_tokens` without the spaces, so that "ABDUL RAHMAN",
  "ABD-UL-RAHMAN" and "Abdulrahman" all fold to ``ABDULRAHMAN``.

Transliteration variants are a documented cause of mismatching names in databases
(ICAO TAG/MRTD: "a variety of schemes which lead to much confusion and mismatching",
"Muhammad" in at least 14 Latin spellings; domain.md §3.7 [47][48]). Which variants to
collapse is a choice of this project (assumption, not a published rule): the rules are
data, and every function takes the rule set as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

__all__ = [
    "CYRILLIC_ICAO",
    "ROMANISATION_RULES",
    "SPECIAL_LETTERS",
    "RomanisationRule",
    "basic_name",
    "birth_year",
    "first_token",
    "fold_name",
    "fold_tokens",
    "normalise_code",
    "normalise_document",
    "phonetic_key",
    "sorted_pair_key",
    "soundex",
    "token_set_key",
]


@dataclass(frozen=True)
class RomanisationRule:
    """Replace ``pattern`` by ``replacement`` (literal, upper-case ASCII) when folding."""

    pattern: str
    replacement: str
    note: str


#: Romanisation variants collapsed by :func:`fold_tokens`, in priority order (at one
#: position the first listed pattern wins). The list is the project's choice
#: (assumption, not a published figure); the phenomenon is domain.md §3.7 [47][48].
ROMANISATION_RULES: tuple[RomanisationRule, ...] = (
    RomanisationRule("SCH", "SH", "German SCH vs English SH (Schmidt / Shmidt)"),
    RomanisationRule("KH", "H", "Arabic/Cyrillic kha as KH or H (Khalid / Halid)"),
    RomanisationRule("PH", "F", "PH vs F (Mustapha / Mustafa)"),
    RomanisationRule("DJ", "J", "French DJ vs J (Djamel / Jamel)"),
    RomanisationRule("OU", "U", "French OU vs U (Mouhamed / Muhamed)"),
    RomanisationRule("OO", "U", "English OO vs U (Yousoof / Yusuf)"),
    RomanisationRule("EE", "I", "English EE vs I (Sheeraz / Shiraz)"),
)

#: ICAO Doc 9303 Part 3 transliteration of Cyrillic (Russian, Ukrainian, Belarusian,
#: Bulgarian, Serbian, Macedonian letters), applied to upper-case text
#: (domain.md §3.7 [47c][47d]: e.g. Ж->ZH, Х->KH, Ц->TS, Щ->SHCH, Ю->IU, Я->IA).
CYRILLIC_ICAO: dict[str, str] = {
    "А": "A",
    "Б": "B",
    "В": "V",
    "Г": "G",
    "Д": "D",
    "Е": "E",
    "Ё": "E",
    "Ж": "ZH",
    "З": "Z",
    "И": "I",
    "Й": "I",
    "К": "K",
    "Л": "L",
    "М": "M",
    "Н": "N",
    "О": "O",
    "П": "P",
    "Р": "R",
    "С": "S",
    "Т": "T",
    "У": "U",
    "Ф": "F",
    "Х": "KH",
    "Ц": "TS",
    "Ч": "CH",
    "Ш": "SH",
    "Щ": "SHCH",
    "Ъ": "IE",
    "Ы": "Y",
    "Ь": "",
    "Э": "E",
    "Ю": "IU",
    "Я": "IA",
    "Ґ": "G",
    "Є": "IE",
    "І": "I",
    "Ї": "I",
    "Ў": "U",
    "Ђ": "D",
    "Ј": "J",
    "Љ": "LJ",
    "Њ": "NJ",
    "Ћ": "C",
    "Џ": "DZ",
    "Ѓ": "G",
    "Ќ": "K",
    "Ѕ": "DZ",
}

#: Upper-case Latin letters that Unicode NFKD does not decompose into a base letter.
SPECIAL_LETTERS: dict[str, str] = {
    "Ø": "O",
    "Æ": "AE",
    "Œ": "OE",
    "Ł": "L",
    "Đ": "D",
    "Ð": "D",
    "Þ": "TH",
    "ẞ": "SS",
    "Ħ": "H",
    "Ŧ": "T",
    "Ŋ": "N",
    "Ɨ": "I",
}

_SPECIAL_FROM = [*CYRILLIC_ICAO, *SPECIAL_LETTERS]
_SPECIAL_TO = [*CYRILLIC_ICAO.values(), *SPECIAL_LETTERS.values()]
_LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
_DOUBLES = [c + c for c in _LETTERS]


def _null_if_empty(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.str.len_bytes() > 0).then(expr).otherwise(None)


def basic_name(expr: pl.Expr) -> pl.Expr:
    """Upper-case ASCII letters and single spaces (see the module docstring); "" -> null."""
    out = (
        expr.str.to_uppercase()
        .str.replace_many(_SPECIAL_FROM, _SPECIAL_TO)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}+", "")
        .str.replace_all(r"['’‘`ʼ´.]+", "")
        .str.replace_all(r"[^A-Z]+", " ")
        .str.strip_chars(" ")
    )
    return _null_if_empty(out)


def fold_tokens(expr: pl.Expr, rules: tuple[RomanisationRule, ...] = ROMANISATION_RULES) -> pl.Expr:
    """:func:`basic_name`, article prefixes dropped, romanisation variants collapsed."""
    out = basic_name(expr).str.replace_all(r"\b(?:AL|EL) +\b", "")
    if rules:
        out = out.str.replace_many(
            [r.pattern for r in rules], [r.replacement for r in rules], leftmost=True
        )
    return _collapse_doubles(out)


def fold_name(expr: pl.Expr, rules: tuple[RomanisationRule, ...] = ROMANISATION_RULES) -> pl.Expr:
    """:func:`fold_tokens` with the spaces removed: the form names are compared in."""
    return _collapse_doubles(fold_tokens(expr, rules).str.replace_all(" ", "", literal=True))


def _collapse_doubles(expr: pl.Expr) -> pl.Expr:
    # Each round halves a run of one letter; three rounds reduce any run of up to 8.
    for _ in range(3):
        expr = expr.str.replace_many(_DOUBLES, _LETTERS)
    return expr


def token_set_key(
    *exprs: pl.Expr, rules: tuple[RomanisationRule, ...] = ROMANISATION_RULES
) -> pl.Expr:
    """The folded tokens of all ``exprs`` together, sorted and joined by spaces.

    Equal keys mean the same name parts in any order and split: swapped surname and
    given names, or a multi-part name recorded in another order. Null parts are skipped;
    null when every part is null.
    """
    joined = pl.concat_str([fold_tokens(e, rules) for e in exprs], separator=" ", ignore_nulls=True)
    key = joined.str.split(" ").list.eval(pl.element().filter(pl.element() != "")).list.sort()
    return _null_if_empty(key.list.join(" "))


def first_token(expr: pl.Expr) -> pl.Expr:
    """The first space-separated token of an already normalised name (null stays null)."""
    return expr.str.split(" ").list.first()


# American Soundex codes; vowels and Y separate repeated codes, H and W do not.
_SOUNDEX_CODE: dict[str, str] = {
    **dict.fromkeys("AEIOUY", "0"),
    **dict.fromkeys("HW", ""),
    **dict.fromkeys("BFPV", "1"),
    **dict.fromkeys("CGJKQSXZ", "2"),
    **dict.fromkeys("DT", "3"),
    "L": "4",
    **dict.fromkeys("MN", "5"),
    "R": "6",
}
# The first letter's own code: H and W get a code that never repeats ("9").
_SOUNDEX_FIRST = {**_SOUNDEX_CODE, "H": "9", "W": "9"}


def soundex(expr: pl.Expr) -> pl.Expr:
    """American Soundex (letter + 3 digits) of an upper-case ``A-Z`` string; null stays null.

    Vectorised with string expressions: letters are mapped to their digits (vowels to 0,
    H and W dropped after the first letter), runs of one digit collapse, the first
    letter's digit is dropped and so are the vowels' zeros. Characters other than ``A-Z``
    are ignored. Equal to ``jellyfish.soundex`` on ``A-Z`` input (tested).
    """
    letters = expr.str.replace_all(r"[^A-Z]", "")
    head = letters.str.slice(0, 1)
    digits = pl.concat_str(
        [
            head.str.replace_many(list(_SOUNDEX_FIRST), list(_SOUNDEX_FIRST.values())),
            letters.str.slice(1).str.replace_many(
                list(_SOUNDEX_CODE), list(_SOUNDEX_CODE.values())
            ),
        ]
    )
    for digit in "0123456":
        digits = digits.str.replace_all(f"{digit}+", digit)
    tail = digits.str.slice(1).str.replace_all("0", "", literal=True)
    code = pl.concat_str([head, tail, pl.lit("000")]).str.slice(0, 4)
    return pl.when(letters.str.len_bytes() > 0).then(code).otherwise(None)


def phonetic_key(
    expr: pl.Expr, rules: tuple[RomanisationRule, ...] = ROMANISATION_RULES
) -> pl.Expr:
    """Soundex of the folded name: the blocking key that tolerates spelling variants."""
    return soundex(fold_name(expr, rules))


def sorted_pair_key(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """``a|b`` with the two parts in sorted order (null if either is null).

    Blocking on the sorted pair of the surname and given-name keys finds records whose
    surname and given names were swapped.
    """
    low = pl.when(a <= b).then(a).otherwise(b)
    high = pl.when(a <= b).then(b).otherwise(a)
    return pl.concat_str([low, high], separator="|")


def normalise_document(expr: pl.Expr) -> pl.Expr:
    """Document numbers as ICAO MRZ characters: upper-case ``A-Z0-9`` only; "" -> null."""
    out = expr.str.to_uppercase().str.replace_all(r"[^A-Z0-9]+", "")
    return _null_if_empty(out)


def normalise_code(expr: pl.Expr) -> pl.Expr:
    """Short codes (sex, country): trimmed and upper-case; "" -> null."""
    return _null_if_empty(expr.str.strip_chars().str.to_uppercase())


def birth_year(date: pl.Expr, year: pl.Expr | None = None) -> pl.Expr:
    """The year of ``date``, else ``year`` (for records that know only the year)."""
    from_date = date.dt.year().cast(pl.Int32)
    if year is None:
        return from_date
    return pl.coalesce(from_date, year.cast(pl.Int32))

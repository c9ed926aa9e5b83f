"""Transliteration-aware normalisation of names and documents, and phonetic keys.

Every function here maps a polars expression to a polars expression, usable in
comparisons and blocking keys alike. The name functions evaluate each *distinct* value
once and map the results back (names repeat: a column of a million names holds some tens
of thousands of distinct ones), so they stay cheap on large inputs; none calls Python per
record.

Names in any script (:mod:`linkage.identity.romanise`) go through these steps, each a
superset of the previous one:

- :func:`native_key`: for a value holding a non-Latin letter, the value itself in a
  canonical form (NFC, lower case, Arabic and Hebrew vowel marks dropped, punctuation
  as spaces); null for Latin-only values. Two names written in the same non-Latin script
  compare as *exact* on this key: no romanisation stands between them.
- :func:`basic_name`: upper-case ASCII. Non-Latin scripts are romanised
  (:func:`~linkage.identity.romanise.romanise`); letters that Unicode does not decompose
  (Ø, Ł, Æ, ...) are mapped by hand; diacritics are stripped (NFKD, then every combining
  mark removed); apostrophes and dots are dropped; every other non-letter (hyphen, comma,
  digit) becomes a space; runs of spaces collapse. An empty result is null. With
  ``expand=True`` the letters that travel documents also write as two letters are
  expanded first: Ä/Æ -> AE, Ö/Ø/Œ -> OE, Ü -> UE, Å -> AA ([@icao-9303-part3]; "Müller"
  is MULLER or MUELLER). Turkish and other diacritics (Ş, Ç, Ğ) have one reading and
  are stripped either way.
- :func:`fold_tokens`: :func:`basic_name`, then the article prefixes ``AL``/``EL`` are
  dropped when they stand as their own token ("AL-HASSAN", "EL HASSAN" -> "HASSAN"), then
  the common romanisation variants of :data:`ROMANISATION_RULES` are collapsed (OU/U,
  OO/U, EE/I, PH/F, KH/H, DJ/J, SCH/SH) and doubled letters are reduced to one. Tokens
  stay separated by spaces.
- :func:`fold_name`: :func:`fold_tokens` without the spaces, so that "ABDUL RAHMAN",
  "ABD-UL-RAHMAN" and "Abdulrahman" all fold to ``ABDULRAHMAN``.
- :func:`consonant_skeleton`: the consonants of a folded name, for names written in two
  different scripts.

Transliteration variants are a documented cause of mismatching names in databases
(ICAO's guidance on Arabic names: "a variety of schemes which lead to much confusion and
mismatching"; "Muhammad" in many Latin spellings [@icao-2008-arabic-transliteration]
[@odu-2020-arabic-name-matching]). Which variants to collapse is a choice of this
project (assumption, not a published rule): the rules are data, and every function takes
the rule set as a parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from linkage.identity.romanise import NON_LATIN, romanise_series

__all__ = [
    "EXPANSIONS",
    "ROMANISATION_RULES",
    "SPECIAL_LETTERS",
    "RomanisationRule",
    "basic_name",
    "basic_values",
    "birth_year",
    "collapse_doubles",
    "consonant_skeleton",
    "first_token",
    "fold_name",
    "fold_tokens",
    "fold_values",
    "native_key",
    "normalise_code",
    "normalise_document",
    "phonetic_key",
    "sorted_pair_key",
    "sorted_tokens",
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
#: (assumption, not a published figure); the phenomenon is documented in
#: [@icao-2008-arabic-transliteration] and [@lss-transcription-variants].
ROMANISATION_RULES: tuple[RomanisationRule, ...] = (
    RomanisationRule("SCH", "SH", "German SCH vs English SH (Schmidt / Shmidt)"),
    RomanisationRule("KH", "H", "Arabic/Cyrillic kha as KH or H (Khalid / Halid)"),
    RomanisationRule("PH", "F", "PH vs F (Mustapha / Mustafa)"),
    RomanisationRule("DJ", "J", "French DJ vs J (Djamel / Jamel)"),
    RomanisationRule("OU", "U", "French OU vs U (Mouhamed / Muhamed)"),
    RomanisationRule("OO", "U", "English OO vs U (Yousoof / Yusuf)"),
    RomanisationRule("EE", "I", "English EE vs I (Sheeraz / Shiraz)"),
)

#: Upper-case Latin letters that Unicode NFKD does not decompose into a base letter.
SPECIAL_LETTERS: dict[str, str] = {
    "Ø": "O", "Æ": "AE", "Œ": "OE", "Ł": "L", "Đ": "D", "Ð": "D", "Þ": "TH", "ẞ": "SS",
    "Ħ": "H", "Ŧ": "T", "Ŋ": "N", "Ɨ": "I",
}  # fmt: skip

#: Letters written as two letters on travel documents when ``expand=True``
#: [@icao-9303-part3] (upper case; applied after upper-casing, before NFKD).
EXPANSIONS: dict[str, str] = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "Ø": "OE", "Å": "AA"}

_LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
_DOUBLES = [c + c for c in _LETTERS]
#: Below this share of distinct values, name functions compute per value and map back.
_DISTINCT_SHARE = 0.5


def _null_if_empty(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.str.len_bytes() > 0).then(expr).otherwise(None)


def _per_value(fn: Callable[[pl.Series], pl.Series]) -> Callable[[pl.Series], pl.Series]:
    """``fn`` evaluated once per distinct non-null value of a batch, mapped back."""

    def run(series: pl.Series) -> pl.Series:
        series = series.cast(pl.String)
        values = series.drop_nulls().unique()
        if values.len() > _DISTINCT_SHARE * series.len():
            return fn(series).alias(series.name)
        out = series.replace_strict(values, fn(values), default=None, return_dtype=pl.String)
        return out.alias(series.name)

    return run


def _on(series: pl.Series, build: Callable[[pl.Expr], pl.Expr]) -> pl.Series:
    return pl.DataFrame({"v": series}).select(build(pl.col("v")).alias("v")).to_series()


def _basic_expr(expr: pl.Expr, expand: bool) -> pl.Expr:
    upper = expr.str.normalize("NFC").str.to_uppercase()
    if expand:
        upper = upper.str.replace_many(list(EXPANSIONS), list(EXPANSIONS.values()))
    out = (
        upper.str.replace_many(list(SPECIAL_LETTERS), list(SPECIAL_LETTERS.values()))
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}+", "")
        .str.replace_all(r"['’‘`ʼ´.]+", "")
        .str.replace_all(r"[^A-Z]+", " ")
        .str.strip_chars(" ")
    )
    return _null_if_empty(out)


def _fold_tokens_expr(expr: pl.Expr, rules: tuple[RomanisationRule, ...]) -> pl.Expr:
    out = expr.str.replace_all(r"\b(?:AL|EL) +\b", "")
    if rules:
        out = out.str.replace_many(
            [r.pattern for r in rules], [r.replacement for r in rules], leftmost=True
        )
    return collapse_doubles(out)


def basic_values(series: pl.Series, expand: bool) -> pl.Series:
    """:func:`basic_name` of a series of values (no deduplication)."""
    return _on(romanise_series(series), lambda e: _basic_expr(e, expand))


def fold_values(
    series: pl.Series, rules: tuple[RomanisationRule, ...], expand: bool, spaces: bool
) -> pl.Series:
    """:func:`fold_tokens` (``spaces``) or :func:`fold_name` of a series of values."""
    tokens = _on(basic_values(series, expand), lambda e: _fold_tokens_expr(e, rules))
    if spaces:
        return tokens
    return _on(tokens, lambda e: collapse_doubles(e.str.replace_all(" ", "", literal=True)))


def _mapped(expr: pl.Expr, fn: Callable[[pl.Series], pl.Series]) -> pl.Expr:
    return expr.map_batches(_per_value(fn), return_dtype=pl.String, is_elementwise=True)


def native_key(expr: pl.Expr) -> pl.Expr:
    """A name written in a non-Latin script, canonical (see the module docstring); null
    for Latin-only values."""
    canonical = (
        expr.str.normalize("NFC")
        .str.to_lowercase()
        .str.replace_all(r"[\u064B-\u065F\u0670\u0640\u0591-\u05C7]+", "")
        .str.replace_all(r"[\p{P}\p{S}\s]+", " ")
        .str.strip_chars(" ")
    )
    return pl.when(expr.str.contains(NON_LATIN)).then(_null_if_empty(canonical))


def basic_name(expr: pl.Expr, *, expand: bool = False) -> pl.Expr:
    """Upper-case ASCII letters and single spaces (see the module docstring); "" -> null.

    >>> import polars as pl
    >>> names = pl.Series(["Müller", "Ødegård-Hansen", "Мюллер", "张伟"])
    >>> pl.select(basic_name(pl.lit(names))).to_series().to_list()
    ['MULLER', 'ODEGARD HANSEN', 'MIULLER', 'ZHANGWEI']
    >>> pl.select(basic_name(pl.lit(names), expand=True)).to_series().to_list()[:2]
    ['MUELLER', 'OEDEGAARD HANSEN']
    """
    return _mapped(expr, lambda s: basic_values(s, expand))


def fold_tokens(
    expr: pl.Expr,
    rules: tuple[RomanisationRule, ...] = ROMANISATION_RULES,
    *,
    expand: bool = False,
) -> pl.Expr:
    """:func:`basic_name`, article prefixes dropped, romanisation variants collapsed."""
    return _mapped(expr, lambda s: fold_values(s, rules, expand, spaces=True))


def fold_name(
    expr: pl.Expr,
    rules: tuple[RomanisationRule, ...] = ROMANISATION_RULES,
    *,
    expand: bool = False,
) -> pl.Expr:
    """:func:`fold_tokens` with the spaces removed: the form names are compared in.

    >>> import polars as pl
    >>> names = pl.Series(["Abd-ul-Rahman", "ABDUL RAHMAN", "Mouhammed", "Schmidt"])
    >>> pl.select(fold_name(pl.lit(names))).to_series().to_list()
    ['ABDULRAHMAN', 'ABDULRAHMAN', 'MUHAMED', 'SHMIDT']
    """
    return _mapped(expr, lambda s: fold_values(s, rules, expand, spaces=False))


def collapse_doubles(expr: pl.Expr) -> pl.Expr:
    """Runs of one letter (A-Z) reduced to one letter."""
    # Each round halves a run of one letter; three rounds reduce any run of up to 8.
    for _ in range(3):
        expr = expr.str.replace_many(_DOUBLES, _LETTERS)
    return expr


#: Letter groups that romanisation schemes write for one sound, each mapped to one class
#: letter by :func:`consonant_skeleton` (longest first; vowels, Y, W, J and H dropped).
_CLASSES: tuple[tuple[str, str], ...] = (
    ("TSCH", "S"), ("DSCH", "J"), ("SCH", "S"), ("DZH", "J"), ("TCH", "S"), ("ZH", "S"),
    ("SH", "S"), ("CH", "S"), ("KH", "K"), ("GH", "K"), ("PH", "B"), ("TH", "D"),
    ("TS", "S"), ("TZ", "S"), ("DZ", "S"), ("DJ", "J"), ("CK", "K"), ("QU", "K"),
    ("C", "K"), ("G", "K"), ("Q", "K"), ("X", "S"), ("Z", "S"), ("P", "B"), ("F", "B"),
    ("V", "B"), ("T", "D"), ("M", "N"),
)  # fmt: skip


def consonant_skeleton(expr: pl.Expr) -> pl.Expr:
    """The consonant classes of an upper-case folded name (:func:`fold_name`).

    Letter groups one sound is written with in different schemes become one class
    letter (SCH, SH, ZH, CH, TS, Z, S -> S; C, K, G, Q, KH -> K; B, P, F, V, PH -> B;
    D, T, TH -> D; M, N -> N), then vowels and the semivowels Y, W, J and H are dropped
    and doubled letters collapsed: "MOHAMED" -> "NND", "SCHURAWLEW" and "ZHURAVLEV" ->
    "SRBLB". Scripts that do not write short vowels (Arabic, Hebrew) romanise to
    consonants only, and vowels and sibilants are where schemes disagree most (Мюллер:
    MIULLER, MUELLER, MYULLER), so :class:`~linkage.identity.names.NameComparison`
    treats two names in *different* scripts with the same skeleton as variants.
    """
    classes = expr.str.replace_many(
        [a for a, _ in _CLASSES], [b for _, b in _CLASSES], leftmost=True
    )
    return collapse_doubles(classes.str.replace_all(r"[AEIOUYWJH]+", ""))


def token_set_key(
    *exprs: pl.Expr, rules: tuple[RomanisationRule, ...] = ROMANISATION_RULES
) -> pl.Expr:
    """The folded tokens of all ``exprs`` together, sorted and joined by spaces.

    Equal keys mean the same name parts in any order and split: swapped surname and
    given names, or a multi-part name recorded in another order. Null parts are skipped;
    null when every part is null.
    """
    joined = pl.concat_str([fold_tokens(e, rules) for e in exprs], separator=" ", ignore_nulls=True)
    return _mapped(joined, lambda s: _on(s, sorted_tokens))


def sorted_tokens(expr: pl.Expr) -> pl.Expr:
    """Space-separated tokens in sorted order ("" -> null)."""
    key = expr.str.split(" ").list.eval(pl.element().filter(pl.element() != "")).list.sort()
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
    """Soundex of the folded name: the blocking key that tolerates spelling variants.

    >>> import polars as pl
    >>> names = pl.Series(["Mueller", "Müller", "Мюллер", "Smith"])
    >>> pl.select(phonetic_key(pl.lit(names))).to_series().to_list()
    ['M460', 'M460', 'M460', 'S530']
    """
    return _mapped(expr, lambda s: _on(fold_values(s, rules, expand=False, spaces=False), soundex))


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
    out = expr.cast(pl.String).str.to_uppercase().str.replace_all(r"[^A-Z0-9]+", "")
    return _null_if_empty(out)


def normalise_code(expr: pl.Expr) -> pl.Expr:
    """Short codes (sex, country): trimmed and upper-case; "" -> null."""
    return _null_if_empty(expr.cast(pl.String).str.strip_chars().str.to_uppercase())


def birth_year(date: pl.Expr, year: pl.Expr | None = None) -> pl.Expr:
    """The year of ``date``, else ``year`` (for records that know only the year)."""
    from_date = date.dt.year().cast(pl.Int32)
    if year is None:
        return from_date
    return pl.coalesce(from_date, year.cast(pl.Int32))

"""Latin spellings: MRZ-like normalisation and the ASCII renderings of diacritics.

Every Latin spelling the name table holds is uppercase ASCII ``A-Z`` plus space, hyphen and
apostrophe (the MRZ itself allows only ``A-Z`` and ``<``; we keep the separators so that
compound names stay readable). Names written in a Latin alphabet with diacritics have
several ASCII renderings (``MÜLLER`` -> ``MUELLER`` / ``MULLER``); the first rendering of
each rule set is the canonical one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping

__all__ = [
    "LATIN_RULESETS",
    "MRZ_PATTERN",
    "feminine_latin_surname",
    "fold",
    "is_mrz",
    "latin_variants",
    "mrz",
    "unique_mrz",
]

#: Pattern every Latin spelling in the name table matches.
MRZ_PATTERN = re.compile(r"^[A-Z][A-Z '\-]*$")

# Letters that Unicode decomposition does not reduce to a base letter plus marks.
_SPECIAL: Mapping[str, str] = {
    "ß": "SS",
    "Æ": "AE",
    "Œ": "OE",
    "Ø": "O",
    "Ł": "L",
    "Đ": "D",
    "Ð": "D",
    "Þ": "TH",
    "Ħ": "H",
    "İ": "I",
    "Ə": "A",
    "Ɛ": "E",
    "Ɔ": "O",
    "Ŋ": "NG",
    "Ƙ": "K",
    "Ɗ": "D",
    "Ɓ": "B",
    "Ƴ": "Y",
    "ʻ": "'",
    "ʼ": "'",
    "’": "'",
    "‘": "'",
    "`": "'",
}
_DROP = re.compile(r"[^A-Z '\-]")
_SPACES = re.compile(r"\s+")
_HYPHENS = re.compile(r"\s*-\s*")


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    base = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in base if not unicodedata.combining(c))


def fold(text: str, table: Mapping[str, str] | None = None) -> str:
    """Uppercase ``text`` and reduce it to ASCII letters.

    ``table`` maps uppercase letters (with their diacritics) to the ASCII string wanted for
    them, before the general rule (drop the combining marks) applies.
    """
    upper = text.upper()
    if table is None and upper.isascii():
        return upper
    out: list[str] = []
    for ch in upper:
        if table is not None and ch in table:
            out.append(table[ch])
        elif ch.isascii():
            out.append(ch)
        else:
            out.append(_fold_char(ch))
    return "".join(out)


_CLEAN = re.compile(r"^[A-Z]+(?:[ '\-][A-Z]+)*$")


def mrz(text: str) -> str:
    """``text`` folded to the name table's alphabet (may return ``""``)."""
    if _CLEAN.fullmatch(text):
        return text
    flat = fold(text).replace(".", " ").replace("_", " ")
    flat = _DROP.sub("", flat)
    flat = _HYPHENS.sub("-", _SPACES.sub(" ", flat)).strip(" -'")
    flat = re.sub(r"'+", "'", flat)
    flat = re.sub(r"-+", "-", flat)
    return flat


def is_mrz(text: str) -> bool:
    """Whether ``text`` is a valid Latin spelling of the name table."""
    return MRZ_PATTERN.fullmatch(text) is not None


def unique_mrz(spellings: Iterable[str], cap: int | None = None) -> list[str]:
    """Normalise each spelling with :func:`mrz`; keep valid ones, first occurrence first."""
    out: list[str] = []
    for s in spellings:
        m = mrz(s)
        if m and is_mrz(m) and m not in out:
            out.append(m)
            if cap is not None and len(out) >= cap:
                break
    return out


# Rule sets: for each letter with a diacritic, the ASCII renderings (first = canonical).
# The canonical column follows the MRZ practice commonly seen for the issuing state
# (German AE/OE/UE as in ICAO Doc 9303's transliteration of Latin letters; the others drop
# the marks); the other columns are renderings met in other states' records.
# Assumption of this project: which renderings each rule set lists.
LATIN_RULESETS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    # Turkish: Ç Ğ I İ Ö Ş Ü
    "tr": {
        "Ç": ("C", "CH", "TSCH"),
        "Ğ": ("G", "GH", ""),
        "Ö": ("O", "OE"),
        "Ş": ("S", "SH", "SCH"),
        "Ü": ("U", "UE"),
        "Â": ("A",),
        "Î": ("I",),
        "Û": ("U",),
    },
    # Albanian: Ç and Ë
    "sq": {"Ç": ("C", "CH", "TSCH"), "Ë": ("E", "")},
    # Azerbaijani Latin: Ə X Ş Ç Ğ I Ö Ü Q
    "az": {
        "Ə": ("A", "E"),
        "X": ("X", "KH", "H"),
        "Ş": ("SH", "S"),
        "Ç": ("CH", "C"),
        "Ğ": ("G", "GH"),
        "Ö": ("O", "OE"),
        "Ü": ("U", "UE"),
        "Q": ("G", "Q"),
    },
    # Uzbek Latin (apostrophe letters O' G'; Russian-mediated renderings as variants)
    "uz": {
        "X": ("X", "KH", "H"),
        "J": ("J", "DZH", "ZH"),
        "Q": ("Q", "K"),
    },
    # German: umlauts and sharp s
    "de": {"Ä": ("AE", "A"), "Ö": ("OE", "O"), "Ü": ("UE", "U"), "ß": ("SS",)},
    # Nordic / other Latin letters with two common renderings
    "plain": {"Ä": ("A", "AE"), "Ö": ("O", "OE"), "Ü": ("U", "UE"), "Ñ": ("N", "NY")},
    # Polish: marks are dropped everywhere (one rendering)
    "pl": {},
}


def latin_variants(name: str, ruleset: str, cap: int = 8) -> list[str]:
    """ASCII renderings of a Latin-script ``name`` under ``ruleset`` (canonical first).

    Variant 0 uses the first rendering of every letter; then each letter type switches to
    each of its other renderings in turn (one type at a time), then all types together.
    """
    rules = LATIN_RULESETS[ruleset]
    upper = name.upper()
    present = [ch for ch in dict.fromkeys(upper) if ch in rules and len(rules[ch]) > 1]
    base = {ch: rules[ch][0] for ch in rules}
    spellings = [fold(upper, base)]
    for ch in present:
        for alt in rules[ch][1:]:
            spellings.append(fold(upper, {**base, ch: alt}))
    if len(present) > 1:
        spellings.append(fold(upper, {**base, **{ch: rules[ch][1] for ch in present}}))
    if ruleset == "uz":
        # Uzbek O' / G' (written with a modifier apostrophe): with and without it.
        spellings += [s.replace("O'", "O").replace("G'", "G") for s in list(spellings)]
    return unique_mrz(spellings, cap)


# Feminine forms of surnames in Latin-script cultures whose surnames agree with sex.
_FEM_LATIN: Mapping[str, tuple[tuple[str, str], ...]] = {
    "pl": (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")),
    "az": (("yev", "yeva"), ("ov", "ova"), ("ev", "eva")),
    "uz": (("yev", "yeva"), ("ov", "ova"), ("ev", "eva")),
}


def feminine_latin_surname(masculine: str, lang: str) -> str:
    """The feminine form of a masculine surname (unchanged when the surname does not agree)."""
    for end, fem in _FEM_LATIN.get(lang, ()):
        if masculine.endswith(end):
            return masculine[: -len(end)] + fem
    return masculine

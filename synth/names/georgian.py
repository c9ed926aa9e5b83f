"""Romanisation of Georgian (Mkhedruli) names.

Canonical: the Georgian national romanisation of 2002, without the apostrophes that mark
ejectives (the form seen in passports, e.g. ``ჯუღაშვილი`` -> ``JUGHASHVILI``). Variants: the
same with apostrophes (allowed by the table's alphabet), a Russian-mediated English form
(``DZHUGASHVILI``), a German form (``DSCHUGASCHWILI``) and a French form (``DJOUGACHVILI``).
Assumption of this project: that these five renderings are the ones records hold.
"""

from __future__ import annotations

from collections.abc import Mapping

from synth.names.latin import unique_mrz

__all__ = ["GEORGIAN_SCHEMES", "georgian_variants", "romanise_georgian"]

_NATIONAL: dict[str, str] = {
    "ა": "A", "ბ": "B", "გ": "G", "დ": "D", "ე": "E", "ვ": "V", "ზ": "Z", "თ": "T",
    "ი": "I", "კ": "K'", "ლ": "L", "მ": "M", "ნ": "N", "ო": "O", "პ": "P'", "ჟ": "ZH",
    "რ": "R", "ს": "S", "ტ": "T'", "უ": "U", "ფ": "P", "ქ": "K", "ღ": "GH", "ყ": "Q'",
    "შ": "SH", "ჩ": "CH", "ც": "TS", "ძ": "DZ", "წ": "TS'", "ჭ": "CH'", "ხ": "KH",
    "ჯ": "J", "ჰ": "H",
}  # fmt: skip

_PLAIN = {k: v.replace("'", "") for k, v in _NATIONAL.items()}

_RUSSIAN_MEDIATED = {**_PLAIN, "ღ": "G", "ყ": "K", "ჯ": "DZH", "ჟ": "ZH"}

_GERMAN = {
    **_PLAIN, "ვ": "W", "ზ": "S", "ჟ": "SCH", "შ": "SCH", "ჩ": "TSCH", "ჭ": "TSCH",
    "ც": "Z", "წ": "Z", "ძ": "DS", "ხ": "CH", "ჯ": "DSCH", "ყ": "K", "ღ": "G",
}  # fmt: skip

_FRENCH = {
    **_PLAIN, "უ": "OU", "ჟ": "J", "შ": "CH", "ჩ": "TCH", "ჭ": "TCH", "ჯ": "DJ", "ყ": "K",
    "ღ": "G",
}  # fmt: skip

#: The schemes in order: canonical first.
GEORGIAN_SCHEMES: tuple[tuple[str, Mapping[str, str]], ...] = (
    ("national2002", _PLAIN),
    ("national2002_apostrophes", _NATIONAL),
    ("russian_mediated", _RUSSIAN_MEDIATED),
    ("german", _GERMAN),
    ("french", _FRENCH),
)


def romanise_georgian(text: str, table: Mapping[str, str] = _PLAIN) -> str:
    """``text`` in Latin letters (uppercase) under ``table``; raises on unknown letters."""
    out: list[str] = []
    for ch in text:
        if ch in table:
            out.append(table[ch])
        elif ch in " -":
            out.append(ch)
        else:
            raise ValueError(f"no Georgian romanisation for {ch!r} in {text!r}")
    return "".join(out)


def georgian_variants(text: str) -> list[str]:
    """Distinct Latin spellings of a Georgian name, canonical first."""
    return unique_mrz(romanise_georgian(text, table) for _, table in GEORGIAN_SCHEMES)

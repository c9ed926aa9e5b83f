"""Latin spellings of a name in its naming culture: one entry point for every script.

:func:`latin_spellings` takes a native name from a Faker pool; :func:`row_spellings` takes a
row of an own table (which carries a phonemic key). Both return the distinct Latin
spellings, canonical first, each uppercase ASCII ``A-Z`` plus space, hyphen, apostrophe.
"""

from __future__ import annotations

import re

from synth.names.chinese import chinese_variants
from synth.names.cultures import NamingCulture
from synth.names.cyrillic import cyrillic_variants
from synth.names.data import NameRow
from synth.names.georgian import georgian_variants
from synth.names.latin import fold, latin_variants, mrz, unique_mrz
from synth.names.phonemic import phonemic_variants

__all__ = [
    "MAX_VARIANTS",
    "SOUTH_ASIAN_RULES",
    "WOLOF_RULES",
    "latin_spellings",
    "row_spellings",
    "rule_variants",
]

#: At most this many Latin spellings are kept per name (assumption of this project; the
#: 14 documented spellings of Muhammad fit [@odu-2020-arabic-name-matching]).
MAX_VARIANTS = 16

_C = "BCDFGHJKLMNPQRSTVWXZ"

# Spelling alternations of South Asian names romanised in English (Mohammad / Muhammad /
# Md, Rahim / Raheem, Chowdhury / Choudhury, Hossain / Hussain, Santhosh / Santosh).
# Assumption of this project, from common real-world spellings.
SOUTH_ASIAN_RULES: tuple[tuple[str, str], ...] = (
    (r"^MOHAMMAD\b", "MUHAMMAD"),
    (r"^MOHAMMAD\b", "MD"),
    (r"^MUHAMMAD\b", "MOHAMMAD"),
    (r"^MOHAMMED\b", "MOHAMMAD"),
    (r"^MOHAMMAD\b", "MOHAMMED"),
    (r"EE", "I"),
    (r"OO", "U"),
    (rf"(?<=[{_C}])I(?=[{_C}]+\b)", "EE"),
    (rf"(?<=[{_C}])U(?=[{_C}]+\b)", "OO"),
    (r"OW", "OU"),
    (r"OU", "OW"),
    (r"Y\b", "I"),
    (r"(?<=[AEIOU])S(?=[AEIOU])", "SS"),
    (r"SS", "S"),
    (r"OSSAIN", "USSAIN"),
    (r"OSSAIN", "OSSEN"),
    (r"RAHMAN", "REHMAN"),
    (r"(?<=[AEIOU])TH(?=[AEIOU])", "T"),
    (r"Q", "K"),
)

# Senegalese names in French spelling: N'DIAYE / NDIAYE, M'BAYE / MBAYE, MAMADOU / MAMADU.
WOLOF_RULES: tuple[tuple[str, str], ...] = (
    (rf"\b([NM])(?=[{_C}])", r"\1'"),
    (r"OU", "U"),
    (r"^MOUHAMED\b", "MOHAMED"),
    (r"^CHEIKH\b", "SHEIKH"),
)


def rule_variants(canonical: str, rules: tuple[tuple[str, str], ...], cap: int) -> list[str]:
    """``canonical`` first, then one spelling per rule that changes it (in rule order)."""
    out = [canonical]
    for pattern, repl in rules:
        out.append(re.sub(pattern, repl, canonical))
    return unique_mrz(out, cap)


def latin_spellings(culture: NamingCulture, native: str, kind: str) -> list[str]:
    """Latin spellings of a native ``native`` name (``kind``: "given" or "surname").

    Raises ``ValueError`` when the name holds a letter the culture's tables do not cover.
    """
    spec = culture.romanisation
    family, _, arg = spec.partition(":")
    if family == "cyrillic":
        return cyrillic_variants(native, arg)[:MAX_VARIANTS]
    if family == "georgian":
        return georgian_variants(native)
    if family == "chinese":
        return chinese_variants(native, kind)
    if family == "latin":
        return latin_variants(native, arg)
    if family == "south_asian":
        return rule_variants(mrz(native), SOUTH_ASIAN_RULES, 6)
    if family == "wolof":
        return rule_variants(mrz(fold(native)), WOLOF_RULES, 4)
    raise ValueError(f"culture {culture.key!r} ({spec}) needs own-table rows, not Faker names")


def row_spellings(culture: NamingCulture, row: NameRow, kind: str) -> list[str]:
    """Latin spellings of an own-table ``row`` in ``culture`` (canonical first)."""
    spec = culture.romanisation
    family, _, arg = spec.partition(":")
    if family == "phonemic":
        primary, *others = arg.split(",")
        return phonemic_variants(
            row.key, primary, tuple(others), row.extras, row.canon, MAX_VARIANTS
        )
    if family == "somali":
        extras = (*row.extras, row.native)
        return phonemic_variants(row.key, "SOM", (), extras, row.canon, MAX_VARIANTS)
    return latin_spellings(culture, row.native, kind)

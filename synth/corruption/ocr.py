"""OCR errors: characters an optical reader confuses, as in machine-readable zones.

Document numbers get the MRZ-style letter/digit confusions; names get the shape confusions
of printed capitals. The tables follow the GeCo OCR corruptor in spirit;
which pairs are listed is an assumption of this project.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from synth.corruption.rewrite import RewriteRules, compile_rules, count_matches, rewrite

__all__ = [
    "OCR_DOCUMENT_RULES",
    "OCR_NAME_RULES",
    "ocr_candidates",
    "ocr_error",
]


def _both_ways(pairs: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(rule for a, b in pairs for rule in ((a, b), (b, a)))


#: Letter/digit confusions in document numbers (both directions).
OCR_DOCUMENT_RULES: tuple[tuple[str, str], ...] = _both_ways(
    [("O", "0"), ("I", "1"), ("B", "8"), ("S", "5"), ("Z", "2"), ("G", "6")]
)

#: Shape confusions in printed names (both directions).
OCR_NAME_RULES: tuple[tuple[str, str], ...] = _both_ways(
    [
        ("RN", "M"),
        ("CL", "D"),
        ("VV", "W"),
        ("O", "Q"),
        ("E", "F"),
        ("P", "R"),
        ("C", "G"),
        ("U", "V"),
        ("I", "L"),
    ]
)

_COMPILED: dict[str, RewriteRules] = {
    "document": compile_rules(OCR_DOCUMENT_RULES),
    "name": compile_rules(OCR_NAME_RULES),
}


def ocr_candidates(
    strings: Sequence[str] | npt.NDArray[Any], kind: str = "name"
) -> npt.NDArray[np.int64]:
    """Number of places where an OCR confusion applies (``kind``: "name" or "document")."""
    return count_matches(strings, _COMPILED[kind])


def ocr_error(
    strings: Sequence[str] | npt.NDArray[Any], rng: np.random.Generator, kind: str = "name"
) -> list[str]:
    """Each string with one OCR confusion (unchanged when none applies)."""
    return rewrite(strings, _COMPILED[kind], rng)

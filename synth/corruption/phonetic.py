"""Phonetic (sound-alike) errors: one rewrite rule applied to a name.

The rules follow the GeCo/FEBRL phonetic corruptor in spirit: a clerk
writes down what they hear. Which rules exist is an assumption of this project.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from synth.corruption.rewrite import RewriteRules, compile_rules, count_matches, rewrite

__all__ = ["PHONETIC_RULES", "phonetic_candidates", "phonetic_error"]

_VOWELS = "AEIOU"
_DOUBLED = "LMNRST"

#: ``(pattern, replacement)``; ``$`` anchors a pattern at the end of the string.
PHONETIC_RULES: tuple[tuple[str, str], ...] = (
    ("PH", "F"),
    ("F", "PH"),
    ("CK", "K"),
    ("EI", "AI"),
    ("AI", "EI"),
    ("Y", "I"),
    ("I", "Y"),
    ("C", "K"),
    ("K", "C"),
    ("DH", "D"),
    ("TH", "T"),
    ("E$", ""),
    # double letters: written single, or a single consonant between vowels written double
    *((c + c, c) for c in string.ascii_uppercase),
    *((v + c + w, v + c + c + w) for v in _VOWELS for c in _DOUBLED for w in _VOWELS),
)

_COMPILED: RewriteRules = compile_rules(PHONETIC_RULES)


def phonetic_candidates(strings: Sequence[str] | npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """Number of places in each string where a phonetic rule applies."""
    return count_matches(strings, _COMPILED)


def phonetic_error(
    strings: Sequence[str] | npt.NDArray[Any], rng: np.random.Generator
) -> list[str]:
    """Each string with one phonetic rewrite (unchanged when no rule applies)."""
    return rewrite(strings, _COMPILED, rng)

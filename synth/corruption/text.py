"""Character-level noise on text columns: keyboard typos, OCR and phonetic errors.

Each event edits one column of the row, chosen among the target columns where the edit
can visibly change the value (weights below, renormalised over those columns); a row with
no such column keeps its values (the event is still logged as applied). The column
weights are an assumption of this project, not a published figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from synth.corruption.batch import Batch, not_null
from synth.corruption.codepoints import IntArray
from synth.corruption.names import NameLookup
from synth.corruption.ocr import ocr_candidates, ocr_error
from synth.corruption.phonetic import phonetic_candidates, phonetic_error
from synth.corruption.typos import keyboard_typo

__all__ = [
    "KEYBOARD_TARGETS",
    "OCR_TARGETS",
    "PHONETIC_TARGETS",
    "TextTarget",
    "keyboard_typo_noise",
    "ocr_noise",
    "phonetic_noise",
]

Strings = npt.NDArray[Any]


@dataclass(frozen=True)
class TextTarget:
    """A column an edit may hit, its weight, where the edit is possible, and the edit."""

    column: str
    weight: float
    candidates: Callable[[Strings], IntArray]
    edit: Callable[[Strings, np.random.Generator], list[str]]


def _length(strings: Strings) -> IntArray:
    return np.asarray(np.strings.str_len(np.asarray(strings, dtype=np.str_)), dtype=np.int64)


def _ocr_document(strings: Strings, rng: np.random.Generator) -> list[str]:
    return ocr_error(strings, rng, kind="document")


def _ocr_document_candidates(strings: Strings) -> IntArray:
    return ocr_candidates(strings, kind="document")


KEYBOARD_TARGETS: tuple[TextTarget, ...] = (
    TextTarget("given_names", 0.5, _length, keyboard_typo),
    TextTarget("surname", 0.5, _length, keyboard_typo),
)
PHONETIC_TARGETS: tuple[TextTarget, ...] = (
    TextTarget("given_names", 0.5, phonetic_candidates, phonetic_error),
    TextTarget("surname", 0.5, phonetic_candidates, phonetic_error),
)
OCR_TARGETS: tuple[TextTarget, ...] = (
    TextTarget("document_number", 0.5, _ocr_document_candidates, _ocr_document),
    TextTarget("given_names", 0.25, ocr_candidates, ocr_error),
    TextTarget("surname", 0.25, ocr_candidates, ocr_error),
)


def _edit(
    batch: Batch, where: IntArray, rng: np.random.Generator, targets: tuple[TextTarget, ...]
) -> None:
    present = [t for t in targets if batch.has(t.column)]
    if not present or where.size == 0:
        return
    weight = np.zeros((where.size, len(present)), dtype=np.float64)
    for i, target in enumerate(present):
        values = batch.get(target.column, where)
        filled = np.flatnonzero(not_null(values))
        if filled.size:
            possible = target.candidates(values[filled]) > 0
            weight[filled[possible], i] = target.weight
    cumulative = np.cumsum(weight, axis=1)
    total = cumulative[:, -1]
    chosen = np.argmax(cumulative > (rng.random(where.size) * total)[:, None], axis=1)
    chosen = np.where(total > 0, chosen, -1)
    for i, target in enumerate(present):
        rows = where[chosen == i]
        if rows.size:
            edited = target.edit(batch.get(target.column, rows), rng)
            batch.put(target.column, rows, np.asarray(edited, dtype=object))


def keyboard_typo_noise(
    batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup
) -> None:
    """One keyboard typo in the given names or the surname."""
    _edit(batch, where, rng, KEYBOARD_TARGETS)


def phonetic_noise(
    batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup
) -> None:
    """One phonetic rewrite in the given names or the surname."""
    _edit(batch, where, rng, PHONETIC_TARGETS)


def ocr_noise(batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup) -> None:
    """One OCR confusion in the document number, the given names or the surname."""
    _edit(batch, where, rng, OCR_TARGETS)

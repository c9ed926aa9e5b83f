"""The corruption layer: record synthetic people the way real registrations do.

Transliteration variants, default and partial birth dates, typos, OCR and phonetic
errors, missing fields, swapped or re-ordered names, wrong sex or nationality and
document-number slips, each declared once in :data:`NOISE_TYPES` and applied by
:func:`apply_noise` with per-row rates, logging every applied event in ``noise_applied``.
"""

from __future__ import annotations

from synth.corruption.apply import IMPLEMENTATIONS, NOISE_COLUMN, Implementation, apply_noise
from synth.corruption.fields import (
    MISSING_FIELD_COLUMNS,
    NEIGHBOUR_GROUPS,
    plausible_nationalities,
)
from synth.corruption.names import NameLookup, surname_first_cultures
from synth.corruption.ocr import OCR_DOCUMENT_RULES, OCR_NAME_RULES, ocr_error
from synth.corruption.phonetic import PHONETIC_RULES, phonetic_error
from synth.corruption.registry import (
    IDENTITY_COLUMNS,
    NOISE_BY_KEY,
    NOISE_TYPES,
    PUBLISHED_RATES,
    NoiseSpec,
    NoiseType,
    PublishedRate,
    default_rates,
    uniform_rates,
)
from synth.corruption.sample import NamePools, sample_records
from synth.corruption.typos import QWERTY_ROWS, TYPO_OPERATIONS, keyboard_neighbours, keyboard_typo

__all__ = [
    "IDENTITY_COLUMNS",
    "IMPLEMENTATIONS",
    "MISSING_FIELD_COLUMNS",
    "NEIGHBOUR_GROUPS",
    "NOISE_BY_KEY",
    "NOISE_COLUMN",
    "NOISE_TYPES",
    "OCR_DOCUMENT_RULES",
    "OCR_NAME_RULES",
    "PHONETIC_RULES",
    "PUBLISHED_RATES",
    "QWERTY_ROWS",
    "TYPO_OPERATIONS",
    "Implementation",
    "NameLookup",
    "NamePools",
    "NoiseSpec",
    "NoiseType",
    "PublishedRate",
    "apply_noise",
    "default_rates",
    "keyboard_neighbours",
    "keyboard_typo",
    "ocr_error",
    "phonetic_error",
    "plausible_nationalities",
    "sample_records",
    "surname_first_cultures",
    "uniform_rates",
]

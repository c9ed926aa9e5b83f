"""The per-record noise rates of a scenario: one field per noise type.

Each field's default and provenance come from the noise registry
(:data:`synth.corruption.NOISE_TYPES`), so a rate's source is written once, next to the
noise type it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemas.config import StrictModel
from schemas.provenance import sourced
from synth.corruption import NOISE_BY_KEY, NoiseType
from synth.scenario_fields import Probability

__all__ = ["NoiseRates"]


def _registry(key: NoiseType) -> Any:
    spec = NOISE_BY_KEY[key]
    return sourced(spec.default_rate, spec.provenance)


class NoiseRates(StrictModel):
    """Per-record probability of each noise type (before the multipliers)."""

    transliteration: Probability = _registry(NoiseType.TRANSLITERATION)
    default_birth_date: Probability = _registry(NoiseType.DEFAULT_BIRTH_DATE)
    year_only_birth_date: Probability = _registry(NoiseType.YEAR_ONLY_BIRTH_DATE)
    day_month_swap: Probability = _registry(NoiseType.DAY_MONTH_SWAP)
    keyboard_typo: Probability = _registry(NoiseType.KEYBOARD_TYPO)
    ocr_error: Probability = _registry(NoiseType.OCR_ERROR)
    phonetic_error: Probability = _registry(NoiseType.PHONETIC_ERROR)
    missing_field: Probability = _registry(NoiseType.MISSING_FIELD)
    name_swap: Probability = _registry(NoiseType.NAME_SWAP)
    name_order: Probability = _registry(NoiseType.NAME_ORDER)
    truncated_surname: Probability = _registry(NoiseType.TRUNCATED_SURNAME)
    wrong_sex: Probability = _registry(NoiseType.WRONG_SEX)
    wrong_nationality: Probability = _registry(NoiseType.WRONG_NATIONALITY)
    document_digit_error: Probability = _registry(NoiseType.DOCUMENT_DIGIT_ERROR)

    def __getitem__(self, key: NoiseType) -> float:
        rate: float = getattr(self, NoiseType(key).value)
        return rate

    def items(self) -> Iterator[tuple[NoiseType, float]]:
        """Each noise type and its rate, in registry order."""
        return ((key, self[key]) for key in NOISE_BY_KEY)

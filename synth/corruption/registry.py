"""The noise types of the corruption layer, declared once.

Each :class:`NoiseSpec` says what a noise type does, which identity columns it may
change, its default per-record rate and where that default comes from. The rates here
are defaults only: the world generator computes per-row rates from the scenario (per
system and per population group) and passes them to :func:`synth.corruption.apply_noise`.

Defaults are taken from ``/work/shared/reference/domain.md`` where it gives a figure;
every other default is labelled "assumption, not a published figure".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from schemas.errors import ConfigError

__all__ = [
    "IDENTITY_COLUMNS",
    "NOISE_BY_KEY",
    "NOISE_TYPES",
    "PUBLISHED_RATES",
    "NoiseSpec",
    "NoiseType",
    "PublishedRate",
    "default_rates",
    "uniform_rates",
]

#: The recorded identity columns; only these are ever changed by the corruption layer.
IDENTITY_COLUMNS: tuple[str, ...] = (
    "surname",
    "given_names",
    "surname_at_birth",
    "birth_date",
    "birth_year",
    "sex",
    "nationality",
    "place_of_birth",
    "document_number",
)


class NoiseType(StrEnum):
    """The kinds of error a registration can carry (values are the ``noise_applied`` keys)."""

    TRANSLITERATION = "transliteration"
    DEFAULT_BIRTH_DATE = "default_birth_date"
    YEAR_ONLY_BIRTH_DATE = "year_only_birth_date"
    DAY_MONTH_SWAP = "day_month_swap"
    KEYBOARD_TYPO = "keyboard_typo"
    OCR_ERROR = "ocr_error"
    PHONETIC_ERROR = "phonetic_error"
    MISSING_FIELD = "missing_field"
    NAME_SWAP = "name_swap"
    NAME_ORDER = "name_order"
    TRUNCATED_SURNAME = "truncated_surname"
    WRONG_SEX = "wrong_sex"
    WRONG_NATIONALITY = "wrong_nationality"
    DOCUMENT_DIGIT_ERROR = "document_digit_error"


@dataclass(frozen=True)
class NoiseSpec:
    """One noise type: what it does, what it may change, its default rate and its source."""

    key: NoiseType
    description: str
    columns: tuple[str, ...]
    default_rate: float
    source: str


_FRA = (
    "FRA [46] reports only that over half of border officials had seen significant "
    "data-entry errors in SIS/VIS (qualitative, domain.md §3.7)"
)

#: Every noise type, in the order :func:`apply_noise` applies them (and lists them in
#: ``noise_applied``). Spelling is rewritten first (transliteration, then the structure of
#: the name), character-level slips come after, then dates, then the other fields;
#: missing_field comes last so that a field it blanks is not edited afterwards.
NOISE_TYPES: tuple[NoiseSpec, ...] = (
    NoiseSpec(
        key=NoiseType.TRANSLITERATION,
        description=(
            "Given names and surname recorded in another Latin spelling of the same native "
            "names (another variant of each name_id; compound parts re-joined with a space)"
        ),
        columns=("given_names", "surname", "surname_at_birth"),
        default_rate=0.079,
        source=(
            "domain.md §3.7, §6.2 [49]: rule-generated Arabic name-variant dictionaries erred "
            "on 7-7.9 % of names (7.9 % false rejections); used as a proxy for the share of "
            "records spelt differently from the canonical form"
        ),
    ),
    NoiseSpec(
        key=NoiseType.TRUNCATED_SURNAME,
        description=(
            "Compound surname cut to its first part (applied but invisible when the surname "
            "has one part)"
        ),
        columns=("surname",),
        default_rate=0.02,
        source="assumption, not a published figure",
    ),
    NoiseSpec(
        key=NoiseType.NAME_ORDER,
        description=(
            "Full name read in the other order convention: for surname-first cultures the "
            "last token becomes the surname, for given-first cultures the first token does"
        ),
        columns=("given_names", "surname"),
        default_rate=0.01,
        source="assumption, not a published figure",
    ),
    NoiseSpec(
        key=NoiseType.NAME_SWAP,
        description="Given names and surname exchanged",
        columns=("given_names", "surname"),
        default_rate=0.01,
        source=(
            "assumption, not a published figure (the FEBRL generator's own default "
            "given-name/surname swap probability is 0.05 per duplicate, peers.md §1.2)"
        ),
    ),
    NoiseSpec(
        key=NoiseType.PHONETIC_ERROR,
        description=(
            "One sound-alike rewrite in the given names or surname (PH<->F, CK->K, EI<->AI, "
            "Y<->I, C<->K, DH->D, TH->T, double letters, final E dropped)"
        ),
        columns=("given_names", "surname"),
        default_rate=0.01,
        source=f"assumption, not a published figure; {_FRA}",
    ),
    NoiseSpec(
        key=NoiseType.OCR_ERROR,
        description=(
            "One optical-reading confusion: MRZ-style O<->0, I<->1, B<->8, S<->5, Z<->2, "
            "G<->6 in the document number, RN<->M, CL<->D, VV<->W ... in names"
        ),
        columns=("document_number", "given_names", "surname"),
        default_rate=0.005,
        source=f"assumption, not a published figure; {_FRA}",
    ),
    NoiseSpec(
        key=NoiseType.KEYBOARD_TYPO,
        description=(
            "One keyboard slip in the given names or surname: insert, delete, substitute "
            "(QWERTY neighbour) or transpose a character"
        ),
        columns=("given_names", "surname"),
        default_rate=0.02,
        source=f"assumption, not a published figure; {_FRA}",
    ),
    NoiseSpec(
        key=NoiseType.DEFAULT_BIRTH_DATE,
        description="Birth date recorded as 1 January of the true year",
        columns=("birth_date",),
        default_rate=0.04,
        source=(
            "domain.md §3.7, §6.2 [43d]: UK 2007, 1 January birth dates were 'one in every "
            "25 entries' of the immigration system (for asylum seekers 'one in seven', see "
            "PUBLISHED_RATES)"
        ),
    ),
    NoiseSpec(
        key=NoiseType.DAY_MONTH_SWAP,
        description=("Day and month exchanged (visible only when day <= 12 and day != month)"),
        columns=("birth_date",),
        default_rate=0.005,
        source="assumption, not a published figure",
    ),
    NoiseSpec(
        key=NoiseType.YEAR_ONLY_BIRTH_DATE,
        description="Only the birth year recorded: birth_date null, birth_year kept",
        columns=("birth_date", "birth_year"),
        default_rate=0.01,
        source="assumption, not a published figure",
    ),
    NoiseSpec(
        key=NoiseType.WRONG_SEX,
        description="Sex recorded as the other value (M<->F)",
        columns=("sex",),
        default_rate=0.002,
        source="assumption, not a published figure",
    ),
    NoiseSpec(
        key=NoiseType.WRONG_NATIONALITY,
        description="Nationality recorded as a neighbouring or plausible other ISO3 code",
        columns=("nationality",),
        default_rate=0.005,
        source="assumption, not a published figure",
    ),
    NoiseSpec(
        key=NoiseType.DOCUMENT_DIGIT_ERROR,
        description=(
            "One or two characters of the document number changed (substitution or "
            "transposition of neighbours)"
        ),
        columns=("document_number",),
        default_rate=0.005,
        source=f"assumption, not a published figure; {_FRA}",
    ),
    NoiseSpec(
        key=NoiseType.MISSING_FIELD,
        description=(
            "One of surname_at_birth, place_of_birth, document_number, nationality, sex "
            "(a non-null one when there is any) set null"
        ),
        columns=("surname_at_birth", "place_of_birth", "document_number", "nationality", "sex"),
        default_rate=0.02,
        source=(
            "assumption, not a published figure (the 49 % of adult asylum applicants without "
            "an identity document, domain.md §3.7 [43], is a property of the person, see "
            "PUBLISHED_RATES, not a recording slip)"
        ),
    ),
)

NOISE_BY_KEY: dict[NoiseType, NoiseSpec] = {spec.key: spec for spec in NOISE_TYPES}


@dataclass(frozen=True)
class PublishedRate:
    """A published figure for one noise type in one population group, for scenario presets."""

    key: NoiseType
    group: str
    rate: float
    source: str


#: Group-specific published figures the world generator can use instead of the defaults.
PUBLISHED_RATES: tuple[PublishedRate, ...] = (
    PublishedRate(
        key=NoiseType.DEFAULT_BIRTH_DATE,
        group="asylum_seekers",
        rate=1 / 7,
        source="domain.md §3.7, §6.2 [43d]: UK 2007, 'one in seven asylum seekers'",
    ),
    PublishedRate(
        key=NoiseType.DEFAULT_BIRTH_DATE,
        group="immigration_system",
        rate=1 / 25,
        source="domain.md §3.7 [43d]: UK 2007, 'one in every 25 entries'",
    ),
    PublishedRate(
        key=NoiseType.MISSING_FIELD,
        group="asylum_seekers_without_document",
        rate=0.49,
        source=(
            "domain.md §3.7, §6.2 [43]: 49 % of adult asylum applicants in Germany presented "
            "no identity document in 2019 (document_number absent; 50-60 % suggested range)"
        ),
    ),
    PublishedRate(
        key=NoiseType.TRANSLITERATION,
        group="arabic_names",
        rate=0.079,
        source="domain.md §3.7, §6.2 [49]: rule-based variant dictionaries err 7-8 %",
    ),
)


def uniform_rates(
    height: int, rates: Mapping[NoiseType, float]
) -> dict[NoiseType, npt.NDArray[np.float64]]:
    """Per-row rate arrays (the same value on every row) for :func:`apply_noise`."""
    out: dict[NoiseType, npt.NDArray[np.float64]] = {}
    for key, rate in rates.items():
        if not 0.0 <= rate <= 1.0:
            raise ConfigError(f"rate of {NoiseType(key).value!r} must be in [0, 1], got {rate!r}")
        out[NoiseType(key)] = np.full(height, rate, dtype=np.float64)
    return out


def default_rates(height: int) -> dict[NoiseType, npt.NDArray[np.float64]]:
    """Every noise type at its default rate, as per-row arrays of length ``height``."""
    return uniform_rates(height, {spec.key: spec.default_rate for spec in NOISE_TYPES})

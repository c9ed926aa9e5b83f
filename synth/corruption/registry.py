"""The noise types of the corruption layer, declared once.

Each :class:`NoiseSpec` says what a noise type does, which identity columns it may
change, its default per-record rate and where that default comes from. The rates here
are defaults only: the world generator computes per-row rates from the scenario (per
system and per population group) and passes them to :func:`synth.corruption.apply_noise`.

Each default states its provenance (:mod:`schemas.provenance`): a source of the project's
bibliography where one gives a figure, else an assumption of this project.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from schemas.errors import ConfigError
from schemas.provenance import Provenance, Tag, assumed, cited, derived

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
    provenance: Provenance


_NO_FIGURE = "no published rate"
# Qualitative only: over half of border officials had seen significant data-entry errors
# in SIS and VIS.
_SLIP = assumed(
    f"{_NO_FIGURE}; entry errors are common but not counted", "euobserver-2018-sis-data-quality"
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
        provenance=derived(
            "hassanat-2014-arabic-names",
            note="rule-generated Arabic name-variant dictionaries erred on 7-7.9 % of names; "
            "taken as the share of records spelt other than the canonical way",
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
        provenance=assumed(_NO_FIGURE),
    ),
    NoiseSpec(
        key=NoiseType.NAME_ORDER,
        description=(
            "Full name read in the other order convention: for surname-first cultures the "
            "last token becomes the surname, for given-first cultures the first token does"
        ),
        columns=("given_names", "surname"),
        default_rate=0.01,
        provenance=assumed(_NO_FIGURE),
    ),
    NoiseSpec(
        key=NoiseType.NAME_SWAP,
        description="Given names and surname exchanged",
        columns=("given_names", "surname"),
        default_rate=0.01,
        provenance=assumed(
            f"{_NO_FIGURE}; the FEBRL generator swaps given name and surname in 5 % of the "
            "duplicates it makes"
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
        provenance=_SLIP,
    ),
    NoiseSpec(
        key=NoiseType.OCR_ERROR,
        description=(
            "One optical-reading confusion: MRZ-style O<->0, I<->1, B<->8, S<->5, Z<->2, "
            "G<->6 in the document number, RN<->M, CL<->D, VV<->W ... in names"
        ),
        columns=("document_number", "given_names", "surname"),
        default_rate=0.005,
        provenance=_SLIP,
    ),
    NoiseSpec(
        key=NoiseType.KEYBOARD_TYPO,
        description=(
            "One keyboard slip in the given names or surname: insert, delete, substitute "
            "(QWERTY neighbour) or transpose a character"
        ),
        columns=("given_names", "surname"),
        default_rate=0.02,
        provenance=_SLIP,
    ),
    NoiseSpec(
        key=NoiseType.DEFAULT_BIRTH_DATE,
        description="Birth date recorded as 1 January of the true year",
        columns=("birth_date",),
        default_rate=0.002,
        provenance=assumed(
            "a slip on one record of a person whose birth date is known; rare, because "
            "default dates are a property of how a person was registered, carried by all "
            "of their records (population.birth_dates); the UK figure of 'one in every 25 "
            "entries' is a validation figure for that property",
            "telegraph-2009-january-first",
            plausible=(0.0, 0.01),
        ),
    ),
    NoiseSpec(
        key=NoiseType.DAY_MONTH_SWAP,
        description=("Day and month exchanged (visible only when day <= 12 and day != month)"),
        columns=("birth_date",),
        default_rate=0.005,
        provenance=assumed(_NO_FIGURE),
    ),
    NoiseSpec(
        key=NoiseType.YEAR_ONLY_BIRTH_DATE,
        description="Only the birth year recorded: birth_date null, birth_year kept",
        columns=("birth_date", "birth_year"),
        default_rate=0.002,
        provenance=assumed(
            f"{_NO_FIGURE}; a slip on one record; persons registered with the year alone "
            "carry it on every record (population.birth_dates)",
            plausible=(0.0, 0.01),
        ),
    ),
    NoiseSpec(
        key=NoiseType.WRONG_SEX,
        description="Sex recorded as the other value (M<->F)",
        columns=("sex",),
        default_rate=0.002,
        provenance=assumed(_NO_FIGURE),
    ),
    NoiseSpec(
        key=NoiseType.WRONG_NATIONALITY,
        description="Nationality recorded as a neighbouring or plausible other ISO3 code",
        columns=("nationality",),
        default_rate=0.005,
        provenance=assumed(_NO_FIGURE),
    ),
    NoiseSpec(
        key=NoiseType.DOCUMENT_DIGIT_ERROR,
        description=(
            "One or two characters of the document number changed (substitution or "
            "transposition of neighbours)"
        ),
        columns=("document_number",),
        default_rate=0.005,
        provenance=_SLIP,
    ),
    NoiseSpec(
        key=NoiseType.MISSING_FIELD,
        description=(
            "One of surname_at_birth, place_of_birth, document_number, nationality, sex "
            "(a non-null one when there is any) set null"
        ),
        columns=("surname_at_birth", "place_of_birth", "document_number", "nationality", "sex"),
        default_rate=0.02,
        provenance=assumed(
            f"{_NO_FIGURE}; asylum applicants without an identity document are a property "
            "of the person (see PUBLISHED_RATES), not a recording slip"
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
    provenance: Provenance


#: Group-specific published figures the world generator can use instead of the defaults.
PUBLISHED_RATES: tuple[PublishedRate, ...] = (
    PublishedRate(
        key=NoiseType.DEFAULT_BIRTH_DATE,
        group="asylum_seekers",
        rate=1 / 7,
        provenance=cited(
            "telegraph-2009-january-first",
            tag=Tag.SECONDARY,
            note="UK 2007: 'one in seven asylum seekers' had a 1 January birth date",
        ),
    ),
    PublishedRate(
        key=NoiseType.DEFAULT_BIRTH_DATE,
        group="immigration_system",
        rate=1 / 25,
        provenance=cited(
            "telegraph-2009-january-first",
            tag=Tag.SECONDARY,
            note="UK 2007: 'one in every 25 entries' of the immigration system",
        ),
    ),
    PublishedRate(
        key=NoiseType.MISSING_FIELD,
        group="asylum_seekers_without_document",
        rate=0.49,
        provenance=cited(
            "bamf-2020-january-first",
            note="49 % of adult asylum applicants in Germany presented no identity document "
            "in 2019 (no document number)",
        ),
    ),
    PublishedRate(
        key=NoiseType.TRANSLITERATION,
        group="arabic_names",
        rate=0.079,
        provenance=cited(
            "hassanat-2014-arabic-names",
            note="rule-based name-variant dictionaries err on 7-8 % of names",
        ),
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

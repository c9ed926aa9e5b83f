"""How the systems keep what they record: retention, identity-data noise, biometric captures.

The ``retention``, ``noise`` and ``captures`` sections of a scenario (the ``systems``
section is in :mod:`synth.scenario_systems`). Noise rates have one field per noise type,
whose default and provenance come from the noise registry
(:data:`synth.corruption.NOISE_TYPES`), so a rate's source is written once, next to the
noise type it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Self

from pydantic import Field, field_validator, model_validator

from schemas.config import StrictModel
from schemas.provenance import Tag, assumed, cited, method, sourced
from schemas.systems import SystemKey
from synth.corruption import NOISE_BY_KEY, NoiseType
from synth.groups import PopulationGroup
from synth.nationalities import NATIONALITY_BY_CODE
from synth.scenario_fields import Age, NationalityCode, Probability, Problems, Weight, Years

__all__ = [
    "CaptureConfig",
    "FailureRates",
    "NoiseConfig",
    "NoiseRates",
    "QualityByAge",
    "RetentionConfig",
]

G = PopulationGroup


class RetentionConfig(StrictModel):
    """Retention periods in years (records past them at the as-of date are deleted)."""

    vis_years: Years = sourced(
        5.0, cited("eu-2008-767", note="Art. 23: at most 5 years from visa expiry or refusal")
    )
    ees_record_years: Years = sourced(
        3.0, cited("eu-2017-2226", note="Art. 34: 3 years after the exit or refusal")
    )
    ees_overstayer_years: Years = sourced(
        5.0, cited("eu-2017-2226", note="Art. 34: 5 years after the end of an overstay")
    )
    eurodac_applicant_years: Years = sourced(
        10.0, cited("eu-2024-1358", note="Art. 29: applicants kept 10 years")
    )
    eurodac_irregular_years: Years = sourced(
        5.0,
        cited(
            "eu-2024-1358",
            "eu-2013-603",
            note="Art. 29: irregular crossers kept 5 years (18 months under the 2013 rules)",
        ),
    )
    eurodac_illegal_stay_years: Years = sourced(
        5.0, cited("eu-2024-1358", note="Art. 29: illegally staying persons kept 5 years")
    )
    etias_refused_years: Years = sourced(
        5.0,
        cited(
            "eu-2018-1240",
            tag=Tag.RECALLED,
            note="Art. 54: 5 years after a refusal (valid authorisations: their validity)",
        ),
    )
    ecris_years: Years = sourced(
        10.0,
        assumed(
            "kept as long as the national criminal record, which has no EU-wide length",
            "eu-2019-816",
        ),
    )


def _registry(key: NoiseType) -> Any:
    """A rate field with the noise registry's default and provenance."""
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


class NoiseConfig(StrictModel):
    """Identity-data corruption: rate = rates x system multiplier x group multiplier; a
    group's own rate (group_rates) replaces rates x group multiplier, and a nationality's
    own rate (nationality_rates) replaces both."""

    rates: NoiseRates = NoiseRates()
    system_multiplier: dict[SystemKey, Weight] = sourced(
        provenance=assumed("no system records worse than another by default"),
        default_factory=lambda: dict.fromkeys(SystemKey, 1.0),
    )
    group_multiplier: dict[G, Weight] = sourced(
        provenance=assumed(
            "data of irregular arrivals and asylum applicants degraded most; no published "
            "multiplier",
            "fra-2018-under-watchful-eyes",
        ),
        default_factory=lambda: {
            G.VISA_REQUIRED: 1.0,
            G.VISA_EXEMPT: 0.8,
            G.ASYLUM_APPLICANT: 1.5,
            G.IRREGULAR_CROSSER: 2.0,
            G.OVERSTAYER: 1.2,
            G.EU_RESIDENT: 1.0,
            G.UNREGISTERED: 1.0,
        },
    )
    group_rates: dict[G, dict[NoiseType, Probability]] = sourced(
        provenance=method(
            "rates of one group that replace rates x group multiplier; none by default: "
            "the 1 January birth dates of asylum seekers are a property of their "
            "registration (population.birth_dates), not a per-record rate"
        ),
        default_factory=dict,
    )
    nationality_rates: dict[NationalityCode, dict[NoiseType, Probability]] = sourced(
        provenance=method(
            "rates for persons of one nationality that replace the group's rate (and rates "
            "x group multiplier), e.g. nationality_rates.AFG.transliteration; none by "
            "default: no published rate differs by nationality"
        ),
        default_factory=dict,
    )

    @field_validator("group_rates", mode="before")
    @classmethod
    def _nationality_is_not_a_group(cls, value: Any) -> Any:
        """A nationality code under group_rates points to nationality_rates."""
        if isinstance(value, Mapping):
            codes = [k for k in value if isinstance(k, str) and k in NATIONALITY_BY_CODE]
            if codes:
                raise ValueError(
                    f"{', '.join(codes)}: group_rates takes population groups "
                    f"({', '.join(g.value for g in G)}); set a nationality's rates under "
                    f"noise.nationality_rates.{codes[0]}"
                )
        return value


class FailureRates(StrictModel):
    """Failure-to-capture probability by age class."""

    child: Probability
    adult: Probability
    elderly: Probability


class QualityByAge(StrictModel):
    """Mean NFIQ2-like quality (0-100) by age class."""

    child: float = Field(ge=0.0, le=100.0)
    adult: float = Field(ge=0.0, le=100.0)
    elderly: float = Field(ge=0.0, le=100.0)


_FAILURE = assumed(
    "failure to capture, higher for children and the elderly: image quality is the main "
    "problem with children; VIS had 25.4 % of applications without fingerprints in 2013, "
    "partly the roll-out",
    "jrc-2013-children-fingerprints",
    "statewatch-2014-vis-report",
)
_QUALITY = assumed(
    "NFIQ2-like quality (EU systems use NFIQ 2.0); no published distribution for these systems",
    "eu-2019-329",
)


class CaptureConfig(StrictModel):
    """Biometric capture model (no images: quality, failure, template identity)."""

    child_max_age: Age = sourced(
        11,
        assumed(
            "oldest child age class; JRC studied children of 6-12 and the elderly of 65-98",
            "jrc-2013-children-fingerprints",
            "jrc-2018-children-to-elderly",
        ),
    )
    elderly_min_age: Age = sourced(
        65,
        assumed(
            "youngest elderly age class; JRC studied the elderly of 65-98",
            "jrc-2018-children-to-elderly",
        ),
    )
    fingerprint_failure: FailureRates = sourced(
        FailureRates(child=0.05, adult=0.01, elderly=0.05), _FAILURE
    )
    face_failure: FailureRates = sourced(
        FailureRates(child=0.01, adult=0.002, elderly=0.01), _FAILURE
    )
    fingerprint_quality: QualityByAge = sourced(
        QualityByAge(child=45.0, adult=62.0, elderly=48.0), _QUALITY
    )
    face_quality: QualityByAge = sourced(
        QualityByAge(child=55.0, adult=70.0, elderly=60.0), _QUALITY
    )
    quality_sd: float = sourced(14.0, _QUALITY, ge=0.0, le=50.0)
    field_quality_shift: float = sourced(
        -8.0,
        assumed("quality lost when capturing in field conditions (irregular arrivals)"),
        ge=-100.0,
        le=100.0,
    )
    vis_fingerprint_reuse_months: int = sourced(
        59,
        cited(
            "eu-2009-810",
            note="Visa Code Art. 13(3): fingerprints copied if taken less than 59 months before",
        ),
        ge=0,
        le=600,
    )

    @model_validator(mode="after")
    def _age_classes_in_order(self) -> Self:
        problems = Problems()
        problems.order(
            ("child_max_age", self.child_max_age), ("elderly_min_age", self.elderly_min_age), "<"
        )
        problems.raise_if_any("CaptureConfig")
        return self

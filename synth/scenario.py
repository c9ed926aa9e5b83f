"""The scenario: every parameter of a generated world, validated by pydantic.

Defaults describe a 2026-style world. Every field states where its default comes from as
field metadata (:func:`schemas.provenance.sourced`): a source from the project's
bibliography, or an assumption this project made because no published figure exists
(such a value is a parameter precisely so that users can vary it).
:func:`synth.scenario_sources.scenario_parameters` lists them. Checks across fields are
model validators, so every problem of a scenario is reported at once with its dotted key.
Loading TOML files and presets lives in :mod:`synth.scenario_load`; the ``systems``
section in :mod:`synth.scenario_systems`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar, Self

from pydantic import Field, field_validator, model_validator

from schemas.config import StrictModel
from schemas.provenance import Tag, assumed, cited, derived, method, sourced
from schemas.systems import SystemKey
from synth.corruption import NoiseType
from synth.groups import GROUP_BY_KEY, GROUPS, Eligibility, PopulationGroup
from synth.member_states import MEMBER_STATES
from synth.nationalities import NATIONALITIES
from synth.scenario_fields import (
    Age,
    MemberStateCode,
    NationalityCode,
    Probability,
    Problems,
    Weight,
    Years,
    per_group,
)
from synth.scenario_noise import NoiseRates
from synth.scenario_systems import SystemConfig, SystemsConfig

__all__ = [
    "MEMBER_STATES",
    "AgeSpec",
    "AlertType",
    "CaptureConfig",
    "EcrisConfig",
    "FailureRates",
    "FraudConfig",
    "JourneyConfig",
    "NoiseConfig",
    "PopulationConfig",
    "QualityByAge",
    "RetentionConfig",
    "Scenario",
    "SisConfig",
    "SystemConfig",
    "SystemsConfig",
    "WorldConfig",
    "eligible_nationalities",
]

G = PopulationGroup


class AlertType(StrEnum):
    """SIS person alert types [@eu-2018-1860; @eu-2018-1861; @eu-2018-1862]."""

    REFUSAL_OF_ENTRY = "refusal_of_entry"  # Reg. 2018/1861 Art. 24
    RETURN = "return"  # Reg. 2018/1860
    ARREST = "arrest"  # Reg. 2018/1862 Art. 26
    MISSING_PERSON = "missing_person"  # Art. 32
    JUDICIAL_PROCEDURE = "judicial_procedure"  # Art. 34
    DISCREET_CHECK = "discreet_check"  # Art. 36


# --- world ------------------------------------------------------------------------------


class WorldConfig(StrictModel):
    """Size and time span of the world."""

    persons: int = sourced(
        100_000,
        method("default world size: stable rates, and a run end to end in about a minute"),
        ge=1,
        le=50_000_000,
    )
    as_of: dt.date = sourced(
        dt.date(2026, 6, 30),
        assumed(
            "a 2026-style world, after the EES reached full operation (10 April 2026)",
            "dpa-2025-ees-on-schedule",
        ),
    )
    period_start: dt.date = sourced(
        dt.date(2021, 1, 1),
        assumed("five and a half simulated years, long enough for retention to delete records"),
    )

    @model_validator(mode="after")
    def _period_in_order(self) -> Self:
        problems = Problems()
        problems.order(("period_start", self.period_start), ("as_of", self.as_of), "before")
        problems.raise_if_any("WorldConfig")
        return self


# --- population -------------------------------------------------------------------------


class AgeSpec(StrictModel):
    """Age in years of a family's first adult at the as-of date (normal, folded into range)."""

    mean: float = Field(ge=18.0, le=90.0)
    sd: float = Field(ge=0.0, le=40.0)


def _default_head_age() -> dict[G, AgeSpec]:
    values = {
        G.VISA_REQUIRED: (40.0, 12.0),
        G.VISA_EXEMPT: (43.0, 14.0),
        G.ASYLUM_APPLICANT: (30.0, 9.0),
        G.IRREGULAR_CROSSER: (27.0, 8.0),
        G.OVERSTAYER: (32.0, 10.0),
        G.EU_RESIDENT: (44.0, 16.0),
        G.UNREGISTERED: (40.0, 15.0),
    }
    return {g: AgeSpec(mean=m, sd=s) for g, (m, s) in values.items()}


_ELIGIBILITY_TEXT = {
    Eligibility.VISA_REQUIRED: "visa-required third-country nationalities",
    Eligibility.VISA_EXEMPT: "visa-exempt third-country nationalities",
    Eligibility.THIRD_COUNTRY: "third-country (non-EU/Schengen) nationalities",
    Eligibility.MEMBER_STATE: "EU/Schengen nationalities",
}


def eligible_nationalities(group: PopulationGroup) -> list[str]:
    """The nationality codes members of ``group`` may hold."""
    spec = GROUP_BY_KEY[group]
    return [n.code for n in NATIONALITIES if spec.eligible(n.visa_required, n.member_state)]


def _default_nationality_weights() -> dict[G, dict[str, float]]:
    """Relative weights per group; codes not in synth.nationalities, or not eligible for
    the group, are dropped, and a group left without weights draws uniformly."""
    wanted: dict[G, dict[str, float]] = {
        G.VISA_REQUIRED: {"TUR": 8, "CHN": 8, "IND": 8, "MAR": 6, "RUS": 6, "DZA": 5, "EGY": 3,
                          "NGA": 3, "PAK": 2, "IRN": 2, "VNM": 2, "PHL": 2, "SAU": 2, "GHA": 1,
                          "SEN": 1, "BGD": 1, "IRQ": 1, "SYR": 1, "AFG": 1, "ERI": 1, "SOM": 1},
        G.VISA_EXEMPT: {"USA": 10, "GBR": 10, "UKR": 6, "BRA": 4, "CAN": 4, "AUS": 3, "JPN": 3,
                        "ISR": 2, "MEX": 2, "ARG": 2, "COL": 2, "ARE": 1, "KOR": 2, "SRB": 2,
                        "ALB": 2, "GEO": 2, "MDA": 1, "VEN": 1},
        G.ASYLUM_APPLICANT: {"SYR": 10, "AFG": 8, "TUR": 6, "VEN": 4, "COL": 4, "IRQ": 4,
                             "PAK": 3, "BGD": 3, "ERI": 2, "SOM": 2, "NGA": 2, "MAR": 2,
                             "GEO": 1, "RUS": 1, "IRN": 1, "LBN": 1},
        G.IRREGULAR_CROSSER: {"SYR": 8, "AFG": 6, "MAR": 4, "DZA": 3, "TUN": 3, "BGD": 4,
                              "PAK": 3, "EGY": 3, "ERI": 2, "SOM": 2, "GIN": 2, "CIV": 2,
                              "MLI": 1, "SEN": 1, "NGA": 1, "IRQ": 2},
        G.OVERSTAYER: {"UKR": 4, "MAR": 3, "ALB": 3, "GEO": 2, "TUR": 2, "DZA": 2, "BRA": 2,
                       "COL": 2, "IND": 2, "CHN": 1, "NGA": 1, "RUS": 1, "MDA": 1},
        G.EU_RESIDENT: {"DEU": 10, "FRA": 8, "ITA": 7, "ESP": 6, "POL": 5, "ROU": 3,
                        "NLD": 2, "GRC": 1, "PRT": 1, "SWE": 1, "BEL": 1, "AUT": 1},
        G.UNREGISTERED: {},
    }  # fmt: skip
    return _uniform_where_empty(
        {
            group: {c: w for c, w in weights.items() if c in eligible_nationalities(group)}
            for group, weights in wanted.items()
        }
    )


def _uniform_where_empty(weights: dict[G, dict[str, float]]) -> dict[G, dict[str, float]]:
    """Every group's weights; a group without any draws uniformly from its eligible ones."""
    return {
        group: dict(weights.get(group) or {}) or dict.fromkeys(eligible_nationalities(group), 1.0)
        for group in G
    }


def _default_member_states() -> dict[str, float]:
    return {"DE": 18, "FR": 15, "IT": 12, "ES": 11, "AT": 6, "NL": 6, "BE": 5, "GR": 5,
            "PL": 4, "PT": 3, "SE": 3, "CH": 3, "CZ": 2, "HU": 2, "DK": 1, "FI": 1, "NO": 1,
            "RO": 1, "BG": 1, "HR": 1, "SI": 1, "SK": 1, "LT": 1, "LV": 1, "EE": 1, "LU": 1,
            "MT": 1, "IS": 0.5, "LI": 0.2}  # fmt: skip


class PopulationConfig(StrictModel):
    """Who lives in the world: groups, nationalities, ages, families, documents."""

    group_shares: dict[G, Weight] = sourced(
        provenance=assumed(
            "relative group sizes, not published shares; ordered like the yearly volumes: "
            "visa-exempt travellers (39 M) > Schengen visa applications (11.7 M, 2024) > "
            "Eurodac data sets stored (about 7 M, 2023)",
            "com-2016-731-etias-proposal",
            "dghome-2024-visa-statistics",
            "netzpolitik-2023-eurodac-capacity",
        ),
        default_factory=lambda: {
            G.VISA_REQUIRED: 0.25,
            G.VISA_EXEMPT: 0.33,
            G.ASYLUM_APPLICANT: 0.10,
            G.IRREGULAR_CROSSER: 0.06,
            G.OVERSTAYER: 0.03,
            G.EU_RESIDENT: 0.18,
            G.UNREGISTERED: 0.05,
        },
    )
    nationality_weights: dict[G, dict[NationalityCode, Weight]] = sourced(
        provenance=assumed(
            "relative weights, not published shares; the asylum and irregular lists follow "
            "the nationalities most often registered with a 1 January birth date in Germany; "
            "a group without weights draws uniformly from its eligible nationalities",
            "bamf-2020-january-first",
        ),
        default_factory=_default_nationality_weights,
    )
    male_share: dict[G, Probability] = sourced(
        provenance=assumed("share of men among first adults; no per-group figure found"),
        default_factory=lambda: per_group(
            {
                G.VISA_REQUIRED: 0.5,
                G.VISA_EXEMPT: 0.5,
                G.ASYLUM_APPLICANT: 0.65,
                G.IRREGULAR_CROSSER: 0.75,
                G.OVERSTAYER: 0.55,
                G.EU_RESIDENT: 0.5,
                G.UNREGISTERED: 0.5,
            }
        ),
    )
    head_age: dict[G, AgeSpec] = sourced(
        provenance=assumed(
            "no published age profile per group; asylum and irregular arrivals younger "
            "than travellers"
        ),
        default_factory=_default_head_age,
    )
    family_size_weights: list[Weight] = sourced(
        provenance=assumed(
            "weights of travel-party sizes 1, 2, 3, ...; relatives share their family's "
            "surname, nationality, group and journeys"
        ),
        default_factory=lambda: [0.55, 0.15, 0.12, 0.10, 0.05, 0.03],
        min_length=1,
    )
    second_given_name_share: Probability = sourced(
        0.25, assumed("share of persons with a second given name")
    )
    lookalike_share: Probability = sourced(
        0.02,
        assumed(
            "share of persons with a persistent look-alike of the same sex, age band and "
            "region (correlated faces); no prevalence figure found"
        ),
    )
    document_share: dict[G, Probability] = sourced(
        provenance=derived(
            "bamf-2020-january-first",
            note="asylum applicants: 51 % = 100 % less the 49 % of adult applicants in "
            "Germany without an identity document (2019); travellers need one to travel; "
            "irregular crossers and the unregistered: assumptions",
        ),
        default_factory=lambda: per_group(
            {
                G.VISA_REQUIRED: 1.0,
                G.VISA_EXEMPT: 1.0,
                G.ASYLUM_APPLICANT: 0.51,
                G.IRREGULAR_CROSSER: 0.40,
                G.OVERSTAYER: 1.0,
                G.EU_RESIDENT: 1.0,
                G.UNREGISTERED: 0.6,
            }
        ),
    )
    passport_validity_years: Years = sourced(
        10.0, assumed("passport validity (a renewed passport has a new number)")
    )
    member_state_weights: dict[MemberStateCode, Weight] = sourced(
        provenance=assumed(
            "relative weights of the member state that creates a record; only known that "
            "DE, IT, FR, AT and ES send 67 % of Eurodac transactions",
            "netzpolitik-2023-eurodac-capacity",
        ),
        default_factory=_default_member_states,
    )
    home_member_state_share: Probability = sourced(
        0.8, assumed("share of a person's records made in the family's main member state")
    )

    @field_validator("nationality_weights", mode="after")
    @classmethod
    def _eligible_nationalities(
        cls, weights: dict[G, dict[str, float]]
    ) -> dict[G, dict[str, float]]:
        """Every code fits its group; a group without weights draws uniformly."""
        problems = Problems()
        for group, own in weights.items():
            allowed = eligible_nationalities(group)
            eligibility = _ELIGIBILITY_TEXT[GROUP_BY_KEY[group].eligibility]
            for code in own:
                if code not in allowed:
                    reason = f"{group} draws from {eligibility} ({', '.join(allowed)})"
                    problems.add((group.value, code), code, reason)
            if own:
                problems.positive_sum((group.value,), own)
        problems.raise_if_any("nationality_weights")
        return _uniform_where_empty(weights)

    @model_validator(mode="after")
    def _weights_usable(self) -> Self:
        problems = Problems()
        problems.positive_sum(("group_shares",), self.group_shares)
        problems.positive_sum(("family_size_weights",), self.family_size_weights)
        problems.positive_sum(("member_state_weights",), self.member_state_weights)
        for spec in GROUPS:
            share = self.group_shares.get(spec.key, 0.0)
            if share > 0 and not eligible_nationalities(spec.key):
                reason = f"no nationality is eligible ({_ELIGIBILITY_TEXT[spec.eligibility]})"
                problems.add(("group_shares", spec.key.value), share, reason)
        problems.raise_if_any("PopulationConfig")
        return self


# --- journeys ---------------------------------------------------------------------------


class JourneyConfig(StrictModel):
    """What people do over the simulated period (all rates per person unless stated)."""

    vis_reapplication_mean: float = sourced(
        1.0,
        assumed("Poisson mean of further visa applications per visa-required traveller"),
        ge=0.0,
        le=20.0,
    )
    vis_refusal_rate: Probability = sourced(
        0.148,
        cited(
            "dghome-2024-visa-statistics",
            tag=Tag.SECONDARY,
            note="14.8 % of Schengen visa applications refused in 2024",
        ),
    )
    vis_long_stay_share: Probability = sourced(
        0.05,
        assumed("share of long-stay national visas, in VIS since the 2021 recast", "eu-2021-1134"),
    )
    vis_decision_days: int = sourced(
        15, assumed("days from a visa application to its decision"), ge=0, le=365
    )
    visa_validity_days: int = sourced(
        180, assumed("validity of a short-stay visa in days"), ge=1, le=3650
    )
    trips_per_year: float = sourced(
        1.0, assumed("Poisson mean of trips per traveller per year"), ge=0.0, le=50.0
    )
    stay_days_min: int = sourced(
        2,
        assumed("shortest short stay in days (the authorised stay is 90 days in any 180)"),
        ge=1,
        le=90,
    )
    stay_days_max: int = sourced(
        60,
        assumed("longest short stay in days (the authorised stay is 90 days in any 180)"),
        ge=1,
        le=90,
    )
    entry_refusal_rate: Probability = sourced(
        0.00045,
        derived(
            "commission-2026-ees-66m",
            note="over 30,000 refusals of entry in over 66 M EES crossings by mid-2026",
        ),
    )
    etias_refusal_rate: Probability = sourced(
        0.01,
        assumed(
            "ETIAS refusals; 1-2 % of applications are expected to reach the national units",
            "commission-2016-etias-qa",
        ),
    )
    etias_validity_years: Years = sourced(
        3.0,
        cited(
            "commission-2025-etias-fee",
            tag=Tag.SECONDARY,
            note="an authorisation is valid 3 years",
        ),
    )
    asylum_prior_visa_share: Probability = sourced(
        0.10, assumed("share of asylum applicants first recorded with a visa or ETIAS")
    )
    asylum_prior_irregular_share: Probability = sourced(
        0.50, assumed("share of the other applicants first recorded as irregular crossers")
    )
    asylum_secondary_share: Probability = sourced(
        0.15, assumed("applicants who apply again in another member state")
    )
    irregular_illegal_stay_share: Probability = sourced(
        0.30, assumed("irregular crossers later found staying illegally in another state")
    )
    overstayer_apprehended_share: Probability = sourced(
        0.30, assumed("overstayers later apprehended and recorded in Eurodac")
    )
    frontline_member_state_weights: dict[MemberStateCode, Weight] = sourced(
        provenance=assumed("relative weights of the member states of first irregular arrival"),
        default_factory=lambda: {
            "IT": 35.0,
            "GR": 25.0,
            "ES": 25.0,
            "MT": 5.0,
            "HR": 5.0,
            "BG": 5.0,
        },
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = Problems()
        problems.positive_sum(
            ("frontline_member_state_weights",), self.frontline_member_state_weights
        )
        problems.order(("stay_days_min", self.stay_days_min), ("stay_days_max", self.stay_days_max))
        problems.raise_if_any("JourneyConfig")
        return self


def _never_registered(problems: Problems, key: str, rates: dict[G, float]) -> None:
    """Groups that are never registered anywhere can have no alert or conviction."""
    for spec in GROUPS:
        if not spec.registered and rates.get(spec.key, 0.0) > 0:
            reason = f"{spec.key} is never registered in any system; must be 0"
            problems.add((key, spec.key.value), rates[spec.key], reason)


# --- SIS and ECRIS-TCN ------------------------------------------------------------------


class SisConfig(StrictModel):
    """Alerts on persons in SIS."""

    alert_rate: dict[G, Probability] = sourced(
        provenance=assumed(
            "share of each group with a person alert; SIS held about 1.7 M person alerts "
            "in 2024, mostly for return and refusal of entry",
            "digit-2025-sis-searches",
        ),
        default_factory=lambda: per_group(
            {
                G.VISA_REQUIRED: 0.005,
                G.VISA_EXEMPT: 0.003,
                G.ASYLUM_APPLICANT: 0.10,
                G.IRREGULAR_CROSSER: 0.25,
                G.OVERSTAYER: 0.40,
            }
        ),
    )
    alert_type_weights: dict[AlertType, Weight] = sourced(
        provenance=cited(
            "digit-2025-sis-searches",
            tag=Tag.SECONDARY,
            note="return about 1/3 and refusal of entry about 38 % of person alerts (2024); "
            "the split of the other 29 % is assumed",
        ),
        default_factory=lambda: {
            AlertType.RETURN: 0.33,
            AlertType.REFUSAL_OF_ENTRY: 0.38,
            AlertType.ARREST: 0.08,
            AlertType.MISSING_PERSON: 0.06,
            AlertType.JUDICIAL_PROCEDURE: 0.07,
            AlertType.DISCREET_CHECK: 0.08,
        },
    )
    group_alert_type_weights: dict[G, dict[AlertType, Weight]] = sourced(
        provenance=assumed("groups whose alerts are mostly about return"),
        default_factory=lambda: {
            G.IRREGULAR_CROSSER: {AlertType.RETURN: 0.7, AlertType.REFUSAL_OF_ENTRY: 0.3},
            G.OVERSTAYER: {AlertType.RETURN: 0.6, AlertType.REFUSAL_OF_ENTRY: 0.4},
            G.ASYLUM_APPLICANT: {
                AlertType.RETURN: 0.8,
                AlertType.MISSING_PERSON: 0.1,
                AlertType.REFUSAL_OF_ENTRY: 0.1,
            },
        },
    )
    review_years: dict[AlertType, Years] = sourced(
        provenance=cited(
            "eu-2018-1862",
            tag=Tag.RECALLED,
            note="review after 1 year for discreet and specific checks, 3 to 5 years for "
            "the others; the exact periods were not re-read",
        ),
        default_factory=lambda: {
            AlertType.REFUSAL_OF_ENTRY: 3.0,
            AlertType.RETURN: 3.0,
            AlertType.ARREST: 5.0,
            AlertType.MISSING_PERSON: 3.0,
            AlertType.JUDICIAL_PROCEDURE: 3.0,
            AlertType.DISCREET_CHECK: 1.0,
        },
    )
    extension_share: Probability = sourced(
        0.5, assumed("probability that an alert is extended at each review")
    )
    fingerprint_share: Probability = sourced(
        0.7, assumed("alerts carrying fingerprints ('where available')")
    )
    face_share: Probability = sourced(
        0.8, assumed("alerts carrying a facial image ('where available')")
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = Problems()
        problems.positive_sum(("alert_type_weights",), self.alert_type_weights)
        for group, weights in self.group_alert_type_weights.items():
            problems.positive_sum(("group_alert_type_weights", group.value), weights)
        _never_registered(problems, "alert_rate", self.alert_rate)
        problems.raise_if_any("SisConfig")
        return self


class EcrisConfig(StrictModel):
    """Convictions recorded in ECRIS-TCN."""

    conviction_rate: dict[G, Probability] = sourced(
        provenance=assumed(
            "share of each group convicted in a member state during the period; no "
            "ECRIS-TCN volumes were found"
        ),
        default_factory=lambda: per_group(
            {
                G.VISA_REQUIRED: 0.002,
                G.VISA_EXEMPT: 0.002,
                G.ASYLUM_APPLICANT: 0.02,
                G.IRREGULAR_CROSSER: 0.03,
                G.OVERSTAYER: 0.03,
            }
        ),
    )
    min_age: Age = sourced(
        14, assumed("youngest convicted age (criminal responsibility differs by state)")
    )
    offence_weights: dict[str, Weight] = sourced(
        provenance=assumed("offence categories and their weights"),
        default_factory=lambda: {
            "property": 0.30,
            "violence": 0.20,
            "drugs": 0.20,
            "immigration": 0.12,
            "fraud": 0.10,
            "traffic": 0.07,
            "terrorism": 0.01,
        },
    )
    custodial_share: Probability = sourced(0.4, assumed("share of custodial sentences"))
    sentence_months_mean: float = sourced(
        10.0, assumed("mean length of a custodial sentence in months"), gt=0.0, le=600.0
    )
    fingerprint_sentence_months: int = sourced(
        6,
        cited("eu-2019-816", note="Art. 5: fingerprints at least from a 6-month sentence"),
        ge=0,
        le=600,
    )
    fingerprint_share_short_sentence: Probability = sourced(
        0.3, assumed("shorter sentences with fingerprints taken under national law anyway")
    )
    face_share: Probability = sourced(
        0.8,
        assumed("facial image stored where national law allows", "netzpolitik-2018-ecris-tcn"),
    )
    serious_sentence_months: int = sourced(
        36,
        assumed(
            "sentence from which an offence counts as serious for the ECRIS-TCN flag (the "
            "regulation lists offences, not a length)",
            "eu-2019-816",
        ),
        ge=0,
        le=600,
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = Problems()
        problems.positive_sum(("offence_weights",), self.offence_weights)
        _never_registered(problems, "conviction_rate", self.conviction_rate)
        problems.raise_if_any("EcrisConfig")
        return self


# --- retention, noise, fraud, captures --------------------------------------------------


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


class NoiseConfig(StrictModel):
    """Identity-data corruption: rate = rates x system multiplier x group multiplier."""

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
        provenance=cited(
            "telegraph-2009-january-first",
            tag=Tag.SECONDARY,
            note="rates that replace rates x group multiplier: 'one in seven asylum seekers' "
            "had a 1 January birth date (UK 2007); irregular crossers assumed the same",
        ),
        default_factory=lambda: {
            G.ASYLUM_APPLICANT: {NoiseType.DEFAULT_BIRTH_DATE: 1 / 7},
            G.IRREGULAR_CROSSER: {NoiseType.DEFAULT_BIRTH_DATE: 1 / 7},
        },
    )


class FraudConfig(StrictModel):
    """Multiple identities: aliases and fraudulent use of another person's document."""

    alias_rate: dict[G, Probability] = sourced(
        provenance=assumed(
            "share of each group holding an alias identity; no prevalence figure for "
            "multiple identities was found"
        ),
        default_factory=lambda: per_group(
            {
                G.VISA_REQUIRED: 0.002,
                G.VISA_EXEMPT: 0.001,
                G.ASYLUM_APPLICANT: 0.05,
                G.IRREGULAR_CROSSER: 0.08,
                G.OVERSTAYER: 0.03,
            }
        ),
    )
    alias_use_share: Probability = sourced(
        0.5, assumed("share of an alias holder's records made under the alias")
    )
    alias_nationality_change_share: Probability = sourced(
        0.3, assumed("share of aliases claiming another nationality")
    )
    alias_forged_document_share: Probability = sourced(
        0.5, assumed("share of aliases backed by a forged document")
    )
    alias_birth_shift_years: int = sourced(
        5, assumed("largest shift of an alias birth date in years"), ge=0, le=30
    )
    fraudulent_document_rate: dict[G, Probability] = sourced(
        provenance=assumed(
            "share of each group travelling on another person's genuine document; the EES "
            "detected about 100 identity frauds in 13.3 M crossings",
            "dpa-2025-ees-on-schedule",
        ),
        default_factory=lambda: per_group(
            {
                G.VISA_REQUIRED: 0.001,
                G.VISA_EXEMPT: 0.0005,
                G.ASYLUM_APPLICANT: 0.005,
                G.IRREGULAR_CROSSER: 0.01,
                G.OVERSTAYER: 0.005,
            }
        ),
    )
    fraudulent_document_use_share: Probability = sourced(
        0.5, assumed("share of an impostor's travel records made with the borrowed document")
    )


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


# --- the scenario -----------------------------------------------------------------------


class Scenario(StrictModel):
    """A complete, validated scenario.

    ``replaced_tables`` lists the dotted paths (``*`` = any key) of the weight tables a
    scenario file replaces whole instead of merging into its base; a subclass that adds
    sections may extend it.
    """

    replaced_tables: ClassVar[tuple[str, ...]] = (
        "population.nationality_weights.*",
        "population.member_state_weights",
        "journeys.frontline_member_state_weights",
        "sis.alert_type_weights",
        "sis.group_alert_type_weights.*",
        "ecris.offence_weights",
    )

    name: str = sourced("default", method("a label of the scenario, not a parameter"))
    description: str = sourced(
        "A 2026-style world with documented default rates",
        method("a description of the scenario, not a parameter"),
    )
    world: WorldConfig = WorldConfig()
    population: PopulationConfig = PopulationConfig()
    journeys: JourneyConfig = JourneyConfig()
    sis: SisConfig = SisConfig()
    ecris: EcrisConfig = EcrisConfig()
    systems: SystemsConfig = SystemsConfig()
    retention: RetentionConfig = RetentionConfig()
    noise: NoiseConfig = NoiseConfig()
    fraud: FraudConfig = FraudConfig()
    captures: CaptureConfig = CaptureConfig()

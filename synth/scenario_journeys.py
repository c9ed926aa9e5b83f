"""What happens to people over the simulated period: journeys, alerts, convictions, fraud.

The ``journeys`` section (visas, trips, ETIAS, asylum, irregular arrivals), ``sis``
(alerts on persons), ``ecris`` (convictions) and ``fraud`` (aliases and borrowed
documents) of a scenario.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from pydantic import model_validator

from schemas.config import StrictModel
from schemas.provenance import Tag, assumed, cited, derived, sourced
from synth.groups import GROUPS, PopulationGroup
from synth.scenario_fields import (
    Age,
    MemberStateCode,
    Probability,
    Problems,
    Weight,
    Years,
    per_group,
)

__all__ = ["AlertType", "EcrisConfig", "FraudConfig", "JourneyConfig", "SisConfig"]

G = PopulationGroup


class AlertType(StrEnum):
    """SIS person alert types [@eu-2018-1860; @eu-2018-1861; @eu-2018-1862]."""

    REFUSAL_OF_ENTRY = "refusal_of_entry"  # Reg. 2018/1861 Art. 24
    RETURN = "return"  # Reg. 2018/1860
    ARREST = "arrest"  # Reg. 2018/1862 Art. 26
    MISSING_PERSON = "missing_person"  # Art. 32
    JUDICIAL_PROCEDURE = "judicial_procedure"  # Art. 34
    DISCREET_CHECK = "discreet_check"  # Art. 36


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


# --- fraud ------------------------------------------------------------------------------


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

"""The scenario: every parameter of a generated world, validated by pydantic.

Defaults describe a 2026-style world. Each default carries its provenance in a comment:
``domain.md §x.y [n]`` for a figure from the project's domain research, or
"assumption" for a value this project chose because no published figure exists (such a
value is a parameter precisely so that users can vary it). Loading TOML files, presets
and error messages live in :mod:`synth.scenario_load`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from schemas.systems import SYSTEMS, IdentityField, SystemKey, SystemSpec
from synth.corruption import NOISE_TYPES, NoiseType
from synth.groups import GROUP_BY_KEY, PopulationGroup
from synth.nationalities import NATIONALITY_BY_CODE

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
]

G = PopulationGroup
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Weight = Annotated[float, Field(ge=0.0)]
Years = Annotated[float, Field(gt=0.0, le=100.0)]
Age = Annotated[int, Field(ge=0, le=150)]

# The Schengen states (ISO 3166-1 alpha-2), the member states that run the systems.
MEMBER_STATES: tuple[str, ...] = (
    "AT", "BE", "BG", "CH", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IS",
    "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip


def _nationality_code(code: str) -> str:
    if code not in NATIONALITY_BY_CODE:
        raise ValueError(
            f"unknown nationality code (known codes: {', '.join(sorted(NATIONALITY_BY_CODE))})"
        )
    return code


def _member_state_code(code: str) -> str:
    if code not in MEMBER_STATES:
        raise ValueError(f"not a Schengen member state (allowed: {', '.join(MEMBER_STATES)})")
    return code


NationalityCode = Annotated[str, AfterValidator(_nationality_code)]
MemberStateCode = Annotated[str, AfterValidator(_member_state_code)]


class AlertType(StrEnum):
    """SIS person alert types (domain.md §1.5)."""

    REFUSAL_OF_ENTRY = "refusal_of_entry"  # Reg. 2018/1861 Art. 24
    RETURN = "return"  # Reg. 2018/1860
    ARREST = "arrest"  # Reg. 2018/1862 Art. 26
    MISSING_PERSON = "missing_person"  # Art. 32
    JUDICIAL_PROCEDURE = "judicial_procedure"  # Art. 34
    DISCREET_CHECK = "discreet_check"  # Art. 36


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


def _per_group(values: dict[G, float]) -> dict[G, float]:
    return {g: values.get(g, 0.0) for g in G}


class WorldConfig(_Model):
    """Size and time span of the world."""

    # DESIGN.md "Scale": the default scenario has 100,000 persons.
    persons: int = Field(100_000, ge=1, le=50_000_000)
    # assumption: a 2026-style world, after EES full operation (10 April 2026,
    # domain.md §1.3 [18]).
    as_of: dt.date = dt.date(2026, 6, 30)
    # assumption: five and a half simulated years, long enough for retention to bite.
    period_start: dt.date = dt.date(2021, 1, 1)


class AgeSpec(_Model):
    """Age in years of a family's first adult at the as-of date (normal, folded into range)."""

    mean: float = Field(ge=18.0, le=90.0)
    sd: float = Field(ge=0.0, le=40.0)


def _default_head_age() -> dict[G, AgeSpec]:
    # assumption (no published age profile per group in domain.md); asylum and irregular
    # arrivals younger than travellers.
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


def _default_nationality_weights() -> dict[G, dict[str, float]]:
    # assumption: relative weights, not published shares. Asylum/irregular lists follow the
    # nationalities named among Germany's 1 January birth dates (domain.md §3.7 [43]).
    # Codes absent from synth.nationalities are dropped at resolution; a group left
    # without weights draws uniformly over its eligible nationalities.
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
    out: dict[G, dict[str, float]] = {}
    for group, weights in wanted.items():
        spec = GROUP_BY_KEY[group]
        out[group] = {
            code: weight
            for code, weight in weights.items()
            if code in NATIONALITY_BY_CODE
            and spec.eligible(
                NATIONALITY_BY_CODE[code].visa_required, NATIONALITY_BY_CODE[code].member_state
            )
        }
    return out


def _default_member_states() -> dict[str, float]:
    # assumption: relative weights of the member state that creates a record; domain.md
    # §1.4 [22b] gives only that DE, IT, FR, AT and ES send 67 % of Eurodac transactions.
    return {"DE": 18, "FR": 15, "IT": 12, "ES": 11, "AT": 6, "NL": 6, "BE": 5, "GR": 5,
            "PL": 4, "PT": 3, "SE": 3, "CH": 3, "CZ": 2, "HU": 2, "DK": 1, "FI": 1, "NO": 1,
            "RO": 1, "BG": 1, "HR": 1, "SI": 1, "SK": 1, "LT": 1, "LV": 1, "EE": 1, "LU": 1,
            "MT": 1, "IS": 0.5, "LI": 0.2}  # fmt: skip


class PopulationConfig(_Model):
    """Who lives in the world: groups, nationalities, ages, families, documents."""

    # assumption, not a published figure; the ordering follows the annual volumes of
    # domain.md §1.1: visa-exempt travellers 39 M/yr [20] > Schengen visa applications
    # 11.7 M (2024) [15] > Eurodac ~7 M data sets stored (2023) [22b].
    group_shares: dict[G, Weight] = Field(
        default_factory=lambda: {
            G.VISA_REQUIRED: 0.25,
            G.VISA_EXEMPT: 0.33,
            G.ASYLUM_APPLICANT: 0.10,
            G.IRREGULAR_CROSSER: 0.06,
            G.OVERSTAYER: 0.03,
            G.EU_RESIDENT: 0.18,
            G.UNREGISTERED: 0.05,
        }
    )
    # Per group: nationality code -> relative weight (see _default_nationality_weights).
    nationality_weights: dict[G, dict[NationalityCode, Weight]] = Field(
        default_factory=_default_nationality_weights
    )
    # assumption: share of men among first adults (no per-group figure in domain.md).
    male_share: dict[G, Probability] = Field(
        default_factory=lambda: _per_group(
            {
                G.VISA_REQUIRED: 0.5,
                G.VISA_EXEMPT: 0.5,
                G.ASYLUM_APPLICANT: 0.65,
                G.IRREGULAR_CROSSER: 0.75,
                G.OVERSTAYER: 0.55,
                G.EU_RESIDENT: 0.5,
                G.UNREGISTERED: 0.5,
            }
        )
    )
    head_age: dict[G, AgeSpec] = Field(default_factory=_default_head_age)
    # assumption: weights of family (travel party) sizes 1, 2, 3, ... Relatives share
    # their family's surname, nationality, group and journeys.
    family_size_weights: list[Weight] = Field(
        default_factory=lambda: [0.55, 0.15, 0.12, 0.10, 0.05, 0.03], min_length=1
    )
    # assumption: share of persons with a second given name.
    second_given_name_share: Probability = 0.25
    # assumption: share of persons with a persistent look-alike of the same sex, age band
    # and region (correlated faces, domain.md §3.6; no prevalence figure found).
    lookalike_share: Probability = 0.02
    # Share of persons holding a travel document. Asylum: 49 % of adult applicants in
    # Germany presented no identity document in 2019 (domain.md §3.7 [43]); travellers
    # need one to travel; irregular crossers' share is an assumption.
    document_share: dict[G, Probability] = Field(
        default_factory=lambda: _per_group(
            {
                G.VISA_REQUIRED: 1.0,
                G.VISA_EXEMPT: 1.0,
                G.ASYLUM_APPLICANT: 0.51,
                G.IRREGULAR_CROSSER: 0.40,
                G.OVERSTAYER: 1.0,
                G.EU_RESIDENT: 1.0,
                G.UNREGISTERED: 0.6,
            }
        )
    )
    # assumption: passport validity (renewed passports get new numbers).
    passport_validity_years: Years = 10.0
    member_state_weights: dict[MemberStateCode, Weight] = Field(
        default_factory=_default_member_states
    )
    # assumption: share of a person's records made in their family's main member state.
    home_member_state_share: Probability = 0.8


class JourneyConfig(_Model):
    """What people do over the simulated period (all rates per person unless stated)."""

    # assumption: Poisson mean of visa re-applications per visa-required traveller.
    vis_reapplication_mean: float = Field(1.0, ge=0.0, le=20.0)
    # domain.md §1.2 [15]: refusal rate 14.8 % of Schengen visa applications (2024).
    vis_refusal_rate: Probability = 0.148
    # assumption: share of long-stay (national) visas, in VIS since the 2021 recast (§1.1).
    vis_long_stay_share: Probability = 0.05
    # assumption: days from application to decision, and validity of a short-stay visa.
    vis_decision_days: int = Field(15, ge=0, le=365)
    visa_validity_days: int = Field(180, ge=1, le=3650)
    # assumption: Poisson mean of trips per traveller per year.
    trips_per_year: float = Field(1.0, ge=0.0, le=50.0)
    # assumption: length of a short stay in days (authorised stay is 90 in 180, §1.1).
    stay_days_min: int = Field(2, ge=1, le=90)
    stay_days_max: int = Field(60, ge=1, le=90)
    # domain.md §1.3 [18c] [E]: > 30,000 refusals of entry in > 66 M crossings ~ 0.045 %.
    entry_refusal_rate: Probability = 0.00045
    # assumption: ETIAS refusals (1-2 % of applications go to national units, §1.6 [35c]).
    etias_refusal_rate: Probability = 0.01
    # domain.md §1.6 [35]: an authorisation is valid 3 years.
    etias_validity_years: Years = 3.0
    # assumption: asylum applicants first recorded with a visa / as irregular crossers.
    asylum_prior_visa_share: Probability = 0.10
    asylum_prior_irregular_share: Probability = 0.50
    # assumption: applicants who apply again in another member state (secondary movement).
    asylum_secondary_share: Probability = 0.15
    # assumption: irregular crossers later found staying illegally in another member state.
    irregular_illegal_stay_share: Probability = 0.30
    # assumption: overstayers later apprehended and recorded in Eurodac (illegal stay).
    overstayer_apprehended_share: Probability = 0.30
    # assumption: member states of first irregular arrival.
    frontline_member_state_weights: dict[MemberStateCode, Weight] = Field(
        default_factory=lambda: {
            "IT": 35.0,
            "GR": 25.0,
            "ES": 25.0,
            "MT": 5.0,
            "HR": 5.0,
            "BG": 5.0,
        }
    )


def _default_alert_types() -> dict[AlertType, float]:
    # domain.md §1.5 [17b]: return alerts ~1/3 and refusal of entry ~38 % of person alerts
    # (2024); the split of the remaining 29 % is an assumption.
    return {
        AlertType.RETURN: 0.33,
        AlertType.REFUSAL_OF_ENTRY: 0.38,
        AlertType.ARREST: 0.08,
        AlertType.MISSING_PERSON: 0.06,
        AlertType.JUDICIAL_PROCEDURE: 0.07,
        AlertType.DISCREET_CHECK: 0.08,
    }


class SisConfig(_Model):
    """Alerts on persons in SIS."""

    # assumption: share of each group with a person alert (SIS held ~1.7 M person alerts
    # in 2024, domain.md §1.5 [17b], concentrated on return and refusal of entry).
    alert_rate: dict[G, Probability] = Field(
        default_factory=lambda: _per_group(
            {
                G.VISA_REQUIRED: 0.005,
                G.VISA_EXEMPT: 0.003,
                G.ASYLUM_APPLICANT: 0.10,
                G.IRREGULAR_CROSSER: 0.25,
                G.OVERSTAYER: 0.40,
            }
        )
    )
    alert_type_weights: dict[AlertType, Weight] = Field(default_factory=_default_alert_types)
    # assumption: groups whose alerts are mostly about return.
    group_alert_type_weights: dict[G, dict[AlertType, Weight]] = Field(
        default_factory=lambda: {
            G.IRREGULAR_CROSSER: {AlertType.RETURN: 0.7, AlertType.REFUSAL_OF_ENTRY: 0.3},
            G.OVERSTAYER: {AlertType.RETURN: 0.6, AlertType.REFUSAL_OF_ENTRY: 0.4},
            G.ASYLUM_APPLICANT: {
                AlertType.RETURN: 0.8,
                AlertType.MISSING_PERSON: 0.1,
                AlertType.REFUSAL_OF_ENTRY: 0.1,
            },
        }
    )
    # domain.md §1.5 (R): review after 1 year for discreet/specific checks, 3-5 years
    # for the others (exact periods to verify, §7 gap 7).
    review_years: dict[AlertType, Years] = Field(
        default_factory=lambda: {
            AlertType.REFUSAL_OF_ENTRY: 3.0,
            AlertType.RETURN: 3.0,
            AlertType.ARREST: 5.0,
            AlertType.MISSING_PERSON: 3.0,
            AlertType.JUDICIAL_PROCEDURE: 3.0,
            AlertType.DISCREET_CHECK: 1.0,
        }
    )
    # assumption: probability that an alert is extended at each review.
    extension_share: Probability = 0.5
    # assumption: alerts carrying fingerprints / a facial image ("where available").
    fingerprint_share: Probability = 0.7
    face_share: Probability = 0.8


class EcrisConfig(_Model):
    """Convictions recorded in ECRIS-TCN."""

    # assumption: share of each group convicted in a member state during the period
    # (no ECRIS-TCN volumes found, domain.md §1.7).
    conviction_rate: dict[G, Probability] = Field(
        default_factory=lambda: _per_group(
            {
                G.VISA_REQUIRED: 0.002,
                G.VISA_EXEMPT: 0.002,
                G.ASYLUM_APPLICANT: 0.02,
                G.IRREGULAR_CROSSER: 0.03,
                G.OVERSTAYER: 0.03,
            }
        )
    )
    # assumption: youngest convicted age (criminal responsibility differs by state).
    min_age: Age = 14
    # assumption: offence categories and their weights.
    offence_weights: dict[str, Weight] = Field(
        default_factory=lambda: {
            "property": 0.30,
            "violence": 0.20,
            "drugs": 0.20,
            "immigration": 0.12,
            "fraud": 0.10,
            "traffic": 0.07,
            "terrorism": 0.01,
        }
    )
    # assumption: share of custodial sentences and their mean length in months.
    custodial_share: Probability = 0.4
    sentence_months_mean: float = Field(10.0, gt=0.0, le=600.0)
    # domain.md §1.7 [38]: fingerprints at least when the sentence is >= 6 months.
    fingerprint_sentence_months: int = Field(6, ge=0, le=600)
    # assumption: shorter sentences with fingerprints taken under national law anyway.
    fingerprint_share_short_sentence: Probability = 0.3
    # assumption: facial image stored "if national law allows" (domain.md §1.7 [38b]).
    face_share: Probability = 0.8
    # assumption: sentence (months) from which a non-terrorist offence counts as serious
    # for the ECRIS-TCN flag (domain.md §1.7 [38] lists the offences, not a length).
    serious_sentence_months: int = Field(36, ge=0, le=600)


class SystemConfig(_Model):
    """Per-system overrides of schemas.systems: biometric age thresholds and more."""

    fingerprints: bool
    fingerprint_min_age: Age
    fingerprint_max_age: Age  # 150 = no upper bound
    face: bool
    face_min_age: Age
    face_max_age: Age
    identity_fields: list[IdentityField]
    # assumption: every system operates over the whole period (a steady-state world); the
    # real starts were EES 12 Oct 2025 (§1.3 [18]) and ETIAS Q4 2026 (§1.6 [35]).
    operational_from: dt.date | None = None
    # assumption: share of records registered twice in the same system.
    duplicate_rate: Probability = 0.005

    @classmethod
    def from_spec(cls, spec: SystemSpec, duplicate_rate: float = 0.005) -> SystemConfig:
        """The defaults of ``spec`` (schemas.systems, sources there)."""
        fp, face = spec.fingerprints, spec.face
        return cls(
            fingerprints=fp is not None,
            fingerprint_min_age=fp.min_age if fp else 0,
            fingerprint_max_age=(fp.max_age if fp and fp.max_age is not None else 150),
            face=face is not None,
            face_min_age=face.min_age if face else 0,
            face_max_age=(face.max_age if face and face.max_age is not None else 150),
            identity_fields=sorted(spec.identity_fields),
            duplicate_rate=duplicate_rate,
        )


_SPEC = {s.key: s for s in SYSTEMS}


def _system_default(key: SystemKey, duplicate_rate: float) -> SystemConfig:
    return SystemConfig.from_spec(_SPEC[key], duplicate_rate)


class SystemsConfig(_Model):
    """One :class:`SystemConfig` per modelled system (defaults from schemas.systems)."""

    VIS: SystemConfig = Field(default_factory=lambda: _system_default(SystemKey.VIS, 0.005))
    EES: SystemConfig = Field(default_factory=lambda: _system_default(SystemKey.EES, 0.005))
    EURODAC: SystemConfig = Field(default_factory=lambda: _system_default(SystemKey.EURODAC, 0.01))
    SIS: SystemConfig = Field(default_factory=lambda: _system_default(SystemKey.SIS, 0.002))
    ETIAS: SystemConfig = Field(default_factory=lambda: _system_default(SystemKey.ETIAS, 0.01))
    ECRIS: SystemConfig = Field(default_factory=lambda: _system_default(SystemKey.ECRIS, 0.002))

    def of(self, key: SystemKey) -> SystemConfig:
        """The configuration of system ``key``."""
        config: SystemConfig = getattr(self, key.value)
        return config


class RetentionConfig(_Model):
    """Retention periods in years (records past them at the as-of date are deleted)."""

    # domain.md §1.2 [6] VIS Reg Art. 23: at most 5 years from visa expiry or refusal.
    vis_years: Years = 5.0
    # domain.md §1.3 [3] EES Art. 34: records 3 years after exit/refusal; the file 3 years
    # and 1 day after the last exit; 5 years after the end of stay for overstayers.
    ees_record_years: Years = 3.0
    ees_overstayer_years: Years = 5.0
    # domain.md §1.4 [21b] Eurodac 2024 Art. 29: applicants 10 y; irregular crossing and
    # illegal stay 5 y (the 2013 rule kept irregular crossers 18 months, [22]).
    eurodac_applicant_years: Years = 10.0
    eurodac_irregular_years: Years = 5.0
    eurodac_illegal_stay_years: Years = 5.0
    # domain.md §1.6 (R) ETIAS Art. 54: 5 years after a refusal (valid authorisations are
    # kept for their validity, journeys.etias_validity_years).
    etias_refused_years: Years = 5.0
    # assumption (schemas.systems): ECRIS-TCN keeps data as long as the national record.
    ecris_years: Years = 10.0


def _default_noise_rates() -> dict[NoiseType, float]:
    # Per-record rates and their sources are declared by synth.corruption.NOISE_TYPES.
    return {spec.key: spec.default_rate for spec in NOISE_TYPES}


class NoiseConfig(_Model):
    """Identity-data corruption: rate = rates x system multiplier x group multiplier."""

    rates: dict[NoiseType, Probability] = Field(default_factory=_default_noise_rates)
    # assumption: no system records worse than another by default.
    system_multiplier: dict[SystemKey, Weight] = Field(
        default_factory=lambda: dict.fromkeys(SystemKey, 1.0)
    )
    # assumption: data of irregular arrivals and asylum applicants are degraded most
    # (domain.md §3.7, §0 point 5); no published multiplier.
    group_multiplier: dict[G, Weight] = Field(
        default_factory=lambda: {
            G.VISA_REQUIRED: 1.0,
            G.VISA_EXEMPT: 0.8,
            G.ASYLUM_APPLICANT: 1.5,
            G.IRREGULAR_CROSSER: 2.0,
            G.OVERSTAYER: 1.2,
            G.EU_RESIDENT: 1.0,
            G.UNREGISTERED: 1.0,
        }
    )
    # Per group and noise type, a rate that replaces rates x group multiplier (the system
    # multiplier still applies). domain.md §3.7 [43d]: "one in seven asylum seekers" had a
    # 1 January birth date (UK 2007); irregular crossers: assumption, same share.
    group_rates: dict[G, dict[NoiseType, Probability]] = Field(
        default_factory=lambda: {
            G.ASYLUM_APPLICANT: {NoiseType.DEFAULT_BIRTH_DATE: 1 / 7},
            G.IRREGULAR_CROSSER: {NoiseType.DEFAULT_BIRTH_DATE: 1 / 7},
        }
    )


class FraudConfig(_Model):
    """Multiple identities: aliases and fraudulent use of another person's document."""

    # assumption: share of each group holding an alias identity (no prevalence figure
    # for multiple identities was found, domain.md §7 gap 3).
    alias_rate: dict[G, Probability] = Field(
        default_factory=lambda: _per_group(
            {
                G.VISA_REQUIRED: 0.002,
                G.VISA_EXEMPT: 0.001,
                G.ASYLUM_APPLICANT: 0.05,
                G.IRREGULAR_CROSSER: 0.08,
                G.OVERSTAYER: 0.03,
            }
        )
    )
    # assumption: share of an alias holder's records made under the alias.
    alias_use_share: Probability = 0.5
    # assumption: the alias claims another nationality; the alias is backed by a forged
    # document; the alias birth date differs by up to this many years.
    alias_nationality_change_share: Probability = 0.3
    alias_forged_document_share: Probability = 0.5
    alias_birth_shift_years: int = Field(5, ge=0, le=30)
    # assumption: share of each group travelling on a genuine document of another person
    # (an impostor; EES detected ~100 identity frauds in 13.3 M crossings, §1.3 [18]).
    fraudulent_document_rate: dict[G, Probability] = Field(
        default_factory=lambda: _per_group(
            {
                G.VISA_REQUIRED: 0.001,
                G.VISA_EXEMPT: 0.0005,
                G.ASYLUM_APPLICANT: 0.005,
                G.IRREGULAR_CROSSER: 0.01,
                G.OVERSTAYER: 0.005,
            }
        )
    )
    # assumption: share of an impostor's travel records made with the borrowed document.
    fraudulent_document_use_share: Probability = 0.5


class FailureRates(_Model):
    """Failure-to-capture probability by age class."""

    child: Probability
    adult: Probability
    elderly: Probability


class QualityByAge(_Model):
    """Mean NFIQ2-like quality (0-100) by age class."""

    child: float = Field(ge=0.0, le=100.0)
    adult: float = Field(ge=0.0, le=100.0)
    elderly: float = Field(ge=0.0, le=100.0)


class CaptureConfig(_Model):
    """Biometric capture model (no images: quality, failure, template identity)."""

    # assumption: age classes; JRC studied children 6-12 and elderly 65-98 (§3.5 [45][45c]).
    child_max_age: Age = 11
    elderly_min_age: Age = 65
    # assumption: failure to capture, higher for children and elderly (domain.md §3.5:
    # image quality is the main problem for children [45]; VIS 2013 had 25.4 % of
    # applications without fingerprints [16], partly the roll-out).
    fingerprint_failure: FailureRates = FailureRates(child=0.05, adult=0.01, elderly=0.05)
    face_failure: FailureRates = FailureRates(child=0.01, adult=0.002, elderly=0.01)
    # assumption: NFIQ2-like quality (EU systems use NFIQ 2.0, §3.2 [4]); no published
    # distribution for these systems.
    fingerprint_quality: QualityByAge = QualityByAge(child=45.0, adult=62.0, elderly=48.0)
    face_quality: QualityByAge = QualityByAge(child=55.0, adult=70.0, elderly=60.0)
    quality_sd: float = Field(14.0, ge=0.0, le=50.0)
    # assumption: quality lost when capturing in field conditions (irregular arrivals).
    field_quality_shift: float = Field(-8.0, ge=-100.0, le=100.0)
    # domain.md §1.2 [8] Visa Code Art. 13(3): VIS fingerprints are copied to a new
    # application if first entered less than 59 months earlier.
    vis_fingerprint_reuse_months: int = Field(59, ge=0, le=600)


class Scenario(_Model):
    """A complete, validated scenario."""

    name: str = "default"
    description: str = "A 2026-style world with documented default rates"
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

"""The ``population`` section of a scenario: who lives in the world.

Groups and their sizes, nationalities (each group draws from the nationalities it is
eligible for), the age and sex of a family's first adult, family sizes, names, look-alikes,
travel documents and the member states people mostly deal with.
"""

from __future__ import annotations

from typing import Self

from pydantic import Field, field_validator, model_validator

from schemas.config import StrictModel
from schemas.provenance import Provenance, assumed, calibrated, derived, sourced
from synth.groups import GROUP_BY_KEY, GROUPS, Eligibility, PopulationGroup
from synth.nationalities import NATIONALITIES
from synth.scenario_fields import (
    MemberStateCode,
    NationalityCode,
    Probability,
    Problems,
    Weight,
    Years,
    per_group,
)

__all__ = [
    "NATIONALITY_SOURCES",
    "AgeSpec",
    "BirthDateConfig",
    "PopulationConfig",
    "eligible_nationalities",
]

G = PopulationGroup


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


class BirthDateConfig(StrictModel):
    """Default birth dates (1 January, or the year alone) as a property of how a person
    was first registered, decided once and carried by every later record of the person.

    Two routes: a person registered as an asylum applicant or irregular crosser without a
    credible identity document (``population.document_share``) whose birth day nobody
    knows; and older cohorts of nationalities whose civil registries kept only the year.
    """

    undocumented_default_share: Probability = sourced(
        0.327,
        derived(
            "bamf-2020-january-first",
            "bundestag-2020-foreign-population",
            note="16 % of Syrian nationals in Germany (123,000 of about 770,000) were "
            "registered with 1 January, divided by the 49 % of asylum applicants without an "
            "identity document: the share of undocumented registrations that get a default "
            "date, reading the Syrians in Germany as protection seekers",
            plausible=(0.16, 0.6),
        ),
    )
    registry_default_share: dict[NationalityCode, Probability] = sourced(
        provenance=calibrated(
            "bamf-2020-january-first",
            "bundestag-2020-foreign-population",
            note="Turkey: 85,000 of about 1.47 million Turkish nationals in Germany (5.8 %) "
            "had 1 January; the share of the cohorts born before registry_cohort_before "
            "that makes the Turkish nationals of the default world reach 5.8 % "
            "(synth.calibration.registry_default_share); no other nationality's stock was "
            "read",
            plausible=(0.2, 0.8),
        ),
        default_factory=lambda: {"TUR": 0.355},
    )
    registry_cohort_before: int = sourced(
        1970,
        assumed(
            "civil registries that kept only the birth year are a trait of older cohorts; "
            "the year before which the registry route applies",
            "bamf-2020-january-first",
            plausible=(1950, 1985),
        ),
        ge=1900,
        le=2030,
    )
    year_only_share: Probability = sourced(
        0.1,
        assumed(
            "share of the default dates kept as the year alone (the other records write "
            "1 January, as German authorities do for an uncertain birth date)",
            "bamf-2020-january-first",
            plausible=(0.0, 0.3),
        ),
    )


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


#: Published counts behind the default nationality mixes (thousands; see NATIONALITY_SOURCES).
ASYLUM_2024: dict[str, float] = {
    # Eurostat, first-time applicants 2024 (ranks 1-3)
    "SYR": 148.0, "VEN": 72.8, "AFG": 72.2,
    # EUAA, all applications in the EU+ 2024 (ranks 4-10)
    "TUR": 56.0, "COL": 52.0, "BGD": 43.0, "PER": 27.0, "UKR": 27.0, "EGY": 25.0, "MAR": 25.0,
}  # fmt: skip
ASYLUM_2024_TOTAL = 912.0  # Eurostat: first-time applicants in 2024 (thousands)
VISA_2024: dict[str, float] = {
    # DG HOME, Schengen visa applications 2024 by country of the consulate (thousands)
    "CHN": 1779.255, "TUR": 1173.917, "IND": 1102.014, "MAR": 600.0, "RUS": 600.0,
    "DZA": 540.0, "SAU": 500.0,
}  # fmt: skip
VISA_2024_TOTAL = 11_700.0
#: Frontex 2024: the nationalities named first overall (Syria, Mali, Ukraine) and on the
#: Central Mediterranean (Bangladesh, Syria, Tunisia), Western Balkan (Syria, Afghanistan,
#: Türkiye) and Eastern land routes (Ukraine, Somalia, Syria): weight = times named, the
#: overall top three counted twice (counts per nationality were not read).
IRREGULAR_2024: dict[str, float] = {
    "SYR": 5.0, "MLI": 2.0, "UKR": 3.0, "BGD": 1.0, "TUN": 1.0, "AFG": 1.0, "TUR": 1.0,
    "SOM": 1.0,
}  # fmt: skip
#: Share of the irregular crossings left to nationalities Frontex did not name (assumed).
IRREGULAR_OTHERS = 0.3


def _with_others(group: G, named: dict[str, float], others_share: float) -> dict[str, float]:
    """``named`` weights, plus ``others_share`` of the total spread evenly over the group's
    other eligible visa-required nationalities (the countries people flee or leave
    irregularly are visa-required ones; no figure says which)."""
    visa = {n.code for n in NATIONALITIES if n.visa_required}
    rest = [c for c in eligible_nationalities(group) if c not in named and c in visa]
    total = sum(named.values())
    each = total * others_share / (1.0 - others_share) / len(rest) if rest else 0.0
    return {**named, **dict.fromkeys(rest, round(each, 3))}


def _default_nationality_weights() -> dict[G, dict[str, float]]:
    """Relative weights per group (published flows where found, see NATIONALITY_SOURCES);
    a group without weights draws uniformly from its eligible nationalities."""
    asylum_rest = 1.0 - sum(ASYLUM_2024.values()) / ASYLUM_2024_TOTAL
    visa_rest = 1.0 - sum(VISA_2024.values()) / VISA_2024_TOTAL
    wanted: dict[G, dict[str, float]] = {
        G.VISA_REQUIRED: _with_others(G.VISA_REQUIRED, VISA_2024, visa_rest),
        G.VISA_EXEMPT: {"USA": 10, "GBR": 10, "UKR": 6, "BRA": 4, "MEX": 2, "COL": 2,
                        "ALB": 2, "GEO": 2, "VEN": 1, "PER": 1},
        G.ASYLUM_APPLICANT: _with_others(G.ASYLUM_APPLICANT, ASYLUM_2024, asylum_rest),
        G.IRREGULAR_CROSSER: _with_others(G.IRREGULAR_CROSSER, IRREGULAR_2024, IRREGULAR_OTHERS),
        G.OVERSTAYER: {"UKR": 4, "MAR": 3, "ALB": 3, "GEO": 2, "TUR": 2, "DZA": 2, "BRA": 2,
                       "COL": 2, "IND": 2, "CHN": 1, "NGA": 1, "RUS": 1},
        G.EU_RESIDENT: {"DEU": 10, "FRA": 8, "ITA": 7, "ESP": 6, "POL": 5, "ROU": 3, "BGR": 1},
        G.UNREGISTERED: {},
    }  # fmt: skip
    kept: dict[G, dict[str, float]] = {}
    for group, weights in wanted.items():
        allowed = set(eligible_nationalities(group))
        kept[group] = {code: w for code, w in weights.items() if code in allowed}
    return _uniform_where_empty(kept)


#: Where each group's default nationality mix comes from.
NATIONALITY_SOURCES: dict[G, Provenance] = {
    G.ASYLUM_APPLICANT: calibrated(
        "eurostat-2025-asylum-2024",
        "euaa-2025-asylum-report",
        note="first-time applicants 2024: Syria 148,000, Venezuela 72,800, Afghanistan "
        "72,200 (Eurostat); Türkiye 56,000, Colombia 52,000, Bangladesh 43,000, Peru, "
        "Ukraine 27,000, Egypt, Morocco 25,000 (EUAA, all applications); the other 40 % of "
        "the 912,000 spread evenly over the other modelled visa-required nationalities "
        "(assumed)",
    ),
    G.VISA_REQUIRED: calibrated(
        "dghome-2025-visa-statistics-by-country",
        note="Schengen visa applications 2024 by country of the consulate, read as the "
        "applicants' nationality (an assumption): China 1.78 M, Türkiye 1.17 M, India 1.10 M, "
        "Morocco and Russia about 0.6 M, Algeria 0.54 M, Saudi Arabia 0.5 M of 11.7 M; the "
        "other 46 % spread evenly over the other modelled visa-required nationalities "
        "(assumed)",
    ),
    G.IRREGULAR_CROSSER: assumed(
        "weights from the ranking of nationalities Frontex names for 2024 (overall and per "
        "route; counts not read): times named, the overall top three twice; 30 % left to "
        "the other modelled nationalities",
        "frontex-2025-irregular-crossings-2024",
        plausible=(0.1, 0.5),
    ),
    G.VISA_EXEMPT: assumed(
        "no nationality mix of visa-exempt travellers was found; weights of this project "
        "(the ETIAS proposal gives only the volume)",
        "com-2016-731-etias-proposal",
    ),
    G.OVERSTAYER: assumed(
        "overstays by nationality are not published; weights of this project",
        "press-2025-ees-early-data",
    ),
    G.EU_RESIDENT: assumed("relative weights of the modelled EU nationalities"),
    G.UNREGISTERED: assumed("uniform over the eligible third-country nationalities"),
}


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
        provenance=calibrated(
            "eurostat-2025-asylum-2024",
            "euaa-2025-asylum-report",
            "dghome-2025-visa-statistics-by-country",
            "frontex-2025-irregular-crossings-2024",
            note="asylum applicants: first-time applications 2024 (Eurostat, EUAA); "
            "visa-required travellers: visa applications 2024 by consulate country (DG "
            "HOME); irregular crossers: weights from Frontex's 2024 ranking (assumed "
            "weights); visa-exempt travellers, overstayers, EU residents: assumptions (no "
            "mix published); the rest of each published flow spread evenly over the other "
            "modelled nationalities; per group: synth.scenario_population.NATIONALITY_SOURCES",
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
        0.0095,
        derived(
            "smits-monden-2011-twinning",
            note="share of persons with a persistent look-alike of the same sex, age band and "
            "region, bounded by identical twins: a person is a twin with probability "
            "2t / (1 + t) for t twin births per birth (6-9 per 1,000 in South and South-East "
            "Asia and Latin America, above 18 in most of Central Africa); with t = 12 per "
            "1,000 and an assumed 40 % of twin pairs identical (a third to a half; no "
            "figure read) 2 x 0.012 / 1.012 x 0.4 = 0.95 %; the range spans t = 6 with a "
            "third identical to t = 18 with half",
            plausible=(0.004, 0.018),
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
    birth_dates: BirthDateConfig = BirthDateConfig()
    passport_validity_years: Years = sourced(
        10.0,
        assumed("passport validity (a renewed passport has a new number)"),
        ge=1.0,  # a person holds one passport per validity period: at least a year each
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

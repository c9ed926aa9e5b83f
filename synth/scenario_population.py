"""The ``population`` section of a scenario: who lives in the world.

Groups and their sizes, nationalities (each group draws from the nationalities it is
eligible for), the age and sex of a family's first adult, family sizes, names, look-alikes,
travel documents and the member states people mostly deal with.
"""

from __future__ import annotations

from typing import Self

from pydantic import Field, field_validator, model_validator

from schemas.config import StrictModel
from schemas.provenance import assumed, derived, sourced
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

__all__ = ["AgeSpec", "PopulationConfig", "eligible_nationalities"]

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
    kept: dict[G, dict[str, float]] = {}
    for group, weights in wanted.items():
        allowed = set(eligible_nationalities(group))
        kept[group] = {code: w for code, w in weights.items() if code in allowed}
    return _uniform_where_empty(kept)


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

"""The population groups of a world, declared once.

A group says who a person is towards the modelled systems (a visa-required traveller,
an asylum applicant, an EU resident who is never registered, ...): which nationalities
it draws from and whether its members meet any system at all. Generators, the scenario
schema, reports and tests iterate over :data:`GROUPS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

__all__ = [
    "GROUPS",
    "GROUP_BY_KEY",
    "Eligibility",
    "GroupSpec",
    "PopulationGroup",
    "group_array",
]


class PopulationGroup(StrEnum):
    """Keys of the population groups (also the ``persons.population_group`` values)."""

    VISA_REQUIRED = "visa_required"
    VISA_EXEMPT = "visa_exempt"
    ASYLUM_APPLICANT = "asylum_applicant"
    IRREGULAR_CROSSER = "irregular_crosser"
    OVERSTAYER = "overstayer"
    EU_RESIDENT = "eu_resident"
    UNREGISTERED = "unregistered_other"


class Eligibility(StrEnum):
    """Which nationalities a group may draw from."""

    VISA_REQUIRED = "visa_required"  # third-country nationals needing a Schengen visa
    VISA_EXEMPT = "visa_exempt"  # third-country nationals without a visa requirement
    THIRD_COUNTRY = "third_country"  # any non-EU/Schengen nationality
    MEMBER_STATE = "member_state"  # EU/Schengen nationals


@dataclass(frozen=True)
class GroupSpec:
    """One population group."""

    key: PopulationGroup
    description: str
    eligibility: Eligibility
    registered: bool  # False: never recorded in any system (searched for later)
    code: int  # small integer used in vectorised arrays (stable, never reused)

    def eligible(self, visa_required: bool, member_state: bool) -> bool:
        """True when a nationality with these flags may belong to this group."""
        if self.eligibility is Eligibility.MEMBER_STATE:
            return member_state
        if member_state:
            return False
        if self.eligibility is Eligibility.VISA_REQUIRED:
            return visa_required
        if self.eligibility is Eligibility.VISA_EXEMPT:
            return not visa_required
        return True


_G = PopulationGroup
GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec(
        _G.VISA_REQUIRED,
        "Visa-required short-stay travellers: VIS applications and re-applications, EES files",
        Eligibility.VISA_REQUIRED,
        True,
        0,
    ),
    GroupSpec(
        _G.VISA_EXEMPT,
        "Visa-exempt short-stay travellers: ETIAS applications, EES files with fingerprints",
        Eligibility.VISA_EXEMPT,
        True,
        1,
    ),
    GroupSpec(
        _G.ASYLUM_APPLICANT,
        "Applicants for international protection: Eurodac applicant records, some earlier "
        "visas or irregular crossings, some secondary applications",
        Eligibility.THIRD_COUNTRY,
        True,
        2,
    ),
    GroupSpec(
        _G.IRREGULAR_CROSSER,
        "Persons apprehended crossing the external border irregularly: Eurodac records",
        Eligibility.THIRD_COUNTRY,
        True,
        3,
    ),
    GroupSpec(
        _G.OVERSTAYER,
        "Travellers who stay beyond their authorised stay: EES overstayer files",
        Eligibility.THIRD_COUNTRY,
        True,
        4,
    ),
    GroupSpec(
        _G.EU_RESIDENT,
        "EU/Schengen nationals: never registered in these systems, but can be searched for",
        Eligibility.MEMBER_STATE,
        False,
        5,
    ),
    GroupSpec(
        _G.UNREGISTERED,
        "Third-country nationals never registered (never travelled): searchable bystanders",
        Eligibility.THIRD_COUNTRY,
        False,
        6,
    ),
)

GROUP_BY_KEY: dict[PopulationGroup, GroupSpec] = {g.key: g for g in GROUPS}


def group_array(values: Mapping[PopulationGroup, float], default: float = 0.0) -> np.ndarray:
    """``values`` as a float array indexed by group code (missing groups get ``default``)."""
    out = np.full(len(GROUPS), default, dtype=np.float64)
    for spec in GROUPS:
        out[spec.code] = values.get(spec.key, default)
    return out

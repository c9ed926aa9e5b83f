"""The modelled EU systems, declared once.

Every generator, comparator, document page and test iterates over :data:`SYSTEMS`
instead of naming systems one by one. Facts carry the reference of
``shared/reference/domain.md`` they come from (``§`` section and ``[n]`` source), and a
confidence tag: ``V`` verified in the source, ``S`` secondary report, ``R`` recollection
of a legal text not re-read, ``A`` an assumption of this project (no published figure).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "SYSTEMS",
    "SYSTEM_BY_PREFIX",
    "AgeRange",
    "Fact",
    "IdentityField",
    "Modality",
    "SystemKey",
    "SystemSpec",
    "system",
]


class SystemKey(StrEnum):
    """Short stable names of the modelled systems (also the record_id prefixes)."""

    VIS = "VIS"
    EES = "EES"
    EURODAC = "EURODAC"
    SIS = "SIS"
    ETIAS = "ETIAS"
    ECRIS = "ECRIS"


class Modality(StrEnum):
    """Biometric modalities simulated by the capture and score models."""

    FINGERPRINT = "fingerprint"
    FACE = "face"


class IdentityField(StrEnum):
    """Identity-data categories as the CIR and the MID rules group them."""

    SURNAME = "surname"
    GIVEN_NAMES = "given_names"
    SURNAME_AT_BIRTH = "surname_at_birth"
    BIRTH_DATE = "birth_date"
    PLACE_OF_BIRTH = "place_of_birth"
    SEX = "sex"
    NATIONALITY = "nationality"
    DOCUMENT = "document_number"


@dataclass(frozen=True)
class Fact:
    """A value together with where it comes from."""

    value: float
    source: str
    confidence: str  # V, S, R or A (see module docstring)


@dataclass(frozen=True)
class AgeRange:
    """Inclusive ages at which a modality is captured; ``max_age`` None means no bound."""

    min_age: int
    max_age: int | None = None
    source: str = ""

    def contains(self, age: int) -> bool:
        """True when a person of ``age`` full years falls in the range."""
        return age >= self.min_age and (self.max_age is None or age <= self.max_age)


@dataclass(frozen=True)
class SystemSpec:
    """One modelled system: what it is for and what it records."""

    key: SystemKey
    name: str
    table: str
    purpose: str
    collected_for: str  # the purpose family used by the function-creep model
    legal_basis: str
    identity_fields: frozenset[IdentityField]
    fingerprints: AgeRange | None
    face: AgeRange | None
    retention_years: Fact
    in_cir: bool
    mid_trigger: bool
    source: str

    @property
    def prefix(self) -> str:
        """The record_id prefix, e.g. ``VIS-``."""
        return f"{self.key.value}-"

    @property
    def has_biometrics(self) -> bool:
        """True when the system stores at least one biometric modality."""
        return self.fingerprints is not None or self.face is not None

    def captures(self, modality: Modality) -> AgeRange | None:
        """The age range at which ``modality`` is captured, or None if never."""
        return self.fingerprints if modality is Modality.FINGERPRINT else self.face


_ALL_IDENTITY = frozenset(IdentityField)
_F = IdentityField

#: The six modelled EU systems, in a fixed order (the registry every layer iterates over).
SYSTEMS: tuple[SystemSpec, ...] = (
    SystemSpec(
        key=SystemKey.VIS,
        name="Visa Information System",
        table="vis_applications",
        purpose="Short-stay visa procedure (applications, decisions, re-applications)",
        collected_for="visa",
        legal_basis="Reg. (EC) 767/2008 as amended by Reg. (EU) 2021/1134; Visa Code Art. 13",
        identity_fields=_ALL_IDENTITY,
        fingerprints=AgeRange(12, None, "domain.md §1.2 [9] (current rule, V)"),
        face=AgeRange(0, None, "domain.md §1.2 [8] (photos for all ages, V)"),
        retention_years=Fact(5.0, "domain.md §1.2 [6] VIS Reg Art. 23", "V"),
        in_cir=True,
        mid_trigger=True,
        source="domain.md §1.2",
    ),
    SystemSpec(
        key=SystemKey.EES,
        name="Entry/Exit System",
        table="ees_files",
        purpose="Record entries, exits and refusals of short-stay travellers; detect overstay",
        collected_for="border",
        legal_basis="Reg. (EU) 2017/2226; Implementing Decision (EU) 2019/329",
        identity_fields=frozenset(
            {
                _F.SURNAME,
                _F.GIVEN_NAMES,
                _F.BIRTH_DATE,
                _F.SEX,
                _F.NATIONALITY,
                _F.DOCUMENT,
            }
        ),
        # Fingerprints of visa-exempt travellers only; visa holders' prints are in VIS.
        fingerprints=AgeRange(12, None, "domain.md §1.3 [3] EES Art. 17 (V)"),
        face=AgeRange(0, None, "domain.md §1.3 [3] EES Art. 15-17 (V)"),
        retention_years=Fact(3.0, "domain.md §1.3 [3] EES Art. 34 (3 y + 1 day)", "V"),
        in_cir=True,
        mid_trigger=True,
        source="domain.md §1.3",
    ),
    SystemSpec(
        key=SystemKey.EURODAC,
        name="Eurodac (2024 recast)",
        table="eurodac_records",
        purpose="Asylum (Dublin), irregular entry and stay, resettlement, child protection",
        collected_for="asylum",
        legal_basis="Reg. (EU) 2024/1358",
        identity_fields=_ALL_IDENTITY,
        fingerprints=AgeRange(6, None, "domain.md §1.4 [21] Eurodac 2024 Art. 14 (V)"),
        face=AgeRange(6, None, "domain.md §1.4 [21] Eurodac 2024 Art. 14 (V)"),
        retention_years=Fact(10.0, "domain.md §1.4 [21b] Art. 29 (applicants)", "V"),
        in_cir=True,
        mid_trigger=True,
        source="domain.md §1.4",
    ),
    SystemSpec(
        key=SystemKey.SIS,
        name="Schengen Information System",
        table="sis_alerts",
        purpose="Alerts on persons for border, police, judicial and return purposes",
        collected_for="police",
        legal_basis="Reg. (EU) 2018/1860, 2018/1861, 2018/1862",
        identity_fields=_ALL_IDENTITY,
        fingerprints=AgeRange(0, None, "domain.md §1.5 (no age rule found; A)"),
        face=AgeRange(0, None, "domain.md §1.5 (no age rule found; A)"),
        retention_years=Fact(5.0, "domain.md §1.5 review periods 1-5 y (R)", "R"),
        in_cir=False,  # SIS is queried in parallel; its templates are in the sBMS (§2.2)
        mid_trigger=True,
        source="domain.md §1.5",
    ),
    SystemSpec(
        key=SystemKey.ETIAS,
        name="European Travel Information and Authorisation System",
        table="etias_applications",
        purpose="Pre-travel authorisation and risk screening of visa-exempt travellers",
        collected_for="travel_authorisation",
        legal_basis="Reg. (EU) 2018/1240",
        identity_fields=_ALL_IDENTITY,
        fingerprints=None,  # no biometrics at all (domain.md §1.6 [36], V)
        face=None,
        retention_years=Fact(3.0, "domain.md §1.6 Art. 54 (validity 3 y) (R)", "R"),
        in_cir=True,
        mid_trigger=True,
        source="domain.md §1.6",
    ),
    SystemSpec(
        key=SystemKey.ECRIS,
        name="ECRIS-TCN",
        table="ecris_records",
        purpose="Find which Member State holds convictions of a third-country national",
        collected_for="criminal_justice",
        legal_basis="Reg. (EU) 2019/816 as amended by Reg. (EU) 2021/1133",
        identity_fields=frozenset(
            {
                _F.SURNAME,
                _F.GIVEN_NAMES,
                _F.SURNAME_AT_BIRTH,
                _F.BIRTH_DATE,
                _F.PLACE_OF_BIRTH,
                _F.SEX,
                _F.NATIONALITY,
                _F.DOCUMENT,
            }
        ),
        # Fingerprints at least for sentences >= 6 months (the generator applies that rule).
        fingerprints=AgeRange(0, None, "domain.md §1.7 [38] Art. 5 (V)"),
        face=AgeRange(0, None, "domain.md §1.7 [38b] (S)"),
        retention_years=Fact(
            10.0,
            "no EU-level figure: kept as long as the national record (§1.7, R)",
            "A",
        ),
        in_cir=True,
        mid_trigger=True,
        source="domain.md §1.7",
    ),
)

#: Each system by its key, which is also the prefix of its record ids (``VIS-...``).
SYSTEM_BY_PREFIX: dict[str, SystemSpec] = {s.key.value: s for s in SYSTEMS}


def system(key: str | SystemKey) -> SystemSpec:
    """Return the spec of ``key`` (``"VIS"``, ``SystemKey.EES``, ...)."""
    try:
        return SYSTEM_BY_PREFIX[str(key)]
    except KeyError:
        known = ", ".join(SYSTEM_BY_PREFIX)
        from schemas.errors import ConfigError

        raise ConfigError(f"unknown system {key!r}; known systems: {known}") from None

"""The modelled EU systems, declared once.

Every generator, comparator, document page and test iterates over :data:`SYSTEMS`
instead of naming systems one by one. Each entry says where its rules come from with a
:class:`~schemas.provenance.Provenance` per rule (:class:`SystemSources`): the tag of the
claim and the keys of the bibliography entries (``schemas/bibliography.toml``) behind
it, the same provenance every configuration default carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from schemas.provenance import Provenance, Tag, assumed, cited

__all__ = [
    "SYSTEMS",
    "SYSTEM_BY_PREFIX",
    "AgeRange",
    "IdentityField",
    "Modality",
    "SystemKey",
    "SystemSources",
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
class AgeRange:
    """Inclusive ages at which a modality is captured; ``max_age`` None means no bound."""

    min_age: int
    max_age: int | None = None

    def contains(self, age: int) -> bool:
        """True when a person of ``age`` full years falls in the range."""
        return age >= self.min_age and (self.max_age is None or age <= self.max_age)


@dataclass(frozen=True)
class SystemSources:
    """Where each rule of a system's entry comes from."""

    system: Provenance
    """The purpose and legal basis."""
    fingerprints: Provenance
    face: Provenance
    identity_fields: Provenance
    retention_years: Provenance


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
    retention_years: float
    in_cir: bool
    mid_trigger: bool
    sources: SystemSources

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
_IDENTITY_DATA_RULES = "the identity data the multiple-identity detector compares"
_NO_AGE_RULE = assumed("no age rule for SIS biometrics was found: every age")
_NO_BIOMETRICS = cited("vavoula-2019-interoperability-blog", note="ETIAS stores no biometrics")

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
        fingerprints=AgeRange(12, None),
        face=AgeRange(0, None),
        retention_years=5.0,
        in_cir=True,
        mid_trigger=True,
        sources=SystemSources(
            system=cited("eu-2008-767", "eu-2021-1134", "eu-2009-810"),
            fingerprints=cited(
                "reportaz-2015-vis-rules",
                note="fingerprints from age 12 under the current rules (the recast lowers it to 6)",
            ),
            face=cited("eu-2009-810", note="Visa Code Art. 13: a photograph at every age"),
            identity_fields=cited(
                "eu-2008-767", tag=Tag.RECALLED, note="VIS Reg. Art. 9: every identity category"
            ),
            retention_years=cited("eu-2008-767", note="Art. 23: files kept at most 5 years"),
        ),
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
        fingerprints=AgeRange(12, None),
        face=AgeRange(0, None),
        retention_years=3.0,
        in_cir=True,
        mid_trigger=True,
        sources=SystemSources(
            system=cited("eu-2017-2226", "eu-2019-329"),
            fingerprints=cited("eu-2017-2226", note="Art. 17: visa-exempt travellers from age 12"),
            face=cited("eu-2017-2226", note="Arts. 15-17: a live facial image at every age"),
            identity_fields=cited(
                "eu-2017-2226", note="Art. 16(1): names, birth date, nationality, sex, document"
            ),
            retention_years=cited(
                "eu-2017-2226", note="Art. 34: records kept 3 years (the file 3 years and a day)"
            ),
        ),
    ),
    SystemSpec(
        key=SystemKey.EURODAC,
        name="Eurodac (2024 recast)",
        table="eurodac_records",
        purpose="Asylum (Dublin), irregular entry and stay, resettlement, child protection",
        collected_for="asylum",
        legal_basis="Reg. (EU) 2024/1358",
        identity_fields=_ALL_IDENTITY,
        fingerprints=AgeRange(6, None),
        face=AgeRange(6, None),
        retention_years=10.0,
        in_cir=True,
        mid_trigger=True,
        sources=SystemSources(
            system=cited("eu-2024-1358"),
            fingerprints=cited("eu-2024-1358", note="Art. 14: biometric data from age 6"),
            face=cited("eu-2024-1358", note="Art. 14: biometric data from age 6"),
            identity_fields=cited(
                "eu-2024-1358", note="Art. 17: names, birth data, nationality, sex, document"
            ),
            retention_years=cited("eu-2024-1358", note="Art. 29: applicants' data 10 years"),
        ),
    ),
    SystemSpec(
        key=SystemKey.SIS,
        name="Schengen Information System",
        table="sis_alerts",
        purpose="Alerts on persons for border, police, judicial and return purposes",
        collected_for="police",
        legal_basis="Reg. (EU) 2018/1860, 2018/1861, 2018/1862",
        identity_fields=_ALL_IDENTITY,
        fingerprints=AgeRange(0, None),
        face=AgeRange(0, None),
        retention_years=5.0,
        in_cir=False,  # queried in parallel; its templates are in the sBMS [@eu-2019-817]
        mid_trigger=True,
        sources=SystemSources(
            system=cited("eu-2018-1860", "eu-2018-1861", "eu-2018-1862", tag=Tag.RECALLED),
            fingerprints=_NO_AGE_RULE,
            face=_NO_AGE_RULE,
            identity_fields=cited(
                "eu-2023-333", note=f"Reg. 2018/1862 Art. 20(3): {_IDENTITY_DATA_RULES}"
            ),
            retention_years=cited(
                "eu-2018-1861",
                "eu-2018-1862",
                tag=Tag.RECALLED,
                note="alerts on persons are reviewed after 1 to 5 years (renewable)",
            ),
        ),
    ),
    SystemSpec(
        key=SystemKey.ETIAS,
        name="European Travel Information and Authorisation System",
        table="etias_applications",
        purpose="Pre-travel authorisation and risk screening of visa-exempt travellers",
        collected_for="travel_authorisation",
        legal_basis="Reg. (EU) 2018/1240",
        identity_fields=_ALL_IDENTITY,
        fingerprints=None,
        face=None,
        retention_years=3.0,
        in_cir=True,
        mid_trigger=True,
        sources=SystemSources(
            system=cited("eu-2018-1240"),
            fingerprints=_NO_BIOMETRICS,
            face=_NO_BIOMETRICS,
            identity_fields=cited("eu-2023-333", note=f"Art. 17(2) subset: {_IDENTITY_DATA_RULES}"),
            retention_years=cited(
                "eu-2018-1240",
                tag=Tag.RECALLED,
                note="Art. 54: kept while the authorisation is valid (3 years)",
            ),
        ),
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
        fingerprints=AgeRange(0, None),
        face=AgeRange(0, None),
        retention_years=10.0,
        in_cir=True,
        mid_trigger=True,
        sources=SystemSources(
            system=cited("eu-2019-816"),
            fingerprints=cited(
                "eu-2019-816",
                note="Art. 5: prints taken under national law, at least from a 6-month sentence",
            ),
            face=cited(
                "netzpolitik-2018-ecris-tcn",
                tag=Tag.SECONDARY,
                note="a facial image where national law allows",
            ),
            identity_fields=cited("eu-2019-816", note="Art. 5: the mandatory alphanumeric data"),
            retention_years=assumed(
                "no EU-level period: kept as long as the national criminal record",
                "eu-2019-816",
            ),
        ),
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

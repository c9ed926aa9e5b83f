"""Who may reach which data, for which purpose, with and without interoperability.

The access model is declared once, as data, so that the function-creep metrics, the
report and the tests iterate over it instead of hard-coding rules. It has four parts:

- :data:`PURPOSES`: the purposes authorities act for, each with the purpose families
  (:attr:`schemas.systems.SystemSpec.collected_for`) whose data were collected for that
  purpose. Data of any other family reached for that purpose is "data collected for
  another purpose" (function creep [@vavoula-2020-european-public-law]).
- :data:`AUTHORITIES`: the authorities and the purposes they act for.
- :data:`ACCESS_RULES`: one :class:`AccessRule` per (authority, purpose, regime, system):
  by which :class:`Channel` the authority reaches that system's records.
- :data:`LINK_VISIBILITY`: which MID link colours an authority sees in a regime, and what
  it then learns about the linked record (IO Arts. 26, 29, 33 [@eu-2019-817]).

Two regimes are compared: ``siloed`` (each system on its own legal basis, before the
interoperability regulations) and ``interoperable`` (IO-B 2019/817 and IO-P 2019/818:
CIR, MID, Art. 20 police identity checks, Art. 22 hit flags). The interoperable rules
are the siloed rules plus the additions of the interoperability regulations.

Every purpose, authority and rule says where it comes from with a
:class:`~schemas.provenance.Provenance`: the bibliography keys of its legal basis
(``schemas/bibliography.toml``) and a tag (``V`` read in the source, ``S`` a secondary
report, ``R`` a legal text not re-read in full, ``A`` an assumption of this project).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from schemas.errors import ConfigError
from schemas.provenance import Provenance, Tag, cited
from schemas.systems import SYSTEMS, SystemKey

__all__ = [
    "ACCESS_MODEL",
    "ACCESS_RULES",
    "AUTHORITIES",
    "LINK_VISIBILITY",
    "PURPOSES",
    "AccessModel",
    "AccessRule",
    "Authority",
    "AuthorityKey",
    "Channel",
    "LinkVisibility",
    "Purpose",
    "PurposeKey",
    "Regime",
]


class Regime(StrEnum):
    """The two legal regimes compared by the function-creep metrics."""

    SILOED = "siloed"
    INTEROPERABLE = "interoperable"


class Channel(StrEnum):
    """How an authority reaches a record, from most to least revealing.

    ``direct``: the authority queries the source system and sees its record.
    ``cir``: identity and travel-document data held in the CIR (IO Art. 18(1)).
    ``hit_flag``: only *which system* holds data on the person (IO Art. 22).
    """

    DIRECT = "direct"
    CIR = "cir"
    HIT_FLAG = "hit_flag"

    @property
    def reveals_data(self) -> bool:
        """True when the channel shows the record's data, not only its existence."""
        return self is not Channel.HIT_FLAG

    @property
    def rank(self) -> int:
        """Larger is more revealing (used to keep the best channel per system)."""
        return {Channel.DIRECT: 3, Channel.CIR: 2, Channel.HIT_FLAG: 1}[self]


class PurposeKey(StrEnum):
    """Purposes for which authorities consult the systems."""

    BORDER_CHECK = "border_check"
    VISA_PROCEDURE = "visa_procedure"
    ASYLUM_PROCEDURE = "asylum_procedure"
    IMMIGRATION_CONTROL = "immigration_control"
    IDENTITY_CHECK = "identity_check"
    SERIOUS_CRIME = "serious_crime"
    TRAVEL_AUTHORISATION = "travel_authorisation"
    ALERT_MANAGEMENT = "alert_management"


class AuthorityKey(StrEnum):
    """Authorities with access to the systems (the access provisions of each regulation)."""

    BORDER = "border"
    VISA = "visa"
    ASYLUM = "asylum"
    IMMIGRATION = "immigration"
    POLICE_IDENTITY_CHECK = "police_identity_check"
    LAW_ENFORCEMENT = "law_enforcement"
    EUROPOL = "europol"
    ETIAS_UNIT = "etias_unit"
    SIRENE = "sirene"


@dataclass(frozen=True)
class Purpose:
    """A purpose and the data families collected for it (``SystemSpec.collected_for``)."""

    key: PurposeKey
    description: str
    own_data: frozenset[str]
    provenance: Provenance


@dataclass(frozen=True)
class Authority:
    """An authority and the purposes it consults the systems for."""

    key: AuthorityKey
    name: str
    purposes: tuple[PurposeKey, ...]
    provenance: Provenance


@dataclass(frozen=True)
class AccessRule:
    """``authority`` acting for ``purpose`` reaches ``system`` by ``channel`` in ``regime``.

    ``conditional`` marks access granted only case by case under conditions (e.g.
    designated law-enforcement access for serious crime after prior checks).
    """

    authority: AuthorityKey
    purpose: PurposeKey
    regime: Regime
    system: SystemKey
    channel: Channel
    provenance: Provenance
    conditional: bool = False


@dataclass(frozen=True)
class LinkVisibility:
    """In ``regime``, ``authority`` acting for ``purpose`` sees MID links of ``colours``.

    From every record it reaches it then learns ``channel``-level data about the record
    at the other end of such a link (one hop).
    """

    authority: AuthorityKey
    purpose: PurposeKey
    regime: Regime
    colours: frozenset[str]
    channel: Channel
    provenance: Provenance


@dataclass(frozen=True)
class AccessModel:
    """A complete access model: purposes, authorities, rules and link visibility."""

    name: str
    purposes: tuple[Purpose, ...]
    authorities: tuple[Authority, ...]
    rules: tuple[AccessRule, ...]
    link_visibility: tuple[LinkVisibility, ...] = field(default=())

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise :class:`ConfigError` when a rule names an unknown authority or purpose."""
        purposes = {p.key for p in self.purposes}
        acts_for = {a.key: set(a.purposes) for a in self.authorities}
        problems: list[str] = []
        for a in self.authorities:
            problems += [
                f"authority {a.key}: unknown purpose {p}" for p in a.purposes if p not in purposes
            ]
        families = {s.collected_for for s in SYSTEMS}
        for p in self.purposes:
            unknown = sorted(p.own_data - families)
            if unknown:
                problems.append(f"purpose {p.key}: unknown data families {unknown}")
        entries: Iterable[AccessRule | LinkVisibility] = (*self.rules, *self.link_visibility)
        for r in entries:
            if r.authority not in acts_for:
                problems.append(f"rule for unknown authority {r.authority}")
            elif r.purpose not in acts_for[r.authority]:
                problems.append(f"authority {r.authority} does not act for purpose {r.purpose}")
        if problems:
            raise ConfigError(f"access model {self.name!r}: " + "; ".join(problems))

    def purpose(self, key: PurposeKey | str) -> Purpose:
        """The purpose called ``key``."""
        for p in self.purposes:
            if p.key == key:
                return p
        raise ConfigError(
            f"unknown purpose {key!r}; known: {', '.join(p.key for p in self.purposes)}"
        )

    def pairs(self) -> list[tuple[Authority, Purpose]]:
        """Every (authority, purpose) combination of the model, in declaration order."""
        return [(a, self.purpose(p)) for a in self.authorities for p in a.purposes]

    def rules_for(
        self, authority: AuthorityKey, purpose: PurposeKey, regime: Regime
    ) -> tuple[AccessRule, ...]:
        """The access rules of ``authority`` acting for ``purpose`` in ``regime``."""
        return tuple(
            r
            for r in self.rules
            if (r.authority, r.purpose, r.regime) == (authority, purpose, regime)
        )

    def channels(
        self, authority: AuthorityKey, purpose: PurposeKey, regime: Regime
    ) -> dict[SystemKey, Channel]:
        """The most revealing channel to each system reachable by ``authority``/``purpose``."""
        best: dict[SystemKey, Channel] = {}
        for r in self.rules:
            if (r.authority, r.purpose, r.regime) != (authority, purpose, regime):
                continue
            if r.system not in best or r.channel.rank > best[r.system].rank:
                best[r.system] = r.channel
        return best

    def visible_links(
        self, authority: AuthorityKey, purpose: PurposeKey, regime: Regime
    ) -> tuple[frozenset[str], Channel | None]:
        """Link colours seen and the best channel they open (``(frozenset(), None)`` if none)."""
        colours: set[str] = set()
        channel: Channel | None = None
        for v in self.link_visibility:
            if (v.authority, v.purpose, v.regime) != (authority, purpose, regime):
                continue
            colours |= v.colours
            if channel is None or v.channel.rank > channel.rank:
                channel = v.channel
        return frozenset(colours), channel

    def with_equal_regimes(self) -> AccessModel:
        """A copy whose siloed regime grants exactly the interoperable access (creep = 0)."""
        rules = tuple(r for r in self.rules if r.regime is Regime.INTEROPERABLE)
        links = tuple(v for v in self.link_visibility if v.regime is Regime.INTEROPERABLE)
        return replace(
            self,
            name=f"{self.name} (regimes equal)",
            rules=rules + tuple(replace(r, regime=Regime.SILOED) for r in rules),
            link_visibility=links + tuple(replace(v, regime=Regime.SILOED) for v in links),
        )


_P = PurposeKey
_A = AuthorityKey
_S = SystemKey
_R = Tag.RECALLED

PURPOSES: tuple[Purpose, ...] = (
    Purpose(
        _P.BORDER_CHECK,
        "Checks at the external border (entry, exit, refusal)",
        frozenset({"border", "visa", "travel_authorisation", "police"}),
        cited(
            "eu-2017-2226",
            "eu-2008-767",
            "eu-2018-1240",
            "eu-2018-1861",
            tag=_R,
            note="EES is a border system; VIS data are searched at the border (VIS Reg. Art. "
            "18); border authorities query ETIAS (Art. 47); SIS alerts serve border checks",
        ),
    ),
    Purpose(
        _P.VISA_PROCEDURE,
        "Examining short-stay visa applications",
        frozenset({"visa"}),
        cited("eu-2008-767", note="the VIS serves the short-stay visa procedure"),
    ),
    Purpose(
        _P.ASYLUM_PROCEDURE,
        "Examining applications for international protection (Dublin responsibility)",
        frozenset({"asylum"}),
        cited("eu-2024-1358", note="Art. 1: Eurodac supports the asylum procedure"),
    ),
    Purpose(
        _P.IMMIGRATION_CONTROL,
        "Identifying illegally staying third-country nationals; return",
        # Eurodac's recast purpose of identifying illegally staying persons is itself an
        # extension of its asylum purpose, so Eurodac data reached for this purpose count
        # as collected for another purpose.
        frozenset({"border", "visa", "police"}),
        cited(
            "eu-2017-2226",
            "eu-2008-767",
            "eu-2018-1860",
            "eu-2024-1358",
            tag=_R,
            note="EES detects overstayers, VIS supports identification in the territory, SIS "
            "holds return alerts; the Eurodac recast (Art. 1) adds identification",
        ),
    ),
    Purpose(
        _P.IDENTITY_CHECK,
        "Police identity checks inside the territory (IO Art. 20)",
        frozenset({"police"}),
        cited(
            "eu-2019-818",
            "eu-2018-1862",
            tag=_R,
            note="IO Art. 20 police identity checks; SIS alerts for police purposes",
        ),
    ),
    Purpose(
        _P.SERIOUS_CRIME,
        "Preventing, detecting or investigating terrorist offences and serious crime",
        frozenset({"police", "criminal_justice"}),
        cited(
            "eu-2019-817",
            "eu-2018-1862",
            "eu-2019-816",
            tag=_R,
            note="IO Art. 22 law-enforcement access; SIS and ECRIS-TCN serve police and "
            "criminal justice",
        ),
    ),
    Purpose(
        _P.TRAVEL_AUTHORISATION,
        "Examining ETIAS travel-authorisation applications",
        frozenset({"travel_authorisation"}),
        cited("eu-2018-1240", note="ETIAS examines travel-authorisation applications"),
    ),
    Purpose(
        _P.ALERT_MANAGEMENT,
        "Exchanging supplementary information on SIS alerts; verifying links to alerts",
        frozenset({"police"}),
        cited(
            "eu-2019-818",
            "eu-2019-817",
            note="Art. 29: SIRENE Bureaux verify MID links that involve SIS alerts",
        ),
    ),
)

_EACH_REGULATION = "the access provisions of each system's regulation"

AUTHORITIES: tuple[Authority, ...] = (
    Authority(
        _A.BORDER,
        "Border authorities",
        (_P.BORDER_CHECK,),
        cited(
            "eu-2008-767",
            "eu-2017-2226",
            "eu-2018-1861",
            "eu-2018-1240",
            tag=_R,
            note=_EACH_REGULATION,
        ),
    ),
    Authority(
        _A.VISA,
        "Visa authorities",
        (_P.VISA_PROCEDURE,),
        cited("eu-2008-767", "eu-2017-2226", "eu-2018-1861", tag=_R, note=_EACH_REGULATION),
    ),
    Authority(
        _A.ASYLUM,
        "Asylum authorities",
        (_P.ASYLUM_PROCEDURE,),
        cited("eu-2008-767", "eu-2024-1358", tag=_R, note=_EACH_REGULATION),
    ),
    Authority(
        _A.IMMIGRATION,
        "Immigration and return authorities",
        (_P.IMMIGRATION_CONTROL,),
        cited(
            "eu-2008-767",
            "eu-2017-2226",
            "eu-2024-1358",
            "eu-2018-1860",
            "eu-2018-1240",
            tag=_R,
            note=_EACH_REGULATION,
        ),
    ),
    Authority(
        _A.POLICE_IDENTITY_CHECK,
        "Police authorities carrying out identity checks (IO Art. 20)",
        (_P.IDENTITY_CHECK,),
        cited("eu-2019-818", note="IO Art. 20"),
    ),
    Authority(
        _A.LAW_ENFORCEMENT,
        "Designated law-enforcement authorities (IO Art. 22)",
        (_P.SERIOUS_CRIME,),
        cited("eu-2019-817", note="IO Art. 22"),
    ),
    Authority(
        _A.EUROPOL,
        "Europol",
        (_P.SERIOUS_CRIME,),
        cited("eu-2019-817", "eu-2019-816", tag=_R, note="IO Art. 22; ECRIS-TCN access"),
    ),
    Authority(
        _A.ETIAS_UNIT,
        "ETIAS Central Unit and national units",
        (_P.TRAVEL_AUTHORISATION,),
        cited("eu-2018-1240", "eu-2019-817", note="ETIAS Regulation; IO Art. 29"),
    ),
    Authority(
        _A.SIRENE,
        "SIRENE Bureaux",
        (_P.ALERT_MANAGEMENT,),
        cited("eu-2019-817", "eu-2019-818", note="IO Art. 29"),
    ),
)


def _rules(
    authority: AuthorityKey,
    purpose: PurposeKey,
    systems: Iterable[SystemKey],
    channel: Channel,
    provenance: Provenance,
    *,
    regime: Regime,
    conditional: bool = False,
) -> tuple[AccessRule, ...]:
    return tuple(
        AccessRule(authority, purpose, regime, s, channel, provenance, conditional) for s in systems
    )


_D = Channel.DIRECT
_SIL = Regime.SILOED
_INT = Regime.INTEROPERABLE
_WHO_MAY_ACCESS = "who may access the system"
_CONDITIONAL = (
    "designated authorities, case by case under conditions; police access to Eurodac since 2015"
)

# Access each authority has on the systems' own legal bases (before interoperability).
_SILOED_RULES: tuple[AccessRule, ...] = (
    *_rules(
        _A.BORDER,
        _P.BORDER_CHECK,
        [_S.VIS],
        _D,
        cited("eu-2008-767", note="VIS Reg. Art. 18: searches at the border"),
        regime=_SIL,
    ),
    *_rules(
        _A.BORDER,
        _P.BORDER_CHECK,
        [_S.EES],
        _D,
        cited("eu-2017-2226", tag=_R, note=_WHO_MAY_ACCESS),
        regime=_SIL,
    ),
    *_rules(
        _A.BORDER,
        _P.BORDER_CHECK,
        [_S.SIS],
        _D,
        cited("eu-2018-1861", tag=_R, note=_WHO_MAY_ACCESS),
        regime=_SIL,
    ),
    *_rules(
        _A.BORDER,
        _P.BORDER_CHECK,
        [_S.ETIAS],
        _D,
        cited("eu-2018-1240", note="Art. 47: border authorities query ETIAS"),
        regime=_SIL,
    ),
    *_rules(
        _A.VISA,
        _P.VISA_PROCEDURE,
        [_S.VIS],
        _D,
        cited("eu-2008-767", tag=_R, note=_WHO_MAY_ACCESS),
        regime=_SIL,
    ),
    *_rules(
        _A.VISA,
        _P.VISA_PROCEDURE,
        [_S.EES],
        _D,
        cited("eu-2017-2226", tag=_R, note=_WHO_MAY_ACCESS),
        regime=_SIL,
    ),
    *_rules(
        _A.VISA,
        _P.VISA_PROCEDURE,
        [_S.SIS],
        _D,
        cited("eu-2018-1861", tag=_R, note=_WHO_MAY_ACCESS),
        regime=_SIL,
    ),
    *_rules(
        _A.ASYLUM,
        _P.ASYLUM_PROCEDURE,
        [_S.EURODAC],
        _D,
        cited("eu-2024-1358", note="Art. 1: the asylum purpose"),
        regime=_SIL,
    ),
    *_rules(
        _A.ASYLUM,
        _P.ASYLUM_PROCEDURE,
        [_S.VIS],
        _D,
        cited("eu-2008-767", tag=_R, note=_WHO_MAY_ACCESS),
        regime=_SIL,
    ),
    *_rules(
        _A.IMMIGRATION,
        _P.IMMIGRATION_CONTROL,
        [_S.VIS, _S.EES, _S.SIS, _S.ETIAS],
        _D,
        cited(
            "eu-2008-767",
            "eu-2017-2226",
            "eu-2018-1860",
            "eu-2018-1240",
            tag=_R,
            note=_WHO_MAY_ACCESS,
        ),
        regime=_SIL,
    ),
    *_rules(
        _A.IMMIGRATION,
        _P.IMMIGRATION_CONTROL,
        [_S.EURODAC],
        _D,
        cited("eu-2024-1358", note="Art. 1: identifying illegally staying third-country nationals"),
        regime=_SIL,
    ),
    *_rules(
        _A.POLICE_IDENTITY_CHECK,
        _P.IDENTITY_CHECK,
        [_S.SIS],
        _D,
        cited("eu-2018-1862", tag=_R, note="police access to SIS alerts"),
        regime=_SIL,
    ),
    *_rules(
        _A.LAW_ENFORCEMENT,
        _P.SERIOUS_CRIME,
        [_S.SIS],
        _D,
        cited("eu-2018-1862", tag=_R, note="police access to SIS alerts"),
        regime=_SIL,
    ),
    *_rules(
        _A.LAW_ENFORCEMENT,
        _P.SERIOUS_CRIME,
        [_S.VIS, _S.EES, _S.EURODAC, _S.ETIAS],
        _D,
        cited(
            "eu-2008-767",
            "eu-2017-2226",
            "eu-2018-1240",
            "cilip-2020-eurodac-police",
            tag=_R,
            note=_CONDITIONAL,
        ),
        regime=_SIL,
        conditional=True,
    ),
    *_rules(
        _A.EUROPOL,
        _P.SERIOUS_CRIME,
        [_S.SIS],
        _D,
        cited("eu-2018-1862", tag=_R, note=_WHO_MAY_ACCESS),
        regime=_SIL,
    ),
    *_rules(
        _A.EUROPOL,
        _P.SERIOUS_CRIME,
        [_S.VIS, _S.EES, _S.EURODAC, _S.ETIAS],
        _D,
        cited(
            "eu-2008-767",
            "eu-2017-2226",
            "eu-2018-1240",
            "cilip-2020-eurodac-police",
            tag=_R,
            note=_CONDITIONAL,
        ),
        regime=_SIL,
        conditional=True,
    ),
    *_rules(
        _A.EUROPOL,
        _P.SERIOUS_CRIME,
        [_S.ECRIS],
        _D,
        cited("eu-2019-816", tag=_R, note=_WHO_MAY_ACCESS),
        regime=_SIL,
    ),
    *_rules(
        _A.ETIAS_UNIT,
        _P.TRAVEL_AUTHORISATION,
        [_S.ETIAS],
        _D,
        cited("eu-2018-1240", note="the ETIAS units examine applications (Art. 47)"),
        regime=_SIL,
    ),
    # ETIAS automated checks (Art. 20) return hits, not the other systems' records.
    *_rules(
        _A.ETIAS_UNIT,
        _P.TRAVEL_AUTHORISATION,
        [_S.SIS, _S.VIS, _S.EES, _S.EURODAC, _S.ECRIS],
        Channel.HIT_FLAG,
        cited(
            "eu-2018-1240",
            "eu-2019-816",
            tag=_R,
            note="Art. 20 automated checks return hits; the ECRIS-TCN flag",
        ),
        regime=_SIL,
    ),
    *_rules(
        _A.SIRENE,
        _P.ALERT_MANAGEMENT,
        [_S.SIS],
        _D,
        cited("eu-2018-1862", "eu-2019-818", tag=_R, note="SIRENE Bureaux manage SIS alerts"),
        regime=_SIL,
    ),
)

# The CIR holds the identity data of EES, VIS, ETIAS, Eurodac and ECRIS-TCN [@eu-2019-817].
_CIR_SYSTEMS = [s.key for s in SYSTEMS if s.in_cir]
# Art. 22 names EES, VIS, ETIAS (IO-B) and Eurodac (IO-P) as the systems it is meant for.
_HIT_FLAG_SYSTEMS = [_S.EES, _S.VIS, _S.ETIAS, _S.EURODAC]
_ARTICLE_22 = cited("eu-2019-817", "eu-2019-818", note="IO Art. 22: a flag naming the system")

# What the interoperability regulations add on top of the siloed access.
_INTEROPERABLE_ADDITIONS: tuple[AccessRule, ...] = (
    *_rules(
        _A.POLICE_IDENTITY_CHECK,
        _P.IDENTITY_CHECK,
        _CIR_SYSTEMS,
        Channel.CIR,
        cited(
            "eu-2019-818",
            "eu-2019-817",
            note="IO Art. 20: identity checks against the CIR (its content: Arts. 17-18)",
        ),
        regime=_INT,
    ),
    *_rules(
        _A.LAW_ENFORCEMENT,
        _P.SERIOUS_CRIME,
        _HIT_FLAG_SYSTEMS,
        Channel.HIT_FLAG,
        _ARTICLE_22,
        regime=_INT,
    ),
    *_rules(
        _A.EUROPOL,
        _P.SERIOUS_CRIME,
        _HIT_FLAG_SYSTEMS,
        Channel.HIT_FLAG,
        _ARTICLE_22,
        regime=_INT,
    ),
)

ACCESS_RULES: tuple[AccessRule, ...] = (
    *_SILOED_RULES,
    *(replace(r, regime=_INT) for r in _SILOED_RULES),
    *_INTEROPERABLE_ADDITIONS,
)

# A CIR or SIS query shows white and red links [@eu-2019-817]; verifiers also see
# pending yellow links.
_SHOWN = frozenset({"white", "red"})
_VERIFIED = frozenset({"white", "yellow", "red"})
_SHOWN_ON_QUERY = "white and red links are shown on CIR queries (IO Arts. 30-33)"
_REFERENCE_ONLY = "the answer is a reference to the system holding data; white and red links"

LINK_VISIBILITY: tuple[LinkVisibility, ...] = (
    LinkVisibility(
        _A.BORDER,
        _P.BORDER_CHECK,
        _INT,
        _VERIFIED,
        Channel.CIR,
        cited(
            "eu-2019-817",
            note="IO-B Art. 29(1)(a) and Schengen Borders Code Art. 8(4a): border "
            "authorities verify yellow links",
        ),
    ),
    LinkVisibility(
        _A.VISA,
        _P.VISA_PROCEDURE,
        _INT,
        _VERIFIED,
        Channel.CIR,
        cited("eu-2019-817", note="Art. 29(1)(b): visa authorities verify yellow links"),
    ),
    LinkVisibility(
        _A.ASYLUM,
        _P.ASYLUM_PROCEDURE,
        _INT,
        _SHOWN,
        Channel.CIR,
        cited(
            "eu-2019-817",
            "eu-2023-333",
            tag=_R,
            note=f"{_SHOWN_ON_QUERY}; Eurodac identity data in the MID",
        ),
    ),
    LinkVisibility(
        _A.IMMIGRATION,
        _P.IMMIGRATION_CONTROL,
        _INT,
        _VERIFIED,
        Channel.CIR,
        cited("eu-2019-817", note="Art. 29(1)(a): border and immigration authorities"),
    ),
    LinkVisibility(
        _A.POLICE_IDENTITY_CHECK,
        _P.IDENTITY_CHECK,
        _INT,
        _SHOWN,
        Channel.CIR,
        cited("eu-2019-817", "eu-2019-818", tag=_R, note=f"{_SHOWN_ON_QUERY}; IO Art. 20"),
    ),
    LinkVisibility(
        _A.LAW_ENFORCEMENT,
        _P.SERIOUS_CRIME,
        _INT,
        _SHOWN,
        Channel.HIT_FLAG,
        cited("eu-2019-817", tag=_R, note=_REFERENCE_ONLY),
    ),
    LinkVisibility(
        _A.EUROPOL,
        _P.SERIOUS_CRIME,
        _INT,
        _SHOWN,
        Channel.HIT_FLAG,
        cited("eu-2019-817", tag=_R, note=_REFERENCE_ONLY),
    ),
    LinkVisibility(
        _A.ETIAS_UNIT,
        _P.TRAVEL_AUTHORISATION,
        _INT,
        _VERIFIED,
        Channel.CIR,
        cited("eu-2019-817", note="Arts. 29(1)(c) and 69: the ETIAS units verify yellow links"),
    ),
    LinkVisibility(
        _A.SIRENE,
        _P.ALERT_MANAGEMENT,
        _INT,
        _VERIFIED,
        Channel.CIR,
        cited(
            "eu-2019-817",
            "eu-2019-818",
            note="IO-B Art. 29(1)(d), IO-P Arts. 29(1)(a) and 29(2): SIRENE verifies links "
            "to alerts",
        ),
    ),
)

ACCESS_MODEL = AccessModel(
    name="IO-B 2019/817 and IO-P 2019/818 as modelled",
    purposes=PURPOSES,
    authorities=AUTHORITIES,
    rules=ACCESS_RULES,
    link_visibility=LINK_VISIBILITY,
)

"""The access model declared in schemas.access."""

from __future__ import annotations

from schemas.access import (
    ACCESS_MODEL,
    AUTHORITIES,
    PURPOSES,
    AccessRule,
    AuthorityKey,
    Channel,
    LinkVisibility,
    PurposeKey,
    Regime,
)
from schemas.bibliography import unresolved
from schemas.provenance import Provenance, Tag
from schemas.systems import SYSTEMS, SystemKey

_CLAIMS = {Tag.VERIFIED, Tag.SECONDARY, Tag.RECALLED, Tag.ASSUMPTION}


def _cited(provenance: Provenance) -> bool:
    """Sources from the bibliography (every key known) and the kind of claim."""
    return bool(provenance.sources) and not unresolved(provenance.sources)


def test_every_rule_cites_the_bibliography_and_has_a_claim_tag() -> None:
    rules: list[AccessRule | LinkVisibility] = [
        *ACCESS_MODEL.rules,
        *ACCESS_MODEL.link_visibility,
    ]
    for rule in rules:
        assert _cited(rule.provenance), rule
        assert rule.provenance.tag in _CLAIMS, rule
    assert all(_cited(p.provenance) for p in PURPOSES)
    assert all(_cited(a.provenance) for a in AUTHORITIES)


def test_every_system_rule_has_its_provenance() -> None:
    for spec in SYSTEMS:
        sources = spec.sources
        for provenance in (
            sources.system,
            sources.fingerprints,
            sources.face,
            sources.identity_fields,
            sources.retention_years,
        ):
            assert not unresolved(provenance.sources), (spec.key, provenance)
        assert _cited(sources.system), spec.key


def test_interoperable_regime_only_adds_access() -> None:
    for authority, purpose in ACCESS_MODEL.pairs():
        sil = ACCESS_MODEL.channels(authority.key, purpose.key, Regime.SILOED)
        inter = ACCESS_MODEL.channels(authority.key, purpose.key, Regime.INTEROPERABLE)
        for system, channel in sil.items():
            assert inter[system].rank >= channel.rank
        assert ACCESS_MODEL.visible_links(authority.key, purpose.key, Regime.SILOED) == (
            frozenset(),
            None,
        )


def test_article_20_and_22_as_declared() -> None:
    police = ACCESS_MODEL.channels(
        AuthorityKey.POLICE_IDENTITY_CHECK, PurposeKey.IDENTITY_CHECK, Regime.INTEROPERABLE
    )
    cir = {s.key for s in SYSTEMS if s.in_cir}
    assert {s for s, c in police.items() if c is Channel.CIR} == cir
    assert police[SystemKey.SIS] is Channel.DIRECT
    flags = [
        r.system
        for r in ACCESS_MODEL.rules_for(
            AuthorityKey.LAW_ENFORCEMENT, PurposeKey.SERIOUS_CRIME, Regime.INTEROPERABLE
        )
        if r.channel is Channel.HIT_FLAG
    ]
    assert set(flags) == {SystemKey.EES, SystemKey.VIS, SystemKey.ETIAS, SystemKey.EURODAC}
    assert not Channel.HIT_FLAG.reveals_data


def test_equal_regimes_copy() -> None:
    eq = ACCESS_MODEL.with_equal_regimes()
    for authority, purpose in eq.pairs():
        assert eq.channels(authority.key, purpose.key, Regime.SILOED) == eq.channels(
            authority.key, purpose.key, Regime.INTEROPERABLE
        )
        assert eq.visible_links(authority.key, purpose.key, Regime.SILOED) == eq.visible_links(
            authority.key, purpose.key, Regime.INTEROPERABLE
        )

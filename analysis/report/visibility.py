"""Which authority sees which record of one person, siloed and interoperable.

For each authority acting for a purpose and each regime, the access model
(:mod:`schemas.access`) gives the channel to each system: a direct look-up, a CIR
query, or only a hit flag. A record is reached directly through its system's channel,
or through a visible MID link from a record the authority reaches; a link opens data on
its far record only when the origin's data are seen (else it is a hit flag,
IO Art. 22 [@eu-2019-817]). Deleted records are reached by no one. The results are
typed: :class:`PersonReach` (everything a look-up of one person reaches, including other
people's records reached through wrong links) and :class:`RecordReach` (how one record
is reached).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from analysis._tree import Node
from schemas.access import (
    AccessModel,
    Authority,
    AuthorityKey,
    Channel,
    Purpose,
    PurposeKey,
    Regime,
)
from schemas.systems import SYSTEMS

__all__ = [
    "COLLECTED_FOR",
    "LinkEnd",
    "PersonReach",
    "ReachedRecord",
    "RecordReach",
    "person_visibility",
    "record_visibility",
]

COLLECTED_FOR: dict[str, str] = {s.key.value: s.collected_for for s in SYSTEMS}

Row = Mapping[str, object]
Channels = Mapping[str, tuple[Channel, bool]]


@dataclass(frozen=True, kw_only=True)
class ReachedRecord(Node):
    """A record a look-up reaches, how, and whether it is someone else's or collected for
    another purpose."""

    record_id: str
    system: str
    person_id: int | None
    channel: str
    conditional: bool
    how: str
    collected_for: str
    other_purpose: bool
    other_person: bool


@dataclass(frozen=True, kw_only=True)
class PersonReach(Node):
    """What one authority, acting for one purpose, reaches by looking up one person."""

    authority: str
    authority_name: str
    purpose: str
    records_reached: tuple[ReachedRecord, ...]
    reached: int
    collected_for_other_purpose: int
    other_persons_records: int


@dataclass(frozen=True, kw_only=True)
class RecordReach(Node):
    """How (if at all) one authority, acting for one purpose, reaches one record."""

    authority: str
    authority_name: str
    purpose: str
    channel: str | None
    how: tuple[str, ...]
    collected_for: str
    other_purpose: bool


@dataclass(frozen=True)
class _Hit:
    record_id: str
    system: str
    person_id: int | None
    channel: Channel
    conditional: bool
    how: str


def _access(
    access: AccessModel, authority: AuthorityKey, purpose: PurposeKey, regime: Regime
) -> dict[str, tuple[Channel, bool]]:
    """Best channel to each system and whether that access is only conditional."""
    best: dict[str, tuple[Channel, bool]] = {}
    for r in access.rules_for(authority, purpose, regime):
        key = r.system.value
        prev = best.get(key)
        if prev is None or r.channel.rank > prev[0].rank:
            best[key] = (r.channel, r.conditional)
        elif r.channel is prev[0] and not r.conditional:
            best[key] = (prev[0], False)
    return best


def _through_link(origin: Channel, link: Channel) -> Channel:
    """What a link opens on its far record: data only when the origin's data are seen."""
    if origin.reveals_data and link.reveals_data:
        return link
    return Channel.HIT_FLAG


def _how(channel: Channel, conditional: bool) -> str:
    text = {
        Channel.DIRECT: "direct look-up",
        Channel.CIR: "CIR query",
        Channel.HIT_FLAG: "hit flag only",
    }[channel]
    return f"{text} (conditional access)" if conditional else text


def _direct_reach(own: Iterable[Row], channels: Channels, person_id: int) -> dict[str, _Hit]:
    """The person's stored records an authority reaches directly, by record id."""
    reached: dict[str, _Hit] = {}
    for r in own:
        system, rid = str(r["system"]), str(r["record_id"])
        if system in channels:
            ch, conditional = channels[system]
            reached[rid] = _Hit(rid, system, person_id, ch, conditional, _how(ch, conditional))
    return reached


def _reach_through_links(
    reached: dict[str, _Hit], links: Iterable[Row], colours: frozenset[str], link_channel: Channel
) -> None:
    """Add the records at the far end of the visible links from directly reached ones.

    ``links`` are rows of links joined with both ends (``record_id_a``, ``system_b``,
    ``person_id_b``, ``deleted_on_b``, ...).
    """
    starts = dict(reached)
    for lk in links:
        if lk["colour"] not in colours:
            continue
        for side, other in (("a", "b"), ("b", "a")):
            origin = starts.get(str(lk[f"record_id_{side}"]))
            if origin is None or lk[f"deleted_on_{other}"] is not None:
                continue
            ch = _through_link(origin.channel, link_channel)
            rid = str(lk[f"record_id_{other}"])
            prev = reached.get(rid)
            if prev is not None and prev.channel.rank >= ch.rank:
                continue
            owner = lk[f"person_id_{other}"]
            reached[rid] = _Hit(
                rid,
                str(lk[f"system_{other}"]),
                owner if isinstance(owner, int) else None,
                ch,
                origin.conditional,
                f"{lk['colour']} link {lk['link_id']} from {lk[f'record_id_{side}']}",
            )


def _person_reach(
    authority: Authority, purpose: Purpose, reached: Mapping[str, _Hit], person_id: int
) -> PersonReach:
    rows = []
    for hit in sorted(reached.values(), key=lambda h: h.record_id):
        family = COLLECTED_FOR.get(hit.system, "unknown")
        rows.append(
            ReachedRecord(
                record_id=hit.record_id,
                system=hit.system,
                person_id=hit.person_id,
                channel=hit.channel.value,
                conditional=hit.conditional,
                how=hit.how,
                collected_for=family,
                other_purpose=family not in purpose.own_data,
                other_person=hit.person_id != person_id,
            )
        )
    return PersonReach(
        authority=authority.key.value,
        authority_name=authority.name,
        purpose=purpose.key.value,
        records_reached=tuple(rows),
        reached=len(rows),
        collected_for_other_purpose=sum(r.other_purpose for r in rows),
        other_persons_records=sum(r.other_person for r in rows),
    )


def person_visibility(
    access: AccessModel, records: Iterable[Row], links: Iterable[Row], person_id: int
) -> dict[str, tuple[PersonReach, ...]]:
    """Per regime, what each authority reaches by looking up the person of ``records``."""
    own = [r for r in records if r["deleted_on"] is None]
    link_rows = list(links)
    out: dict[str, tuple[PersonReach, ...]] = {}
    for regime in Regime:
        entries = []
        for authority, purpose in access.pairs():
            channels = _access(access, authority.key, purpose.key, regime)
            colours, link_channel = access.visible_links(authority.key, purpose.key, regime)
            reached = _direct_reach(own, channels, person_id)
            if link_channel is not None:
                _reach_through_links(reached, link_rows, frozenset(colours), link_channel)
            entries.append(_person_reach(authority, purpose, reached, person_id))
        out[regime.value] = tuple(entries)
    return out


@dataclass(frozen=True)
class LinkEnd:
    """A link seen from one record: the other end's system and deletion, and whose it is."""

    link_id: int
    colour: str
    other_record_id: str
    other_system: str
    other_deleted: bool
    same_person: bool | None


def _record_reach(
    system: str,
    links: Iterable[LinkEnd],
    channels: Channels,
    colours: frozenset[str],
    link_channel: Channel | None,
) -> tuple[str | None, list[str]]:
    """The best channel to a stored record of ``system`` and every way it is reached."""
    best: Channel | None = None
    how: list[str] = []
    if system in channels:
        best, conditional = channels[system]
        how.append(f"{_how(best, conditional)} in {system}")
    if link_channel is None:
        return (None if best is None else best.value), how
    for lk in links:
        if lk.colour not in colours or lk.other_deleted or lk.other_system not in channels:
            continue
        origin, conditional = channels[lk.other_system]
        ch = _through_link(origin, link_channel)
        best = ch if best is None or ch.rank > best.rank else best
        whose = "same person" if lk.same_person else "another person"
        cond = ", conditional access" if conditional else ""
        how.append(
            f"{ch.value} through {lk.colour} link {lk.link_id} from "
            f"{lk.other_record_id} ({whose}{cond})"
        )
    return (None if best is None else best.value), how


def record_visibility(
    access: AccessModel, system: str, stored: bool, links: Iterable[LinkEnd]
) -> dict[str, tuple[RecordReach, ...]]:
    """Per regime, how each authority reaches a record of ``system`` (none if deleted)."""
    family = COLLECTED_FOR.get(system, "unknown")
    ends = list(links)
    out: dict[str, tuple[RecordReach, ...]] = {}
    for regime in Regime:
        entries = []
        for authority, purpose in access.pairs():
            best: str | None = None
            how: list[str] = []
            if stored:
                channels = _access(access, authority.key, purpose.key, regime)
                colours, link_channel = access.visible_links(authority.key, purpose.key, regime)
                best, how = _record_reach(system, ends, channels, frozenset(colours), link_channel)
            entries.append(
                RecordReach(
                    authority=authority.key.value,
                    authority_name=authority.name,
                    purpose=purpose.key.value,
                    channel=best,
                    how=tuple(how),
                    collected_for=family,
                    other_purpose=best is not None and family not in purpose.own_data,
                )
            )
        out[regime.value] = tuple(entries)
    return out

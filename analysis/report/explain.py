"""One person's (or one record's) records, links and who could see them, for students.

A person view answers "what happens to this (synthetic) person?": the records the
systems hold about them as recorded (with the noise the generator applied), every MID
link touching those records with its colour, basis and scores and whether the hidden
truth agrees, the cross-system pairs the MID missed, and, for each authority and
purpose, what a look-up of this person reaches in the siloed and in the interoperable
regime (directly, through the CIR, or only as a hit flag), including other people's
records reached through wrong links.

A record view answers "who can see this record?": the record, the person it truly
belongs to, its links, and per authority and regime whether the record is reached
directly or through a link from a record the authority reaches.

The access rules come from :data:`schemas.access.ACCESS_MODEL`; a record is reachable
while it is stored (``deleted_on`` is null).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from analysis.truth import link_verdict, with_fraud_flag
from schemas.access import (
    ACCESS_MODEL,
    AccessModel,
    Authority,
    AuthorityKey,
    Channel,
    Purpose,
    PurposeKey,
    Regime,
)
from schemas.errors import ConfigError, WorldError
from schemas.systems import SYSTEMS
from schemas.tables import polars_schema
from schemas.world import World

__all__ = [
    "CHANNEL_REVEALS",
    "Explanation",
    "explain_person",
    "explain_record",
    "explanation_text",
]

COLLECTED_FOR: dict[str, str] = {s.key.value: s.collected_for for s in SYSTEMS}

#: What an authority learns through each channel (IO Arts. 18, 20 and 22 [@eu-2019-817]).
CHANNEL_REVEALS: dict[str, str] = {
    Channel.DIRECT.value: "the whole record in its source system",
    Channel.CIR.value: "identity and travel-document data held in the CIR (IO Art. 18(1))",
    Channel.HIT_FLAG.value: "only which system holds data on the person (IO Art. 22)",
}

# Every column of the CIR view, in the order of its model (truth columns included: the
# explanation is for students, who are shown what the simulator knows).
_RECORD_FIELDS = list(polars_schema("identity_records"))

_PERSON_FIELDS = [
    "person_id",
    "sex",
    "birth_date",
    "birth_country",
    "nationality",
    "region",
    "population_group",
    "naming_culture",
    "given_names_latin",
    "surname_latin",
    "given_names_native",
    "surname_native",
    "lookalike_of",
    "registered",
]

_LINK_FIELDS = [
    "link_id",
    "record_id_a",
    "record_id_b",
    "colour",
    "basis",
    "biometric_score",
    "identity_score",
    "identity_class",
    "document_match",
    "verified",
    "created_on",
    "verified_on",
]


@dataclass(frozen=True)
class Explanation:
    """What :func:`explain_person` or :func:`explain_record` found (see :meth:`to_json`)."""

    kind: str  # "person" or "record"
    subject: str
    world: str
    person: dict[str, Any] | None
    records: list[dict[str, Any]]
    links: list[dict[str, Any]]
    missed_pairs: list[dict[str, Any]]
    visibility: dict[str, list[dict[str, Any]]]
    focus: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready view (dates as ISO strings)."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "subject": self.subject,
            "world": self.world,
            "simulated": True,
            "synthetic_people": True,
            "person": self.person,
        }
        if self.focus is not None:
            out["record"] = self.focus
        out.update(
            records=self.records,
            links=self.links,
            missed_pairs=self.missed_pairs,
            channels=CHANNEL_REVEALS,
            visibility=self.visibility,
            notes=self.notes,
        )
        result: dict[str, Any] = _jsonable(out)
        return result


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, float) and obj != obj:
        return None
    return obj


def _records_of(world: World, predicate: pl.Expr) -> pl.DataFrame:
    if not world.has_table("identity_records"):
        raise WorldError(f"world {world.path} has no identity_records table")
    lf = world.scan("identity_records")
    cols = [c for c in _RECORD_FIELDS if c in lf.collect_schema().names()]
    return lf.filter(predicate).select(cols).sort("registered_on", "record_id").collect()


def _links_touching(world: World, record_ids: list[str]) -> pl.DataFrame | None:
    if not world.has_table("mid_links"):
        return None
    ids = pl.Series(record_ids, dtype=pl.String)
    return (
        world.scan("mid_links")
        .filter(pl.col("record_id_a").is_in(ids) | pl.col("record_id_b").is_in(ids))
        .select(_LINK_FIELDS)
        .sort("link_id")
        .collect()
    )


def _with_truth(world: World, links: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Links joined with both ends' truth and verdict; and every record they name."""
    ends = pl.concat([links["record_id_a"], links["record_id_b"]]).unique().to_list()
    records = with_fraud_flag(world, _records_of(world, pl.col("record_id").is_in(ends)))
    side = records.select("record_id", "system", "person_id", "identity_no", "fraud", "deleted_on")
    joined = links
    for s in ("a", "b"):
        joined = joined.join(
            side.rename({c: f"{c}_{s}" for c in side.columns}), on=f"record_id_{s}", how="left"
        )
    joined = joined.with_columns(
        (pl.col("person_id_a") == pl.col("person_id_b")).alias("same")
    ).with_columns(link_verdict().alias("correct"))
    return joined, records


def _verdict_text(same: bool | None, correct: bool | None, colour: str) -> str:
    if same is None:
        return "unknown"
    if colour == "yellow":
        return "pending: same person" if same else "pending: different persons"
    if correct:
        return "correct"
    return "wrong: different persons" if not same else "wrong: same person"


def _link_rows(joined: pl.DataFrame, own: set[str]) -> list[dict[str, Any]]:
    rows = []
    for r in joined.iter_rows(named=True):
        mine_is_a = r["record_id_a"] in own
        side, other = ("a", "b") if mine_is_a else ("b", "a")
        rows.append(
            {
                "link_id": r["link_id"],
                "record_id": r[f"record_id_{side}"],
                "system": r[f"system_{side}"],
                "other_record_id": r[f"record_id_{other}"],
                "other_system": r[f"system_{other}"],
                "other_person_id": r[f"person_id_{other}"],
                "colour": r["colour"],
                "basis": r["basis"],
                "biometric_score": r["biometric_score"],
                "identity_score": r["identity_score"],
                "identity_class": r["identity_class"],
                "document_match": r["document_match"],
                "verified": r["verified"],
                "created_on": r["created_on"],
                "verified_on": r["verified_on"],
                "same_person": r["same"],
                "colour_correct": r["correct"],
                "verdict": _verdict_text(r["same"], r["correct"], r["colour"]),
            }
        )
    return rows


def _missed_pairs(records: pl.DataFrame, joined: pl.DataFrame | None) -> list[dict[str, Any]]:
    """Cross-system pairs of one person's coexisting records that no link joins."""
    linked: set[frozenset[str]] = set()
    if joined is not None:
        linked = {frozenset(p) for p in joined.select("record_id_a", "record_id_b").iter_rows()}
    rows = list(records.iter_rows(named=True))
    out = []
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if a["system"] == b["system"]:
                continue  # the MID compares only across systems (IO Art. 27(5))
            first, later = (a, b) if a["registered_on"] <= b["registered_on"] else (b, a)
            if first["deleted_on"] is not None and first["deleted_on"] <= later["registered_on"]:
                continue  # never stored at the same time
            if frozenset((a["record_id"], b["record_id"])) in linked:
                continue
            out.append(
                {
                    "record_id_a": later["record_id"],
                    "record_id_b": first["record_id"],
                    "systems": f"{later['system']}|{first['system']}",
                }
            )
    return out


def _best(current: str | None, new: str) -> str:
    if current is None or Channel(new).rank > Channel(current).rank:
        return new
    return current


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


def _direct_reach(
    own: list[dict[str, Any]], channels: Mapping[str, tuple[Channel, bool]], person_id: int
) -> dict[str, dict[str, Any]]:
    """The person's stored records an authority reaches directly, by record id."""
    reached: dict[str, dict[str, Any]] = {}
    for r in own:
        if r["system"] not in channels:
            continue
        ch, conditional = channels[r["system"]]
        reached[r["record_id"]] = {
            "record_id": r["record_id"],
            "system": r["system"],
            "person_id": person_id,
            "channel": ch.value,
            "conditional": conditional,
            "how": _how(ch, conditional),
        }
    return reached


def _reach_through_links(
    reached: dict[str, dict[str, Any]],
    links: list[dict[str, Any]],
    colours: frozenset[str],
    link_channel: Channel,
) -> None:
    """Add the records at the far end of the visible links from directly reached ones."""
    starts = dict(reached)
    for lk in links:
        if lk["colour"] not in colours:
            continue
        for side, other in (("a", "b"), ("b", "a")):
            origin = starts.get(lk[f"record_id_{side}"])
            if origin is None or lk[f"deleted_on_{other}"] is not None:
                continue
            ch = _through_link(Channel(origin["channel"]), link_channel)
            rid = lk[f"record_id_{other}"]
            prev = reached.get(rid)
            if prev is not None and Channel(prev["channel"]).rank >= ch.rank:
                continue
            reached[rid] = {
                "record_id": rid,
                "system": lk[f"system_{other}"],
                "person_id": lk[f"person_id_{other}"],
                "channel": ch.value,
                "conditional": origin["conditional"],
                "how": f"{lk['colour']} link {lk['link_id']} from {lk[f'record_id_{side}']}",
            }


def _reach_entry(
    authority: Authority, purpose: Purpose, reached: dict[str, dict[str, Any]], person_id: int
) -> dict[str, Any]:
    rows = []
    for item in sorted(reached.values(), key=lambda d: d["record_id"]):
        family = COLLECTED_FOR.get(item["system"], "unknown")
        rows.append(
            {
                **item,
                "collected_for": family,
                "other_purpose": family not in purpose.own_data,
                "other_person": item["person_id"] != person_id,
            }
        )
    return {
        "authority": authority.key.value,
        "authority_name": authority.name,
        "purpose": purpose.key.value,
        "records_reached": rows,
        "reached": len(rows),
        "collected_for_other_purpose": sum(r["other_purpose"] for r in rows),
        "other_persons_records": sum(r["other_person"] for r in rows),
    }


def _person_visibility(
    access: AccessModel,
    records: pl.DataFrame,
    joined: pl.DataFrame | None,
    person_id: int,
) -> dict[str, list[dict[str, Any]]]:
    own = [r for r in records.iter_rows(named=True) if r["deleted_on"] is None]
    links = [] if joined is None else list(joined.iter_rows(named=True))
    out: dict[str, list[dict[str, Any]]] = {}
    for regime in Regime:
        entries = []
        for authority, purpose in access.pairs():
            channels = _access(access, authority.key, purpose.key, regime)
            colours, link_channel = access.visible_links(authority.key, purpose.key, regime)
            reached = _direct_reach(own, channels, person_id)
            if link_channel is not None:
                _reach_through_links(reached, links, frozenset(colours), link_channel)
            entries.append(_reach_entry(authority, purpose, reached, person_id))
        out[regime.value] = entries
    return out


def _record_reach(
    record: Mapping[str, Any],
    links: list[Mapping[str, Any]],
    channels: Mapping[str, tuple[Channel, bool]],
    colours: frozenset[str],
    link_channel: Channel | None,
) -> tuple[str | None, list[str]]:
    """The best channel to a stored record and every way it is reached."""
    best: str | None = None
    how: list[str] = []
    if record["system"] in channels:
        ch, conditional = channels[record["system"]]
        best = ch.value
        how.append(f"{_how(ch, conditional)} in {record['system']}")
    if link_channel is None:
        return best, how
    for lk in links:
        if lk["colour"] not in colours or lk.get("other_deleted_on") is not None:
            continue
        if lk["other_system"] not in channels:
            continue
        origin, conditional = channels[lk["other_system"]]
        ch = _through_link(origin, link_channel)
        best = _best(best, ch.value)
        whose = "same person" if lk["same_person"] else "another person"
        cond = ", conditional access" if conditional else ""
        how.append(
            f"{ch.value} through {lk['colour']} link {lk['link_id']} from "
            f"{lk['other_record_id']} ({whose}{cond})"
        )
    return best, how


def _record_visibility(
    access: AccessModel, record: Mapping[str, Any], links: Iterable[Mapping[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    family = COLLECTED_FOR.get(record["system"], "unknown")
    link_rows = list(links)
    out: dict[str, list[dict[str, Any]]] = {}
    for regime in Regime:
        entries = []
        for authority, purpose in access.pairs():
            best: str | None = None
            how: list[str] = []
            if record["deleted_on"] is None:  # a deleted record is reached by no one
                channels = _access(access, authority.key, purpose.key, regime)
                colours, link_channel = access.visible_links(authority.key, purpose.key, regime)
                best, how = _record_reach(
                    record, link_rows, channels, frozenset(colours), link_channel
                )
            entries.append(
                {
                    "authority": authority.key.value,
                    "authority_name": authority.name,
                    "purpose": purpose.key.value,
                    "channel": best,
                    "how": how,
                    "collected_for": family,
                    "other_purpose": best is not None and family not in purpose.own_data,
                }
            )
        out[regime.value] = entries
    return out


def _person_row(world: World, person_id: int) -> dict[str, Any] | None:
    if not world.has_table("persons"):
        return None
    lf = world.scan("persons")
    cols = [c for c in _PERSON_FIELDS if c in lf.collect_schema().names()]
    df = lf.filter(pl.col("person_id") == person_id).select(cols).collect()
    return df.row(0, named=True) if df.height else None


def _person_range(world: World) -> str:
    if not world.has_table("persons"):
        return ""
    lo, hi = (
        world.scan("persons")
        .select(pl.col("person_id").min().alias("lo"), pl.col("person_id").max().alias("hi"))
        .collect()
        .row(0)
    )
    return f" (person ids run from {lo} to {hi})" if lo is not None else ""


def _notes(world: World) -> list[str]:
    notes = ["Simulated world: every person and record here is synthetic."]
    if not world.has_table("mid_links"):
        notes.append("This world is not linked yet (run `interopsim link`): no links shown.")
    return notes


def explain_person(
    world: World, person_id: int, *, access: AccessModel = ACCESS_MODEL
) -> Explanation:
    """Explain one synthetic person: records, links, missed pairs and what each authority sees.

    Raises :class:`ConfigError` when the world holds no such person.
    """
    person = _person_row(world, person_id)
    records = with_fraud_flag(world, _records_of(world, pl.col("person_id") == person_id))
    if person is None and records.height == 0:
        raise ConfigError(f"no person {person_id} in world {world.path}{_person_range(world)}")
    ids = records["record_id"].to_list()
    raw = _links_touching(world, ids) if ids else None
    joined = None
    if raw is not None and raw.height:
        joined, _ = _with_truth(world, raw)
    link_rows = [] if joined is None else _link_rows(joined, set(ids))
    return Explanation(
        kind="person",
        subject=str(person_id),
        world=str(world.path),
        person=person,
        records=[_record_row(r) for r in records.iter_rows(named=True)],
        links=link_rows,
        missed_pairs=_missed_pairs(records, joined),
        visibility=_person_visibility(access, records, joined, person_id),
        notes=_notes(world),
    )


def _record_row(r: Mapping[str, Any]) -> dict[str, Any]:
    row = {k: r[k] for k in _RECORD_FIELDS if k in r}
    row["collected_for"] = COLLECTED_FOR.get(r["system"], "unknown")
    row["stored"] = r["deleted_on"] is None
    row["false_identity_or_document"] = r.get("fraud")
    return row


def _links_of_record(world: World, record_id: str) -> list[dict[str, Any]]:
    """The links touching one record, each with the deletion date of its other end."""
    raw = _links_touching(world, [record_id])
    if raw is None or not raw.height:
        return []
    joined, _ = _with_truth(world, raw)
    rows = _link_rows(joined, {record_id})
    deleted = {
        r[f"record_id_{s}"]: r[f"deleted_on_{s}"]
        for r in joined.iter_rows(named=True)
        for s in ("a", "b")
    }
    for row in rows:
        row["other_deleted_on"] = deleted.get(row["other_record_id"])
    return rows


def _missed_with(world: World, siblings: pl.DataFrame, record_id: str) -> list[dict[str, Any]]:
    """The missed pairs of the person that involve ``record_id``."""
    raw_all = _links_touching(world, siblings["record_id"].to_list())
    all_links = _with_truth(world, raw_all)[0] if raw_all is not None and raw_all.height else None
    return [
        m
        for m in _missed_pairs(siblings, all_links)
        if record_id in (m["record_id_a"], m["record_id_b"])
    ]


def explain_record(
    world: World, record_id: str, *, access: AccessModel = ACCESS_MODEL
) -> Explanation:
    """Explain one record: its data, true owner, links and who can see it in each regime.

    Raises :class:`ConfigError` when the world holds no such record.
    """
    found = with_fraud_flag(world, _records_of(world, pl.col("record_id") == record_id))
    if found.height == 0:
        raise ConfigError(
            f"no record {record_id!r} in world {world.path} (record ids look like "
            "'VIS-…', 'EES-…', 'EURODAC-…', 'SIS-…', 'ETIAS-…' or 'ECRIS-…')"
        )
    record = found.row(0, named=True)
    person_id = int(record["person_id"])
    siblings = with_fraud_flag(world, _records_of(world, pl.col("person_id") == person_id))
    link_rows = _links_of_record(world, record_id)
    return Explanation(
        kind="record",
        subject=record_id,
        world=str(world.path),
        person=_person_row(world, person_id),
        records=[_record_row(r) for r in siblings.iter_rows(named=True)],
        links=link_rows,
        missed_pairs=_missed_with(world, siblings, record_id),
        visibility=_record_visibility(access, record, link_rows),
        focus=_record_row(record),
        notes=_notes(world),
    )


def _fmt_score(x: Any) -> str:
    return "–" if x is None else f"{x:.3g}"


def _record_line(r: Mapping[str, Any]) -> str:
    name = f"{r.get('surname') or '?'}, {r.get('given_names') or '?'}"
    born = r.get("birth_date") or (r.get("birth_year") and f"{r['birth_year']} (year only)") or "?"
    doc = f"doc {r.get('document_number')} ({r.get('document_country')})"
    if not r.get("document_number"):
        doc = "no document"
    stored = "stored" if r.get("stored") else f"deleted {r.get('deleted_on')}"
    noise = r.get("noise_applied") or "none"
    alias = "  [ALIAS identity]" if (r.get("identity_no") or 0) > 0 else ""
    return (
        f"  {r['record_id']:<18} {r['system']:<8} registered {r.get('registered_on')} in "
        f"{r.get('member_state')}, {stored}\n"
        f"      as recorded: {name}; born {born}; {r.get('sex') or '?'}; "
        f"{r.get('nationality') or '?'}; {doc}{alias}\n"
        f"      noise applied by the generator: {noise}"
    )


def _subject_lines(expl: Explanation, data: Mapping[str, Any]) -> list[str]:
    """Who or what is explained, the truth about the person and their records."""
    what = "Person" if expl.kind == "person" else "Record"
    lines = [f"{what} {expl.subject} of world {expl.world} (synthetic, simulated)"]
    p = data["person"]
    if p:
        lines.append(
            f"  truth: {p.get('given_names_latin')} {p.get('surname_latin')}"
            f" ({p.get('given_names_native')} {p.get('surname_native')}), {p.get('sex')}, "
            f"born {p.get('birth_date')}, {p.get('nationality')}, {p.get('region')}, "
            f"group {p.get('population_group')}"
        )
    if expl.kind == "record" and data.get("record"):
        lines += ["", "The record:", _record_line(data["record"])]
        lines += ["", f"All records of its person ({len(data['records'])}):"]
    else:
        lines += ["", f"Records ({len(data['records'])}):"]
    return lines + ([_record_line(r) for r in data["records"]] or ["  none"])


def _link_lines(data: Mapping[str, Any]) -> list[str]:
    """The MID links and the missed pairs."""
    lines = ["", f"MID links ({len(data['links'])}):"]
    for lk in data["links"]:
        whose = "same person" if lk["same_person"] else f"person {lk['other_person_id']}"
        lines.append(
            f"  {lk['record_id']} -- {lk['colour'].upper()} ({lk['basis']}; biometric "
            f"{_fmt_score(lk['biometric_score'])}, identity {_fmt_score(lk['identity_score'])} "
            f"'{lk['identity_class']}', document match {lk['document_match']}) -- "
            f"{lk['other_record_id']} [{whose}] => {lk['verdict']}"
        )
    if not data["links"]:
        lines.append("  none")
    if data["missed_pairs"]:
        lines += ["", "Missed: records of the same person in two systems with no link:"]
        lines += [f"  {m['record_id_a']} / {m['record_id_b']}" for m in data["missed_pairs"]]
    return lines


def _reached_lines(entry: Mapping[str, Any]) -> list[str]:
    """One authority's reach of a person's (and others') records."""
    lines = [f"    {entry['authority_name']} ({entry['purpose']}):"]
    for r in entry["records_reached"]:
        flags = []
        if r["other_purpose"]:
            flags.append(f"collected for {r['collected_for']}")
        if r["other_person"]:
            flags.append(f"ANOTHER PERSON's record (person {r['person_id']})")
        extra = f"  <- {'; '.join(flags)}" if flags else ""
        lines.append(f"      {r['record_id']:<18} {r['channel']:<8} via {r['how']}{extra}")
    return lines


def _visibility_lines(expl: Explanation, data: Mapping[str, Any]) -> list[str]:
    """What each authority could see, per regime."""
    lines = ["", "What each authority could see:"]
    for regime, entries in data["visibility"].items():
        lines.append(f"  {regime}:")
        for e in entries:
            if expl.kind == "person":
                if e["records_reached"]:
                    lines += _reached_lines(e)
            elif e["channel"] is not None:
                flag = f"  <- collected for {e['collected_for']}" if e["other_purpose"] else ""
                lines.append(f"    {e['authority_name']} ({e['purpose']}): {e['channel']}{flag}")
                lines += [f"      {h}" for h in e["how"]]
    return lines


def explanation_text(expl: Explanation) -> str:
    """A readable plain-text rendering of an explanation (for ``--format text``)."""
    data = expl.to_json()
    lines = _subject_lines(expl, data) + _link_lines(data) + _visibility_lines(expl, data)
    lines += ["", "Channels:"]
    lines += [f"  {k:<8} {v}" for k, v in CHANNEL_REVEALS.items()]
    lines += ["", *data["notes"]]
    return "\n".join(lines)

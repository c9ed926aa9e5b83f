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
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl
from pydantic import JsonValue

from analysis._tree import Node, encode
from analysis.report.fields import FieldComparison, compare_fields
from analysis.report.visibility import (
    COLLECTED_FOR,
    LinkEnd,
    PersonReach,
    RecordReach,
    person_visibility,
    record_visibility,
)
from analysis.truth import link_verdict, with_fraud_flag
from schemas.access import ACCESS_MODEL, AccessModel, Channel
from schemas.errors import ConfigError, WorldError
from schemas.tables import polars_schema
from schemas.world import World

__all__ = [
    "CHANNEL_REVEALS",
    "ExplainedLink",
    "Explanation",
    "MissedPair",
    "RecordLink",
    "explain_person",
    "explain_record",
]

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
#: Columns of the links that say why a link has its colour (absent in early worlds).
_RULE_FIELDS = [
    "biometric_state",
    "created_rule",
    "rule",
    "rule_article",
    "verifying_authority",
    "conclusion",
]

#: A row of a table (a person or a record), column by column as the table holds it.
Row = Mapping[str, object]


@dataclass(frozen=True, kw_only=True)
class ExplainedLink(Node):
    """A MID link seen from one of the explained records, with what the truth says."""

    link_id: int
    record_id: str
    system: str | None
    other_record_id: str
    other_system: str | None
    other_person_id: int | None
    colour: str
    basis: str | None
    biometric_score: float | None
    identity_score: float | None
    identity_class: str | None
    document_match: bool | None
    verified: bool | None
    created_on: dt.date | None
    verified_on: dt.date | None
    same_person: bool | None
    colour_correct: bool | None
    verdict: str
    biometric_state: str | None = None
    created_rule: str | None = None
    rule: str | None = None
    rule_article: str | None = None
    verifying_authority: str | None = None
    conclusion: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordLink(ExplainedLink):
    """A link of the record view, with the deletion date of its other end."""

    other_deleted_on: dt.date | None


@dataclass(frozen=True, kw_only=True)
class MissedPair(Node):
    """Two coexisting records of one person in two systems that no link joins."""

    record_id_a: str
    record_id_b: str
    systems: str


@dataclass(frozen=True)
class Explanation:
    """What :func:`explain_person` or :func:`explain_record` found (see :meth:`to_json`).

    ``person`` and ``records`` are table rows (their columns follow the table models);
    ``visibility`` is keyed by regime: :class:`PersonReach` entries for a person,
    :class:`RecordReach` entries for a record (``focus``).
    """

    kind: str  # "person" or "record"
    subject: str
    world: str
    person: Row | None
    records: tuple[Row, ...]
    links: tuple[ExplainedLink, ...]
    missed_pairs: tuple[MissedPair, ...]
    visibility: Mapping[str, tuple[PersonReach, ...] | tuple[RecordReach, ...]]
    focus: Row | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    others: tuple[Row, ...] = ()
    """The records at the far ends of the links (as recorded, with their truth)."""
    other_people: tuple[Row, ...] = ()
    """The synthetic persons those records truly belong to, when not the subject."""
    link_parameters: Mapping[str, object] = field(default_factory=dict)
    """What the link stage recorded of its configuration (thresholds, verification)."""
    fields: Mapping[int, tuple[FieldComparison, ...]] = field(default_factory=dict)
    """Per link id: the two records compared field by field (levels and MID categories)."""

    def to_json(self) -> dict[str, JsonValue]:
        """A JSON-ready view (dates as ISO strings, missing numbers as null)."""
        out: dict[str, JsonValue] = {
            "kind": self.kind,
            "subject": self.subject,
            "world": self.world,
            "simulated": True,
            "synthetic_people": True,
            "person": None if self.person is None else _row_json(self.person),
        }
        if self.focus is not None:
            out["record"] = _row_json(self.focus)
        out.update(
            records=[_row_json(r) for r in self.records],
            links=[lk.to_json() for lk in self.links],
            other_records=[_row_json(r) for r in self.others],
            other_people=[_row_json(p) for p in self.other_people],
            fields={str(k): [f.to_json() for f in v] for k, v in self.fields.items()},
            missed_pairs=[m.to_json() for m in self.missed_pairs],
            channels=dict(CHANNEL_REVEALS),
            visibility={k: [e.to_json() for e in v] for k, v in self.visibility.items()},
            notes=list(self.notes),
        )
        return out


def _row_json(row: Row) -> dict[str, JsonValue]:
    return {str(k): None if _missing(v) else encode(v) for k, v in row.items()}


def _missing(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _birth_dates_as_text(df: pl.DataFrame) -> pl.DataFrame:
    """Birth dates as ISO text (as they are shown): a world observed near year 1 holds
    people born before it, which Python's dates cannot represent."""
    if "birth_date" not in df.columns:
        return df
    return df.with_columns(pl.col("birth_date").cast(pl.String))


def _records_of(world: World, predicate: pl.Expr) -> pl.DataFrame:
    if not world.has_table("identity_records"):
        raise WorldError(f"world {world.path} has no identity_records table")
    lf = world.scan("identity_records")
    cols = [c for c in _RECORD_FIELDS if c in lf.collect_schema().names()]
    found = lf.filter(predicate).select(cols).sort("registered_on", "record_id").collect()
    return _birth_dates_as_text(found)


def _links_touching(world: World, record_ids: list[str]) -> pl.DataFrame | None:
    if not world.has_table("mid_links"):
        return None
    ids = pl.Series(record_ids, dtype=pl.String)
    lf = world.scan("mid_links")
    present = set(lf.collect_schema().names())
    missing = [pl.lit(None, pl.String).alias(c) for c in _RULE_FIELDS if c not in present]
    return (
        lf.filter(pl.col("record_id_a").is_in(ids) | pl.col("record_id_b").is_in(ids))
        .select(*_LINK_FIELDS, *(c for c in _RULE_FIELDS if c in present))
        .with_columns(missing)
        .sort("link_id")
        .collect()
    )


def _with_truth(world: World, links: pl.DataFrame) -> pl.DataFrame:
    """Links joined with both ends' truth (``_a``/``_b`` columns) and their verdict."""
    ends = pl.concat([links["record_id_a"], links["record_id_b"]]).unique().to_list()
    records = with_fraud_flag(world, _records_of(world, pl.col("record_id").is_in(ends)))
    side = records.select("record_id", "system", "person_id", "identity_no", "fraud", "deleted_on")
    joined = links
    for s in ("a", "b"):
        joined = joined.join(
            side.rename({c: f"{c}_{s}" for c in side.columns}), on=f"record_id_{s}", how="left"
        )
    return joined.with_columns(
        (pl.col("person_id_a") == pl.col("person_id_b")).alias("same")
    ).with_columns(link_verdict().alias("correct"))


def _joined_links(world: World, record_ids: list[str]) -> pl.DataFrame | None:
    """The links touching ``record_ids`` with their truth (None when there are none)."""
    raw = _links_touching(world, record_ids) if record_ids else None
    return None if raw is None or not raw.height else _with_truth(world, raw)


def _verdict_text(same: bool | None, correct: bool | None, colour: str) -> str:
    if same is None:
        return "unknown"
    if colour == "yellow":
        return "pending: same person" if same else "pending: different persons"
    if correct:
        return "correct"
    return "wrong: different persons" if not same else "wrong: same person"


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not _missing(value) else None


def _explained_link(r: dict[str, Any], side: str, other: str) -> ExplainedLink:
    """A joined link row seen from its ``side`` record."""
    same, correct = r["same"], r["correct"]
    return ExplainedLink(
        link_id=r["link_id"],
        record_id=r[f"record_id_{side}"],
        system=r[f"system_{side}"],
        other_record_id=r[f"record_id_{other}"],
        other_system=r[f"system_{other}"],
        other_person_id=r[f"person_id_{other}"],
        colour=r["colour"],
        basis=r["basis"],
        biometric_score=_number(r["biometric_score"]),
        identity_score=_number(r["identity_score"]),
        identity_class=r["identity_class"],
        document_match=r["document_match"],
        verified=r["verified"],
        created_on=r["created_on"],
        verified_on=r["verified_on"],
        same_person=same,
        colour_correct=correct,
        verdict=_verdict_text(same, correct, r["colour"]),
        **{c: r.get(c) for c in _RULE_FIELDS},
    )


def _link_rows(joined: pl.DataFrame, own: set[str]) -> tuple[ExplainedLink, ...]:
    return tuple(
        _explained_link(r, *(("a", "b") if r["record_id_a"] in own else ("b", "a")))
        for r in joined.iter_rows(named=True)
    )


def _missed_pairs(records: pl.DataFrame, joined: pl.DataFrame | None) -> tuple[MissedPair, ...]:
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
                MissedPair(
                    record_id_a=later["record_id"],
                    record_id_b=first["record_id"],
                    systems=f"{later['system']}|{first['system']}",
                )
            )
    return tuple(out)


def _person_row(world: World, person_id: int) -> Row | None:
    if not world.has_table("persons"):
        return None
    lf = world.scan("persons")
    cols = [c for c in _PERSON_FIELDS if c in lf.collect_schema().names()]
    df = _birth_dates_as_text(lf.filter(pl.col("person_id") == person_id).select(cols).collect())
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


def _notes(world: World) -> tuple[str, ...]:
    notes = ["Simulated world: every person and record here is synthetic."]
    if not world.has_table("mid_links"):
        notes.append("This world is not linked yet (run `interopsim link`): no links shown.")
    return tuple(notes)


def _far_ends(
    world: World, links: tuple[ExplainedLink, ...], subject: int | None
) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
    """The records at the other ends of ``links`` and the other persons they belong to."""
    ids = sorted({lk.other_record_id for lk in links})
    if not ids:
        return (), ()
    found = with_fraud_flag(world, _records_of(world, pl.col("record_id").is_in(ids)))
    others = tuple(_record_row(r) for r in found.iter_rows(named=True))
    owners = sorted({int(str(r["person_id"])) for r in others} - {subject})
    people = tuple(p for pid in owners if (p := _person_row(world, pid)) is not None)
    return others, people


def _link_fields(
    links: tuple[ExplainedLink, ...], rows: tuple[Row, ...]
) -> dict[int, tuple[FieldComparison, ...]]:
    """Each link's two records compared field by field (links without both rows: none)."""
    by_id = {str(r["record_id"]): r for r in rows}
    out = {}
    for lk in links:
        a, b = by_id.get(lk.record_id), by_id.get(lk.other_record_id)
        if a is not None and b is not None:
            out[lk.link_id] = compare_fields(a, b)
    return out


def _link_parameters(world: World) -> Mapping[str, object]:
    stage = world.manifest.stages.get("link")
    return {} if stage is None else dict(stage.parameters)


def _record_row(r: Mapping[str, object]) -> Row:
    row = {k: r[k] for k in _RECORD_FIELDS if k in r}
    row["collected_for"] = COLLECTED_FOR.get(str(r["system"]), "unknown")
    row["stored"] = r["deleted_on"] is None
    row["false_identity_or_document"] = r.get("fraud")
    return row


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
    joined = _joined_links(world, ids)
    link_rows = list(joined.iter_rows(named=True)) if joined is not None else []
    links = () if joined is None else _link_rows(joined, set(ids))
    others, other_people = _far_ends(world, links, person_id)
    own_rows = tuple(_record_row(r) for r in records.iter_rows(named=True))
    return Explanation(
        kind="person",
        subject=str(person_id),
        world=str(world.path),
        person=person,
        records=own_rows,
        links=links,
        missed_pairs=_missed_pairs(records, joined),
        visibility=person_visibility(access, records.iter_rows(named=True), link_rows, person_id),
        notes=_notes(world),
        others=others,
        other_people=other_people,
        link_parameters=_link_parameters(world),
        fields=_link_fields(links, (*own_rows, *others)),
    )


def _links_of_record(world: World, record_id: str) -> tuple[RecordLink, ...]:
    """The links touching one record, each with the deletion date of its other end."""
    joined = _joined_links(world, [record_id])
    if joined is None:
        return ()
    out = []
    for r in joined.iter_rows(named=True):
        side, other = ("a", "b") if r["record_id_a"] == record_id else ("b", "a")
        seen = _explained_link(r, side, other)
        out.append(RecordLink(**asdict(seen), other_deleted_on=r[f"deleted_on_{other}"]))
    return tuple(out)


def _missed_with(world: World, siblings: pl.DataFrame, record_id: str) -> tuple[MissedPair, ...]:
    """The missed pairs of the person that involve ``record_id``."""
    all_links = _joined_links(world, siblings["record_id"].to_list())
    return tuple(
        m for m in _missed_pairs(siblings, all_links) if record_id in (m.record_id_a, m.record_id_b)
    )


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
    links = _links_of_record(world, record_id)
    others, other_people = _far_ends(world, links, person_id)
    ends = [
        LinkEnd(
            lk.link_id,
            lk.colour,
            lk.other_record_id,
            str(lk.other_system),
            lk.other_deleted_on is not None,
            lk.same_person,
        )
        for lk in links
    ]
    own_rows = tuple(_record_row(r) for r in siblings.iter_rows(named=True))
    return Explanation(
        kind="record",
        subject=record_id,
        world=str(world.path),
        person=_person_row(world, person_id),
        records=own_rows,
        links=links,
        missed_pairs=_missed_with(world, siblings, record_id),
        visibility=record_visibility(
            access, str(record["system"]), record["deleted_on"] is None, ends
        ),
        focus=_record_row(record),
        notes=_notes(world),
        others=others,
        other_people=other_people,
        link_parameters=_link_parameters(world),
        fields=_link_fields(links, (*own_rows, *others)),
    )

"""Records: what each system stores about each journey event, identity data included.

For every record this module decides which identity is presented (true, alias or a
borrowed passport), which document, the Latin spelling the member state's convention
gives (transliteration), and then hands all identity rows to
:func:`synth.corruption.apply_noise` in one vectorised call with per-row rates built
from the scenario (rates x system multiplier x group multiplier).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import polars as pl

from schemas.rng import stream
from schemas.systems import SYSTEMS, IdentityField, SystemKey
from synth.corruption import NoiseType, apply_noise
from synth.documents import DocumentBook
from synth.groups import GROUPS
from synth.identities import ALIAS, BORROWED, TRUE, Identities, build_identities, forged_documents
from synth.journeys import Journeys
from synth.justice import ALERT_TYPES
from synth.member_states import MEMBER_STATES
from synth.names import NameTable
from synth.places import place_table
from synth.population import NAT_CODE, NAT_CULTURE, People
from synth.protection import EURODAC_CATEGORIES
from synth.scenario import Scenario
from synth.vector import NEVER, day_of, mix64, order_by, padded, take, to_date_series

__all__ = [
    "IdentityRows",
    "RecordSet",
    "build_records",
    "identity_columns",
    "noise_rates",
    "recorded_identity",
]

log = logging.getLogger(__name__)

SYSTEM_ORDER: tuple[SystemKey, ...] = tuple(s.key for s in SYSTEMS)
SYSTEM_CODE = {k: i for i, k in enumerate(SYSTEM_ORDER)}
_TRAVEL = (SystemKey.VIS, SystemKey.EES, SystemKey.ETIAS)
_MS_CODES = np.array(MEMBER_STATES, dtype=object)


@dataclass(frozen=True)
class RecordSet:
    """All records of all systems, in one frame and aligned arrays."""

    frame: pl.DataFrame  # identity columns + system + deleted_on + system-specific columns
    system: np.ndarray  # int64 index into SYSTEM_ORDER
    person: np.ndarray  # the body behind the record
    day: np.ndarray
    fp_share: np.ndarray  # probability the system takes fingerprints (before age rules)
    face_share: np.ndarray
    field: np.ndarray  # captured in field conditions
    crossings: pl.DataFrame


def noise_rates(
    scenario: Scenario, group: np.ndarray, system: np.ndarray
) -> dict[NoiseType, np.ndarray]:
    """Per-row probability of every noise type: base (or the group's own rate) x system
    multiplier x group multiplier, capped at 1."""
    noise = scenario.noise
    cell = group * len(SYSTEM_ORDER) + system
    out: dict[NoiseType, np.ndarray] = {}
    for kind, base in noise.rates.items():
        table = np.zeros((len(GROUPS), len(SYSTEM_ORDER)))
        for spec in GROUPS:
            own = noise.group_rates.get(spec.key, {}).get(kind)
            rate = own if own is not None else base * noise.group_multiplier.get(spec.key, 1.0)
            for key, code in SYSTEM_CODE.items():
                table[spec.code, code] = rate * noise.system_multiplier.get(key, 1.0)
        out[kind] = np.minimum(table, 1.0).ravel()[cell]
    return out


def _duplicates(
    scenario: Scenario, key: SystemKey, batch: dict[str, np.ndarray], rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Add second registrations of the same person in the same system."""
    rate = scenario.systems.of(key).duplicate_rate
    n = batch["person"].size
    dup = np.flatnonzero(rng.random(n) < rate)
    as_of = day_of(scenario.world.as_of)
    shift = np.minimum(rng.integers(0, 31, dup.size), np.maximum(as_of - batch["day"][dup], 0))
    out = {k: np.concatenate([v, v[dup]]) for k, v in batch.items()}
    out["day"][n:] += shift
    out["expire"][n:] = np.minimum(out["expire"][n:] + shift, NEVER)
    out["duplicate"] = np.r_[np.zeros(n, dtype=bool), np.ones(dup.size, dtype=bool)]
    return out


def _record_ids(key: SystemKey, order_index: np.ndarray) -> pl.Series:
    numbers = padded(order_index + 1, 9)
    return pl.select(pl.concat_str([pl.lit(f"{key.value}-"), numbers])).to_series()


def _latin(names: NameTable, ids: np.ndarray, variant: np.ndarray, flat: pl.Series) -> pl.Series:
    valid = ids >= 0
    safe = np.where(valid, ids, 0)
    count = names.variant_count[safe].astype(np.int64)
    index = names.variant_offset[safe] + variant % count
    spelled = flat.gather(index)
    return pl.select(pl.when(pl.Series(valid)).then(spelled)).to_series()


def _convention(
    ms: np.ndarray, system: np.ndarray, ids: np.ndarray, names: NameTable
) -> np.ndarray:
    """The Latin variant a member state's system writes for each name (never canonical
    when another spelling exists)."""
    count = names.variant_count[np.maximum(ids, 0)].astype(np.uint64)
    h = mix64(ms, system, np.maximum(ids, 0))
    other = np.maximum(count, np.uint64(2)) - np.uint64(1)
    out: np.ndarray = np.where(count > 1, 1 + (h % other), 0).astype(np.int64)
    return out


def _join(a: pl.Series, b: pl.Series) -> pl.Series:
    """``a`` and ``b`` joined by a space (``a`` alone where ``b`` is null)."""
    frame = pl.DataFrame({"a": a, "b": b})
    return frame.select(pl.concat_str(["a", "b"], separator=" ", ignore_nulls=True)).to_series()


def _recorded_fields(scenario: Scenario, system: np.ndarray) -> dict[IdentityField, np.ndarray]:
    out = {}
    for field in IdentityField:
        table = np.array([field in scenario.systems.of(k).identity_fields for k in SYSTEM_ORDER])
        out[field] = table[system]
    return out


_FIELD_COLUMNS: dict[IdentityField, tuple[str, ...]] = {
    IdentityField.SURNAME: ("surname",),
    IdentityField.GIVEN_NAMES: ("given_names",),
    IdentityField.SURNAME_AT_BIRTH: ("surname_at_birth",),
    IdentityField.BIRTH_DATE: ("birth_date", "birth_year"),
    IdentityField.PLACE_OF_BIRTH: ("place_of_birth",),
    IdentityField.SEX: ("sex",),
    IdentityField.NATIONALITY: ("nationality",),
    IdentityField.DOCUMENT: ("document_number", "document_country"),
}


def _blank_unrecorded(
    frame: pl.DataFrame, recorded: dict[IdentityField, np.ndarray]
) -> pl.DataFrame:
    exprs = []
    for field, columns in _FIELD_COLUMNS.items():
        if recorded[field].all():
            continue
        keep = pl.Series(recorded[field])
        exprs += [pl.when(keep).then(pl.col(c)).otherwise(None).alias(c) for c in columns]
    return frame.with_columns(exprs) if exprs else frame


def _nullable(values: np.ndarray) -> pl.Series:
    series = pl.Series(values.astype(np.int64))
    return pl.select(pl.when(series >= 0).then(series)).to_series()


def _system_columns(
    key: SystemKey, batch: dict[str, np.ndarray], offences: tuple[str, ...]
) -> pl.DataFrame:
    """The columns only system ``key``'s table has."""
    if key is SystemKey.VIS:
        visa = np.array(["C", "D"], dtype=object)
        decision = np.array(["issued", "refused", "pending"], dtype=object)
        return pl.DataFrame(
            {
                "visa_type": take(visa, batch["visa_type"]),
                "decision": take(decision, batch["decision"]),
            }
        )
    if key is SystemKey.EES:
        kinds = np.array(["visa_required", "visa_exempt"], dtype=object)
        return pl.DataFrame(
            {
                "traveller_type": take(kinds, batch["traveller_type"]),
                "overstayer": batch["overstayer"],
            }
        )
    if key is SystemKey.EURODAC:
        cats = np.array(EURODAC_CATEGORIES, dtype=object)
        return pl.DataFrame({"category": take(cats, batch["category"])})
    if key is SystemKey.SIS:
        alerts = np.array(ALERT_TYPES, dtype=object)
        return pl.DataFrame(
            {
                "alert_type": take(alerts, batch["alert_type"]),
                "review_on": to_date_series("review_on", batch["review"]),
            }
        )
    if key is SystemKey.ETIAS:
        status = np.array(["issued", "refused"], dtype=object)
        valid = batch["valid_until"] >= 0
        return pl.DataFrame(
            {
                "status": take(status, batch["status"]),
                "valid_until": to_date_series("valid_until", batch["valid_until"], valid),
            }
        )
    names = np.array(offences, dtype=object)
    return pl.DataFrame(
        {
            "offence_category": take(names, batch["offence"]),
            "sentence_months": pl.Series(batch["sentence_months"], dtype=pl.Int32),
            "serious_offence_flag": batch["serious"],
        }
    )


def _shares(
    key: SystemKey, batch: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = batch["person"].size
    ones = np.ones(n)
    if key is SystemKey.EES:
        fp = batch["traveller_type"].astype(np.float64)  # prints of visa-exempt travellers only
    else:
        fp = batch.get("fp_share", ones)
    face = batch.get("face_share", ones)
    field = batch.get("field", np.zeros(n, dtype=bool))
    return fp, face, field


@dataclass(frozen=True)
class _Ordered:
    key: SystemKey
    batch: dict[str, np.ndarray]
    record_id: pl.Series


def _crossing_frame(
    crossings: dict[str, np.ndarray], file_record_id: pl.Series, as_of: int
) -> pl.DataFrame:
    """The stored EES crossings; ``file_record_id`` gives each crossing's file record id."""
    file = crossings["file"]
    starts = np.r_[True, file[1:] != file[:-1]] if file.size else np.zeros(0, bool)
    rank = np.arange(file.size) - np.flatnonzero(starts)[np.cumsum(starts) - 1]
    stored = np.flatnonzero(crossings["expire"] > as_of)
    owner = file_record_id.gather(stored)
    number = padded(rank[stored] + 1, 4)
    return pl.DataFrame(
        {
            "crossing_id": pl.select(pl.concat_str([owner, pl.lit("-"), number])).to_series(),
            "record_id": owner,
            "person_id": crossings["person"][stored],
            "kind": take(("entry", "exit", "refusal"), crossings["kind"][stored]),
            "crossed_on": to_date_series("crossed_on", crossings["day"][stored]),
            "member_state": take(_MS_CODES, crossings["ms"][stored]),
        }
    )


def _order_systems(
    scenario: Scenario, seed: int, journeys: Journeys
) -> tuple[list[_Ordered], pl.DataFrame]:
    """Duplicates, chronological order and record ids per system; EES crossings."""
    parts = []
    cross_frame = pl.DataFrame()
    for key in SYSTEM_ORDER:
        batch = _duplicates(scenario, key, journeys.records[key], stream(seed, f"duplicates/{key}"))
        order = order_by(batch["day"], batch["person"])
        batch = {k: v[order] for k, v in batch.items()}
        n = order.size
        record_id = _record_ids(key, np.arange(n, dtype=np.int64))
        if key is SystemKey.EES:
            position = np.empty(n, dtype=np.int64)
            position[order] = np.arange(n, dtype=np.int64)
            owner = position[journeys.crossings["file"]]
            cross_frame = _crossing_frame(
                journeys.crossings, record_id.gather(owner), day_of(scenario.world.as_of)
            )
        parts.append(_Ordered(key, batch, record_id))
    return parts, cross_frame


@dataclass(frozen=True)
class _Stacked:
    """The records of every system, one after another (system by system, in time order)."""

    system: np.ndarray  # int64 index into SYSTEM_ORDER
    person: np.ndarray
    day: np.ndarray
    ms: np.ndarray
    expire: np.ndarray

    @classmethod
    def of(cls, parts: list[_Ordered]) -> _Stacked:
        return cls(
            system=np.concatenate(
                [np.full(p.batch["person"].size, SYSTEM_CODE[p.key], dtype=np.int64) for p in parts]
            ),
            person=np.concatenate([p.batch["person"] for p in parts]),
            day=np.concatenate([p.batch["day"] for p in parts]),
            ms=np.concatenate([p.batch["ms"] for p in parts]),
            expire=np.concatenate([p.batch["expire"] for p in parts]),
        )


@dataclass(frozen=True)
class _Presented:
    """Per record: which identity is presented, on which document, and whose data it is."""

    identity_no: np.ndarray  # TRUE, ALIAS or BORROWED
    alias: np.ndarray  # bool: the person's alias
    source: np.ndarray  # the person whose true data is presented (self or a holder)
    doc: np.ndarray  # document id, -1 when none


def _presented_identities(
    scenario: Scenario,
    rng: np.random.Generator,
    people: People,
    ids: Identities,
    book: DocumentBook,
    rows: _Stacked,
) -> _Presented:
    """Impostors use the holder's passport on some travel records; alias holders use
    their alias on some records (with its forged passport, if any); else the truth."""
    f, person, day = scenario.fraud, rows.person, rows.day
    n = person.size
    travel = np.isin(rows.system, [SYSTEM_CODE[k] for k in _TRAVEL])
    holder = ids.holder[person]
    borrowed = (holder >= 0) & travel & (rng.random(n) < f.fraudulent_document_use_share)
    holder_doc = book.valid_on(np.maximum(holder, 0), day)
    borrowed &= holder_doc >= 0
    alias = ids.has_alias[person] & ~borrowed & (rng.random(n) < f.alias_use_share)
    first_use = np.full(people.n, np.int64(2**40), dtype=np.int64)
    np.minimum.at(first_use, person[alias], day[alias])
    forged = forged_documents(scenario, book, ids, np.where(first_use < 2**40, first_use, -1))
    doc = np.where(alias, forged[person], book.valid_on(person, day))
    if borrowed.any():
        key = person[borrowed] * np.int64(2**31) + holder_doc[borrowed]
        unique, inverse = np.unique(key, return_inverse=True)
        copies = book.add_borrowed(unique // 2**31, unique % 2**31)
        doc[borrowed] = copies[inverse]
    return _Presented(
        identity_no=np.where(borrowed, BORROWED, np.where(alias, ALIAS, TRUE)),
        alias=alias,
        source=np.where(borrowed, holder, person),
        doc=doc,
    )


@dataclass(frozen=True)
class IdentityRows:
    """The identity data presented on each record, as arrays (name ids, days, indices)."""

    given: np.ndarray
    given2: np.ndarray  # -1: none
    surname: np.ndarray
    surname2: np.ndarray  # -1: none
    birth: np.ndarray  # day number
    male: np.ndarray
    nationality: np.ndarray  # index into NATIONALITIES
    place: np.ndarray  # index into place_table().names
    ms: np.ndarray  # member state index of the recording member state
    system: np.ndarray  # index into SYSTEM_ORDER


def identity_columns(
    rows: IdentityRows,
    names: NameTable,
    translit: np.ndarray,
    document_number: pl.Series,
    document_country: pl.Series,
) -> pl.DataFrame:
    """The identity columns of ``rows``; where ``translit``, names in the member state's
    Latin spelling convention (the name ids are kept for the noise)."""
    spelt = np.flatnonzero(translit)

    def spelled(name_ids: np.ndarray) -> pl.Series:
        variant = np.zeros(name_ids.size, dtype=np.int64)
        variant[spelt] = _convention(rows.ms[spelt], rows.system[spelt], name_ids[spelt], names)
        return _latin(names, name_ids, variant, names.variants_series)

    birth = rows.birth
    years = birth.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    surname_text = _join(spelled(rows.surname), spelled(rows.surname2))
    return pl.DataFrame(
        {
            "surname": surname_text,
            "given_names": _join(spelled(rows.given), spelled(rows.given2)),
            "surname_at_birth": surname_text,
            "birth_date": to_date_series("birth_date", birth),
            "birth_year": pl.Series(years, dtype=pl.Int16),
            "sex": take(("F", "M"), rows.male.astype(np.int64)),
            "nationality": take(NAT_CODE, rows.nationality),
            "place_of_birth": take(place_table().names, rows.place),
            "document_number": document_number,
            "document_country": document_country,
            "culture": take(NAT_CULTURE, rows.nationality),
            "given_id": rows.given,
            "given_id2": _nullable(rows.given2),
            "surname_id": rows.surname,
            "surname_id2": _nullable(rows.surname2),
        }
    )


def _identity_frame(
    rows: _Stacked,
    people: People,
    ids: Identities,
    shown: _Presented,
    names: NameTable,
    book: DocumentBook,
    translit: np.ndarray,
) -> pl.DataFrame:
    """The identity columns as presented (true data, an alias, or a holder's data)."""
    person, alias, src = rows.person, shown.alias, shown.source
    presented = IdentityRows(
        given=np.where(alias, ids.alias_given_id[person], people.given_id[src]),
        given2=np.where(alias, ids.alias_given_id2[person], people.given_id2[src]),
        surname=np.where(alias, ids.alias_surname_id[person], people.surname_id[src]),
        surname2=np.where(alias, ids.alias_surname_id2[person], people.surname_id2[src]),
        birth=np.where(alias, ids.alias_birth[person], people.birth[src]),
        male=people.male[src],
        nationality=np.where(alias, ids.alias_nationality[person], people.nationality[src]),
        place=np.where(alias, ids.alias_place[person], people.place[src]),
        ms=rows.ms,
        system=rows.system,
    )
    return identity_columns(
        presented, names, translit, book.numbers(shown.doc), book.countries(shown.doc)
    )


def recorded_identity(
    scenario: Scenario,
    frame: pl.DataFrame,
    system: np.ndarray,
    rates: dict[NoiseType, np.ndarray],
    translit: np.ndarray,
    names: NameTable,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """Only the fields each system records, after every other noise type (drawn from
    ``rng``); ``frame`` comes from :func:`identity_columns`."""
    recorded = _recorded_fields(scenario, system)
    # The member state's spelling is logged first; apply_noise appends its own keys.
    frame = _blank_unrecorded(frame, recorded).with_columns(
        noise_applied=take(("", NoiseType.TRANSLITERATION.value), translit.astype(np.int64))
    )
    noisy = apply_noise(frame, rates, rng, names)
    return _blank_unrecorded(noisy, recorded).drop(
        "culture", "given_id", "given_id2", "surname_id", "surname_id2"
    )


def build_records(
    scenario: Scenario,
    seed: int,
    people: People,
    journeys: Journeys,
    names: NameTable,
    book: DocumentBook,
) -> tuple[RecordSet, dict[SystemKey, pl.DataFrame]]:
    """Identity rows of every record (noise applied) and each system's own columns."""
    rng = stream(seed, "records")
    as_of = day_of(scenario.world.as_of)
    parts, crossings = _order_systems(scenario, seed, journeys)
    rows = _Stacked.of(parts)
    n = rows.person.size
    ids = build_identities(scenario, people, names, book, rng)
    shown = _presented_identities(scenario, rng, people, ids, book, rows)
    # The member state's transliteration convention, then every other noise type.
    rates = noise_rates(scenario, people.group[rows.person], rows.system)
    translit = rng.random(n) < rates.pop(NoiseType.TRANSLITERATION, np.zeros(n))
    frame = _identity_frame(rows, people, ids, shown, names, book, translit)
    identity = recorded_identity(
        scenario, frame, rows.system, rates, translit, names, stream(seed, "noise")
    )
    in_cir = np.array([s.in_cir for s in SYSTEMS])[rows.system]
    frame = identity.with_columns(
        record_id=pl.concat([p.record_id for p in parts]),
        person_id=pl.Series(rows.person, dtype=pl.Int64),
        identity_no=pl.Series(shown.identity_no, dtype=pl.Int16),
        registered_on=to_date_series("registered_on", rows.day),
        member_state=take(_MS_CODES, rows.ms),
        system=take([k.value for k in SYSTEM_ORDER], rows.system),
        in_cir=in_cir,
        deleted_on=to_date_series("deleted_on", rows.expire, rows.expire <= as_of),
    )
    shares = [_shares(p.key, p.batch) for p in parts]
    records = RecordSet(
        frame=frame,
        system=rows.system,
        person=rows.person,
        day=rows.day,
        fp_share=np.concatenate([s[0] for s in shares]),
        face_share=np.concatenate([s[1] for s in shares]),
        field=np.concatenate([s[2] for s in shares]),
        crossings=crossings,
    )
    log.info("records: %d identity rows", n)
    return records, {p.key: _system_columns(p.key, p.batch, journeys.offences) for p in parts}

"""Journeys: who meets which system, when and where, over the simulated period.

The result is one batch of record arrays per system (person, day, member state,
retention end and the system's own fields) plus the EES crossings. Dates within a
person's journey are in chronological order: visa before entry before overstay before
apprehension; irregular crossing before asylum application before secondary application.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from schemas.rng import stream
from schemas.systems import SystemKey
from synth.groups import GROUP_BY_KEY, PopulationGroup, group_array
from synth.population import NAT_VISA, People
from synth.scenario import AlertType, Scenario
from synth.travel import (
    ENTRY,
    EXIT,
    REFUSAL,
    Context,
    Trips,
    ees_files,
    etias_chain,
    trips_in_windows,
    trips_on_visas,
    visa_applications,
)
from synth.vector import NEVER, YEAR_DAYS, age_years, explode, order_by, years_to_days

__all__ = [
    "ALERT_TYPES",
    "EURODAC_CATEGORIES",
    "Journeys",
    "build_journeys",
]

log = logging.getLogger(__name__)

Batch = dict[str, np.ndarray]
APPLICANT, IRREGULAR, ILLEGAL_STAY = 0, 1, 2
EURODAC_CATEGORIES = ("applicant", "irregular_crossing", "illegal_stay")
ALERT_TYPES: tuple[str, ...] = tuple(a.value for a in AlertType)
G = PopulationGroup
_GC = {g: GROUP_BY_KEY[g].code for g in G}


@dataclass(frozen=True)
class Journeys:
    """Per-system record batches (person-level) and the EES crossings."""

    records: dict[SystemKey, Batch]
    crossings: Batch
    offences: tuple[str, ...]


def _uniform_days(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    span = np.maximum(hi - lo, 0) + 1
    out: np.ndarray = lo + np.floor(rng.random(lo.size) * span).astype(np.int64)
    return out


def _families(people: People, group: G) -> np.ndarray:
    return np.flatnonzero(people.fam_group == _GC[group])


def _to_persons(people: People, fam_batch: Batch) -> Batch:
    """Expand family-level events to one row per family member (``person`` added)."""
    fam = fam_batch["fam"]
    event, rank = explode(people.fam_size[fam])
    out = {k: v[event] for k, v in fam_batch.items() if k != "fam"}
    out["person"] = people.fam_start[fam[event]] + rank
    return out


def _concat(batches: list[Batch]) -> Batch:
    keys = [k for k in batches[0] if all(k in b for b in batches)]
    return {k: np.concatenate([b[k] for b in batches]) for k in keys}


def _eurodac(
    fam: np.ndarray, day: np.ndarray, ms: np.ndarray, category: int, field: bool, expire: int
) -> Batch:
    return {
        "fam": fam,
        "day": day,
        "ms": ms,
        "category": np.full(fam.size, category, dtype=np.int64),
        "field": np.full(fam.size, field),
        "expire": day + expire,
    }


def _travel(
    ctx: Context, rng: np.random.Generator
) -> tuple[list[Batch], list[Batch], Trips, list[Batch]]:
    """VIS and ETIAS applications and trips of travellers and overstayers (family level)."""
    people, j = ctx.people, ctx.scenario.journeys
    fam_nat = people.nationality[people.fam_start]
    travellers = np.concatenate(
        [_families(people, G.VISA_REQUIRED), _families(people, G.VISA_EXEMPT)]
    )
    over = _families(people, G.OVERSTAYER)
    fams = np.concatenate([travellers, over])
    is_over = np.r_[np.zeros(travellers.size, bool), np.ones(over.size, bool)]
    # Overstayers travel in a window that leaves time for the overstay to show.
    lo = np.full(fams.size, ctx.start, dtype=np.int64)
    hi = np.where(is_over, ctx.as_of - 120 - j.visa_validity_days, ctx.as_of)
    hi = np.maximum(hi, lo)
    visa = NAT_VISA[fam_nat[fams]]
    vis = visa_applications(
        ctx,
        rng,
        fams[visa],
        lo[visa],
        hi[visa],
        1 + rng.poisson(j.vis_reapplication_mean, int(visa.sum())),
        is_over[visa],
    )
    trips_v = trips_on_visas(ctx, rng, vis)
    trips_x = trips_in_windows(ctx, rng, fams[~visa], lo[~visa], hi[~visa])
    etias = etias_chain(ctx, rng, trips_x, people.fam_size.size)
    trips = _merge_trips(trips_v, trips_x)
    # The last trip of an overstayer family is never left: an overstay once it ends.
    last = np.r_[trips.fam[1:] != trips.fam[:-1], True]
    over_fam = np.zeros(people.fam_size.size, dtype=bool)
    over_fam[over] = True
    stays = last & over_fam[trips.fam] & ~trips.refused
    overstay = stays & (trips.stay_end < ctx.as_of)
    trips = Trips(
        fam=trips.fam,
        entry=trips.entry,
        exit=np.where(stays, -1, trips.exit),
        stay_end=trips.stay_end,
        ms=trips.ms,
        refused=trips.refused,
        overstay=overstay,
    )
    # Some overstayers are apprehended later and recorded in Eurodac (illegal stay).
    caught = overstay & (rng.random(trips.fam.size) < j.overstayer_apprehended_share)
    when = trips.stay_end[caught] + rng.integers(30, 721, int(caught.sum()))
    ok = when <= ctx.as_of
    fam = trips.fam[caught][ok]
    keep = years_to_days(ctx.scenario.retention.eurodac_illegal_stay_years)
    stay_batch = _eurodac(
        fam, when[ok], ctx.other_member_state(rng, ctx.fam_home(fam)), ILLEGAL_STAY, False, keep
    )
    return [vis], [etias], trips, [stay_batch]


def _merge_trips(a: Trips, b: Trips) -> Trips:
    fields = list(a.__dataclass_fields__)
    merged = {f: np.concatenate([getattr(a, f), getattr(b, f)]) for f in fields}
    order = order_by(merged["fam"], merged["entry"])
    return Trips(**{f: v[order] for f, v in merged.items()})


def _protection(
    ctx: Context, rng: np.random.Generator
) -> tuple[list[Batch], list[Batch], list[Batch], Trips]:
    """Asylum applicants and irregular crossers (family level): Eurodac records, plus the
    visa or ETIAS application and entry of applicants who first came legally."""
    people, j, r = ctx.people, ctx.scenario.journeys, ctx.scenario.retention
    applicant_keep = years_to_days(r.eurodac_applicant_years)
    irregular_keep = years_to_days(r.eurodac_irregular_years)
    stay_keep = years_to_days(r.eurodac_illegal_stay_years)
    frontline = np.arange(ctx.frontline_p.size)
    eurodac: list[Batch] = []

    asylum = _families(people, G.ASYLUM_APPLICANT)
    arrival = _uniform_days(rng, np.full(asylum.size, ctx.start), np.full(asylum.size, ctx.as_of))
    home = ctx.fam_home(asylum)
    prior_visa = rng.random(asylum.size) < j.asylum_prior_visa_share
    irregular = ~prior_visa & (rng.random(asylum.size) < j.asylum_prior_irregular_share)
    applied = np.minimum(
        arrival + np.where(irregular, rng.integers(1, 61, asylum.size), 0), ctx.as_of
    )
    entry_ms = rng.choice(frontline, size=asylum.size, p=ctx.frontline_p)
    eurodac.append(
        _eurodac(
            asylum[irregular],
            arrival[irregular],
            entry_ms[irregular],
            IRREGULAR,
            True,
            irregular_keep,
        )
    )
    eurodac.append(_eurodac(asylum, applied, home, APPLICANT, False, applicant_keep))
    second = rng.random(asylum.size) < j.asylum_secondary_share
    again = applied + rng.integers(90, 721, asylum.size)
    second &= again <= ctx.as_of
    eurodac.append(
        _eurodac(
            asylum[second],
            again[second],
            ctx.other_member_state(rng, home[second]),
            APPLICANT,
            False,
            applicant_keep,
        )
    )
    # Applicants who came legally: a visa (or ETIAS) before the entry, then no exit.
    fam_nat = people.nationality[people.fam_start]
    legal = asylum[prior_visa]
    legal_day = arrival[prior_visa]
    visa = NAT_VISA[fam_nat[legal]]
    lead = rng.integers(30, 181, legal.size)
    apply_lo = np.maximum(legal_day - lead, ctx.start)
    vis = visa_applications(
        ctx,
        rng,
        legal[visa],
        apply_lo[visa],
        apply_lo[visa],
        np.ones(int(visa.sum()), dtype=np.int64),
        np.ones(int(visa.sum()), dtype=bool),
    )
    n_legal = legal.size
    trips = Trips(
        fam=legal,
        entry=np.maximum(legal_day, apply_lo + j.vis_decision_days),
        exit=np.full(n_legal, -1, dtype=np.int64),
        stay_end=legal_day + 89,
        ms=home[prior_visa],
        refused=np.zeros(n_legal, dtype=bool),
        overstay=np.zeros(n_legal, dtype=bool),
    )
    trips = trips.select(trips.entry <= ctx.as_of)
    exempt_trips = trips.select(~NAT_VISA[fam_nat[trips.fam]])
    etias = etias_chain(ctx, rng, exempt_trips, people.fam_size.size)

    crossers = _families(people, G.IRREGULAR_CROSSER)
    day = _uniform_days(rng, np.full(crossers.size, ctx.start), np.full(crossers.size, ctx.as_of))
    ms = rng.choice(frontline, size=crossers.size, p=ctx.frontline_p)
    eurodac.append(_eurodac(crossers, day, ms, IRREGULAR, True, irregular_keep))
    later = day + rng.integers(90, 541, crossers.size)
    found = (rng.random(crossers.size) < j.irregular_illegal_stay_share) & (later <= ctx.as_of)
    eurodac.append(
        _eurodac(
            crossers[found],
            later[found],
            ctx.other_member_state(rng, ms[found]),
            ILLEGAL_STAY,
            False,
            stay_keep,
        )
    )
    return eurodac, [vis], [etias], trips


def _crossings(ctx: Context, people: People, trips: Trips) -> Batch:
    """Person-level EES crossing rows (entry or refusal, then exit) with retention."""
    keep3 = years_to_days(ctx.scenario.retention.ees_record_years)
    keep5 = years_to_days(ctx.scenario.retention.ees_overstayer_years)
    fam_batch = {
        "fam": trips.fam,
        "entry": trips.entry,
        "exit": trips.exit,
        "ms": trips.ms,
        "refused": trips.refused,
        "overstay": trips.overstay,
        "stay_end": trips.stay_end,
    }
    t = _to_persons(people, fam_batch)
    has_exit = t["exit"] >= 0
    entry_expire = np.where(
        t["refused"],
        t["entry"] + keep3,
        np.where(
            has_exit, t["exit"] + keep3, np.where(t["overstay"], t["stay_end"] + keep5, NEVER)
        ),
    )
    n_exit = int(has_exit.sum())
    return {
        "person": np.r_[t["person"], t["person"][has_exit]],
        "day": np.r_[t["entry"], t["exit"][has_exit]],
        "kind": np.r_[np.where(t["refused"], REFUSAL, ENTRY), np.full(n_exit, EXIT)],
        "ms": np.r_[t["ms"], t["ms"][has_exit]],
        "expire": np.r_[entry_expire, t["exit"][has_exit] + keep3],
        "overstay": np.r_[t["overstay"], np.zeros(n_exit, dtype=bool)],
    }


def _first_days(n: int, batches: list[Batch], fallback: int) -> np.ndarray:
    """Each person's first recorded day (``fallback`` for people without records)."""
    first = np.full(n, NEVER, dtype=np.int64)
    for b in batches:
        if b["person"].size:
            np.minimum.at(first, b["person"], b["day"])
    out: np.ndarray = np.where(first == NEVER, fallback, first)
    return out


def _sis(ctx: Context, rng: np.random.Generator, first: np.ndarray, seen: np.ndarray) -> Batch:
    """Person alerts: per-group rates, group-specific alert types, review and expiry."""
    s, people = ctx.scenario.sis, ctx.people
    rate = group_array(s.alert_rate)
    who = np.flatnonzero(seen & (rng.random(people.n) < rate[people.group]))
    day = _uniform_days(rng, first[who], np.full(who.size, ctx.as_of))
    alert = np.zeros(who.size, dtype=np.int64)
    for g in G:
        mine = people.group[who] == _GC[g]
        weights = dict(s.group_alert_type_weights.get(g) or s.alert_type_weights)
        p = np.array([weights.get(a, 0.0) for a in AlertType])
        alert[mine] = rng.choice(len(p), size=int(mine.sum()), p=p / p.sum())
    period = np.array([years_to_days(s.review_years[a]) for a in AlertType])[alert]
    extensions = (
        rng.geometric(1.0 - s.extension_share, who.size)
        if s.extension_share < 1
        else (np.full(who.size, 10**6))
    )
    expire = day + period * extensions
    stored = expire > ctx.as_of
    next_review = day + period * np.maximum(np.ceil((ctx.as_of + 1 - day) / period), 1)
    review = np.where(stored, next_review.astype(np.int64), expire)
    return {
        "person": who,
        "day": day,
        "ms": ctx.member_state(rng, people.home_ms[who]),
        "alert_type": alert,
        "review": review,
        "expire": np.minimum(expire, NEVER),
        "fp_share": np.full(who.size, s.fingerprint_share),
        "face_share": np.full(who.size, s.face_share),
    }


def _ecris(ctx: Context, rng: np.random.Generator, first: np.ndarray, seen: np.ndarray) -> Batch:
    """Convictions of registered people, from the later of arrival and the minimum age."""
    e, people = ctx.scenario.ecris, ctx.people
    rate = group_array(e.conviction_rate)
    who = np.flatnonzero(seen & (rng.random(people.n) < rate[people.group]))
    of_age = people.birth[who] + np.ceil(e.min_age * YEAR_DAYS).astype(np.int64)
    lo = np.maximum(first[who], of_age)
    ok = lo <= ctx.as_of
    who, lo = who[ok], lo[ok]
    day = _uniform_days(rng, lo, np.full(who.size, ctx.as_of))
    names = list(e.offence_weights)
    p = np.array([e.offence_weights[k] for k in names])
    offence = rng.choice(len(names), size=who.size, p=p / p.sum())
    custodial = rng.random(who.size) < e.custodial_share
    months = np.where(custodial, 1 + rng.poisson(max(e.sentence_months_mean - 1, 0), who.size), 0)
    terror = np.array([k == "terrorism" for k in names])[offence]
    fingerprints = (months >= e.fingerprint_sentence_months) | (
        rng.random(who.size) < e.fingerprint_share_short_sentence
    )
    return {
        "person": who,
        "day": day,
        "ms": ctx.member_state(rng, people.home_ms[who]),
        "offence": offence,
        "sentence_months": months,
        "serious": terror | (months >= e.serious_sentence_months),
        "expire": day + years_to_days(ctx.scenario.retention.ecris_years),
        "fp_share": fingerprints.astype(np.float64),
        "face_share": np.full(who.size, e.face_share),
    }


def _operating(ctx: Context, key: SystemKey, batch: Batch) -> Batch:
    keep = batch["day"] >= ctx.operational_from(key)
    if keep.all():
        return batch
    return {k: v[keep] for k, v in batch.items()}


def build_journeys(scenario: Scenario, seed: int, people: People) -> Journeys:
    """Every record the population's journeys create, per system (before identities)."""
    rng = stream(seed, "journeys")
    ctx = Context.of(scenario, people)
    vis_t, etias_t, trips_t, stay_batches = _travel(ctx, rng)
    eurodac_p, vis_p, etias_p, trips_p = _protection(ctx, rng)
    trips = _merge_trips(trips_t, trips_p)

    vis = _operating(ctx, SystemKey.VIS, _to_persons(people, _concat(vis_t + vis_p)))
    etias = _operating(ctx, SystemKey.ETIAS, _to_persons(people, _concat(etias_t + etias_p)))
    eurodac = _to_persons(people, _concat(eurodac_p + stay_batches))
    eurodac = _operating(ctx, SystemKey.EURODAC, eurodac)
    # Eurodac data sets start with biometric data: nobody below the biometric age.
    cfg = scenario.systems.EURODAC
    youngest = min(
        cfg.fingerprint_min_age if cfg.fingerprints else 150,
        cfg.face_min_age if cfg.face else 150,
    )
    old_enough = age_years(people.birth[eurodac["person"]], eurodac["day"]) >= youngest
    eurodac = {k: v[old_enough] for k, v in eurodac.items()}

    crossings = _crossings(ctx, people, trips)
    crossings = _operating(ctx, SystemKey.EES, crossings)
    visa_exempt = ~NAT_VISA[people.nationality]
    files, crossings = ees_files(ctx, crossings, visa_exempt)

    batches = [vis, etias, eurodac, files]
    seen = np.zeros(people.n, dtype=bool)
    for b in batches:
        seen[b["person"]] = True
    first = _first_days(people.n, batches, ctx.start)
    sis = _operating(ctx, SystemKey.SIS, _sis(ctx, rng, first, seen))
    ecris = _operating(ctx, SystemKey.ECRIS, _ecris(ctx, rng, first, seen))
    records = {
        SystemKey.VIS: vis,
        SystemKey.EES: files,
        SystemKey.EURODAC: eurodac,
        SystemKey.SIS: sis,
        SystemKey.ETIAS: etias,
        SystemKey.ECRIS: ecris,
    }
    for key, batch in records.items():
        batch["expire"] = np.minimum(batch["expire"], NEVER)
        log.info("journeys: %s %d records", key, batch["person"].size)
    return Journeys(
        records=records, crossings=crossings, offences=tuple(scenario.ecris.offence_weights)
    )

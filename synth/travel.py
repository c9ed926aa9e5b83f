"""Short-stay travel: visa applications, trips, overstays, ETIAS and the Entry/Exit System.

Visa-required travellers apply for visas (VIS) and travel on the issued ones;
visa-exempt travellers apply for an ETIAS authorisation before a trip it does not yet
cover; every trip is an entry (or a refusal at the border) and, unless the traveller
stays, an exit. An overstayer family never leaves on its last trip: once the authorised
stay has ended, that trip is an overstay. The EES turns the crossings into individual
files with their retention.

Travel parties (families) apply and travel together: events are drawn per family and
expanded to its members later (:mod:`synth.batches`). All arrays are int64 days or
indices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synth.batches import Batch, families, to_persons
from synth.draws import Context, uniform_days
from synth.groups import PopulationGroup
from synth.population import NAT_VISA, People
from synth.vector import (
    NEVER,
    explode,
    first_true_per_group,
    group_cummax,
    order_by,
    years_to_days,
)

__all__ = [
    "ENTRY",
    "EXIT",
    "REFUSAL",
    "Travel",
    "Trips",
    "ees_crossings",
    "ees_files",
    "etias_chain",
    "merge_trips",
    "travel_journeys",
    "visa_applications",
]

ENTRY, EXIT, REFUSAL = 0, 1, 2
VISA_C, VISA_D = 0, 1
ISSUED, REFUSED, PENDING = 0, 1, 2
_LONG_STAY_DAYS = 365  # assumption: validity of a national long-stay visa
# The authorised short stay: 90 days in any 180, the stay the EES computes [@eu-2017-2226].
_MAX_STAY_DAYS = 90
# Overstayers travel in a window that leaves this many days (beyond a visa's validity)
# for the overstay to show before the as-of date.
_OVERSTAY_MARGIN_DAYS = 120


@dataclass(frozen=True)
class Trips:
    """Trips of families, sorted by family then entry day, never overlapping."""

    fam: np.ndarray
    entry: np.ndarray
    exit: np.ndarray  # -1: no exit recorded (still inside, or overstaying)
    stay_end: np.ndarray  # last day of the authorised stay
    ms: np.ndarray
    refused: np.ndarray  # bool: entry refused at the border
    overstay: np.ndarray  # bool: no exit, and the authorised stay ended before the as-of date

    def select(self, keep: np.ndarray) -> Trips:
        """The trips where ``keep`` is true."""
        return Trips(*(getattr(self, f)[keep] for f in self.__dataclass_fields__))


@dataclass(frozen=True)
class Travel:
    """Family-level VIS and ETIAS applications and the trips of every traveller."""

    vis: Batch
    etias: Batch
    trips: Trips


def merge_trips(a: Trips, b: Trips) -> Trips:
    """The trips of ``a`` and ``b`` together, sorted by family then entry day."""
    fields = list(a.__dataclass_fields__)
    merged = {f: np.concatenate([getattr(a, f), getattr(b, f)]) for f in fields}
    order = order_by(merged["fam"], merged["entry"])
    return Trips(**{f: v[order] for f, v in merged.items()})


# --- visas ------------------------------------------------------------------------------


def visa_applications(
    ctx: Context,
    rng: np.random.Generator,
    fam: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    n_apps: np.ndarray,
    force_issued: np.ndarray,
) -> Batch:
    """Family-level VIS applications: ``n_apps[i]`` per family ``fam[i]`` in [lo, hi]."""
    j = ctx.scenario.journeys
    owner, _ = explode(n_apps)
    f = fam[owner]
    day = uniform_days(rng, lo[owner], hi[owner])
    order = order_by(f, day)
    f, day, forced = f[order], day[order], force_issued[owner][order]
    decided = day + j.vis_decision_days
    refused = (rng.random(f.size) < j.vis_refusal_rate) & ~forced
    decision = np.where(decided > ctx.as_of, PENDING, np.where(refused, REFUSED, ISSUED))
    long_stay = rng.random(f.size) < j.vis_long_stay_share
    valid_to = decided + np.where(long_stay, _LONG_STAY_DAYS, j.visa_validity_days) - 1
    keep5 = years_to_days(ctx.scenario.retention.vis_years)
    expire = np.where(
        decision == ISSUED,
        valid_to + keep5,
        np.where(decision == REFUSED, decided + keep5, NEVER),
    )
    return {
        "fam": f,
        "day": day,
        "decision": decision,
        "visa_type": np.where(long_stay, VISA_D, VISA_C),
        "valid_from": decided,
        "valid_to": valid_to,
        "ms": ctx.member_state(rng, ctx.fam_home(f)),
        "expire": expire,
    }


# --- trips ------------------------------------------------------------------------------


def _stay_lengths(ctx: Context, rng: np.random.Generator, n: int) -> np.ndarray:
    j = ctx.scenario.journeys
    out: np.ndarray = rng.integers(j.stay_days_min, j.stay_days_max + 1, n)
    return out


def _finish_trips(
    ctx: Context,
    rng: np.random.Generator,
    fam: np.ndarray,
    entry: np.ndarray,
    stay: np.ndarray,
    stay_end: np.ndarray,
) -> Trips:
    """Sort, drop trips after the as-of date or overlapping an earlier one, draw refusals."""
    keep = entry <= ctx.as_of
    fam, entry, stay, stay_end = fam[keep], entry[keep], stay[keep], stay_end[keep]
    order = order_by(fam, entry)
    fam, entry, stay, stay_end = fam[order], entry[order], stay[order], stay_end[order]
    leave = entry + stay
    running = group_cummax(fam, leave)
    prev = np.r_[np.int64(-(2**40)), running[:-1]]
    first = np.r_[True, fam[1:] != fam[:-1]]
    ok = first | (entry > prev)
    fam, entry, leave, stay_end = fam[ok], entry[ok], leave[ok], stay_end[ok]
    refused = rng.random(fam.size) < ctx.scenario.journeys.entry_refusal_rate
    exit_day = np.where(refused | (leave > ctx.as_of), -1, leave)
    return Trips(
        fam=fam,
        entry=entry,
        exit=exit_day,
        stay_end=stay_end,
        ms=ctx.member_state(rng, ctx.fam_home(fam)),
        refused=refused,
        overstay=np.zeros(fam.size, dtype=bool),
    )


def _trips_on_visas(ctx: Context, rng: np.random.Generator, apps: Batch) -> Trips:
    """Trips made on issued short-stay visas, inside each visa's validity."""
    j = ctx.scenario.journeys
    usable = (apps["decision"] == ISSUED) & (apps["visa_type"] == VISA_C)
    vf, vt = apps["valid_from"][usable], apps["valid_to"][usable]
    years = (vt - vf + 1) / 365.2425
    owner, _ = explode(1 + rng.poisson(j.trips_per_year * years))
    stay = _stay_lengths(ctx, rng, owner.size)
    entry = uniform_days(rng, vf[owner], vt[owner] - stay)
    stay_end = np.minimum(entry + _MAX_STAY_DAYS - 1, vt[owner])
    return _finish_trips(ctx, rng, apps["fam"][usable][owner], entry, stay, stay_end)


def _trips_in_windows(
    ctx: Context,
    rng: np.random.Generator,
    fam: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> Trips:
    """Visa-free trips: at least one per family, Poisson over the window [lo, hi]."""
    j = ctx.scenario.journeys
    years = np.maximum(hi - lo + 1, 1) / 365.2425
    owner, _ = explode(1 + rng.poisson(np.maximum(j.trips_per_year * years - 1.0, 0.0)))
    stay = _stay_lengths(ctx, rng, owner.size)
    entry = uniform_days(rng, lo[owner], hi[owner])
    return _finish_trips(ctx, rng, fam[owner], entry, stay, entry + _MAX_STAY_DAYS - 1)


def _with_overstays(ctx: Context, trips: Trips, overstayer: np.ndarray) -> Trips:
    """The last trip of an ``overstayer`` family is never left: an overstay once it ends."""
    last = np.r_[trips.fam[1:] != trips.fam[:-1], True]
    stays = last & overstayer[trips.fam] & ~trips.refused
    return Trips(
        fam=trips.fam,
        entry=trips.entry,
        exit=np.where(stays, -1, trips.exit),
        stay_end=trips.stay_end,
        ms=trips.ms,
        refused=trips.refused,
        overstay=stays & (trips.stay_end < ctx.as_of),
    )


# --- ETIAS ------------------------------------------------------------------------------


def etias_chain(ctx: Context, rng: np.random.Generator, trips: Trips, n_fam: int) -> Batch:
    """Family-level ETIAS applications: one before the first trip not covered by a valid
    authorisation; a refused application is followed by a successful re-application."""
    j = ctx.scenario.journeys
    validity = years_to_days(j.etias_validity_years)
    keep_refused = years_to_days(ctx.scenario.retention.etias_refused_years)
    valid_until = np.full(n_fam, -(2**40), dtype=np.int64)
    fams, days, status, until = [], [], [], []
    while True:
        uncovered = trips.entry > valid_until[trips.fam]
        first = first_true_per_group(trips.fam, uncovered, n_fam)
        who = np.flatnonzero(first >= 0)
        if who.size == 0:
            break
        entry = trips.entry[first[who]]
        applied = np.maximum(entry - rng.integers(1, 31, who.size), ctx.start)
        refused = rng.random(who.size) < j.etias_refusal_rate
        reapplied = np.minimum(applied + rng.integers(1, 15, who.size), entry)
        granted = np.where(refused, reapplied, applied)
        fams += [who[refused], who]
        days += [applied[refused], granted]
        status += [np.full(int(refused.sum()), REFUSED), np.full(who.size, ISSUED)]
        until += [applied[refused] + keep_refused, granted + validity - 1]
        # At least the trip it was applied for, so that every round covers one more trip.
        valid_until[who] = np.maximum(granted + validity - 1, entry)
    fam = _joined(fams)
    st = _joined(status)
    end = _joined(until)
    return {
        "fam": fam,
        "day": _joined(days),
        "status": st,
        "valid_until": np.where(st == ISSUED, end, -1),
        "expire": end,  # kept for the validity, or 5 years after a refusal
        "ms": ctx.member_state(rng, ctx.fam_home(fam)),
    }


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


# --- the travellers' journeys -----------------------------------------------------------


def travel_journeys(ctx: Context, rng: np.random.Generator) -> Travel:
    """Visas, ETIAS authorisations and trips of travellers and overstayers (family level)."""
    people, j = ctx.people, ctx.scenario.journeys
    fam_nat = people.nationality[people.fam_start]
    travellers = np.concatenate(
        [
            families(people, PopulationGroup.VISA_REQUIRED),
            families(people, PopulationGroup.VISA_EXEMPT),
        ]
    )
    over = families(people, PopulationGroup.OVERSTAYER)
    fams = np.concatenate([travellers, over])
    is_over = np.r_[np.zeros(travellers.size, bool), np.ones(over.size, bool)]
    lo = np.full(fams.size, ctx.start, dtype=np.int64)
    hi = np.where(is_over, ctx.as_of - _OVERSTAY_MARGIN_DAYS - j.visa_validity_days, ctx.as_of)
    hi = np.maximum(hi, lo)
    visa = NAT_VISA[fam_nat[fams]]
    applications = 1 + rng.poisson(j.vis_reapplication_mean, int(visa.sum()))
    vis = visa_applications(ctx, rng, fams[visa], lo[visa], hi[visa], applications, is_over[visa])
    on_visas = _trips_on_visas(ctx, rng, vis)
    visa_free = _trips_in_windows(ctx, rng, fams[~visa], lo[~visa], hi[~visa])
    etias = etias_chain(ctx, rng, visa_free, people.fam_size.size)
    overstayer = np.zeros(people.fam_size.size, dtype=bool)
    overstayer[over] = True
    trips = _with_overstays(ctx, merge_trips(on_visas, visa_free), overstayer)
    return Travel(vis=vis, etias=etias, trips=trips)


# --- the Entry/Exit System --------------------------------------------------------------


def ees_crossings(ctx: Context, people: People, trips: Trips) -> Batch:
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
    t = to_persons(people, fam_batch)
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


def _no_files(crossings: Batch) -> tuple[Batch, Batch]:
    empty = np.zeros(0, dtype=np.int64)
    files = dict.fromkeys(("person", "day", "ms", "expire", "traveller_type"), empty)
    files["overstayer"] = np.zeros(0, dtype=bool)
    return files, {**crossings, "file": empty}


def ees_files(crossings: Batch, visa_exempt: np.ndarray) -> tuple[Batch, Batch]:
    """Group person-level crossings into EES individual files with retention.

    ``crossings`` holds person, day, kind, ms, expire and overstay (per row). A new file
    starts when the previous one would already have been deleted. Returns (files,
    crossings sorted, with the row index of their file in ``file``).
    """
    order = order_by(crossings["person"], crossings["day"], crossings["kind"])
    c = {k: v[order] for k, v in crossings.items()}
    person, day = c["person"], c["day"]
    if person.size == 0:
        return _no_files(c)
    running = group_cummax(person, np.minimum(c["expire"], NEVER))
    prev = np.r_[np.int64(-1), running[:-1]]
    first = np.r_[True, person[1:] != person[:-1]]
    new_file = first | (day > prev)
    file = np.cumsum(new_file) - 1
    starts = np.flatnonzero(new_file)
    expire = np.maximum.reduceat(c["expire"], starts) + 1
    files = {
        "person": person[starts],
        "day": day[starts],
        "ms": c["ms"][starts],
        "expire": np.where(expire > NEVER, NEVER, expire),
        "overstayer": np.logical_or.reduceat(c["overstay"], starts),
        "traveller_type": visa_exempt[person[starts]].astype(np.int64),
    }
    return files, {**c, "file": file}

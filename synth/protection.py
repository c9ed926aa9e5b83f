"""Protection and irregular migration: asylum, irregular crossings, illegal stay.

Each of these events creates a Eurodac data set of one category: an applicant for
international protection (at the application, and again at a secondary application in
another member state), a person apprehended crossing the external border irregularly,
or a person found staying illegally (an irregular crosser found later in another
member state, or an apprehended overstayer). Dates within a journey are in order:
irregular crossing before the asylum application before the secondary one. Some
applicants first came legally, on a visa or an ETIAS authorisation
(:mod:`synth.travel`), and never left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synth.batches import Batch, families
from synth.draws import Context, uniform_days
from synth.groups import PopulationGroup
from synth.population import NAT_VISA
from synth.travel import Trips, etias_chain, visa_applications
from synth.vector import years_to_days

__all__ = [
    "EURODAC_CATEGORIES",
    "Protection",
    "apprehended_overstayers",
    "protection_journeys",
]

APPLICANT, IRREGULAR, ILLEGAL_STAY = 0, 1, 2
EURODAC_CATEGORIES = ("applicant", "irregular_crossing", "illegal_stay")
# An applicant's legal stay: the entry day and the 89 days after it.
_LEGAL_STAY_DAYS = 89


@dataclass(frozen=True)
class Protection:
    """Family-level Eurodac data sets, and the visas, ETIAS authorisations and entries
    of applicants who came legally."""

    eurodac: list[Batch]
    vis: Batch
    etias: Batch
    trips: Trips


def _eurodac(
    fam: np.ndarray, day: np.ndarray, ms: np.ndarray, category: int, field: bool, keep: int
) -> Batch:
    """Family-level Eurodac data sets of one ``category`` kept ``keep`` days."""
    return {
        "fam": fam,
        "day": day,
        "ms": ms,
        "category": np.full(fam.size, category, dtype=np.int64),
        "field": np.full(fam.size, field),
        "expire": day + keep,
    }


def apprehended_overstayers(ctx: Context, rng: np.random.Generator, trips: Trips) -> Batch:
    """Overstayers apprehended later and recorded in Eurodac (illegal stay)."""
    j = ctx.scenario.journeys
    caught = trips.overstay & (rng.random(trips.fam.size) < j.overstayer_apprehended_share)
    when = trips.stay_end[caught] + rng.integers(30, 721, int(caught.sum()))
    ok = when <= ctx.as_of
    fam = trips.fam[caught][ok]
    keep = years_to_days(ctx.scenario.retention.eurodac_illegal_stay_years)
    ms = ctx.other_member_state(rng, ctx.fam_home(fam))
    return _eurodac(fam, when[ok], ms, ILLEGAL_STAY, False, keep)


@dataclass(frozen=True)
class _Arrivals:
    """Asylum-applicant families: arrival day, home member state, how they came."""

    fam: np.ndarray
    day: np.ndarray
    home: np.ndarray
    prior_visa: np.ndarray


def _asylum_applications(ctx: Context, rng: np.random.Generator) -> tuple[_Arrivals, list[Batch]]:
    """Asylum applicants: an irregular crossing for some, the application, and for some a
    secondary application in another member state."""
    j, r = ctx.scenario.journeys, ctx.scenario.retention
    applicant_keep = years_to_days(r.eurodac_applicant_years)
    irregular_keep = years_to_days(r.eurodac_irregular_years)
    asylum = families(ctx.people, PopulationGroup.ASYLUM_APPLICANT)
    n = asylum.size
    arrival = uniform_days(rng, np.full(n, ctx.start), np.full(n, ctx.as_of))
    home = ctx.fam_home(asylum)
    prior_visa = rng.random(n) < j.asylum_prior_visa_share
    irregular = ~prior_visa & (rng.random(n) < j.asylum_prior_irregular_share)
    applied = np.minimum(arrival + np.where(irregular, rng.integers(1, 61, n), 0), ctx.as_of)
    entry_ms = ctx.frontline_member_state(rng, n)
    crossed = _eurodac(
        asylum[irregular], arrival[irregular], entry_ms[irregular], IRREGULAR, True, irregular_keep
    )
    first = _eurodac(asylum, applied, home, APPLICANT, False, applicant_keep)
    second = rng.random(n) < j.asylum_secondary_share
    again = applied + rng.integers(90, 721, n)
    second &= again <= ctx.as_of
    ms = ctx.other_member_state(rng, home[second])
    secondary = _eurodac(asylum[second], again[second], ms, APPLICANT, False, applicant_keep)
    arrivals = _Arrivals(fam=asylum, day=arrival, home=home, prior_visa=prior_visa)
    return arrivals, [crossed, first, secondary]


def _legal_arrivals(
    ctx: Context, rng: np.random.Generator, arrivals: _Arrivals
) -> tuple[Batch, Batch, Trips]:
    """Applicants who came legally: a visa (or ETIAS) before the entry, then no exit."""
    people, j = ctx.people, ctx.scenario.journeys
    fam_nat = people.nationality[people.fam_start]
    legal = arrivals.fam[arrivals.prior_visa]
    legal_day = arrivals.day[arrivals.prior_visa]
    visa = NAT_VISA[fam_nat[legal]]
    lead = rng.integers(30, 181, legal.size)
    apply_lo = np.maximum(legal_day - lead, ctx.start)
    n_visa = int(visa.sum())
    vis = visa_applications(
        ctx,
        rng,
        legal[visa],
        apply_lo[visa],
        apply_lo[visa],
        np.ones(n_visa, dtype=np.int64),
        np.ones(n_visa, dtype=bool),
    )
    trips = Trips(
        fam=legal,
        entry=np.maximum(legal_day, apply_lo + j.vis_decision_days),
        exit=np.full(legal.size, -1, dtype=np.int64),
        stay_end=legal_day + _LEGAL_STAY_DAYS,
        ms=arrivals.home[arrivals.prior_visa],
        refused=np.zeros(legal.size, dtype=bool),
        overstay=np.zeros(legal.size, dtype=bool),
    )
    trips = trips.select(trips.entry <= ctx.as_of)
    exempt_trips = trips.select(~NAT_VISA[fam_nat[trips.fam]])
    etias = etias_chain(ctx, rng, exempt_trips, people.fam_size.size)
    return vis, etias, trips


def _irregular_crossings(ctx: Context, rng: np.random.Generator) -> list[Batch]:
    """Irregular crossers: the crossing, and for some a later illegal stay elsewhere."""
    j, r = ctx.scenario.journeys, ctx.scenario.retention
    crossers = families(ctx.people, PopulationGroup.IRREGULAR_CROSSER)
    n = crossers.size
    day = uniform_days(rng, np.full(n, ctx.start), np.full(n, ctx.as_of))
    ms = ctx.frontline_member_state(rng, n)
    crossed = _eurodac(crossers, day, ms, IRREGULAR, True, years_to_days(r.eurodac_irregular_years))
    later = day + rng.integers(90, 541, n)
    found = (rng.random(n) < j.irregular_illegal_stay_share) & (later <= ctx.as_of)
    stay = _eurodac(
        crossers[found],
        later[found],
        ctx.other_member_state(rng, ms[found]),
        ILLEGAL_STAY,
        False,
        years_to_days(r.eurodac_illegal_stay_years),
    )
    return [crossed, stay]


def protection_journeys(ctx: Context, rng: np.random.Generator) -> Protection:
    """Asylum applicants and irregular crossers (family level)."""
    arrivals, asylum = _asylum_applications(ctx, rng)
    vis, etias, trips = _legal_arrivals(ctx, rng, arrivals)
    crossings = _irregular_crossings(ctx, rng)
    return Protection(eurodac=asylum + crossings, vis=vis, etias=etias, trips=trips)

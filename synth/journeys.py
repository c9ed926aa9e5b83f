"""Journeys: who meets which system, when and where, over the simulated period.

The life courses are generated in :mod:`synth.travel` (visas, trips, overstays, ETIAS,
EES), :mod:`synth.protection` (asylum, irregular crossing, illegal stay: Eurodac) and
:mod:`synth.justice` (SIS alerts, ECRIS-TCN convictions). This module runs them in a
fixed order on one random stream and returns one batch of person-level record arrays
per system (person, day, member state, retention end and the system's own fields) plus
the EES crossings.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from schemas.rng import stream
from schemas.systems import SystemKey
from synth.batches import Batch, concat, select, to_persons
from synth.draws import Context
from synth.justice import ecris_convictions, sis_alerts
from synth.population import NAT_VISA, People
from synth.protection import apprehended_overstayers, protection_journeys
from synth.scenario import Scenario
from synth.travel import ees_crossings, ees_files, merge_trips, travel_journeys
from synth.vector import NEVER, age_years

__all__ = ["Journeys", "build_journeys"]

log = logging.getLogger(__name__)

# Above every age: a modality the system does not capture sets no minimum age.
_NO_AGE = 150


@dataclass(frozen=True)
class Journeys:
    """Per-system record batches (person-level) and the EES crossings."""

    records: dict[SystemKey, Batch]
    crossings: Batch
    offences: tuple[str, ...]


def _operating(ctx: Context, key: SystemKey, batch: Batch) -> Batch:
    """The records made once system ``key`` was in operation."""
    keep = batch["day"] >= ctx.operational_from(key)
    return batch if keep.all() else select(batch, keep)


def _old_enough_for_eurodac(ctx: Context, eurodac: Batch) -> Batch:
    """Eurodac data sets start with biometric data: nobody below the biometric age."""
    cfg = ctx.scenario.systems.EURODAC
    youngest = min(
        cfg.fingerprint_min_age if cfg.fingerprints else _NO_AGE,
        cfg.face_min_age if cfg.face else _NO_AGE,
    )
    age = age_years(ctx.people.birth[eurodac["person"]], eurodac["day"])
    return select(eurodac, age >= youngest)


def _first_days(n: int, batches: list[Batch], fallback: int) -> np.ndarray:
    """Each person's first recorded day (``fallback`` for people without records)."""
    first = np.full(n, NEVER, dtype=np.int64)
    for b in batches:
        if b["person"].size:
            np.minimum.at(first, b["person"], b["day"])
    out: np.ndarray = np.where(first == NEVER, fallback, first)
    return out


@dataclass(frozen=True)
class _Migration:
    """Person-level records of travel and protection, and the EES crossings."""

    vis: Batch
    etias: Batch
    eurodac: Batch
    ees_files: Batch
    crossings: Batch


def _migration_records(ctx: Context, rng: np.random.Generator) -> _Migration:
    """VIS, ETIAS, Eurodac, EES files and EES crossings of travel and protection."""
    people = ctx.people
    travel = travel_journeys(ctx, rng)
    illegal_stays = apprehended_overstayers(ctx, rng, travel.trips)
    protection = protection_journeys(ctx, rng)
    vis = to_persons(people, concat([travel.vis, protection.vis]))
    etias = to_persons(people, concat([travel.etias, protection.etias]))
    eurodac = to_persons(people, concat([*protection.eurodac, illegal_stays]))
    eurodac = _old_enough_for_eurodac(ctx, _operating(ctx, SystemKey.EURODAC, eurodac))
    trips = merge_trips(travel.trips, protection.trips)
    crossings = _operating(ctx, SystemKey.EES, ees_crossings(ctx, people, trips))
    files, crossings = ees_files(crossings, ~NAT_VISA[people.nationality])
    return _Migration(
        vis=_operating(ctx, SystemKey.VIS, vis),
        etias=_operating(ctx, SystemKey.ETIAS, etias),
        eurodac=eurodac,
        ees_files=files,
        crossings=crossings,
    )


def build_journeys(scenario: Scenario, seed: int, people: People) -> Journeys:
    """Every record the population's journeys create, per system (before identities)."""
    rng = stream(seed, "journeys")
    ctx = Context.of(scenario, people)
    migration = _migration_records(ctx, rng)
    registered = [migration.vis, migration.etias, migration.eurodac, migration.ees_files]
    seen = np.zeros(people.n, dtype=bool)
    for batch in registered:
        seen[batch["person"]] = True
    first = _first_days(people.n, registered, ctx.start)
    sis = _operating(ctx, SystemKey.SIS, sis_alerts(ctx, rng, first, seen))
    ecris = _operating(ctx, SystemKey.ECRIS, ecris_convictions(ctx, rng, first, seen))
    records = {
        SystemKey.VIS: migration.vis,
        SystemKey.EES: migration.ees_files,
        SystemKey.EURODAC: migration.eurodac,
        SystemKey.SIS: sis,
        SystemKey.ETIAS: migration.etias,
        SystemKey.ECRIS: ecris,
    }
    for key, batch in records.items():
        batch["expire"] = np.minimum(batch["expire"], NEVER)
        log.info("journeys: %s %d records", key, batch["person"].size)
    return Journeys(
        records=records,
        crossings=migration.crossings,
        offences=tuple(scenario.ecris.offence_weights),
    )

"""Generate a world: population, journeys, records, captures, written atomically.

``generate_world`` is the one entry point the CLI calls; ``build_tables`` does the work
without writing, for tests and benchmarks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import polars as pl

from schemas.db import connect
from schemas.progress import Progress
from schemas.rng import stream
from schemas.systems import SYSTEMS
from schemas.tables import polars_schema
from schemas.world import World, check_output_dir, write_world
from synth.captures import build_captures
from synth.documents import build_documents
from synth.groups import GROUPS
from synth.journeys import build_journeys
from synth.names import build_name_table
from synth.population import NAT_VISA, build_people, persons_frame
from synth.records import SYSTEM_CODE, build_records
from synth.scenario import Scenario
from synth.scenario_load import scenario_dict

__all__ = ["STAGES", "build_tables", "generate_world"]

log = logging.getLogger(__name__)

STAGES = ("names", "population", "journeys", "records", "captures", "tables")
T = TypeVar("T")


def _stage(
    name: str, progress: Progress | None, timings: dict[str, float], work: Callable[[], T]
) -> T:
    if progress:
        progress("build tables", STAGES.index(name), len(STAGES))
    started = time.perf_counter()
    result = work()
    timings[name] = round(time.perf_counter() - started, 3)
    log.info("generate: %s took %.2f s", name, timings[name])
    return result


def build_tables(
    scenario: Scenario, seed: int, progress: Progress | None = None
) -> tuple[dict[str, pl.DataFrame], dict[str, Any]]:
    """All tables of the world of ``scenario`` and ``seed`` (nothing written), and stats.

    The stats hold deterministic counts (``counts``) and wall-clock seconds per stage
    (``seconds``).
    """
    timings: dict[str, float] = {}
    names = _stage("names", progress, timings, lambda: build_name_table(seed))
    people = _stage("population", progress, timings, lambda: build_people(scenario, seed, names))

    def journeys_and_documents() -> Any:
        journeys = build_journeys(scenario, seed, people)
        owns = (
            stream(seed, "documents").random(people.n)
            < np.array([scenario.population.document_share.get(g.key, 1.0) for g in GROUPS])[
                people.group
            ]
        )
        # Whoever applied for a visa or an ETIAS authorisation or crossed a border holds one.
        for key in ("VIS", "ETIAS", "EES"):
            owns[journeys.records[key]["person"]] = True  # type: ignore[index]
        book = build_documents(scenario, people, owns, stream(seed, "passports"))
        return journeys, book

    journeys, book = _stage("journeys", progress, timings, journeys_and_documents)
    records, extras = _stage(
        "records",
        progress,
        timings,
        lambda: build_records(scenario, seed, people, journeys, names, book),
    )
    record_id = records.frame["record_id"]
    captures = _stage(
        "captures",
        progress,
        timings,
        lambda: build_captures(scenario, seed, people, records, record_id),
    )

    def assemble() -> dict[str, pl.DataFrame]:
        identity = records.frame.with_columns(
            has_fingerprints=captures.has_fingerprints, has_face=captures.has_face
        )
        registered = np.zeros(people.n, dtype=bool)
        registered[records.person] = True
        tables = {
            "persons": persons_frame(people, registered, names),
            "documents": book.frame(),
            "identity_records": identity.select(list(polars_schema("identity_records"))),
            "ees_crossings": records.crossings.select(list(polars_schema("ees_crossings"))),
            "captures": captures.frame.select(list(polars_schema("captures"))),
        }
        for spec in SYSTEMS:
            rows = records.system == SYSTEM_CODE[spec.key]
            own = pl.concat([identity.filter(pl.Series(rows)), extras[spec.key]], how="horizontal")
            own = own.filter(pl.col("deleted_on").is_null())
            tables[spec.table] = own.select(list(polars_schema(spec.table)))
        return tables

    tables = _stage("tables", progress, timings, assemble)
    if progress:
        progress("build tables", len(STAGES), len(STAGES))
    return tables, {"counts": _counts(tables), "seconds": timings}


def _counts(tables: dict[str, pl.DataFrame]) -> dict[str, Any]:
    ident = tables["identity_records"]
    persons = tables["persons"]
    by_system = ident.group_by("system").agg(
        records=pl.len(),
        deleted=pl.col("deleted_on").is_not_null().sum(),
        aliases=(pl.col("identity_no") == 1).sum(),
        borrowed_documents=(pl.col("identity_no") == 2).sum(),
        with_noise=(pl.col("noise_applied") != "").sum(),
        with_fingerprints=pl.col("has_fingerprints").sum(),
        with_face=pl.col("has_face").sum(),
    )
    groups = persons.group_by("population_group").agg(
        persons=pl.len(), registered=pl.col("registered").sum()
    )
    cap = tables["captures"]
    return {
        "persons": persons.height,
        "registered_persons": int(persons["registered"].sum()),
        "nationalities": persons["nationality"].n_unique(),
        "families": persons["family_id"].n_unique(),
        "persons_with_lookalike": int(persons["lookalike_of"].is_not_null().sum()),
        "groups": {r["population_group"]: r for r in groups.sort("population_group").to_dicts()},
        "systems": {r["system"]: r for r in by_system.sort("system").to_dicts()},
        "captures": cap.height,
        "failed_captures": int(cap["failed"].sum()),
        "fraudulent_documents": int(tables["documents"]["fraudulent"].sum()),
        "visa_required_nationalities": int(NAT_VISA.sum()),
    }


def generate_world(
    scenario: Scenario,
    seed: int,
    out: Path | str,
    db_url: str | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> World:
    """Generate the world of ``scenario`` and ``seed`` and write it to ``out``.

    Checks the output directory and the database before any work; writes atomically
    (nothing is left half-written on failure). ``overwrite`` replaces an existing
    world directory, never a directory of anything else.
    """
    out = Path(out)
    check_output_dir(out, overwrite)
    if db_url is not None:
        connect(db_url).dispose()
    started = time.perf_counter()
    tables, stats = build_tables(scenario, seed, progress)
    return write_world(
        out,
        tables,
        seed=seed,
        scenario=scenario_dict(scenario),
        as_of=scenario.world.as_of,
        generator={**stats, "seconds_total": round(time.perf_counter() - started, 3)},
        db_url=db_url,
        overwrite=overwrite,
        progress=progress,
    )

"""Generate a world: population, journeys, records, captures, written atomically.

``generate_world`` is the one entry point the CLI calls; ``build_tables`` does the work
without writing, for tests and benchmarks.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from schemas.db import connect
from schemas.progress import Progress
from schemas.rng import stream
from schemas.stage import run_stage
from schemas.systems import SYSTEMS, SystemKey
from schemas.tables import polars_schema
from schemas.world import World, check_output_dir, write_world
from synth.captures import Captures, build_captures
from synth.documents import DocumentBook, build_documents
from synth.journeys import Journeys, build_journeys
from synth.names import NameTable, build_name_table
from synth.population import NAT_VISA, People, build_people, persons_frame
from synth.records import SYSTEM_CODE, RecordSet, build_records
from synth.scenario import Scenario
from synth.scenario_load import scenario_dict

__all__ = ["STAGES", "build_tables", "generate_world"]

log = logging.getLogger(__name__)

STAGES = ("names", "population", "journeys", "records", "captures", "tables")


def _journeys_and_documents(
    scenario: Scenario, seed: int, people: People
) -> tuple[Journeys, DocumentBook]:
    """Everyone's journeys, and the passports of those who hold one."""
    journeys = build_journeys(scenario, seed, people)
    owns = people.has_document.copy()
    # Whoever applied for a visa or an ETIAS authorisation or crossed a border holds one.
    for key in (SystemKey.VIS, SystemKey.ETIAS, SystemKey.EES):
        owns[journeys.records[key]["person"]] = True
    book = build_documents(scenario, people, owns, stream(seed, "passports"))
    return journeys, book


def _assemble(
    people: People,
    names: NameTable,
    book: DocumentBook,
    records: RecordSet,
    extras: dict[SystemKey, pl.DataFrame],
    captures: Captures,
) -> dict[str, pl.DataFrame]:
    """Every table of the world, in its schema's column order (deleted records dropped
    from the systems' own tables, kept in ``identity_records``)."""
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


def build_tables(
    scenario: Scenario, seed: int, progress: Progress | None = None
) -> tuple[dict[str, pl.DataFrame], dict[str, Any]]:
    """All tables of the world of ``scenario`` and ``seed`` (nothing written), and stats.

    The stats hold deterministic counts (``counts``) and wall-clock seconds per stage
    (``seconds``).
    """
    with run_stage("build tables", progress, STAGES) as stage:
        names = stage.run("names", build_name_table, seed)
        people = stage.run("population", build_people, scenario, seed, names)
        journeys, book = stage.run("journeys", _journeys_and_documents, scenario, seed, people)
        records, extras = stage.run(
            "records", build_records, scenario, seed, people, journeys, names, book
        )
        captures = stage.run(
            "captures", build_captures, scenario, seed, people, records, records.frame["record_id"]
        )
        tables = stage.run("tables", _assemble, people, names, book, records, extras, captures)
    seconds = {step: round(stage.timings[step], 3) for step in STAGES}
    return tables, {"counts": _counts(tables), "seconds": seconds}


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

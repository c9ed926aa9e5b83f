"""``interopsim generate``: build a world of synthetic people recorded in the systems."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.options import (
    db_option,
    finished_despite_interrupt,
    format_option,
    new_world_at,
    quiet_option,
    scenario_source,
    world_options,
)
from cli.progress import progress_display
from cli.render import Table, emit, resolve_format, text_table

if TYPE_CHECKING:
    from schemas.world import World

__all__ = ["generate"]


def _summary(world: World, seconds: float) -> dict[str, object]:
    """What ``generate`` prints: where the world is, its provenance and its rows."""
    manifest = world.manifest
    return {
        "out": str(world.path),
        "seed": world.seed,
        "scenario": manifest.scenario_name,
        "scenario_hash": world.scenario_hash,
        "persons": manifest.tables["persons"].rows,
        "as_of": world.as_of.isoformat(),
        "rows": {name: entry.rows for name, entry in manifest.tables.items()},
        "seconds": round(seconds, 3),
        "generation_seconds": manifest.generator.get("seconds", {}),
        "database": manifest.database.model_dump(),
    }


def _echo_human(world: World, seconds: float) -> None:
    manifest = world.manifest
    persons = manifest.tables["persons"].rows
    click.echo(f"World: {world.path}")
    click.echo(
        f"{persons:,} synthetic persons, scenario {manifest.scenario_name} "
        f"(hash {world.scenario_hash[:12]}), seed {world.seed}, as of {world.as_of}, "
        f"in {seconds:,.1f} s"
    )
    click.echo("")
    rows = tuple((name, entry.rows) for name, entry in manifest.tables.items())
    click.echo(text_table(("table", "rows"), rows))
    click.echo(f"Next: interopsim link {world.path}   (or `interopsim run` for every step)")


@click.command("generate")
@world_options("World directory to create (tables/*.parquet, world.sqlite, manifest.json).")
@db_option(
    "SQLAlchemy URL of the SQL database to fill instead of OUT/world.sqlite; the world "
    "gets a namespace of its own there (a PostgreSQL schema, or a table prefix in SQLite), "
    "and the manifest stores the URL without its password."
)
@format_option()
@quiet_option()
def generate(
    preset: str | None,
    scenario_file: Path | None,
    persons: int | None,
    seed: int,
    out: Path,
    db: str | None,
    overwrite: bool,
    fmt: str | None,
    quiet: bool,
) -> None:
    """Generate a world of synthetic people and their records.

    Writes OUT/tables/<table>.parquet, the same tables in SQL and OUT/manifest.json
    (seed, resolved scenario, hashes), then prints a summary (rows per table, seconds)
    on stdout. The people are synthetic. Nothing is left half-written.

    Exit status: 0 on success, 1 on a bad scenario, OUT or database, 2 on a bad option.

    \b
    Example:
      interopsim generate --preset small --seed 1 --out w
      interopsim generate --scenario my.toml --persons 50000 --out w2 --overwrite
    """
    import interopsim

    source = scenario_source(preset, scenario_file)
    started = time.perf_counter()
    done = new_world_at(out)
    with finished_despite_interrupt(done, f"the world {out}"):
        with progress_display(quiet, "generate") as progress:
            world = interopsim.generate(
                source,
                seed=seed,
                out=out,
                persons=persons,
                db=db,
                overwrite=overwrite,
                progress=progress,
            )
        seconds = time.perf_counter() - started
        shown = resolve_format(fmt)
        if shown == "table":
            _echo_human(world, seconds)
            return
        tables = world.manifest.tables
        rows = Table(("table", "rows"), tuple((n, e.rows) for n, e in tables.items()))
        emit(_summary(world, seconds), shown, csv_table=rows)

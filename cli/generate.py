"""``interopsim generate``: build a world of synthetic people recorded in the systems."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click

from cli._common import emit_json, fail_on_simulator_error, progress_display

__all__ = ["generate"]


@click.command("generate")
@click.option(
    "--preset",
    metavar="NAME",
    default=None,
    show_default=True,
    help="Named scenario preset (list them with `interopsim scenarios`); 'default' when "
    "neither --preset nor --scenario is given.",
)
@click.option(
    "--scenario",
    "scenario_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    show_default=True,
    help="Scenario TOML file (instead of a preset); it may start from a preset with "
    'extends = "NAME".',
)
@click.option(
    "--persons",
    type=int,
    default=None,
    show_default=True,
    help="Number of synthetic persons (overrides the scenario's world.persons).",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=42,
    show_default=True,
    help="Master random seed: the same scenario and seed give identical tables.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="World directory to create (tables/*.parquet, world.sqlite, manifest.json).",
)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    default=None,
    show_default=True,
    help="SQLAlchemy URL of the SQL database to fill instead of OUT/world.sqlite.",
)
@click.option(
    "--overwrite",
    is_flag=True,
    default=False,
    show_default=True,
    help="Replace OUT if it is an existing world (never any other directory).",
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    default=False,
    show_default=True,
    help="No progress bar on stderr.",
)
@fail_on_simulator_error
def generate(
    preset: str | None,
    scenario_file: Path | None,
    persons: int | None,
    seed: int,
    out: Path,
    db_url: str | None,
    overwrite: bool,
    quiet: bool,
) -> None:
    """Generate a world: synthetic people, their journeys and their records.

    Writes OUT/tables/<table>.parquet, the same tables in SQL and OUT/manifest.json
    (seed, resolved scenario, hashes), then prints a JSON summary (rows per table,
    seconds) on stdout. The people are synthetic. Nothing is left half-written.

    Exit status: 0 on success, 1 on a bad scenario, OUT or database, 2 on a bad option.

    \b
    Example:
      interopsim generate --preset small --seed 1 --out w
      interopsim generate --scenario my.toml --persons 50000 --out w2 --overwrite
    """
    # Imported here so that `interopsim --help` stays fast.
    from synth.generate import generate_world
    from synth.scenario_load import load_scenario

    if preset is not None and scenario_file is not None:
        raise click.UsageError("give --preset or --scenario, not both")
    overrides: dict[str, Any] = {"world": {"persons": persons}} if persons is not None else {}
    scenario = load_scenario(scenario_file, preset=preset, overrides=overrides)
    started = time.perf_counter()
    with progress_display(quiet, "generate") as progress:
        world = generate_world(
            scenario, seed, out, db_url=db_url, overwrite=overwrite, progress=progress
        )
    generator = world.manifest.generator
    emit_json(
        {
            "out": str(world.path),
            "seed": seed,
            "scenario": scenario.name,
            "scenario_hash": world.scenario_hash,
            "persons": scenario.world.persons,
            "as_of": scenario.world.as_of.isoformat(),
            "rows": {name: entry.rows for name, entry in world.manifest.tables.items()},
            "seconds": round(time.perf_counter() - started, 3),
            "generation_seconds": generator.get("seconds", {}),
            "database": world.manifest.database.model_dump(),
        }
    )

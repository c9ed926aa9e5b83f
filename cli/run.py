"""``interopsim run``: generate, link, analyse and report one world in one go."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cli._common import emit_json, fail_on_simulator_error, progress_display

__all__ = ["run"]

MODES = ("shared", "siloed")


@click.command("run")
@click.option(
    "--preset",
    metavar="NAME",
    default=None,
    help="Named scenario preset (see `interopsim scenarios`); default: 'default'.",
)
@click.option(
    "--scenario",
    "scenario_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Scenario TOML file (instead of a preset).",
)
@click.option(
    "--persons",
    type=click.IntRange(min=1),
    default=None,
    help="Number of synthetic persons (overrides the scenario's world.persons).",
)
@click.option("--seed", type=int, default=42, show_default=True, help="Master random seed.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="World directory to write (the report goes to OUT/report/).",
)
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default="shared",
    show_default=True,
    help="shared: one biometric gallery for all systems (sBMS); siloed: each system its own.",
)
@click.option("--overwrite", is_flag=True, help="Replace OUT if it is an existing world.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display on stderr.")
@fail_on_simulator_error
def run(
    preset: str | None,
    scenario_file: Path | None,
    persons: int | None,
    seed: int,
    out: Path,
    mode: str,
    overwrite: bool,
    quiet: bool,
) -> None:
    """Generate, link, analyse and report a world of synthetic people in one go.

    Writes the world to OUT (tables, SQLite database, manifest) and its report to
    OUT/report/ (metrics.json, index.html, report.md, figures), then prints a JSON
    summary with the path of index.html and the headline figures. Every figure is
    simulated; the people are synthetic. Nothing is left half-written: OUT changes only
    when every step succeeded.

    Exit status: 0 on success, 1 on a bad scenario or OUT, 2 on a bad option.

    \b
    Example:
      interopsim run --preset default --seed 42 --out demo-world --overwrite
      interopsim run --preset small --persons 500 --seed 1 --out w --mode siloed
    """
    # Imported here so that `interopsim --help` stays fast.
    from analysis.experiment import run_experiment
    from analysis.truth import truth_oracle
    from synth.scenario_load import load_scenario

    overrides: dict[str, Any] = {"world": {"persons": persons}} if persons is not None else {}
    scenario = load_scenario(scenario_file, preset=preset, overrides=overrides)
    with progress_display(quiet, "run") as progress:
        result = run_experiment(
            scenario, seed, out, mode, progress, overwrite=overwrite, oracle=truth_oracle
        )
    summary = result.summary()
    emit_json(summary)
    if not quiet:
        click.echo(f"Report (simulated figures): {summary['report']['html']}", err=True)

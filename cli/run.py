"""``interopsim run``: generate, link, analyse and report one world in one go."""

from __future__ import annotations

from pathlib import Path

import click

from cli.options import (
    db_option,
    finished_despite_interrupt,
    format_option,
    mode_option,
    new_world_at,
    quiet_option,
    scenario_source,
    world_options,
)
from cli.progress import progress_display
from cli.render import emit, figure_table, resolve_format
from cli.summary import echo_summary, headline_figures, warn_about

__all__ = ["run"]


@click.command("run")
@world_options("World directory to write (the report goes to OUT/report/).")
@mode_option()
@db_option(
    "SQLAlchemy URL of the SQL database to fill instead of OUT/world.sqlite (the world "
    "gets a namespace of its own there)."
)
@format_option()
@quiet_option()
def run(
    preset: str | None,
    scenario_file: Path | None,
    persons: int | None,
    seed: int,
    out: Path,
    mode: str,
    db: str | None,
    overwrite: bool,
    fmt: str | None,
    quiet: bool,
) -> None:
    """Generate, link, analyse and report a world in one go.

    Writes the world to OUT (tables, SQLite database, manifest) and its report to
    OUT/report/ (metrics.json, index.html, report.md, figures), then prints the path of
    index.html first and a short table of the key figures (--format json: every headline
    figure with all its digits). Every figure is simulated; the people are synthetic.
    Nothing is left half-written: OUT changes only when every step succeeded.

    Exit status: 0 on success, 1 on a bad scenario or OUT, 2 on a bad option.

    \b
    Example:
      interopsim run --preset default --persons 20000 --seed 42 --out demo-world
      interopsim run --preset small --persons 500 --seed 1 --out w --mode siloed
    """
    import interopsim

    source = scenario_source(preset, scenario_file)
    with finished_despite_interrupt(new_world_at(out), f"the world {out}"):
        with progress_display(quiet, "run") as progress:
            result = interopsim.run(
                source,
                seed=seed,
                out=out,
                persons=persons,
                mode=mode,
                db=db,
                overwrite=overwrite,
                progress=progress,
            )
        shown = resolve_format(fmt)
        if shown == "table":
            echo_summary(
                ("Report", result.report.html), result.metrics, result.world.path, mode=mode
            )
        else:
            figures = figure_table(headline_figures(result.metrics), human=False)
            emit(result.to_json(), shown, csv_table=figures)
        warn_about(result.metrics)

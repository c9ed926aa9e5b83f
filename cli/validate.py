"""``interopsim validate``: the model against published figures, calibration kept apart."""

from __future__ import annotations

from pathlib import Path

import click

from cli.options import format_option, out_option, quiet_option, seed_option
from cli.progress import progress_display
from cli.render import Table, emit, resolve_format, text_table

__all__ = ["validate"]


@click.command("validate")
@click.option(
    "--quick",
    is_flag=True,
    default=False,
    help="Small worlds (20,000 persons each, about a minute) instead of 100,000 (minutes).",
)
@out_option(
    "Directory for validation.json, validation.md and the worlds built (OUT/worlds/).",
    required=False,
)
@seed_option(help="Master seed: the first world gets it, the next seed + 1.")
@format_option("json", "table")
@quiet_option()
def validate(quick: bool, out: Path | None, seed: int, fmt: str | None, quiet: bool) -> None:
    """Compare the model with published figures, each case calibration or validation.

    Builds the reference worlds on this machine (generate, link, analyse: two worlds of
    100,000 persons, or 20,000 with --quick), runs every reference case and prints, per
    case, whether the simulated figure agrees with the published one (within the case's
    tolerance, consistent within the interval, outside it with the reason, or not
    expressible by the model and why). A calibration case was used to set a default; a
    validation case set nothing. Writes OUT/validation.json and OUT/validation.md.

    Exit status: 0 when every case ran, whatever it found (the command reports, it does
    not fail); 1 when a world could not be built; 2 on a bad option.

    \b
    Example:
      interopsim validate --quick --out validation
      interopsim validate --out validation --format json
    """
    import interopsim

    with progress_display(quiet, "validate") as progress:
        run = interopsim.validate(
            out=out or Path("validation"), quick=quick, seed=seed, progress=progress
        )
    columns, rows = run.table()
    if resolve_format(fmt) == "json":
        emit(run.to_json(), "json", Table(columns, tuple(rows)))
    else:
        click.echo("Simulated figures beside published ones; brackets are 95 % intervals.\n")
        click.echo(text_table(columns, rows))
        counts = ", ".join(f"{k} {v}" for k, v in run.report.counts.items())
        click.echo(f"\n{counts}")
    if not quiet:
        click.echo(f"Report: {run.markdown}", err=True)

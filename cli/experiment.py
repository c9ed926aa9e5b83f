"""``interopsim experiment``: run an experiment file on Dask (or show its plan)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import click

from cli.options import format_option, out_option, quiet_option
from cli.progress import progress_display
from cli.render import Table, emit

__all__ = ["experiment"]


def _plan_table(plan: dict[str, Any]) -> Table:
    est = plan["estimate"]
    rows = [
        ("experiment", plan["experiment"]),
        ("arms", ", ".join(a["name"] for a in plan["arms"])),
        ("seeds", ", ".join(str(s) for s in plan["seeds"])),
        ("points", len(plan["points"])),
        ("worlds to generate", plan["worlds"]),
        ("link runs", plan["runs"]),
        ("runs sharing a world", plan["shared_worlds"]),
        ("workers", est["workers"]),
        ("estimated time", est["wall_text"]),
        ("estimated disk", est["disk_text"]),
    ]
    return Table(("plan", "value"), tuple(rows))


def _dry_run(file: Path, out: Path, workers: int, fmt: str) -> None:
    from interopsim.experiment import format_duration, plan_experiment

    plan = plan_experiment(file, out=out)
    data = plan.to_json(workers)
    est = plan.estimate(workers)
    assert isinstance(data["estimate"], dict)
    data["estimate"]["wall_text"] = f"about {format_duration(est.wall_seconds)}"
    data["estimate"]["disk_text"] = f"about {est.disk_bytes / 1e9:.2f} GB"
    emit(data, fmt, _plan_table(data))


def _quiet_dask(ctx: click.Context, quiet: bool) -> None:
    """Dask logs every worker start and stop at INFO: show warnings only (errors with -q)."""
    if ctx.find_root().params.get("verbose"):
        return
    for name in ("distributed", "dask"):
        logging.getLogger(name).setLevel(logging.ERROR if quiet else logging.WARNING)


def _result_table(result: Any) -> Table:
    rows = [
        (
            f"{d.arm_b} - {d.arm_a}" + ("" if d.point == "base" else f" @ {d.point}"),
            d.figure,
            d.difference.value,
            d.difference.lower,
            d.difference.upper,
            d.seeds,
            d.verdict(),
        )
        for d in result.report.differences
    ]
    columns = ("comparison", "figure", "difference", "lower", "upper", "seeds", "verdict")
    return Table(columns, tuple(rows))


@click.command("experiment")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@out_option("Directory of the experiment: worlds, runs, results table and report.")
@click.option(
    "--dry-run",
    is_flag=True,
    default=False,
    help="Validate FILE and print the plan (worlds, link runs, time and disk); run nothing.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Address of a running Dask scheduler (tcp://host:8786) instead of a local cluster.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes of the local cluster [default: one per core].",
)
@format_option()
@quiet_option()
@click.pass_context
def experiment(
    ctx: click.Context,
    file: Path,
    out: Path,
    dry_run: bool,
    scheduler: str | None,
    workers: int | None,
    fmt: str,
    quiet: bool,
) -> None:
    """Run the experiment in FILE: arms x sweep points x seeds, on Dask.

    Generates one world per scenario and seed (arms that differ only in the linkage share
    it), links and analyses a copy per arm, then writes OUT/results.parquet and
    OUT/results.csv (one row per run and figure), OUT/differences.* (paired differences
    with intervals), OUT/people.* and the report OUT/report.html and OUT/report.md. Runs
    already complete in OUT are verified and kept, so an interrupted experiment resumes.
    A failed task is reported with its arm and seed; the others go on.

    Exit status: 0 when every task completed, 1 on a bad file or when a task failed,
    2 on a bad option.

    \b
    Example:
      interopsim experiment examples/interoperable-vs-siloed.toml --out exp --dry-run
      interopsim experiment examples/interoperable-vs-siloed.toml --out exp --workers 2
    """
    from interopsim import SimulatorError
    from interopsim.experiment import default_workers, run_experiment

    if dry_run:
        _dry_run(file, out, workers or default_workers(), fmt)
        return
    _quiet_dask(ctx, quiet)
    with progress_display(quiet, "experiment") as progress:
        result = run_experiment(
            file, out=out, scheduler=scheduler, workers=workers, progress=progress
        )
    emit(result.to_json(), fmt, _result_table(result))
    if not quiet:
        click.echo(f"Report (simulated figures): {result.files.html}", err=True)
    if result.failures:
        listed = "; ".join(f.describe() for f in result.failures[:5])
        more = f" (and {len(result.failures) - 5} more)" if len(result.failures) > 5 else ""
        raise SimulatorError(
            f"{len(result.failures)} of {len(result.plan.runs) + len(result.plan.worlds)} "
            f"tasks failed: {listed}{more}; run the same command again to finish them"
        )

"""``interopsim analyse``: the figures of a linked world, with intervals, as metrics.json."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.options import (
    db_option,
    finished_despite_interrupt,
    format_option,
    new_file_at,
    out_option,
    quiet_option,
    seed_option,
    verify_option,
)
from cli.progress import progress_display
from cli.render import emit, figure_table, resolve_format
from cli.summary import echo_summary, headline_figures, warn_about

if TYPE_CHECKING:
    from analysis.metrics import Metrics

__all__ = ["analyse"]

HEADLINE_COLUMNS = ("label", "value", "lower", "upper", "unit", "method")
"""What ``analyse`` prints of each headline figure (in JSON)."""


def _summary(metrics: Metrics, path: Path, worlds: int) -> dict[str, object]:
    """What ``analyse`` prints as JSON: where the metrics are, provenance, headline figures."""
    provenance = metrics.provenance
    return {
        "metrics": str(path),
        "simulated": True,
        "label": metrics.to_json()["label"],
        "seed": provenance.seed,
        "seeds": [r.seed for r in provenance.replicates],
        "scenario_hash": provenance.scenario_hash,
        "interopsim_version": provenance.interopsim_version,
        "replicates": worlds,
        "intervals": provenance.interval_method,
        "headline": {
            key: {k: fig.to_json().get(k) for k in HEADLINE_COLUMNS}
            for key, fig in metrics.headline.items()
        },
    }


@click.command("analyse")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--replicate",
    "replicates",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Another linked world of the same scenario with another seed (repeatable); "
    "figures become means over the worlds with Student-t intervals.",
)
@seed_option(
    default=None,
    help="Seed of the analysis' own draws (subsamples, query workload) "
    "[default: each world's seed].",
)
@out_option(
    "Where to write the metrics [default: DIRECTORY/report/metrics.json]; an existing "
    "file is replaced only when interopsim wrote it.",
    required=False,
    file=True,
)
@click.option(
    "--identity-checks",
    type=click.IntRange(min=0),
    default=10_000,
    show_default=True,
    help="Simulated police identity checks of registered people (assumption).",
)
@click.option(
    "--unregistered-checks",
    type=click.IntRange(min=0),
    default=10_000,
    show_default=True,
    help="Simulated police identity checks of never-registered people (assumption).",
)
@click.option(
    "--law-enforcement-queries",
    type=click.IntRange(min=0),
    default=1_000,
    show_default=True,
    help="Simulated law-enforcement CIR queries (assumption).",
)
@click.option(
    "--verification-minutes",
    type=click.FloatRange(min=0),
    default=None,
    help="Minutes per manual verification [default: the link configuration's, else 15].",
)
@db_option()
@verify_option()
@format_option()
@quiet_option()
def analyse(
    directory: Path,
    replicates: tuple[Path, ...],
    seed: int | None,
    out: Path | None,
    identity_checks: int,
    unregistered_checks: int,
    law_enforcement_queries: int,
    verification_minutes: float | None,
    db: str | None,
    verify: bool,
    fmt: str | None,
    quiet: bool,
) -> None:
    """Count a linked world's errors against the truth (metrics.json).

    Writes DIRECTORY/report/metrics.json. Joins the MID links with the hidden truth
    and computes wrong and missed links, the
    people they hurt (by group, with 95 % intervals and disparity ratios), gallery-size
    scaling extrapolated to the real sBMS and CIR sizes, the manual-verification
    workload and function creep (reach per authority, siloed versus interoperable, and
    a simulated query workload). Every figure is labelled as simulated. Prints where the
    metrics are and the key figures (--format json: every headline figure).

    Exit status: 0 on success, 1 when a world is missing, unlinked or corrupt, 2 on a
    bad option.

    \b
    Example:
      interopsim analyse demo-world --replicate demo-world-2 --replicate demo-world-3
    """
    import interopsim

    settings: dict[str, object] = {
        "identity_checks_registered": identity_checks,
        "identity_checks_unregistered": unregistered_checks,
        "law_enforcement_queries": law_enforcement_queries,
    }
    if verification_minutes is not None:
        settings["verification_minutes"] = verification_minutes
    path = out or interopsim.metrics_path(directory)
    with finished_despite_interrupt(new_file_at(path), f"the metrics {path}"):
        with progress_display(quiet, "analyse") as progress:
            metrics = interopsim.analyse(
                directory,
                replicates=replicates,
                config=settings,
                seed=seed,
                out=path,
                db=db,
                verify=verify,
                progress=progress,
            )
        _show(metrics, path, directory, 1 + len(replicates), fmt)


def _show(metrics: Metrics, path: Path, directory: Path, worlds: int, fmt: str | None) -> None:
    """The key figures for people (a table) or every digit (json, csv), then warnings."""
    shown = resolve_format(fmt)
    if shown == "table":
        echo_summary(("Metrics", path), metrics, directory)
        click.echo(f"Then: interopsim report {directory}   (the HTML page with every figure)")
    else:
        figures = figure_table(headline_figures(metrics), human=False)
        emit(_summary(metrics, path, worlds), shown, csv_table=figures)
    warn_about(metrics)

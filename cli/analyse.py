"""``interopsim analyse``: the figures of a linked world, with intervals, as metrics.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from analysis import METRICS_FILE, analyse_replicates, make_config, write_metrics
from analysis.metrics import SIMULATED_LABEL
from cli._common import emit_json, fail_on_simulator_error, progress_display
from schemas import open_world

__all__ = ["analyse"]


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
@click.option(
    "--seed",
    type=int,
    default=None,
    help="Seed of the analysis' own draws (subsamples, query workload) "
    "[default: each world's seed].",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Where to write the metrics [default: DIRECTORY/report/metrics.json].",
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
@click.option("-q", "--quiet", is_flag=True, help="No progress display on stderr.")
@fail_on_simulator_error
def analyse(
    directory: Path,
    replicates: tuple[Path, ...],
    seed: int | None,
    out: Path | None,
    identity_checks: int,
    unregistered_checks: int,
    law_enforcement_queries: int,
    verification_minutes: float | None,
    quiet: bool,
) -> None:
    """Analyse the linked world in DIRECTORY and write DIRECTORY/report/metrics.json.

    Joins the MID links with the hidden truth and computes wrong and missed links, the
    people they hurt (by group, with 95 % intervals and disparity ratios), gallery-size
    scaling extrapolated to the real sBMS and CIR sizes, the manual-verification
    workload and function creep (reach per authority, siloed versus interoperable, and
    a simulated query workload). Every figure is labelled as simulated. Prints the
    headline figures as JSON.

    Exit status: 0 on success, 1 when a world is missing, unlinked or corrupt, 2 on a
    bad option.

    \b
    Example:
      interopsim analyse demo-world --replicate demo-world-2 --replicate demo-world-3
    """
    config = make_config(
        identity_checks_registered=identity_checks,
        identity_checks_unregistered=unregistered_checks,
        law_enforcement_queries=law_enforcement_queries,
        verification_minutes=verification_minutes,
    )
    worlds = [open_world(p) for p in (directory, *replicates)]
    with progress_display(quiet, "analyse") as progress:
        metrics = analyse_replicates(worlds, config, seed, progress)
    path = write_metrics(metrics, out or directory / METRICS_FILE)
    provenance = metrics.provenance
    summary: dict[str, Any] = {
        "simulated": True,
        "label": SIMULATED_LABEL,
        "metrics": str(path),
        "seed": provenance.seed,
        "scenario_hash": provenance.scenario_hash,
        "interopsim_version": provenance.interopsim_version,
        "replicates": len(worlds),
        "headline": {
            key: {"label": fig.label}
            | {k: fig.estimate.to_json()[k] for k in ("value", "lower", "upper", "unit", "method")}
            for key, fig in metrics.headline.items()
        },
    }
    emit_json(summary)

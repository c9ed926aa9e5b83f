"""The few lines a command prints for people: where the result is, and the key figures.

Shared by ``run`` and ``analyse``: the path first, the provenance in one line, a short
table of the key figures (rounded, with their 95 % intervals) and what to do next.
Warnings about the result (a world too small to show much) go to the log, so that
``-q`` silences them and they never mix with the data on stdout.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.render import figure_table, text_table

if TYPE_CHECKING:
    from analysis.estimate import Estimate
    from analysis.metrics import Metrics

__all__ = ["SUMMARY_FIGURES", "echo_summary", "headline_figures", "warn_about"]

log = logging.getLogger("interopsim")

SUMMARY_FIGURES = (
    "persons_wrongly_linked",
    "persons_wrongly_linked_rate",
    "persons_merged",
    "persons_missed",
    "persons_false_red",
    "false_links",
    "yellow_per_1000_records",
    "biometric_fpir_at_sbms_size",
    "identity_collisions_per_search_at_cir_size",
)
"""The headline figures in the short summary of ``run`` and ``analyse``."""


def headline_figures(
    metrics: Metrics, keys: Iterable[str] | None = None
) -> list[tuple[str, str, Estimate]]:
    """``(key, label, estimate)`` of the headline figures named (all when ``keys`` is None)."""
    wanted = list(metrics.headline) if keys is None else list(keys)
    return [
        (k, metrics.headline[k].label, metrics.headline[k].estimate)
        for k in wanted
        if k in metrics.headline
    ]


def warn_about(metrics: Metrics) -> None:
    """Log why the figures of a too-small world say little (nothing for a large one)."""
    from interopsim.views import warnings

    for text in warnings(metrics):
        log.warning(text)


def _link_seed(world: Path) -> int | None:
    """The seed the world's link stage ran with (None when unknown)."""
    import interopsim

    try:
        stage = interopsim.open_world(world).manifest.stages.get("link")
    except interopsim.SimulatorError:
        return None
    return None if stage is None else stage.seed


def _provenance_line(metrics: Metrics, world: Path, mode: str | None) -> str:
    prov = metrics.provenance
    persons = metrics.persons.persons.value
    seeds = [r.seed for r in prov.replicates] or [prov.seed]
    seed = f"seed {seeds[0]}" if len(seeds) == 1 else f"seeds {', '.join(map(str, seeds))}"
    link_seed = _link_seed(world) if len(seeds) == 1 else None
    if link_seed is not None and link_seed != seeds[0]:
        seed += f", link seed {link_seed}"
    parts = [
        f"{persons:,.0f} synthetic persons" if persons is not None else "synthetic persons",
        seed,
        f"scenario hash {prov.scenario_hash[:12]}",
    ]
    if mode:
        parts.append(f"{mode} biometric matching")
    return f"World: {world} ({', '.join(parts)}; figures simulated)"


def echo_summary(
    first: tuple[str, Path],
    metrics: Metrics,
    world: Path,
    mode: str | None = None,
    keys: Iterable[str] = SUMMARY_FIGURES,
) -> None:
    """Print ``first`` (a label and a path), the provenance, key figures and next steps."""
    click.echo(f"{first[0]}: {first[1]}")
    click.echo(_provenance_line(metrics, world, mode))
    click.echo("")
    table = figure_table(headline_figures(metrics, keys), human=True)
    click.echo(text_table(table.columns, table.rows))
    click.echo("")
    click.echo("lower, upper: 95 % interval. Every figure: --format json or report/metrics.json.")
    click.echo(f"Next: interopsim errors {world}   (the people wrongly linked, to explain)")

"""``interopsim link``: run the interoperability layer over a world."""

from __future__ import annotations

from pathlib import Path

import click

from analysis.truth import truth_oracle
from cli._common import emit_json, fail_on_simulator_error, progress_display
from linkage.biometric import SearchMode
from linkage.config import LinkConfig
from linkage.pipeline import link_world
from schemas.world import open_world

__all__ = ["link"]


@click.command("link")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--mode",
    type=click.Choice([m.value for m in SearchMode]),
    default=SearchMode.SHARED.value,
    show_default=True,
    help="shared: one biometric gallery for all systems (sBMS); siloed: each system its own.",
)
@click.option(
    "--seed",
    type=int,
    default=None,
    help="Seed of the searches and the verification model (default: the world's seed).",
)
@click.option("--quiet", is_flag=True, help="No progress bar on stderr.")
@fail_on_simulator_error
def link(directory: Path, mode: str, seed: int | None, quiet: bool) -> None:
    """Link the world in DIR: biometric and identity searches, MID links, clusters.

    Adds the tables mid_links and identity_clusters to DIR (Parquet and SQL; nothing is
    changed when the command fails) and prints a JSON summary: links by colour and basis,
    candidate pairs per blocking pass, the verification workload and timings. The
    verification parameters are assumptions, not published figures.

    Exit status: 0 on success, 1 when DIR is not a usable world, 2 on a bad option.

    \b
    Example:
      interopsim link demo-world --mode siloed --seed 7
    """
    world = open_world(directory)
    oracle = truth_oracle(world)
    with progress_display(quiet, "link") as progress:
        result = link_world(world, LinkConfig(), mode, seed, progress, oracle=oracle)
    emit_json(result.to_json())

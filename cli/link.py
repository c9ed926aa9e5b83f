"""``interopsim link``: run the interoperability layer over a world."""

from __future__ import annotations

from pathlib import Path

import click

from cli.options import (
    db_option,
    finished_despite_interrupt,
    format_option,
    mode_option,
    new_stage_in,
    quiet_option,
    seed_option,
    verify_option,
)
from cli.progress import progress_display
from cli.render import emit

__all__ = ["link"]


@click.command("link")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@mode_option()
@seed_option(
    default=None,
    help="Seed of the searches and the verification model [default: the world's seed].",
)
@db_option()
@verify_option()
@format_option()
@quiet_option()
def link(
    directory: Path,
    mode: str,
    seed: int | None,
    db: str | None,
    verify: bool,
    fmt: str,
    quiet: bool,
) -> None:
    """Link the world in DIR: biometric and identity searches, MID links, clusters.

    Adds the tables mid_links and identity_clusters to DIR (Parquet and SQL; nothing is
    changed when the command fails) and prints a summary: links by colour and basis,
    candidate pairs per blocking pass, the verification workload and timings. The
    verification parameters are assumptions, not published figures.

    Exit status: 0 on success, 1 when DIR is not a usable world, 2 on a bad option.

    \b
    Example:
      interopsim link demo-world --mode siloed --seed 7
    """
    import interopsim

    done = new_stage_in(directory, "link")
    with finished_despite_interrupt(done, f"the links of {directory}"):
        with progress_display(quiet, "link") as progress:
            result = interopsim.link(
                directory, mode=mode, seed=seed, db=db, verify=verify, progress=progress
            )
        emit(result.to_json(), fmt)

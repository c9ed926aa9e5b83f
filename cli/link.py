"""``interopsim link``: run the interoperability layer over a world."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
from cli.render import Table, emit, resolve_format, text_table

if TYPE_CHECKING:
    from linkage.result import LinkResult

__all__ = ["link"]


def _counts(title: str, counts: dict[str, int]) -> str:
    rows = tuple((k, v) for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
    return text_table((title, "links"), rows)


def _echo_human(result: LinkResult) -> None:
    """Where the links are, how many of each colour and basis, and the manual workload."""
    s = result.summary
    click.echo(f"Linked: {result.world.path} (tables mid_links and identity_clusters)")
    click.echo(
        f"{s.mode.value} biometric matching, seed {s.seed}: {s.records:,} records, "
        f"{s.links.total:,} MID links (simulated, on synthetic people)"
    )
    click.echo("")
    click.echo(_counts("colour", dict(s.links.by_colour)))
    click.echo("")
    click.echo(_counts("basis", dict(s.links.by_basis)))
    v = s.mid.verification
    click.echo("")
    click.echo(
        f"Manual verification: {v.yellow_cases:,} yellow cases, {v.pending:,} still pending, "
        f"{v.wrong_conclusions:,} concluded wrongly (assumed accuracy {v.accuracy:.0%}, "
        f"{v.minutes_per_case:g} minutes per case)."
    )
    click.echo(
        f"Next: interopsim analyse {result.world.path}   (count the errors against the truth)"
    )


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
    fmt: str | None,
    quiet: bool,
) -> None:
    """Link a world: biometric and identity searches, MID links.

    Adds the tables mid_links and identity_clusters to DIR (Parquet and SQL; nothing is
    changed when the command fails) and prints a summary: links by colour and basis and
    the manual-verification workload (--format json: also candidate pairs per blocking
    pass, both searches' figures and timings). The verification parameters are
    assumptions, not published figures.

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
        shown = resolve_format(fmt)
        if shown == "table":
            _echo_human(result)
            return
        s = result.summary
        rows = [("colour", k, v) for k, v in s.links.by_colour.items()]
        rows += [("basis", k, v) for k, v in s.links.by_basis.items()]
        emit(result.to_json(), shown, csv_table=Table(("group", "key", "links"), tuple(rows)))

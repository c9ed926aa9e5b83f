"""``interopsim report``: render the HTML and Markdown report of an analysed world."""

from __future__ import annotations

from pathlib import Path

import click

from cli.options import (
    db_option,
    finished_despite_interrupt,
    format_option,
    new_file_at,
    quiet_option,
    verify_option,
)
from cli.progress import progress_display
from cli.render import emit, resolve_format

__all__ = ["report"]


@click.command("report")
@click.argument("directory", type=click.Path(path_type=Path))
@db_option()
@verify_option()
@format_option()
@quiet_option()
def report(directory: Path, db: str | None, verify: bool, fmt: str | None, quiet: bool) -> None:
    """Write the HTML and Markdown report of an analysed world.

    Writes DIRECTORY/report/index.html and report.md (with figures/) from its
    metrics.json. The page is self-contained (inline figures and styles, nothing loaded from the
    network). Every figure is labelled as simulated; the report lists the assumptions
    behind them and how to cite them (seed, scenario hash, interopsim version). Prints
    the paths written. Refuses metrics older than the world's last link run, and report
    pages that were edited since interopsim wrote them.

    Exit status: 0 on success, 1 when DIRECTORY is not an analysed world, 2 on a bad option.

    \b
    Example:
      interopsim analyse demo-world && interopsim report demo-world
    """
    import interopsim

    done = new_file_at(directory / "report" / "index.html")
    with finished_despite_interrupt(done, f"the report of {directory}"):
        with progress_display(quiet, "report") as progress:
            files = interopsim.report(directory, db=db, verify=verify, progress=progress)
        paths = {
            "html": str(files.html),
            "markdown": str(files.markdown),
            "figures": [str(p) for p in files.figures],
        }
        if resolve_format(fmt) == "table":
            click.echo(f"Report: {files.html}")
            click.echo(f"Markdown: {files.markdown} (figures in {files.html.parent / 'figures'})")
            click.echo("Open the HTML page in a browser; every figure in it is simulated.")
            return
        emit(paths, fmt)

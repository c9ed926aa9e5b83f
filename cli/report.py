"""``interopsim report``: render the HTML and Markdown report of an analysed world."""

from __future__ import annotations

from pathlib import Path

import click

from cli._common import emit_json, fail_on_simulator_error, progress_display

__all__ = ["report"]


@click.command("report")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="No progress display on stderr.")
@fail_on_simulator_error
def report(directory: Path, quiet: bool) -> None:
    """Write DIRECTORY/report/index.html and report.md from its metrics.json.

    The page is self-contained (inline figures and styles, nothing loaded from the
    network). Every figure is labelled as simulated; the report lists the assumptions
    behind them and how to cite them (seed, scenario hash, interopsim version). Prints
    the paths written as JSON.

    Exit status: 0 on success, 1 when DIRECTORY is not an analysed world, 2 on a bad option.

    \b
    Example:
      interopsim analyse demo-world && interopsim report demo-world
    """
    from analysis.report import render_report

    with progress_display(quiet, "report") as progress:
        files = render_report(directory, progress=progress)
    emit_json(
        {
            "html": str(files.html),
            "markdown": str(files.markdown),
            "figures": [str(p) for p in files.figures],
        }
    )

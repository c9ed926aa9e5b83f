"""``interopsim compare``: headline figures of two analysed runs side by side."""

from __future__ import annotations

from pathlib import Path

import click

from cli.options import db_option, format_option, quiet_option, verify_option
from cli.render import Table, emit, text_table

__all__ = ["compare"]


@click.command("compare")
@click.argument("dir_a", type=click.Path(path_type=Path))
@click.argument("dir_b", type=click.Path(path_type=Path))
@db_option(
    "SQLAlchemy URL (with its password) of the database holding the SQL tables of either "
    "world [default: the URL each manifest names]."
)
@verify_option()
@format_option()
@quiet_option()
def compare(dir_a: Path, dir_b: Path, db: str | None, verify: bool, fmt: str, quiet: bool) -> None:
    """Compare the headline figures of two analysed worlds, DIR_A and DIR_B.

    Shows each figure of both runs with its 95 % interval and the difference B - A. All
    figures are simulated; when both runs share seed and scenario, the difference comes
    from the linkage settings alone (e.g. siloed versus shared biometric matching).
    Refuses a run whose metrics are older than its world's last link run.

    Exit status: 0 on success, 1 when a directory is not an analysed world, 2 on a bad option.

    \b
    Example:
      interopsim compare world-siloed world-shared --format table
    """
    import interopsim

    result = interopsim.compare(dir_a, dir_b, db=db, verify=verify)
    header, *rows = result.to_table()
    if fmt != "table":
        emit(result.to_json(), fmt, Table(tuple(header), tuple(map(tuple, rows))))
        return
    a, b = result.a.citation, result.b.citation
    click.echo(f"A: {result.path_a} (seed {a.seed}, scenario {a.scenario}, {a.mode})")
    click.echo(f"B: {result.path_b} (seed {b.seed}, scenario {b.scenario}, {b.mode})")
    if not result.same_population:
        click.echo("note: the runs differ in seed or scenario, not only in linkage settings")
    click.echo("All figures are simulated on synthetic persons; brackets are 95 % intervals.\n")
    click.echo(text_table(header, rows))

"""``interopsim compare``: two analysed runs side by side, overall or group by group."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.options import db_option, format_option, quiet_option, verify_option
from cli.render import Table, emit, resolve_format, text_table

if TYPE_CHECKING:
    from analysis.report import Comparison

__all__ = ["compare"]


def _echo_human(result: Comparison) -> None:
    a, b = result.a.citation, result.b.citation
    click.echo(f"A: {result.path_a} ({a.seed_text}, scenario {a.scenario}, {a.mode} matching)")
    click.echo(f"B: {result.path_b} ({b.seed_text}, scenario {b.scenario}, {b.mode} matching)")
    if not result.same_population:
        click.echo("note: the runs differ in seed or scenario, not only in linkage settings")
    click.echo("All figures are simulated on synthetic persons; brackets are 95 % intervals.")
    click.echo("")
    if result.by is None:
        header, *rows = result.to_table()
        click.echo(text_table(header, rows))
        return
    click.echo(f"{result.a.group_metric}, by {result.by.replace('_', ' ')} (share of the group):")
    header, *rows = result.to_table(groups=True)
    click.echo(text_table(header, rows))
    apart = [r.label for r in result.groups if r.intervals_overlap is False]
    click.echo("")
    click.echo("Intervals apart (a clear difference): " + (", ".join(apart) if apart else "none"))


@click.command("compare")
@click.argument("dir_a", type=click.Path(path_type=Path))
@click.argument("dir_b", type=click.Path(path_type=Path))
@click.option(
    "--by",
    "by",
    metavar="DIM",
    default=None,
    help="Also compare group by group along one dimension: region, sex, age_band, "
    "population_group or nationality (the report's group outcome, people wrongly linked).",
)
@db_option(
    "SQLAlchemy URL (with its password) of the database holding the SQL tables of either "
    "world [default: the URL each manifest names]."
)
@verify_option()
@format_option()
@quiet_option()
def compare(
    dir_a: Path,
    dir_b: Path,
    by: str | None,
    db: str | None,
    verify: bool,
    fmt: str | None,
    quiet: bool,
) -> None:
    """Compare two analysed worlds, overall or group by group.

    Shows each headline figure of both runs (DIR_A, DIR_B) with its 95 % interval and the
    difference B - A; with --by DIM, the rate of people wrongly linked in every group of
    DIM instead, and which groups differ clearly (intervals apart). All figures are
    simulated; when both runs share seed and scenario, the difference comes from the
    linkage settings alone (e.g. siloed versus shared biometric matching). Refuses a run
    whose metrics are older than its world's last link run.

    Exit status: 0 on success, 1 when a directory is not an analysed world or DIM is not
    a group dimension, 2 on a bad option.

    \b
    Example:
      interopsim compare world-siloed world-shared
      interopsim compare world-siloed world-shared --by region --format csv
    """
    import interopsim

    result = interopsim.compare(dir_a, dir_b, by=by, db=db, verify=verify)
    if resolve_format(fmt) == "table":
        _echo_human(result)
        return
    emit(result.to_json(), fmt, csv_table=_csv(result))


_CSV = (
    "key",
    "label",
    "a_value",
    "a_lower",
    "a_upper",
    "b_value",
    "b_lower",
    "b_upper",
    "difference",
    "ratio",
    "intervals_overlap",
)


def _csv(result: Comparison) -> Table:
    """Every digit: one row per figure (or group), A and B with their intervals."""
    rows = []
    for r in result.groups if result.by is not None else result.rows:
        a = (r.a.value, r.a.lower, r.a.upper) if r.a else (None, None, None)
        b = (r.b.value, r.b.lower, r.b.upper) if r.b else (None, None, None)
        rows.append((r.key, r.label, *a, *b, r.difference, r.ratio, r.intervals_overlap))
    return Table(_CSV, tuple(rows))

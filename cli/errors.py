"""``interopsim errors``: the people behind the error figures, one row each."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.options import db_option, format_option, quiet_option, verify_option
from cli.render import Table, emit, resolve_format, text_table

if TYPE_CHECKING:
    from analysis.report.people import PeopleInError, PersonInError

__all__ = ["errors"]

_CHOICES = ("any", "wrongly-linked", "merged", "missed", "false-red")
_SHORT = {
    "wrongly_linked": "wrong link",
    "merged": "merged",
    "missed": "missed",
    "false_red": "false red",
}
_CSV = (
    "person_id",
    "wrongly_linked",
    "merged",
    "missed",
    "false_red",
    "wrong_links",
    "linked_to",
    "colours",
    "records",
    "name",
    "sex",
    "age_band",
    "region",
    "nationality",
    "population_group",
)


def _csv_row(p: PersonInError) -> tuple[object, ...]:
    linked = " ".join(map(str, p.linked_to))
    return (
        p.person_id,
        p.wrongly_linked,
        p.merged,
        p.missed,
        p.false_red,
        p.wrong_links,
        linked,
        " ".join(p.colours),
        p.records,
        p.name,
        p.sex,
        p.age_band,
        p.region,
        p.nationality,
        p.population_group,
    )


def _human_row(p: PersonInError) -> tuple[object, ...]:
    linked = ", ".join(map(str, p.linked_to[:3])) + (" …" if len(p.linked_to) > 3 else "")
    return (
        str(p.person_id),
        ", ".join(_SHORT[o] for o in p.outcomes),
        p.wrong_links or "",
        linked,
        p.sex,
        p.age_band,
        (p.region or "").replace("_", " "),
        p.nationality,
        (p.population_group or "").replace("_", " "),
    )


def _echo_human(found: PeopleInError, shown: list[PersonInError], limit: int | None) -> None:
    c = found.counts
    click.echo(
        f"World {found.world} (synthetic people, simulated links): "
        f"{c['wrongly_linked']:,} wrongly linked, {c['merged']:,} merged, "
        f"{c['missed']:,} with a missed link, {c['false_red']:,} in a false red link."
    )
    if not shown:
        click.echo("Nobody here.")
        return
    click.echo("")
    columns = (
        "person",
        "outcome",
        "wrong links",
        "linked to",
        "sex",
        "age",
        "region",
        "nationality",
        "group",
    )
    click.echo(text_table(columns, [_human_row(p) for p in shown[:limit]]))
    if limit is not None and len(shown) > limit:
        click.echo(
            f"… and {len(shown) - limit:,} more (--limit 0 for all, --format csv for a file)."
        )
    click.echo("")
    click.echo(f"Explain one: interopsim explain {found.world} --person {shown[0].person_id}")


@click.command("errors")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--only",
    type=click.Choice(_CHOICES),
    default="any",
    show_default=True,
    help="Which people: wrongly linked to someone else, merged into another's identity "
    "cluster, with a missed link, in a false red link, or any of these.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=25,
    show_default=True,
    help="Rows of the table format (0: all); json and csv list everyone.",
)
@db_option()
@verify_option()
@format_option()
@quiet_option()
def errors(
    directory: Path,
    only: str,
    limit: int,
    db: str | None,
    verify: bool,
    fmt: str | None,
    quiet: bool,
) -> None:
    """List the people wrongly linked, merged or missed.

    One row per synthetic person with at least one error, people wrongly linked first:
    what happened to them, how many wrong links they are in and to whom (person ids),
    and the groups the report breaks its figures down by (sex, age band, region,
    nationality, population group). Pass a person id to `interopsim explain DIR
    --person ID` for the story.

    Exit status: 0 on success, 1 when DIR is not a linked world, 2 on a bad option.

    \b
    Example:
      interopsim errors demo-world
      interopsim errors demo-world --only merged --format csv > merged.csv
    """
    from interopsim.views import errors as people_in_error

    found = people_in_error(directory, db=db, verify=verify)
    outcome = only.replace("-", "_")
    shown = [p for p in found.people if outcome == "any" or getattr(p, outcome)]
    if resolve_format(fmt) == "table":
        _echo_human(found, shown, limit or None)
        return
    data = found.to_json()
    data["people"] = [p.to_json() for p in shown]
    emit(data, fmt, csv_table=Table(_CSV, tuple(_csv_row(p) for p in shown)))

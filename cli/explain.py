"""``interopsim explain``: one person's or one record's story: records, links, reach."""

from __future__ import annotations

from pathlib import Path

import click

from cli.options import db_option, format_option, quiet_option, verify_option
from cli.render import Table, emit, resolve_format

__all__ = ["explain"]

_LINK_COLUMNS = (
    "link_id",
    "record_id",
    "other_record_id",
    "other_person_id",
    "colour",
    "basis",
    "biometric_score",
    "identity_score",
    "identity_class",
    "document_match",
    "created_rule",
    "rule",
    "rule_article",
    "verifying_authority",
    "conclusion",
    "same_person",
    "verdict",
)


@click.command("explain")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--person", "person_id", type=int, default=None, help="A person_id of the world.")
@click.option("--record", "record_id", default=None, help="A record_id, e.g. VIS-000000042.")
@db_option()
@verify_option()
@format_option("text", "json", "csv", human="text")
@quiet_option()
def explain(
    directory: Path,
    person_id: int | None,
    record_id: str | None,
    db: str | None,
    verify: bool,
    fmt: str | None,
    quiet: bool,
) -> None:
    """Tell one person's or one record's story: links and reach.

    For a synthetic person (--person ID) or a record (--record ID): who they truly are,
    their records as the systems hold them (with the recording errors the generator
    made), and each MID link touching them: the two records side by side, the biometric
    and identity scores with their thresholds, the rule and article behind the colour,
    the manual verification and its conclusion, and whether the hidden truth agrees.
    Last, once, which authorities reach their data siloed and interoperable. `interopsim
    errors DIR` lists the people worth explaining. --format csv lists the links.

    Exit status: 0 on success, 1 for an unknown ID or a bad DIR, 2 on a bad option.

    \b
    Example:
      interopsim errors demo-world
      interopsim explain demo-world --person 17
      interopsim explain demo-world --record EURODAC-000000123 --format json
    """
    if (person_id is None) == (record_id is None):
        raise click.UsageError("give exactly one of --person ID or --record ID")
    import interopsim

    result = interopsim.explain(directory, person=person_id, record=record_id, db=db, verify=verify)
    shown = resolve_format(fmt, human="text")
    if shown == "text":
        from analysis.report import explanation_text  # a renderer of the explanation

        click.echo(explanation_text(result))
        return
    links = tuple(tuple(getattr(lk, c) for c in _LINK_COLUMNS) for lk in result.links)
    emit(result.to_json(), shown, csv_table=Table(_LINK_COLUMNS, links))

"""``interopsim explain``: one person's or one record's records, links and who sees them."""

from __future__ import annotations

from pathlib import Path

import click

from cli.options import db_option, format_option, quiet_option, verify_option
from cli.render import emit

__all__ = ["explain"]


@click.command("explain")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--person", "person_id", type=int, default=None, help="A person_id of the world.")
@click.option("--record", "record_id", default=None, help="A record_id, e.g. VIS-0000042.")
@db_option()
@verify_option()
@format_option("json", "text")
@quiet_option()
def explain(
    directory: Path,
    person_id: int | None,
    record_id: str | None,
    db: str | None,
    verify: bool,
    fmt: str,
    quiet: bool,
) -> None:
    """Explain one synthetic person or one record: its links and who sees it.

    Shows the records as the systems hold them (with the noise the generator applied),
    every MID link touching them (colour, basis, scores and whether the hidden truth
    agrees), the pairs the MID missed, and what each authority could see in the siloed
    and the interoperable regime. Give --person ID or --record ID. Everything shown is
    simulated on synthetic people.

    Exit status: 0 on success, 1 for an unknown ID or a bad DIR, 2 on a bad option.

    \b
    Example:
      interopsim explain demo-world --person 17 --format text
      interopsim explain demo-world --record EURODAC-0000123
    """
    if (person_id is None) == (record_id is None):
        raise click.UsageError("give exactly one of --person ID or --record ID")
    import interopsim

    result = interopsim.explain(directory, person=person_id, record=record_id, db=db, verify=verify)
    if fmt == "json":
        emit(result.to_json())
    else:
        from analysis.report import explanation_text  # a renderer of the explanation

        click.echo(explanation_text(result))

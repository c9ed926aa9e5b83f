"""``interopsim explain``: one person's or one record's records, links and who sees them."""

from __future__ import annotations

from pathlib import Path

import click

from cli._common import emit_json, fail_on_simulator_error

__all__ = ["explain"]


@click.command("explain")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--person", "person_id", type=int, default=None, help="A person_id of the world.")
@click.option("--record", "record_id", default=None, help="A record_id, e.g. VIS-0000042.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="JSON for machines, readable text for people.",
)
@fail_on_simulator_error
def explain(directory: Path, person_id: int | None, record_id: str | None, fmt: str) -> None:
    """Explain one synthetic person (--person) or one record (--record) of the world in DIR.

    Shows the records as the systems hold them (with the noise the generator applied),
    every MID link touching them (colour, basis, scores and whether the hidden truth
    agrees), the pairs the MID missed, and what each authority could see in the siloed
    and the interoperable regime. Everything shown is simulated on synthetic people.

    Exit status: 0 on success, 1 for an unknown ID or a bad DIR, 2 on a bad option.

    \b
    Example:
      interopsim explain demo-world --person 17 --format text
      interopsim explain demo-world --record EURODAC-0000123
    """
    if (person_id is None) == (record_id is None):
        raise click.UsageError("give exactly one of --person ID or --record ID")
    from analysis.report import explain_person, explain_record, explanation_text
    from schemas.world import open_world

    world = open_world(directory)
    if person_id is not None:
        result = explain_person(world, person_id)
    else:
        assert record_id is not None
        result = explain_record(world, record_id)
    if fmt == "json":
        emit_json(result.to_json())
    else:
        click.echo(explanation_text(result))

"""``interopsim scenarios``: the named scenario presets shipped with interopsim."""

from __future__ import annotations

import click

from cli._common import emit_json, fail_on_simulator_error

__all__ = ["scenarios"]


@click.command("scenarios")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="json for machines, table for humans.",
)
@fail_on_simulator_error
def scenarios(fmt: str) -> None:
    """List the scenario presets, each with a one-line description.

    Use a preset with `interopsim generate --preset NAME`, or start a scenario file from
    one with extends = "NAME".

    \b
    Example:
      interopsim scenarios --format table
    """
    from synth.scenario_load import list_presets

    presets = list_presets()
    if fmt == "json":
        emit_json(presets)
        return
    width = max(len(p["name"]) for p in presets)
    click.echo(f"{'NAME'.ljust(width)}  DESCRIPTION")
    for p in presets:
        click.echo(f"{p['name'].ljust(width)}  {p['description']}")

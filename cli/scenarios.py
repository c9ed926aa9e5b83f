"""``interopsim scenarios``: the named scenario presets shipped with interopsim."""

from __future__ import annotations

import click

from cli.options import format_option, quiet_option
from cli.render import Table, emit

__all__ = ["scenarios"]


@click.command("scenarios")
@format_option()
@quiet_option()
def scenarios(fmt: str, quiet: bool) -> None:
    """List the scenario presets, each with a one-line description.

    Use a preset with `interopsim generate --preset NAME`, or start a scenario file from
    one with extends = "NAME".

    \b
    Example:
      interopsim scenarios --format table
    """
    import interopsim

    presets = interopsim.presets()
    listed = [{"name": name, "description": text} for name, text in presets.items()]
    emit(listed, fmt, Table(("name", "description"), tuple(presets.items())))

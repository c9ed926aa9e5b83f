"""``interopsim scenarios``: the presets, one scenario's resolved values, every scenario key."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

import click

from cli.options import format_option, quiet_option
from cli.render import Table, emit, resolve_format, text_table

if TYPE_CHECKING:
    from interopsim.reference import ResolvedValue

__all__ = ["scenarios"]


@click.group("scenarios", invoke_without_command=True)
@format_option()
@quiet_option()
@click.pass_context
def scenarios(ctx: click.Context, fmt: str | None, quiet: bool) -> None:
    """List the scenario presets; `scenarios show NAME` for values.

    Use a preset with `interopsim run --preset NAME`, or start a scenario file from one
    with extends = "NAME". `interopsim scenarios show NAME` prints every value of a preset
    (or a scenario file) with its source; `interopsim scenarios keys` every key a
    scenario file may set.

    \b
    Example:
      interopsim scenarios
      interopsim scenarios show small --changed
      interopsim scenarios show my-scenario.toml
    """
    if ctx.invoked_subcommand is not None:
        return
    import interopsim

    presets = interopsim.presets()
    listed = [{"name": name, "description": text} for name, text in presets.items()]
    emit(listed, fmt, Table(("name", "description"), tuple(presets.items())))


def _value_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:.4g}"
    return json.dumps(value, ensure_ascii=False, default=str)


def _echo_values(name: str, values: list[ResolvedValue]) -> None:
    """Values in a table, each source text once in a numbered list under it."""
    notes: dict[str, int] = {}
    rows = []
    for v in values:
        number = notes.setdefault(v.source, len(notes) + 1)
        rows.append((v.key, _value_text(v.value), "yes" if v.changed else "", f"[{number}]"))
    click.echo(f"Scenario {name}: {len(values)} values (changed: differs from the default)")
    click.echo("")
    click.echo(text_table(("key", "value", "changed", "source"), rows))
    click.echo("")
    click.echo("Sources:")
    for text, number in notes.items():
        wrapped = textwrap.wrap(text, 96, initial_indent=f"[{number}] ", subsequent_indent="    ")
        click.echo("\n".join(wrapped))


@scenarios.command("show")
@click.argument("name", metavar="NAME")
@click.option(
    "--changed",
    "only_changed",
    is_flag=True,
    default=False,
    help="Only the values that differ from the scenario model's defaults.",
)
@format_option()
@quiet_option()
def show(name: str, only_changed: bool, fmt: str | None, quiet: bool) -> None:
    """Print every value of a preset or a scenario file, with where it comes from.

    NAME is a preset (`interopsim scenarios` lists them) or a scenario TOML file. Each
    value comes with its source: the bibliography entries and note behind its default,
    or the preset or file that set it (and the default it replaces).

    \b
    Example:
      interopsim scenarios show default
      interopsim scenarios show eurodac-age-6 --changed --format csv
    """
    from interopsim.views import scenario_values

    values = scenario_values(name)
    if only_changed:
        values = [v for v in values if v.changed]
    columns = ("key", "value", "default", "changed", "tag", "source")
    rows = tuple((v.key, v.value, v.default, v.changed, v.tag, v.source) for v in values)
    if resolve_format(fmt) == "table":
        _echo_values(name, values)
        return
    listed = [dict(zip(columns, row, strict=True)) for row in rows]
    emit(listed, fmt, csv_table=Table(columns, rows))


@scenarios.command("keys")
@format_option("json", "table", "csv", "markdown")
@quiet_option()
def keys(fmt: str | None, quiet: bool) -> None:
    """Print every key a scenario file may set: values, default and source.

    --format markdown writes the reference page docs/scenario-keys.md.

    \b
    Example:
      interopsim scenarios keys --format csv > keys.csv
      interopsim scenarios keys --format markdown > docs/scenario-keys.md
    """
    from interopsim.views import keys_page, scenario_keys

    if fmt == "markdown":
        click.echo(keys_page(), nl=False)
        return
    docs = scenario_keys()
    columns = ("key", "values", "default", "tag", "source")
    rows = tuple((d.key, d.values, d.default, d.tag, d.source) for d in docs)
    human = tuple((d.key, d.values, d.default, d.tag) for d in docs)
    emit(
        [dict(zip(columns, r, strict=True)) for r in rows],
        fmt,
        Table(columns[:4], human),
        Table(columns, rows),
    )

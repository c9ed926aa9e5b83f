"""The ``interopsim`` command: a click group whose commands live in their own modules.

A command's module is imported only when that command runs (or shows its help), so
``interopsim --version`` and ``interopsim --help`` never load the simulator. The group
is also the one place where errors become messages: a :class:`SimulatorError` is one
line on stderr and exit status 1; any other exception is a short message pointing to
``-vv`` for the traceback, and exit status 1.
"""

from __future__ import annotations

import errno
import importlib
import logging
import sys
import traceback
from importlib import metadata
from typing import Any

import click

__all__ = ["COMMANDS", "main"]

COMMANDS: dict[str, str] = {
    "run": "Generate, link, analyse and report a world in one go.",
    "scenarios": "List the scenario presets; `scenarios show NAME` for values.",
    "generate": "Generate a world of synthetic people and their records.",
    "link": "Link a world: biometric and identity searches, MID links.",
    "analyse": "Count a linked world's errors against the truth (metrics.json).",
    "report": "Write the HTML and Markdown report of an analysed world.",
    "errors": "List the people wrongly linked, merged or missed.",
    "explain": "Tell one person's or one record's story: links and reach.",
    "compare": "Compare two analysed worlds, overall or group by group.",
    "validate": "Compare the model with published figures, each case calibration or validation.",
    "experiment": "Run the experiment in FILE: arms x sweep points x seeds, on Dask.",
}
"""Each command (module ``cli.<name>`` defines it) and the first line of its help."""


def _version() -> str:
    try:
        return metadata.version("interopsim")
    except metadata.PackageNotFoundError:  # pragma: no cover - a bare checkout
        return "0.0.0+unknown"


def _message(exc: Exception) -> str:
    """The one line a user sees for ``exc``, which no :class:`SimulatorError` explained.

    :func:`schemas.errors.describe_unexpected` words it (an operating-system error names
    its file and what to do; anything else is an internal error with the pointer to
    ``-vv``); when even that cannot be imported, a plain line says the same.
    """
    try:
        from schemas.errors import describe_unexpected
    except Exception:  # importing the simulator may be what failed
        return (
            f"internal error ({type(exc).__name__}: {str(exc)[:200]}); this is a bug in "
            "interopsim: run the command again with -vv to see the traceback and report it"
        )
    return describe_unexpected(exc)


def _is_simulator_error(exc: Exception) -> bool:
    """Whether ``exc`` is an :class:`interopsim.SimulatorError` (a user's mistake).

    Looked up without importing: an instance of it means its module is loaded, and the
    guard must work even when importing the simulator is what failed.
    """
    errors = sys.modules.get("schemas.errors")
    return errors is not None and isinstance(exc, errors.SimulatorError)


class _Interopsim(click.Group):
    """The command group: lazy command loading and the top-level error guard."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        command: click.Command = getattr(importlib.import_module(f"cli.{cmd_name}"), cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl(list(COMMANDS.items()))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if _is_simulator_error(exc):
                raise click.ClickException(str(exc)) from None
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                raise  # click ends quietly when stdout is a closed pipe
            if int(ctx.params.get("verbose") or 0) >= 2:
                click.echo(traceback.format_exc(), err=True, nl=False)
            raise click.ClickException(_message(exc)) from None


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: looked up only when asked for, so that it stays fast."""
    if value and not ctx.resilient_parsing:
        click.echo(f"interopsim, version {_version()}")
        ctx.exit()


def _configure_logging(verbose: int) -> None:
    """Log records as ``warning: ...`` lines on stderr, clear of the progress line."""
    from cli.progress import StderrHandler

    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(handler)
    root.addHandler(StderrHandler(verbose))
    root.setLevel(logging.WARNING - 10 * min(verbose, 2))
    logging.captureWarnings(True)


@click.group(cls=_Interopsim, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug and tracebacks).")
def main(verbose: int) -> None:
    """Interoperable-database privacy impact simulator.

    Generates synthetic people (labelled synthetic, never real data), records them in
    modelled EU systems, runs the interoperability layer over them and measures what
    its errors cost.

    \b
    Start here:
      interopsim run --preset default --persons 20000 --out w   # report path first
      interopsim errors w                                        # who was wrongly linked
      interopsim explain w --person ID                           # one person's story
    """
    _configure_logging(verbose)

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
    "scenarios": "List the scenario presets, each with a one-line description.",
    "generate": "Generate a world: synthetic people, their journeys and their records.",
    "link": "Link the world in DIR: biometric and identity searches, MID links, clusters.",
    "analyse": "Analyse the linked world in DIRECTORY and write DIRECTORY/report/metrics.json.",
    "report": "Write DIRECTORY/report/index.html and report.md from its metrics.json.",
    "run": "Generate, link, analyse and report a world of synthetic people in one go.",
    "explain": "Explain one synthetic person or one record: its links and who sees it.",
    "compare": "Compare the headline figures of two analysed worlds, DIR_A and DIR_B.",
    "experiment": "Run an experiment file: arms x sweep points x seeds on Dask, paired results.",
}
"""Each command (module ``cli.<name>`` defines it) and the first line of its help."""


def _version() -> str:
    try:
        return metadata.version("interopsim")
    except metadata.PackageNotFoundError:  # pragma: no cover - a bare checkout
        return "0.0.0+unknown"


def _message(exc: Exception, verbose: int) -> str:
    """The one line a user sees for ``exc``, which no :class:`SimulatorError` explained."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}"
    hint = "" if verbose >= 2 else "; run again with -vv to see the traceback"
    return f"unexpected {type(exc).__name__}: {exc} (an interopsim bug{hint})"


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
            verbose = int(ctx.params.get("verbose") or 0)
            if verbose >= 2:
                click.echo(traceback.format_exc(), err=True, nl=False)
            raise click.ClickException(_message(exc, verbose)) from None


@click.group(cls=_Interopsim, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "--version", prog_name="interopsim")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug and tracebacks).")
def main(verbose: int) -> None:
    """Interoperable-database privacy impact simulator.

    Generates synthetic people (labelled synthetic, never real data), records them in
    modelled EU systems, runs the interoperability layer over them and measures what
    its errors cost.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")

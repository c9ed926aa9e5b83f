"""The ``interopsim`` command: a click group whose commands live in their own modules."""

from __future__ import annotations

import importlib
import logging

import click

from schemas import __version__

__all__ = ["main"]

# Each module defines one click command named like the module (``generate``, ...).
_COMMAND_MODULES: tuple[str, ...] = (
    "analyse",
    "report",
    "explain",
    "compare",
    "run",
    "link",
    "generate",
    "scenarios",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="interopsim")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) on stderr.")
def main(verbose: int) -> None:
    """Interoperable-database privacy impact simulator.

    Generates synthetic people (labelled synthetic, never real data), records them in
    modelled EU systems, runs the interoperability layer over them and measures what
    its errors cost.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


for _module in _COMMAND_MODULES:
    _mod = importlib.import_module(f"cli.{_module}")
    main.add_command(getattr(_mod, _module.replace("_", "-").replace("-", "_")))

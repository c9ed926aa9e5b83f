"""The options several commands share, declared once so they mean the same everywhere.

Each is a decorator factory: ``@seed_option(default=None, help=...)`` changes what the
command documents, never the option's name, type or short flag.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cli.render import FORMATS

__all__ = [
    "FORMATS",
    "format_option",
    "mode_option",
    "out_option",
    "overwrite_option",
    "persons_option",
    "quiet_option",
    "scenario_options",
    "scenario_source",
    "seed_option",
    "world_options",
]

F = TypeVar("F", bound=Callable[..., Any])


def seed_option(default: int | None = 42, help: str | None = None) -> Callable[[F], F]:
    """``--seed N``: a non-negative master seed."""
    return click.option(
        "--seed",
        type=click.IntRange(min=0),
        default=default,
        show_default=default is not None,
        help=help or "Master random seed: the same scenario and seed give identical tables.",
    )


def out_option(help: str, *, required: bool = True, file: bool = False) -> Callable[[F], F]:
    """``--out PATH``: where the command writes (a directory unless ``file``)."""
    return click.option(
        "--out",
        type=click.Path(path_type=Path, dir_okay=not file),
        required=required,
        help=help,
    )


def overwrite_option() -> Callable[[F], F]:
    """``--overwrite``: replace an existing world (never anything else)."""
    return click.option(
        "--overwrite",
        is_flag=True,
        default=False,
        help="Replace OUT if it is an existing world (never any other directory).",
    )


def _silence_logs(ctx: click.Context, _param: click.Parameter, quiet: bool) -> bool:
    """With ``-q`` (and no ``-v``), log only errors until the command ends."""
    if quiet and not ctx.find_root().params.get("verbose"):
        root = logging.getLogger()
        before = root.level
        root.setLevel(logging.ERROR)
        ctx.call_on_close(lambda: root.setLevel(before))
    return quiet


def quiet_option() -> Callable[[F], F]:
    """``-q/--quiet``: no progress display and no warnings on stderr."""
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        default=False,
        callback=_silence_logs,
        help="No progress display and no warnings on stderr (errors still show).",
    )


def persons_option() -> Callable[[F], F]:
    """``--persons N``: a positive number of synthetic persons."""
    return click.option(
        "--persons",
        type=click.IntRange(min=1),
        default=None,
        help="Number of synthetic persons (overrides the scenario's world.persons).",
    )


def scenario_options(func: F) -> F:
    """``--preset NAME`` and ``--scenario FILE`` (at most one of them)."""
    func = click.option(
        "--scenario",
        "scenario_file",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help='Scenario TOML file instead of a preset; it may start from one with extends = "NAME".',
    )(func)
    return click.option(
        "--preset",
        metavar="NAME",
        default=None,
        help="Named scenario preset (list them with `interopsim scenarios`) [default: default].",
    )(func)


def world_options(out_help: str) -> Callable[[F], F]:
    """What ``generate`` and ``run`` share: the scenario, --persons, --seed, --out, --overwrite."""

    def apply(func: F) -> F:
        for option in (
            overwrite_option(),
            out_option(out_help),
            seed_option(),
            persons_option(),
            scenario_options,
        ):
            func = option(func)
        return func

    return apply


def scenario_source(preset: str | None, scenario_file: Path | None) -> Path | str:
    """What ``--preset``/``--scenario`` name, for :func:`interopsim.load_scenario`."""
    if preset is not None and scenario_file is not None:
        raise click.UsageError("give --preset or --scenario, not both")
    return scenario_file if scenario_file is not None else preset or "default"


def mode_option() -> Callable[[F], F]:
    """``--mode``: the biometric search mode, one of :class:`interopsim.SearchMode`."""
    from interopsim import SearchMode

    return click.option(
        "--mode",
        type=click.Choice([m.value for m in SearchMode]),
        default=SearchMode.SHARED.value,
        show_default=True,
        help="shared: one biometric gallery for all systems (sBMS); siloed: each system its own.",
    )


def format_option(*choices: str, human: str = "table") -> Callable[[F], F]:
    """``--format``: how the result is printed (default choices: json, table, csv).

    Without the option a command prints ``human`` on a terminal and JSON in a pipe or a
    file; the option's value reaches the command as given (None when not given), for
    :func:`cli.render.resolve_format`.
    """
    shown = choices or FORMATS
    words = {
        "json": "json for machines (every digit)",
        "table": "table for people (rounded)",
        "text": "text for people (a story)",
        "csv": "csv for spreadsheets (every digit)",
    }
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(shown),
        default=None,
        help="; ".join(words.get(c, c) for c in shown)
        + f" [default: {human} on a terminal, json otherwise].",
    )

"""The options several commands share, declared once so they mean the same everywhere.

Each is a decorator factory: ``@seed_option(default=None, help=...)`` changes what the
command documents, never the option's name, type or short flag.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from cli.render import FORMATS

__all__ = [
    "FORMATS",
    "db_option",
    "finished_despite_interrupt",
    "format_option",
    "mode_option",
    "new_file_at",
    "new_stage_in",
    "new_world_at",
    "out_option",
    "overwrite_option",
    "persons_option",
    "quiet_option",
    "scenario_options",
    "scenario_source",
    "seed_option",
    "verify_option",
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


def db_option(help: str | None = None) -> Callable[[F], F]:
    """``--db URL``: the SQL database of a world, given again with its password."""
    return click.option(
        "--db",
        "db",
        metavar="URL",
        default=None,
        help=help
        or "SQLAlchemy URL of the database holding the world's SQL tables, with its "
        "password (the manifest stores the URL without one) [default: the URL the manifest "
        "names; a password then comes from PGPASSWORD or a pgpass file].",
    )


def verify_option() -> Callable[[F], F]:
    """``--verify``: check every table's SHA-256 and SQL row count before using a world."""
    return click.option(
        "--verify",
        is_flag=True,
        default=False,
        help="Also check every table file's SHA-256, the SQL row counts and the SQLite "
        "file against the manifest before using the world (slower; row counts and the SQL "
        "copy's owner are always checked).",
    )


def _holds(probe: Callable[[], bool]) -> bool:
    try:
        return probe()
    except Exception:  # a probe that cannot tell means "not finished"
        return False


@contextlib.contextmanager
def finished_despite_interrupt(probe: Callable[[], bool], what: str) -> Iterator[None]:
    """Exit 0 when Ctrl-C arrives after the command's result was committed.

    ``probe`` tells, after the interrupt, whether the result is complete (for example
    the world at ``--out`` is the new one); then the command ends normally with a
    warning instead of reporting a failure over a finished result. Otherwise the
    interrupt goes on (``Aborted!``, exit 1), and the library has left things as they
    were.
    """
    try:
        yield
    except KeyboardInterrupt:
        if not _holds(probe):
            raise
        click.echo(f"Warning: interrupted after {what} was complete; it is kept.", err=True)
        raise click.exceptions.Exit(0) from None


def _manifest(world: Path) -> dict[str, Any] | None:
    """The manifest of the world at ``world`` as JSON data (None when there is none).

    Read directly: a manifest is replaced in one rename, after the tables it lists, so a
    new one means the stage that wrote it has committed.
    """
    try:
        data = json.loads((world / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def new_world_at(out: Path) -> Callable[[], bool]:
    """A probe: whether ``out`` now holds another complete world than it does now."""
    before = _manifest(out) if out.is_dir() else None
    old_id = None if before is None else before.get("world_id")

    def probe() -> bool:
        after = _manifest(out)
        return after is not None and after.get("world_id") != old_id

    return probe


def new_stage_in(world: Path, stage: str) -> Callable[[], bool]:
    """A probe: whether ``world`` now records another run of ``stage`` than it does now."""
    before = _manifest(world)
    stages = before.get("stages") if before is not None else None
    old = stages.get(stage) if isinstance(stages, dict) else None

    def probe() -> bool:
        after = _manifest(world)
        stages = after.get("stages") if after is not None else None
        new = stages.get(stage) if isinstance(stages, dict) else None
        return new is not None and new != old

    return probe


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def new_file_at(path: Path) -> Callable[[], bool]:
    """A probe: whether ``path`` was replaced (atomically, so complete) since now."""
    before = _stamp(path)

    def probe() -> bool:
        after = _stamp(path)
        return after is not None and after != before

    return probe

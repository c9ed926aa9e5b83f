"""Shared plumbing of the commands: errors, output, progress bars."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

import click

from schemas import Progress, SimulatorError

__all__ = ["emit_json", "fail_on_simulator_error", "progress_display"]

P = ParamSpec("P")
R = TypeVar("R")


def fail_on_simulator_error(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a :class:`SimulatorError` into one line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except SimulatorError as exc:
            click.echo(f"Error: {exc}", err=True)
            raise SystemExit(1) from None

    return wrapper


def emit_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout."""
    click.echo(json.dumps(data, indent=2, default=str))


@contextmanager
def progress_display(quiet: bool, label: str) -> Iterator[Progress]:
    """A :class:`Progress` that draws one bar on stderr (nothing when ``quiet``)."""
    if quiet or not sys.stderr:
        yield lambda stage, done, total: None
        return
    state: dict[str, Any] = {"bar": None, "stage": None}

    def report(stage: str, done: int, total: int) -> None:
        bar = state["bar"]
        if stage != state["stage"]:
            if bar is not None:
                bar.render_finish()
            bar = click.progressbar(
                length=max(total, 1), label=f"{label}: {stage}", file=sys.stderr
            )
            state.update(bar=bar, stage=stage, done=0)
        bar.update(max(done - state["done"], 0))
        state["done"] = done

    try:
        yield report
    finally:
        if state["bar"] is not None:
            state["bar"].render_finish()

"""The progress display of a running command: one bar per stage, on stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from schemas.progress import Progress

__all__ = ["progress_display"]


class _Bars:
    """A :class:`Progress` callback that starts a new click bar whenever the stage changes."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.stage: str | None = None
        self.done = 0
        self.bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.finish()
            self.bar = click.progressbar(
                length=max(total, 1), label=f"{self.label}: {stage}", file=sys.stderr
            )
            self.stage, self.done = stage, 0
        self.bar.update(max(done - self.done, 0))
        self.done = done

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()


def _nothing(stage: str, done: int, total: int) -> None:
    """The progress of a quiet command: not shown."""


@contextmanager
def progress_display(quiet: bool, label: str) -> Iterator[Progress]:
    """A :class:`Progress` drawing one bar per stage on stderr (nothing when ``quiet``)."""
    if quiet or not sys.stderr:
        yield _nothing
        return
    bars = _Bars(label)
    try:
        yield bars
    finally:
        bars.finish()

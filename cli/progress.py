"""What a running command shows on stderr: one progress line, and warnings on lines of their own.

On a terminal the progress is a single line redrawn in place (stage, step, percent); in a
log file or a pipe it is one line per new step, never the same step twice and no blank
lines. Log records (warnings, and more with ``-v``) go through :class:`StderrHandler`,
which clears the progress line first and redraws it after, so a warning is never glued
onto a bar.
"""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from schemas.progress import Progress

__all__ = ["StatusLine", "StderrHandler", "progress_display"]

_CLEAR = "\r\033[K"


class StatusLine:
    """The progress of a command on one line of ``stream`` (stderr)."""

    active: StatusLine | None = None
    """The line being drawn, if any (the log handler clears and redraws it)."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.tty = bool(callable(isatty) and isatty())
        self.text = ""
        self.seen: set[str] = set()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.tty:
            percent = f" {100 * done // total:3d} %" if total > 1 else ""
            text = f"{self.label}: {stage}{percent}"
            if text != self.text:  # redraw only what changed
                self.text = text
                self.draw()
        elif stage not in self.seen:
            self.stream.write(f"{self.label}: {stage}\n")
            self.stream.flush()
        self.seen.add(stage)

    def draw(self) -> None:
        """Redraw the line (terminal only)."""
        if self.tty and self.text:
            width = max(shutil.get_terminal_size().columns - 1, 20)
            self.stream.write(_CLEAR + self.text[:width])
            self.stream.flush()

    def clear(self) -> None:
        """Erase the line (terminal only), e.g. before a log message."""
        if self.tty and self.text:
            self.stream.write(_CLEAR)
            self.stream.flush()


class StderrHandler(logging.Handler):
    """Log records as ``warning: message`` lines on stderr, clear of the progress line."""

    def __init__(self, verbose: int = 0) -> None:
        super().__init__()
        self.verbose = verbose

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and self.verbose >= 2:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        where = f" ({record.name})" if self.verbose else ""
        return f"{record.levelname.lower()}: {text}{where}"

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = StatusLine.active
            if line is not None:
                line.clear()
            click.echo(self.format(record), err=True)
            if line is not None:
                line.draw()
        except Exception:  # pragma: no cover - logging must never raise
            self.handleError(record)


def _nothing(stage: str, done: int, total: int) -> None:
    """The progress of a quiet command: not shown."""


@contextmanager
def progress_display(quiet: bool, label: str) -> Iterator[Progress]:
    """A :class:`Progress` on one line of stderr (nothing when ``quiet``)."""
    if quiet or not sys.stderr:
        yield _nothing
        return
    line = StatusLine(label)
    StatusLine.active = line
    try:
        yield line
    finally:
        line.clear()
        StatusLine.active = None

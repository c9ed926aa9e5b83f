"""How library code reports progress without knowing about terminals."""

from __future__ import annotations

from typing import Protocol

__all__ = ["Progress", "silent"]


class Progress(Protocol):
    """Called by long-running library functions: ``stage`` name, steps done of ``total``."""

    def __call__(self, stage: str, done: int, total: int) -> None: ...


def silent(stage: str, done: int, total: int) -> None:
    """A :class:`Progress` that reports nothing."""

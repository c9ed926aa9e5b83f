"""The one stage runner: named steps with timing, progress and logging.

Every stage of the pipeline (generate, link, analyse, report) runs its work as named
steps of a :class:`StageRun`, so timings, progress reports and log lines look the same
everywhere and no stage keeps its own timers::

    with run_stage("link", progress) as stage:
        with stage.step("read world"):
            records = read_records(world)
        hits = stage.run("biometric search", search_world, records, captures)
    stage.timings  # {"read world": 0.41, "biometric search": 8.7, "total": 9.1}

Timings are wall-clock seconds and never part of a world's content (they are reported,
not hashed).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ParamSpec, TypeVar

from schemas.progress import Progress, silent

__all__ = ["StageRun", "run_stage"]

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class StageRun:
    """A running stage: call :meth:`step` or :meth:`run` for each named step."""

    name: str
    progress: Progress = silent
    steps: tuple[str, ...] = ()
    _timings: dict[str, float] = field(default_factory=dict)
    _done: int = 0

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        """Time the block as step ``label`` and report it as progress."""
        total = max(len(self.steps), self._done + 1)
        self.progress(self.name, self._done, total)
        started = time.perf_counter()
        log.debug("%s: %s started", self.name, label)
        yield
        seconds = time.perf_counter() - started
        self._timings[label] = self._timings.get(label, 0.0) + seconds
        self._done += 1
        self.progress(self.name, self._done, max(len(self.steps), self._done))
        log.info("%s: %s took %.2f s", self.name, label, seconds)

    def run(self, label: str, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``work(*args, **kwargs)`` as step ``label``; returns its result."""
        with self.step(label):
            return work(*args, **kwargs)

    @property
    def timings(self) -> Mapping[str, float]:
        """Seconds per step so far (read-only)."""
        return MappingProxyType(self._timings)


@contextmanager
def run_stage(
    name: str, progress: Progress | None = None, steps: tuple[str, ...] = ()
) -> Iterator[StageRun]:
    """Run stage ``name``; the :class:`StageRun` gains a ``total`` timing at the end.

    ``steps`` names the expected steps in order so progress can show ``done / total``.
    """
    run = StageRun(name, progress or silent, steps)
    started = time.perf_counter()
    log.info("%s: started", name)
    try:
        yield run
    finally:
        run._timings["total"] = time.perf_counter() - started
        log.info("%s: finished in %.2f s", name, run._timings["total"])

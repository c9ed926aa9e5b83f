"""Run the tasks of a plan on dask.distributed, report progress, keep going past failures.

By default a :class:`distributed.LocalCluster` on this machine: one single-threaded worker
process per core (``workers`` to choose), listening on 127.0.0.1 only, each worker's
polars limited to its share of the cores so that the workers do not fight over them.
``scheduler`` connects to an existing cluster instead (``tcp://host:8786``; see the
README's dask-jobqueue recipe for a batch system); its workers must see ``out`` at the same
path (a shared file system) and run the same interopsim.

Every world is one task and every (arm, point, seed) run one task that depends on its
world. A failed task is reported with its arm and seed (:class:`TaskFailure`); the others
go on, and what they wrote stays: a later run of the same experiment skips every complete
run (see :mod:`interopsim.experiment.tasks`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from distributed import Client, Future, LocalCluster, as_completed

from interopsim.experiment.plan import Plan
from interopsim.experiment.tasks import (
    TASK_FILE,
    RunDone,
    RunTask,
    WorldDone,
    build_world,
    run_arm,
)
from schemas.progress import Progress

__all__ = ["Execution", "TaskFailure", "dask_client", "default_workers", "execute"]

log = logging.getLogger(__name__)

_STAGE = "worlds and runs"


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a new local cluster it shuts down."""
    if scheduler is not None:
        client = Client(scheduler, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
        return
    n = workers or default_workers()
    threads = max(1, default_workers() // n)
    cluster = LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        env={"POLARS_MAX_THREADS": str(threads)},
    )
    try:
        client = Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


@dataclass(frozen=True)
class TaskFailure:
    """A task that failed: which world or run, and why."""

    kind: str
    """``world`` or ``run``."""
    seed: int
    arm: str | None
    point: str | None
    error: str

    def describe(self) -> str:
        if self.kind == "world":
            return f"world of seed {self.seed} ({self.point}): {self.error}"
        where = "" if self.point in (None, "base") else f" point {self.point}"
        return f"arm {self.arm}{where} seed {self.seed}: {self.error}"


@dataclass(frozen=True)
class Execution:
    """What the cluster did: the runs and worlds done (or skipped) and the failures."""

    runs: tuple[tuple[RunTask, RunDone], ...]
    worlds: tuple[WorldDone, ...]
    failures: tuple[TaskFailure, ...]
    seconds: float


def _probably_complete(task: RunTask) -> bool:
    """A cheap look (no hashing): the run's record names this task."""
    try:
        record = json.loads((task.path / TASK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and record.get("fingerprint") == task.fingerprint


def _message(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if type(exc).__name__ == "KilledWorker" else text


def _submit(client: Client, plan: Plan, token: str) -> tuple[dict[Future[Any], Any], int]:
    """Submit the worlds some unfinished run needs, then every run; future -> its task."""
    needed = {r.world.path for r in plan.runs if not _probably_complete(r)}
    tasks: dict[Future[Any], Any] = {}
    world_futures: dict[Any, Future[Any]] = {}
    for w in plan.worlds:
        if w.path in needed:
            made = client.submit(build_world, w, key=f"world-{w.key}-{w.seed}-{token}", pure=False)
            world_futures[w.path] = made
            tasks[made] = w
    for r in plan.runs:
        key = f"run-{r.arm}-{r.point.name}-{r.seed}-{token}"
        ran = client.submit(run_arm, r, world_futures.get(r.world.path), key=key, pure=False)
        tasks[ran] = r
    return tasks, len(tasks)


def execute(plan: Plan, client: Client, progress: Progress | None = None) -> Execution:
    """Run every task of ``plan`` on ``client``'s cluster; failures are collected, not raised."""
    started = time.perf_counter()
    tasks, total = _submit(client, plan, uuid.uuid4().hex[:8])
    report: Callable[[str, int, int], None] = progress or (lambda *_: None)
    report(_STAGE, 0, total)
    runs: list[tuple[RunTask, RunDone]] = []
    worlds: list[WorldDone] = []
    failures: list[TaskFailure] = []
    for done, fut in enumerate(as_completed(list(tasks), loop=client.loop), start=1):
        task = tasks[fut]
        try:
            result = fut.result()
        except Exception as exc:
            failures.append(_failure(task, exc))
            log.error("experiment task failed: %s", failures[-1].describe())
        else:
            if isinstance(result, RunDone):
                runs.append((task, result))
            else:
                worlds.append(result)
            log.info("%s %s", "skipped complete" if result.skipped else "done", _what(task))
        report(_STAGE, done, total)
    order = {r.path: i for i, r in enumerate(plan.runs)}
    runs.sort(key=lambda pair: order[pair[0].path])
    return Execution(tuple(runs), tuple(worlds), tuple(failures), time.perf_counter() - started)


def _what(task: Any) -> str:
    if isinstance(task, RunTask):
        return task.describe()
    return f"world {task.key} seed {task.seed}"


def _failure(task: Any, exc: BaseException) -> TaskFailure:
    if isinstance(task, RunTask):
        return TaskFailure("run", task.seed, task.arm, task.point.name, _message(exc))
    return TaskFailure("world", task.seed, None, task.key, _message(exc))

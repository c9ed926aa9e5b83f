"""The two kinds of task an experiment runs, as plain functions a Dask worker calls.

- :func:`build_world` generates the world of one scenario and seed (shared by every arm
  and point with that scenario: common random numbers);
- :func:`run_arm` links a copy of that world with an arm's mode and settings, analyses
  it and stores, next to ``metrics.json``, each person's outcomes and a task record.

Both write atomically (a world is built in a staging directory beside its destination
and swapped in by :mod:`schemas.atomic`) and both are restartable: a destination that
already holds a complete world for the same task, verified against its manifest
(:func:`schemas.world.open_world` with ``verify``: the SHA-256 of every table, the SQL
copy's row counts, the recorded files unchanged), is kept and the task returns at once.
A task killed half-way leaves only a staging directory, removed by the next run.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analysis import METRICS_FILE, AnalysisConfig, Metrics, read_metrics, write_metrics
from analysis.errors import pair_errors, person_outcomes
from analysis.truth import load_world_data
from interopsim.api import analyse, generate, link
from interopsim.experiment.design import Point
from linkage.biometric import SearchMode
from schemas import __version__
from schemas.atomic import atomic_write_bytes, staging_dir
from schemas.config import parse
from schemas.errors import SimulatorError, WorldError
from schemas.manifest import canonical_hash
from schemas.ownership import MANIFEST, SQLITE_FILE, TABLES_DIR
from schemas.world import World, install_world, open_world, reading, record_files
from synth.scenario import Scenario

__all__ = [
    "PERSONS_FILE",
    "TASK_FILE",
    "RunDone",
    "RunTask",
    "WorldDone",
    "WorldTask",
    "build_world",
    "run_arm",
    "run_complete",
]

log = logging.getLogger(__name__)

#: Where a run keeps its record and its persons' outcomes, relative to its directory.
TASK_FILE = Path("experiment") / "task.json"
PERSONS_FILE = Path("experiment") / "persons.parquet"
_STAGE = "experiment"


@dataclass(frozen=True)
class WorldTask:
    """Generate the world of ``scenario`` and ``seed`` at ``path``."""

    key: str
    seed: int
    scenario: Scenario
    scenario_hash: str
    path: Path


@dataclass(frozen=True)
class RunTask:
    """Link a copy of ``world`` as arm ``arm`` at ``point``, analyse it, store it at ``path``.

    ``link`` and ``analysis`` are the override tables (validated when the plan was made);
    the run's link seed is the world's seed, the same for every arm (common random numbers).
    """

    arm: str
    point: Point
    seed: int
    world: WorldTask
    mode: SearchMode
    link: Mapping[str, Any]
    analysis: Mapping[str, Any]
    path: Path

    @property
    def fingerprint(self) -> str:
        """What makes a stored run this task's: scenario, seed, mode, settings, version."""
        return canonical_hash(
            {
                "scenario_hash": self.world.scenario_hash,
                "seed": self.seed,
                "mode": self.mode.value,
                "link": dict(self.link),
                "analysis": dict(self.analysis),
                "version": __version__,
            }
        )

    def analysis_config(self) -> AnalysisConfig:
        return parse(AnalysisConfig, self.analysis, what="analysis parameters")

    def describe(self) -> str:
        where = "" if self.point.design == "base" else f" point {self.point.name}"
        return f"arm {self.arm}{where} seed {self.seed}"


@dataclass(frozen=True)
class WorldDone:
    """A generated (or verified) world."""

    key: str
    seed: int
    path: Path
    world_id: str
    skipped: bool
    seconds: float


@dataclass(frozen=True)
class RunDone:
    """A linked and analysed run: where it is and how long each step took."""

    arm: str
    point: int
    seed: int
    path: Path
    world_id: str
    persons_sha256: str
    skipped: bool
    seconds: Mapping[str, float] = field(default_factory=dict)

    def metrics(self) -> Metrics:
        """The run's figures (read from its ``metrics.json``)."""
        return read_metrics(self.path / METRICS_FILE)

    def persons(self) -> pl.DataFrame:
        """Each registered person's outcomes and group attributes in this run."""
        return pl.read_parquet(self.path / PERSONS_FILE)


# -- worlds ----------------------------------------------------------------------------------


def _world_ok(task: WorldTask) -> World | None:
    """The verified world at the task's path when it is this task's world."""
    if not (task.path / MANIFEST).is_file():
        return None
    try:
        world = open_world(task.path, verify=True)
    except SimulatorError as exc:
        log.warning("%s will be generated again: %s", task.path, exc)
        return None
    if world.scenario_hash != task.scenario_hash or world.seed != task.seed:
        log.warning("%s holds another scenario or seed; generating it again", task.path)
        return None
    return world


def build_world(task: WorldTask) -> WorldDone:
    """Generate the task's world unless a verified copy is already there."""
    started = time.perf_counter()
    world = _world_ok(task)
    skipped = world is not None
    if world is None:
        world = generate(task.scenario, seed=task.seed, out=task.path, overwrite=True)
    seconds = time.perf_counter() - started
    return WorldDone(task.key, task.seed, task.path, world.world_id, skipped, seconds)


# -- runs ------------------------------------------------------------------------------------


def _record(task: RunTask, world_id: str, persons_sha256: str) -> dict[str, Any]:
    return {
        "fingerprint": task.fingerprint,
        "arm": task.arm,
        "point": task.point.index,
        "point_values": dict(task.point.values),
        "seed": task.seed,
        "mode": task.mode.value,
        "scenario_hash": task.world.scenario_hash,
        "world_id": world_id,
        "persons_sha256": persons_sha256,
        "link": dict(task.link),
        "analysis": dict(task.analysis),
        "interopsim_version": __version__,
    }


def run_complete(task: RunTask) -> RunDone | None:
    """The stored run of ``task`` when it is complete and verified, else None."""
    record_path = task.path / TASK_FILE
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("fingerprint") != task.fingerprint:
        return None
    try:
        world = open_world(task.path, verify=True)
        files = [task.path / METRICS_FILE, task.path / PERSONS_FILE, record_path]
        unchanged = all(world.owns_file(f) for f in files)
    except SimulatorError as exc:
        log.warning("%s will be run again: %s", task.path, exc)
        return None
    if not unchanged:
        log.warning("%s will be run again: its files changed after it was written", task.path)
        return None
    return RunDone(
        task.arm,
        task.point.index,
        task.seed,
        task.path,
        str(record["world_id"]),
        str(record["persons_sha256"]),
        skipped=True,
    )


def _copy_world(source: Path, target: Path) -> None:
    """Copy the generated world ``source`` into the empty directory ``target``.

    Table files are hard links (stages replace tables by renaming, never in place); the
    SQL database is copied, since linking writes into it.
    """
    with reading(source):
        manifest = json.loads((source / MANIFEST).read_bytes())
        (target / TABLES_DIR).mkdir()
        for entry in manifest["tables"].values():
            src, dst = source / entry["file"], target / entry["file"]
            try:
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)
        shutil.copyfile(source / SQLITE_FILE, target / SQLITE_FILE)
        atomic_write_bytes(target / MANIFEST, (source / MANIFEST).read_bytes())


def _persons(world: World, config: AnalysisConfig) -> pl.DataFrame:
    """Each person's outcomes (:func:`analysis.errors.person_outcomes`) and groups."""
    data = load_world_data(world, config)
    _, pairs = pair_errors(data, config.level)
    outcomes = person_outcomes(data, pairs)
    dims = [d for d in config.group_dims if d in data.persons.columns]
    return outcomes.join(data.persons.select("person_id", *dims), on="person_id", how="left")


def _link_and_analyse(task: RunTask, staged: Path, timings: dict[str, float]) -> tuple[str, str]:
    """Link, analyse and describe the world copied to ``staged``; (world id, persons hash)."""

    def step(name: str, started: float) -> float:
        now = time.perf_counter()
        timings[name] = now - started
        return now

    t = time.perf_counter()
    linked = link(staged, config=dict(task.link), mode=task.mode, seed=task.seed)
    t = step("link", t)
    config = task.analysis_config()
    metrics = analyse(linked, config=config, write=False)
    write_metrics(metrics.with_world_path(task.path.resolve()), staged / METRICS_FILE)
    t = step("analyse", t)
    world = open_world(staged, check_database=False)
    persons = _persons(world, config)
    (staged / PERSONS_FILE).parent.mkdir(exist_ok=True)
    persons.write_parquet(staged / PERSONS_FILE)
    persons_sha = world.manifest.tables["persons"].sha256
    record = _record(task, world.world_id, persons_sha)
    atomic_write_bytes(staged / TASK_FILE, json.dumps(record, indent=1).encode() + b"\n")
    files = [staged / METRICS_FILE, staged / PERSONS_FILE, staged / TASK_FILE]
    record_files(world, files, stage=_STAGE)
    step("persons", t)
    return world.world_id, persons_sha


def run_arm(task: RunTask, world: WorldDone | None = None) -> RunDone:
    """Link, analyse and store one (arm, point, seed) run unless it is already complete.

    ``world`` is the result of the task's :func:`build_world` (run here when None and the
    run has to be made). Raises what the stages raise; nothing is left at ``task.path``
    but a complete run.
    """
    done = run_complete(task)
    if done is not None:
        return done
    started = time.perf_counter()
    if world is None:
        build_world(task.world)
    timings: dict[str, float] = {}
    task.path.parent.mkdir(parents=True, exist_ok=True)
    staged = staging_dir(task.path)
    try:
        _copy_world(task.world.path, staged)
        timings["copy"] = time.perf_counter() - started
        world_id, persons_sha = _link_and_analyse(task, staged, timings)
        t = time.perf_counter()
        install_world(staged, task.path, overwrite=True)
        timings["install"] = time.perf_counter() - t
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    timings["total"] = time.perf_counter() - started
    if not task.path.is_dir():  # pragma: no cover - install_world raises instead
        raise WorldError(f"{task.path} was not written")
    return RunDone(
        task.arm, task.point.index, task.seed, task.path, world_id, persons_sha, False, timings
    )

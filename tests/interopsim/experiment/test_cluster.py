"""Experiments on a real dask.distributed LocalCluster (127.0.0.1 only, shut down at the end).

Small worlds (300 synthetic persons) keep each task to seconds. The cluster's scheduler
allows no retries (``allowed-failures`` 0), so a task on a killed worker fails instead of
being quietly re-run elsewhere: that is the case a re-run must finish.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import dask
import polars as pl
import pytest
from distributed import Client, LocalCluster

from interopsim.experiment import ExperimentResult, plan_experiment, run_experiment
from interopsim.experiment.tasks import TASK_FILE, run_complete
from schemas.world import open_world

pytestmark = pytest.mark.slow

EXPERIMENT = """
name = "tiny"
scenario = "small"
persons = 300

[replicates]
seeds = {seeds}

[arms.siloed]
mode = "siloed"

[arms.shared]
mode = "shared"
"""


def _cluster() -> tuple[LocalCluster, Client]:
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            env={"POLARS_MAX_THREADS": "1"},
        )
    return cluster, Client(cluster, set_as_default=False)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    cluster, client = _cluster()
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _experiment(tmp_path: Path, seeds: int = 2) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(EXPERIMENT.format(seeds=seeds), encoding="utf-8")
    return path


def _manifests(out: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((out / "runs").glob("*/*/seed-*/manifest.json"))}


def test_an_experiment_runs_pairs_and_resumes(client: Client, tmp_path: Path) -> None:
    file, out = _experiment(tmp_path), tmp_path / "out"
    result = run_experiment(file, out=out, client=client)
    assert result.complete
    assert result.skipped == 0
    table = pl.read_parquet(out / "results.parquet")
    assert table.equals(pl.read_csv(out / "results.csv", schema=table.schema))
    headline = table.filter(pl.col("dimension") == "")
    assert headline.select("arm", "seed").unique().height == 4
    # common random numbers: both arms of a seed linked the same generated world
    worlds = headline.select("arm", "seed", "world_id").unique()
    assert worlds.group_by("seed").agg(pl.col("world_id").n_unique())["world_id"].to_list() == [
        1,
        1,
    ]
    figure = "persons_wrongly_linked"
    diff = next(d for d in result.report.differences if d.figure == figure)
    values = {
        (a, s): v
        for a, s, v in headline.filter(pl.col("figure") == figure)
        .select("arm", "seed", "value")
        .iter_rows()
    }
    assert diff.difference.value == pytest.approx(
        sum(values["shared", s] - values["siloed", s] for s in (1, 2)) / 2
    )
    assert diff.shared_worlds
    assert result.files.html.is_file()
    assert result.files.markdown.is_file()
    # a second run verifies and keeps every run
    before = _manifests(out)
    again = run_experiment(file, out=out, client=client)
    assert again.complete
    assert again.skipped == 4
    assert _manifests(out) == before
    assert again.report.differences == result.report.differences


def test_a_failed_task_names_its_arm_and_seed(client: Client, tmp_path: Path) -> None:
    file, out = _experiment(tmp_path), tmp_path / "out"
    blocker = out / "runs" / "shared" / "base" / "seed-2"
    blocker.mkdir(parents=True)
    (blocker / "notes.txt").write_text("not a world", encoding="utf-8")
    result = run_experiment(file, out=out, client=client)
    assert [(f.arm, f.seed) for f in result.failures] == [("shared", 2)]
    assert "arm shared seed 2" in result.failures[0].describe()
    assert result.report.runs == 3
    assert "arm shared seed 2" in result.files.html.read_text(encoding="utf-8")
    (blocker / "notes.txt").unlink()
    finished = run_experiment(file, out=out, client=client)
    assert finished.complete
    assert finished.skipped == 3


def _completed(out: Path) -> list[Path]:
    return sorted(p.parent.parent for p in (out / "runs").glob(f"*/*/seed-*/{TASK_FILE}"))


def test_killing_a_worker_loses_no_completed_world(tmp_path: Path) -> None:
    file, out = _experiment(tmp_path, seeds=4), tmp_path / "out"
    plan = plan_experiment(file, out=out)
    cluster, client = _cluster()
    try:
        results: list[ExperimentResult] = []
        runner = threading.Thread(
            target=lambda: results.append(run_experiment(file, out=out, client=client))
        )
        runner.start()
        deadline = time.monotonic() + 600
        while not _completed(out) and time.monotonic() < deadline:
            time.sleep(0.2)
        done_before = {p: (p / "manifest.json").read_bytes() for p in _completed(out)}
        assert done_before, "no run completed in time"
        pid = next(iter(client.run(os.getpid).values()))
        os.kill(pid, signal.SIGKILL)
        runner.join(timeout=900)
        assert not runner.is_alive()
        # every run that was complete before the kill is still there, verified
        tasks = {t.path: t for t in plan.runs}
        for path, manifest in done_before.items():
            assert run_complete(tasks[path]) is not None
            assert (path / "manifest.json").read_bytes() == manifest
        client.wait_for_workers(2, timeout=120)
        finished = run_experiment(file, out=out, client=client)
        assert finished.complete
        assert finished.skipped >= len(done_before)
        assert len(_completed(out)) == len(plan.runs)
        for task in plan.runs:
            open_world(task.path, verify=True)
    finally:
        client.close()
        cluster.close()

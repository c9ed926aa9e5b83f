"""``plan_experiment`` and ``run_experiment``: the experiment as two calls.

::

    from interopsim.experiment import plan_experiment, run_experiment

    plan = plan_experiment("examples/interoperable-vs-siloed.toml", out="exp")
    print(plan.to_json(workers=2)["estimate"])                 # worlds, runs, time, disk
    result = run_experiment("examples/interoperable-vs-siloed.toml", out="exp")
    result.report.differences[0].verdict()                     # B - A with its paired interval

``OUT`` receives ``plan.json``, ``worlds/`` (one per scenario and seed), ``runs/`` (one
linked and analysed copy per arm, point and seed), the tidy ``results.parquet`` and
``results.csv``, ``differences.*`` (paired differences), ``people.*`` (the persons whose
outcome differs between arms) and the report ``report.html`` and ``report.md`` with
``figures/``.
"""

from __future__ import annotations

import contextlib
import json
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from distributed import Client
from pydantic import JsonValue

from analysis.paired import PairedDifference
from analysis.report.experiment import ExperimentFiles, render_experiment
from analysis.report.experiment_model import ExperimentReport
from interopsim.experiment.config import ExperimentConfig, load_experiment
from interopsim.experiment.plan import Plan, make_plan
from interopsim.experiment.results import results_table, write_table
from interopsim.experiment.runner import (
    Execution,
    TaskFailure,
    dask_client,
    default_workers,
    execute,
)
from interopsim.experiment.study import StudyInputs, build_report, people_table
from schemas.atomic import atomic_write_bytes
from schemas.progress import Progress

__all__ = [
    "ExperimentLike",
    "ExperimentResult",
    "differences_table",
    "plan_experiment",
    "run_experiment",
]

ExperimentLike = ExperimentConfig | Path | str
"""An experiment: a validated :class:`ExperimentConfig` or its TOML file."""


def _load(source: ExperimentLike) -> tuple[ExperimentConfig, Path]:
    if isinstance(source, ExperimentConfig):
        return source, Path.cwd()
    return load_experiment(source)


def plan_experiment(source: ExperimentLike, *, out: Path | str) -> Plan:
    """The validated plan of ``source`` writing to ``out`` (nothing is run or written).

    Raises :class:`ConfigError` naming every bad key, arm and parameter.
    """
    config, base = _load(source)
    return make_plan(config, out, base)


@dataclass(frozen=True)
class ExperimentResult:
    """A finished (possibly partly failed) experiment: the table, the report, the failures."""

    plan: Plan
    table: pl.DataFrame
    report: ExperimentReport
    files: ExperimentFiles
    failures: tuple[TaskFailure, ...]
    skipped: int
    seconds: float

    @property
    def complete(self) -> bool:
        return not self.failures

    def to_json(self) -> dict[str, JsonValue]:
        """A JSON summary: where the files are, the differences and the failures."""
        return {
            "simulated": True,
            "synthetic_people": True,
            "experiment": self.plan.config.name,
            "out": str(self.plan.out),
            "runs": len(self.plan.runs),
            "runs_done": self.report.runs,
            "skipped": self.skipped,
            "worlds": len(self.plan.worlds),
            "seconds": round(self.seconds, 1),
            "files": {k: str(v) for k, v in self.files.as_dict().items()},
            "differences": [_difference_json(d) for d in self.report.differences],
            "failures": [f.describe() for f in self.failures],
        }


def _difference_json(d: PairedDifference) -> dict[str, JsonValue]:
    return {
        "figure": d.figure,
        "a": d.arm_a,
        "b": d.arm_b,
        "point": d.point,
        "difference": d.difference.value,
        "lower": d.difference.lower,
        "upper": d.difference.upper,
        "seeds": d.seeds,
        "excludes_zero": d.excludes_zero,
        "replicates_needed": d.replicates_needed,
        "verdict": d.verdict(),
    }


def differences_table(differences: Sequence[PairedDifference]) -> pl.DataFrame:
    """One row per paired difference (the ``differences.parquet`` table)."""
    rows = [
        {
            "arm_a": d.arm_a,
            "arm_b": d.arm_b,
            "point": d.point,
            "figure": d.figure,
            "label": d.label,
            "unit": d.unit,
            "mean_a": d.a.value,
            "mean_b": d.b.value,
            "difference": d.difference.value,
            "lower": d.difference.lower,
            "upper": d.difference.upper,
            "unpaired_lower": d.unpaired.lower,
            "unpaired_upper": d.unpaired.upper,
            "seeds": d.seeds,
            "sd": d.sd,
            "excludes_zero": d.excludes_zero,
            "replicates_needed": d.replicates_needed,
            "shared_worlds": d.shared_worlds,
        }
        for d in differences
    ]
    return pl.DataFrame(rows, infer_schema_length=None)


@contextlib.contextmanager
def _cluster(client: Client | None, scheduler: str | None, workers: int | None) -> Iterator[Client]:
    if client is not None:
        yield client
        return
    with dask_client(scheduler, workers) as made:
        yield made


def _write_plan(plan: Plan, workers: int) -> None:
    plan.out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(plan.to_json(workers), indent=1, ensure_ascii=False) + "\n"
    atomic_write_bytes(plan.out / "plan.json", text.encode("utf-8"))


def _command(source: ExperimentLike, out: Path) -> str:
    if isinstance(source, ExperimentConfig):
        return f"interopsim.experiment.run_experiment(<{source.name}>, out={str(out)!r})"
    return f"interopsim experiment {shlex.quote(str(source))} --out {shlex.quote(str(out))}"


def _summarise(
    plan: Plan, execution: Execution, command: str
) -> tuple[pl.DataFrame, ExperimentReport, dict[str, Path]]:
    done = [(t, d, d.metrics()) for t, d in execution.runs]
    table = results_table(plan, done)
    files: dict[str, Path] = {}
    files["results_parquet"], files["results_csv"] = write_table(table, plan.out, "results")
    names = tuple(p.name for p in files.values())
    inputs = StudyInputs(plan, execution, table, command, names)
    report = build_report(inputs)
    files["differences_parquet"], files["differences_csv"] = write_table(
        differences_table(report.differences), plan.out, "differences"
    )
    people = people_table(inputs)
    if people.height:
        files["people_parquet"], files["people_csv"] = write_table(people, plan.out, "people")
    return table, report, files


def run_experiment(
    source: ExperimentLike,
    *,
    out: Path | str,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Client | None = None,
    progress: Progress | None = None,
) -> ExperimentResult:
    """Run every world and run of ``source`` on Dask, then write the table and report.

    ``client`` uses a running Dask client; else ``scheduler`` (an address) connects to an
    existing cluster; else a local cluster of ``workers`` processes (default: one per core)
    is started and shut down. Complete runs already in ``out`` are verified and kept.
    Failed tasks do not stop the others: they are listed in the result, the report and
    the JSON summary (``ExperimentResult.failures``).
    """
    plan = plan_experiment(source, out=out)
    _write_plan(plan, workers or default_workers())
    with _cluster(client, scheduler, workers) as running:
        execution = execute(plan, running, progress)
    command = _command(source, plan.out)
    table, report, files = _summarise(plan, execution, command)
    rendered = render_experiment(report, plan.out, files)
    return ExperimentResult(
        plan=plan,
        table=table,
        report=report,
        files=rendered,
        failures=execution.failures,
        skipped=sum(d.skipped for _, d in execution.runs),
        seconds=execution.seconds,
    )

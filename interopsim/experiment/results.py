"""The one tidy results table of an experiment: one row per run and figure.

Columns: ``experiment, arm, point, design, seed, mode, scenario_hash, world_id``, one column
per varied parameter (its dotted key; the value the run used, the default where a point
does not set it), then ``figure, label, dimension, group, value, lower, upper, n, unit,
method, run``. Headline figures have an empty ``dimension`` and ``group``; the rate of each
person outcome per group (``wrongly_linked_rate`` of ``nationality`` = ``SYR``) has both.
The table is written as Parquet and CSV (:func:`write_table`), so it opens in polars,
pandas, DuckDB or a spreadsheet.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from analysis import Estimate, Metrics
from interopsim.experiment.plan import Plan
from interopsim.experiment.tasks import RunDone, RunTask

__all__ = [
    "FIGURE_COLUMNS",
    "RESULTS_CSV",
    "RESULTS_PARQUET",
    "figure_rows",
    "results_table",
    "write_table",
]

RESULTS_PARQUET = "results.parquet"
RESULTS_CSV = "results.csv"

FIGURE_COLUMNS: dict[str, Any] = {
    "figure": pl.String,
    "label": pl.String,
    "dimension": pl.String,
    "group": pl.String,
    "value": pl.Float64,
    "lower": pl.Float64,
    "upper": pl.Float64,
    "n": pl.Int64,
    "unit": pl.String,
    "method": pl.String,
}
_OUTCOMES = ("wrongly_linked", "false_red", "merged", "missed")


def _row(figure: str, label: str, dim: str, group: str, e: Estimate) -> dict[str, Any]:
    return {
        "figure": figure,
        "label": label,
        "dimension": dim,
        "group": group,
        "value": e.value,
        "lower": e.lower,
        "upper": e.upper,
        "n": e.n,
        "unit": e.unit,
        "method": e.method.value,
    }


def figure_rows(metrics: Metrics) -> Iterator[dict[str, Any]]:
    """The headline figures of a run, then each outcome's rate in each group."""
    for key, fig in metrics.headline.items():
        yield _row(key, fig.label, "", "", fig.estimate)
    for dim, groups in metrics.groups.items():
        for group, figures in groups.items():
            for outcome in _OUTCOMES:
                node = getattr(figures, outcome, None)
                if node is not None:
                    label = f"Share of the group's registered people: {outcome.replace('_', ' ')}"
                    yield _row(f"{outcome}_rate", label, dim, group, node.rate)


def _parameter_values(plan: Plan, task: RunTask) -> dict[str, Any]:
    values = task.point.value_map()
    return {r.key: values.get(r.key, r.default) for r in plan.parameters}


def _parameter_dtype(values: Sequence[Any]) -> Any:
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
    return pl.Float64 if numeric else pl.String


def results_table(plan: Plan, done: Sequence[tuple[RunTask, RunDone, Metrics]]) -> pl.DataFrame:
    """The tidy table of the completed runs (see the module docstring)."""
    rows: list[dict[str, Any]] = []
    for task, result, metrics in done:
        head = {
            "experiment": plan.config.name,
            "arm": task.arm,
            "point": task.point.name,
            "design": task.point.design,
            "seed": task.seed,
            "mode": task.mode.value,
            "scenario_hash": task.world.scenario_hash,
            "world_id": result.world_id,
            **_parameter_values(plan, task),
        }
        rows += [{**head, **fig, "run": str(task.path)} for fig in figure_rows(metrics)]
    schema: dict[str, Any] = {
        "experiment": pl.String,
        "arm": pl.String,
        "point": pl.String,
        "design": pl.String,
        "seed": pl.Int64,
        "mode": pl.String,
        "scenario_hash": pl.String,
        "world_id": pl.String,
    }
    for ref in plan.parameters:
        values = [r[ref.key] for r in rows] or [ref.default]
        schema[ref.key] = _parameter_dtype(values)
        if schema[ref.key] == pl.String:
            for r in rows:
                r[ref.key] = str(r[ref.key])
    schema |= FIGURE_COLUMNS | {"run": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def _atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table(table: pl.DataFrame, directory: Path, stem: str) -> tuple[Path, Path]:
    """Write ``table`` as ``stem.parquet`` and ``stem.csv`` in ``directory``, atomically."""
    directory.mkdir(parents=True, exist_ok=True)
    parquet, csv = directory / f"{stem}.parquet", directory / f"{stem}.csv"
    buf = io.BytesIO()
    table.write_parquet(buf)
    _atomic(parquet, buf.getvalue())
    _atomic(csv, table.write_csv().encode("utf-8"))
    return parquet, csv

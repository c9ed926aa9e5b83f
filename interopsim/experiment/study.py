"""From the completed runs to what the report shows: differences, shifts, sweeps, sensitivity.

Everything here reads the tidy table (:mod:`interopsim.experiment.results`) and the
persons' outcomes the runs stored; the statistics are :mod:`analysis.paired` and
:mod:`analysis.sensitivity`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from analysis.estimate import Estimate, Method
from analysis.intervals import replicate_interval
from analysis.paired import PairedDifference, paired_difference, person_changes, person_shift
from analysis.report.experiment_model import (
    ArmRow,
    CiteWorld,
    ExperimentReport,
    PersonComparison,
    SensitivityBlock,
    SweepSeries,
)
from analysis.sensitivity import morris_effects, sobol_effects, tornado_bars, uncertainty_band
from interopsim.experiment.design import SensitivityDesign
from interopsim.experiment.plan import Plan
from interopsim.experiment.runner import Execution
from interopsim.experiment.tasks import RunDone, RunTask
from schemas import __version__

__all__ = ["StudyInputs", "build_report", "people_table"]


@dataclass(frozen=True)
class StudyInputs:
    """What the study reads: the plan, what ran, and the tidy table of the runs."""

    plan: Plan
    execution: Execution
    table: pl.DataFrame
    command: str
    results_files: tuple[str, ...]


def _headline(table: pl.DataFrame) -> pl.DataFrame:
    return table.filter(pl.col("dimension") == "")


def _values(table: pl.DataFrame, arm: str, point: str, figure: str) -> dict[int, float]:
    rows = table.filter(
        (pl.col("arm") == arm) & (pl.col("point") == point) & (pl.col("figure") == figure)
    )
    return {
        int(s): float(v)
        for s, v in rows.select("seed", "value").iter_rows()
        if v is not None and math.isfinite(v)
    }


def _worlds(runs: Sequence[tuple[RunTask, RunDone]], arm: str, point: str) -> dict[int, str]:
    return {t.seed: d.world_id for t, d in runs if t.arm == arm and t.point.name == point}


def _label_unit(table: pl.DataFrame, figure: str) -> tuple[str, str]:
    row = table.filter(pl.col("figure") == figure).select("label", "unit").head(1)
    return (str(row["label"][0]), str(row["unit"][0])) if row.height else (figure, "")


def differences(inputs: StudyInputs) -> list[PairedDifference]:
    """B - A of every compared figure, for every pair of arms and every point."""
    plan, table = inputs.plan, _headline(inputs.table)
    compare = plan.config.compare
    out: list[PairedDifference] = []
    for point in plan.design.points:
        if point.design not in ("base", "grid", "sample"):
            continue
        for a, b in plan.pairs:
            wa = _worlds(inputs.execution.runs, a, point.name)
            wb = _worlds(inputs.execution.runs, b, point.name)
            shared = bool(wa) and all(wb.get(s) == w for s, w in wa.items())
            for figure in compare.figures:
                label, unit = _label_unit(table, figure)
                out.append(
                    paired_difference(
                        _values(table, a, point.name, figure),
                        _values(table, b, point.name, figure),
                        figure=figure,
                        label=label,
                        arms=(a, b),
                        point=point.name,
                        unit=unit,
                        level=compare.level,
                        power=compare.power,
                        shared_worlds=shared,
                    )
                )
    return out


def _runs_at(runs: Sequence[tuple[RunTask, RunDone]], arm: str, point: str) -> dict[int, RunDone]:
    return {t.seed: d for t, d in runs if t.arm == arm and t.point.name == point}


def people_table(inputs: StudyInputs) -> pl.DataFrame:
    """Every person whose outcome differs between the compared arms, at the first point."""
    frames = [c for _, _, c in _changes(inputs)]
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()


def _changes(inputs: StudyInputs) -> list[tuple[tuple[str, str], bool, pl.DataFrame]]:
    plan = inputs.plan
    point = plan.design.points[0].name
    dims = list(_dims(plan))
    outcome = plan.config.compare.outcome
    out = []
    for a, b in plan.pairs:
        ra, rb = (
            _runs_at(inputs.execution.runs, a, point),
            _runs_at(inputs.execution.runs, b, point),
        )
        seeds = sorted(ra.keys() & rb.keys())
        exact = all(ra[s].persons_sha256 == rb[s].persons_sha256 for s in seeds)
        frames = [
            person_changes(ra[s].persons(), rb[s].persons(), outcome, dims).with_columns(
                pl.lit(a).alias("arm_a"), pl.lit(b).alias("arm_b"), pl.lit(s).alias("seed")
            )
            for s in seeds
        ]
        if frames:
            out.append(((a, b), exact, pl.concat(frames, how="diagonal_relaxed")))
    return out


def _dims(plan: Plan) -> tuple[str, ...]:
    return plan.runs[0].analysis_config().group_dims if plan.runs else ()


def person_comparisons(inputs: StudyInputs) -> list[PersonComparison]:
    """The person-level comparison of every pair of arms at the first point."""
    plan = inputs.plan
    point = plan.design.points[0].name
    dims = _dims(plan)
    out = []
    for (a, b), exact, frame in _changes(inputs):
        seeds = sorted(frame["seed"].unique().to_list())
        rb = _runs_at(inputs.execution.runs, b, point)
        changes = {s: frame.filter(pl.col("seed") == s) for s in seeds}
        registered = {s: rb[s].persons().filter(pl.col("registered")) for s in seeds}
        shift, groups = person_shift(
            changes,
            registered,
            outcome=plan.config.compare.outcome,
            arms=(a, b),
            dims=list(dims),
            exact=exact,
            level=plan.config.compare.level,
        )
        examples = tuple(
            (int(r["seed"]), int(r["person_id"]), str(r["change"]), _group_text(r, dims))
            for r in frame.filter(pl.col("change") == "only_b").head(5).iter_rows(named=True)
        )
        out.append(PersonComparison(shift, tuple(groups), point, examples))
    return out


def _group_text(row: Mapping[str, object], dims: Sequence[str]) -> str:
    return ", ".join(f"{d}={row[d]}" for d in dims if d in row and row[d] is not None)


def _mean_estimate(values: Sequence[float], unit: str, level: float) -> Estimate:
    mean, lower, upper, n = replicate_interval(values, level)
    return Estimate(
        None if n == 0 else mean, lower, upper, n, Method.REPLICATE_T, unit, replicates=n
    )


def sweep_series(inputs: StudyInputs) -> list[SweepSeries]:
    """Each compared figure of each arm along each swept parameter (replicate means)."""
    plan, table = inputs.plan, _headline(inputs.table)
    sweep = plan.config.sweep
    if sweep is None:
        return []
    keys = list(sweep.values if sweep.design == "grid" else sweep.ranges)
    points = [p for p in plan.design.points if p.design == sweep.design]
    level = plan.config.compare.level
    out = []
    for figure in plan.config.compare.figures:
        label, unit = _label_unit(table, figure)
        for key in keys:
            numeric = all(isinstance(p.value_map()[key], int | float) for p in points)
            if not numeric:
                continue
            for arm in plan.arms:
                ordered = sorted(points, key=lambda p: float(p.value_map()[key]))
                ests = [
                    _mean_estimate(
                        list(_values(table, arm.name, p.name, figure).values()), unit, level
                    )
                    for p in ordered
                ]
                xs = tuple(float(p.value_map()[key]) for p in ordered)
                out.append(SweepSeries(figure, label, key, arm.name, xs, tuple(ests)))
    return out


def _point_stats(
    table: pl.DataFrame, arm: str, points: Sequence[int], names: Mapping[int, str], figure: str
) -> tuple[np.ndarray, np.ndarray]:
    means, ses = [], []
    for index in points:
        values = list(_values(table, arm, names[index], figure).values())
        means.append(float(np.mean(values)) if values else math.nan)
        ses.append(
            float(np.std(values, ddof=1) / math.sqrt(len(values))) if len(values) > 1 else 0.0
        )
    return np.array(means), np.array(ses)


def _block(
    inputs: StudyInputs, design: SensitivityDesign, arm: str, figure: str
) -> SensitivityBlock:
    plan, table = inputs.plan, _headline(inputs.table)
    names = {p.index: p.name for p in plan.design.points}
    means, ses = _point_stats(table, arm, design.rows, names, figure)
    matrix = np.array(design.matrix, dtype=np.float64)
    seed = plan.config.sensitivity.seed if plan.config.sensitivity else 0
    if design.method == "morris":
        effects = morris_effects(design.factors, matrix, means, figure, design.levels, seed)
    else:
        effects = sobol_effects(design.factors, means, figure, seed)
    baseline_values = list(_values(table, arm, "base", figure).values())
    base_mean = float(np.mean(baseline_values)) if baseline_values else None
    ends = []
    for low, high in design.tornado:
        lo, _ = _point_stats(table, arm, [low], names, figure)
        hi, _ = _point_stats(table, arm, [high], names, figure)
        ends.append((_or_none(lo[0]), _or_none(hi[0])))
    tornado = tornado_bars(design.factors, figure, ends, base_mean) if ends else []
    band = uncertainty_band(
        figure, baseline_values, list(means), list(ses), plan.config.compare.level, seed
    )
    label, _ = _label_unit(table, figure)
    return SensitivityBlock(arm, figure, label, design.method, tuple(effects), tuple(tornado), band)


def _or_none(x: float) -> float | None:
    return x if math.isfinite(x) else None


def sensitivity_blocks(inputs: StudyInputs) -> list[SensitivityBlock]:
    """Indices, tornado and bands of every analysed figure of every arm."""
    design = inputs.plan.design.sensitivity
    if design is None:
        return []
    return [_block(inputs, design, arm.name, f) for arm in inputs.plan.arms for f in design.figures]


def _settings_text(
    overrides: Mapping[str, object], link: Mapping[str, object], analysis: Mapping[str, object]
) -> str:
    parts = []
    for name, table in (("scenario", overrides), ("link", link), ("analysis", analysis)):
        if table:
            parts.append(f"{name}: {_flat(table)}")
    return "; ".join(parts) or "defaults"


def _flat(table: Mapping[str, object], prefix: str = "") -> str:
    items = []
    for k, v in table.items():
        if isinstance(v, Mapping):
            items.append(_flat(v, f"{prefix}{k}."))
        else:
            items.append(f"{prefix}{k} = {v}")
    return ", ".join(items)


def _cite(inputs: StudyInputs) -> tuple[CiteWorld, ...]:
    seen: dict[tuple[int, str], tuple[str, list[str]]] = {}
    for task, done in inputs.execution.runs:
        key = (task.seed, task.world.scenario_hash)
        _, arms = seen.setdefault(key, (done.world_id, []))
        if task.arm not in arms:
            arms.append(task.arm)
    return tuple(
        CiteWorld(seed, digest, world_id, ", ".join(arms))
        for (seed, digest), (world_id, arms) in sorted(seen.items())
    )


def build_report(inputs: StudyInputs) -> ExperimentReport:
    """The typed content of the experiment report."""
    plan = inputs.plan
    arms = tuple(
        ArmRow(
            a.name,
            a.question,
            a.scenario,
            a.mode.value,
            _settings_text(a.overrides, a.link, a.analysis),
        )
        for a in plan.arms
    )
    design = plan.design.sensitivity
    return ExperimentReport(
        name=plan.config.name,
        question=plan.config.question,
        version=__version__,
        arms=arms,
        seeds=plan.seeds,
        runs=len(inputs.execution.runs),
        worlds=len({t.world.path for t, _ in inputs.execution.runs}),
        differences=tuple(differences(inputs)),
        persons=tuple(person_comparisons(inputs)),
        sweeps=tuple(sweep_series(inputs)),
        factors=design.factors if design else (),
        sensitivity=tuple(sensitivity_blocks(inputs)),
        cite=_cite(inputs),
        failures=tuple(f.describe() for f in inputs.execution.failures),
        command=inputs.command,
        level=plan.config.compare.level,
        results_files=inputs.results_files,
    )

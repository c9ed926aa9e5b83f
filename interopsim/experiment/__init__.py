"""Experiments: arms x sweep points x seeds on Dask, paired differences, sensitivity.

An experiment file (:mod:`interopsim.experiment.config`) names arms (a scenario with
overrides, a linkage mode, link or analysis settings), the seeds, and optionally a sweep
(grid or sampled) and a sensitivity analysis (Morris or Sobol over the plausible ranges of
assumptions). :func:`plan_experiment` validates it and lists the worlds and runs it needs
(``interopsim experiment FILE --dry-run``); :func:`run_experiment` runs them on
dask.distributed and writes one tidy results table, the paired differences, the people
behind them and a report::

    from interopsim.experiment import run_experiment

    result = run_experiment("examples/interoperable-vs-siloed.toml", out="exp", workers=2)
    for d in result.report.differences:
        print(d.label, d.difference.value, d.difference.lower, d.difference.upper, d.verdict())
"""

from __future__ import annotations

from interopsim.experiment.api import (
    ExperimentLike,
    ExperimentResult,
    differences_table,
    plan_experiment,
    run_experiment,
)
from interopsim.experiment.config import ExperimentConfig, load_experiment
from interopsim.experiment.plan import Plan, PlanEstimate, format_duration
from interopsim.experiment.runner import TaskFailure, dask_client, default_workers

__all__ = [
    "ExperimentConfig",
    "ExperimentLike",
    "ExperimentResult",
    "Plan",
    "PlanEstimate",
    "TaskFailure",
    "dask_client",
    "default_workers",
    "differences_table",
    "format_duration",
    "load_experiment",
    "plan_experiment",
    "run_experiment",
]

"""The plan of an experiment: which worlds to generate, which runs to make, what it costs.

Every (arm, point) resolves to a scenario; every distinct (scenario, seed) is one world,
generated once and linked by every run that needs it. So arms that differ only in the
linkage (mode, link or analysis settings, link parameters of a point) share their worlds:
common random numbers. Every run of a seed links with the same seed (the same link seed
stream). All configurations are validated here, before any work starts: a bad key in an
arm's overrides is a :class:`ConfigError` naming the arm.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, JsonValue

from analysis import AnalysisConfig
from interopsim.api import load_scenario
from interopsim.experiment.config import ArmConfig, ExperimentConfig
from interopsim.experiment.design import Design, Point, build_design
from interopsim.experiment.params import ParameterRef, Space, merged_overrides, space_defaults
from interopsim.experiment.tasks import RunTask, WorldTask
from linkage.biometric import SearchMode
from linkage.config import LinkConfig
from schemas.config import merge, parse
from schemas.errors import ConfigError
from synth.scenario import Scenario
from synth.scenario_load import scenario_hash

__all__ = ["COSTS", "Arm", "Costs", "Plan", "PlanEstimate", "make_plan"]


@dataclass(frozen=True)
class Costs:
    """Rough costs per synthetic person, for the dry run's estimate (not a promise).

    From BENCHMARKS.md (2-core reference machine, 100,000-person default worlds): generating
    a world and writing its Parquet and SQLite copies (about 8 s), linking it (about 9 s),
    analysing it and storing its persons' outcomes (about 4 s), and the disk a world and a
    linked copy take (Parquet plus SQLite); plus a fixed cost per task (starting the
    stages, copying and verifying) that dominates small worlds. A machine shared with other
    jobs is slower in proportion to its load.
    """

    generate_seconds: float = 0.8e-4
    link_seconds: float = 0.92e-4
    analyse_seconds: float = 0.4e-4
    world_task_seconds: float = 2.0
    run_task_seconds: float = 4.0
    world_bytes: float = 1_650.0
    run_bytes: float = 1_800.0


COSTS = Costs()


@dataclass(frozen=True)
class Arm:
    """One arm as the plan resolved it."""

    name: str
    question: str
    scenario: str
    mode: SearchMode
    overrides: Mapping[str, Any]
    link: Mapping[str, Any]
    analysis: Mapping[str, Any]


@dataclass(frozen=True)
class PlanEstimate:
    """How many worlds and runs, and roughly how long and how much disk."""

    worlds: int
    worlds_to_make: int
    runs: int
    runs_to_make: int
    persons: int
    workers: int
    cpu_seconds: float
    wall_seconds: float
    disk_bytes: float


@dataclass(frozen=True)
class Plan:
    """Everything an experiment will do, in the order it does it."""

    config: ExperimentConfig
    out: Path
    arms: tuple[Arm, ...]
    design: Design
    seeds: tuple[int, ...]
    worlds: tuple[WorldTask, ...]
    runs: tuple[RunTask, ...]
    pairs: tuple[tuple[str, str], ...]

    @property
    def parameters(self) -> tuple[ParameterRef, ...]:
        return self.design.parameters

    def arm(self, name: str) -> Arm:
        return next(a for a in self.arms if a.name == name)

    def estimate(self, workers: int, done: frozenset[Path] = frozenset()) -> PlanEstimate:
        """Costs of the worlds and runs not yet in ``done`` (paths of complete ones)."""
        sizes = {w.path: w.scenario.world.persons for w in self.worlds}
        new_worlds = [w for w in self.worlds if w.path not in done]
        new_runs = [r for r in self.runs if r.path not in done]
        gen = sum(sizes[w.path] for w in new_worlds) * COSTS.generate_seconds
        per_run = COSTS.link_seconds + COSTS.analyse_seconds
        fixed = len(new_worlds) * COSTS.world_task_seconds + len(new_runs) * COSTS.run_task_seconds
        cpu = fixed + gen + sum(sizes[r.world.path] for r in new_runs) * per_run
        disk = (
            sum(sizes[w.path] for w in new_worlds) * COSTS.world_bytes
            + sum(sizes[r.world.path] for r in new_runs) * COSTS.run_bytes
        )
        return PlanEstimate(
            worlds=len(self.worlds),
            worlds_to_make=len(new_worlds),
            runs=len(self.runs),
            runs_to_make=len(new_runs),
            persons=max(sizes.values(), default=0),
            workers=workers,
            cpu_seconds=cpu,
            wall_seconds=cpu / max(1, min(workers, max(1, len(new_runs) + len(new_worlds)))),
            disk_bytes=disk,
        )

    def to_json(self, workers: int = 1) -> dict[str, JsonValue]:
        """The plan as JSON: arms, points, seeds, worlds, runs and the estimate."""
        est = self.estimate(workers)
        return {
            "experiment": self.config.name,
            "out": str(self.out),
            "arms": [
                {
                    "name": a.name,
                    "question": a.question,
                    "scenario": a.scenario,
                    "mode": a.mode.value,
                }
                for a in self.arms
            ],
            "seeds": list(self.seeds),
            "points": [
                {"index": p.index, "design": p.design, "values": _json_values(p.values)}
                for p in self.design.points
            ],
            "worlds": len(self.worlds),
            "runs": len(self.runs),
            "shared_worlds": len(self.runs) - len(self.worlds),
            "pairs": [list(p) for p in self.pairs],
            "estimate": {
                "workers": workers,
                "cpu_seconds": round(est.cpu_seconds, 1),
                "wall_seconds": round(est.wall_seconds, 1),
                "disk_bytes": int(est.disk_bytes),
                "basis": Costs.__doc__.split("\n\n")[0] if Costs.__doc__ else "",
            },
        }


def _json_values(values: tuple[tuple[str, Any], ...]) -> dict[str, JsonValue]:
    return dict(values)


def _source(name: str, base: Path) -> str | Path:
    """A preset name as it is; a scenario file relative to the experiment's directory."""
    if name.endswith(".toml"):
        path = Path(name)
        return path if path.is_absolute() else base / path
    return name


def _arm(name: str, arm: ArmConfig, config: ExperimentConfig) -> Arm:
    overrides = merge(config.overrides, arm.overrides)
    if config.persons is not None:
        overrides = merge(overrides, {"world": {"persons": config.persons}})
    return Arm(
        name=name,
        question=arm.question,
        scenario=arm.scenario or config.scenario,
        mode=arm.mode,
        overrides=overrides,
        link=merge(config.link, arm.link),
        analysis=merge(config.analysis, arm.analysis),
    )


class _Resolver:
    """Scenarios and settings of (arm, point), validated once each."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.scenarios: dict[str, tuple[Scenario, str]] = {}

    def scenario(self, arm: Arm, overrides: Mapping[str, Any], where: str) -> tuple[Scenario, str]:
        key = json.dumps([arm.scenario, overrides], sort_keys=True, default=str)
        if key not in self.scenarios:
            try:
                scenario = load_scenario(_source(arm.scenario, self.base), overrides=overrides)
            except ConfigError as exc:
                raise ConfigError(f"{where}: {exc}") from None
            self.scenarios[key] = (scenario, scenario_hash(scenario))
        return self.scenarios[key]

    def settings(self, model: type[BaseModel], data: Mapping[str, Any], where: str) -> None:
        parse(model, data, what=f"experiment ({where})", prefix=f"{where}.")


def _point_tables(point: Point, refs: Mapping[str, ParameterRef]) -> dict[Space, dict[str, Any]]:
    pairs = [(refs[k], v) for k, v in point.values]
    return {s: merged_overrides(pairs, s) for s in ("scenario", "link", "analysis")}


def _pairs(config: ExperimentConfig) -> tuple[tuple[str, str], ...]:
    if config.compare.pairs:
        return tuple((a, b) for a, b in config.compare.pairs)
    names = list(config.arms)
    baseline = config.compare.baseline or names[0]
    return tuple((baseline, n) for n in names if n != baseline)


def make_plan(config: ExperimentConfig, out: Path | str, base: Path | str = ".") -> Plan:
    """The plan of ``config`` written to ``out`` (scenario files relative to ``base``)."""
    out, base = Path(out), Path(base)
    resolver = _Resolver(base)
    arms = tuple(_arm(n, a, config) for n, a in config.arms.items())
    first, _ = resolver.scenario(arms[0], arms[0].overrides, f"arms.{arms[0].name}")
    design = build_design(config.sweep, config.sensitivity, space_defaults(first))
    refs = {r.key: r for r in design.parameters}
    seeds = config.replicates.values()
    worlds: dict[tuple[str, int], WorldTask] = {}
    runs: list[RunTask] = []
    for arm in arms:
        where = f"arms.{arm.name}"
        for point in design.points:
            tables = _point_tables(point, refs)
            at = where if point.design == "base" else f"{where} at point {point.name}"
            scenario, digest = resolver.scenario(arm, merge(arm.overrides, tables["scenario"]), at)
            link = merge(arm.link, tables["link"])
            analysis = merge(arm.analysis, tables["analysis"])
            resolver.settings(LinkConfig, link, f"{where}.link")
            resolver.settings(AnalysisConfig, analysis, f"{where}.analysis")
            for seed in seeds:
                key = (digest, seed)
                if key not in worlds:
                    path = out / "worlds" / digest[:12] / f"seed-{seed}"
                    worlds[key] = WorldTask(digest[:12], seed, scenario, digest, path)
                path = out / "runs" / arm.name / point.name / f"seed-{seed}"
                runs.append(
                    RunTask(arm.name, point, seed, worlds[key], arm.mode, link, analysis, path)
                )
    return Plan(
        config, out, arms, design, seeds, tuple(worlds.values()), tuple(runs), _pairs(config)
    )


def format_duration(seconds: float) -> str:
    """``2 h 05 min``, ``7 min``, ``45 s``."""
    if not math.isfinite(seconds):
        return "?"
    if seconds >= 3600:
        return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60):02d} min"
    if seconds >= 60:
        return f"{round(seconds / 60)} min"
    return f"{max(1, round(seconds))} s"

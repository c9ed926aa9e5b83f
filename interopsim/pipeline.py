"""One world end to end: generate, link, analyse and report, then move it into place.

Everything is built in a hidden directory next to ``out`` and renamed to ``out`` only when
every step succeeded, so a failed run leaves ``out`` as it was (absent, or the previous
world when overwriting). An existing ``out`` is only ever replaced when it is an
interopsim world and ``overwrite`` is set.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import JsonValue

from analysis.config import AnalysisConfig
from analysis.metrics import Metrics, write_metrics
from analysis.report import ReportFiles
from interopsim.api import ScenarioLike, analyse, generate, link, load_scenario, metrics_path
from interopsim.api import report as render
from linkage.biometric import SearchMode
from linkage.config import LinkConfig
from linkage.pipeline import LinkResult
from schemas.progress import Progress
from schemas.stage import run_stage
from schemas.world import World, check_output_dir, open_world

__all__ = ["STEPS", "RunResult", "run"]

log = logging.getLogger(__name__)

STEPS = ("generate", "link", "analyse", "report")
"""The steps of :func:`run`, in order."""


@dataclass(frozen=True)
class RunResult:
    """What :func:`run` produced: the world at ``out`` and the result of each stage."""

    world: World
    link: LinkResult
    metrics: Metrics
    report: ReportFiles
    timings: Mapping[str, float]
    """Wall-clock seconds of each step of :data:`STEPS` and the ``total``."""

    def to_json(self) -> dict[str, JsonValue]:
        """A JSON-ready summary: where the report is, provenance and headline figures."""
        manifest = self.world.manifest
        summary = self.link.summary
        persons = manifest.tables.get("persons")
        return {
            "simulated": True,
            "synthetic_people": True,
            "world": str(self.world.path),
            "report": {
                "html": str(self.report.html),
                "markdown": str(self.report.markdown),
                "metrics": str(metrics_path(self.world)),
            },
            "seed": self.world.seed,
            "scenario": manifest.scenario_name,
            "scenario_hash": self.world.scenario_hash,
            "mode": summary.mode.value,
            "persons": persons.rows if persons is not None else None,
            "records": summary.records,
            "links_by_colour": dict(summary.links.by_colour),
            "headline": {
                key: {
                    "label": fig.label,
                    "value": fig.estimate.value,
                    "lower": fig.estimate.lower,
                    "upper": fig.estimate.upper,
                    "unit": fig.estimate.unit,
                }
                for key, fig in self.metrics.headline.items()
            },
            "seconds": {step: round(s, 3) for step, s in self.timings.items()},
        }


def _step_progress(progress: Progress | None, step: str) -> Progress | None:
    """Forward a stage's progress with the step in front: ``[2/4] link - search``."""
    if progress is None:
        return None
    index = STEPS.index(step) + 1

    def forward(stage: str, done: int, total: int) -> None:
        label = step if stage == step else f"{step} - {stage}"
        progress(f"[{index}/{len(STEPS)}] {label}", done, total)

    return forward


@contextmanager
def _staging(out: Path, overwrite: bool) -> Iterator[Path]:
    """A fresh directory beside ``out`` to build in, moved to ``out`` if the block succeeds."""
    check_output_dir(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".run"))
    try:
        yield staging / "world"
        _move_into_place(staging / "world", out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_into_place(built: Path, out: Path) -> None:
    """Rename ``built`` to ``out``; a previous ``out`` is restored if that fails."""
    trash: Path | None = None
    if out.exists():
        trash = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(trash)
    try:
        built.rename(out)
    except BaseException:
        if trash is not None:
            trash.rename(out)
        raise
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)


def _located_at(metrics: Metrics, final: Path) -> Metrics:
    """``metrics`` with its provenance naming ``final``, where the built world will live."""
    return metrics.with_world_path(final.resolve())


def _moved(files: ReportFiles, built: Path, out: Path) -> ReportFiles:
    """``files`` as they are after ``built`` was renamed to ``out``."""

    def move(path: Path) -> Path:
        return out / path.relative_to(built)

    return ReportFiles(
        directory=move(files.directory),
        html=move(files.html),
        markdown=move(files.markdown),
        figures=tuple(move(p) for p in files.figures),
    )


def run(
    scenario: ScenarioLike = "default",
    *,
    seed: int,
    out: Path | str,
    persons: int | None = None,
    mode: SearchMode | str = SearchMode.SHARED,
    link_config: LinkConfig | Mapping[str, Any] | None = None,
    analysis_config: AnalysisConfig | Mapping[str, Any] | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> RunResult:
    """Generate, link, analyse and report one world; ``out`` changes only on success.

    The same as :func:`generate`, :func:`link` (with the same ``seed``), :func:`analyse`
    and :func:`report` in a row, built beside ``out`` and renamed into place at the end.
    Raises :class:`ConfigError` for a bad scenario or mode and :class:`WorldError` when
    ``out`` exists without ``overwrite`` or is not a world; ``out`` is then untouched (a
    bad ``mode`` is only found when linking starts).
    """
    resolved = load_scenario(scenario, persons=persons)
    out = Path(out)
    with run_stage("run", steps=STEPS) as stage, _staging(out, overwrite) as built:
        world = stage.run(
            "generate",
            generate,
            resolved,
            seed=seed,
            out=built,
            progress=_step_progress(progress, "generate"),
        )
        linked = stage.run(
            "link",
            link,
            world,
            config=link_config,
            mode=mode,
            seed=seed,
            progress=_step_progress(progress, "link"),
        )
        with stage.step("analyse"):
            step_progress = _step_progress(progress, "analyse")
            metrics = analyse(linked, config=analysis_config, write=False, progress=step_progress)
            write_metrics(_located_at(metrics, out), metrics_path(built))
        files = stage.run("report", render, built, progress=_step_progress(progress, "report"))
    final = open_world(out)
    log.info("run of seed %s (scenario %s) written to %s", seed, final.scenario_hash, out)
    return RunResult(
        world=final,
        link=dataclasses.replace(linked, world=final),
        metrics=metrics,
        report=_moved(files, built, out),
        timings=dict(stage.timings),
    )

"""One world end to end: generate, link, analyse and report, then move it into place.

Everything is built in a hidden staging directory next to ``out`` and swapped into place
only when every step succeeded, so a failed or interrupted run leaves ``out`` as it was
(absent, or the previous world when overwriting), and an interrupt during the swap is
held until the swap is complete. An existing ``out`` is only ever replaced when it is an
interopsim world holding nothing but its own files and ``overwrite`` is set. The run
holds ``out``'s lock throughout, so a second writer fails at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import JsonValue

from analysis.config import AnalysisConfig
from analysis.metrics import Metrics
from analysis.report import ReportFiles
from interopsim._guard import store_metrics
from interopsim.api import ScenarioLike, analyse, generate, link, load_scenario, metrics_path
from interopsim.api import report as render
from linkage.biometric import SearchMode
from linkage.config import LinkConfig
from linkage.pipeline import LinkResult
from schemas.atomic import STAGING_MARK, clean_leftovers, deferred_interrupts, staging_dir
from schemas.paths import ensure_parent
from schemas.progress import Progress
from schemas.stage import StageRun, run_stage
from schemas.world import World, check_output_dir, install_world, writing

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


@dataclass
class _Staging:
    """The hidden directory a run builds its world in (``STAGING/NAME``)."""

    directory: Path
    built: Path
    installed: bool = False


@contextmanager
def _staging(target: Path) -> Iterator[_Staging]:
    """A marked staging directory beside ``target``, removed when the block ends.

    A killed run leaves it behind with its mark; the next run in the same directory
    removes it (:func:`schemas.atomic.clean_leftovers`). After the world was installed,
    what is left at ``STAGING/NAME`` is what remained of a replaced world that held
    files that are not its own; that is kept (and said), never deleted.
    """
    staging = _Staging(staging_dir(target), Path())
    staging.built = staging.directory / target.name
    try:
        yield staging
    finally:
        if staging.installed and os.path.lexists(staging.built):
            (staging.directory / STAGING_MARK).unlink(missing_ok=True)
            log.warning("left %s in place: it holds files of the replaced world", staging.built)
        else:
            shutil.rmtree(staging.directory, ignore_errors=True)


def _located_at(metrics: Metrics, final: Path) -> Metrics:
    """``metrics`` with its provenance naming ``final``, where the built world will live."""
    return metrics.with_world_path(Path(os.path.abspath(final)))  # noqa: PTH100


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


@dataclass(frozen=True)
class _Built:
    linked: LinkResult
    metrics: Metrics
    files: ReportFiles


def _build(
    stage: StageRun,
    resolved: ScenarioLike,
    built: Path,
    out: Path,
    options: _Options,
    progress: Progress | None,
) -> _Built:
    """Generate, link, analyse and report the world at ``built`` (it will live at ``out``)."""
    world = stage.run(
        "generate",
        generate,
        resolved,
        seed=options.seed,
        out=built,
        db=options.db,
        progress=_step_progress(progress, "generate"),
    )
    linked = stage.run(
        "link",
        link,
        world,
        config=options.link_config,
        mode=options.mode,
        seed=options.seed,
        progress=_step_progress(progress, "link"),
    )
    with stage.step("analyse"):
        step_progress = _step_progress(progress, "analyse")
        analysed = analyse(
            linked, config=options.analysis_config, write=False, progress=step_progress
        )
        metrics = _located_at(analysed, out)
        store_metrics(metrics, linked.world, metrics_path(built))
    files = stage.run("report", render, built, progress=_step_progress(progress, "report"))
    return _Built(linked=linked, metrics=metrics, files=files)


@dataclass(frozen=True)
class _Options:
    seed: int
    mode: SearchMode | str
    link_config: LinkConfig | Mapping[str, Any] | None
    analysis_config: AnalysisConfig | Mapping[str, Any] | None
    db: str | None


def run(
    scenario: ScenarioLike = "default",
    *,
    seed: int,
    out: Path | str,
    persons: int | None = None,
    mode: SearchMode | str = SearchMode.SHARED,
    link_config: LinkConfig | Mapping[str, Any] | None = None,
    analysis_config: AnalysisConfig | Mapping[str, Any] | None = None,
    db: str | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> RunResult:
    """Generate, link, analyse and report one world; ``out`` changes only on success.

    The same as :func:`generate`, :func:`link` (with the same ``seed``), :func:`analyse`
    and :func:`report` in a row, built in a hidden staging directory beside ``out`` and
    put in place in one step at the end (:func:`schemas.world.install_world`), all
    under ``out``'s lock. ``db`` is the database URL for the SQL tables (default:
    ``out/world.sqlite``). Raises :class:`ConfigError` for a bad scenario or mode and
    :class:`WorldError` when ``out`` exists without ``overwrite``, is not a world or is
    in use; ``out`` is then untouched (a bad ``mode`` is only found when linking
    starts). An interrupt during the swap is held until the swap is complete; the run
    then returns normally.
    """
    resolved = load_scenario(scenario, persons=persons)
    out = Path(out)
    target = check_output_dir(out, overwrite)
    ensure_parent(target)
    options = _Options(seed, mode, link_config, analysis_config, db)
    with contextlib.ExitStack() as commit, writing(target):
        clean_leftovers(target.parent)
        with run_stage("run", steps=STEPS) as stage, _staging(target) as staging:
            built = _build(stage, resolved, staging.built, out, options, progress)
            commit.enter_context(deferred_interrupts(f"putting {out} in place"))
            final = install_world(staging.built, out, overwrite=overwrite, db_url=db)
            staging.installed = True
        log.info("run of seed %s (scenario %s) written to %s", seed, final.scenario_hash, out)
        return RunResult(
            world=final,
            link=dataclasses.replace(built.linked, world=final),
            metrics=built.metrics,
            report=_moved(built.files, staging.built, out),
            timings=dict(stage.timings),
        )

"""One experiment end to end: generate, link, analyse and report a world.

Everything is built in a temporary directory next to ``out`` and moved into place only
when every step succeeded, so a failed run leaves ``out`` as it was (absent, or the
previous world when overwriting). An existing ``out`` is only ever replaced when it is
an interopsim world and ``overwrite`` is set.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.metrics import METRICS_FILE, analyse_world, write_metrics
from analysis.report.render import ReportFiles, render_report
from linkage.config import LinkConfig
from linkage.mid import Oracle
from linkage.pipeline import link_world
from schemas.errors import ConfigError
from schemas.progress import Progress
from schemas.world import World, check_output_dir, open_world
from synth.generate import generate_world
from synth.scenario import Scenario
from synth.scenario_load import scenario_hash

__all__ = ["MODES", "STEPS", "ExperimentResult", "run_experiment"]

log = logging.getLogger(__name__)

MODES = ("shared", "siloed")
STEPS = ("generate", "link", "analyse", "report")

OracleFactory = Callable[[World], Oracle]
"""Builds the yellow-link verifier's oracle from a world's truth (see ``cli.link``)."""


@dataclass(frozen=True)
class ExperimentResult:
    """What :func:`run_experiment` produced."""

    world: World
    report: ReportFiles
    headline: dict[str, Any]
    link_summary: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary: where the report is, provenance and headline figures."""
        manifest = self.world.manifest
        return {
            "simulated": True,
            "synthetic_people": True,
            "world": str(self.world.path),
            "report": {
                "html": str(self.report.html),
                "markdown": str(self.report.markdown),
                "metrics": str(self.world.path / METRICS_FILE),
            },
            "seed": self.world.seed,
            "scenario": manifest.scenario_name,
            "scenario_hash": manifest.scenario_hash,
            "mode": self.link_summary.get("mode"),
            "persons": manifest.tables["persons"].rows if "persons" in manifest.tables else None,
            "records": self.link_summary.get("records"),
            "links_by_colour": self.link_summary.get("links_by_colour"),
            "headline": {
                key: {k: fig.get(k) for k in ("label", "value", "lower", "upper", "unit")}
                for key, fig in self.headline.items()
            },
            "seconds": self.timings,
        }


def _stepper(progress: Progress | None, index: int) -> Progress:
    """A progress callback that prefixes the stage with the experiment step."""
    name = STEPS[index]

    def report(stage: str, done: int, total: int) -> None:
        if progress is not None:
            label = name if stage == name else f"{name} - {stage}"
            progress(f"[{index + 1}/{len(STEPS)}] {label}", done, total)

    return report


def _move_into_place(built: Path, out: Path) -> None:
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


def run_experiment(
    scenario: Scenario,
    seed: int,
    out: Path | str,
    mode: str = "shared",
    progress: Progress | None = None,
    *,
    overwrite: bool = False,
    oracle: OracleFactory | None = None,
    link_config: LinkConfig | None = None,
) -> ExperimentResult:
    """Generate, link, analyse and report the world of ``scenario`` and ``seed`` at ``out``.

    ``oracle`` builds the verifier's oracle from the world's truth (without one, yellow
    links stay unverified, as in :func:`linkage.pipeline.link_world`). Raises
    :class:`ConfigError` for a bad mode and :class:`WorldError` when ``out`` exists
    without ``overwrite`` or is not a world; on any failure ``out`` is left untouched.
    """
    if mode not in MODES:
        raise ConfigError(f"unknown mode {mode!r}; known: {', '.join(MODES)}")
    out = Path(out)
    check_output_dir(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".run"))
    built = staging / "world"
    timings: dict[str, float] = {}
    started = time.perf_counter()
    try:
        mark = time.perf_counter()
        world = generate_world(scenario, seed, built, progress=_stepper(progress, 0))
        timings["generate"] = round(time.perf_counter() - mark, 3)

        mark = time.perf_counter()
        linked = link_world(
            world,
            link_config or LinkConfig(),
            mode,
            seed,
            _stepper(progress, 1),
            oracle=oracle(world) if oracle is not None else None,
        )
        timings["link"] = round(time.perf_counter() - mark, 3)

        mark = time.perf_counter()
        metrics = analyse_world(linked.world, progress=_stepper(progress, 2))
        # The world is analysed where it is built, but will live at ``out``.
        metrics = metrics.with_world_path(out.resolve())
        write_metrics(metrics, built / METRICS_FILE)
        timings["analyse"] = round(time.perf_counter() - mark, 3)

        mark = time.perf_counter()
        staged = render_report(built, progress=_stepper(progress, 3))
        timings["report"] = round(time.perf_counter() - mark, 3)

        _move_into_place(built, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    timings["total"] = round(time.perf_counter() - started, 3)
    final_world = open_world(out)

    def moved(path: Path) -> Path:
        return out / path.relative_to(built)

    files = ReportFiles(
        directory=moved(staged.directory),
        html=moved(staged.html),
        markdown=moved(staged.markdown),
        figures=tuple(moved(p) for p in staged.figures),
    )
    log.info("experiment %s (scenario %s) written to %s", seed, scenario_hash(scenario), out)
    return ExperimentResult(
        world=final_world,
        report=files,
        headline={key: fig.to_json() for key, fig in metrics.headline.items()},
        link_summary=linked.to_json(),
        timings=timings,
    )

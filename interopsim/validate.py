"""``interopsim.validate``: build the reference worlds, run every reference case, report.

::

    import interopsim

    run = interopsim.validate(out="validation", quick=True)
    for case in run.report.cases:
        print(case.key, case.role, case.agreement)

The worlds of :data:`analysis.validation.WORLDS` are generated, linked and analysed on
this machine through the ordinary stage functions (:func:`interopsim.generate`,
:func:`~interopsim.link`, :func:`~interopsim.analyse`) into ``OUT/worlds/<name>``: by
default 100,000 persons each (a few minutes on two cores), with ``quick`` 20,000 (about a
minute). Every case of :data:`analysis.validation.CASES` is then judged against its
published figure, and the result written to ``OUT/validation.json`` and
``OUT/validation.md``. Cases that disagree are reported, not raised: only a world that
cannot be built raises (a :class:`SimulatorError`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import JsonValue

from analysis.validation import (
    CASE_COLUMNS,
    CASES,
    WORLDS,
    Evidence,
    ReferenceCase,
    SimulatedWorld,
    ValidationReport,
    WorldRun,
    WorldSpec,
    case_rows,
    run_cases,
    to_markdown,
)
from interopsim.api import analyse, generate, link, load_scenario
from schemas.atomic import atomic_write_bytes
from schemas.progress import Progress

__all__ = ["JSON_FILE", "MARKDOWN_FILE", "ValidationRun", "build_world", "validate"]

log = logging.getLogger(__name__)

JSON_FILE = "validation.json"
"""The typed result, in ``OUT``."""
MARKDOWN_FILE = "validation.md"
"""The short report, in ``OUT``."""


@dataclass(frozen=True)
class ValidationRun:
    """What :func:`validate` produced: the report and the files it wrote."""

    report: ValidationReport
    json: Path
    markdown: Path

    def table(self) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
        """The columns and one row per case, as a terminal table shows them."""
        return CASE_COLUMNS, case_rows(self.report)

    def to_json(self) -> dict[str, JsonValue]:
        """The report's JSON with the paths of the two files."""
        return {
            **self.report.to_json(),
            "files": {"json": str(self.json), "markdown": str(self.markdown)},
        }


def build_world(
    spec: WorldSpec, *, out: Path, seed: int, quick: bool, progress: Progress | None = None
) -> SimulatedWorld:
    """Generate, link and analyse the world of ``spec`` into ``out`` (replacing a world)."""
    started = time.perf_counter()
    persons = spec.size(quick)
    scenario = load_scenario(spec.preset, persons=persons, overrides=dict(spec.overrides) or None)
    world = generate(scenario, seed=seed, out=out, overwrite=True, progress=progress)
    linked = link(world, progress=progress)
    metrics = analyse(linked, progress=progress)
    seconds = time.perf_counter() - started
    log.info("built world %s (%d persons) in %.0f s", spec.name, persons, seconds)
    return SimulatedWorld(
        spec=spec,
        world=linked.world,
        link_config=linked.config,
        metrics=metrics,
        persons=persons,
        seconds=seconds,
    )


def _world_run(built: SimulatedWorld) -> WorldRun:
    return WorldRun(
        name=built.spec.name,
        description=built.spec.description,
        persons=built.persons,
        seed=built.world.seed,
        path=str(built.world.path),
        scenario_hash=built.world.scenario_hash,
        seconds=round(built.seconds, 1),
    )


def validate(
    *,
    out: Path | str,
    quick: bool = False,
    seed: int = 42,
    worlds: Sequence[WorldSpec] = WORLDS,
    cases: Sequence[ReferenceCase] = CASES,
    progress: Progress | None = None,
) -> ValidationRun:
    """Build ``worlds`` under ``out/worlds``, run ``cases`` and write the report to ``out``.

    World ``i`` gets the seed ``seed + i``. Returns the report and the paths of
    ``validation.json`` and ``validation.md``.
    """
    root = Path(out)
    (root / "worlds").mkdir(parents=True, exist_ok=True)
    built = {
        spec.name: build_world(
            spec, out=root / "worlds" / spec.name, seed=seed + i, quick=quick, progress=progress
        )
        for i, spec in enumerate(worlds)
    }
    report = run_cases(
        Evidence(built),
        cases,
        worlds=[_world_run(b) for b in built.values()],
        quick=quick,
        progress=progress,
    )
    text = json.dumps(report.to_json(), indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    json_path, md_path = root / JSON_FILE, root / MARKDOWN_FILE
    atomic_write_bytes(json_path, text.encode("utf-8"))
    atomic_write_bytes(md_path, to_markdown(report).encode("utf-8"))
    return ValidationRun(report=report, json=json_path, markdown=md_path)

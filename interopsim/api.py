"""The stage functions behind ``import interopsim`` (see the package docstring).

Each function takes a world (an opened :class:`schemas.world.World` or its directory),
keyword-only options, and returns the typed result of its stage. The command line calls
exactly these functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from analysis.config import AnalysisConfig
from analysis.experiment import ExperimentResult, run_experiment
from analysis.metrics import METRICS_FILE, Metrics, analyse_replicates, write_metrics
from analysis.report.render import ReportFiles, render_report
from analysis.truth import truth_oracle
from linkage.biometric import SearchMode
from linkage.config import LinkConfig
from linkage.pipeline import LinkResult, link_world
from schemas.progress import Progress
from schemas.world import World
from schemas.world import open_world as _open_world
from synth.generate import generate_world
from synth.scenario import Scenario
from synth.scenario_load import load_scenario as _load_scenario

__all__ = ["analyse", "generate", "link", "load_scenario", "open_world", "report", "run"]

WorldLike = World | Path | str
ScenarioLike = Scenario | Path | str


def open_world(path: WorldLike) -> World:
    """The world at ``path`` (a :class:`World` is returned as it is)."""
    return path if isinstance(path, World) else _open_world(path)


def load_scenario(
    source: ScenarioLike = "default", *, overrides: Mapping[str, Any] | None = None
) -> Scenario:
    """A validated scenario from a preset name, a TOML file path or a :class:`Scenario`.

    A string naming an existing ``.toml`` file is read as a file, any other string as a
    preset name. ``overrides`` is a nested mapping merged last.
    """
    if isinstance(source, Scenario):
        if not overrides:
            return source
        raise TypeError("overrides apply to a preset or a file, not to a built Scenario")
    path = Path(source)
    if path.suffix == ".toml" or path.exists():
        return _load_scenario(path, overrides=overrides)
    return _load_scenario(preset=str(source), overrides=overrides)


def generate(
    scenario: ScenarioLike = "default",
    *,
    seed: int,
    out: Path | str,
    persons: int | None = None,
    db: str | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> World:
    """Generate the world of ``scenario`` and ``seed`` into ``out`` (written atomically)."""
    overrides = {"world": {"persons": persons}} if persons is not None else None
    resolved = load_scenario(scenario, overrides=overrides)
    return generate_world(resolved, seed, out, db_url=db, overwrite=overwrite, progress=progress)


def link(
    world: WorldLike,
    *,
    config: LinkConfig | None = None,
    mode: SearchMode | str = SearchMode.SHARED,
    seed: int | None = None,
    progress: Progress | None = None,
) -> LinkResult:
    """Run the interoperability layer over ``world`` and store its links in it.

    The simulated verifier of yellow links learns the truth from the world (as a real
    verifier does from documents and the person); the searches never read it.
    """
    opened = open_world(world)
    return link_world(
        opened, config or LinkConfig(), mode, seed, progress, oracle=truth_oracle(opened)
    )


def analyse(
    world: WorldLike,
    *,
    replicates: Sequence[WorldLike] = (),
    config: AnalysisConfig | None = None,
    seed: int | None = None,
    write: bool = True,
    progress: Progress | None = None,
) -> Metrics:
    """Join the links of ``world`` (and its ``replicates``) with the truth.

    With ``write`` the figures are stored as ``report/metrics.json`` in ``world``.
    """
    primary = open_world(world)
    worlds = [primary, *(open_world(w) for w in replicates)]
    metrics = analyse_replicates(worlds, config, seed, progress)
    if write:
        write_metrics(metrics, primary.path / METRICS_FILE)
    return metrics


def report(world: WorldLike, *, progress: Progress | None = None) -> ReportFiles:
    """Render the HTML and Markdown report of an analysed ``world``."""
    return render_report(open_world(world).path, progress=progress)


def run(
    scenario: ScenarioLike = "default",
    *,
    seed: int,
    out: Path | str,
    persons: int | None = None,
    mode: SearchMode | str = SearchMode.SHARED,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> ExperimentResult:
    """Generate, link, analyse and report one world; ``out`` is replaced only on success."""
    overrides = {"world": {"persons": persons}} if persons is not None else None
    resolved = load_scenario(scenario, overrides=overrides)
    return run_experiment(
        resolved,
        seed,
        out,
        SearchMode(mode).value,
        progress,
        overwrite=overwrite,
        oracle=truth_oracle,
    )

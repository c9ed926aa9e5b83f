"""The stage functions behind ``import interopsim`` (see the package docstring).

Every function takes what it works on first (a scenario, or a world), then keyword-only
options, and returns the typed result of its stage:

==============  ==============================================  ===========================
call            does                                            returns
==============  ==============================================  ===========================
``generate``    builds the world of a scenario and a seed       :class:`schemas.World`
``link``        runs the interoperability layer over a world    :class:`linkage.LinkResult`
``analyse``     joins the links with the truth into figures     :class:`analysis.Metrics`
``report``      renders the HTML and Markdown report            :class:`ReportFiles`
``explain``     one person's or record's links and reach        :class:`Explanation`
``compare``     the headline figures of two analysed worlds     :class:`Comparison`
==============  ==============================================  ===========================

A world argument is a :class:`schemas.World`, its directory, or the result of a stage
that carries one (``link(...)`` returns a result whose ``.world`` is the linked world).
It is always re-read from its directory, so each call sees the tables earlier calls
added. The command line calls exactly these functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from analysis.config import AnalysisConfig
from analysis.metrics import METRICS_FILE, Metrics, analyse_replicates, write_metrics
from analysis.report import (
    Comparison,
    Explanation,
    ReportFiles,
    compare_runs,
    explain_person,
    explain_record,
    render_report,
)
from analysis.truth import truth_oracle
from linkage.biometric import SearchMode
from linkage.config import LinkConfig
from linkage.pipeline import LinkResult, link_world
from schemas.config import merge, parse
from schemas.errors import ConfigError
from schemas.progress import Progress
from schemas.world import World
from schemas.world import open_world as _open_world
from synth.generate import generate_world
from synth.scenario import Scenario
from synth.scenario_load import list_presets
from synth.scenario_load import load_scenario as _load_scenario

__all__ = [
    "HasWorld",
    "ScenarioLike",
    "WorldLike",
    "analyse",
    "compare",
    "explain",
    "generate",
    "link",
    "load_scenario",
    "metrics_path",
    "open_world",
    "presets",
    "report",
    "world_path",
]


class HasWorld(Protocol):
    """A stage result that carries the world it produced (e.g. what :func:`link` returns)."""

    @property
    def world(self) -> World: ...


WorldLike = World | HasWorld | Path | str
"""A world: opened, its directory, or a stage result carrying it."""

ScenarioLike = Scenario | Path | str
"""A scenario: built, a TOML file (a :class:`Path` or a string ending in ``.toml``) or a
preset name."""

Config = TypeVar("Config", bound=BaseModel)


def world_path(world: WorldLike) -> Path:
    """The directory of ``world`` (nothing is read)."""
    if isinstance(world, str | Path):
        return Path(world)
    if isinstance(world, World):
        return world.path
    return world.world.path


def open_world(world: WorldLike) -> World:
    """The world ``world`` names, freshly read from its directory."""
    return _open_world(world_path(world))


def load_scenario(
    source: ScenarioLike = "default",
    *,
    persons: int | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Scenario:
    """A validated scenario from a preset name, a TOML file or a built :class:`Scenario`.

    A :class:`Path`, or a string ending in ``.toml``, is read as a file; any other string
    names a preset. ``overrides`` is a nested mapping merged last, as the tables of a
    scenario file are (``{"systems": {"EURODAC": {"fingerprint_min_age": 6}}}``);
    ``persons`` is short for ``overrides={"world": {"persons": persons}}``. Raises
    :class:`ConfigError` naming every bad key.
    """
    if persons is not None:
        overrides = merge(overrides or {}, {"world": {"persons": persons}})
    if isinstance(source, Scenario):
        if overrides:
            raise ConfigError("overrides apply to a preset or a scenario file, not a Scenario")
        return source
    if isinstance(source, Path) or source.endswith(".toml"):
        return _load_scenario(Path(source), overrides=overrides)
    return _load_scenario(preset=source, overrides=overrides)


def presets() -> dict[str, str]:
    """The scenario presets shipped with interopsim: name → one-line description."""
    return {p["name"]: p["description"] for p in list_presets()}


def _config(model: type[Config], given: Config | Mapping[str, Any] | None, what: str) -> Config:
    """``given`` as a ``model``: a mapping is validated (bad keys named); ``None``: defaults."""
    if given is None:
        return parse(model, {}, what=what)
    if isinstance(given, Mapping):
        return parse(model, given, what=what)
    return given


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
    """Generate the world of ``scenario`` and ``seed`` into the directory ``out``.

    ``persons`` overrides the scenario's ``world.persons``; ``db`` is a SQLAlchemy URL to
    write the SQL tables to instead of ``out/world.sqlite``. ``out`` must be absent, empty
    or (with ``overwrite``) an earlier world; it is written atomically.
    """
    resolved = load_scenario(scenario, persons=persons)
    return generate_world(resolved, seed, out, db_url=db, overwrite=overwrite, progress=progress)


def link(
    world: WorldLike,
    *,
    config: LinkConfig | Mapping[str, Any] | None = None,
    mode: SearchMode | str = SearchMode.SHARED,
    seed: int | None = None,
    progress: Progress | None = None,
) -> LinkResult:
    """Run the interoperability layer over ``world`` and store its links in it.

    ``mode`` is ``shared`` (one biometric gallery, the sBMS) or ``siloed`` (one per
    system); ``seed`` defaults to the world's. The result holds the links, the identity
    clusters, the verification backlog and the linked ``world``. The simulated verifier
    of yellow links learns the truth from the world (as a real one does from documents and
    the person); the searches never read it.
    """
    opened = open_world(world)
    settings = _config(LinkConfig, config, "link configuration")
    oracle = truth_oracle(opened)
    return link_world(opened, settings, mode, seed, progress, oracle=oracle)


def metrics_path(world: WorldLike) -> Path:
    """Where :func:`analyse` stores the figures of ``world`` (``report/metrics.json``)."""
    return world_path(world) / METRICS_FILE


def analyse(
    world: WorldLike,
    *,
    replicates: Sequence[WorldLike] = (),
    config: AnalysisConfig | Mapping[str, Any] | None = None,
    seed: int | None = None,
    out: Path | str | None = None,
    write: bool = True,
    progress: Progress | None = None,
) -> Metrics:
    """Join the links of ``world`` (and of its ``replicates``) with the truth.

    Replicates are linked worlds of the same scenario with other seeds; the figures then
    become means over the worlds with Student-t intervals. ``seed`` seeds the analysis'
    own draws (default: each world's seed). The figures are stored in ``out`` (default:
    :func:`metrics_path` of ``world``) unless ``write`` is false.
    """
    worlds = [open_world(w) for w in (world, *replicates)]
    settings = _config(AnalysisConfig, config, "analysis parameters")
    metrics = analyse_replicates(worlds, settings, seed, progress)
    if write:
        write_metrics(metrics, Path(out) if out is not None else metrics_path(worlds[0]))
    return metrics


def report(world: WorldLike, *, progress: Progress | None = None) -> ReportFiles:
    """Render the HTML and Markdown report of an analysed ``world`` into its ``report/``."""
    return render_report(open_world(world).path, progress=progress)


def explain(
    world: WorldLike, *, person: int | None = None, record: str | None = None
) -> Explanation:
    """One synthetic ``person`` (a ``person_id``) or one ``record`` (a ``record_id``).

    The explanation lists the records as the systems hold them, every MID link touching
    them with whether the truth agrees, the pairs the MID missed and what each authority
    could see in the siloed and the interoperable regime.
    """
    if (person is None) == (record is None):
        raise ConfigError("explain needs exactly one of person or record")
    opened = open_world(world)
    if person is not None:
        return explain_person(opened, person)
    assert record is not None
    return explain_record(opened, record)


def compare(world_a: WorldLike, world_b: WorldLike, *, by: str | None = None) -> Comparison:
    """The headline figures of two analysed worlds side by side, with B - A; ``by`` (a
    group dimension such as ``"region"``) adds the group outcome's rate group by group."""
    return compare_runs(world_path(world_a), world_path(world_b), by=by)

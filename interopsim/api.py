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

Every function that opens a world takes ``db`` (the database URL again, with its
password, for a world whose tables live in a database the manifest names without one)
and ``verify`` (check every table's SHA-256 and the SQL row counts too). A stage holds
the lock of the worlds it reads (shared) or writes (exclusive), so a second writer fails
at once naming the first (:class:`schemas.WorldBusyError`); ``report`` and ``compare``
refuse metrics computed before the world was last linked
(:class:`schemas.StaleResultsError`, naming the command that refreshes them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from analysis.config import AnalysisConfig
from analysis.metrics import METRICS_FILE, Metrics, analyse_replicates
from analysis.report import (
    Comparison,
    Explanation,
    ReportFiles,
    compare_by_group,
    compare_models,
    explain_person,
    explain_record,
    model_from_metrics,
    render_model,
)
from analysis.truth import truth_oracle
from interopsim._guard import (
    check_metrics_out,
    check_report_pages,
    current_metrics,
    locked_for_reading,
    render_and_record,
    store_metrics,
)
from interopsim.scenario import Scenario, analysis_config, link_config
from linkage.biometric import SearchMode
from linkage.config import LinkConfig
from linkage.pipeline import LinkResult, link_world
from schemas.config import merge
from schemas.errors import ConfigError
from schemas.paths import check_input_dir, check_output_dir, ensure_parent
from schemas.progress import Progress
from schemas.world import World, record_files, writing
from schemas.world import open_world as _open_world
from synth.generate import generate_world
from synth.scenario import Scenario as WorldScenario
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

ScenarioLike = WorldScenario | Path | str
"""A scenario: built (an :class:`interopsim.scenario.Scenario`, or synth's, which gets the
default link and analysis sections), a TOML file (a :class:`Path` or a string ending in
``.toml``) or a preset name."""


def world_path(world: WorldLike) -> Path:
    """The directory of ``world`` (nothing is read)."""
    if isinstance(world, str | Path):
        return Path(world)
    if isinstance(world, World):
        return world.path
    return world.world.path


def _session_db(world: WorldLike, db: str | None) -> str | None:
    """The database URL to use for ``world``: ``db``, else the one it was opened with."""
    if db is not None:
        return db
    if isinstance(world, str | Path):
        return None
    opened = world if isinstance(world, World) else world.world
    return opened.db_override


def open_world(world: WorldLike, *, db: str | None = None, verify: bool = False) -> World:
    """The world ``world`` names, freshly read from its directory and checked.

    ``db`` is the database URL to use this session (with the password the manifest does
    not store); ``verify`` checks every table's SHA-256 and the SQL row counts too.
    """
    return _open_world(world_path(world), db_url=_session_db(world, db), verify=verify)


def load_scenario(
    source: ScenarioLike = "default",
    *,
    persons: int | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Scenario:
    """A validated scenario from a preset name, a TOML file or a built :class:`Scenario`.

    The scenario holds the world's sections and the ``[link]`` and ``[analysis]`` ones
    (:mod:`interopsim.scenario`). A :class:`Path`, or a string ending in ``.toml``, is
    read as a file; any other string names a preset. ``overrides`` is a nested mapping
    merged last, as the tables of a scenario file are
    (``{"systems": {"EURODAC": {"fingerprint_min_age": 6}}}``); ``persons`` is short for
    ``overrides={"world": {"persons": persons}}``. Raises :class:`ConfigError` naming
    every bad key.
    """
    if persons is not None:
        overrides = merge(overrides or {}, {"world": {"persons": persons}})
    if isinstance(source, WorldScenario):
        if overrides:
            raise ConfigError("overrides apply to a preset or a scenario file, not a Scenario")
        return Scenario.of(source)
    if isinstance(source, Path) or source.endswith(".toml"):
        return _load_scenario(Path(source), overrides=overrides, model=Scenario)
    return _load_scenario(preset=source, overrides=overrides, model=Scenario)


def presets() -> dict[str, str]:
    """The scenario presets shipped with interopsim: name → one-line description."""
    return {p["name"]: p["description"] for p in list_presets()}


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
    target = check_output_dir(out, overwrite)
    ensure_parent(target)
    with writing(target):
        return generate_world(
            resolved, seed, out, db_url=db, overwrite=overwrite, progress=progress
        )


def link(
    world: WorldLike,
    *,
    config: LinkConfig | Mapping[str, Any] | None = None,
    mode: SearchMode | str = SearchMode.SHARED,
    seed: int | None = None,
    db: str | None = None,
    verify: bool = False,
    progress: Progress | None = None,
) -> LinkResult:
    """Run the interoperability layer over ``world`` and store its links in it.

    ``mode`` is ``shared`` (one biometric gallery, the sBMS) or ``siloed`` (one per
    system); ``seed`` defaults to the world's. ``config`` defaults to the ``[link]`` section
    of the world's scenario; a mapping is merged over that section, a :class:`LinkConfig`
    replaces it (the link stage records which). The result holds the links, the identity
    clusters, the verification backlog and the linked ``world``. The simulated verifier
    of yellow links learns the truth from the world (as a real one does from documents and
    the person); the searches never read it. Holds the world's lock throughout.
    """
    path = check_input_dir(world_path(world))
    with writing(path):
        opened = open_world(world, db=db, verify=verify)
        settings, source = link_config(opened, config)
        oracle = truth_oracle(opened)
        return link_world(
            opened, settings, mode, seed, progress, oracle=oracle, config_source=source
        )


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
    db: str | None = None,
    verify: bool = False,
    progress: Progress | None = None,
) -> Metrics:
    """Join the links of ``world`` (and of its ``replicates``) with the truth.

    Replicates are linked worlds of the same scenario with other seeds; the figures then
    become means over the worlds with Student-t intervals. ``seed`` seeds the analysis'
    own draws (default: each world's seed). ``config`` defaults to the ``[analysis]``
    section of the world's scenario; a mapping is merged over it. The figures are stored
    in ``out`` (default: :func:`metrics_path` of ``world``) unless ``write`` is false: a
    file interopsim did not write is never replaced (checked before any work), and a file
    inside the world is recorded in its manifest. The worlds are read under their shared
    locks.
    """
    given = (world, *replicates)
    target = Path(out) if out is not None else metrics_path(world)
    if write:
        target = check_metrics_out(target, world_path(world))
    with locked_for_reading([world_path(w) for w in given]):
        worlds = [open_world(w, db=_replicate_db(w, db), verify=verify) for w in given]
        settings, _ = analysis_config(worlds[0], config)
        metrics = analyse_replicates(worlds, settings, seed, progress)
    if write:
        store_metrics(metrics, worlds[0], target)
    return metrics


def _replicate_db(world: WorldLike, db: str | None) -> str | None:
    """``db`` for a world whose tables live in a database; worlds with their own
    ``world.sqlite`` take none (so one ``db`` serves a mix of worlds)."""
    if db is None or _open_world(world_path(world), check_database=False).manifest.database.url:
        return _session_db(world, db)
    return None


def report(
    world: WorldLike,
    *,
    db: str | None = None,
    verify: bool = False,
    progress: Progress | None = None,
) -> ReportFiles:
    """Render the HTML and Markdown report of an analysed ``world`` into its ``report/``.

    Refuses metrics computed before the world was last linked, and report pages that
    interopsim did not write or that were edited since; records the pages it writes in
    the world's manifest. Holds the world's lock.
    """
    path = check_input_dir(world_path(world))
    with writing(path):
        opened = open_world(world, db=db, verify=verify)
        metrics = current_metrics(opened)
        check_report_pages(opened)
        model = model_from_metrics(metrics, opened.manifest)
        directory = opened.path / METRICS_FILE.parent

        def pending(moves: Mapping[Path, Path]) -> None:
            record_files(opened, [], stage="report", staged=moves)

        return render_and_record(
            opened,
            lambda: render_model(model, directory, progress=progress, before_swap=pending),
        )


def explain(
    world: WorldLike,
    *,
    person: int | None = None,
    record: str | None = None,
    db: str | None = None,
    verify: bool = False,
) -> Explanation:
    """One synthetic ``person`` (a ``person_id``) or one ``record`` (a ``record_id``).

    The explanation lists the records as the systems hold them, every MID link touching
    them with whether the truth agrees, the pairs the MID missed and what each authority
    could see in the siloed and the interoperable regime. It reads the world's links
    themselves (under the world's shared lock), never its metrics, so it is always
    current.
    """
    if (person is None) == (record is None):
        raise ConfigError("explain needs exactly one of person or record")
    with locked_for_reading([world_path(world)]):
        opened = open_world(world, db=db, verify=verify)
        if person is not None:
            return explain_person(opened, person)
        assert record is not None
        return explain_record(opened, record)


def compare(
    world_a: WorldLike,
    world_b: WorldLike,
    *,
    by: str | None = None,
    db: str | None = None,
    verify: bool = False,
) -> Comparison:
    """The headline figures of two analysed worlds side by side, with B - A; ``by`` (a
    group dimension such as ``"region"``) adds the group outcome's rate group by group.

    Refuses either world's metrics when they predate its last link run. ``db`` serves
    whichever world keeps its tables in a database.
    """
    paths = [world_path(world_a), world_path(world_b)]
    with locked_for_reading(paths):
        models = []
        for given in (world_a, world_b):
            opened = open_world(given, db=_replicate_db(given, db), verify=verify)
            models.append(model_from_metrics(current_metrics(opened), opened.manifest))
    comparison = compare_models(models[0], models[1], str(paths[0]), str(paths[1]))
    return comparison if by is None else compare_by_group(comparison, by)

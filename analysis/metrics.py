"""Turn a linked world into the figures of ``DIR/report/metrics.json``.

:func:`analyse_world` analyses one world, :func:`analyse_replicates` several replicate
worlds of one scenario (figures become means with Student-t intervals); both return a
typed :class:`Metrics` tree. :func:`write_metrics` writes it atomically as JSON
(:meth:`Metrics.to_json`) and :func:`read_metrics` reads it back
(:meth:`Metrics.from_json`). The keys of the JSON document are stable and documented in
``analysis/keys.md``; every figure is an :class:`~analysis.estimate.Estimate` carrying
``"simulated": true`` and its interval as ``{value, lower, upper, n, method}``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Self

import polars as pl
from pydantic import JsonValue

from analysis._tree import Node, lookup, omit_if_none
from analysis.assumptions import Assumption, assumptions_of
from analysis.biomodel import biometric_model_scaling
from analysis.config import AnalysisConfig
from analysis.creep import Creep, creep_figures
from analysis.errors import PairErrors, PersonErrors, pair_errors, person_errors, person_outcomes
from analysis.estimate import Estimate, clean_number
from analysis.groups import GroupFigures, group_figures
from analysis.linkrun import LinkRun, link_run
from analysis.mechanisms import (
    FigureCounts,
    link_mechanisms,
    load_relations,
    mechanism_counts,
    outcome_design_effects,
    stored_key_counts,
)
from analysis.queries import Queries, query_figures
from analysis.replicates import combine
from analysis.scaling import Scaling, biometric_scaling, identity_scaling
from analysis.scaling_laws import Mechanisms, flag_size_dependence, mechanisms_section
from analysis.structural import declared_structural_zeros, query_structural_zeros
from analysis.truth import WorldData, load_world_data
from analysis.validation.calibration import CalibratedDefault, calibration_of
from analysis.virtual_identity import VirtualIdentityScaling, virtual_identity_scaling
from analysis.workload import Workload, verification_minutes, workload_figures
from linkage.biometric import BiometricConfig
from schemas import __version__
from schemas.errors import ConfigError, WorldError
from schemas.freshness import LINK_RUN_ID, WORLD_ID, results_identity
from schemas.progress import Progress
from schemas.stage import run_stage
from schemas.world import World

__all__ = [
    "HEADLINE",
    "METRICS_FILE",
    "SCHEMA",
    "SCHEMA_VERSION",
    "SIMULATED_LABEL",
    "HeadlineFigure",
    "Metrics",
    "MetricsProvenance",
    "ReplicateWorld",
    "analyse_replicates",
    "analyse_world",
    "combine_replicates",
    "read_metrics",
    "replicate_config",
    "score_model",
    "write_metrics",
]

log = logging.getLogger(__name__)

SCHEMA = "interopsim-metrics"
SCHEMA_VERSION = 1
#: Where ``analyse`` writes the figures, relative to the world directory.
METRICS_FILE = Path("report") / "metrics.json"
SIMULATED_LABEL = (
    "Simulated figures computed on synthetic people with known truth; they are not "
    "measurements of any real system. Reproduce them from the seed, the scenario and the "
    "interopsim version in 'provenance'."
)
_WITHIN_ONE_WORLD = "within one world (Wilson for rates, Poisson for counts)"
_ACROSS_WORLDS = "replicate-t (mean and Student-t interval over replicate worlds)"
_STEPS = (
    "load",
    "pairs",
    "mechanisms",
    "persons",
    "groups",
    "scaling",
    "virtual identity",
    "workload",
    "creep",
    "queries",
)

#: Headline figures: (key, label, path in the metrics tree).
HEADLINE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("false_links", "False MID links (white, green, red)", ("pairs", "false_links")),
    ("false_white_links", "False white links", ("pairs", "links_by_colour", "white", "false")),
    ("false_red_links", "False red links", ("pairs", "links_by_colour", "red", "false")),
    ("missed_links", "True cross-system pairs without any link", ("pairs", "missed_links")),
    (
        "precision_white",
        "Precision of white links",
        ("pairs", "accuracy", "white", "overall", "precision"),
    ),
    (
        "recall_white",
        "Recall of white links",
        ("pairs", "accuracy", "white", "overall", "recall"),
    ),
    (
        "persons_wrongly_linked",
        "People wrongly linked to someone else",
        ("persons", "wrongly_linked", "count"),
    ),
    (
        "persons_wrongly_linked_rate",
        "Share of registered people wrongly linked to someone else",
        ("persons", "wrongly_linked", "rate"),
    ),
    (
        "persons_wrongly_linked_rate_at_real_scale",
        "Share of registered people wrongly linked at real scale (the figure's scale law at "
        "the CIR and sBMS sizes, extrapolated)",
        ("mechanisms", "figures", "wrongly_linked", "at_real_scale"),
    ),
    (
        "persons_wrongly_linked_per_million_records",
        "People wrongly linked per million records",
        ("persons", "wrongly_linked", "per_million_records"),
    ),
    (
        "persons_false_red",
        "People with a false red link (suspected of fraud that is not theirs)",
        ("persons", "false_red", "count"),
    ),
    (
        "persons_merged",
        "People merged into another person's identity cluster",
        ("persons", "merged", "count"),
    ),
    ("persons_missed", "People with a missed link", ("persons", "missed", "count")),
    (
        "yellow_per_1000_records",
        "Yellow links per 1,000 new records",
        ("workload", "yellow_per_1000_records"),
    ),
    ("verification_hours", "Manual verification hours", ("workload", "verification_hours")),
    (
        "share_resolved_wrongly",
        "Share of verified links resolved wrongly",
        ("workload", "share_resolved_wrongly"),
    ),
    (
        "biometric_fpir_at_sbms_size",
        "Searches with a false biometric match at the sBMS size (score model, extrapolated)",
        ("scaling", "biometric_model", "at_reference_sizes", "sbms", "fpir"),
    ),
    (
        "biometric_fpir_at_sbms_size_world_fmr",
        "Searches with a false biometric match at the sBMS size from the world's own false "
        "matches (Daugman formula, extrapolated)",
        ("scaling", "biometric", "at_reference_sizes", "sbms", "fpir"),
    ),
    (
        "identity_collisions_per_search_at_cir_size",
        "Records sharing name and birth date per search at the CIR size (extrapolated)",
        ("scaling", "identity", "at_reference_sizes", "cir", "collisions_per_search"),
    ),
    (
        "police_checks_added_persons",
        "People whose data police identity checks reach only under interoperability",
        (
            "creep",
            "authorities",
            "police_identity_check",
            "identity_check",
            "creep",
            "data",
            "persons",
            "added",
        ),
    ),
    (
        "police_checks_cross_purpose_records_interoperable",
        "Records collected for another purpose reachable by police identity checks",
        (
            "creep",
            "authorities",
            "police_identity_check",
            "identity_check",
            "regimes",
            "interoperable",
            "data",
            "cross_purpose_records",
        ),
    ),
    (
        "police_checks_answers_cross_purpose",
        "Police identity checks answered with data collected for another purpose",
        (
            "queries",
            "kinds",
            "identity_check_registered",
            "regimes",
            "interoperable",
            "cross_purpose",
        ),
    ),
    (
        "police_checks_unregistered_wrong_person",
        "Checks of never-registered people answered with someone else's data",
        (
            "queries",
            "kinds",
            "identity_check_unregistered",
            "regimes",
            "interoperable",
            "wrong_person",
        ),
    ),
)


@dataclass(frozen=True, kw_only=True)
class HeadlineFigure(Node):
    """A headline figure: its sentence, the estimate and where it lives in the tree."""

    label: str
    estimate: Estimate
    path: str

    def to_json(self) -> dict[str, JsonValue]:
        """``{"label": ..., <the estimate's keys>, "path": ...}``."""
        return {"label": self.label, **self.estimate.to_json(), "path": self.path}

    @classmethod
    def from_json(cls, data: JsonValue, where: str = "headline") -> Self:
        """The inverse of :meth:`to_json`."""
        if not isinstance(data, Mapping) or "label" not in data or "path" not in data:
            raise ValueError(f"{where}: not a headline figure (needs label and path)")
        rest = {k: v for k, v in data.items() if k not in ("label", "path")}
        return cls(
            label=str(data["label"]),
            estimate=Estimate.from_json(rest, where),
            path=str(data["path"]),
        )


@dataclass(frozen=True, kw_only=True)
class ReplicateWorld(Node):
    """One world behind the figures."""

    seed: int
    world_path: str
    scenario_hash: str


@dataclass(frozen=True, kw_only=True)
class MetricsProvenance(Node):
    """What reproduces the figures: seeds, scenario hash, version, world and as-of date."""

    seed: int
    analysis_seed: int
    scenario_hash: str
    interopsim_version: str
    world_path: str
    world_created_at: str
    as_of: dt.date
    tables_sha256: Mapping[str, str]
    replicates: tuple[ReplicateWorld, ...]
    interval_method: str
    world_id: str | None = dataclasses.field(default=None, metadata=omit_if_none())
    """The id of the world the figures were computed from (:mod:`schemas.freshness`)."""
    link_run_id: str | None = dataclasses.field(default=None, metadata=omit_if_none())
    """The ``run_id`` of the link stage whose links were analysed; a later link run
    makes the figures stale."""


@dataclass(frozen=True, kw_only=True)
class Metrics(Node):
    """The analysis result: the typed tree of ``metrics.json`` (keys: ``analysis/keys.md``).

    ``groups[dimension][group]`` holds the outcomes of one group of persons; the other
    sections are typed nodes all the way down to their :class:`Estimate` leaves.
    ``calibration`` lists the parameters behind the figures that were calibrated to a
    published figure, with the calibration case and its sources (``interopsim validate``).
    """

    SECTIONS: ClassVar[tuple[str, ...]] = (
        "pairs",
        "persons",
        "groups",
        "scaling",
        "workload",
        "creep",
        "queries",
        "mechanisms",
    )

    provenance: MetricsProvenance
    assumptions: tuple[Assumption, ...]
    headline: Mapping[str, HeadlineFigure]
    pairs: PairErrors
    persons: PersonErrors
    groups: Mapping[str, Mapping[str, GroupFigures]]
    scaling: Scaling
    workload: Workload
    creep: Creep
    queries: Queries
    mechanisms: Mechanisms | None = field(default=None, metadata=omit_if_none())
    calibration: tuple[CalibratedDefault, ...] = ()

    def to_json(self) -> dict[str, JsonValue]:
        """The JSON document of ``metrics.json``: a header, then the tree."""
        header: dict[str, JsonValue] = {
            "schema": SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "simulated": True,
            "label": SIMULATED_LABEL,
        }
        return {**header, **super().to_json()}

    @classmethod
    def from_json(cls, data: JsonValue, where: str = "") -> Self:
        """Read a ``metrics.json`` document; ``ValueError`` naming the first bad key."""
        if not isinstance(data, Mapping) or data.get("schema") != SCHEMA:
            raise ValueError(f"not an interopsim metrics document (schema is not {SCHEMA!r})")
        if data.get("schema_version") != SCHEMA_VERSION:
            raise ValueError(
                f"metrics schema version {data.get('schema_version')!r}; this interopsim "
                f"reads version {SCHEMA_VERSION} (run `interopsim analyse` again)"
            )
        return super().from_json(data, where)

    def with_world_path(self, path: Path | str) -> Metrics:
        """A copy whose provenance names ``path`` as the world (for a world that moved)."""
        old = self.provenance.world_path
        new = str(path)
        replicates = tuple(
            dataclasses.replace(r, world_path=new) if r.world_path == old else r
            for r in self.provenance.replicates
        )
        provenance = dataclasses.replace(self.provenance, world_path=new, replicates=replicates)
        return dataclasses.replace(self, provenance=provenance)


def score_model(
    run: LinkRun | None, configured: BiometricConfig | None
) -> tuple[BiometricConfig, str]:
    """The biometric score model for the virtual-gallery curves, and where it comes from."""
    if configured is not None:
        return configured, "analysis parameter biometric"
    recorded = None if run is None else run.biometric
    if recorded is not None:
        return recorded, "link configuration in the manifest (stages.link.parameters.biometric)"
    return BiometricConfig(), (
        "linkage.biometric.BiometricConfig() defaults (the link stage did not record its score "
        "model): FMR ~ 2.5e-12 holds the EES FPIR ceiling of 0.1 % [@eu-2019-329] at 4e8 "
        "templates under independence [@daugman-identification]"
    )


def _provenance(world: World, seed: int, as_of: dt.date) -> MetricsProvenance:
    world_path = str(world.path.resolve())
    identity = results_identity(world)
    return MetricsProvenance(
        seed=world.seed,
        analysis_seed=seed,
        scenario_hash=world.scenario_hash,
        interopsim_version=__version__,
        world_path=world_path,
        world_created_at=world.manifest.created_at,
        as_of=as_of,
        tables_sha256={name: entry.sha256 for name, entry in sorted(world.manifest.tables.items())},
        replicates=(
            ReplicateWorld(
                seed=world.seed, world_path=world_path, scenario_hash=world.scenario_hash
            ),
        ),
        interval_method=_WITHIN_ONE_WORLD,
        world_id=identity[WORLD_ID] or None,
        link_run_id=identity[LINK_RUN_ID],
    )


def _scaling(
    world: World,
    data: WorldData,
    pairs: pl.DataFrame,
    config: AnalysisConfig,
    score: BiometricConfig,
    mech: _Classified,
    seed: int,
) -> Scaling:
    """The three views of scaling: the world's matches, the score model, identity data."""
    level = config.level
    references = {"sbms": config.sbms_templates, "cir": config.cir_records}
    fractions = config.subsample_fractions
    return Scaling(
        biometric=biometric_scaling(data, pairs, fractions, references, seed, level),
        biometric_model=biometric_model_scaling(
            world, data, score, references, seed, config.virtual_probes, level
        ),
        identity=identity_scaling(
            data,
            fractions,
            config.cir_records,
            seed,
            level,
            mech.counts.get("identity_collisions_per_search"),
            mech.keys,
        ),
    )


def _with_headline(metrics: Metrics) -> Metrics:
    """``metrics`` with its headline figures looked up in its tree."""
    headline = {}
    for key, label, path in HEADLINE:
        estimate = lookup(metrics, path)
        if isinstance(estimate, Estimate):
            headline[key] = HeadlineFigure(label=label, estimate=estimate, path=".".join(path))
    return dataclasses.replace(metrics, headline=headline)


@dataclass(frozen=True)
class _Classified:
    """The world's wrong links by mechanism and their counts per sub-world."""

    links: pl.DataFrame
    keys: pl.DataFrame
    counts: Mapping[str, FigureCounts]
    section: Mechanisms


def _mechanisms(world: World, data: WorldData, config: AnalysisConfig, seed: int) -> _Classified:
    relations = load_relations(world, data)
    links = link_mechanisms(data.links, relations)
    keys = stored_key_counts(data)
    counts = mechanism_counts(data, relations, links, config.subsample_fractions, seed, keys)
    return _Classified(links, keys, counts, mechanisms_section(counts, data, config))


def _virtual_identity(
    world: World, data: WorldData, links: pl.DataFrame, config: AnalysisConfig, seed: int
) -> VirtualIdentityScaling | None:
    return virtual_identity_scaling(
        world,
        data,
        links,
        gallery_size=config.virtual_identity_gallery,
        probes=config.virtual_identity_probes,
        references={"cir": config.cir_records},
        seed=seed,
        level=config.level,
    )


def _analyse_one(
    world: World, config: AnalysisConfig, seed: int, progress: Progress | None
) -> Metrics:
    """Every figure of one world (its provenance naming only itself)."""
    level = config.level
    run = link_run(world)
    score = score_model(run, config.biometric)
    minutes = verification_minutes(run, config.verification_minutes)
    with run_stage(f"analyse {world.path.name}", progress, steps=_STEPS) as stage:
        data = stage.run("load", load_world_data, world, config)
        pairs, pair_frame = stage.run("pairs", pair_errors, data, level)
        mech = stage.run("mechanisms", _mechanisms, world, data, config, seed)
        with stage.step("persons"):
            outcomes = person_outcomes(data, pair_frame)
            persons = person_errors(data, outcomes, level, outcome_design_effects(mech.counts))
        groups = stage.run("groups", group_figures, data, outcomes, config.group_dims, level)
        scaling = stage.run(
            "scaling", _scaling, world, data, pair_frame, config, score[0], mech, seed
        )
        virtual = stage.run(
            "virtual identity", _virtual_identity, world, data, mech.links, config, seed
        )
        workload = stage.run(
            "workload", workload_figures, data, minutes[0], config.backlog_period, run, level
        )
        creep = stage.run("creep", creep_figures, data, config.access_model, level)
        fmr = clean_number(scaling.biometric.fmr.value)  # as metrics.json shows it
        queries = stage.run(
            "queries", query_figures, data, config, None if fmr is None else float(fmr), seed
        )
    assumptions = assumptions_of(world, run, config, minutes, score)
    metrics = Metrics(
        provenance=_provenance(world, seed, data.as_of),
        assumptions=assumptions,
        headline={},
        pairs=pairs,
        persons=persons,
        groups=groups,
        scaling=dataclasses.replace(scaling, identity_virtual=virtual),
        workload=workload,
        creep=creep,
        queries=query_structural_zeros(queries, config.access_model),
        mechanisms=mech.section,
        calibration=calibration_of(assumptions),
    )
    declared = {} if run is None else run.structural_zeros
    metrics = declared_structural_zeros(flag_size_dependence(metrics, mech.section), declared)
    return _with_headline(metrics)


def analyse_world(
    world: World,
    config: AnalysisConfig | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> Metrics:
    """Analyse one linked world (``seed`` defaults to the world's seed)."""
    return analyse_replicates([world], config, seed, progress)


def _check_replicates(worlds: Sequence[World]) -> None:
    if not worlds:
        raise ConfigError("no world to analyse")
    if len({w.scenario_hash for w in worlds}) > 1:
        raise ConfigError("replicate worlds must share one scenario (their scenario hashes differ)")
    seeds = [w.seed for w in worlds]
    if len(set(seeds)) != len(seeds):
        raise ConfigError(f"replicate worlds must have different seeds, got {seeds}")


def combine_replicates(results: Sequence[Metrics], level: float = 0.95) -> Metrics:
    """One result from the results of replicate worlds: every figure a replicate mean.

    The first world is the primary one: its provenance and assumptions head the result,
    and ``provenance.replicates`` lists every world.
    """
    first = results[0]
    if len(results) == 1:
        return first
    sections = {
        name: combine([getattr(m, name) for m in results], level) for name in Metrics.SECTIONS
    }
    provenance = dataclasses.replace(
        first.provenance,
        replicates=tuple(r for m in results for r in m.provenance.replicates),
        interval_method=_ACROSS_WORLDS,
    )
    return _with_headline(dataclasses.replace(first, provenance=provenance, **sections))


def analyse_replicates(
    worlds: Sequence[World],
    config: AnalysisConfig | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> Metrics:
    """Analyse replicate worlds of one scenario; figures become replicate means.

    The first world is the primary one: its provenance and assumptions head the
    document, and ``provenance.replicates`` lists every world; the virtual identity
    gallery is searched for it alone (:func:`replicate_config`).
    """
    _check_replicates(worlds)
    config = config or AnalysisConfig()
    results = [
        _analyse_one(w, config if i == 0 else replicate_config(config), _seed(w, seed), progress)
        for i, w in enumerate(worlds)
    ]
    return combine_replicates(results, config.level)


def _seed(world: World, seed: int | None) -> int:
    return world.seed if seed is None else seed


def replicate_config(config: AnalysisConfig) -> AnalysisConfig:
    """The configuration of the replicate worlds after the first: the same, without the
    virtual identity gallery (a property of the population model, not of a seed's world;
    the primary world's is kept), so that a replicate costs only its own figures."""
    return config.model_copy(update={"virtual_identity_gallery": 0})


def write_metrics(metrics: Metrics, path: Path) -> Path:
    """Write ``metrics`` to ``path`` atomically (temporary file, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(metrics.to_json(), indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)  # mkstemp creates 0600; give the usual mode
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_metrics(path: Path | str) -> Metrics:
    """The :class:`Metrics` of a ``metrics.json`` file; WorldError when missing or corrupt."""
    path = Path(path)
    if not path.is_file():
        raise WorldError(f"{path} does not exist; run `interopsim analyse` on its world first")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WorldError(f"{path} is corrupt: {exc}") from None
    try:
        return Metrics.from_json(data)
    except ValueError as exc:
        raise WorldError(f"{path} is not a readable interopsim metrics file: {exc}") from None

"""Turn a linked world into the figures of ``DIR/report/metrics.json``.

:func:`analyse_world` analyses one world, :func:`analyse_replicates` several replicate
worlds of one scenario (figures become means with Student-t intervals), and
:func:`write_metrics` writes the result atomically. The keys of the JSON document are
stable and documented in ``analysis/keys.md``; every figure carries
``"simulated": true`` and its interval as ``{value, lower, upper, n, method}``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.biomodel import biometric_model_scaling
from analysis.config import AnalysisConfig
from analysis.creep import creep_metrics
from analysis.errors import pair_metrics, person_metrics, person_outcomes
from analysis.figures import is_figure
from analysis.groups import group_metrics
from analysis.queries import query_metrics
from analysis.replicates import combine_replicates
from analysis.scaling import biometric_scaling, identity_scaling
from analysis.truth import load_world_data
from analysis.workload import verification_minutes, workload_metrics
from linkage.biometric import BiometricConfig
from schemas import __version__
from schemas.errors import ConfigError
from schemas.progress import Progress, silent
from schemas.world import World
from synth.scenario_sources import source_of

__all__ = [
    "HEADLINE",
    "METRICS_FILE",
    "SCHEMA",
    "SCHEMA_VERSION",
    "SIMULATED_LABEL",
    "Metrics",
    "analyse_replicates",
    "analyse_world",
    "scenario_hash",
    "score_model_config",
    "write_metrics",
]

log = logging.getLogger(__name__)

SCHEMA = "interopsim-metrics"
SCHEMA_VERSION = 1
METRICS_FILE = Path("report") / "metrics.json"
SIMULATED_LABEL = (
    "Simulated figures computed on synthetic people with known truth; they are not "
    "measurements of any real system. Reproduce them from the seed, the scenario and the "
    "interopsim version in 'provenance'."
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


@dataclass(frozen=True)
class Metrics:
    """The analysis result: the JSON document of ``metrics.json`` as a dict."""

    data: dict[str, Any]

    @property
    def headline(self) -> dict[str, Any]:
        """The headline figures (each a figure dict with a ``label``)."""
        return dict(self.data.get("headline", {}))

    def to_json(self) -> str:
        """The document as indented JSON text (stable key order)."""
        return json.dumps(self.data, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def scenario_hash(manifest: Mapping[str, Any]) -> str | None:
    """The manifest's scenario hash, else the SHA-256 of its canonical scenario JSON."""
    value = manifest.get("scenario_hash")
    if isinstance(value, str):
        return value
    scenario = manifest.get("scenario")
    if scenario is None:
        return None
    text = json.dumps(scenario, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _flatten(prefix: str, node: Any, out: list[tuple[str, Any]]) -> None:
    if isinstance(node, Mapping):
        for k, v in node.items():
            _flatten(f"{prefix}.{k}", v, out)
    else:
        out.append((prefix, node))


#: Leaves of a stage's manifest record that are parameters (the rest are results).
_STAGE_PARAMETERS = frozenset(
    {
        "mode",
        "seed",
        "as_of",
        "accuracy",
        "minutes_per_case",
        "cases_per_day",
        "uncovered_policy",
        "oracle",
        "assumption",
    }
)
_PARAMETER_TREES = frozenset({"config", "parameters", "settings"})


def _assumptions(
    world: World,
    config: AnalysisConfig,
    minutes: tuple[float, str],
    score: tuple[BiometricConfig, str],
) -> list[dict[str, Any]]:
    resolved = ("analysis.verification_minutes", "analysis.biometric")
    rows = [r for r in config.assumptions() if r["key"] not in resolved]
    rows.append({"key": "analysis.verification_minutes", "value": minutes[0], "source": minutes[1]})
    rows.append(
        {
            "key": "analysis.biometric",
            "value": f"fmr={score[0].fmr:.6g}, fusion={score[0].fusion}",
            "source": score[1],
        }
    )
    manifest = world.manifest.model_dump(mode="json")
    flat: list[tuple[str, Any]] = []
    if "scenario" in manifest:
        _flatten("scenario", manifest["scenario"], flat)
    rows += [
        {"key": k, "value": v, "source": source_of(k.removeprefix("scenario."), v)} for k, v in flat
    ]
    stages = manifest.get("stages", {})
    for stage, record in stages.items() if isinstance(stages, Mapping) else ():
        flat = []
        _flatten(stage, {**record["parameters"], **record["summary"]}, flat)
        rows += [
            {"key": k, "value": v, "source": f"{stage} configuration (manifest.json)"}
            for k, v in flat
            if k.split(".")[-1] in _STAGE_PARAMETERS or _PARAMETER_TREES & set(k.split("."))
        ]
    return rows


def score_model_config(
    manifest: Mapping[str, Any], configured: BiometricConfig | None
) -> tuple[BiometricConfig, str]:
    """The biometric score model for the virtual-gallery curves, and where it comes from."""
    if configured is not None:
        return configured, "analysis parameter biometric"
    stages = manifest.get("stages", {})
    link = stages.get("link", {}) if isinstance(stages, Mapping) else {}
    for key in ("config", "parameters"):
        node = link.get(key) if isinstance(link, Mapping) else None
        if isinstance(node, Mapping) and isinstance(node.get("biometric"), Mapping):
            return (
                BiometricConfig.from_mapping(node["biometric"]),
                f"link configuration in the manifest (stages.link.{key}.biometric)",
            )
    return BiometricConfig(), (
        "linkage.biometric.BiometricConfig() defaults (the link stage did not record its score "
        "model): FMR ~ 2.5e-12 holds the EES FPIR ceiling of 0.1 % at 4e8 templates "
        "(domain.md §3.2, §3.6)"
    )


def _provenance(world: World, seed: int, as_of: dt.date) -> dict[str, Any]:
    tables = world.manifest.model_dump(mode="json")["tables"]
    return {
        "seed": world.seed,
        "analysis_seed": seed,
        "scenario_hash": world.scenario_hash,
        "interopsim_version": __version__,
        "world_path": str(world.path.resolve()),
        "world_created_at": world.manifest.created_at,
        "as_of": as_of.isoformat(),
        "tables_sha256": {
            name: entry.get("sha256")
            for name, entry in sorted(tables.items())
            if isinstance(entry, Mapping)
        },
    }


def _world_tree(
    world: World, config: AnalysisConfig, seed: int, progress: Progress
) -> dict[str, Any]:
    steps = ("load", "pairs", "persons", "groups", "scaling", "workload", "creep", "queries")
    total = len(steps)

    def step(i: int) -> None:
        progress(f"analyse {world.path.name}", i, total)

    level = config.level
    step(0)
    data = load_world_data(world, config)
    step(1)
    pairs_out, pairs = pair_metrics(data, level)
    step(2)
    outcomes = person_outcomes(data, pairs)
    persons_out = person_metrics(data, outcomes, level)
    step(3)
    groups_out = group_metrics(data, outcomes, config.group_dims, level)
    step(4)
    references = {"sbms": config.sbms_templates, "cir": config.cir_records}
    bio = biometric_scaling(data, pairs, config.subsample_fractions, references, seed, level)
    ident = identity_scaling(data, config.subsample_fractions, config.cir_records, seed, level)
    score_model, score_source = score_model_config(
        world.manifest.model_dump(mode="json"), config.biometric
    )
    model = biometric_model_scaling(
        world, data, score_model, references, seed, config.virtual_probes, level
    )
    step(5)
    minutes = verification_minutes(
        world.manifest.model_dump(mode="json"), config.verification_minutes
    )
    workload_out = workload_metrics(data, minutes[0], config.backlog_period, level)
    step(6)
    creep_out = creep_metrics(data, config.access_model, level)
    step(7)
    queries_out = query_metrics(data, config, bio["fmr"]["value"], seed)
    step(8)
    return {
        "provenance": _provenance(world, seed, data.as_of),
        "assumptions": _assumptions(world, config, minutes, (score_model, score_source)),
        "pairs": pairs_out,
        "persons": persons_out,
        "groups": groups_out,
        "scaling": {"biometric": bio, "biometric_model": model, "identity": ident},
        "workload": workload_out,
        "creep": creep_out,
        "queries": queries_out,
    }


def _lookup(tree: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = tree
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _document(
    body: dict[str, Any], provenance: dict[str, Any], assumptions: list[Any]
) -> dict[str, Any]:
    headline: dict[str, Any] = {}
    for key, label, path in HEADLINE:
        fig = _lookup(body, path)
        if is_figure(fig):
            headline[key] = {"label": label, **fig, "path": ".".join(path)}
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "simulated": True,
        "label": SIMULATED_LABEL,
        "provenance": provenance,
        "assumptions": assumptions,
        "headline": headline,
        **body,
    }


def analyse_world(
    world: World,
    config: AnalysisConfig | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> Metrics:
    """Analyse one linked world (``seed`` defaults to the world's seed)."""
    return analyse_replicates([world], config, seed, progress)


def analyse_replicates(
    worlds: Sequence[World],
    config: AnalysisConfig | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> Metrics:
    """Analyse replicate worlds of one scenario; figures become replicate means.

    The first world is the primary one: its provenance and assumptions head the
    document, and ``provenance.replicates`` lists every world.
    """
    if not worlds:
        raise ConfigError("no world to analyse")
    config = config or AnalysisConfig()
    progress = progress or silent
    hashes = {w.scenario_hash for w in worlds}
    if len(hashes) > 1:
        raise ConfigError("replicate worlds must share one scenario (their scenario hashes differ)")
    seeds = [w.seed for w in worlds]
    if len(set(seeds)) != len(seeds):
        raise ConfigError(f"replicate worlds must have different seeds, got {seeds}")
    trees = [_world_tree(w, config, w.seed if seed is None else seed, progress) for w in worlds]
    bodies = [{k: v for k, v in t.items() if k not in ("provenance", "assumptions")} for t in trees]
    body = combine_replicates(bodies, config.level)
    provenance = dict(trees[0]["provenance"])
    provenance["replicates"] = [
        {
            "seed": t["provenance"]["seed"],
            "world_path": t["provenance"]["world_path"],
            "scenario_hash": t["provenance"]["scenario_hash"],
        }
        for t in trees
    ]
    provenance["interval_method"] = (
        "replicate-t (mean and Student-t interval over replicate worlds)"
        if len(trees) > 1
        else "within one world (Wilson for rates, Poisson for counts)"
    )
    return Metrics(_document(body, provenance, trees[0]["assumptions"]))


def write_metrics(metrics: Metrics, path: Path) -> Path:
    """Write ``metrics`` to ``path`` atomically (temporary file, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(metrics.to_json())
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)  # mkstemp creates 0600; give the usual mode
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path

"""Build a :class:`ReportModel` from the typed :class:`~analysis.metrics.Metrics` of a world.

This module is the only part of the report that knows where each shown figure sits in
the metrics tree. Sections the metrics lack become empty parts of the model; the page
then says that the run holds no such figures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from analysis.creep import Creep
from analysis.estimate import Estimate, Method
from analysis.groups import GroupFigures
from analysis.linkrun import LinkRun
from analysis.metrics import METRICS_FILE, SIMULATED_LABEL, Metrics, read_metrics
from analysis.report.model import (
    Citation,
    ColourCount,
    GroupRate,
    HeadlineRow,
    Reachability,
    ReportModel,
    ScalingCurve,
    ScalingPoint,
    WorkloadSeries,
)
from analysis.scaling import BiometricScaling
from analysis.truth import COLOURS
from analysis.workload import Workload
from schemas.manifest import Manifest
from schemas.world import open_world
from synth.scenario_load import preset_names

__all__ = ["FIGURE_GROUP_DIMS", "GROUP_OUTCOME", "load_model", "model_from_metrics"]

#: The person outcome shown by group (a field of :class:`analysis.groups.GroupFigures`).
GROUP_OUTCOME = ("wrongly_linked", "People wrongly linked to someone else")
#: Group dimensions drawn in the chart (nationality has too many values; it is tabled).
FIGURE_GROUP_DIMS = ("region", "sex", "age_band", "population_group")
#: Chart labels of the reference sizes (their sources: the ``analysis.sbms_templates``
#: and ``analysis.cir_records`` assumptions).
_REFERENCE_LABELS = {"sbms": "sBMS ≈ 400 M templates", "cir": "CIR up to 300 M records"}
_COUNT_UNITS = frozenset(
    {"links", "persons", "pairs", "records", "searches", "templates", "comparisons"}
)
_METHODS = {
    Method.WILSON: "Wilson interval",
    Method.POISSON: "Poisson interval",
    Method.WILSON_BOUNDS: "from Wilson bounds",
    Method.REPLICATE_T: "mean over replicate worlds, Student-t interval",
    Method.EXTRAPOLATION: "extrapolation",
    Method.COUNT: "size of the simulated world",
}


def _kind(e: Estimate) -> str:
    """How to print an estimate: ``share`` (percent), ``count`` (integer) or ``number``."""
    if e.unit.startswith("share"):
        return "share"
    method = e.replicate_method if e.method is Method.REPLICATE_T else e.method
    if method in (Method.COUNT, Method.POISSON) and e.unit in _COUNT_UNITS:
        return "count"
    return "number"


def _note(e: Estimate) -> str:
    parts = []
    if e.unit and not e.unit.startswith("share"):
        parts.append(e.unit)
    if e.extrapolated:
        parts.append(f"EXTRAPOLATED with {e.formula}" if e.formula else "EXTRAPOLATED")
    elif e.method in _METHODS:
        parts.append(_METHODS[e.method])
    return "; ".join(parts)


def _headline(metrics: Metrics) -> tuple[HeadlineRow, ...]:
    context = (
        ("persons", "Synthetic persons", metrics.persons.persons),
        ("records", "Records in all systems", metrics.persons.records),
        ("links_total", "MID links", metrics.pairs.links_total),
    )
    rows = [
        HeadlineRow(key, label, e, "count", e.unit)
        for key, label, e in context
        if e.value is not None
    ]
    rows += [
        HeadlineRow(key, fig.label, fig.estimate, _kind(fig.estimate), _note(fig.estimate))
        for key, fig in metrics.headline.items()
        if fig.estimate.value is not None
    ]
    return tuple(rows)


def _natural(text: str) -> tuple[int, str]:
    """Sort age bands by their first age ('6-11' before '12-13'), other labels by text."""
    m = re.match(r"(\d+)", text)
    return (int(m.group(1)), text) if m else (10**9, text)


def _groups(groups: Mapping[str, Mapping[str, GroupFigures]]) -> tuple[GroupRate, ...]:
    """The rate of :data:`GROUP_OUTCOME` per group, charted dimensions first."""
    dims = [d for d in FIGURE_GROUP_DIMS if d in groups]
    dims += [d for d in groups if d not in FIGURE_GROUP_DIMS]
    out: list[GroupRate] = []
    for dim in dims:
        for value in sorted(groups[dim], key=_natural):
            outcome = getattr(groups[dim][value], GROUP_OUTCOME[0])
            if outcome is not None and outcome.rate.value is not None:
                out.append(
                    GroupRate(dim, value, outcome.rate, outcome.disparity, dim in FIGURE_GROUP_DIMS)
                )
    return tuple(out)


def _scaling(bio: BiometricScaling) -> ScalingCurve | None:
    simulated = [(p.gallery_size, p.fpir, False) for p in bio.points]
    extrapolated = [(p.gallery_size, p.fpir, True) for p in bio.extrapolation]
    points = [
        ScalingPoint(size, e, ext)
        for size, e, ext in (*simulated, *extrapolated)
        if e.value is not None and size > 0
    ]
    if not points:
        return None
    refs = tuple(
        (_REFERENCE_LABELS.get(label, label), p.gallery_size)
        for label, p in bio.at_reference_sizes.items()
    )
    return ScalingCurve(
        metric="share of searches with a false biometric candidate (FPIR)",
        points=tuple(points),
        formula=re.sub(r"\s*\([^()]*\[@[^()]*\)$", "", bio.formula),
        reference_sizes=refs,
    )


def _colours(metrics: Metrics) -> tuple[ColourCount, ...]:
    out = []
    for colour in COLOURS:
        entry = metrics.pairs.links_by_colour.get(colour)
        if entry is None or entry.links.value is None:
            continue
        out.append(
            ColourCount(
                colour,
                round(entry.links.value),
                None if entry.same_person.value is None else round(entry.same_person.value),
                None
                if entry.different_persons.value is None
                else round(entry.different_persons.value),
            )
        )
    return tuple(out)


def _summary_text(e: Estimate, kind: str) -> str | None:
    if e.value is None:
        return None
    interval = e.has_interval and e.lower is not None and e.upper is not None
    if kind == "share":
        text = f"{100 * e.value:.2f} %"
        if interval:
            text += f" (95 % CI {100 * (e.lower or 0):.2f} – {100 * (e.upper or 0):.2f} %)"
        return text
    if kind == "count":
        return f"{e.value:,.0f}"
    text = f"{e.value:,.1f}"
    if interval:
        text += f" (95 % CI {e.lower or 0:,.1f} – {e.upper or 0:,.1f})"
    return text


def _workload(work: Workload) -> WorkloadSeries | None:
    series = work.backlog
    if not series.dates:
        return None
    shown = (
        ("Links that needed manual verification", work.yellow_links, "count"),
        ("Still pending at the as-of date", work.pending, "count"),
        ("Manual verification hours", work.verification_hours, "number"),
        ("Minutes per verification (parameter)", work.verification_minutes, "number"),
        ("Share of verified links resolved wrongly", work.share_resolved_wrongly, "share"),
        ("Mean days from link to verification", work.days_to_verify_mean, "number"),
    )
    summary = [(label, t) for label, e, kind in shown if (t := _summary_text(e, kind))]
    if series.period:
        summary.append(("Period of the series", series.period))
    return WorkloadSeries(
        dates=tuple(d.isoformat() for d in series.dates),
        backlog=tuple(float(v) for v in series.backlog),
        created=tuple(float(v) for v in series.created),
        resolved=tuple(float(v) for v in series.resolved),
        summary=tuple(summary),
    )


def _reachability(creep: Creep) -> Reachability | None:
    """Share of each family's stored records whose data each authority reaches."""
    families = list(creep.stored_records)
    labels: list[str] = []
    rows: dict[str, list[tuple[float | None, ...]]] = {"siloed": [], "interoperable": []}
    for auth_key, purposes in creep.authorities.items():
        for purpose_key, entry in purposes.items():
            label = auth_key.replace("_", " ")
            multi = len(purposes) > 1
            labels.append(f"{label} ({purpose_key.replace('_', ' ')})" if multi else label)
            for regime, matrix in rows.items():
                by_family = entry.regimes[regime].data.by_collected_for or {}
                matrix.append(
                    tuple(
                        by_family[f].share_of_records.value if f in by_family else None
                        for f in families
                    )
                )
    if not labels or not families:
        return None
    return Reachability(
        authorities=tuple(labels),
        purposes=tuple(f.replace("_", " ") for f in families),
        siloed=tuple(rows["siloed"]),
        interoperable=tuple(rows["interoperable"]),
        measure="share of stored records whose data are reachable",
    )


def _command(name: str, scenario_hash: str, seed: int, mode: str, persons: int | None) -> str:
    """The command that regenerates this run (a scenario file when the name is no preset)."""
    if name in preset_names():
        parts = ["interopsim run", f"--preset {name}"]
        if persons is not None:
            parts.append(f"--persons {persons}")
    else:
        parts = ["interopsim run", f"--scenario <scenario file with hash {scenario_hash}>"]
    parts.append(f"--seed {seed}")
    if mode in ("shared", "siloed"):
        parts.append(f"--mode {mode}")
    parts.append("--out DIR")
    return " ".join(parts)


def _citation(metrics: Metrics, manifest: Manifest) -> Citation:
    prov = metrics.provenance
    run = LinkRun.of(manifest)
    mode = (run.mode if run is not None else None) or "unknown"
    persons_value = metrics.persons.persons.value
    persons = round(persons_value) if persons_value is not None else None
    if persons is None and "persons" in manifest.tables:
        persons = manifest.tables["persons"].rows
    name = manifest.scenario_name
    return Citation(
        seed=prov.seed,
        scenario=name,
        scenario_hash=prov.scenario_hash,
        version=prov.interopsim_version,
        mode=mode,
        persons=persons,
        created_at=prov.world_created_at,
        command=_command(name, prov.scenario_hash, prov.seed, mode, persons),
    )


def model_from_metrics(metrics: Metrics, manifest: Manifest) -> ReportModel:
    """The report model of one analysed world."""
    citation = _citation(metrics, manifest)
    prov = metrics.provenance
    notes = (
        SIMULATED_LABEL,
        f"Intervals: {prov.interval_method}.",
        f"Figures describe the world at its as-of date {prov.as_of.isoformat()}.",
    )
    return ReportModel(
        title=f"interopsim report: {citation.scenario}",
        citation=citation,
        headline=_headline(metrics),
        groups=_groups(metrics.groups),
        group_metric=GROUP_OUTCOME[1],
        scaling=_scaling(metrics.scaling.biometric),
        colours=_colours(metrics),
        workload=_workload(metrics.workload),
        reachability=_reachability(metrics.creep),
        assumptions=metrics.assumptions,
        notes=notes,
    )


def load_model(path: Path | str) -> ReportModel:
    """Open the world at ``path`` and build the report model of its ``metrics.json``.

    Raises :class:`schemas.WorldError` when ``path`` is not a world or has no readable
    metrics.
    """
    world = open_world(path)
    return model_from_metrics(read_metrics(world.path / METRICS_FILE), world.manifest)

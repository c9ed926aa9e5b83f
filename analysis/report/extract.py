"""Build a :class:`ReportModel` from the typed :class:`~analysis.metrics.Metrics` of a world.

This module is the only part of the report that knows where each shown figure sits in
the metrics tree. Sections the metrics lack become empty parts of the model; the page
then says that the run holds no such figures. The headline in words, the glossary and
the warnings come from :mod:`analysis.report.story`; the citation and the command that
reproduces the figures from :mod:`analysis.report.cite`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from analysis.creep import Creep
from analysis.estimate import Estimate, Method
from analysis.groups import GroupFigures
from analysis.metrics import METRICS_FILE, SIMULATED_LABEL, Metrics, read_metrics
from analysis.report.cite import citation_of
from analysis.report.mechanisms_view import mechanism_curve, mechanism_table
from analysis.report.model import (
    ColourCount,
    GroupRate,
    HeadlineRow,
    Reachability,
    ReportModel,
    ScalingCurve,
    ScalingPoint,
    WorkloadSeries,
)
from analysis.report.story import headline_of, size_warnings
from analysis.scaling import Scaling
from analysis.truth import COLOURS
from analysis.workload import Workload
from schemas.manifest import Manifest
from schemas.world import open_world

__all__ = ["FIGURE_GROUP_DIMS", "GROUP_OUTCOME", "load_model", "model_from_metrics"]

#: The person outcome shown by group (a field of :class:`analysis.groups.GroupFigures`).
GROUP_OUTCOME = ("wrongly_linked", "People wrongly linked to someone else")
#: Group dimensions drawn in the chart (nationality has too many values; it is tabled).
FIGURE_GROUP_DIMS = ("region", "sex", "age_band", "population_group")
#: Chart labels of the reference sizes (their sources: the ``analysis.sbms_templates``
#: and ``analysis.cir_records`` assumptions).
REFERENCE_LABELS = {"sbms": "sBMS 400 M", "cir": "CIR 300 M", "world": "this world"}
_COUNT_UNITS = frozenset(
    {"links", "persons", "pairs", "records", "searches", "templates", "comparisons"}
)
#: How each interval method reads in a table note (plain words, no jargon).
METHOD_WORDS = {
    Method.WILSON: "Wilson interval",
    Method.POISSON: "Poisson interval",
    Method.WILSON_BOUNDS: "from Wilson bounds",
    Method.REPLICATE_T: "Student-t interval over replicate worlds",
    Method.EXTRAPOLATION: "extrapolated, not simulated",
    Method.COUNT: "size of the simulated world",
    Method.FORMULA: "from a stated formula",
    Method.PARAMETER: "a parameter",
}
_PERIODS = {"1d": "day", "1w": "week", "1mo": "month", "1q": "quarter", "1y": "year"}


def kind_of(e: Estimate) -> str:
    """How to print an estimate: ``share`` (percent), ``count`` (integer) or ``number``."""
    if e.unit.startswith("share"):
        return "share"
    method = e.replicate_method if e.method is Method.REPLICATE_T else e.method
    if method in (Method.COUNT, Method.POISSON) and e.unit in _COUNT_UNITS:
        return "count"
    return "number"


def note_of(e: Estimate) -> str:
    """The unit and, in words, how the figure was obtained (extrapolations marked)."""
    parts = []
    if e.unit and not e.unit.startswith("share"):
        parts.append(e.unit)
    if e.extrapolated:
        parts.append("extrapolated, not simulated")
    elif e.method in METHOD_WORDS:
        parts.append(METHOD_WORDS[e.method])
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
        HeadlineRow(key, fig.label, fig.estimate, kind_of(fig.estimate), note_of(fig.estimate))
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
            figures = groups[dim][value]
            outcome = getattr(figures, GROUP_OUTCOME[0])
            if outcome is not None and outcome.rate.value is not None:
                out.append(
                    GroupRate(
                        dim,
                        value,
                        outcome.rate,
                        outcome.disparity,
                        dim in FIGURE_GROUP_DIMS,
                        figures.persons.value,
                    )
                )
    return tuple(out)


def _biometric_curve(scaling: Scaling) -> ScalingCurve | None:
    """The score model's FPIR on virtual galleries: expected line and simulated searches."""
    model = scaling.biometric_model
    virtual = [
        ScalingPoint(p.gallery_size, p.fpir, p.extrapolated)
        for p in model.virtual_points
        if p.fpir.value is not None and p.gallery_size > 0
    ]
    expected = [
        ScalingPoint(p.gallery_size, p.fpir, p.extrapolated)
        for p in model.curve
        if p.fpir.value is not None and p.gallery_size > 0
    ]
    if not virtual and not expected:
        return _world_curve(scaling)
    refs = tuple(
        (REFERENCE_LABELS.get(label, label), p.gallery_size)
        for label, p in model.at_reference_sizes.items()
    )
    at_ref = tuple(
        (REFERENCE_LABELS.get(label, label), p.fpir)
        for label, p in model.at_reference_sizes.items()
    )
    return ScalingCurve(
        key="biometric",
        title="Biometric search: a false candidate",
        metric="share of searches with a false biometric candidate (FPIR)",
        points=tuple(virtual),
        formula="score model of the link stage on virtual galleries of the world's mix of people",
        reference_sizes=refs,
        size_label="gallery size (templates searched)",
        model=tuple(expected),
        model_label="score model, expected",
        at_reference=at_ref,
        beyond_label="beyond this world: score model on virtual galleries",
    )


def _world_curve(scaling: Scaling) -> ScalingCurve | None:
    """The world's own false matches and Daugman's formula (metrics without a score model)."""
    bio = scaling.biometric
    simulated = [(p.gallery_size, p.fpir, False) for p in bio.points]
    extrapolated = [(p.gallery_size, p.fpir, True) for p in bio.extrapolation]
    points = [
        ScalingPoint(size, e, ext)
        for size, e, ext in (*simulated, *extrapolated)
        if e.value is not None and size > 0
    ]
    if not points:
        return None
    return ScalingCurve(
        key="biometric",
        metric="share of searches with a false biometric candidate (FPIR)",
        points=tuple(points),
        formula=re.sub(r"\s*\([^()]*\[@[^()]*\)$", "", bio.formula),
        reference_sizes=tuple(
            (REFERENCE_LABELS.get(label, label), p.gallery_size)
            for label, p in bio.at_reference_sizes.items()
        ),
    )


def _identity_curve(scaling: Scaling) -> ScalingCurve | None:
    """Pairs of records of different people sharing name and birth date, by register size."""
    ident = scaling.identity
    simulated = [
        ScalingPoint(p.records, p.colliding_pairs, False)
        for p in ident.points
        if p.colliding_pairs.value is not None and p.records > 0
    ]
    formula = [
        ScalingPoint(p.records, p.colliding_pairs_formula, False)
        for p in ident.points
        if p.colliding_pairs_formula.value is not None and p.records > 0
    ]
    beyond = [
        ScalingPoint(at.records, at.colliding_pairs, True)
        for at in ident.at_reference_sizes.values()
        if at.extrapolated and at.colliding_pairs.value is not None
    ]
    if not simulated and not beyond:
        return None
    return ScalingCurve(
        key="identity",
        title="Identity search: same name and birth date",
        metric="pairs of records of different people with the same name and birth date",
        points=(*simulated, *beyond),
        formula=ident.formula,
        reference_sizes=tuple(
            (REFERENCE_LABELS.get(label, label), at.records)
            for label, at in ident.at_reference_sizes.items()
            if at.extrapolated
        ),
        size_label="records searched (register size)",
        model=(*formula, *beyond),
        model_label="formula " + re.sub(r"\s*\([^()]*\)$", "", ident.formula),
        at_reference=tuple(
            (REFERENCE_LABELS.get(label, label), at.colliding_pairs)
            for label, at in ident.at_reference_sizes.items()
            if at.extrapolated
        ),
    )


def _scaling(metrics: Metrics) -> tuple[ScalingCurve, ...]:
    """The error figure's scale law (when the analysis has one), then the two searches."""
    scaling = metrics.scaling
    curves = (mechanism_curve(metrics), _biometric_curve(scaling), _identity_curve(scaling))
    return tuple(c for c in curves if c is not None)


def _colours(metrics: Metrics) -> tuple[ColourCount, ...]:
    verified = metrics.workload.resolved_wrongly_by_colour
    out = []
    for colour in COLOURS:
        entry = metrics.pairs.links_by_colour.get(colour)
        if entry is None or entry.links.value is None:
            continue
        done = verified.get(colour)
        out.append(
            ColourCount(
                colour,
                round(entry.links.value),
                None if entry.same_person.value is None else round(entry.same_person.value),
                None
                if entry.different_persons.value is None
                else round(entry.different_persons.value),
                None if done is None or done.verified.value is None else round(done.verified.value),
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
            text += (
                f" (95 % interval {100 * max(e.lower or 0, 0):.2f}–{100 * (e.upper or 0):.2f} %)"
            )
        return text
    if kind == "count":
        return f"{e.value:,.0f}"
    text = f"{e.value:,.1f}"
    if interval:
        text += f" (95 % interval {max(e.lower or 0, 0):,.1f}–{e.upper or 0:,.1f})"
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
    return WorkloadSeries(
        dates=tuple(d.isoformat() for d in series.dates),
        backlog=tuple(float(v) for v in series.backlog),
        created=tuple(float(v) for v in series.created),
        resolved=tuple(float(v) for v in series.resolved),
        summary=tuple(summary),
        period=_PERIODS.get(series.period, series.period),
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


def _notes(metrics: Metrics) -> tuple[str, ...]:
    prov = metrics.provenance
    return (
        SIMULATED_LABEL,
        f"Intervals: {prov.interval_method}.",
        f"Figures describe the world at its as-of date {prov.as_of.isoformat()}.",
    )


def model_from_metrics(metrics: Metrics, manifest: Manifest) -> ReportModel:
    """The report model of one analysed world (or of replicate worlds, first one first)."""
    citation = citation_of(metrics, manifest)
    headline = _headline(metrics)
    return ReportModel(
        title=f"interopsim report: {citation.scenario}",
        citation=citation,
        headline=headline,
        groups=_groups(metrics.groups),
        group_metric=GROUP_OUTCOME[1],
        scaling=_scaling(metrics),
        colours=_colours(metrics),
        workload=_workload(metrics.workload),
        reachability=_reachability(metrics.creep),
        assumptions=metrics.assumptions,
        notes=_notes(metrics),
        summary=headline_of(metrics, headline, citation),
        warnings=size_warnings(metrics),
        tables=tuple(t for t in (mechanism_table(metrics),) if t is not None),
    )


def load_model(path: Path | str) -> ReportModel:
    """Open the world at ``path`` and build the report model of its ``metrics.json``.

    Raises :class:`schemas.WorldError` when ``path`` is not a world or has no readable
    metrics.
    """
    world = open_world(path)
    return model_from_metrics(read_metrics(world.path / METRICS_FILE), world.manifest)

"""Build a :class:`ReportModel` from ``metrics.json`` and the world's manifest.

This module is the only part of the report that knows the key paths of ``metrics.json``
(documented by :mod:`analysis.metrics`). Sections the metrics lack become empty parts of
the model; the page then says that the run holds no such figures.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from analysis.metrics import METRICS_FILE, SCHEMA
from analysis.report.model import (
    Assumption,
    Citation,
    ColourCount,
    Estimate,
    GroupEstimate,
    HeadlineRow,
    Reachability,
    ReportModel,
    ScalingCurve,
    ScalingPoint,
    Workload,
)
from schemas.errors import WorldError
from schemas.world import World, open_world
from synth.scenario_load import preset_names

__all__ = [
    "FIGURE_GROUP_DIMS",
    "GROUP_OUTCOME",
    "estimate",
    "load_model",
    "model_from_metrics",
    "read_metrics",
]

#: The person outcome shown by group (a key of ``metrics.json`` ``groups.<dim>.<value>``).
GROUP_OUTCOME = ("wrongly_linked", "People wrongly linked to someone else")
#: Group dimensions drawn in the figure (nationality has too many values; it is tabled).
FIGURE_GROUP_DIMS = ("region", "sex", "age_band", "population_group")
_COLOURS = ("white", "yellow", "green", "red")
_REFERENCE_LABELS = {
    "sbms": "sBMS ≈ 400 M templates (domain.md §2.1 [19])",
    "cir": "CIR up to 300 M records (domain.md §2.1 [37])",
}


def _num(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return None
    xf = float(x)
    return xf if math.isfinite(xf) else None


def _int(x: Any) -> int | None:
    v = _num(x)
    return None if v is None else round(v)


def estimate(fig: Any) -> Estimate | None:
    """An :class:`Estimate` from a serialised figure (None when it has no value)."""
    if not isinstance(fig, Mapping):
        return None
    value = _num(fig.get("value"))
    if value is None:
        return None
    return Estimate(
        value=value,
        low=_num(fig.get("lower")),
        high=_num(fig.get("upper")),
        numerator=_int(fig.get("count")),
        denominator=_int(fig.get("n")),
    )


def _get(tree: Any, *path: str) -> Any:
    node = tree
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _kind(fig: Mapping[str, Any]) -> str:
    """How to print a figure: ``share`` (percent), ``count`` (integer) or ``number``."""
    unit = str(fig.get("unit", ""))
    if unit.startswith("share"):
        return "share"
    if fig.get("method") in ("count", "poisson") and unit in (
        "links",
        "persons",
        "pairs",
        "records",
        "searches",
        "templates",
        "comparisons",
    ):
        return "count"
    return "number"


_METHODS = {
    "wilson": "Wilson interval",
    "poisson": "Poisson interval",
    "wilson-bounds": "from Wilson bounds",
    "replicate-t": "mean over replicate worlds, Student-t interval",
    "extrapolation": "extrapolation",
    "count": "size of the simulated world",
}


def _note(fig: Mapping[str, Any]) -> str:
    parts = []
    unit = str(fig.get("unit", ""))
    if unit and not unit.startswith("share"):
        parts.append(unit)
    method = _METHODS.get(str(fig.get("method")), "")
    if fig.get("extrapolated"):
        formula = fig.get("formula")
        parts.append(f"EXTRAPOLATED with {formula}" if formula else "EXTRAPOLATED")
    elif method:
        parts.append(method)
    return "; ".join(parts)


def _headline(metrics: Mapping[str, Any]) -> tuple[HeadlineRow, ...]:
    rows: list[HeadlineRow] = []
    context = (
        ("persons", "Synthetic persons", ("persons", "persons")),
        ("records", "Records in all systems", ("persons", "records")),
        ("links_total", "MID links", ("pairs", "links_total")),
    )
    for key, label, path in context:
        fig = _get(metrics, *path)
        est = estimate(fig)
        if est is not None:
            rows.append(HeadlineRow(key, label, est, "count", str(fig.get("unit", ""))))
    headline = metrics.get("headline")
    if isinstance(headline, Mapping):
        for key, fig in headline.items():
            est = estimate(fig)
            if est is None or not isinstance(fig, Mapping):
                continue
            rows.append(
                HeadlineRow(str(key), str(fig.get("label", key)), est, _kind(fig), _note(fig))
            )
    return tuple(rows)


def _natural(text: str) -> tuple[int, str]:
    """Sort age bands by their first age ('6-11' before '12-13'), other labels by text."""
    m = re.match(r"(\d+)", text)
    return (int(m.group(1)), text) if m else (10**9, text)


def _groups(metrics: Mapping[str, Any]) -> tuple[GroupEstimate, ...]:
    groups = metrics.get("groups")
    if not isinstance(groups, Mapping):
        return ()
    out: list[GroupEstimate] = []
    dims = [d for d in FIGURE_GROUP_DIMS if d in groups] + [
        d for d in groups if d not in FIGURE_GROUP_DIMS
    ]
    for dim in dims:
        values = groups[dim]
        if not isinstance(values, Mapping):
            continue
        for value in sorted(values, key=_natural):
            est = estimate(_get(values[value], GROUP_OUTCOME[0], "rate"))
            if est is not None:
                out.append(GroupEstimate(str(dim), str(value), est, dim in FIGURE_GROUP_DIMS))
    return tuple(out)


def _scaling(metrics: Mapping[str, Any]) -> ScalingCurve | None:
    bio = _get(metrics, "scaling", "biometric")
    if not isinstance(bio, Mapping):
        return None
    points: list[ScalingPoint] = []
    for p in bio.get("points") or ():
        est, size = estimate(_get(p, "fpir")), _num(_get(p, "gallery_size"))
        if est is not None and size is not None and size > 0:
            points.append(ScalingPoint(size, est, False))
    for p in bio.get("extrapolation") or ():
        est, size = estimate(_get(p, "fpir")), _num(_get(p, "gallery_size"))
        if est is not None and size is not None and size > 0:
            points.append(ScalingPoint(size, est, True))
    refs = []
    at = bio.get("at_reference_sizes")
    if isinstance(at, Mapping):
        for label, entry in at.items():
            size = _num(_get(entry, "gallery_size"))
            if size is not None:
                refs.append((_REFERENCE_LABELS.get(str(label), str(label)), size))
    if not points:
        return None
    formula = str(bio.get("formula") or "")
    return ScalingCurve(
        metric="share of searches with a false biometric candidate (FPIR)",
        points=tuple(points),
        formula=re.sub(r"\s*\([^()]*domain\.md[^()]*\)$", "", formula),
        reference_sizes=tuple(refs),
    )


def _colours(metrics: Mapping[str, Any]) -> tuple[ColourCount, ...]:
    by_colour = _get(metrics, "pairs", "links_by_colour")
    if not isinstance(by_colour, Mapping):
        return ()
    out = []
    for colour in _COLOURS:
        entry = by_colour.get(colour)
        total = _int(_get(entry, "links", "value"))
        if total is None:
            continue
        out.append(
            ColourCount(
                colour,
                total,
                _int(_get(entry, "same_person", "value")),
                _int(_get(entry, "different_persons", "value")),
            )
        )
    return tuple(out)


def _fmt_summary(fig: Any, kind: str) -> str | None:
    est = estimate(fig)
    if est is None:
        return None
    if kind == "share":
        text = f"{100 * est.value:.2f} %"
        if est.has_interval and est.low is not None and est.high is not None:
            text += f" (95 % CI {100 * est.low:.2f} – {100 * est.high:.2f} %)"
        return text
    if kind == "count":
        return f"{est.value:,.0f}"
    text = f"{est.value:,.1f}"
    if est.has_interval and est.low is not None and est.high is not None:
        text += f" (95 % CI {est.low:,.1f} – {est.high:,.1f})"
    return text


def _workload(metrics: Mapping[str, Any]) -> Workload | None:
    work = metrics.get("workload")
    if not isinstance(work, Mapping):
        return None
    series = work.get("backlog")
    if not isinstance(series, Mapping) or not series.get("dates"):
        return None
    summary: list[tuple[str, str]] = []
    for label, key, kind in (
        ("Links that needed manual verification", "yellow_links", "count"),
        ("Still pending at the as-of date", "pending", "count"),
        ("Manual verification hours", "verification_hours", "number"),
        ("Minutes per verification (parameter)", "verification_minutes", "number"),
        ("Share of verified links resolved wrongly", "share_resolved_wrongly", "share"),
        ("Mean days from link to verification", "days_to_verify_mean", "number"),
    ):
        text = _fmt_summary(work.get(key), kind)
        if text is not None:
            summary.append((label, text))
    period = str(series.get("period", ""))
    if period:
        summary.append(("Period of the series", period))

    def floats(name: str) -> tuple[float, ...]:
        return tuple(float(_num(v) or 0.0) for v in series.get(name) or ())

    return Workload(
        dates=tuple(str(d) for d in series["dates"]),
        backlog=floats("backlog"),
        created=floats("created"),
        resolved=floats("resolved"),
        summary=tuple(summary),
    )


def _reachability(metrics: Mapping[str, Any]) -> Reachability | None:
    creep = metrics.get("creep")
    if not isinstance(creep, Mapping):
        return None
    authorities = creep.get("authorities")
    families = list((creep.get("stored_records") or {}).keys())
    if not isinstance(authorities, Mapping) or not families:
        return None
    labels: list[str] = []
    rows: dict[str, list[list[float | None]]] = {"siloed": [], "interoperable": []}
    for auth_key, purposes in authorities.items():
        if not isinstance(purposes, Mapping):
            continue
        multi = len(purposes) > 1
        for purpose_key, entry in purposes.items():
            label = str(auth_key).replace("_", " ")
            labels.append(f"{label} ({purpose_key.replace('_', ' ')})" if multi else label)
            for regime in rows:
                by_family = _get(entry, "regimes", regime, "data", "by_collected_for") or {}
                rows[regime].append(
                    [_num(_get(by_family, f, "share_of_records", "value")) for f in families]
                )
    if not labels:
        return None
    return Reachability(
        authorities=tuple(labels),
        purposes=tuple(f.replace("_", " ") for f in families),
        siloed=tuple(tuple(r) for r in rows["siloed"]),
        interoperable=tuple(tuple(r) for r in rows["interoperable"]),
        measure="share of stored records whose data are reachable",
    )


def _value_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


_GROUP_NAMES = {"analysis": "Analysis", "scenario": "Scenario", "link": "Linkage"}


def _used_in(key: str) -> str:
    """The group an assumption is listed under: ``Scenario: population``, ``Analysis``."""
    parts = key.split(".")
    head = _GROUP_NAMES.get(parts[0], parts[0].replace("_", " ").capitalize())
    if parts[0] == "analysis" or len(parts) < 3:
        return head
    return f"{head}: {parts[1].replace('_', ' ')}"


def _assumptions(metrics: Mapping[str, Any]) -> tuple[Assumption, ...]:
    rows = metrics.get("assumptions")
    if not isinstance(rows, list):
        return ()
    out = []
    for row in rows:
        if not isinstance(row, Mapping) or "key" not in row:
            continue
        key = str(row["key"])
        out.append(
            Assumption(
                name=key,
                value=_value_text(row.get("value")),
                source=str(row.get("source", "")),
                used_in=_used_in(key),
            )
        )
    return tuple(out)


def _scenario_name(manifest: Mapping[str, Any]) -> str:
    scenario = manifest.get("scenario")
    if isinstance(scenario, Mapping) and scenario.get("name"):
        return str(scenario["name"])
    return "unnamed scenario"


def _mode(manifest: Mapping[str, Any]) -> str:
    mode = _get(manifest, "stages", "link", "parameters", "mode")
    return str(mode) if mode else "unknown"


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


def model_from_metrics(
    metrics: Mapping[str, Any], manifest: Mapping[str, Any], world_path: str = ""
) -> ReportModel:
    """The report model of one analysed world."""
    prov = metrics.get("provenance") if isinstance(metrics.get("provenance"), Mapping) else {}
    assert isinstance(prov, Mapping)
    seed = _int(prov.get("seed"))
    if seed is None:
        seed = _int(manifest.get("seed")) or 0
    name = _scenario_name(manifest)
    mode = _mode(manifest)
    persons = _int(_get(metrics, "persons", "persons", "value"))
    if persons is None:
        persons = _int(_get(manifest, "tables", "persons", "rows"))
    digest = str(prov.get("scenario_hash") or "unknown")
    citation = Citation(
        seed=seed,
        scenario=name,
        scenario_hash=digest,
        version=str(prov.get("interopsim_version") or "unknown"),
        mode=mode,
        persons=persons,
        created_at=str(prov.get("world_created_at") or manifest.get("created_at") or ""),
        command=_command(name, digest, seed, mode, persons),
    )
    notes = []
    if isinstance(metrics.get("label"), str):
        notes.append(str(metrics["label"]))
    if prov.get("interval_method"):
        notes.append(f"Intervals: {prov['interval_method']}.")
    if prov.get("as_of"):
        notes.append(f"Figures describe the world at its as-of date {prov['as_of']}.")
    return ReportModel(
        title=f"interopsim report: {name}",
        citation=citation,
        headline=_headline(metrics),
        groups=_groups(metrics),
        group_metric=GROUP_OUTCOME[1],
        scaling=_scaling(metrics),
        colours=_colours(metrics),
        workload=_workload(metrics),
        reachability=_reachability(metrics),
        assumptions=_assumptions(metrics),
        notes=tuple(notes),
    )


def read_metrics(world: World) -> dict[str, Any]:
    """The parsed ``metrics.json`` of ``world``; WorldError when missing or not metrics."""
    path = world.path / METRICS_FILE
    if not path.is_file():
        raise WorldError(
            f"{world.path} has no {METRICS_FILE}; run `interopsim analyse {world.path}` first"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WorldError(f"{path} is corrupt: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise WorldError(f"{path} is not an interopsim metrics file (schema is not {SCHEMA!r})")
    return data


def load_model(path: Path | str) -> ReportModel:
    """Open the world at ``path`` and build the report model of its ``metrics.json``."""
    world = open_world(path)
    return model_from_metrics(
        read_metrics(world), world.manifest.model_dump(mode="json"), str(world.path)
    )

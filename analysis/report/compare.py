"""Headline figures of two runs side by side (e.g. siloed versus shared matching).

Both runs' figures are the analysis' own :class:`~analysis.estimate.Estimate` objects,
read from their typed metrics; the JSON form uses the estimate's own keys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import JsonValue

from analysis.estimate import Estimate
from analysis.report.extract import load_model
from analysis.report.formatting import format_value
from analysis.report.model import ReportModel
from schemas.config import suggest
from schemas.errors import ConfigError

__all__ = [
    "Comparison",
    "ComparisonRow",
    "compare_by_group",
    "compare_models",
    "compare_runs",
    "group_dimensions",
]


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One headline figure in both runs."""

    key: str
    label: str
    kind: str  # how to print the values (see HeadlineRow.kind)
    a: Estimate | None
    b: Estimate | None

    def _values(self) -> tuple[float, float] | None:
        if self.a is None or self.b is None or self.a.value is None or self.b.value is None:
            return None
        return self.a.value, self.b.value

    @property
    def difference(self) -> float | None:
        """``b - a`` (None when either run lacks the figure)."""
        values = self._values()
        return None if values is None else values[1] - values[0]

    @property
    def ratio(self) -> float | None:
        """``b / a`` (None when either is missing, ``a`` is zero or the ratio overflows)."""
        values = self._values()
        if values is None or values[0] == 0:
            return None
        ratio = values[1] / values[0]
        return ratio if math.isfinite(ratio) else None

    @property
    def intervals_overlap(self) -> bool | None:
        """Whether the two 95 % intervals overlap (None without both intervals).

        Non-overlapping intervals mean a clear difference; overlapping ones do not prove
        the absence of one.
        """
        if self.a is None or self.b is None:
            return None
        a_lo, a_hi, b_lo, b_hi = self.a.lower, self.a.upper, self.b.lower, self.b.upper
        if a_lo is None or a_hi is None or b_lo is None or b_hi is None:
            return None
        if not (self.a.has_interval and self.b.has_interval):
            return None
        return a_lo <= b_hi and b_lo <= a_hi


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two runs' headline figures."""

    a: ReportModel
    b: ReportModel
    path_a: str
    path_b: str
    rows: tuple[ComparisonRow, ...]
    by: str | None = None
    """The group dimension of :attr:`groups` (None: headline figures only)."""
    groups: tuple[ComparisonRow, ...] = ()
    """One row per group of :attr:`by`: the rate of the report's group outcome in A and B."""

    @property
    def same_population(self) -> bool:
        """True when both runs share seed and scenario (only linkage settings differ)."""
        ca, cb = self.a.citation, self.b.citation
        return ca.seed == cb.seed and ca.scenario_hash == cb.scenario_hash

    def to_json(self) -> dict[str, JsonValue]:
        """A JSON-ready view (numbers unformatted; estimates with their own keys)."""
        out: dict[str, JsonValue] = {
            "simulated": True,
            "runs": {
                "a": _run_dict(self.a, self.path_a),
                "b": _run_dict(self.b, self.path_b),
            },
            "same_population": self.same_population,
            "figures": [_row_json(r) for r in self.rows],
        }
        if self.by is not None:
            out["by"] = self.by
            out["outcome"] = self.a.group_metric
            out["groups"] = [_row_json(r) for r in self.groups]
        return out

    def to_table(self, groups: bool = False) -> list[list[str]]:
        """Rows of formatted cells, the first row being the header (``groups``: by group)."""
        first = f"group ({self.by})" if groups else "figure"
        header = [first, f"A ({self.a.citation.mode})", f"B ({self.b.citation.mode})", "B - A"]
        body = []
        for r in self.groups if groups else self.rows:
            diff = r.difference
            body.append(
                [
                    r.label,
                    _fmt(r.a, r.kind),
                    _fmt(r.b, r.kind),
                    "–" if diff is None else _signed(diff, r.kind),
                ]
            )
        return [header, *body]


def _fmt(est: Estimate | None, kind: str) -> str:
    if est is None:
        return "–"
    text = format_value(est.value, kind)
    if est.has_interval:
        text += f" [{format_value(est.lower, kind)}, {format_value(est.upper, kind)}]"
    return text


def _signed(value: float, unit: str) -> str:
    text = format_value(abs(value), unit)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"-{text}"
    return text


def _row_json(r: ComparisonRow) -> dict[str, JsonValue]:
    return {
        "key": r.key,
        "label": r.label,
        "kind": r.kind,
        "a": None if r.a is None else r.a.to_json(),
        "b": None if r.b is None else r.b.to_json(),
        "difference": _clean(r.difference),
        "ratio": _clean(r.ratio),
        "intervals_overlap": r.intervals_overlap,
    }


def _clean(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _run_dict(model: ReportModel, path: str) -> dict[str, JsonValue]:
    c = model.citation
    return {
        "path": path,
        "seed": c.seed,
        "scenario": c.scenario,
        "scenario_hash": c.scenario_hash,
        "mode": c.mode,
        "persons": c.persons,
        "interopsim_version": c.version,
    }


def compare_models(
    a: ReportModel, b: ReportModel, path_a: str = "A", path_b: str = "B"
) -> Comparison:
    """Pair the headline figures of two report models by key (order of ``a``, then new in ``b``)."""
    rows_a = {r.key: r for r in a.headline}
    rows_b = {r.key: r for r in b.headline}
    keys = [r.key for r in a.headline] + [r.key for r in b.headline if r.key not in rows_a]
    rows = []
    for key in keys:
        ra, rb = rows_a.get(key), rows_b.get(key)
        ref = ra or rb
        assert ref is not None
        rows.append(
            ComparisonRow(
                key=key,
                label=ref.label,
                kind=ref.kind,
                a=ra.estimate if ra else None,
                b=rb.estimate if rb else None,
            )
        )
    return Comparison(a=a, b=b, path_a=path_a, path_b=path_b, rows=tuple(rows))


def group_dimensions(*models: ReportModel) -> list[str]:
    """The group dimensions of the models, in the order the first one lists them."""
    seen: dict[str, None] = {}
    for m in models:
        for g in m.groups:
            seen.setdefault(g.dimension, None)
    return list(seen)


def compare_by_group(comparison: Comparison, by: str) -> Comparison:
    """``comparison`` with the group outcome's rate in A and B for every group of ``by``.

    Raises :class:`ConfigError` naming the dimensions there are when ``by`` is none of them.
    """
    dims = group_dimensions(comparison.a, comparison.b)
    if by not in dims:
        raise ConfigError(
            f"no group dimension {by!r} in these runs{suggest(by, dims)} "
            f"(there are: {', '.join(dims)})"
        )
    rates_a = {g.group: g.estimate for g in comparison.a.groups if g.dimension == by}
    rates_b = {g.group: g.estimate for g in comparison.b.groups if g.dimension == by}
    names = list(rates_a) + [g for g in rates_b if g not in rates_a]
    rows = tuple(
        ComparisonRow(
            key=g,
            label=g.replace("_", " "),
            kind="share",
            a=rates_a.get(g),
            b=rates_b.get(g),
        )
        for g in names
    )
    return replace(comparison, by=by, groups=rows)


def compare_runs(dir_a: Path | str, dir_b: Path | str, by: str | None = None) -> Comparison:
    """Compare two analysed worlds (each needs ``report/metrics.json``); ``by`` adds the
    group-level differences along one group dimension (``region``, ``sex``, ...).

    Raises :class:`schemas.WorldError` when either is not an analysed world, and
    :class:`ConfigError` for an unknown dimension.
    """
    comparison = compare_models(load_model(dir_a), load_model(dir_b), str(dir_a), str(dir_b))
    return comparison if by is None else compare_by_group(comparison, by)

"""Person outcomes by group, with Wilson intervals and disparity ratios.

For each group dimension (nationality, region, sex, age band at the as-of date,
population group = registration category) and each value of it, every outcome of
:data:`analysis.errors.PERSON_OUTCOMES` gets:

- ``rate``: share of the group's persons with the outcome (Wilson interval);
- ``disparity``: the group's rate divided by the overall rate (1 = no disparity); the
  interval divides the group's Wilson bounds by the overall rate (method
  ``wilson/overall``, the overall rate is treated as known);
- ``per_million_records`` and ``per_million_searches``: persons with the outcome per
  million records (searches) of the group's persons (Poisson interval).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from analysis._tree import Node, omit_if_none
from analysis.errors import PERSON_OUTCOMES
from analysis.estimate import Estimate, Method
from analysis.intervals import poisson_interval, wilson_interval
from analysis.truth import WorldData
from schemas.systems import SYSTEMS

__all__ = ["UNKNOWN_GROUP", "GroupFigures", "GroupOutcome", "Groups", "group_figures"]

UNKNOWN_GROUP = "unknown"
_DISPARITY_UNIT = "ratio to overall rate"

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True, kw_only=True)
class GroupOutcome(Node):
    """One outcome in one group: rate, disparity ratio and rates per million."""

    rate: Estimate
    disparity: Estimate
    per_million_records: Estimate
    per_million_searches: Estimate


@dataclass(frozen=True, kw_only=True)
class GroupFigures(Node):
    """The registered persons of one group and their outcomes.

    An outcome is None when the world cannot tell it (``merged`` without identity
    clusters).
    """

    persons: Estimate
    records: Estimate
    wrongly_linked: GroupOutcome | None = field(default=None, metadata=omit_if_none())
    false_red: GroupOutcome | None = field(default=None, metadata=omit_if_none())
    merged: GroupOutcome | None = field(default=None, metadata=omit_if_none())
    missed: GroupOutcome | None = field(default=None, metadata=omit_if_none())


#: ``groups[dimension][group]``: e.g. ``groups["sex"]["F"].wrongly_linked.disparity``.
Groups = Mapping[str, Mapping[str, GroupFigures]]


def _per_million(k: FloatArray, exposure: FloatArray, unit: str, level: float) -> list[Estimate]:
    lo, hi = poisson_interval(k, level)
    out = []
    for ki, ei, li, hj in zip(k.tolist(), exposure.tolist(), lo.tolist(), hi.tolist(), strict=True):
        if ei <= 0:
            out.append(Estimate(None, None, None, 0, Method.POISSON, unit, count=ki))
        else:
            s = 1e6 / ei
            out.append(Estimate(ki * s, li * s, hj * s, int(ei), Method.POISSON, unit, count=ki))
    return out


def _rate(k: float, n: float, lo: float, hi: float) -> Estimate:
    if n > 0:
        return Estimate(k / n, lo, hi, int(n), Method.WILSON, "share", count=k)
    return Estimate(None, None, None, 0, Method.WILSON, "share", count=k)


def _disparity(rate: Estimate, overall: float | None, n: float) -> Estimate:
    """The group's rate over the overall rate; the interval divides the group's Wilson
    bounds by the overall rate (treated as known)."""
    if overall and rate.value is not None:
        return Estimate(
            rate.value / overall,
            (rate.lower or 0.0) / overall,
            (rate.upper or 0.0) / overall,
            int(n),
            Method.WILSON_OVERALL,
            _DISPARITY_UNIT,
        )
    return Estimate(None, None, None, int(n), Method.WILSON_OVERALL, _DISPARITY_UNIT)


def _registered_with_groups(
    data: WorldData, outcomes: pl.DataFrame, dims: tuple[str, ...]
) -> pl.DataFrame:
    """Registered persons with their outcomes, group labels and MID searches."""
    triggers = [s.key.value for s in SYSTEMS if s.mid_trigger]
    search_counts = (
        data.records.filter(pl.col("system").is_in(triggers))
        .group_by("person_id")
        .agg(pl.len().alias("n_searches"))
    )
    return (
        outcomes.filter(pl.col("registered"))
        .join(data.persons.select("person_id", *dims), on="person_id", how="left")
        .join(search_counts, on="person_id", how="left")
        .with_columns(
            pl.col("n_searches").fill_null(0),
            *(pl.col(d).cast(pl.String).fill_null(UNKNOWN_GROUP) for d in dims),
        )
    )


def _denominator(outcome: str) -> str:
    column = PERSON_OUTCOMES[outcome]
    return "persons" if column == "registered" else column


def _dimension(
    g: pl.DataFrame, dim: str, names: list[str], overall: dict[str, float | None], level: float
) -> dict[str, GroupFigures]:
    """Every group of one dimension (``g``: one aggregated row per group)."""
    keys = g[dim].to_list()
    records = g["records"].to_numpy().astype(np.float64)
    n_search = g["searches"].to_numpy().astype(np.float64)
    by_outcome: dict[str, list[GroupOutcome]] = {}
    for o in names:
        k = g[f"k_{o}"].to_numpy().astype(np.float64)
        n = g[_denominator(o)].to_numpy().astype(np.float64)
        lo, hi = wilson_interval(k, n, level)
        pm_r = _per_million(k, records, "persons per million records", level)
        pm_s = _per_million(k, n_search, "persons per million searches", level)
        rates = [_rate(k[i], n[i], lo[i], hi[i]) for i in range(len(keys))]
        by_outcome[o] = [
            GroupOutcome(
                rate=rates[i],
                disparity=_disparity(rates[i], overall[o], n[i]),
                per_million_records=pm_r[i],
                per_million_searches=pm_s[i],
            )
            for i in range(len(keys))
        ]
    persons = g["persons"].to_numpy()
    return {
        key: GroupFigures(
            persons=Estimate.size(float(persons[i]), "persons"),
            records=Estimate.size(float(records[i]), "records"),
            **{o: by_outcome[o][i] for o in names},
        )
        for i, key in enumerate(keys)
    }


def group_figures(
    data: WorldData,
    outcomes: pl.DataFrame,
    dims: tuple[str, ...],
    level: float = 0.95,
) -> Groups:
    """Outcome rates and disparity ratios for every value of every group dimension."""
    names = [o for o in PERSON_OUTCOMES if outcomes[o].null_count() != outcomes.height]
    df = _registered_with_groups(data, outcomes, dims)
    aggs = [
        pl.len().alias("persons"),
        pl.col("has_true_pair").sum().alias("has_true_pair"),
        pl.col("n_records").sum().alias("records"),
        pl.col("n_searches").sum().alias("searches"),
        *(pl.col(o).sum().alias(f"k_{o}") for o in names),
    ]
    total = df.select(aggs).row(0, named=True)
    overall = {
        o: total[f"k_{o}"] / total[_denominator(o)] if total[_denominator(o)] else None
        for o in names
    }
    return {
        dim: _dimension(df.group_by(dim).agg(aggs).sort(dim), dim, names, overall, level)
        for dim in dims
    }

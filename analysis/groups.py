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

from typing import Any

import numpy as np
import polars as pl

from analysis.errors import PERSON_OUTCOMES
from analysis.figures import Figure, size_figure
from analysis.intervals import poisson_interval, wilson_interval
from analysis.truth import WorldData
from schemas.systems import SYSTEMS

__all__ = ["UNKNOWN_GROUP", "group_metrics"]

UNKNOWN_GROUP = "unknown"


def _per_million(
    k: np.ndarray[Any, Any], exposure: np.ndarray[Any, Any], unit: str, level: float
) -> list[Figure]:
    lo, hi = poisson_interval(k, level)
    out = []
    for ki, ei, li, hj in zip(k.tolist(), exposure.tolist(), lo.tolist(), hi.tolist(), strict=True):
        if ei <= 0:
            out.append(Figure(None, None, None, 0, "poisson", unit, count=ki))
        else:
            s = 1e6 / ei
            out.append(Figure(ki * s, li * s, hj * s, int(ei), "poisson", unit, count=ki))
    return out


def group_metrics(
    data: WorldData,
    outcomes: pl.DataFrame,
    dims: tuple[str, ...],
    level: float = 0.95,
) -> dict[str, Any]:
    """Outcome rates and disparity ratios for every value of every group dimension."""
    triggers = [s.key.value for s in SYSTEMS if s.mid_trigger]
    search_counts = (
        data.records.filter(pl.col("system").is_in(triggers))
        .group_by("person_id")
        .agg(pl.len().alias("n_searches"))
    )
    names = [o for o in PERSON_OUTCOMES if outcomes[o].null_count() != outcomes.height]
    df = (
        outcomes.filter(pl.col("registered"))
        .join(data.persons.select("person_id", *dims), on="person_id", how="left")
        .join(search_counts, on="person_id", how="left")
        .with_columns(
            pl.col("n_searches").fill_null(0),
            *(pl.col(d).cast(pl.String).fill_null(UNKNOWN_GROUP) for d in dims),
        )
    )
    aggs = [
        pl.len().alias("persons"),
        pl.col("has_true_pair").sum().alias("has_true_pair"),
        pl.col("n_records").sum().alias("records"),
        pl.col("n_searches").sum().alias("searches"),
        *(pl.col(o).sum().alias(f"k_{o}") for o in names),
    ]
    total = df.select(aggs).row(0, named=True)

    def denom(o: str) -> str:
        return "persons" if PERSON_OUTCOMES[o] == "registered" else PERSON_OUTCOMES[o]

    overall = {o: total[f"k_{o}"] / total[denom(o)] if total[denom(o)] else None for o in names}
    out: dict[str, Any] = {}
    for dim in dims:
        g = df.group_by(dim).agg(aggs).sort(dim)
        entry: dict[str, Any] = {}
        keys = g[dim].to_list()
        for key in keys:
            entry[key] = {}
        persons = g["persons"].to_numpy()
        records = g["records"].to_numpy().astype(np.float64)
        n_search = g["searches"].to_numpy().astype(np.float64)
        for i, key in enumerate(keys):
            entry[key]["persons"] = size_figure(float(persons[i]), "persons").to_json()
            entry[key]["records"] = size_figure(float(records[i]), "records").to_json()
        for o in names:
            k = g[f"k_{o}"].to_numpy().astype(np.float64)
            n = g[denom(o)].to_numpy().astype(np.float64)
            lo, hi = wilson_interval(k, n, level)
            pm_r = _per_million(k, records, "persons per million records", level)
            pm_s = _per_million(k, n_search, "persons per million searches", level)
            base = overall[o]
            for i, key in enumerate(keys):
                if n[i] > 0:
                    rate = Figure(
                        k[i] / n[i], lo[i], hi[i], int(n[i]), "wilson", "share", count=k[i]
                    )
                else:
                    rate = Figure(None, None, None, 0, "wilson", "share", count=k[i])
                if base and rate.value is not None:
                    disp = Figure(
                        rate.value / base,
                        (rate.lower or 0.0) / base,
                        (rate.upper or 0.0) / base,
                        int(n[i]),
                        "wilson/overall",
                        "ratio to overall rate",
                    )
                else:
                    disp = Figure(
                        None, None, None, int(n[i]), "wilson/overall", "ratio to overall rate"
                    )
                entry[key][o] = {
                    "rate": rate.to_json(),
                    "disparity": disp.to_json(),
                    "per_million_records": pm_r[i].to_json(),
                    "per_million_searches": pm_s[i].to_json(),
                }
        out[dim] = entry
    return out

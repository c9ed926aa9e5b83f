"""Biometric false matches at real gallery sizes from the linkage's score model.

The world's own false biometric links estimate the matcher's FMR (:mod:`analysis.scaling`),
but a matcher tuned for the sBMS (FMR ~ 2.5e-12, domain.md §3.6) makes almost no false
match in a simulated world of a million records, so that estimate says little about
400 million templates. This module asks the score model itself, through the biometric
engineer's virtual-gallery functions (:func:`linkage.biometric.expected_by_cell` and
:func:`linkage.biometric.search_virtual`):

- the **virtual gallery** at size ``N`` has the demographic composition (phenotype cells:
  sex | age band | region) of the world's stored biometric records, scaled to ``N``;
- the **probes** are the world's stored biometric records (a random sample of at most
  ``virtual_probes`` for the simulated searches), all treated as non-mated searches with
  fingerprints and face;
- ``curve``: the expected share of searches with a false match (FPIR) and false matches
  per search, exactly, per phenotype cell (demographic differentials included);
- ``virtual_points``: the same searches simulated (binomial draws, no template stored),
  with Wilson intervals over the probes;
- ``by_group_at_sbms``: the expected FPIR at the sBMS size by the probe's sex, age band and
  region (the demographic differentials of domain.md §3.4).

Sizes above the world's gallery are extrapolations of the score model and labelled so.
The score-model parameters are those of the link stage when it recorded them, else the
linkage defaults (see ``assumptions``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import polars as pl

from analysis.figures import Figure, point_figure, rate_figure, size_figure
from analysis.truth import WorldData
from linkage.biometric import BiometricConfig, expected_by_cell, search_virtual
from schemas.errors import ConfigError
from schemas.rng import stream
from schemas.world import World

__all__ = ["CELL_PARTS", "biometric_model_scaling", "record_cells"]

#: The parts of a phenotype cell key, in order (``'F|18-34|west_africa'``).
CELL_PARTS = ("sex", "age_band", "region")
_MAX_CANDIDATES = 5_000_000


def record_cells(world: World, data: WorldData) -> pl.Series:
    """The phenotype cell of every stored record with a usable biometric capture."""
    if not world.has_table("captures"):
        return pl.Series("phenotype_cell", [], dtype=pl.String)
    caps = (
        world.scan("captures")
        .filter(~pl.col("failed").fill_null(True))
        .select("record_id", "phenotype_cell")
        .collect()
        .sort("record_id", "phenotype_cell")
        .unique("record_id", keep="first")
    )
    stored = data.records.filter(pl.col("stored") & pl.col("has_bio")).select("record_id")
    return stored.join(caps, on="record_id").sort("record_id")["phenotype_cell"].drop_nulls()


def _gallery(shares: Mapping[str, float], n: float) -> dict[str, int]:
    return {cell: round(share * n) for cell, share in shares.items()}


def _label(n: float, world_n: float, references: Mapping[str, float]) -> str:
    for name, size in references.items():
        if size == n:
            return name
    return "world" if n == world_n else f"{n:.0e}".replace("+0", "").replace("+", "")


def _empty(note: str) -> dict[str, Any]:
    return {
        "source": note,
        "config_fmr": point_figure(None, "false matches per comparison", "parameter").to_json(),
        "probes": size_figure(0, "searches").to_json(),
        "curve": [],
        "virtual_points": [],
        "at_reference_sizes": {},
        "by_group_at_sbms": {},
    }


def biometric_model_scaling(
    world: World,
    data: WorldData,
    config: BiometricConfig,
    references: Mapping[str, float],
    seed: int,
    virtual_probes: int,
    level: float = 0.95,
) -> dict[str, Any]:
    """Expected and virtually simulated FPIR of the score model at growing gallery sizes."""
    cells = record_cells(world, data)
    source = (
        "linkage score model (linkage.biometric expected_by_cell / search_virtual) on a "
        "virtual gallery with the world's demographic composition"
    )
    if cells.len() == 0:
        return _empty("no stored biometric captures in the world")
    counts = cells.value_counts(sort=True, name="n").sort("phenotype_cell")
    probe_counts = dict(zip(counts["phenotype_cell"].to_list(), counts["n"].to_list(), strict=True))
    total = float(cells.len())
    shares = {c: n / total for c, n in probe_counts.items()}
    sizes = [total]
    k = int(np.floor(np.log10(total))) + 1
    top = max(references.values())
    while 10.0**k < top:
        sizes.append(10.0**k)
        k += 1
    sizes += sorted(references.values())
    sizes = sorted(set(sizes))

    def curve_point(n: float) -> dict[str, Any]:
        ebc = expected_by_cell(probe_counts, _gallery(shares, n), config)
        w = ebc["probes"].to_numpy().astype(np.float64)
        fpir = float(w @ ebc["fpir_expected"].to_numpy() / w.sum())
        hits = float(w @ ebc["false_hits_expected"].to_numpy() / w.sum())
        extrapolated = n > total
        method = "extrapolation" if extrapolated else "formula"
        note = "score model at a virtual gallery size" if extrapolated else None
        return {
            "label": _label(n, total, references),
            "gallery_size": n,
            "extrapolated": extrapolated,
            "fpir": Figure(
                fpir,
                None,
                None,
                None,
                method,
                "share of searches",
                extrapolated=extrapolated,
                formula="expected_by_cell",
                note=note,
            ).to_json(),
            "false_matches_per_search": Figure(
                hits,
                None,
                None,
                None,
                method,
                "false matches per search",
                extrapolated=extrapolated,
                formula="expected_by_cell",
                note=note,
            ).to_json(),
        }

    curve = [curve_point(n) for n in sizes]
    rng = stream(seed, "analysis.biomodel.probes")
    take = min(virtual_probes, cells.len())
    sample = cells.gather(np.sort(rng.choice(cells.len(), size=take, replace=False)))
    virtual: list[dict[str, Any]] = []
    for i, n in enumerate(sizes):
        try:
            res = search_virtual(
                sample, _gallery(shares, n), config, seed + i, max_hits=_MAX_CANDIDATES
            )
        except ConfigError:
            continue  # too many candidates to draw at this size; the curve still holds
        hit = int((res.hits_per_probe > 0).sum())
        fig = rate_figure(hit, res.probes, level, unit="share of searches")
        virtual.append(
            {
                "gallery_size": n,
                "searches": res.probes,
                "extrapolated": n > total,
                "fpir": Figure(
                    fig.value,
                    fig.lower,
                    fig.upper,
                    fig.n,
                    "wilson",
                    "share of searches",
                    count=hit,
                    extrapolated=n > total,
                    note="simulated on a virtual gallery (score model)",
                ).to_json(),
                "fpir_expected": point_figure(
                    res.fpir_expected, "share of searches", "formula"
                ).to_json(),
                "false_matches": size_figure(res.false_hits, "false matches").to_json(),
            }
        )
    at = {name: next(p for p in curve if p["gallery_size"] == n) for name, n in references.items()}
    sbms = references.get("sbms", top)
    ebc = expected_by_cell(probe_counts, _gallery(shares, sbms), config)
    parts = ebc.with_columns(
        pl.col("probe_cell").str.split("|").list.to_struct(fields=list(CELL_PARTS)).alias("_p")
    ).unnest("_p")
    by_group: dict[str, Any] = {}
    for part in CELL_PARTS:
        g = (
            parts.group_by(part)
            .agg(
                (pl.col("fpir_expected") * pl.col("probes")).sum().alias("num"),
                pl.col("probes").sum().alias("probes"),
            )
            .sort(part)
        )
        by_group[part] = {
            str(row[part]): Figure(
                row["num"] / row["probes"] if row["probes"] else None,
                None,
                None,
                int(row["probes"]),
                "extrapolation",
                "share of searches",
                extrapolated=True,
                formula="expected_by_cell",
            ).to_json()
            for row in g.iter_rows(named=True)
        }
    return {
        "source": source,
        "config_fmr": point_figure(
            config.fmr, "false matches per comparison", "parameter"
        ).to_json(),
        "probes": size_figure(total, "searches").to_json(),
        "curve": curve,
        "virtual_points": virtual,
        "at_reference_sizes": at,
        "by_group_at_sbms": by_group,
    }

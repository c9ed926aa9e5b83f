"""Biometric false matches at real gallery sizes from the linkage's score model.

The world's own false biometric links estimate the matcher's FMR (:mod:`analysis.scaling`),
but a matcher tuned for the sBMS (FMR ~ 2.5e-12: the EES FPIR ceiling of 0.1 %
[@eu-2019-329] at 400 million templates under independence) makes almost no false match
in a simulated world of a million records, so that estimate says little about 400
million templates. This module asks the score model itself, through the biometric
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
  region (the demographic differentials measured by [@nistir-8280]).

Sizes above the world's gallery are extrapolations of the score model and labelled so.
The score-model parameters are those of the link stage when it recorded them, else the
linkage defaults (see ``assumptions``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from analysis._tree import Node
from analysis.estimate import Estimate, Method
from analysis.truth import WorldData
from linkage.biometric import BiometricConfig, expected_by_cell, search_virtual
from linkage.biometric.config import SBMS_FMR_PLAUSIBLE
from schemas.errors import ConfigError
from schemas.rng import stream
from schemas.world import World

__all__ = [
    "CELL_PARTS",
    "CurvePoint",
    "ScoreModelScaling",
    "VirtualPoint",
    "biometric_model_scaling",
    "record_cells",
]

#: The parts of a phenotype cell key, in order (``'F|18-34|west_africa'``).
CELL_PARTS = ("sex", "age_band", "region")
_MAX_CANDIDATES = 5_000_000
_FPIR_UNIT = "share of searches"
_SOURCE = (
    "linkage score model (linkage.biometric expected_by_cell / search_virtual) on a "
    "virtual gallery with the world's demographic composition"
)


@dataclass(frozen=True, kw_only=True)
class CurvePoint(Node):
    """FPIR and false matches per search at one gallery size (a formula, no draw)."""

    label: str
    gallery_size: float
    extrapolated: bool
    fpir: Estimate
    false_matches_per_search: Estimate


@dataclass(frozen=True, kw_only=True)
class VirtualPoint(Node):
    """Searches simulated on a virtual gallery of one size (binomial draws)."""

    gallery_size: float
    searches: float
    extrapolated: bool
    fpir: Estimate
    fpir_expected: Estimate
    false_matches: Estimate


@dataclass(frozen=True, kw_only=True)
class ScoreModelScaling(Node):
    """The score model's false matches on virtual galleries of growing size.

    ``by_group_at_sbms[part][group]``: expected FPIR at the sBMS size for probes of one
    sex, age band or region.
    """

    source: str
    config_fmr: Estimate
    probes: Estimate
    curve: tuple[CurvePoint, ...]
    virtual_points: tuple[VirtualPoint, ...]
    at_reference_sizes: Mapping[str, CurvePoint]
    by_group_at_sbms: Mapping[str, Mapping[str, Estimate]]


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


@dataclass(frozen=True)
class _Probes:
    """The world's stored biometric records as probes: counts and shares per cell."""

    cells: pl.Series
    counts: dict[str, int]
    shares: dict[str, float]

    @property
    def total(self) -> float:
        return float(self.cells.len())


def _probes(cells: pl.Series) -> _Probes:
    counts = cells.value_counts(sort=True, name="n").sort("phenotype_cell")
    probe_counts = dict(zip(counts["phenotype_cell"].to_list(), counts["n"].to_list(), strict=True))
    total = float(cells.len())
    return _Probes(cells, probe_counts, {c: n / total for c, n in probe_counts.items()})


def _sizes(total: float, references: Mapping[str, float]) -> list[float]:
    """The world's gallery, powers of ten up to the largest reference, and the references."""
    sizes = [total]
    k = int(np.floor(np.log10(total))) + 1
    top = max(references.values())
    while 10.0**k < top:
        sizes.append(10.0**k)
        k += 1
    sizes += sorted(references.values())
    return sorted(set(sizes))


def _expected(probes: _Probes, n: float, config: BiometricConfig) -> tuple[float, float]:
    """Expected FPIR and false matches per search at gallery size ``n`` (probe-weighted)."""
    ebc = expected_by_cell(probes.counts, _gallery(probes.shares, n), config)
    w = ebc["probes"].to_numpy().astype(np.float64)
    fpir = float(w @ ebc["fpir_expected"].to_numpy() / w.sum())
    hits = float(w @ ebc["false_hits_expected"].to_numpy() / w.sum())
    return fpir, hits


def _fmr_range_note(probes: _Probes, n: float, config: BiometricConfig) -> str:
    """The FPIR over the FMR's plausible range: an assumption band, not a sampling
    interval (the score model draws nothing, so it has none)."""
    low, high = (
        _expected(probes, n, config.model_copy(update={"fmr": fmr}))[0]
        for fmr in SBMS_FMR_PLAUSIBLE
    )
    return (
        f"no sampling interval; over the plausible range of link.biometric.fmr "
        f"({SBMS_FMR_PLAUSIBLE[0]:.1e} to {SBMS_FMR_PLAUSIBLE[1]:.1e}, an assumption) the "
        f"share of searches is {low:.2g} to {high:.2g}"
    )


def _curve_point(
    probes: _Probes, n: float, config: BiometricConfig, references: Mapping[str, float]
) -> CurvePoint:
    """Expected FPIR and false matches per search at gallery size ``n``, per cell."""
    fpir, hits = _expected(probes, n, config)
    extrapolated = n > probes.total
    method = Method.EXTRAPOLATION if extrapolated else Method.FORMULA
    note = "score model at a virtual gallery size" if extrapolated else None
    if n in references.values():
        note = f"{note or 'score model'}; {_fmr_range_note(probes, n, config)}"

    def estimate(value: float, unit: str) -> Estimate:
        return Estimate.point(
            value, unit, method, extrapolated=extrapolated, formula="expected_by_cell", note=note
        )

    return CurvePoint(
        label=_label(n, probes.total, references),
        gallery_size=n,
        extrapolated=extrapolated,
        fpir=estimate(fpir, _FPIR_UNIT),
        false_matches_per_search=estimate(hits, "false matches per search"),
    )


def _virtual_points(
    probes: _Probes,
    sizes: list[float],
    config: BiometricConfig,
    seed: int,
    virtual_probes: int,
    level: float,
) -> tuple[VirtualPoint, ...]:
    """The same searches simulated for a sample of probes (sizes too large are skipped)."""
    rng = stream(seed, "analysis.biomodel.probes")
    cells = probes.cells
    take = min(virtual_probes, cells.len())
    sample = cells.gather(np.sort(rng.choice(cells.len(), size=take, replace=False)))
    points: list[VirtualPoint] = []
    for i, n in enumerate(sizes):
        try:
            res = search_virtual(
                sample, _gallery(probes.shares, n), config, seed + i, max_hits=_MAX_CANDIDATES
            )
        except ConfigError:
            continue  # too many candidates to draw at this size; the curve still holds
        hit = int((res.hits_per_probe > 0).sum())
        points.append(
            VirtualPoint(
                gallery_size=n,
                searches=res.probes,
                extrapolated=n > probes.total,
                fpir=Estimate.rate(
                    hit,
                    res.probes,
                    level,
                    unit=_FPIR_UNIT,
                    extrapolated=n > probes.total,
                    note="simulated on a virtual gallery (score model)",
                ),
                fpir_expected=Estimate.point(res.fpir_expected, _FPIR_UNIT, Method.FORMULA),
                false_matches=Estimate.size(res.false_hits, "false matches"),
            )
        )
    return tuple(points)


def _by_group(
    probes: _Probes, size: float, config: BiometricConfig
) -> dict[str, dict[str, Estimate]]:
    """Expected FPIR at gallery ``size`` by the probe's sex, age band and region."""
    ebc = expected_by_cell(probes.counts, _gallery(probes.shares, size), config)
    parts = ebc.with_columns(
        pl.col("probe_cell").str.split("|").list.to_struct(fields=list(CELL_PARTS)).alias("_p")
    ).unnest("_p")
    out: dict[str, dict[str, Estimate]] = {}
    for part in CELL_PARTS:
        g = (
            parts.group_by(part)
            .agg(
                (pl.col("fpir_expected") * pl.col("probes")).sum().alias("num"),
                pl.col("probes").sum().alias("probes"),
            )
            .sort(part)
        )
        out[part] = {
            str(row[part]): Estimate(
                row["num"] / row["probes"] if row["probes"] else None,
                None,
                None,
                int(row["probes"]),
                Method.EXTRAPOLATION,
                _FPIR_UNIT,
                extrapolated=True,
                formula="expected_by_cell",
            )
            for row in g.iter_rows(named=True)
        }
    return out


def _empty(note: str) -> ScoreModelScaling:
    return ScoreModelScaling(
        source=note,
        config_fmr=Estimate.point(None, "false matches per comparison", Method.PARAMETER),
        probes=Estimate.size(0, "searches"),
        curve=(),
        virtual_points=(),
        at_reference_sizes={},
        by_group_at_sbms={},
    )


def biometric_model_scaling(
    world: World,
    data: WorldData,
    config: BiometricConfig,
    references: Mapping[str, float],
    seed: int,
    virtual_probes: int,
    level: float = 0.95,
) -> ScoreModelScaling:
    """Expected and virtually simulated FPIR of the score model at growing gallery sizes."""
    cells = record_cells(world, data)
    if cells.len() == 0:
        return _empty("no stored biometric captures in the world")
    probes = _probes(cells)
    sizes = _sizes(probes.total, references)
    curve = tuple(_curve_point(probes, n, config, references) for n in sizes)
    top = max(references.values())
    return ScoreModelScaling(
        source=_SOURCE,
        config_fmr=Estimate.point(config.fmr, "false matches per comparison", Method.PARAMETER),
        probes=Estimate.size(probes.total, "searches"),
        curve=curve,
        virtual_points=_virtual_points(probes, sizes, config, seed, virtual_probes, level),
        at_reference_sizes={
            name: next(p for p in curve if p.gallery_size == n) for name, n in references.items()
        },
        by_group_at_sbms=_by_group(probes, references.get("sbms", top), config),
    )

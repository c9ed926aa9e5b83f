"""Brute-force reference: every probe compared with every stored template, every score drawn.

For small worlds only (the work is quadratic). It shares the gallery, the search order and
the score laws with :func:`~linkage.biometric.search.search_world` but draws every impostor
score explicitly, so the two must agree in distribution; the tests check that they do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from linkage.biometric.config import BiometricConfig, SearchMode
from linkage.biometric.gallery import GalleryCounts, build_gallery
from linkage.biometric.pairs import log10_multiplier_matrices, score_pairs
from linkage.biometric.search import hits_frame
from schemas.errors import ConfigError
from schemas.rng import stream

__all__ = [
    "MAX_BRUTE_FORCE_PAIRS",
    "BruteForceResult",
    "BruteForceStats",
    "search_world_brute_force",
]

MAX_BRUTE_FORCE_PAIRS = 50_000_000
"""Refuse worlds needing more comparisons than this."""


@dataclass(frozen=True)
class BruteForceStats:
    """Figures of a brute-force search: every comparison drawn, hits and matches."""

    mode: SearchMode
    probes: int
    gallery: GalleryCounts
    comparisons: int
    hits: int
    matches: int


@dataclass(frozen=True)
class BruteForceResult:
    """Candidates of the brute-force search (same columns and order as the sampler's)."""

    hits: pl.DataFrame
    stats: BruteForceStats


def search_world_brute_force(
    records: pl.DataFrame,
    captures: pl.DataFrame,
    config: BiometricConfig,
    mode: SearchMode | str = SearchMode.SHARED,
    seed: int = 0,
) -> BruteForceResult:
    """The hits of :func:`search_world`, by drawing every comparison's score."""
    search_mode = SearchMode.parse(mode)
    gallery, counts = build_gallery(records, captures, search_mode)
    n = gallery.size
    if n * (n - 1) // 2 > MAX_BRUTE_FORCE_PAIRS:
        raise ConfigError(
            f"{n} entries need {n * (n - 1) // 2} comparisons; the brute force allows "
            f"{MAX_BRUTE_FORCE_PAIRS}"
        )
    multipliers = log10_multiplier_matrices(gallery, config)
    rng = stream(seed, "linkage.biometric.reference")
    frames = []
    comparisons = 0
    chunk = max(1, 2_000_000 // max(n, 1))
    for lo in range(0, n, chunk):
        probes = np.arange(lo, min(lo + chunk, n))
        p = np.repeat(probes, probes)  # probe i meets members 0..i-1
        m = np.arange(p.size) - np.repeat(np.cumsum(probes) - probes, probes)
        ok = (
            (gallery.partition[m] == gallery.partition[p])
            & gallery.in_gallery[m]
            & (gallery.del_day[m] > gallery.reg_day[p])
            & ((gallery.avail[m] & gallery.avail[p]) > 0)
        )
        p, m = p[ok], m[ok]
        comparisons += int(p.size)
        scores = score_pairs(gallery, p, m, config, seed, rng, multipliers)
        frames.append(hits_frame(gallery, p, m, scores.fingerprint, scores.face, config))
    hits = pl.concat(frames).sort(["searched_on", "record_id_a", "record_id_b"])
    score = hits["biometric_score"].to_numpy()
    stats = BruteForceStats(
        mode=search_mode,
        probes=n,
        gallery=counts,
        comparisons=comparisons,
        hits=hits.height,
        matches=int((score >= config.threshold).sum()),
    )
    return BruteForceResult(hits=hits, stats=stats)

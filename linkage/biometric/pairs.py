"""Comparisons of explicit pairs of gallery entries: genuine, look-alike or impostor scores.

A pair (probe entry, earlier gallery entry) is compared on every modality both hold. Per
modality the score law depends on what the two bodies are:

- same ``template_key``: the same body, a genuine score (capture conditions shift it);
- one's ``lookalike_key`` is the other's ``template_key``: a persistent look-alike score;
- otherwise an impostor score with the pair's demographic multiplier.

:func:`mated_pairs` lists the pairs the 1:N sampler must compare explicitly (a shared
template key or a look-alike relation in some modality); the brute-force reference scores
every pair with the same function.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from linkage.biometric.cells import log10_multipliers
from linkage.biometric.config import BiometricConfig
from linkage.biometric.gallery import Gallery
from linkage.biometric.scores import (
    FACE,
    FINGERPRINT,
    sample_genuine,
    sample_impostor,
    sample_lookalike,
)

__all__ = ["PairScores", "log10_multiplier_matrices", "mated_pairs", "score_pairs"]

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class PairScores:
    """Per-modality scores of explicit pairs (NaN = modality not compared) and tallies."""

    fingerprint: np.ndarray
    face: np.ndarray
    genuine: int
    lookalike: int
    impostor: int


def log10_multiplier_matrices(
    gallery: Gallery, config: BiometricConfig
) -> tuple[np.ndarray, np.ndarray]:
    """``log10`` FMR multipliers (cell x cell) for fingerprint and face."""
    cells = gallery.cells
    return (
        log10_multipliers(cells, cells, config.fingerprint.impostor),
        log10_multipliers(cells, cells, config.face.impostor),
    )


def mated_pairs(gallery: Gallery) -> tuple[np.ndarray, np.ndarray]:
    """(probe, member) entry pairs sharing a template or a look-alike relation.

    Only pairs a search can see: the member has a lower rank, the same partition and is
    still stored on the probe's registration day. Sorted by probe then member, unique.
    """
    idx = np.arange(gallery.size, dtype=np.int64)
    frames = []
    for bit in (FINGERPRINT, FACE):
        t = gallery.modality(bit)
        base = pl.DataFrame(
            {"idx": idx, "part": gallery.partition, "key": t.key, "lk": t.lookalike}
        )
        keys = base.filter(pl.Series(t.present)).select("idx", "part", "key")
        lks = base.filter(pl.Series(t.present & t.has_lookalike)).select("idx", "part", "lk")
        same = keys.join(keys, on=["part", "key"], suffix="_m")
        frames.append(same.select(pl.col("idx").alias("p"), pl.col("idx_m").alias("m")))
        look = lks.join(keys, left_on=["part", "lk"], right_on=["part", "key"], suffix="_m")
        look = look.select(pl.col("idx").alias("a"), pl.col("idx_m").alias("b"))
        # Both directions: the later of the two entries is the probe.
        frames.append(
            look.select(
                pl.max_horizontal("a", "b").alias("p"), pl.min_horizontal("a", "b").alias("m")
            )
        )
    pairs = pl.concat(frames).filter(pl.col("m") < pl.col("p")).unique().sort(["p", "m"])
    p = pairs["p"].to_numpy().astype(np.int64)
    m = pairs["m"].to_numpy().astype(np.int64)
    alive = gallery.in_gallery[m] & (gallery.del_day[m] > gallery.reg_day[p])
    return p[alive], m[alive]


def score_pairs(
    gallery: Gallery,
    probe: np.ndarray,
    member: np.ndarray,
    config: BiometricConfig,
    seed: int,
    rng: np.random.Generator,
    multipliers: tuple[np.ndarray, np.ndarray] | None = None,
) -> PairScores:
    """Draw the per-modality scores of the pairs ``(probe[i], member[i])``."""
    if multipliers is None:
        multipliers = log10_multiplier_matrices(gallery, config)
    n = len(probe)
    out: dict[int, np.ndarray] = {}
    tallies = [0, 0, 0]
    for bit, model, a_matrix in (
        (FINGERPRINT, config.fingerprint, multipliers[0]),
        (FACE, config.face, multipliers[1]),
    ):
        t = gallery.modality(bit)
        s = np.full(n, np.nan)
        both = t.present[probe] & t.present[member]
        tp, tm = probe[both], member[both]
        genuine = t.key[tp] == t.key[tm]
        lookalike_model = model.persistent_lookalike
        look = ~genuine & (
            (t.has_lookalike[tp] & (t.lookalike[tp] == t.key[tm]))
            | (t.has_lookalike[tm] & (t.lookalike[tm] == t.key[tp]))
        )
        if lookalike_model is None:  # no look-alike model: scored as any impostor pair
            look &= False
        imp = ~genuine & ~look
        scores = np.empty(len(tp))
        gp, gm = tp[genuine], tm[genuine]
        years = (t.captured_day[gp] - t.captured_day[gm]) / DAYS_PER_YEAR
        scores[genuine] = sample_genuine(
            model.genuine, t.quality[gp], t.quality[gm], years, t.age[gp], t.age[gm], rng
        )
        if lookalike_model is not None:
            lp, lm = tp[look], tm[look]
            scores[look] = sample_lookalike(lookalike_model, seed, bit, t.key[lp], t.key[lm], rng)
        ip, im = tp[imp], tm[imp]
        scores[imp] = sample_impostor(a_matrix[gallery.cell[ip], gallery.cell[im]], rng)
        s[both] = scores
        out[bit] = s
        tallies[0] += int(genuine.sum())
        tallies[1] += int(look.sum())
        tallies[2] += int(imp.sum())
    return PairScores(
        fingerprint=out[FINGERPRINT],
        face=out[FACE],
        genuine=tallies[0],
        lookalike=tallies[1],
        impostor=tallies[2],
    )

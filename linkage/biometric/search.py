"""Chronological 1:N search of every enrolment against the gallery of its day.

Each record holding a usable template is searched once, at its ``registered_on`` date, in
enrolment order (``registered_on``, then ``record_id``), against the records enrolled before
it and still stored that day: in ``shared`` mode one gallery for all systems (the sBMS), in
``siloed`` mode its own system's gallery only. Pairs sharing a template key or a look-alike
relation are compared explicitly (genuine / look-alike scores); every other comparison is
an impostor comparison whose hits come from the exact binomial sampler
(:mod:`linkage.biometric.sampler`). The sBMS returns every pair whose fused calibrated
score reaches the candidate threshold; ``biometric_match`` is its decision at the decision
threshold. Hits within one system are returned too (the MID applies its own scope rule).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from linkage.biometric.config import BiometricConfig, SearchMode
from linkage.biometric.gallery import Gallery, build_gallery
from linkage.biometric.pairs import log10_multiplier_matrices, mated_pairs, score_pairs
from linkage.biometric.sampler import sample_background
from linkage.biometric.scores import fuse
from schemas.errors import ConfigError
from schemas.progress import Progress
from schemas.rng import stream

__all__ = ["HITS_SCHEMA", "BiometricResult", "search_world"]

HITS_SCHEMA = pl.Schema(
    {
        "record_id_a": pl.String(),
        "record_id_b": pl.String(),
        "searched_on": pl.Date(),
        "fingerprint_score": pl.Float64(),
        "face_score": pl.Float64(),
        "biometric_score": pl.Float64(),
        "biometric_match": pl.Boolean(),
    }
)
"""Columns of :attr:`BiometricResult.hits`."""


@dataclass(frozen=True)
class BiometricResult:
    """Candidates returned by the simulated sBMS and figures about the run.

    ``hits``: one row per (probe record, earlier gallery record) candidate
    (:data:`HITS_SCHEMA`), sorted by searched_on, record_id_a, record_id_b.
    ``stats``: probes, gallery sizes, impostor hits drawn and expected, genuine and
    look-alike comparisons, thresholds and timings (seconds).
    """

    hits: pl.DataFrame
    stats: dict[str, Any] = field(default_factory=dict)


def _mode(mode: SearchMode | str) -> SearchMode:
    try:
        return SearchMode(mode)
    except ValueError:
        known = ", ".join(m.value for m in SearchMode)
        raise ConfigError(f"unknown search mode {mode!r}; known: {known}") from None


def hits_frame(
    gallery: Gallery,
    probe: np.ndarray,
    member: np.ndarray,
    s_fp: np.ndarray,
    s_face: np.ndarray,
    config: BiometricConfig,
) -> pl.DataFrame:
    """Build the hits frame of candidate pairs (those at or above the candidate threshold)."""
    score = fuse(s_fp, s_face, config.fusion)
    keep = score >= config.candidate_threshold
    probe, member = probe[keep], member[keep]
    frame = pl.DataFrame(
        {
            "record_id_a": gallery.record_id.gather(probe),
            "record_id_b": gallery.record_id.gather(member),
            "searched_on": pl.Series(gallery.reg_day[probe], dtype=pl.Int32).cast(pl.Date),
            "fingerprint_score": pl.Series(s_fp[keep], dtype=pl.Float64).fill_nan(None),
            "face_score": pl.Series(s_face[keep], dtype=pl.Float64).fill_nan(None),
            "biometric_score": pl.Series(score[keep], dtype=pl.Float64),
            "biometric_match": pl.Series(score[keep] >= config.threshold, dtype=pl.Boolean),
        },
        schema=HITS_SCHEMA,
    )
    return frame.sort(["searched_on", "record_id_a", "record_id_b"])


def search_world(
    records: pl.DataFrame,
    captures: pl.DataFrame,
    config: BiometricConfig,
    mode: SearchMode | str = SearchMode.SHARED,
    seed: int = 0,
    progress: Progress | None = None,
) -> BiometricResult:
    """Search every enrolment of a world against the gallery of its day.

    ``records``: ``identity_records`` (record_id, system, registered_on, deleted_on are
    read); ``captures``: the ``captures`` table. ``mode``: ``shared`` (sBMS) or ``siloed``.
    Same inputs and seed give the same result.
    """
    search_mode = _mode(mode)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    gallery, counts = build_gallery(records, captures, search_mode)
    multipliers = log10_multiplier_matrices(gallery, config)
    timings["gallery"] = time.perf_counter() - start

    mark = time.perf_counter()
    pair_p, pair_m = mated_pairs(gallery)
    explicit = score_pairs(
        gallery,
        pair_p,
        pair_m,
        config,
        seed,
        stream(seed, "linkage.biometric.explicit"),
        multipliers,
    )
    timings["explicit_pairs"] = time.perf_counter() - mark

    mark = time.perf_counter()
    background = sample_background(
        gallery,
        config,
        multipliers,
        pair_p,
        pair_m,
        stream(seed, "linkage.biometric.sampler"),
        progress,
    )
    timings["impostor_sampler"] = time.perf_counter() - mark

    mark = time.perf_counter()
    hits = pl.concat(
        [
            hits_frame(gallery, pair_p, pair_m, explicit.fingerprint, explicit.face, config),
            hits_frame(
                gallery,
                background.probe,
                background.member,
                background.fingerprint,
                background.face,
                config,
            ),
        ]
    ).sort(["searched_on", "record_id_a", "record_id_b"])
    timings["output"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - start
    explicit_score = fuse(explicit.fingerprint, explicit.face, config.fusion)
    background_score = fuse(background.fingerprint, background.face, config.fusion)
    stats: dict[str, Any] = {
        "mode": search_mode.value,
        "probes": gallery.size,
        **counts,
        "gallery_sizes": background.stats["gallery_sizes"],
        "fmr": config.fmr,
        "threshold": config.threshold,
        "candidate_threshold": config.candidate_threshold,
        "fusion": config.fusion.value,
        "explicit_pairs": int(pair_p.size),
        "genuine_comparisons": explicit.genuine,
        "lookalike_comparisons": explicit.lookalike,
        "explicit_impostor_comparisons": explicit.impostor,
        "explicit_pairs_returned": int((explicit_score >= config.candidate_threshold).sum()),
        "impostor_hits": int(background.probe.size),
        "impostor_matches": int((background_score >= config.threshold).sum()),
        "impostor_hits_expected": background.expected_hits,
        "searches_with_impostor_hits_expected": background.expected_probes_with_hits,
        "screened_candidates": background.stats["screened_candidates"],
        "hits": hits.height,
        "timings": timings,
    }
    return BiometricResult(hits=hits, stats=stats)

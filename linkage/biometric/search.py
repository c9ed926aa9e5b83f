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

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import polars as pl

from linkage._json import JsonObject, fields_json
from linkage.biometric.config import BiometricConfig, FusionRule, SearchMode
from linkage.biometric.gallery import Gallery, GalleryCounts, GallerySize, build_gallery
from linkage.biometric.pairs import (
    PairScores,
    log10_multiplier_matrices,
    mated_pairs,
    score_pairs,
)
from linkage.biometric.sampler import BackgroundHits, sample_background
from linkage.biometric.scores import fuse
from schemas.progress import Progress
from schemas.rng import stream
from schemas.stage import run_stage

__all__ = ["HITS_SCHEMA", "BiometricResult", "BiometricSearchStats", "search_world"]

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

_STEPS = ("gallery", "explicit pairs", "impostor sampler", "output")


@dataclass(frozen=True)
class BiometricSearchStats:
    """Figures about one run of the simulated sBMS.

    ``gallery``: what building the gallery read; ``gallery_sizes``: per gallery searched
    (one ``sBMS``, or one per system when siloed). Explicit pairs are the mated and
    look-alike pairs compared one by one; impostor hits come from the binomial sampler,
    with their expectation under the score model. ``timings``: seconds per step.
    """

    mode: SearchMode
    probes: int
    gallery: GalleryCounts
    gallery_sizes: Mapping[str, GallerySize]
    fmr: float
    threshold: float
    candidate_threshold: float
    fusion: FusionRule
    explicit_pairs: int
    genuine_comparisons: int
    lookalike_comparisons: int
    explicit_impostor_comparisons: int
    explicit_pairs_returned: int
    impostor_hits: int
    impostor_matches: int
    impostor_hits_expected: float
    searches_with_impostor_hits_expected: float
    screened_candidates: int
    hits: int
    timings: Mapping[str, float]

    def to_json(self) -> JsonObject:
        """Flat JSON: the gallery counts appear next to the other figures."""
        out = fields_json(self, skip=("gallery",))
        gallery = fields_json(self.gallery)
        return {"mode": out.pop("mode"), "probes": out.pop("probes"), **gallery, **out}


@dataclass(frozen=True)
class BiometricResult:
    """Candidates returned by the simulated sBMS and figures about the run.

    ``hits``: one row per (probe record, earlier gallery record) candidate
    (:data:`HITS_SCHEMA`), sorted by searched_on, record_id_a, record_id_b.
    """

    hits: pl.DataFrame
    stats: BiometricSearchStats


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
    mode = SearchMode.parse(mode)
    with run_stage("biometric search", progress, _STEPS) as stage:
        with stage.step("gallery"):
            gallery, counts = build_gallery(records, captures, mode)
            multipliers = log10_multiplier_matrices(gallery, config)
        with stage.step("explicit pairs"):
            pairs = mated_pairs(gallery)
            explicit = score_pairs(
                gallery, *pairs, config, seed, stream(seed, "linkage.biometric.explicit"),
                multipliers,
            )  # fmt: skip
        background = stage.run(
            "impostor sampler",
            sample_background,
            gallery,
            config,
            multipliers,
            pairs,
            stream(seed, "linkage.biometric.sampler"),
            progress,
        )
        with stage.step("output"):
            hits = pl.concat(
                [
                    hits_frame(gallery, *pairs, explicit.fingerprint, explicit.face, config),
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
    stats = _stats(mode, config, gallery, counts, pairs, explicit, background, hits)
    return BiometricResult(hits=hits, stats=replace(stats, timings=dict(stage.timings)))


def _stats(
    mode: SearchMode,
    config: BiometricConfig,
    gallery: Gallery,
    counts: GalleryCounts,
    pairs: tuple[np.ndarray, np.ndarray],
    explicit: PairScores,
    background: BackgroundHits,
    hits: pl.DataFrame,
) -> BiometricSearchStats:
    explicit_score = fuse(explicit.fingerprint, explicit.face, config.fusion)
    background_score = fuse(background.fingerprint, background.face, config.fusion)
    return BiometricSearchStats(
        mode=mode,
        probes=gallery.size,
        gallery=counts,
        gallery_sizes=background.gallery_sizes,
        fmr=config.fmr,
        threshold=config.threshold,
        candidate_threshold=config.candidate_threshold,
        fusion=config.fusion,
        explicit_pairs=int(pairs[0].size),
        genuine_comparisons=explicit.genuine,
        lookalike_comparisons=explicit.lookalike,
        explicit_impostor_comparisons=explicit.impostor,
        explicit_pairs_returned=int((explicit_score >= config.candidate_threshold).sum()),
        impostor_hits=int(background.probe.size),
        impostor_matches=int((background_score >= config.threshold).sum()),
        impostor_hits_expected=background.expected_hits,
        searches_with_impostor_hits_expected=background.expected_probes_with_hits,
        screened_candidates=background.screened_candidates,
        hits=hits.height,
        timings={},
    )

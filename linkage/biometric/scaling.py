"""How false positives scale with gallery size: closed forms and virtual galleries.

Under independence a non-mated search against ``N`` templates returns at least one false
candidate with probability ``FPIR(N) = 1 - (1 - FMR)**N`` [@daugman-identification],
about ``N * FMR`` while that is small. :func:`fpir` computes it stably. A *virtual gallery*
is given only as template counts per phenotype cell: :func:`search_virtual` draws every
probe's impostor hits from the exact binomial laws without storing a template, so
galleries of 1e8 or more stay tractable; :func:`expected_by_cell` gives the expectations.
Results at such sizes are extrapolations of the score model and must be labelled so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl

from linkage.biometric.cells import log10_multipliers, parse_cells
from linkage.biometric.config import BiometricConfig
from linkage.biometric.sampler import allocate_hits, hit_rates
from linkage.biometric.scores import (
    BOTH,
    FACE,
    FINGERPRINT,
    fuse,
    hit_probability,
    sample_hit_scores,
)
from schemas.errors import ConfigError
from schemas.progress import Progress, silent
from schemas.rng import stream

__all__ = [
    "Modalities",
    "VirtualResult",
    "expected_by_cell",
    "expected_false_hits",
    "fmr_for_fpir",
    "fpir",
    "search_virtual",
]

Modalities = Literal["fingerprint", "face", "both"]
_BITS: dict[str, int] = {"fingerprint": FINGERPRINT, "face": FACE, "both": BOTH}
_CHUNK = 32_768


def fpir(n: float | np.ndarray, fmr: float | np.ndarray) -> np.ndarray:
    """``1 - (1 - fmr)**n`` computed stably (``-expm1(n * log1p(-fmr))``), elementwise."""
    n_arr = np.asarray(n, dtype=np.float64)
    f_arr = np.asarray(fmr, dtype=np.float64)
    if np.any(n_arr < 0) or np.any((f_arr < 0) | (f_arr > 1)):
        raise ConfigError("fpir needs n >= 0 and 0 <= fmr <= 1")
    with np.errstate(divide="ignore"):
        return np.asarray(-np.expm1(n_arr * np.log1p(-f_arr)))


def fmr_for_fpir(target_fpir: float | np.ndarray, n: float | np.ndarray) -> np.ndarray:
    """The per-comparison FMR giving ``target_fpir`` against ``n`` templates (inverse of
    :func:`fpir`). E.g. FPIR 1e-3 at n = 4e8 needs ~2.5e-12 under independence."""
    t = np.asarray(target_fpir, dtype=np.float64)
    n_arr = np.asarray(n, dtype=np.float64)
    if np.any((t < 0) | (t >= 1)) or np.any(n_arr <= 0):
        raise ConfigError("fmr_for_fpir needs 0 <= fpir < 1 and n > 0")
    return np.asarray(-np.expm1(np.log1p(-t) / n_arr))


def expected_false_hits(n: float | np.ndarray, fmr: float | np.ndarray) -> np.ndarray:
    """Expected false candidates of one non-mated search: ``n * fmr``."""
    return np.asarray(np.asarray(n, dtype=np.float64) * np.asarray(fmr, dtype=np.float64))


@dataclass(frozen=True)
class VirtualResult:
    """Outcome of :func:`search_virtual` (all searches non-mated).

    ``fpir``: share of searches with at least one match at the decision threshold, and
    ``fpir_expected`` its expectation; ``false_hits`` / ``false_hits_expected``: matches in
    total; ``hits_per_probe``: matches per search (input order); ``by_cell``: the same per
    probe cell; ``hits``: every candidate drawn (probe index, gallery cell, scores).
    """

    probes: int
    gallery_size: int
    fpir: float
    fpir_expected: float
    false_hits: int
    false_hits_expected: float
    hits_per_probe: np.ndarray
    by_cell: pl.DataFrame
    hits: pl.DataFrame


def _probe_codes(
    probe_cells: Mapping[str, int] | Sequence[str] | pl.Series,
) -> tuple[list[str], np.ndarray]:
    if isinstance(probe_cells, Mapping):
        keys = list(probe_cells)
        sizes = np.array([int(probe_cells[k]) for k in keys], dtype=np.int64)
        if np.any(sizes < 0):
            raise ConfigError("probe cell counts must be >= 0")
        return keys, np.repeat(np.arange(len(keys), dtype=np.int64), sizes)
    series = pl.Series("cell", probe_cells, dtype=pl.String)
    if series.null_count():
        raise ConfigError("probe cells must not be null")
    keys = sorted(series.unique().to_list())
    codes = series.replace_strict({k: i for i, k in enumerate(keys)}, return_dtype=pl.Int64)
    return keys, codes.to_numpy()


def _gallery(gallery_cell_counts: Mapping[str, int]) -> tuple[list[str], np.ndarray]:
    keys = list(gallery_cell_counts)
    counts = np.array([int(gallery_cell_counts[k]) for k in keys], dtype=np.int64)
    if np.any(counts < 0):
        raise ConfigError("gallery cell counts must be >= 0")
    return keys, counts


def _matrices(
    probe_keys: list[str],
    gallery_keys: list[str],
    config: BiometricConfig,
    kind: int,
    threshold: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pc, gc = parse_cells(probe_keys), parse_cells(gallery_keys)
    a_fp = log10_multipliers(pc, gc, config.fingerprint.impostor)
    a_face = log10_multipliers(pc, gc, config.face.impostor)
    return a_fp, a_face, hit_probability(kind, a_fp, a_face, threshold, config.fusion)


def _bits(modalities: str) -> int:
    try:
        return _BITS[modalities]
    except KeyError:
        raise ConfigError(f"unknown modalities {modalities!r}; known: {', '.join(_BITS)}") from None


def _expected(
    keys: list[str],
    codes: np.ndarray,
    gkeys: list[str],
    counts: np.ndarray,
    config: BiometricConfig,
    kind: int,
) -> pl.DataFrame:
    _, _, p = _matrices(keys, gkeys, config, kind, config.threshold)
    n = counts.astype(np.float64)
    return pl.DataFrame(
        {
            "probe_cell": pl.Series(keys, dtype=pl.String),
            "probes": np.bincount(codes, minlength=len(keys)).astype(np.int64),
            "fpir_expected": -np.expm1(-(hit_rates(p) @ n)),
            "false_hits_expected": p @ n,
        }
    )


def expected_by_cell(
    probe_cells: Mapping[str, int] | Sequence[str] | pl.Series,
    gallery_cell_counts: Mapping[str, int],
    config: BiometricConfig,
    modalities: Modalities = "both",
) -> pl.DataFrame:
    """Expected FPIR and false matches per search, per probe cell, at the decision threshold.

    Columns: probe_cell, probes, fpir_expected, false_hits_expected (per search).
    """
    keys, codes = _probe_codes(probe_cells)
    gkeys, counts = _gallery(gallery_cell_counts)
    return _expected(keys, codes, gkeys, counts, config, _bits(modalities))


def _draw_virtual_hits(
    codes: np.ndarray,
    counts: np.ndarray,
    p: np.ndarray,
    rng: np.random.Generator,
    progress: Progress,
) -> tuple[np.ndarray, np.ndarray]:
    """(probe index, gallery cell) of every candidate, sorted: per probe cell, how many
    probes have a hit (binomial), which ones, and the hits per gallery cell of each."""
    n_cells = p.shape[0]
    any_hit = -np.expm1(-(hit_rates(p) @ counts.astype(np.float64)))
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], np.arange(n_cells + 1))
    rows_out: list[np.ndarray] = []
    cols_out: list[np.ndarray] = []
    cnt_out: list[np.ndarray] = []
    for c in range(n_cells):
        members = order[starts[c] : starts[c + 1]]
        hit_n = int(rng.binomial(members.size, any_hit[c])) if members.size else 0
        if hit_n:
            chosen = np.sort(members[rng.choice(members.size, hit_n, replace=False)])
            for lo in range(0, hit_n, _CHUNK):
                rows = chosen[lo : lo + _CHUNK]
                alloc = allocate_hits(
                    np.broadcast_to(counts, (rows.size, counts.size)),
                    np.broadcast_to(p[c], (rows.size, counts.size)),
                    rng,
                )
                r_idx, c_idx = np.nonzero(alloc)
                rows_out.append(rows[r_idx])
                cols_out.append(c_idx)
                cnt_out.append(alloc[r_idx, c_idx])
        progress("virtual search", c + 1, n_cells)
    if not rows_out:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    probe = np.repeat(np.concatenate(rows_out), np.concatenate(cnt_out))
    gcell = np.repeat(np.concatenate(cols_out), np.concatenate(cnt_out))
    sort = np.lexsort((gcell, probe))
    return probe[sort], gcell[sort]


def _by_cell(
    expected: pl.DataFrame, codes: np.ndarray, hits_per_probe: np.ndarray, n_cells: int
) -> pl.DataFrame:
    """Realised and expected FPIR and false matches per probe cell."""
    matched_cell = np.bincount(codes[hits_per_probe > 0], minlength=n_cells)
    hits_cell = np.bincount(codes, weights=hits_per_probe, minlength=n_cells)
    probes_cell = np.bincount(codes, minlength=n_cells)
    cell_fpir = np.where(probes_cell > 0, matched_cell / np.maximum(probes_cell, 1), np.nan)
    return expected.with_columns(
        pl.Series("fpir", cell_fpir),
        pl.Series("false_hits", hits_cell.astype(np.int64)),
    ).select("probe_cell", "probes", "fpir", "fpir_expected", "false_hits", "false_hits_expected")


def _score_virtual_hits(
    probe: np.ndarray,
    gcell: np.ndarray,
    codes: np.ndarray,
    gallery_keys: list[str],
    multipliers: tuple[np.ndarray, np.ndarray],
    kind: int,
    config: BiometricConfig,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """The candidates with their scores drawn from the exact conditional tail."""
    pcell = codes[probe]
    s_fp, s_face = sample_hit_scores(
        kind,
        multipliers[0][pcell, gcell],
        multipliers[1][pcell, gcell],
        config.candidate_threshold,
        config.fusion,
        rng,
    )
    score = fuse(s_fp, s_face, config.fusion)
    cells = np.asarray(gallery_keys, dtype=object)[gcell] if probe.size else []
    return pl.DataFrame(
        {
            "probe": probe,
            "gallery_cell": pl.Series(cells, dtype=pl.String),
            "fingerprint_score": pl.Series(s_fp, dtype=pl.Float64).fill_nan(None),
            "face_score": pl.Series(s_face, dtype=pl.Float64).fill_nan(None),
            "biometric_score": score,
            "biometric_match": score >= config.threshold,
        }
    )


def search_virtual(
    probe_cells: Mapping[str, int] | Sequence[str] | pl.Series,
    gallery_cell_counts: Mapping[str, int],
    config: BiometricConfig,
    seed: int,
    *,
    modalities: Modalities = "both",
    max_hits: int = 50_000_000,
    progress: Progress | None = None,
) -> VirtualResult:
    """Non-mated 1:N searches of probes against a virtual gallery given as cell counts.

    ``probe_cells``: one phenotype cell per probe (sequence) or probes per cell (mapping);
    ``gallery_cell_counts``: templates per cell. Every probe and template holds
    ``modalities``. Hits are drawn at the candidate threshold from the exact binomial laws
    and reported with their scores; figures are at the decision threshold. Raises
    :class:`ConfigError` when more than ``max_hits`` candidates are expected.
    """
    kind = _bits(modalities)
    keys, codes = _probe_codes(probe_cells)
    gkeys, counts = _gallery(gallery_cell_counts)
    a_fp, a_face, p = _matrices(keys, gkeys, config, kind, config.candidate_threshold)
    expected_candidates = float(np.bincount(codes, minlength=len(keys)) @ (p @ counts))
    if expected_candidates > max_hits:
        raise ConfigError(
            f"about {expected_candidates:.3g} candidates expected (max_hits={max_hits}); "
            "raise the threshold or use expected_by_cell"
        )
    rng = stream(seed, "linkage.biometric.virtual")
    probe, gcell = _draw_virtual_hits(codes, counts, p, rng, progress or silent)
    hits = _score_virtual_hits(probe, gcell, codes, gkeys, (a_fp, a_face), kind, config, rng)
    n_probes = codes.size
    hits_per_probe = np.bincount(
        probe[hits["biometric_match"].to_numpy()], minlength=n_probes
    ).astype(np.int64)
    expected = _expected(keys, codes, gkeys, counts, config, kind)
    weights = np.bincount(codes, minlength=len(keys)).astype(np.float64)
    total = max(n_probes, 1)
    return VirtualResult(
        probes=n_probes,
        gallery_size=int(counts.sum()),
        fpir=float((hits_per_probe > 0).sum() / total),
        fpir_expected=float(weights @ expected["fpir_expected"].to_numpy() / total),
        false_hits=int(hits_per_probe.sum()),
        false_hits_expected=float(weights @ expected["false_hits_expected"].to_numpy()),
        hits_per_probe=hits_per_probe,
        by_cell=_by_cell(expected, codes, hits_per_probe, len(keys)),
        hits=hits,
    )

"""String similarity over millions of candidate pairs without a Python call per pair.

A string column is dictionary-encoded once (:class:`EncodedStrings`: a code per record,
the distinct values, and for each distinct value a 64-bit *signature*). Levels of a batch
of candidate pairs (:func:`pair_levels`) are then computed on codes:

1. equal codes are exact matches and null codes are missing: no string is looked at;
2. pairs of two frequent values are looked up in a :class:`LevelTable` computed once with
   rapidfuzz ``process.cdist`` over the most frequent values (names are Zipf-distributed,
   so most pairs hit it; ``cdist`` costs ~10 ns a cell against ~100 ns a pair through
   ``cpdist``, whose per-pair cost is mostly the conversion of Python strings);
3. for the others, the signatures give a cheap bound on the similarity (an upper bound on
   Jaro / Jaro-Winkler, a lower bound on the edit distance), read from a precomputed
   table. Pairs whose bound cannot reach the weakest threshold are below it for sure and
   skip the string comparison: the bound is exact arithmetic, so the levels equal the
   unfiltered ones (tested);
4. the survivors are deduplicated by value pair when that pays off, and scored with
   ``process.cpdist`` with ``score_cutoff`` at the weakest threshold.

A signature holds the string's length (top byte), its first character (next byte; without
a common first character Jaro-Winkler has no prefix bonus) and a unary-coded, capped
histogram of its characters over 48 bits (each character class gets ``cap`` bits; ``k``
occurrences set ``min(k, cap)`` of them). ``popcount`` of the two histograms' XOR is at
most their L1 distance, which bounds the number of characters Jaro can match,
``m <= (len_a + len_b - L1) / 2``, and the edit distance, ``d >= L1 / 2`` (one edit
changes the histogram by at most 2).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
from rapidfuzz import distance, process

__all__ = [
    "MISSING_LEVEL",
    "EncodedStrings",
    "LevelTable",
    "StringMethod",
    "dense_codes",
    "encode_strings",
    "level_table",
    "pair_levels",
    "pair_similarity",
    "string_similarity",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Below this many surviving pairs, deduplicating value pairs is not worth its cost.
_DEDUPE_MIN_PAIRS = 50_000
#: Deduplicate value pairs when fewer than this share of pairs are distinct.
_DEDUPE_MAX_DISTINCT_SHARE = 0.6
_EPS = 1e-9
_TABLE_MIN_COVERAGE = 0.3
# Signature layout: bits 0-47 character histogram, 48-55 first character, 56-63 length.
_SIG_BITS = 48
_SIG_MASK = np.uint64((1 << _SIG_BITS) - 1)
_FIRST_SHIFT = np.uint64(48)
_LEN_SHIFT = np.uint64(56)
_LMAX = 62  # lengths above this share one "too long to bound" index
_LDIM = _LMAX + 2
#: Level of a pair whose value is null on either side.
MISSING_LEVEL = -1


class StringMethod(StrEnum):
    """String comparison functions (names as in recordlinkage's ``Compare.string``)."""

    JARO_WINKLER = "jarowinkler"
    JARO = "jaro"
    LEVENSHTEIN = "levenshtein"  # 1 - distance / max(len), as recordlinkage
    DAMERAU_LEVENSHTEIN = "damerau_levenshtein"  # idem with transpositions
    LEVENSHTEIN_DISTANCE = "levenshtein_distance"  # edit count (levels: at most k edits)
    DAMERAU_LEVENSHTEIN_DISTANCE = "damerau_levenshtein_distance"

    @property
    def is_distance(self) -> bool:
        """True for edit counts (smaller is closer), False for similarities in [0, 1]."""
        return self in (
            StringMethod.LEVENSHTEIN_DISTANCE,
            StringMethod.DAMERAU_LEVENSHTEIN_DISTANCE,
        )


_SCORERS: dict[StringMethod, Any] = {
    StringMethod.JARO_WINKLER: distance.JaroWinkler.normalized_similarity,
    StringMethod.JARO: distance.Jaro.normalized_similarity,
    StringMethod.LEVENSHTEIN: distance.Levenshtein.normalized_similarity,
    StringMethod.DAMERAU_LEVENSHTEIN: distance.DamerauLevenshtein.normalized_similarity,
    StringMethod.LEVENSHTEIN_DISTANCE: distance.Levenshtein.distance,
    StringMethod.DAMERAU_LEVENSHTEIN_DISTANCE: distance.DamerauLevenshtein.distance,
}


@dataclass(frozen=True, eq=False)
class EncodedStrings:
    """A dictionary-encoded string column with per-value lengths and signatures."""

    codes: npt.NDArray[np.int32]  # per record; -1 = null
    values: npt.NDArray[np.object_]  # distinct values (index = code)
    counts: npt.NDArray[np.int64]  # per distinct value: records holding it
    lengths: npt.NDArray[np.int32]  # per distinct value, in code points
    signatures: npt.NDArray[np.uint64]  # per distinct value (length in the top byte)

    def __len__(self) -> int:
        return int(self.codes.size)


def dense_codes(series: pl.Series) -> tuple[npt.NDArray[np.int32], pl.Series]:
    """Per value: its index among the sorted distinct non-null values (-1 for null), and
    those values. Equal to ``rank("dense") - 1``, by hashing rather than sorting rows."""
    values = series.drop_nulls().unique().sort()
    index = pl.int_range(values.len(), eager=True, dtype=pl.Int32)
    codes = series.replace_strict(values, index, default=-1, return_dtype=pl.Int32)
    return np.ascontiguousarray(codes.to_numpy(), dtype=np.int32), values


def encode_strings(series: pl.Series, codes: npt.NDArray[np.int32] | None = None) -> EncodedStrings:
    """Dictionary-encode a string column (nulls -> code -1) and sign each distinct value.

    With ``codes``, ``series`` holds one string per *code* (values may repeat, nulls
    allowed) and ``codes`` the code of each record (-1 null): the records are encoded
    without looking at a string per record.
    """
    of_value, distinct = dense_codes(series.cast(pl.String))
    if codes is None:
        record = of_value
    else:
        record = np.full(codes.size, -1, dtype=np.int32)
        known = codes >= 0
        record[known] = of_value[codes[known]]
    values_list: list[str] = distinct.to_list()
    values = np.empty(len(values_list), dtype=object)
    values[:] = values_list
    lengths, signatures = _signatures(values_list)
    return EncodedStrings(
        codes=record,
        values=values,
        counts=np.bincount(record[record >= 0], minlength=values.size).astype(np.int64),
        lengths=lengths,
        signatures=signatures,
    )


def _signatures(values: list[str]) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.uint64]]:
    n = len(values)
    if n == 0:
        return np.zeros(0, np.int32), np.zeros(0, np.uint64)
    arr = np.asarray(values, dtype=np.str_)
    width = max(arr.dtype.itemsize // 4, 1)
    points = np.ascontiguousarray(arr).view(np.uint32).reshape(n, -1)[:, :width]
    lengths = np.asarray(np.strings.str_len(arr), dtype=np.int32)
    present = points != 0
    flat_points = points[present]
    # Character frequencies by counting code points (no sort of every character).
    per_point = np.bincount(flat_points)
    chars = np.flatnonzero(per_point)
    counts = per_point[chars]
    n_buckets = min(int(chars.size), _SIG_BITS // 2) or 1
    # The most frequent characters get a bucket each; the rarest share the last one.
    rank = np.empty(chars.size, dtype=np.int64)
    rank[np.argsort(-counts, kind="stable")] = np.arange(chars.size)
    bucket_of_point = np.full(per_point.size, n_buckets - 1, dtype=np.int64)
    bucket_of_point[chars] = np.minimum(rank, n_buckets - 1)
    cap = _SIG_BITS // n_buckets
    rows = np.nonzero(present)[0]
    buckets = bucket_of_point[flat_points]
    signatures = np.zeros(n, dtype=np.uint64)
    shifts = (np.arange(n_buckets, dtype=np.uint64) * np.uint64(cap))[None, :]
    step = max(1, 4_000_000 // n_buckets)
    for start in range(0, n, step):
        stop = min(n, start + step)
        lo, hi = np.searchsorted(rows, [start, stop])
        flat = (rows[lo:hi] - start) * n_buckets + buckets[lo:hi]
        hist = np.bincount(flat, minlength=(stop - start) * n_buckets).reshape(-1, n_buckets)
        unary = (np.uint64(1) << np.minimum(hist, cap).astype(np.uint64)) - np.uint64(1)
        signatures[start:stop] = np.bitwise_or.reduce(unary << shifts, axis=1)
    # The top bytes hold the first character and the (clipped) length: one gather
    # fetches all three.
    first = np.where(lengths > 0, points[:, 0] & 0xFF, 0).astype(np.uint64)
    signatures |= first << _FIRST_SHIFT
    signatures |= np.minimum(lengths, _LMAX + 1).astype(np.uint64) << _LEN_SHIFT
    return lengths, signatures


@lru_cache(maxsize=64)
def _bound_table(method: StringMethod, cutoff: float) -> npt.NDArray[np.bool_]:
    """Whether a pair may reach ``cutoff``, by lengths, first characters and histograms.

    Indexed by ``((la * _LDIM + lb) * 2 + same_first) * (_SIG_BITS + 1) + l1``; a length
    index of ``_LMAX + 1`` means "longer than _LMAX" and always passes. ``same_first``
    matters for Jaro-Winkler only: without a common first character there is no prefix
    bonus, so the bound is the Jaro bound.
    """
    la, lb, same_first, l1 = np.meshgrid(
        np.arange(_LDIM, dtype=np.float64),
        np.arange(_LDIM, dtype=np.float64),
        np.arange(2, dtype=np.float64),
        np.arange(_SIG_BITS + 1, dtype=np.float64),
        indexing="ij",
    )
    if method in (StringMethod.JARO, StringMethod.JARO_WINKLER):
        m = np.minimum(np.minimum(la, lb), np.floor((la + lb - l1) / 2.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            best = np.where(m > 0, (m / la + m / lb + 1.0) / 3.0, 0.0)
        if method is StringMethod.JARO_WINKLER:
            boost = (best > 0.7) & (same_first > 0)
            best = np.where(boost, 0.6 * best + 0.4, best)
        passes = best >= cutoff - _EPS
    else:
        edits = np.maximum(np.abs(la - lb), np.ceil(l1 / 2.0))
        if method.is_distance:
            passes = edits <= cutoff
        else:
            longest = np.maximum(la, lb)
            with np.errstate(divide="ignore", invalid="ignore"):
                best = np.where(longest > 0, 1.0 - edits / longest, 1.0)
            passes = best >= cutoff - _EPS
    passes |= (la > _LMAX) | (lb > _LMAX)
    table: npt.NDArray[np.bool_] = np.ascontiguousarray(passes).reshape(-1)
    return table


def _bound_passes(
    enc: EncodedStrings,
    ca: npt.NDArray[np.int32],
    cb: npt.NDArray[np.int32],
    method: StringMethod,
    cutoff: float,
) -> npt.NDArray[np.bool_]:
    """Which pairs may reach ``cutoff`` (a similarity, or a maximal edit count)."""
    sa = enc.signatures[ca]
    sb = enc.signatures[cb]
    index = (sa >> _LEN_SHIFT).astype(np.intp)
    index *= _LDIM
    np.add(index, sb >> _LEN_SHIFT, out=index, casting="unsafe")
    index *= 2
    sa ^= sb
    np.add(index, ((sa >> _FIRST_SHIFT) & np.uint64(0xFF)) == 0, out=index, casting="unsafe")
    index *= _SIG_BITS + 1
    sa &= _SIG_MASK
    np.add(index, np.bitwise_count(sa), out=index, casting="unsafe")
    passes: npt.NDArray[np.bool_] = _bound_table(method, float(cutoff))[index]
    return passes


@dataclass(frozen=True, eq=False)
class LevelTable:
    """Precomputed levels between the ``K`` most frequent values of a column.

    ``rank[code + 1]`` is the value's row in the table (-1 when not among the top ``K``
    or null);
    ``levels[rank_a * K + rank_b]`` the number of thresholds the pair satisfies.
    """

    rank: npt.NDArray[np.int32]  # indexed by code + 1 (index 0: null)
    levels: npt.NDArray[np.int8]
    size: int


def level_table(
    enc: EncodedStrings,
    method: StringMethod,
    thresholds: tuple[float, ...],
    max_cells: int,
    workers: int = -1,
) -> LevelTable | None:
    """Levels among the most frequent values, computed at once with ``process.cdist``.

    ``K = floor(sqrt(max_cells))`` values at most; None when fewer than 2 values qualify
    or when they hold under 30 % of the records (few pairs would hit the table).
    Comparing all ``K * K`` value pairs in one rapidfuzz call costs about 10 ns each,
    against about 100 ns for a pair passed through ``cpdist``, so the frequent pairs
    (most pairs, names being Zipf-distributed) become a table look-up.
    """
    k = min(math.isqrt(max(max_cells, 0)), enc.values.size)
    if k < 2:
        return None
    top = np.sort(np.argsort(-enc.counts, kind="stable")[:k])
    if enc.counts[top].sum() < _TABLE_MIN_COVERAGE * enc.counts.sum():
        return None  # (nearly) unique values, e.g. document numbers: too few hits
    rank = np.full(enc.values.size + 1, -1, dtype=np.int32)
    rank[top + 1] = np.arange(k, dtype=np.int32)
    vals = list(enc.values[top])
    levels = np.empty(k * k, dtype=np.int8)
    step = max(1, 4_000_000 // k)
    for start in range(0, k, step):
        stop = min(k, start + step)
        scores = _cdist(vals[start:stop], vals, method, thresholds[-1], workers)
        levels[start * k : stop * k] = _count_levels(scores.reshape(-1), method, thresholds)
    return LevelTable(rank=rank, levels=levels, size=k)


def _count_levels(
    scores: FloatArray, method: StringMethod, thresholds: tuple[float, ...]
) -> npt.NDArray[np.int8]:
    """How many thresholds each score satisfies (0 = none, len(thresholds) = all)."""
    out = np.zeros(scores.size, dtype=np.int8)
    for t in thresholds:
        out += (scores <= t) if method.is_distance else (scores >= t)
    return out


def pair_levels(
    enc: EncodedStrings,
    left: npt.NDArray[np.integer[Any]],
    right: npt.NDArray[np.integer[Any]],
    method: StringMethod,
    thresholds: tuple[float, ...],
    table: LevelTable | None = None,
    workers: int = -1,
) -> npt.NDArray[np.int8]:
    """Level of each pair: -1 null, ``len(thresholds) + 1`` equal, else the number of
    thresholds met (similarities >= t, or edit counts <= t; thresholds strongest first).

    Equal to thresholding :func:`pair_similarity` without cutoff (tested); much faster.
    """
    n_t = len(thresholds)
    ca = enc.codes[left]
    cb = enc.codes[right]
    differ = ca != cb
    out = np.where(differ, np.int8(0), np.int8(n_t + 1))
    null = ca < 0
    null |= cb < 0
    out[null] = MISSING_LEVEL
    differ &= ~null
    if table is not None:
        # Look up every pair (cheaper than selecting the pairs first); keep the hits.
        ra = table.rank[ca + 1]
        rb = table.rank[cb + 1]
        hit = (ra >= 0) & (rb >= 0) & differ
        ra *= table.size
        ra += rb
        np.maximum(ra, 0, out=ra)
        looked = table.levels[ra]
        np.copyto(out, looked, where=hit)
        differ &= ~hit
    todo = np.flatnonzero(differ)
    if todo.size == 0:
        return out
    ca, cb = ca[todo], cb[todo]
    keep = _bound_passes(enc, ca, cb, method, thresholds[-1])
    todo, ca, cb = todo[keep], ca[keep], cb[keep]
    scores = _score_codes(enc, ca, cb, method, thresholds[-1], workers)
    out[todo] = _count_levels(scores, method, thresholds)
    return out


def pair_similarity(
    enc: EncodedStrings,
    left: npt.NDArray[np.integer[Any]],
    right: npt.NDArray[np.integer[Any]],
    method: StringMethod,
    cutoff: float | None = None,
    workers: int = -1,
) -> FloatArray:
    """Similarity (or edit count) of records ``left[i]`` and ``right[i]`` of ``enc``.

    NaN where either value is null. With ``cutoff``, similarities below it are reported as
    0.0 (edit counts above it as ``cutoff + 1``), which lets the bound filter and
    rapidfuzz skip most of the work; values at or above the cutoff are exact.
    """
    ca = enc.codes[left]
    cb = enc.codes[right]
    out = np.full(ca.size, np.nan)
    known = (ca >= 0) & (cb >= 0)
    equal = known & (ca == cb)
    out[equal] = 0.0 if method.is_distance else 1.0
    todo = np.flatnonzero(known & ~equal)
    if todo.size == 0:
        return out
    ca, cb = ca[todo], cb[todo]
    if cutoff is not None:
        far = 0.0 if not method.is_distance else float(math.floor(cutoff) + 1)
        keep = _bound_passes(enc, ca, cb, method, cutoff)
        out[todo[~keep]] = far
        todo, ca, cb = todo[keep], ca[keep], cb[keep]
    scores = _score_codes(enc, ca, cb, method, cutoff, workers)
    if cutoff is not None and not method.is_distance:
        scores[scores < cutoff] = 0.0
    out[todo] = scores
    return out


def _score_codes(
    enc: EncodedStrings,
    ca: npt.NDArray[np.int32],
    cb: npt.NDArray[np.int32],
    method: StringMethod,
    cutoff: float | None,
    workers: int,
) -> FloatArray:
    if ca.size == 0:
        return np.zeros(0)
    if ca.size >= _DEDUPE_MIN_PAIRS:
        key = pl.Series(ca.astype(np.int64) * enc.values.size + cb)
        distinct = key.unique()
        if distinct.len() < _DEDUPE_MAX_DISTINCT_SHARE * ca.size:
            dk = distinct.to_numpy()
            scores = _cpdist(
                enc, dk // enc.values.size, dk % enc.values.size, method, cutoff, workers
            )
            mapped = key.replace_strict(distinct, pl.Series(scores), return_dtype=pl.Float64)
            return np.array(mapped.to_numpy(), dtype=np.float64)
    return _cpdist(enc, ca, cb, method, cutoff, workers)


def _cutoff_arg(method: StringMethod, cutoff: float) -> float | int:
    # rapidfuzz tests the cutoff on the normalised distance, which rounds differently
    # from the similarity: lower it a little so that values equal to it are kept
    # (callers compare against the real cutoff).
    return math.floor(cutoff) if method.is_distance else max(cutoff - 1e-4, 0.0)


def _cdist(
    queries: list[str], choices: list[str], method: StringMethod, cutoff: float, workers: int
) -> FloatArray:
    res = process.cdist(
        queries,
        choices,
        scorer=_SCORERS[method],
        workers=workers,
        dtype=np.int32 if method.is_distance else np.float64,
        score_cutoff=_cutoff_arg(method, cutoff),
    )
    return np.asarray(res, dtype=np.float64)


def _cpdist(
    enc: EncodedStrings,
    ca: npt.NDArray[np.integer[Any]],
    cb: npt.NDArray[np.integer[Any]],
    method: StringMethod,
    cutoff: float | None,
    workers: int,
) -> FloatArray:
    kwargs: dict[str, Any] = {}
    if cutoff is not None:
        kwargs["score_cutoff"] = _cutoff_arg(method, cutoff)
    res = process.cpdist(
        enc.values[ca],
        enc.values[cb],
        scorer=_SCORERS[method],
        workers=workers,
        dtype=np.int32 if method.is_distance else np.float64,
        **kwargs,
    )
    return np.asarray(res, dtype=np.float64)


def string_similarity(
    a: pl.Series | Sequence[str | None],
    b: pl.Series | Sequence[str | None],
    method: StringMethod | str = StringMethod.JARO_WINKLER,
) -> FloatArray:
    """Element-wise similarity of two equally long string columns (NaN where null).

    The plain function for students and tests: no cutoff, no filter. Similarities equal
    recordlinkage's ``Compare().string(method=...)`` (tested).
    """
    method = StringMethod(method)
    sa = pl.Series(a, dtype=pl.String)
    sb = pl.Series(b, dtype=pl.String)
    if sa.len() != sb.len():
        from schemas.errors import ConfigError

        raise ConfigError(f"columns differ in length: {sa.len()} and {sb.len()}")
    enc = encode_strings(pl.concat([sa, sb]))
    idx = np.arange(sa.len(), dtype=np.int64)
    return pair_similarity(enc, idx, idx + sa.len(), method, cutoff=None)

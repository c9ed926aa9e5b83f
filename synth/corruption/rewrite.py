"""Rule-based rewrites (phonetic and OCR errors), vectorised over code-point matrices.

A rule replaces a pattern of one to three characters by another string. Patterns may end
with ``$`` to match only at the end of a string. Matching is case-insensitive over ASCII;
a replacement is written in lower case when the first matched character was lower case.
One rewrite per string: among every place where some rule matches, one is chosen
uniformly, then one of that pattern's replacements uniformly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from synth.corruption.codepoints import (
    BoolArray,
    CodeMatrix,
    IntArray,
    from_codes,
    pick_true,
    splice,
    to_codes,
    upper_ascii,
)

__all__ = ["RewriteRules", "compile_rules", "count_matches", "rewrite"]

_END = "$"
_BITS = 21  # a code point fits in 21 bits, so three fit in a uint64 key


def _key(codes: Sequence[int]) -> int:
    key = 0
    for code in codes:
        key = (key << _BITS) | code
    return key


@dataclass(frozen=True)
class RewriteRules:
    """Compiled rules: per pattern length, sorted keys and their replacements."""

    rules: tuple[tuple[str, str], ...]
    pattern_lengths: tuple[int, ...]
    keys: tuple[npt.NDArray[np.uint64], ...]  # per pattern length, sorted pattern keys
    pattern_ids: tuple[IntArray, ...]  # per pattern length, pattern id of each sorted key
    alt_offset: IntArray  # per pattern id: first replacement in ``replacements``
    alt_count: IntArray  # per pattern id: number of replacements
    cut_length: IntArray  # per pattern id: characters it covers (without the ``$``)
    shrink: IntArray  # per pattern id: characters removed by its shortest replacement
    replacements: CodeMatrix  # per replacement, its code points (zero padded)
    replacement_lengths: IntArray


def compile_rules(rules: Iterable[tuple[str, str]]) -> RewriteRules:
    """Compile ``(pattern, replacement)`` pairs (upper case; ``$`` = end of string)."""
    pairs = tuple(rules)
    grouped: dict[str, list[str]] = {}
    for pattern, replacement in pairs:
        if not pattern or pattern == _END or len(pattern.rstrip(_END)) > 3 - pattern.endswith(_END):
            raise ValueError(f"bad rewrite pattern {pattern!r}")
        if pattern.rstrip(_END) == replacement:
            raise ValueError(f"rewrite rule {pattern!r} -> {replacement!r} changes nothing")
        grouped.setdefault(pattern.upper(), []).append(replacement.upper())
    patterns = list(grouped)
    codes_of = [
        [ord(c) for c in p.rstrip(_END)] + ([0] if p.endswith(_END) else []) for p in patterns
    ]
    lengths = sorted({len(c) for c in codes_of})
    keys: list[npt.NDArray[np.uint64]] = []
    ids: list[IntArray] = []
    for length in lengths:
        members = [i for i, c in enumerate(codes_of) if len(c) == length]
        member_keys = np.array([_key(codes_of[i]) for i in members], dtype=np.uint64)
        order = np.argsort(member_keys)
        keys.append(member_keys[order])
        ids.append(np.array(members, dtype=np.int64)[order])
    flat = [r for p in patterns for r in grouped[p]]
    counts = np.array([len(grouped[p]) for p in patterns], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    width = max((len(r) for r in flat), default=0) + 1
    repl = np.zeros((len(flat), width), dtype=np.uint32)
    for i, r in enumerate(flat):
        repl[i, : len(r)] = [ord(c) for c in r]
    shrink = np.array(
        [len(p.rstrip(_END)) - min(len(r) for r in grouped[p]) for p in patterns], dtype=np.int64
    )
    return RewriteRules(
        rules=pairs,
        pattern_lengths=tuple(lengths),
        keys=tuple(keys),
        pattern_ids=tuple(ids),
        alt_offset=offsets,
        alt_count=counts,
        cut_length=np.array([len(p.rstrip(_END)) for p in patterns], dtype=np.int64),
        shrink=shrink,
        replacements=repl,
        replacement_lengths=np.array([len(r) for r in flat], dtype=np.int64),
    )


def _matches(
    codes: CodeMatrix, lengths: IntArray, rules: RewriteRules
) -> tuple[BoolArray, IntArray, IntArray]:
    """All matches: a (rows, candidates) mask with each candidate's position and pattern."""
    rows, width = codes.shape
    folded = upper_ascii(codes).astype(np.uint64)
    masks: list[BoolArray] = []
    positions: list[IntArray] = []
    pattern: list[IntArray] = []
    starts = np.arange(width, dtype=np.int64)
    for length, keys, ids in zip(rules.pattern_lengths, rules.keys, rules.pattern_ids, strict=True):
        span = width - length + 1
        window = np.zeros((rows, span), dtype=np.uint64)
        for k in range(length):
            window = (window << np.uint64(_BITS)) | folded[:, k : k + span]
        slot = np.clip(np.searchsorted(keys, window), 0, len(keys) - 1)
        hit = (keys[slot] == window) & (starts[None, :span] < lengths[:, None])
        pid = ids[slot]
        # A rewrite may not empty the string (e.g. a one-letter name losing its final E).
        empties = (starts[None, :span] == 0) & (lengths[:, None] <= rules.shrink[pid])
        masks.append(hit & ~empties)
        positions.append(np.broadcast_to(starts[:span], (rows, span)))
        pattern.append(pid)
    if not masks:
        empty = np.zeros((rows, 0), dtype=np.int64)
        return np.zeros((rows, 0), dtype=bool), empty, empty
    return (
        np.concatenate(masks, axis=1),
        np.concatenate(positions, axis=1),
        np.concatenate(pattern, axis=1),
    )


def count_matches(strings: Sequence[str] | npt.NDArray[Any], rules: RewriteRules) -> IntArray:
    """Number of places in each string where some rule could rewrite it."""
    codes, lengths = to_codes(strings)
    mask, _, _ = _matches(codes, lengths, rules)
    return np.asarray(mask.sum(axis=1), dtype=np.int64)


def rewrite(
    strings: Sequence[str] | npt.NDArray[Any],
    rules: RewriteRules,
    rng: np.random.Generator,
) -> list[str]:
    """Each string with one rule applied at a uniformly chosen match (unchanged if none)."""
    codes, lengths = to_codes(strings)
    rows = int(codes.shape[0])
    if rows == 0:
        return []
    mask, positions, pattern = _matches(codes, lengths, rules)
    chosen = pick_true(mask, rng.random(rows))
    ok = chosen >= 0
    col = np.where(ok, chosen, 0)
    row = np.arange(rows)
    if mask.shape[1] == 0:
        return from_codes(codes)
    pid = pattern[row, col]
    alt = rules.alt_offset[pid] + np.floor(rng.random(rows) * rules.alt_count[pid]).astype(np.int64)
    position = np.where(ok, positions[row, col], 0)
    n_cut = np.where(ok, rules.cut_length[pid], 0)
    repl = rules.replacements[alt]
    repl_len = np.where(ok, rules.replacement_lengths[alt], 0)
    first = codes[row, np.clip(position, 0, codes.shape[1] - 1)]
    lower = (first >= ord("a")) & (first <= ord("z"))
    upper_repl = (repl >= ord("A")) & (repl <= ord("Z"))
    repl = np.where(lower[:, None] & upper_repl, repl + np.uint32(32), repl).astype(np.uint32)
    out, _ = splice(codes, lengths, position, n_cut, repl, repl_len)
    return from_codes(out)

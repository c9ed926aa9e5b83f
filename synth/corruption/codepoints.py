"""Strings as matrices of Unicode code points, so that edits run vectorised over rows.

A batch of strings becomes a ``(rows, width)`` ``uint32`` matrix (one code point per cell,
zero after the end of each string, at least :data:`PAD` zero columns on the right) and a
length vector. Every edit of the corruption layer is a *splice*: replace ``L`` characters
at position ``p`` by ``R`` new ones, one splice per row, all rows at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "PAD",
    "CodeMatrix",
    "from_codes",
    "pick_true",
    "splice",
    "to_codes",
    "upper_ascii",
]

#: Zero columns kept right of the longest string (room for windows of 3 and insertions).
PAD = 4

CodeMatrix = npt.NDArray[np.uint32]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def to_codes(strings: Sequence[str] | npt.NDArray[Any]) -> tuple[CodeMatrix, IntArray]:
    """The code-point matrix and the lengths of ``strings`` (no nulls)."""
    arr = np.asarray(strings, dtype=np.str_)
    rows = arr.shape[0]
    width = arr.dtype.itemsize // 4
    codes = np.zeros((rows, width + PAD), dtype=np.uint32)
    if width and rows:
        codes[:, :width] = np.ascontiguousarray(arr).view(np.uint32).reshape(rows, width)
    lengths = np.asarray(np.strings.str_len(arr), dtype=np.int64)
    return codes, lengths


def from_codes(codes: CodeMatrix) -> list[str]:
    """The strings of a code-point matrix (trailing zeros dropped)."""
    rows, width = codes.shape
    if rows == 0:
        return []
    if width == 0:
        return [""] * rows
    flat = np.ascontiguousarray(codes, dtype=np.uint32)
    out: list[str] = flat.view(f"<U{width}").reshape(rows).tolist()
    return out


def upper_ascii(codes: CodeMatrix) -> CodeMatrix:
    """``codes`` with ASCII ``a-z`` folded to ``A-Z`` (other code points unchanged)."""
    lower = (codes >= ord("a")) & (codes <= ord("z"))
    return np.where(lower, codes - np.uint32(32), codes).astype(np.uint32)


def pick_true(mask: BoolArray, u: npt.NDArray[np.float64]) -> IntArray:
    """Per row, the column of one true cell of ``mask`` chosen uniformly (``u`` in [0, 1)).

    Rows without a true cell get ``-1``.
    """
    counts = mask.sum(axis=1)
    target = np.floor(u * counts).astype(np.int64)
    if mask.shape[1] == 0:
        return np.full(mask.shape[0], -1, dtype=np.int64)
    cumulative = np.cumsum(mask, axis=1)
    chosen = np.argmax(cumulative > target[:, None], axis=1).astype(np.int64)
    return np.where(counts > 0, chosen, -1)


def splice(
    codes: CodeMatrix,
    lengths: IntArray,
    position: IntArray,
    cut: IntArray,
    replacement: CodeMatrix,
    replacement_length: IntArray,
) -> tuple[CodeMatrix, IntArray]:
    """Replace ``cut`` characters at ``position`` by ``replacement[:, :replacement_length]``.

    One splice per row; ``position + cut`` may reach past a string's end only over its zero
    padding. Returns the new matrix (with :data:`PAD` zero columns) and the new lengths.
    """
    rows, width = codes.shape
    new_lengths = lengths - cut + replacement_length
    out_width = int(new_lengths.max(initial=0)) + PAD
    j = np.arange(out_width, dtype=np.int64)[None, :]
    p = position[:, None]
    r = replacement_length[:, None]
    source = np.where(j < p, j, j - r + cut[:, None])
    inside = (source >= 0) & (source < width)
    row = np.arange(rows)[:, None]
    kept = np.where(inside, codes[row, np.clip(source, 0, max(width - 1, 0))], 0)
    in_replacement = (j >= p) & (j < p + r)
    repl_width = replacement.shape[1]
    repl_col = np.clip(j - p, 0, max(repl_width - 1, 0))
    new = replacement[row, repl_col] if repl_width else np.zeros_like(kept)
    out = np.where(in_replacement, new, kept).astype(np.uint32)
    out[j >= new_lengths[:, None]] = 0
    return out, new_lengths

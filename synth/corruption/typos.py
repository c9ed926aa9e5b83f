"""Keyboard typos: one insert, delete, substitute or transpose per string (FEBRL/GeCo style).

Substitutions and insertions use a QWERTY neighbour of a nearby key and stay in the
character's class (letter to letter, digit to digit, case kept), as pseudopeople's typo
noise does (peers.md §1.1). The shares of the four operations are an assumption of this
project, in the range of the misspelling statistics quoted by the FEBRL generator
(substitutions 27-40 %, deletions 32-34 %, peers.md §1.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from synth.corruption.codepoints import (
    IntArray,
    from_codes,
    pick_true,
    splice,
    to_codes,
)

__all__ = [
    "QWERTY_ROWS",
    "TYPO_OPERATIONS",
    "keyboard_neighbours",
    "keyboard_typo",
]

#: The QWERTY rows, each shifted half a key right of the one above.
QWERTY_ROWS: tuple[str, ...] = ("1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")

#: Operation -> share of typos (assumption, not a published figure; see module docstring).
TYPO_OPERATIONS: dict[str, float] = {
    "substitute": 0.35,
    "delete": 0.30,
    "insert": 0.20,
    "transpose": 0.15,
}
_OPS = tuple(TYPO_OPERATIONS)
_OP_CUMULATIVE = np.cumsum(list(TYPO_OPERATIONS.values()))
_MAX_NEIGHBOURS = 6


def keyboard_neighbours() -> dict[str, str]:
    """Each key of :data:`QWERTY_ROWS` and its neighbours of the same class (letters, digits)."""
    where = {key: (r, i) for r, row in enumerate(QWERTY_ROWS) for i, key in enumerate(row)}
    out: dict[str, str] = {}
    for key, (r, i) in where.items():
        spots = [(r, i - 1), (r, i + 1), (r - 1, i), (r - 1, i + 1), (r + 1, i - 1), (r + 1, i)]
        found = [
            QWERTY_ROWS[rr][ii]
            for rr, ii in spots
            if 0 <= rr < len(QWERTY_ROWS) and 0 <= ii < len(QWERTY_ROWS[rr])
        ]
        out[key] = "".join(k for k in found if k.isdigit() == key.isdigit())
    return out


def _neighbour_table() -> tuple[npt.NDArray[np.uint32], IntArray]:
    table = np.zeros((128, _MAX_NEIGHBOURS), dtype=np.uint32)
    count = np.zeros(128, dtype=np.int64)
    for key, near in keyboard_neighbours().items():
        for variant, shift in ((key, 0), (key.lower(), 32)):
            code = ord(variant)
            count[code] = len(near)
            table[code, : len(near)] = [ord(c) + (shift if c.isalpha() else 0) for c in near]
    return table, count


_NEIGHBOURS, _N_NEIGHBOURS = _neighbour_table()


def _neighbour_of(
    chars: npt.NDArray[np.uint32], u: npt.NDArray[np.float64]
) -> npt.NDArray[np.uint32]:
    """A random keyboard neighbour of each character (0 where the key has none)."""
    ascii_code = np.where(chars < 128, chars, 0).astype(np.int64)
    n = _N_NEIGHBOURS[ascii_code]
    k = np.minimum(np.floor(u * n).astype(np.int64), np.maximum(n - 1, 0))
    return np.where(n > 0, _NEIGHBOURS[ascii_code, k], 0).astype(np.uint32)


def keyboard_typo(strings: Sequence[str] | npt.NDArray[Any], rng: np.random.Generator) -> list[str]:
    """Each string with one keyboard typo; every string visibly changes and none empties.

    An operation that is impossible on a string (substitute with no key that has a
    neighbour, transpose with no two different adjacent characters, delete on a string of
    fewer than two characters) falls back to an insertion.
    """
    codes, lengths = to_codes(strings)
    rows, width = int(codes.shape[0]), int(codes.shape[1])
    if rows == 0:
        return []
    row = np.arange(rows)
    cols = np.arange(width)[None, :]
    inside = cols < lengths[:, None]
    ascii_codes = np.where(codes < 128, codes, 0).astype(np.int64)
    keyable = inside & (_N_NEIGHBOURS[ascii_codes] > 0)
    nxt = np.concatenate([codes[:, 1:], np.zeros((rows, 1), dtype=np.uint32)], axis=1)
    swappable = (cols < lengths[:, None] - 1) & (codes != nxt)

    op = np.searchsorted(_OP_CUMULATIVE, rng.random(rows) * _OP_CUMULATIVE[-1], side="right")
    op = np.minimum(op, len(_OPS) - 1)
    u_pos = rng.random(rows)
    u_char = rng.random(rows)
    sub_at = pick_true(keyable, u_pos)
    swap_at = pick_true(swappable, u_pos)
    is_sub = (op == _OPS.index("substitute")) & (sub_at >= 0)
    is_swap = (op == _OPS.index("transpose")) & (swap_at >= 0)
    is_del = (op == _OPS.index("delete")) & (lengths > 1)
    is_ins = ~(is_sub | is_swap | is_del)

    position = np.zeros(rows, dtype=np.int64)
    cut = np.zeros(rows, dtype=np.int64)
    repl = np.zeros((rows, 2), dtype=np.uint32)
    repl_len = np.zeros(rows, dtype=np.int64)

    position[is_sub] = sub_at[is_sub]
    cut[is_sub] = 1
    repl[is_sub, 0] = _neighbour_of(codes[row, np.maximum(sub_at, 0)], u_char)[is_sub]
    repl_len[is_sub] = 1

    position[is_swap] = swap_at[is_swap]
    cut[is_swap] = 2
    at = np.maximum(swap_at, 0)
    repl[is_swap, 0] = codes[row, np.minimum(at + 1, width - 1)][is_swap]
    repl[is_swap, 1] = codes[row, at][is_swap]
    repl_len[is_swap] = 2

    del_at = np.floor(u_pos * lengths).astype(np.int64)
    position[is_del] = del_at[is_del]
    cut[is_del] = 1

    # Insertion: next to a key that has neighbours, type one of them (fat finger);
    # with no such key, a random capital letter anywhere.
    ins_key = pick_true(keyable, u_pos)
    has_key = ins_key >= 0
    after = rng.random(rows) < 0.5
    ins_pos = np.where(has_key, ins_key + after, np.floor(u_pos * (lengths + 1)).astype(np.int64))
    ins_char = np.where(
        has_key,
        _neighbour_of(codes[row, np.maximum(ins_key, 0)], u_char),
        (ord("A") + np.floor(u_char * 26)).astype(np.uint32),
    )
    position[is_ins] = ins_pos[is_ins]
    repl[is_ins, 0] = ins_char[is_ins]
    repl_len[is_ins] = 1

    out, _ = splice(codes, lengths, position, cut, repl, repl_len)
    return from_codes(out)

"""Keyboard typos: one insert, delete, substitute or transpose per string (FEBRL/GeCo style).

Substitutions and insertions use a QWERTY neighbour of a nearby key and stay in the
character's class (letter to letter, digit to digit, case kept), as pseudopeople's typo
noise does. The shares of the four operations are an assumption of this
project, in the range of the misspelling statistics quoted by the FEBRL generator
(substitutions 27-40 %, deletions 32-34 %).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass
class _Edits:
    """One splice per string: replace ``cut`` characters at ``position`` by ``repl``."""

    position: IntArray
    cut: IntArray
    repl: npt.NDArray[np.uint32]
    repl_len: IntArray

    @classmethod
    def none(cls, rows: int) -> _Edits:
        zeros = np.zeros(rows, dtype=np.int64)
        return cls(zeros.copy(), zeros.copy(), np.zeros((rows, 2), dtype=np.uint32), zeros.copy())

    def set(
        self,
        rows: npt.NDArray[np.bool_],
        position: IntArray,
        cut: int,
        chars: Sequence[npt.NDArray[np.uint32]] = (),
    ) -> None:
        """Edit the strings of ``rows``: cut ``cut`` characters and insert ``chars``."""
        self.position[rows] = position[rows]
        self.cut[rows] = cut
        for k, char in enumerate(chars):
            self.repl[rows, k] = char[rows]
        self.repl_len[rows] = len(chars)


def _insertions(
    codes: npt.NDArray[np.uint32],
    lengths: IntArray,
    keyable: npt.NDArray[np.bool_],
    u_pos: npt.NDArray[np.float64],
    u_char: npt.NDArray[np.float64],
    rng: np.random.Generator,
) -> tuple[IntArray, npt.NDArray[np.uint32]]:
    """Where each insertion goes and what it types: next to a key that has neighbours, one
    of them (a fat finger); with no such key, a random capital letter anywhere."""
    row = np.arange(codes.shape[0])
    key = pick_true(keyable, u_pos)
    has_key = key >= 0
    after = rng.random(row.size) < 0.5
    position = np.where(has_key, key + after, np.floor(u_pos * (lengths + 1)).astype(np.int64))
    char = np.where(
        has_key,
        _neighbour_of(codes[row, np.maximum(key, 0)], u_char),
        (ord("A") + np.floor(u_char * 26)).astype(np.uint32),
    )
    return position, char.astype(np.uint32)


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
    ascii_codes = np.where(codes < 128, codes, 0).astype(np.int64)
    keyable = (cols < lengths[:, None]) & (_N_NEIGHBOURS[ascii_codes] > 0)
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

    edits = _Edits.none(rows)
    edits.set(is_sub, sub_at, 1, [_neighbour_of(codes[row, np.maximum(sub_at, 0)], u_char)])
    at = np.maximum(swap_at, 0)
    edits.set(is_swap, swap_at, 2, [codes[row, np.minimum(at + 1, width - 1)], codes[row, at]])
    edits.set(is_del, np.floor(u_pos * lengths).astype(np.int64), 1)
    ins_at, ins_char = _insertions(codes, lengths, keyable, u_pos, u_char, rng)
    edits.set(is_ins, ins_at, 0, [ins_char])
    out, _ = splice(codes, lengths, edits.position, edits.cut, edits.repl, edits.repl_len)
    return from_codes(out)

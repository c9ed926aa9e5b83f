"""Noise on the other identity fields: missing field, sex, nationality, document number."""

from __future__ import annotations

import string
from functools import cache

import numpy as np
import numpy.typing as npt

from synth.corruption.batch import Batch, not_null
from synth.corruption.codepoints import IntArray, from_codes, pick_true, to_codes
from synth.corruption.names import NameLookup
from synth.nationalities import NATIONALITIES, NATIONALITY_BY_CODE

__all__ = [
    "DOCUMENT_ERROR_KINDS",
    "MISSING_FIELD_COLUMNS",
    "NEIGHBOUR_GROUPS",
    "document_digit_error",
    "missing_field",
    "plausible_nationalities",
    "wrong_nationality",
    "wrong_sex",
]

#: Columns one of which :func:`missing_field` blanks.
MISSING_FIELD_COLUMNS: tuple[str, ...] = (
    "surname_at_birth",
    "place_of_birth",
    "document_number",
    "nationality",
    "sex",
)

#: Groups of neighbouring states (ISO3) a clerk may confuse, used for nationalities that
#: are alone in their region of :mod:`synth.nationalities`. Assumption of this project.
NEIGHBOUR_GROUPS: tuple[tuple[str, ...], ...] = (
    ("AFG", "PAK", "IRN", "TJK", "UZB", "TKM", "KGZ", "KAZ"),
    ("CHN", "MNG", "VNM", "KOR", "PRK", "LAO", "MMR"),
    ("USA", "CAN", "MEX"),
    ("ZAF", "ZWE", "BWA", "MOZ", "NAM", "LSO", "SWZ"),
    ("COD", "COG", "CAF", "AGO", "CMR", "RWA", "BDI", "UGA"),
)


@cache
def plausible_nationalities(code: str) -> tuple[str, ...]:
    """Other ISO3 codes a clerk may record instead of ``code``.

    The other nationalities of the same region of :mod:`synth.nationalities`; for a
    nationality alone in its region, its :data:`NEIGHBOUR_GROUPS`; otherwise every other
    known nationality.
    """
    known = NATIONALITY_BY_CODE.get(code)
    options: set[str] = set()
    if known is not None:
        options = {n.code for n in NATIONALITIES if n.region == known.region}
    if not options - {code}:
        options = {c for group in NEIGHBOUR_GROUPS if code in group for c in group}
    if not options - {code}:
        options = set(NATIONALITY_BY_CODE)
    return tuple(sorted(options - {code}))


def missing_field(
    batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup
) -> None:
    """One of :data:`MISSING_FIELD_COLUMNS` set null, chosen uniformly among the non-null."""
    columns = [c for c in MISSING_FIELD_COLUMNS if batch.has(c)]
    if not columns:
        return
    filled = np.stack([not_null(batch.get(c, where)) for c in columns], axis=1)
    chosen = pick_true(filled, rng.random(where.size))
    for i, column in enumerate(columns):
        batch.put(column, where[chosen == i], None)


def wrong_sex(batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup) -> None:
    """``M`` recorded as ``F`` and ``F`` as ``M`` (other values unchanged)."""
    sex = batch.get("sex", where)
    flipped = np.where(sex == "M", "F", np.where(sex == "F", "M", sex)).astype(object)
    flipped[~not_null(sex)] = None
    batch.put("sex", where, flipped)


def wrong_nationality(
    batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup
) -> None:
    """Nationality replaced by one of :func:`plausible_nationalities`, uniformly."""
    nationality = batch.get("nationality", where)
    known = not_null(nationality)
    u = rng.random(where.size)
    codes = nationality[known]
    new = codes.copy()
    for code in sorted(set(codes.tolist())):
        options = plausible_nationalities(code)
        if not options:
            continue
        rows = np.flatnonzero(codes == code)
        pick = np.floor(u[known][rows] * len(options)).astype(np.int64)
        new[rows] = np.asarray(options, dtype=object)[pick]
    batch.put("nationality", where[known], new)


_DIGITS = np.array([ord(c) for c in string.digits], dtype=np.uint32)
_LETTERS = np.array([ord(c) for c in string.ascii_uppercase], dtype=np.uint32)
_LOWER = np.array([ord(c) for c in string.ascii_lowercase], dtype=np.uint32)

#: Share of document-number errors of each kind (assumption, not a published figure).
DOCUMENT_ERROR_KINDS: dict[str, float] = {
    "one_substitution": 0.6,
    "two_substitutions": 0.15,
    "transposition": 0.25,
}


def _substitute(
    codes: npt.NDArray[np.uint32],
    rows: IntArray,
    position: IntArray,
    u: npt.NDArray[np.float64],
) -> None:
    """Replace the character at ``position`` by another of its class (digit/letter)."""
    char = codes[rows, position]
    new = char.copy()
    for pool in (_DIGITS, _LETTERS, _LOWER):
        inside = (char >= pool[0]) & (char <= pool[-1])
        # uniform over the other len(pool) - 1 characters of the class
        offset = 1 + np.floor(u * (len(pool) - 1)).astype(np.int64)
        index = (char.astype(np.int64) - int(pool[0]) + offset) % len(pool)
        new = np.where(inside, pool[index], new)
    codes[rows, position] = new


def document_digit_error(
    batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup
) -> None:
    """One or two characters of the document number changed.

    A substitution replaces a digit by another digit or a letter by another letter; a
    transposition exchanges two different neighbouring characters (a substitution when
    there are none).
    """
    number = batch.get("document_number", where)
    known = np.flatnonzero(not_null(number))
    if known.size == 0:
        return
    codes, lengths = to_codes(number[known])
    rows = np.arange(known.size)
    width = codes.shape[1]
    cols = np.arange(width)[None, :]
    alnum = (cols < lengths[:, None]) & (
        ((codes >= ord("0")) & (codes <= ord("9")))
        | ((codes >= ord("A")) & (codes <= ord("Z")))
        | ((codes >= ord("a")) & (codes <= ord("z")))
    )
    nxt = np.concatenate([codes[:, 1:], np.zeros((rows.size, 1), dtype=np.uint32)], axis=1)
    swappable = (cols < lengths[:, None] - 1) & (codes != nxt)
    kinds = list(DOCUMENT_ERROR_KINDS)
    cumulative = np.cumsum(list(DOCUMENT_ERROR_KINDS.values()))
    kind = np.searchsorted(cumulative, rng.random(rows.size) * cumulative[-1], side="right")
    u_pos, u_char, u_pos2, u_char2 = (rng.random(rows.size) for _ in range(4))
    swap_at = pick_true(swappable, u_pos)
    swap = (kind == kinds.index("transposition")) & (swap_at >= 0)
    s = rows[swap]
    left = codes[s, swap_at[swap]].copy()
    codes[s, swap_at[swap]] = codes[s, swap_at[swap] + 1]
    codes[s, swap_at[swap] + 1] = left
    first = pick_true(alnum, u_pos)
    sub = ~swap & (first >= 0)
    _substitute(codes, rows[sub], first[sub], u_char[sub])
    alnum[rows, np.maximum(first, 0)] = False
    second = pick_true(alnum, u_pos2)
    sub2 = sub & (kind == kinds.index("two_substitutions")) & (second >= 0)
    _substitute(codes, rows[sub2], second[sub2], u_char2[sub2])
    batch.put("document_number", where[known], np.asarray(from_codes(codes), dtype=object))

"""Noise on birth dates: default 1 January, year only, day and month swapped.

``birth_date`` is held as ``datetime64[D]`` (``NaT`` = null) and ``birth_year`` as ``int64``
(:data:`~synth.corruption.batch.NULL_INT` = null) inside a batch.
"""

from __future__ import annotations

import numpy as np

from synth.corruption.batch import NULL_INT, Batch
from synth.corruption.codepoints import IntArray
from synth.corruption.names import NameLookup

__all__ = ["day_month_swap", "default_birth_date", "year_only_birth_date"]


def _true_year(batch: Batch, where: IntArray) -> IntArray:
    """Year of the recorded birth date, else ``birth_year``, else :data:`NULL_INT`."""
    date = batch.get("birth_date", where)
    known = ~np.isnat(date)
    year = date.astype("datetime64[Y]").astype(np.int64) + 1970
    fallback = (
        batch.get("birth_year", where)
        if batch.has("birth_year")
        else np.full(where.size, NULL_INT, dtype=np.int64)
    )
    return np.where(known, year, fallback)


def default_birth_date(
    batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup
) -> None:
    """Birth date set to 1 January of the true year (when any year is known)."""
    year = _true_year(batch, where)
    ok = year != NULL_INT
    first_jan = (year[ok] - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    batch.put("birth_date", where[ok], first_jan)


def year_only_birth_date(
    batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup
) -> None:
    """Birth date set null; ``birth_year`` kept (filled from the date if it was null)."""
    if batch.has("birth_year"):
        year = _true_year(batch, where)
        missing = (batch.get("birth_year", where) == NULL_INT) & (year != NULL_INT)
        batch.put("birth_year", where[missing], year[missing])
    batch.put("birth_date", where, np.datetime64("NaT", "D"))


def day_month_swap(
    batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup
) -> None:
    """Day and month exchanged where that gives another valid date (day <= 12, day != month)."""
    date = batch.get("birth_date", where)
    known = ~np.isnat(date)
    year_start = date.astype("datetime64[Y]")
    month_start = date.astype("datetime64[M]")
    month = (month_start - year_start.astype("datetime64[M]")).astype(np.int64) + 1
    day = (date - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    ok = known & (day <= 12) & (day != month)
    swapped = (year_start[ok].astype("datetime64[M]") + (day[ok] - 1)).astype("datetime64[D]") + (
        month[ok] - 1
    )
    batch.put("birth_date", where[ok], swapped)

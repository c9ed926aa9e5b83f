"""Small vectorised helpers shared by the generators (dates as int days, groups of rows).

Dates inside the generator are ``int64`` days since 1970-01-01; they become polars
``Date`` columns only when a table is assembled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl

__all__ = [
    "NEVER",
    "YEAR_DAYS",
    "age_years",
    "choice",
    "day_of",
    "explode",
    "first_true_per_group",
    "group_cummax",
    "mix64",
    "normalised",
    "order_by",
    "padded",
    "pair_within",
    "take",
    "to_date_series",
    "years_to_days",
]

YEAR_DAYS = 365.2425
NEVER = np.int64(2**40)  # a day after every as-of date: "not deleted"
_EPOCH = dt.date(1970, 1, 1)


def day_of(date: dt.date) -> int:
    """Days since 1970-01-01."""
    return (date - _EPOCH).days


def years_to_days(years: float) -> int:
    """A period in years as whole days."""
    return round(years * YEAR_DAYS)


def to_date_series(name: str, days: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    """A polars Date series from int days (null where ``valid`` is False)."""
    series = pl.Series(name, days.astype(np.int32)).cast(pl.Date)
    if valid is not None:
        series = pl.select(
            pl.when(pl.Series(valid)).then(series).otherwise(None).alias(name)
        ).to_series()
    return series


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = days.astype("datetime64[D]")
    years = d.astype("datetime64[Y]").astype(np.int64) + 1970
    months = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    mdays = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    return years, months, mdays


def age_years(birth: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Exact age in full years on day ``at`` of people born on day ``birth`` (int64)."""
    by, bm, bd = _ymd(birth)
    ay, am, ad = _ymd(at)
    before_birthday = (am < bm) | ((am == bm) & (ad < bd))
    out: np.ndarray = ay - by - before_birthday.astype(np.int64)
    return out


def normalised(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """``weights`` as probabilities summing to one."""
    w = np.asarray(weights, dtype=np.float64)
    out: np.ndarray = w / w.sum()
    return out


def choice(
    rng: np.random.Generator, weights: Mapping[str, float], size: int
) -> tuple[list[str], np.ndarray]:
    """Draw ``size`` keys of ``weights``; return the key list and int indices into it."""
    keys = list(weights)
    idx = rng.choice(len(keys), size=size, p=normalised([weights[k] for k in keys]))
    return keys, idx.astype(np.int64)


def explode(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ``counts[i]`` children of each parent ``i``: (parent index, rank) per child."""
    counts = counts.astype(np.int64)
    owner = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
    starts = np.cumsum(counts) - counts
    rank = np.arange(owner.size, dtype=np.int64) - starts[owner]
    return owner, rank


def group_cummax(group: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Running maximum of ``values`` restarting at each new ``group`` (rows sorted by group).

    Values must lie in [-2**40, 2**40].
    """
    shift = np.int64(2**42)
    keyed = group.astype(np.int64) * shift + values.astype(np.int64)
    out: np.ndarray = np.maximum.accumulate(keyed) - group.astype(np.int64) * shift
    return out


def first_true_per_group(group: np.ndarray, mask: np.ndarray, n_groups: int) -> np.ndarray:
    """Index of the first row with ``mask`` per group (rows sorted by group), -1 if none."""
    out = np.full(n_groups, -1, dtype=np.int64)
    rows = np.flatnonzero(mask)
    groups, first = np.unique(group[rows], return_index=True)
    out[groups] = rows[first]
    return out


def mix64(*parts: np.ndarray | int) -> np.ndarray:
    """A deterministic 64-bit hash (splitmix64 finaliser) of integer arrays, elementwise."""
    with np.errstate(over="ignore"):
        h: np.ndarray = np.asarray(np.uint64(0x9E3779B97F4A7C15))
        for part in parts:
            x = np.asarray(part).astype(np.uint64) + h
            x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            h = x ^ (x >> np.uint64(31))
        out: np.ndarray = np.asarray(h, dtype=np.uint64)
    return out


def pair_within(cell: np.ndarray, selected: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Pair the ``selected`` rows at random within equal ``cell`` values.

    Returns the partner index of every row (-1 when unpaired); pairs are symmetric.
    """
    n = cell.size
    partner = np.full(n, -1, dtype=np.int64)
    rows = np.flatnonzero(selected)
    if rows.size < 2:
        return partner
    order = rows[order_by(cell[rows], rng.integers(0, 2**31, rows.size))]
    cells = cell[order]
    starts = np.r_[True, cells[1:] != cells[:-1]]
    block = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    rank = np.arange(order.size) - first[block]
    nxt = np.arange(order.size) + 1
    ok = (rank % 2 == 0) & (nxt < order.size)
    ok[ok] &= cells[nxt[ok]] == cells[ok]
    a = order[ok]
    b = order[nxt[ok]]
    partner[a] = b
    partner[b] = a
    return partner


def take(values: Sequence[str] | np.ndarray, index: np.ndarray) -> pl.Series:
    """``values[index]`` as a polars String series (a gather from a small lookup table)."""
    table = pl.Series(list(values), dtype=pl.String)
    return table.gather(pl.Series(index.astype(np.int64)))


def order_by(*keys: np.ndarray) -> np.ndarray:
    """Stable sort order by ``keys`` (the first is the primary key), like ``np.lexsort``
    with reversed keys, but combined into one int64 key when their ranges allow."""
    combined = np.zeros(keys[0].size, dtype=np.int64)
    span = 1
    for key in keys:
        k = np.asarray(key, dtype=np.int64)
        low = int(k.min()) if k.size else 0
        width = (int(k.max()) - low + 1) if k.size else 1
        if span * width >= 2**62:
            out: np.ndarray = np.lexsort(tuple(reversed(keys)))
            return out
        combined = combined * width + (k - low)
        span *= width
    result: np.ndarray = np.argsort(combined, kind="stable")
    return result


def padded(numbers: np.ndarray, width: int) -> pl.Series:
    """Non-negative integers as zero-padded decimal strings of ``width`` digits."""
    series = pl.Series(numbers.astype(np.int64) + 10**width).cast(pl.String)
    return series.str.slice(1)

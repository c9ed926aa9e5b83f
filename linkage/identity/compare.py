"""Comparisons: from a pair of records to a comparison level, vectorised over all pairs.

A comparison turns the values of one field (or a few related fields) of two records into
an ordered *level*: ``0`` is the weakest agreement ("different"), ``len(labels) - 1`` the
strongest ("exact"), and ``-1`` means the field is missing on either side (a missing field
carries no evidence in Fellegi-Sunter). Comparing happens in two steps:

1. :meth:`Comparison.prepare` runs once per input frame, as polars expressions
   (normalisation, dictionary codes, dates split into parts, term frequencies);
2. :meth:`Comparison.levels` maps arrays of record indices ``left``/``right`` to levels
   with numpy on codes and, for strings, :func:`~linkage.identity.strings.pair_similarity`
   (rapidfuzz ``cpdist`` on the few pairs a cheap bound cannot settle).

Comparisons available: :class:`ExactMatch`, :class:`StringComparison` (Jaro-Winkler, Jaro,
Levenshtein, Damerau-Levenshtein at thresholds), :class:`NameComparison` (surname + given
names, transliteration-aware, swapped and multi-part names), :class:`DateComparison`
(exact / day-month swapped / 1 January or year-only default / one part differs / same
year / within k years) and :class:`DocumentComparison` (exact / 1 or 2 edits).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from linkage.identity.normalise import normalise_code, normalise_document
from linkage.identity.strings import (
    EncodedStrings,
    LevelTable,
    StringMethod,
    dense_codes,
    encode_strings,
    level_table,
    pair_levels,
)
from schemas.errors import ConfigError

__all__ = [
    "MISSING",
    "Comparison",
    "DateComparison",
    "DocumentComparison",
    "ExactMatch",
    "Index",
    "Levels",
    "Normaliser",
    "StringComparison",
    "check_thresholds",
    "level_table_for",
    "term_frequencies",
]

#: The level of a pair whose field is missing on either side.
MISSING = -1

#: Value-pair level tables hold at most this many cells (int8 each) ...
MAX_TABLE_CELLS = 16_000_000
#: ... and at most this many per input record (small inputs get small tables).
TABLE_CELLS_PER_RECORD = 64

Index = npt.NDArray[np.int64]
Levels = npt.NDArray[np.int8]
Normaliser = Callable[[pl.Expr], pl.Expr]


def _codes(frame: pl.DataFrame, expr: pl.Expr) -> npt.NDArray[np.int32]:
    """Dense integer codes of ``expr`` over ``frame`` (null -> -1)."""
    return dense_codes(frame.select(expr.alias("_v")).to_series())[0]


def term_frequencies(frame: pl.DataFrame, expr: pl.Expr) -> npt.NDArray[np.float64]:
    """Per record: the share of non-null records with the same value of ``expr`` (NaN if null)."""
    v = expr.alias("_v")
    tf = frame.select((pl.len().over(v) / v.count()).cast(pl.Float64).alias("tf"), v)
    out = tf.select(pl.when(pl.col("_v").is_null()).then(None).otherwise(pl.col("tf")))
    return np.asarray(out.to_series().to_numpy(), dtype=np.float64)


def level_table_for(
    enc: EncodedStrings, n_records: int, method: StringMethod, thresholds: tuple[float, ...]
) -> LevelTable | None:
    cells = min(MAX_TABLE_CELLS, TABLE_CELLS_PER_RECORD * n_records)
    return level_table(enc, method, thresholds, cells)


def _col(column: str, normalise: Normaliser | None) -> pl.Expr:
    expr = pl.col(column)
    return normalise(expr) if normalise is not None else expr


class Comparison(ABC):
    """One comparison of a spec: a name, ordered level labels, prepare and levels.

    Subclass it for a comparison of your own (levels from 0, weakest, upwards; -1 for
    missing):

    >>> import numpy as np
    >>> import polars as pl
    >>> class SameInitial(Comparison):
    ...     name = "initial"
    ...     labels = ("different", "same_initial")
    ...     columns = ("surname",)
    ...     def prepare(self, frame):
    ...         return frame["surname"].str.slice(0, 1).to_numpy()
    ...     def levels(self, prepared, left, right, workers=-1):
    ...         return (prepared[left] == prepared[right]).astype(np.int8)
    >>> comp = SameInitial()
    >>> comp.levels(comp.prepare(pl.DataFrame({"surname": ["Berg", "Bode", "Dahl"]})),
    ...             np.array([0, 0]), np.array([1, 2])).tolist()
    [1, 0]
    """

    name: str

    @property
    @abstractmethod
    def labels(self) -> tuple[str, ...]:
        """Level labels, weakest (level 0) first; level -1 is always ``missing``."""

    @property
    @abstractmethod
    def columns(self) -> tuple[str, ...]:
        """Input columns this comparison reads."""

    @abstractmethod
    def prepare(self, frame: pl.DataFrame) -> Any:
        """Per-record data (codes, parts) computed once for all input records."""

    @abstractmethod
    def levels(self, prepared: Any, left: Index, right: Index, workers: int = -1) -> Levels:
        """Comparison level of each pair ``(left[i], right[i])`` of record indices."""

    def tf_adjustments(self, prepared: Any) -> list[tuple[int, npt.NDArray[np.float64]]]:
        """``(level, per-record term frequency)`` for levels that get a TF adjustment."""
        return []

    @property
    def n_levels(self) -> int:
        """Number of non-missing levels."""
        return len(self.labels)


def check_thresholds(thresholds: tuple[float, ...], distance: bool, name: str) -> None:
    if not thresholds:
        raise ConfigError(f"comparison {name!r}: thresholds must not be empty")
    ordered = sorted(thresholds) if distance else sorted(thresholds, reverse=True)
    if list(thresholds) != ordered or len(set(thresholds)) != len(thresholds):
        want = "increasing edit counts" if distance else "decreasing similarities"
        raise ConfigError(f"comparison {name!r}: thresholds {thresholds} must be {want}")
    if distance and any(t < 1 or t != int(t) for t in thresholds):
        raise ConfigError(f"comparison {name!r}: edit-count thresholds must be integers >= 1")
    if not distance and any(not 0.0 < t < 1.0 for t in thresholds):
        raise ConfigError(f"comparison {name!r}: similarity thresholds must be in (0, 1)")


@dataclass(frozen=True, eq=False)
class ExactMatch(Comparison):
    """Two levels: ``exact`` (equal values) and ``different``; missing when either is null.

    >>> import numpy as np
    >>> import polars as pl
    >>> sex = ExactMatch("sex")
    >>> prepared = sex.prepare(pl.DataFrame({"sex": ["F", "F", None]}))
    >>> sex.levels(prepared, np.array([0, 0]), np.array([1, 2])).tolist()
    [1, -1]
    """

    column: str
    name: str = ""
    normalise: Normaliser | None = None
    tf_adjust: bool = False

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.column)

    @property
    def labels(self) -> tuple[str, ...]:
        return ("different", "exact")

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    def prepare(self, frame: pl.DataFrame) -> Any:
        expr = _col(self.column, self.normalise)
        tf = term_frequencies(frame, expr) if self.tf_adjust else None
        return (_codes(frame, expr), tf)

    def levels(self, prepared: Any, left: Index, right: Index, workers: int = -1) -> Levels:
        codes: npt.NDArray[np.int32] = prepared[0]
        ca, cb = codes[left], codes[right]
        out: Levels = (ca == cb).astype(np.int8)
        out[(ca < 0) | (cb < 0)] = MISSING
        return out

    def tf_adjustments(self, prepared: Any) -> list[tuple[int, npt.NDArray[np.float64]]]:
        return [] if prepared[1] is None else [(1, prepared[1])]


@dataclass(frozen=True, eq=False)
class StringComparison(Comparison):
    """``exact``, then one level per threshold (strongest first), then ``different``.

    ``thresholds`` are similarities in (0, 1), decreasing (e.g. Jaro-Winkler 0.92, 0.8),
    or, for the ``*_distance`` methods, edit counts, increasing (e.g. 1, 2). ``normalise``
    maps the column expression before comparing (e.g. :func:`~linkage.identity.normalise.
    fold_name`); ``tf_adjust`` adds a term-frequency adjustment to the exact level.

    >>> import numpy as np
    >>> import polars as pl
    >>> city = StringComparison("city", "jarowinkler", (0.9, 0.8))
    >>> city.labels
    ('different', 'jarowinkler>=0.8', 'jarowinkler>=0.9', 'exact')
    >>> prepared = city.prepare(pl.DataFrame({"city": ["Muenchen", "Munchen", "Berlin"]}))
    >>> city.levels(prepared, np.array([0, 0]), np.array([1, 2])).tolist()  # 0.875, 0.42
    [1, 0]
    """

    column: str
    method: StringMethod | str = StringMethod.JARO_WINKLER
    thresholds: tuple[float, ...] = (0.92, 0.8)
    name: str = ""
    normalise: Normaliser | None = None
    tf_adjust: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", StringMethod(self.method))
        if not self.name:
            object.__setattr__(self, "name", self.column)
        object.__setattr__(self, "thresholds", tuple(self.thresholds))
        check_thresholds(self.thresholds, StringMethod(self.method).is_distance, self.name)

    @property
    def labels(self) -> tuple[str, ...]:
        method = StringMethod(self.method)
        if method.is_distance:
            mid = [f"edits<={int(t)}" for t in reversed(self.thresholds)]
        else:
            mid = [f"{method.value}>={t:g}" for t in reversed(self.thresholds)]
        return ("different", *mid, "exact")

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    def prepare(self, frame: pl.DataFrame) -> Any:
        expr = _col(self.column, self.normalise)
        enc = encode_strings(frame.select(expr.alias("_v")).to_series())
        tf = term_frequencies(frame, expr) if self.tf_adjust else None
        method = StringMethod(self.method)
        return (enc, tf, level_table_for(enc, frame.height, method, self.thresholds))

    def levels(self, prepared: Any, left: Index, right: Index, workers: int = -1) -> Levels:
        enc, _, table = prepared
        method = StringMethod(self.method)
        return pair_levels(enc, left, right, method, self.thresholds, table, workers)

    def tf_adjustments(self, prepared: Any) -> list[tuple[int, npt.NDArray[np.float64]]]:
        return [] if prepared[1] is None else [(self.n_levels - 1, prepared[1])]


@dataclass(frozen=True, eq=False)
class _DateParts:
    year: npt.NDArray[np.int16]  # -1 unknown
    month_day: npt.NDArray[np.int16]  # month * 32 + day; 0 when only the year is known
    day_month: npt.NDArray[np.int16]  # day * 32 + month (for swaps); 0 likewise
    default: npt.NDArray[np.bool_]  # year only, or 1 January


@dataclass(frozen=True, eq=False)
class DateComparison(Comparison):
    """Birth dates, aware of default dates and day/month swaps.

    Levels, strongest first: ``exact``; ``day_month_swapped`` (same year, day and month
    exchanged); ``year_only_or_1_january`` (same year and at least one side only knows
    the year or holds 1 January, the default recorded when the date of birth is unknown
    [@bamf-2020-january-first] [@bmi-2020-january-first]); ``one_part_differs`` (two of
    year, month and day equal: a typo in one of them); ``same_year``;
    ``within_{k}_years`` (years at most ``year_tolerance`` apart); ``different``. Missing
    when either side knows no year. ``column`` is a Date column; ``year_column``
    (optional) gives the year of records whose full date is unknown.

    >>> import datetime as dt
    >>> import numpy as np
    >>> import polars as pl
    >>> dates = pl.DataFrame({"birth_date": [dt.date(1980, 5, 7), dt.date(1980, 7, 5),
    ...                                      dt.date(1980, 1, 1), None]})
    >>> dob = DateComparison("birth_date")
    >>> levels = dob.levels(dob.prepare(dates), np.array([0, 0, 0]), np.array([1, 2, 3]))
    >>> [dob.labels[x] if x >= 0 else "missing" for x in levels]
    ['day_month_swapped', 'year_only_or_1_january', 'missing']
    """

    column: str = "birth_date"
    year_column: str | None = None
    name: str = ""
    year_tolerance: int = 2

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.column)
        if self.year_tolerance < 1:
            raise ConfigError(f"comparison {self.name!r}: year_tolerance must be >= 1")

    @property
    def labels(self) -> tuple[str, ...]:
        return (
            "different",
            f"within_{self.year_tolerance}_years",
            "same_year",
            "one_part_differs",
            "year_only_or_1_january",
            "day_month_swapped",
            "exact",
        )

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,) if self.year_column is None else (self.column, self.year_column)

    def prepare(self, frame: pl.DataFrame) -> Any:
        date = pl.col(self.column)
        if frame.schema[self.column] != pl.Date:
            date = date.cast(pl.Date)
        year = date.dt.year().cast(pl.Int32)
        if self.year_column is not None:
            year = pl.coalesce(year, pl.col(self.year_column).cast(pl.Int32))
        month, day = date.dt.month().cast(pl.Int16), date.dt.day().cast(pl.Int16)
        parts = frame.select(
            year.fill_null(-1).cast(pl.Int16).alias("y"),
            (month * 32 + day).fill_null(0).alias("md"),
            (day * 32 + month).fill_null(0).alias("dm"),
            (month.is_null() | ((month == 1) & (day == 1))).fill_null(True).alias("default"),
        )
        return _DateParts(
            year=parts["y"].to_numpy(),
            month_day=parts["md"].to_numpy(),
            day_month=parts["dm"].to_numpy(),
            default=parts["default"].to_numpy(),
        )

    def levels(self, prepared: Any, left: Index, right: Index, workers: int = -1) -> Levels:
        p: _DateParts = prepared
        ya, yb = p.year[left], p.year[right]
        mda, mdb = p.month_day[left], p.month_day[right]
        # Lowest level first; each stronger condition overwrites.
        dy = np.abs(ya - yb)
        out: Levels = (dy <= self.year_tolerance).astype(np.int8)
        same_y = dy == 0
        out[same_y] = 2
        full = (mda > 0) & (mdb > 0)
        same_m = (mda >> 5) == (mdb >> 5)
        same_d = (mda & 31) == (mdb & 31)
        same_md = mda == mdb
        out[full & ((same_y & (same_m | same_d)) | same_md)] = 3
        out[same_y & (p.default[left] | p.default[right])] = 4
        out[same_y & full & (mda == p.day_month[right])] = 5
        out[same_y & full & same_md] = 6
        out[(ya < 0) | (yb < 0)] = MISSING
        return out


@dataclass(frozen=True, eq=False)
class _DocPrepared:
    number: EncodedStrings
    country: npt.NDArray[np.int32]


@dataclass(frozen=True, eq=False)
class DocumentComparison(Comparison):
    """Travel-document numbers (normalised to ``A-Z0-9``).

    Levels: ``exact`` (same number, and the same issuing country or a country missing),
    ``same_number_other_country``, ``one_edit``, ``two_edits`` (Levenshtein), ``different``;
    missing when either number is null.

    >>> import numpy as np
    >>> import polars as pl
    >>> doc = DocumentComparison("number", country_column="country")
    >>> docs = pl.DataFrame({"number": ["AB123456", "ab-123456", "AB123457", "AB123456"],
    ...                      "country": ["DEU", "DEU", "DEU", "FRA"]})
    >>> levels = doc.levels(doc.prepare(docs), np.array([0, 0, 0]), np.array([1, 2, 3]))
    >>> [doc.labels[x] for x in levels]
    ['exact', 'one_edit', 'same_number_other_country']
    """

    column: str = "document_number"
    country_column: str | None = None
    name: str = ""

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.column)

    @property
    def labels(self) -> tuple[str, ...]:
        return ("different", "two_edits", "one_edit", "same_number_other_country", "exact")

    @property
    def columns(self) -> tuple[str, ...]:
        cols = (self.column,)
        return cols if self.country_column is None else (*cols, self.country_column)

    def prepare(self, frame: pl.DataFrame) -> Any:
        number = encode_strings(
            frame.select(normalise_document(pl.col(self.column)).alias("_v")).to_series()
        )
        if self.country_column is None:
            country = np.full(frame.height, -1, dtype=np.int32)
        else:
            country = _codes(frame, normalise_code(pl.col(self.country_column)))
        return _DocPrepared(number=number, country=country)

    def levels(self, prepared: Any, left: Index, right: Index, workers: int = -1) -> Levels:
        p: _DocPrepared = prepared
        # 3 same number, 2 one edit, 1 two edits, 0 different, -1 missing.
        out = pair_levels(
            p.number, left, right, StringMethod.LEVENSHTEIN_DISTANCE, (1, 2), None, workers
        )
        same = out == 3
        ca, cb = p.country[left[same]], p.country[right[same]]
        exact = np.where((ca >= 0) & (cb >= 0) & (ca != cb), 3, 4).astype(np.int8)
        out[same] = exact
        return out

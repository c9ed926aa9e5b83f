"""The rows a noise pass touches, held as numpy columns, and their write-back.

:func:`apply_noise` draws every Bernoulli event first and gathers the rows with at least
one event into a :class:`Batch` (a fifth of the frame at the default rates). Each column
is loaded only at the batch rows of the noise types that use it, so a column such as
``sex`` costs a few per cent of the frame, not the whole batch. Noise types address rows
by their position in the batch; they edit the batch in place, and each changed column is
scattered back once.

Column representations inside a batch: text columns are ``object`` arrays of ``str`` or
``None``; dates are ``datetime64[D]`` (``NaT`` = null); integer columns are ``int64`` with
:data:`NULL_INT` for null.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from synth.corruption.codepoints import IntArray

__all__ = ["NULL_INT", "Batch", "load_batch", "not_null", "store_batch", "text_series"]

#: Stand-in for null in integer batch columns (years and name ids are never negative).
NULL_INT = -1


@dataclass
class Batch:
    """Selected rows of a frame as mutable numpy columns (see module docstring)."""

    rows: IntArray  # frame row of each batch position
    columns: dict[str, npt.NDArray[Any]]  # values at ``loaded[name]``
    loaded: dict[str, IntArray]  # sorted batch positions where each column is held
    dtypes: dict[str, pl.DataType]
    changed: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return int(self.rows.size)

    def has(self, name: str) -> bool:
        """Whether column ``name`` is held (it exists in the frame and a noise type uses it)."""
        return name in self.columns

    def _slots(self, name: str, where: IntArray) -> IntArray:
        slots = np.searchsorted(self.loaded[name], where)
        held = self.loaded[name]
        if where.size and (slots.max() >= held.size or not np.array_equal(held[slots], where)):
            raise KeyError(f"column {name!r} is not loaded at every requested batch row")
        return slots.astype(np.int64)

    def get(self, name: str, where: IntArray) -> npt.NDArray[Any]:
        """Values of column ``name`` at batch positions ``where`` (a copy)."""
        return self.columns[name][self._slots(name, where)]

    def put(self, name: str, where: IntArray, values: npt.NDArray[Any] | Any) -> None:
        """Set column ``name`` at batch positions ``where``."""
        if where.size:
            self.columns[name][self._slots(name, where)] = values
            self.changed.add(name)


def not_null(values: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Which entries of an ``object`` text column are not null."""
    return np.asarray(np.not_equal(values, np.array(None, dtype=object)), dtype=np.bool_)


def text_series(name: str, values: npt.NDArray[Any]) -> pl.Series:
    """A String series from an ``object`` array of ``str``/``None``."""
    return pl.Series(name, values.tolist(), dtype=pl.String)


def _to_numpy(series: pl.Series) -> npt.NDArray[Any]:
    dtype = series.dtype
    if dtype == pl.Date:
        return np.asarray(series.to_numpy(), dtype="datetime64[D]")
    if dtype.is_integer():
        return np.asarray(series.fill_null(NULL_INT).to_numpy(), dtype=np.int64)
    if dtype.is_float():
        return np.asarray(series.to_numpy(), dtype=np.float64)
    return np.asarray(series.cast(pl.String).to_numpy(), dtype=object)


def _to_series(name: str, values: npt.NDArray[Any], dtype: pl.DataType) -> pl.Series:
    if dtype == pl.Date:
        return pl.Series(name, values.astype("datetime64[D]"), dtype=pl.Date)
    if dtype.is_integer():
        as_float = np.where(values == NULL_INT, np.nan, values.astype(np.float64))
        return pl.Series(name, as_float, nan_to_null=True).cast(dtype)
    if dtype.is_float():
        return pl.Series(name, values, dtype=dtype)
    return text_series(name, values).cast(dtype)


def load_batch(records: pl.DataFrame, rows: IntArray, need: Mapping[str, IntArray]) -> Batch:
    """Gather each column of ``need`` that exists in ``records`` at its batch positions.

    ``rows`` are the frame rows of the batch; ``need[name]`` the sorted batch positions
    where column ``name`` is used.
    """
    columns: dict[str, npt.NDArray[Any]] = {}
    loaded: dict[str, IntArray] = {}
    dtypes: dict[str, pl.DataType] = {}
    for name, positions in need.items():
        if name not in records.columns:
            continue
        index = pl.Series("rows", rows[positions], dtype=pl.Int64)
        columns[name] = _to_numpy(records.get_column(name).gather(index))
        loaded[name] = positions
        dtypes[name] = records.schema[name]
    return Batch(rows=rows, columns=columns, loaded=loaded, dtypes=dtypes)


def store_batch(records: pl.DataFrame, batch: Batch) -> dict[str, pl.Series]:
    """The full columns of ``records`` that ``batch`` changed, with its values scattered in."""
    out: dict[str, pl.Series] = {}
    for name in sorted(batch.changed):
        values = _to_series(name, batch.columns[name], batch.dtypes[name])
        target = batch.rows[batch.loaded[name]]
        out[name] = records.get_column(name).clone().scatter(target, values)
    return out

"""Shared helpers of the corruption tests: name tables, records, applied-event masks.

``NAMES`` is the project's name table (:func:`synth.names.build_name_table`); ``FAKE_NAMES``
is a small hand-built table whose exact variants some unit tests pin.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt
import polars as pl

from synth.corruption import NOISE_COLUMN, NoiseType, uniform_rates
from synth.corruption.sample import sample_records
from synth.names import NameTable, build_name_table
from tests.synth.corruption.fakes import FakeNameTable, fake_name_table

NAMES: NameTable = build_name_table(0)
FAKE_NAMES: FakeNameTable = fake_name_table()


@cache
def records(height: int, seed: int = 0) -> pl.DataFrame:
    """Sample records drawn from the project's name table (cached; frames are immutable)."""
    return sample_records(height, NAMES, np.random.default_rng(seed))


@cache
def fake_records(height: int, seed: int = 0) -> pl.DataFrame:
    """Sample records drawn from the hand-built name table."""
    return sample_records(height, FAKE_NAMES, np.random.default_rng(seed))


def rates(height: int, **by_key: float) -> dict[NoiseType, npt.NDArray[np.float64]]:
    """Constant per-row rates, keyed by noise-type value."""
    return uniform_rates(height, {NoiseType(k): v for k, v in by_key.items()})


def applied(frame: pl.DataFrame, key: NoiseType) -> npt.NDArray[np.bool_]:
    """Rows whose ``noise_applied`` lists ``key``."""
    lists = frame.get_column(NOISE_COLUMN).str.split(",")
    return np.asarray(lists.list.contains(key.value).to_numpy(), dtype=bool)

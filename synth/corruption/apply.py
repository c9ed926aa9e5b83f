"""Apply the registered noise types to a frame of records."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from schemas.errors import ConfigError
from schemas.rng import stable_hash
from synth.corruption.batch import Batch, load_batch, store_batch
from synth.corruption.codepoints import IntArray
from synth.corruption.dates import day_month_swap, default_birth_date, year_only_birth_date
from synth.corruption.fields import (
    document_digit_error,
    missing_field,
    wrong_nationality,
    wrong_sex,
)
from synth.corruption.names import (
    NameLookup,
    name_order,
    name_swap,
    transliteration,
    truncated_surname,
)
from synth.corruption.registry import NOISE_BY_KEY, NOISE_TYPES, NoiseType
from synth.corruption.text import keyboard_typo_noise, ocr_noise, phonetic_noise

__all__ = ["IMPLEMENTATIONS", "NOISE_COLUMN", "Implementation", "apply_noise"]

logger = logging.getLogger(__name__)

#: The truth column listing the noise applied to each record.
NOISE_COLUMN = "noise_applied"

Corruptor = Callable[[Batch, IntArray, np.random.Generator, NameLookup], None]


@dataclass(frozen=True)
class Implementation:
    """How a noise type is carried out: the function and the columns it needs."""

    run: Corruptor
    requires: tuple[str, ...]  # must be in the frame when the noise type has a rate
    reads: tuple[str, ...] = ()  # used when present (besides the spec's columns)


IMPLEMENTATIONS: dict[NoiseType, Implementation] = {
    NoiseType.TRANSLITERATION: Implementation(
        transliteration,
        requires=("given_names", "surname", "given_id", "surname_id"),
        reads=("given_id2", "surname_id2", "surname_at_birth"),
    ),
    NoiseType.TRUNCATED_SURNAME: Implementation(
        truncated_surname, requires=("surname",), reads=("surname_id", "surname_id2")
    ),
    NoiseType.NAME_ORDER: Implementation(
        name_order, requires=("given_names", "surname"), reads=("culture",)
    ),
    NoiseType.NAME_SWAP: Implementation(name_swap, requires=("given_names", "surname")),
    NoiseType.PHONETIC_ERROR: Implementation(phonetic_noise, requires=()),
    NoiseType.OCR_ERROR: Implementation(ocr_noise, requires=()),
    NoiseType.KEYBOARD_TYPO: Implementation(keyboard_typo_noise, requires=()),
    NoiseType.DEFAULT_BIRTH_DATE: Implementation(
        default_birth_date, requires=("birth_date",), reads=("birth_year",)
    ),
    NoiseType.DAY_MONTH_SWAP: Implementation(day_month_swap, requires=("birth_date",)),
    NoiseType.YEAR_ONLY_BIRTH_DATE: Implementation(year_only_birth_date, requires=("birth_date",)),
    NoiseType.WRONG_SEX: Implementation(wrong_sex, requires=("sex",)),
    NoiseType.WRONG_NATIONALITY: Implementation(wrong_nationality, requires=("nationality",)),
    NoiseType.DOCUMENT_DIGIT_ERROR: Implementation(
        document_digit_error, requires=("document_number",)
    ),
    NoiseType.MISSING_FIELD: Implementation(missing_field, requires=()),
}


def _rate_arrays(
    rates: Mapping[NoiseType, npt.NDArray[Any]], height: int
) -> dict[NoiseType, npt.NDArray[np.float64]]:
    """Validated per-row rates; every problem reported at once."""
    problems: list[str] = []
    out: dict[NoiseType, npt.NDArray[np.float64]] = {}
    for key, value in rates.items():
        try:
            noise = NoiseType(key)
        except ValueError:
            allowed = ", ".join(t.value for t in NoiseType)
            problems.append(f"rates: unknown noise type {key!r} (allowed: {allowed})")
            continue
        array = np.asarray(value, dtype=np.float64)
        if array.ndim == 0:
            array = np.full(height, float(array))
        if array.shape != (height,):
            problems.append(
                f"rates.{noise.value}: shape {array.shape} does not match {height} records"
            )
            continue
        bad = ~((array >= 0.0) & (array <= 1.0))
        if bad.any():
            first = array[np.flatnonzero(bad)[0]]
            problems.append(
                f"rates.{noise.value}: {int(bad.sum())} rates outside [0, 1] (e.g. {first!r})"
            )
            continue
        out[noise] = array
    if problems:
        raise ConfigError("; ".join(problems))
    return out


def _labels(applied: Mapping[NoiseType, npt.NDArray[np.bool_]], height: int) -> pl.Series:
    """The ``noise_applied`` strings: applied keys in registry order, comma-separated."""
    code = np.zeros(height, dtype=np.int64)
    for bit, spec in enumerate(NOISE_TYPES):
        if spec.key in applied:
            code |= applied[spec.key].astype(np.int64) << bit
    present = np.flatnonzero(np.bincount(code, minlength=1))
    labels = [
        ",".join(spec.key.value for bit, spec in enumerate(NOISE_TYPES) if c >> bit & 1)
        for c in present.tolist()
    ]
    lookup = np.zeros(int(present.max(initial=0)) + 1, dtype=np.int64)
    lookup[present] = np.arange(present.size)
    index = pl.Series("index", lookup[code], dtype=pl.Int64)
    return pl.Series(NOISE_COLUMN, labels, dtype=pl.String).gather(index)


def apply_noise(
    records: pl.DataFrame,
    rates: Mapping[NoiseType, npt.NDArray[Any]],
    rng: np.random.Generator,
    names: NameLookup,
) -> pl.DataFrame:
    """Return ``records`` with identity columns corrupted and a ``noise_applied`` column.

    ``rates`` maps a noise type to its per-row probability (float64, one per record; a
    missing key means rate 0). Each noise type is *applied* to a row with exactly that
    probability (an independent Bernoulli draw) whether or not the value visibly changes,
    and ``noise_applied`` lists the applied types (comma-separated values of
    :class:`NoiseType` in :data:`NOISE_TYPES` order, "" when none). When ``records``
    already has a ``noise_applied`` column, the new keys are appended to it.

    Columns read: surname, given_names, surname_at_birth, birth_date (Date), birth_year,
    sex, nationality, place_of_birth, document_number, culture (naming-culture key),
    given_id, given_id2, surname_id, surname_id2 (name_ids into ``names``, the second ones
    null for one-part names). Only the identity columns of
    :data:`~synth.corruption.registry.IDENTITY_COLUMNS` are changed; every other column
    (truth included) passes through, and the output keeps every input dtype.

    Each noise type draws from its own stream derived from ``rng`` and its key, so the
    draws of one type do not depend on which other types have a rate. Raises
    :class:`~schemas.errors.ConfigError` for a bad rate or a missing required column.
    """
    height = records.height
    arrays = _rate_arrays(rates, height)
    _check_columns(records, arrays)
    applied, streams = _draw_applied(arrays, height, rng)
    touched = np.zeros(height, dtype=bool)
    for mask in applied.values():
        touched |= mask
    rows = np.flatnonzero(touched).astype(np.int64)
    batch = load_batch(records, rows, _cells_needed(applied, rows))
    for spec in NOISE_TYPES:
        if spec.key in applied:
            where = np.flatnonzero(applied[spec.key][rows]).astype(np.int64)
            IMPLEMENTATIONS[spec.key].run(batch, where, streams[spec.key], names)
            logger.debug("noise %s applied to %d of %d records", spec.key, where.size, height)
    out = records.with_columns(list(store_batch(records, batch).values()))
    return _with_labels(out, records, _labels(applied, height))


def _check_columns(records: pl.DataFrame, arrays: Mapping[NoiseType, object]) -> None:
    """Raise ConfigError when ``records`` lacks a column a noise type with a rate needs."""
    missing = sorted(
        {
            column
            for key in arrays
            for column in IMPLEMENTATIONS[key].requires
            if column not in records.columns
        }
    )
    if missing:
        raise ConfigError(f"records lack the column(s) the noise needs: {', '.join(missing)}")


def _draw_applied(
    arrays: Mapping[NoiseType, npt.NDArray[np.float64]], height: int, rng: np.random.Generator
) -> tuple[dict[NoiseType, npt.NDArray[np.bool_]], dict[NoiseType, np.random.Generator]]:
    """Which rows each noise type is applied to, and the type's own stream for its edits."""
    base = int(rng.integers(0, 2**63 - 1))
    applied: dict[NoiseType, npt.NDArray[np.bool_]] = {}
    streams: dict[NoiseType, np.random.Generator] = {}
    for spec in NOISE_TYPES:
        if spec.key not in arrays:
            continue
        stream = np.random.default_rng([base, stable_hash(spec.key.value)])
        mask = stream.random(height) < arrays[spec.key]
        if mask.any():
            applied[spec.key] = mask
            streams[spec.key] = stream
    return applied, streams


def _cells_needed(
    applied: Mapping[NoiseType, npt.NDArray[np.bool_]], rows: npt.NDArray[np.int64]
) -> dict[str, npt.NDArray[np.int64]]:
    """Per column, the batch rows whose value some applied noise type writes or reads
    (each column is loaded only where it is used)."""
    used: dict[str, npt.NDArray[np.bool_]] = {}
    for key, mask in applied.items():
        at = mask[rows]
        implementation = IMPLEMENTATIONS[key]
        for column in (*NOISE_BY_KEY[key].columns, *implementation.requires, *implementation.reads):
            used[column] = used[column] | at if column in used else at
    return {column: np.flatnonzero(at).astype(np.int64) for column, at in used.items()}


def _with_labels(out: pl.DataFrame, records: pl.DataFrame, labels: pl.Series) -> pl.DataFrame:
    """``out`` with the applied noise keys appended to any ``noise_applied`` it had."""
    if NOISE_COLUMN not in records.columns:
        return out.with_columns(labels)
    old = pl.col(NOISE_COLUMN).fill_null("")
    new = pl.lit(labels)
    merged = (
        pl.when(old == "")
        .then(new)
        .when(new == "")
        .then(old)
        .otherwise(pl.concat_str([old, new], separator=","))
    )
    return out.with_columns(merged.cast(records.schema[NOISE_COLUMN]).alias(NOISE_COLUMN))

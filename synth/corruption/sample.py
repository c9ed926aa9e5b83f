"""Plain records to corrupt, for tests, benchmarks and demonstrations of this layer.

Not a population model (that is the world generator's job): names are drawn uniformly
from the name table's pools, dates uniformly over 1940-2015, nationalities and places of
birth from short fixed lists. Every column :func:`synth.corruption.apply_noise` reads is
present, plus a few truth and pass-through columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import polars as pl

from synth.corruption.batch import text_series
from synth.corruption.codepoints import from_codes
from synth.corruption.names import NameLookup

__all__ = ["NamePools", "sample_records"]

_TEXT = np.dtypes.StringDType()
_NATIONALITIES = ("SYR", "AFG", "IRQ", "ERI", "NGA", "UKR", "CHN", "COL", "PAK", "MAR", "TUR")
_PLACES = ("ALEPPO", "KABUL", "MOSUL", "ASMARA", "LAGOS", "KYIV", "WUHAN", "BOGOTÁ", "LAHORE")
_START = dt.date(1940, 1, 1)
_END = dt.date(2015, 12, 31)


class NamePools(NameLookup, Protocol):
    """A name table with its pools (what :func:`sample_records` draws from)."""

    @property
    def culture(self) -> npt.NDArray[Any]: ...

    @property
    def kind(self) -> npt.NDArray[Any]: ...

    @property
    def sex(self) -> npt.NDArray[Any]: ...


def _spell(
    names: NameLookup,
    first: npt.NDArray[np.int64],
    second: npt.NDArray[np.int64],
    rng: np.random.Generator,
    canonical_share: float,
) -> npt.NDArray[Any]:
    """Latin spelling of one- or two-part names (mostly the canonical variant)."""
    size = first.size
    variant = np.where(rng.random(size) < canonical_share, 0, rng.integers(0, 1 << 30, size))
    text = np.asarray(names.latin(first, variant), dtype=_TEXT)
    two = np.flatnonzero(second >= 0)
    if two.size:
        variant2 = np.where(
            rng.random(two.size) < canonical_share, 0, rng.integers(0, 1 << 30, two.size)
        )
        part2 = np.asarray(names.latin(second[two], variant2), dtype=_TEXT)
        text[two] = np.strings.add(np.strings.add(text[two], " "), part2)
    return text.astype(object)


def _draw(pool: npt.NDArray[np.int64], size: int, rng: np.random.Generator) -> Any:
    return pool[rng.integers(0, pool.size, size)] if pool.size else np.full(size, -1)


@dataclass(frozen=True)
class _NameIds:
    given: npt.NDArray[np.int64]
    given2: npt.NDArray[np.int64]
    surname: npt.NDArray[np.int64]
    surname2: npt.NDArray[np.int64]


def _name_ids(
    names: NamePools,
    cultures: npt.NDArray[Any],
    culture: npt.NDArray[Any],
    sex: npt.NDArray[Any],
    rng: np.random.Generator,
    second_given_share: float,
    compound_surname_share: float,
) -> _NameIds:
    """Name ids drawn uniformly from each record's culture pools (-1: no second part)."""
    height = culture.size
    ids = _NameIds(*(np.full(height, -1, dtype=np.int64) for _ in range(4)))
    kinds = np.asarray(names.kind, dtype=object)
    sexes = np.asarray(names.sex, dtype=object)
    table_culture = np.asarray(names.culture, dtype=object)
    for key in cultures.tolist():
        in_culture = table_culture == key
        surnames = np.flatnonzero(in_culture & (kinds == "surname"))
        rows = np.flatnonzero(culture == key)
        ids.surname[rows] = _draw(surnames, rows.size, rng)
        compound = rows[rng.random(rows.size) < compound_surname_share]
        ids.surname2[compound] = _draw(surnames, compound.size, rng)
        for s in ("M", "F"):
            pool = np.flatnonzero(in_culture & (kinds == "given") & (sexes == s))
            rs = rows[sex[rows] == s]
            ids.given[rs] = _draw(pool, rs.size, rng)
            two = rs[rng.random(rs.size) < second_given_share]
            ids.given2[two] = _draw(pool, two.size, rng)
    return ids


def _document_numbers(height: int, rng: np.random.Generator) -> npt.NDArray[Any]:
    """Two letters and seven digits; 5 % missing."""
    letters = rng.integers(ord("A"), ord("Z") + 1, (height, 2))
    digits = rng.integers(ord("0"), ord("9") + 1, (height, 7))
    number = np.asarray(
        from_codes(np.concatenate([letters, digits], axis=1).astype(np.uint32)), dtype=object
    )
    number[rng.random(height) < 0.05] = None
    return number


def _nullable(values: npt.NDArray[np.int64]) -> pl.Series:
    return pl.Series(np.where(values < 0, np.nan, values), nan_to_null=True).cast(pl.Int64)


def sample_records(
    height: int,
    names: NamePools,
    rng: np.random.Generator,
    *,
    second_given_share: float = 0.3,
    compound_surname_share: float = 0.2,
    canonical_share: float = 0.85,
) -> pl.DataFrame:
    """``height`` identity records with name ids from ``names`` (see module docstring)."""
    cultures = np.unique(np.asarray(names.culture, dtype=object).astype(str))
    culture = cultures[rng.integers(0, cultures.size, height)]
    sex = np.where(rng.random(height) < 0.5, "M", "F")
    ids = _name_ids(names, cultures, culture, sex, rng, second_given_share, compound_surname_share)
    given_text = _spell(names, ids.given, ids.given2, rng, canonical_share)
    surname_text = _spell(names, ids.surname, ids.surname2, rng, canonical_share)
    at_birth = surname_text.copy()
    at_birth[rng.random(height) >= 0.6] = None
    span = (_END - _START).days + 1
    birth = np.datetime64(_START, "D") + rng.integers(0, span, height)
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    nationality = np.asarray(_NATIONALITIES, dtype=object)[
        rng.integers(0, len(_NATIONALITIES), height)
    ]
    number = _document_numbers(height, rng)
    place = np.asarray(_PLACES, dtype=object)[rng.integers(0, len(_PLACES), height)]
    registered = np.datetime64("2024-01-01", "D") + rng.integers(0, 730, height)
    record = np.arange(height, dtype=np.int64)
    return pl.DataFrame(
        {
            "record_id": pl.Series(record).cast(pl.String).str.pad_start(8, "0"),
            "person_id": pl.Series(record // 2, dtype=pl.Int64),
            "identity_no": pl.Series(np.zeros(height, dtype=np.int16), dtype=pl.Int16),
            "surname": text_series("surname", surname_text),
            "given_names": text_series("given_names", given_text),
            "surname_at_birth": text_series("surname_at_birth", at_birth),
            "birth_date": pl.Series(birth, dtype=pl.Date),
            "birth_year": pl.Series(year, dtype=pl.Int16),
            "sex": pl.Series(sex, dtype=pl.String),
            "nationality": pl.Series(nationality, dtype=pl.String),
            "place_of_birth": pl.Series(place, dtype=pl.String),
            "document_number": text_series("document_number", number),
            "document_country": pl.Series(nationality, dtype=pl.String),
            "registered_on": pl.Series(registered, dtype=pl.Date),
            "member_state": pl.Series(np.full(height, "DE", dtype=object), dtype=pl.String),
            "culture": pl.Series(culture.astype(object), dtype=pl.String),
            "given_id": _nullable(ids.given),
            "given_id2": _nullable(ids.given2),
            "surname_id": _nullable(ids.surname),
            "surname_id2": _nullable(ids.surname2),
        }
    ).with_columns(pl.concat_str([pl.lit("VIS-"), pl.col("record_id")]).alias("record_id"))

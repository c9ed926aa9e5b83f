"""The flat, vectorised name table every generator draws from.

All string arrays are numpy ``dtype=object`` arrays of Python ``str`` (they convert directly
to polars ``String`` and to numpy ``StringDType``). Arrays are read-only.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import polars as pl

from schemas.errors import ConfigError
from synth.names.pools import KINDS, ZIPF_EXPONENT, Pool, build_pools, zipf_weights

__all__ = ["SEXES", "NameTable", "build_name_table", "table_from_pools"]

log = logging.getLogger(__name__)

#: Sex codes of the table: "M", "F" for given names (and gendered surnames), "U" otherwise.
SEXES: tuple[str, ...] = ("M", "F", "U")


def _as_strings(values: np.ndarray) -> pl.Series:
    """``values`` as a polars String series (nulls for None)."""
    try:
        return pl.Series(values, dtype=pl.String)
    except (pl.exceptions.PolarsError, TypeError, ValueError):
        return pl.Series([None if v is None else str(v) for v in values], dtype=pl.String)


def _codes(
    values: np.ndarray, categories: Sequence[str], what: str, null: str | None
) -> np.ndarray:
    """Index of each value in ``categories`` (int64); unknown values raise ConfigError."""
    arr = np.asarray(values)
    if arr.ndim != 1:
        arr = arr.reshape(-1)
    series = _as_strings(arr)
    if null is not None:
        series = series.fill_null(null).replace("", null)
    try:
        phys = series.cast(pl.Enum(list(categories))).to_physical()
    except pl.exceptions.PolarsError:
        phys = None
    if phys is None or phys.null_count() > 0:
        seen = set(series.drop_nulls().unique().to_list())
        unknown = sorted(seen - set(categories)) + (["<null>"] if series.null_count() else [])
        raise ConfigError(f"unknown {what} value(s) {unknown}; allowed: {list(categories)}")
    out: np.ndarray = phys.to_numpy().astype(np.int64)
    return out


def _readonly(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class NameTable:
    """Every name the generator can draw, in one flat vectorised table (index = name_id).

    Contract fields (see ``NAMES_API.md``) come first; the rest index the pools:
    ``pool_no`` (pool of each name), ``cum_weight`` (pool number + cumulative weight within
    the pool, for one ``searchsorted`` over all rows), ``pool_start``/``pool_end`` per pool,
    ``pool_keys`` ((culture, kind, sex) per pool) and ``male_form``/``female_form`` (the
    same surname in its masculine / feminine form; the name itself when it does not agree).
    """

    culture: np.ndarray
    kind: np.ndarray
    sex: np.ndarray
    native: np.ndarray
    weight: np.ndarray
    variant_offset: np.ndarray
    variant_count: np.ndarray
    variants_flat: np.ndarray
    pool_no: np.ndarray
    cum_weight: np.ndarray
    pool_start: np.ndarray
    pool_end: np.ndarray
    pool_keys: tuple[tuple[str, str, str], ...]
    male_form: np.ndarray
    female_form: np.ndarray

    @property
    def size(self) -> int:
        """Number of names."""
        return int(self.native.shape[0])

    @cached_property
    def culture_keys(self) -> tuple[str, ...]:
        """Culture keys in table order."""
        return tuple(dict.fromkeys(k[0] for k in self.pool_keys))

    @cached_property
    def _pool_lut(self) -> dict[str, np.ndarray]:
        """Per kind: pool number per (culture index, sex code); -1 = choose M or F at random."""
        index = {c: i for i, c in enumerate(self.culture_keys)}
        found = {key: no for no, key in enumerate(self.pool_keys)}
        luts: dict[str, np.ndarray] = {}
        for kind in KINDS:
            lut = np.full((len(index), 3), -1, dtype=np.int64)
            for culture, i in index.items():
                m = found.get((culture, kind, "M"), -1)
                f = found.get((culture, kind, "F"), -1)
                u = found.get((culture, kind, "U"), -1)
                if kind == "surname":
                    lut[i] = (m, f, m) if m >= 0 else (u, u, u)
                else:
                    lut[i] = (m, f, -1)
            luts[kind] = lut
        return luts

    def _culture_codes(self, culture: np.ndarray) -> np.ndarray:
        return _codes(culture, self.culture_keys, "naming culture", None)

    @staticmethod
    def _sex_codes(sex: np.ndarray, n: int) -> np.ndarray:
        values = np.asarray(sex, dtype=object if np.asarray(sex).dtype == object else None)
        if values.ndim == 0:
            values = np.full(n, values.item(), dtype=object)
        if values.shape[0] != n:
            raise ConfigError(f"sex has {values.shape[0]} rows, culture has {n}")
        return _codes(values, SEXES, "sex", "U")

    def draw(
        self, culture: np.ndarray, kind: str, sex: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """name_ids (int64), one per row, drawn with the pool's skewed weights.

        ``culture``: culture key per row; ``kind``: "given" or "surname"; ``sex``: "M", "F"
        or "U"/None per row (or one value for all rows). Given names of sex "U" come from
        the male or female pool with probability 1/2 each. Surnames of a culture whose
        surnames agree with sex come in the row's sex form ("U" -> masculine); other
        cultures draw surnames from their one "U" pool whatever the sex.
        """
        if kind not in KINDS:
            raise ConfigError(f"kind must be one of {KINDS}, not {kind!r}")
        codes = self._culture_codes(culture)
        n = codes.shape[0]
        sex_codes = self._sex_codes(sex, n)
        pool = self._pool_lut[kind][codes, sex_codes]
        unsure = pool < 0
        if unsure.any():
            coin = rng.random(int(unsure.sum())) < 0.5
            lut = self._pool_lut[kind]
            pool[unsure] = np.where(coin, lut[codes[unsure], 0], lut[codes[unsure], 1])
        u = rng.random(n)
        ids = np.searchsorted(self.cum_weight, pool + u, side="right").astype(np.int64)
        # guard against pool + u rounding up to the next pool's range
        out: np.ndarray = np.clip(ids, self.pool_start[pool], self.pool_end[pool] - 1)
        return out

    def latin(self, name_ids: np.ndarray, variant_no: np.ndarray | int | None = None) -> np.ndarray:
        """Latin spelling per row; variant_no (int) is taken modulo variant_count; None = 0."""
        ids = np.asarray(name_ids, dtype=np.int64)
        offset = self.variant_offset[ids]
        if variant_no is not None:
            v = np.asarray(variant_no, dtype=np.int64)
            offset = offset + np.mod(v, self.variant_count[ids])
        out: np.ndarray = self.variants_flat[offset]
        return out

    def native_of(self, name_ids: np.ndarray) -> np.ndarray:
        """Native-script spelling per row."""
        out: np.ndarray = self.native[np.asarray(name_ids, dtype=np.int64)]
        return out

    def n_variants(self, name_ids: np.ndarray) -> np.ndarray:
        """variant_count per row (int32)."""
        out: np.ndarray = self.variant_count[np.asarray(name_ids, dtype=np.int64)]
        return out

    def surname_form(self, name_ids: np.ndarray, sex: np.ndarray) -> np.ndarray:
        """The same surname in the form that agrees with ``sex`` ("F" -> feminine, else
        masculine), e.g. a family surname drawn once and given to every member. Surnames of
        cultures without gendered forms (and given names) are returned unchanged."""
        ids = np.asarray(name_ids, dtype=np.int64)
        female = np.asarray(sex).astype(str) == "F"
        out: np.ndarray = np.where(female, self.female_form[ids], self.male_form[ids])
        return out

    @cached_property
    def variants_series(self) -> pl.Series:
        """Every Latin spelling (``variants_flat``) as one polars String series."""
        return pl.Series("variants", self.variants_flat, dtype=pl.String)

    @cached_property
    def latin_series(self) -> pl.Series:
        """The canonical Latin spelling of every name, indexed by name_id."""
        return pl.Series("latin", self.latin(np.arange(self.size)), dtype=pl.String)

    @cached_property
    def native_series(self) -> pl.Series:
        """The native-script spelling of every name, indexed by name_id."""
        return pl.Series("native", self.native_of(np.arange(self.size)), dtype=pl.String)

    def pool_ids(self, culture: str, kind: str, sex: str) -> np.ndarray:
        """name_ids of one pool, most common first (empty when the pool does not exist)."""
        for no, key in enumerate(self.pool_keys):
            if key == (culture, kind, sex):
                return np.arange(self.pool_start[no], self.pool_end[no], dtype=np.int64)
        return np.zeros(0, dtype=np.int64)


@dataclass
class _Rows:
    """The pools' rows, gathered one pool after another."""

    culture: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    sex: list[str] = field(default_factory=list)
    native: list[str] = field(default_factory=list)
    weights: list[np.ndarray] = field(default_factory=list)
    cum: list[np.ndarray] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    flat: list[str] = field(default_factory=list)
    pool_no: list[np.ndarray] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    keys: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, no: int, pool: Pool) -> None:
        """Append pool number ``no``: its names ranked, with Zipf weights."""
        n = len(pool.entries)
        self.starts.append(len(self.native))
        self.keys.append((pool.culture, pool.kind, pool.sex))
        w = zipf_weights(n, ZIPF_EXPONENT[pool.kind])
        c = np.cumsum(w)
        c[-1] = 1.0
        self.weights.append(w)
        self.cum.append(no + c)
        self.pool_no.append(np.full(n, no, dtype=np.int32))
        for entry in pool.entries:
            self.culture.append(pool.culture)
            self.kind.append(pool.kind)
            self.sex.append(pool.sex)
            self.native.append(entry.native)
            self.counts.append(len(entry.spellings))
            self.flat.extend(entry.spellings)


def _surname_forms(
    keys: Sequence[tuple[str, str, str]], start: np.ndarray, end: np.ndarray, total: int
) -> tuple[np.ndarray, np.ndarray]:
    """Masculine and feminine form of every name: the surname pools of a culture with
    both forms are paired by rank; any other name is its own form."""
    male_form = np.arange(total, dtype=np.int64)
    female_form = np.arange(total, dtype=np.int64)
    lookup = {k: i for i, k in enumerate(keys)}
    for i, (c_key, k_kind, k_sex) in enumerate(keys):
        if k_kind == "surname" and k_sex == "M" and (c_key, "surname", "F") in lookup:
            j = lookup[(c_key, "surname", "F")]
            m_ids = np.arange(start[i], end[i])
            f_ids = np.arange(start[j], end[j])
            if m_ids.size != f_ids.size:
                raise ValueError(f"surname pools of {c_key} are not aligned")
            female_form[m_ids] = f_ids
            male_form[f_ids] = m_ids
    return male_form, female_form


def _objects(values: list[str]) -> np.ndarray:
    a = np.empty(len(values), dtype=object)
    a[:] = values
    return _readonly(a)


def table_from_pools(pools: Sequence[Pool]) -> NameTable:
    """Flatten ``pools`` into a :class:`NameTable` (rows in pool order, ranked within)."""
    rows = _Rows()
    for no, pool in enumerate(pools):
        rows.add(no, pool)
    total = len(rows.native)
    start = np.array(rows.starts, dtype=np.int64)
    end = np.append(start[1:], total).astype(np.int64)
    count = np.array(rows.counts, dtype=np.int32)
    offset = np.concatenate([[0], np.cumsum(count, dtype=np.int64)[:-1]]).astype(np.int64)
    male_form, female_form = _surname_forms(rows.keys, start, end, total)
    return NameTable(
        culture=_objects(rows.culture),
        kind=_objects(rows.kind),
        sex=_objects(rows.sex),
        native=_objects(rows.native),
        weight=_readonly(np.concatenate(rows.weights)),
        variant_offset=_readonly(offset),
        variant_count=_readonly(count),
        variants_flat=_objects(rows.flat),
        pool_no=_readonly(np.concatenate(rows.pool_no)),
        cum_weight=_readonly(np.concatenate(rows.cum)),
        pool_start=_readonly(start),
        pool_end=_readonly(end),
        pool_keys=tuple(rows.keys),
        male_form=_readonly(male_form),
        female_form=_readonly(female_form),
    )


@functools.lru_cache(maxsize=4)
def build_name_table(seed: int) -> NameTable:
    """Built once per process and seed (cached); Faker instances seeded per instance."""
    table = table_from_pools(build_pools(seed))
    log.info(
        "names: table of %d names, %d Latin spellings (seed %d)",
        table.size,
        table.variants_flat.shape[0],
        seed,
    )
    return table

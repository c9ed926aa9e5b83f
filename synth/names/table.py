"""The vectorised name table every generator draws from: named heads and composed tails.

Each pool (a culture's surnames, or its given names of one sex) has a named head, the
ranked names of :mod:`synth.names.pools` (table rows, ``name_id`` = row), and an endless
tail of rarer names composed from the culture's name parts (:mod:`synth.names.tail`),
whose ids are ``TAIL_BASE + pool << 34 + tail number``. Draws follow the pool's rank law
(:mod:`synth.names.shapes`); every accessor (:meth:`NameTable.latin`,
:meth:`NameTable.native_of`, ...) takes head and tail ids alike, and the same id always
gives the same name.

All string arrays are numpy ``dtype=object`` arrays of Python ``str`` (they convert directly
to polars ``String`` and to numpy ``StringDType``). Arrays are read-only.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import polars as pl

from schemas.errors import ConfigError
from schemas.rng import stable_hash
from synth.names.cultures import CULTURE_BY_KEY
from synth.names.frequency import EXPLICIT_RANKS, RankLaw
from synth.names.pools import KINDS, Pool, build_pools
from synth.names.shapes import law_of, patronymic_share
from synth.names.tail import PartBook, TailRule, TailStrings, build_parts
from synth.vector import mix64

__all__ = ["SEXES", "TAIL_BASE", "NameTable", "build_name_table", "table_from_pools"]

log = logging.getLogger(__name__)

#: Sex codes of the table: "M", "F" for given names (and gendered surnames), "U" otherwise.
SEXES: tuple[str, ...] = ("M", "F", "U")
#: Ids from here on are composed tail names: TAIL_BASE + (pool << TAIL_SHIFT) + number.
TAIL_BASE = 1 << 40
TAIL_SHIFT = 34
_TAIL_MASK = (1 << TAIL_SHIFT) - 1


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


def _objects_of(values: Sequence[str]) -> np.ndarray:
    a = np.empty(len(values), dtype=object)
    a[:] = list(values)
    return _readonly(a)


#: Distinct tail names a table keeps spelled out before it starts afresh (about 200 bytes
#: each): it bounds the memory of a table shared by many worlds in one process.
_TAIL_CACHE_LIMIT = 1 << 20


@dataclass(frozen=True, eq=False)
class _TailSpelled:
    """Tail names spelled out once, sorted by id: native text, number of Latin spellings,
    spelling key, and the spellings themselves (``variants[offset:offset + count]``).
    Never changed once built; a lookup indexes the snapshot it found its positions in."""

    ids: np.ndarray
    native: np.ndarray
    count: np.ndarray
    key: np.ndarray
    offset: np.ndarray
    variants: np.ndarray

    @classmethod
    def empty(cls) -> _TailSpelled:
        """No names."""
        nothing = np.zeros(0, dtype=np.int64)
        strings = np.zeros(0, dtype=object)
        return cls(nothing, strings, nothing, np.zeros(0, dtype=np.uint64), nothing, strings)

    @property
    def size(self) -> int:
        """Number of names held."""
        return int(self.ids.size)

    def positions(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Position of each id, and whether it is there."""
        pos = np.searchsorted(self.ids, ids)
        found = pos < self.ids.size
        found[found] = self.ids[pos[found]] == ids[found]
        return pos, found

    def merged(self, new: _TailSpelled) -> _TailSpelled:
        """These names and ``new`` ones (distinct, none held here), sorted by id."""
        ids = np.concatenate([self.ids, new.ids])
        order = np.argsort(ids, kind="stable")
        return _TailSpelled(
            ids=ids[order],
            native=np.concatenate([self.native, new.native])[order],
            count=np.concatenate([self.count, new.count])[order],
            key=np.concatenate([self.key, new.key])[order],
            offset=np.concatenate([self.offset, new.offset + self.variants.size])[order],
            variants=np.concatenate([self.variants, new.variants]),
        )

    @cached_property
    def series(self) -> tuple[pl.Series, pl.Series]:
        """The native names and the Latin spellings as String series."""
        return pl.Series(self.native, dtype=pl.String), pl.Series(self.variants, dtype=pl.String)


class _TailCache:
    """The tail names a table has met so far (:class:`_TailSpelled`), so that looking a
    name up again is a gather. Snapshots are swapped whole under a lock (safe across
    threads); past ``limit`` names it starts afresh. Results never depend on it: a copy or
    a pickle of a table starts with an empty cache."""

    def __init__(self, limit: int = _TAIL_CACHE_LIMIT) -> None:
        self.limit = limit
        self.spelled = _TailSpelled.empty()
        self._lock = threading.Lock()

    def __reduce__(self) -> tuple[type[_TailCache], tuple[int]]:
        return _TailCache, (self.limit,)

    def __deepcopy__(self, memo: dict[int, object]) -> _TailCache:
        return _TailCache(self.limit)

    def clear(self) -> None:
        """Forget every name."""
        with self._lock:
            self.spelled = _TailSpelled.empty()

    def lookup(
        self, tail: np.ndarray, spell: Callable[[np.ndarray], _TailSpelled]
    ) -> tuple[_TailSpelled, np.ndarray]:
        """A snapshot holding every id of ``tail``, and their positions in it; ``spell``
        spells out the (distinct, sorted) ids it lacks."""
        spelled = self.spelled
        pos, found = spelled.positions(tail)
        if found.all():
            return spelled, pos
        with self._lock:
            spelled = self.spelled
            pos, found = spelled.positions(tail)
            if not found.all():
                new = np.unique(tail[~found])
                if spelled.size + new.size > self.limit:
                    spelled, new = _TailSpelled.empty(), np.unique(tail)
                spelled = spelled.merged(spell(new))
                self.spelled = spelled
                pos = spelled.positions(tail)[0]
        return spelled, pos


@dataclass(frozen=True, eq=False)
class NameTable:
    """Every name the generator can draw: the pools' named heads in one flat vectorised
    table (index = name_id), and their composed tails.

    Head rows: ``culture``, ``kind``, ``sex``, ``native``, ``weight`` (the share of the
    pool's persons with that name under the pool's law), ``variant_offset`` /
    ``variant_count`` / ``variants_flat`` (Latin spellings, canonical first), ``pool_no``,
    ``male_form`` / ``female_form`` (the same surname in its masculine / feminine form).
    Pools: ``pool_start`` / ``pool_end`` (head rows), ``pool_keys`` ((culture, kind, sex)),
    ``laws`` (the rank law), ``rank_cum`` (pool number + cumulative share of its first
    :data:`~synth.names.frequency.EXPLICIT_RANKS` ranks, for one ``searchsorted`` over all
    pools), ``tail_rules`` and ``tail_strings`` (how tail names are composed),
    ``partner`` (per pool: the pool of the masculine and of the feminine form).
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
    pool_start: np.ndarray
    pool_end: np.ndarray
    pool_keys: tuple[tuple[str, str, str], ...]
    male_form: np.ndarray
    female_form: np.ndarray
    laws: tuple[RankLaw, ...]
    rank_cum: np.ndarray
    tail_rules: tuple[TailRule, ...]
    tail_strings: TailStrings
    partner: np.ndarray
    _cache: _TailCache = field(default_factory=_TailCache, repr=False)

    @property
    def size(self) -> int:
        """Number of named (head) names."""
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

    @cached_property
    def registry_codes(self) -> np.ndarray:
        """Per culture of :data:`synth.names.CULTURES` (registry order), its code in this
        table (:meth:`culture_codes`), -1 when the table lacks it."""
        index = {c: i for i, c in enumerate(self.culture_keys)}
        return _readonly(np.array([index.get(c, -1) for c in CULTURE_BY_KEY], dtype=np.int64))

    @cached_property
    def _patronymic(self) -> np.ndarray:
        """Per culture index: share of surname fields filled with a male given name."""
        shares = [
            patronymic_share(c) if not CULTURE_BY_KEY[c].patronymic else 0.0
            for c in self.culture_keys
        ]
        return np.asarray(shares, dtype=np.float64)

    @cached_property
    def _cum_last(self) -> np.ndarray:
        return np.asarray([law.cumulative[-1] for law in self.laws], dtype=np.float64)

    @cached_property
    def _capacity(self) -> np.ndarray:
        return np.asarray([r.capacity for r in self.tail_rules], dtype=np.int64).clip(1, _TAIL_MASK)

    @cached_property
    def _pool_columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return tuple(_objects_of([k[i] for k in self.pool_keys]) for i in range(3))  # type: ignore[return-value]

    def culture_codes(self, culture: np.ndarray) -> np.ndarray:
        """Index of each culture key in :attr:`culture_keys` (ConfigError when unknown)."""
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
        """name_ids (int64), one per row, drawn from the rank law of the row's pool.

        ``culture``: culture key per row; ``kind``: "given" or "surname"; ``sex``: "M", "F"
        or "U"/None per row (or one value for all rows). Given names of sex "U" come from
        the male or female pool with probability 1/2 each. Surnames of a culture whose
        surnames agree with sex come in the row's sex form ("U" -> masculine); other
        cultures draw surnames from their one "U" pool whatever the sex; in cultures
        without family names (some or all) the surname is a male given name.
        """
        if kind not in KINDS:
            raise ConfigError(f"kind must be one of {KINDS}, not {kind!r}")
        codes = self.culture_codes(culture)
        return self.draw_codes(codes, kind, self._sex_codes(sex, codes.shape[0]), rng)

    def draw_codes(
        self, codes: np.ndarray, kind: str, sex_codes: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """:meth:`draw` for culture indices (:meth:`culture_codes`) and sex indices into
        :data:`SEXES`."""
        n = codes.shape[0]
        lut = self._pool_lut[kind]
        pool = lut[codes, sex_codes]
        unsure = pool < 0
        if unsure.any():
            coin = rng.random(int(unsure.sum())) < 0.5
            pool[unsure] = np.where(coin, lut[codes[unsure], 0], lut[codes[unsure], 1])
        if kind == "surname" and (self._patronymic[codes] > 0).any():
            father = rng.random(n) < self._patronymic[codes]
            pool[father] = self._pool_lut["given"][codes[father], 0]
        u = np.asarray(rng.random(n), dtype=np.float64)
        return self._ids(pool, self._ranks(pool, u))

    def _ranks(self, pool: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Ranks (1-based) of uniforms ``u`` under each row's pool law."""
        at = np.searchsorted(self.rank_cum, pool + u, side="right")
        ranks = np.clip(at - pool * EXPLICIT_RANKS, 0, EXPLICIT_RANKS - 1) + 1
        far = np.flatnonzero(u >= self._cum_last[pool])
        for p in np.unique(pool[far]).tolist():
            rows = far[pool[far] == p]
            ranks[rows] = self.laws[p].tail_ranks(u[rows])
        out: np.ndarray = ranks.astype(np.int64)
        return out

    def _ids(self, pool: np.ndarray, ranks: np.ndarray) -> np.ndarray:
        """name_ids of ``ranks`` in ``pool``: head rows, then composed tail names."""
        head = self.pool_end[pool] - self.pool_start[pool]
        t = np.mod(ranks - head - 1, self._capacity[pool])
        tail = TAIL_BASE + (pool.astype(np.int64) << TAIL_SHIFT) + t
        out: np.ndarray = np.where(ranks <= head, self.pool_start[pool] + ranks - 1, tail)
        return out

    @staticmethod
    def is_tail(name_ids: np.ndarray) -> np.ndarray:
        """Whether each id is a composed tail name."""
        out: np.ndarray = np.asarray(name_ids, dtype=np.int64) >= TAIL_BASE
        return out

    def pool_of(self, name_ids: np.ndarray) -> np.ndarray:
        """Pool number of each id."""
        ids = np.asarray(name_ids, dtype=np.int64)
        tail = ids >= TAIL_BASE
        head_pool = self.pool_no[np.where(tail, 0, ids)].astype(np.int64)
        out: np.ndarray = np.where(tail, (ids - TAIL_BASE) >> TAIL_SHIFT, head_pool)
        return out

    def culture_of(self, name_ids: np.ndarray) -> np.ndarray:
        """Culture key of each id."""
        out: np.ndarray = self._pool_columns[0][self.pool_of(name_ids)]
        return out

    def kind_of(self, name_ids: np.ndarray) -> np.ndarray:
        """Kind ("given" or "surname") of each id."""
        out: np.ndarray = self._pool_columns[1][self.pool_of(name_ids)]
        return out

    def sex_of(self, name_ids: np.ndarray) -> np.ndarray:
        """Sex code of each id's pool."""
        out: np.ndarray = self._pool_columns[2][self.pool_of(name_ids)]
        return out

    def _per_pool(
        self, unique: np.ndarray
    ) -> Iterator[tuple[np.ndarray, TailRule, tuple[np.ndarray, ...]]]:
        """For distinct tail ids: (positions in ``unique``, rule, decoded parts) per pool."""
        pool = (unique - TAIL_BASE) >> TAIL_SHIFT
        t = (unique - TAIL_BASE) & _TAIL_MASK
        for p in np.unique(pool).tolist():
            at = np.flatnonzero(pool == p)
            rule = self.tail_rules[p]
            yield at, rule, rule.decode(t[at])

    def _tail_values(
        self, unique: np.ndarray, what: str, variant: np.ndarray | None = None
    ) -> np.ndarray:
        """Per distinct tail id: its native text ("native"), Latin spelling ``variant``
        ("latin"), number of spellings ("count") or spelling key ("key")."""
        strings = self.tail_strings
        if what == "count":
            out: np.ndarray = np.ones(unique.size, dtype=np.int64)
        elif what == "key":
            out = np.zeros(unique.size, dtype=np.uint64)
        else:
            out = np.empty(unique.size, dtype=object)
        for at, rule, parts in self._per_pool(unique):
            if what == "count":
                out[at] = strings.n_variants(parts)
            elif what == "key":
                keys = [np.where(x >= 0, self._part_keys[np.maximum(x, 0)], 0) for x in parts]
                out[at] = mix64(*keys)
            elif what == "native":
                out[at] = strings.text(rule, parts, None)
            else:
                v = np.zeros(at.size, dtype=np.int64) if variant is None else variant[at]
                out[at] = strings.text(rule, parts, v)
        return out

    def prefetch(self, *name_ids: np.ndarray) -> None:
        """Spell out the tail names among ``name_ids`` at once (the later lookups of these
        names are gathers); results never depend on it."""
        ids = np.concatenate([np.asarray(a, dtype=np.int64).reshape(-1) for a in name_ids])
        self._cached(ids)

    def _spell(self, new: np.ndarray) -> _TailSpelled:
        """The distinct tail ids ``new`` spelled out (offsets from 0)."""
        count = self._tail_values(new, "count")
        which = np.repeat(np.arange(new.size), count)
        start = np.cumsum(count) - count
        k = np.arange(which.size) - np.repeat(start, count)
        return _TailSpelled(
            ids=new,
            native=self._tail_values(new, "native"),
            count=count,
            key=self._tail_values(new, "key"),
            offset=start.astype(np.int64),
            variants=self._tail_values(new[which], "latin", k),
        )

    def _cached(self, ids: np.ndarray) -> tuple[np.ndarray, _TailSpelled, np.ndarray]:
        """Rows holding tail ids, a snapshot of the tail cache holding them all, and their
        positions in it."""
        rows = np.flatnonzero(ids >= TAIL_BASE)
        spelled, pos = self._cache.lookup(ids[rows], self._spell)
        return rows, spelled, pos

    def latin(self, name_ids: np.ndarray, variant_no: np.ndarray | int | None = None) -> np.ndarray:
        """Latin spelling per row; variant_no (int) is taken modulo the number of spellings
        (:meth:`n_variants`); None = 0, the canonical spelling."""
        ids = np.asarray(name_ids, dtype=np.int64).reshape(-1)
        variant = None
        if variant_no is not None:
            variant = np.broadcast_to(np.asarray(variant_no, dtype=np.int64), ids.shape)
        head = np.where(ids >= TAIL_BASE, 0, ids)
        offset = self.variant_offset[head]
        if variant is not None:
            offset = offset + np.mod(variant, self.variant_count[head])
        out: np.ndarray = self.variants_flat[offset].copy()
        rows, spelled, pos = self._cached(ids)
        if rows.size:
            k = 0 if variant is None else np.mod(variant[rows], spelled.count[pos])
            out[rows] = spelled.variants[spelled.offset[pos] + k]
        return out

    def native_of(self, name_ids: np.ndarray) -> np.ndarray:
        """Native-script spelling per row."""
        ids = np.asarray(name_ids, dtype=np.int64).reshape(-1)
        out: np.ndarray = self.native[np.where(ids >= TAIL_BASE, 0, ids)].copy()
        rows, spelled, pos = self._cached(ids)
        if rows.size:
            out[rows] = spelled.native[pos]
        return out

    def n_variants(self, name_ids: np.ndarray) -> np.ndarray:
        """Number of Latin spellings per row (int64)."""
        ids = np.asarray(name_ids, dtype=np.int64).reshape(-1)
        out: np.ndarray = self.variant_count[np.where(ids >= TAIL_BASE, 0, ids)].astype(np.int64)
        rows, spelled, pos = self._cached(ids)
        if rows.size:
            out[rows] = spelled.count[pos]
        return out

    @cached_property
    def _head_keys(self) -> np.ndarray:
        return _readonly(np.array([stable_hash(n) for n in self.native], dtype=np.uint64))

    @cached_property
    def _part_keys(self) -> np.ndarray:
        keys = [stable_hash(n) for n in self.tail_strings.native]
        return _readonly(np.array(keys, dtype=np.uint64))

    def spelling_key(self, name_ids: np.ndarray) -> np.ndarray:
        """A stable 64-bit key of each name's native text (uint64): names written alike
        share it whatever their id (a member state spells them alike)."""
        ids = np.asarray(name_ids, dtype=np.int64).reshape(-1)
        out: np.ndarray = self._head_keys[np.where(ids >= TAIL_BASE, 0, ids)].copy()
        rows, spelled, pos = self._cached(ids)
        if rows.size:
            out[rows] = spelled.key[pos]
        return out

    def surname_form(self, name_ids: np.ndarray, sex: np.ndarray) -> np.ndarray:
        """The same surname in the form that agrees with ``sex`` ("F" -> feminine, else
        masculine), e.g. a family surname drawn once and given to every member. Surnames of
        cultures without gendered forms (and given names) are returned unchanged."""
        ids = np.asarray(name_ids, dtype=np.int64)
        female = np.asarray(sex).astype(str) == "F"
        tail = ids >= TAIL_BASE
        head = np.where(tail, 0, ids)
        out = np.where(female, self.female_form[head], self.male_form[head])
        if tail.any():
            pool = (ids[tail] - TAIL_BASE) >> TAIL_SHIFT
            other = self.partner[pool, female[tail].astype(np.int64)]
            out[tail] = ids[tail] + ((other - pool) << TAIL_SHIFT)
        result: np.ndarray = out.astype(np.int64)
        return result

    def text(self, name_ids: np.ndarray, *, native: bool = False) -> pl.Series:
        """Canonical Latin (or native) spelling per row as a polars String series, null
        where the id is negative (no such name part)."""
        return self._series(name_ids, None, native)

    def spelling(self, name_ids: np.ndarray, variant_no: np.ndarray) -> pl.Series:
        """Latin spelling ``variant_no`` per row as a polars String series (null where the
        id is negative)."""
        ids = np.asarray(name_ids, dtype=np.int64).reshape(-1)
        variant = np.broadcast_to(np.asarray(variant_no, dtype=np.int64).reshape(-1), ids.shape)
        return self._series(ids, variant, False)

    def _series(self, name_ids: np.ndarray, variant: np.ndarray | None, native: bool) -> pl.Series:
        """Spelling per row as a String series: native, or Latin ``variant`` (None = the
        canonical one); null where the id is negative."""
        ids = np.asarray(name_ids, dtype=np.int64).reshape(-1)
        valid = ids >= 0
        safe = np.where(valid, ids, 0)
        head = np.where(safe >= TAIL_BASE, 0, safe)
        if native:
            series = self.native_series.gather(head)
        else:
            index = self.variant_offset[head]
            if variant is not None:
                index = index + np.mod(variant, self.variant_count[head])
            series = self.variants_series.gather(index)
        rows, spelled, pos = self._cached(safe)
        if rows.size:
            native_series, variants_series = spelled.series
            if native:
                tail = native_series.gather(pos)
            else:
                k = 0 if variant is None else np.mod(variant[rows], spelled.count[pos])
                tail = variants_series.gather(spelled.offset[pos] + k)
            series = series.scatter(rows, tail)
        series = series.rename("")
        if valid.all():
            return series
        return pl.select(pl.when(pl.Series(valid)).then(series)).to_series()

    @cached_property
    def variants_series(self) -> pl.Series:
        """Every Latin spelling of the head names (``variants_flat``) as a String series."""
        return pl.Series("variants", self.variants_flat, dtype=pl.String)

    @cached_property
    def latin_series(self) -> pl.Series:
        """The canonical Latin spelling of every head name, indexed by name_id."""
        return pl.Series("latin", self.latin(np.arange(self.size)), dtype=pl.String)

    @cached_property
    def native_series(self) -> pl.Series:
        """The native-script spelling of every head name, indexed by name_id."""
        return pl.Series("native", self.native, dtype=pl.String)

    def pool_ids(self, culture: str, kind: str, sex: str) -> np.ndarray:
        """Head name_ids of one pool, most common first (empty when there is no such pool)."""
        for no, key in enumerate(self.pool_keys):
            if key == (culture, kind, sex):
                return np.arange(self.pool_start[no], self.pool_end[no], dtype=np.int64)
        return np.zeros(0, dtype=np.int64)

    def pool_number(self, culture: str, kind: str, sex: str) -> int:
        """Number of a pool (ValueError when there is no such pool)."""
        return self.pool_keys.index((culture, kind, sex))

    def rank_ids(self, pool: int, ranks: np.ndarray) -> np.ndarray:
        """name_ids of ranks (1-based) of pool number ``pool``."""
        r = np.asarray(ranks, dtype=np.int64)
        return self._ids(np.full(r.size, pool, dtype=np.int64), r)


_SHAPE_POOL = {("given", "M"): "given_M", ("given", "F"): "given_F"}


def _law(pool: Pool) -> RankLaw:
    return law_of(pool.culture, _SHAPE_POOL.get((pool.kind, pool.sex), "surname"))


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
    laws: list[RankLaw] = field(default_factory=list)

    def add(self, no: int, pool: Pool) -> None:
        """Append pool number ``no``: its names ranked, weighted by the pool's law."""
        n = len(pool.entries)
        law = _law(pool)
        self.starts.append(len(self.native))
        self.keys.append((pool.culture, pool.kind, pool.sex))
        self.laws.append(law)
        self.weights.append(law.pmf(np.arange(1, n + 1)))
        self.cum.append(no + law.cumulative)
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
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Masculine and feminine form of every name (the surname pools of a culture with
    both forms are paired by rank; any other name is its own form), and per pool the
    pool of its masculine and of its feminine form."""
    male_form = np.arange(total, dtype=np.int64)
    female_form = np.arange(total, dtype=np.int64)
    partner = np.repeat(np.arange(len(keys), dtype=np.int64)[:, None], 2, axis=1)
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
            partner[i] = (i, j)
            partner[j] = (i, j)
    return male_form, female_form, partner


def _entries(pool: Pool) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.native, e.spellings) for e in pool.entries]


def _tail_rules(pools: Sequence[Pool]) -> tuple[tuple[TailRule, ...], TailStrings]:
    """The tail rule of every pool (feminine surname pools aligned with the masculine)."""
    book = PartBook.empty()
    found = {(p.culture, p.kind, p.sex): p for p in pools}
    rules: dict[tuple[str, str, str], TailRule] = {}
    for key, pool in found.items():
        if key in rules:
            continue
        culture = CULTURE_BY_KEY[pool.culture]
        given_m = found.get((pool.culture, "given", "M"))
        given_f = found.get((pool.culture, "given", "F"))
        if pool.kind == "surname" and culture.patronymic and given_m is not None:
            if (pool.culture, "given", "M") not in rules:
                rules[(pool.culture, "given", "M")] = build_parts(
                    culture, "given", _entries(given_m), None, book
                )[0]
            rules[key] = rules[(pool.culture, "given", "M")]
            continue
        feminine = found.get((pool.culture, "surname", "F")) if key[2] == "M" else None
        if pool.kind == "surname":
            extra = _entries(given_m) if given_m is not None else []
            if pool.culture == "chinese" and given_f is not None:
                extra += _entries(given_f)
        else:
            extra = []
        rule, fem_rule = build_parts(
            culture,
            pool.kind,
            _entries(pool),
            _entries(feminine) if pool.kind == "surname" and feminine is not None else None,
            book,
            extra,
        )
        rules[key] = rule
        if fem_rule is not None and feminine is not None:
            rules[(pool.culture, "surname", "F")] = fem_rule
    ordered = tuple(rules[(p.culture, p.kind, p.sex)] for p in pools)
    return ordered, TailStrings.of(book)


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
    male_form, female_form, partner = _surname_forms(rows.keys, start, end, total)
    rules, strings = _tail_rules(pools)
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
        pool_start=_readonly(start),
        pool_end=_readonly(end),
        pool_keys=tuple(rows.keys),
        male_form=_readonly(male_form),
        female_form=_readonly(female_form),
        laws=tuple(rows.laws),
        rank_cum=_readonly(np.concatenate(rows.cum)),
        tail_rules=rules,
        tail_strings=strings,
        partner=_readonly(partner),
    )


def _objects(values: list[str]) -> np.ndarray:
    a = np.empty(len(values), dtype=object)
    a[:] = values
    return _readonly(a)


@functools.lru_cache(maxsize=4)
def build_name_table(seed: int) -> NameTable:
    """Built once per process and seed (cached); Faker instances seeded per instance."""
    table = table_from_pools(build_pools(seed))
    log.info(
        "names: table of %d named names, %d Latin spellings, %d tail parts (seed %d)",
        table.size,
        table.variants_flat.shape[0],
        table.tail_strings.native.shape[0],
        seed,
    )
    return table

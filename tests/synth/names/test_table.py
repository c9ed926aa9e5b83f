"""The vectorised name table: draws, spellings, determinism."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.errors import ConfigError
from synth.names import CULTURE_BY_KEY, CULTURES, MRZ_PATTERN, NameTable, build_name_table
from synth.names.pools import build_pools
from synth.names.shapes import patronymic_share
from synth.names.table import TAIL_BASE, _TailCache, table_from_pools
from tests.synth.names.conftest import SEED

CULTURE_KEYS = [c.key for c in CULTURES]
_MRZ = re.compile(r"^[A-Z][A-Z '\-]*$")

cultures_st = st.lists(st.sampled_from(CULTURE_KEYS), min_size=1, max_size=200)


def _arrays(table: NameTable) -> dict[str, np.ndarray]:
    return {
        name: getattr(table, name)
        for name in (
            "culture", "kind", "sex", "native", "weight", "variant_offset", "variant_count",
            "variants_flat", "rank_cum", "male_form", "female_form", "partner",
        )
    }  # fmt: skip


def test_shapes_and_dtypes(names: NameTable) -> None:
    n = names.size
    for a in (names.culture, names.kind, names.sex, names.native, names.weight):
        assert a.shape == (n,)
    assert names.variant_offset.dtype == np.int64
    assert names.variant_count.dtype == np.int32
    assert names.weight.dtype == np.float64
    assert (names.variant_count >= 1).all()
    assert names.variant_offset[-1] + names.variant_count[-1] == names.variants_flat.shape[0]
    assert set(names.kind) == {"given", "surname"}
    assert set(names.sex[names.kind == "given"]) == {"M", "F"}
    assert set(names.culture) == set(CULTURE_KEYS)


def test_head_weights_and_the_tail_sum_to_one_per_pool_and_decrease(names: NameTable) -> None:
    for no in range(len(names.pool_keys)):
        w = names.weight[names.pool_start[no] : names.pool_end[no]]
        assert w.sum() + names.laws[no].survival(w.size) == pytest.approx(1.0)
        assert (np.diff(w) <= 0).all()


def test_every_latin_spelling_is_mrz_like(names: NameTable) -> None:
    bad = [s for s in names.variants_flat if not _MRZ.fullmatch(s)]
    assert not bad
    assert MRZ_PATTERN.pattern == _MRZ.pattern


def test_variants_of_a_name_are_distinct(names: NameTable) -> None:
    for i in range(names.size):
        start = names.variant_offset[i]
        spellings = names.variants_flat[start : start + names.variant_count[i]]
        assert len(set(spellings)) == len(spellings)


def test_variant_zero_is_the_canonical_spelling(names: NameTable) -> None:
    ids = np.arange(names.size)
    canonical = names.variants_flat[names.variant_offset]
    assert (names.latin(ids) == canonical).all()
    assert (names.latin(ids, np.zeros(names.size, dtype=np.int64)) == canonical).all()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(-50, 50)), min_size=1))
def test_variant_number_wraps_modulo_count(names: NameTable, rows: list[tuple[int, int]]) -> None:
    ids = np.array([r[0] % names.size for r in rows], dtype=np.int64)
    v = np.array([r[1] for r in rows], dtype=np.int64)
    count = names.n_variants(ids)
    assert (names.latin(ids, v) == names.latin(ids, v % count)).all()
    assert (names.latin(ids, v) == names.latin(ids, v + count)).all()
    expected = [
        names.variants_flat[names.variant_offset[i] + k % c]
        for i, k, c in zip(ids, v, count, strict=True)
    ]
    assert names.latin(ids, v).tolist() == expected


@settings(max_examples=30, deadline=None)
@given(cultures=cultures_st, seed=st.integers(0, 2**32 - 1), data=st.data())
def test_draw_respects_culture_kind_and_sex(
    names: NameTable, cultures: list[str], seed: int, data: st.DataObject
) -> None:
    n = len(cultures)
    sex = np.array(data.draw(st.lists(st.sampled_from("MF"), min_size=n, max_size=n)))
    culture = np.array(cultures, dtype=object)
    given_ids = names.draw(culture, "given", sex, np.random.default_rng(seed))
    assert given_ids.dtype == np.int64
    assert (names.culture_of(given_ids) == culture).all()
    assert (names.kind_of(given_ids) == "given").all()
    assert (names.sex_of(given_ids) == sex).all()
    surname_ids = names.draw(culture, "surname", sex, np.random.default_rng(seed))
    assert (names.culture_of(surname_ids) == culture).all()
    # a father's name in the surname field comes from the male given names
    father = names.kind_of(surname_ids) == "given"
    assert (names.sex_of(surname_ids)[father] == "M").all()
    assert all(patronymic_share(c) > 0 for c in culture[father])
    gendered = np.array([bool(CULTURE_BY_KEY[c].surname_gender) for c in cultures]) & ~father
    plain = ~gendered & ~father
    assert (names.sex_of(surname_ids)[gendered] == sex[gendered]).all()
    assert (names.sex_of(surname_ids)[plain] == "U").all()


@settings(max_examples=20, deadline=None)
@given(cultures=cultures_st, seed=st.integers(0, 2**32 - 1))
def test_draw_is_deterministic(names: NameTable, cultures: list[str], seed: int) -> None:
    culture = np.array(cultures, dtype=object)
    sex = np.full(len(cultures), "U", dtype=object)
    a = names.draw(culture, "given", sex, np.random.default_rng(seed))
    b = names.draw(culture, "given", sex, np.random.default_rng(seed))
    assert (a == b).all()
    assert set(names.sex_of(a)) <= {"M", "F"}  # "U" given names come from the M or F pool


@pytest.mark.parametrize("culture", ["arabic_levant", "english_us", "chinese", "russian"])
def test_draws_are_skewed_towards_common_names(names: NameTable, culture: str) -> None:
    n = 200_000
    ids = names.draw(
        np.full(n, culture, dtype=object), "given", np.full(n, "M"), np.random.default_rng(3)
    )
    _, counts = np.unique(ids, return_counts=True)
    assert counts.max() > 10 * np.median(counts)
    pool = names.pool_ids(culture, "given", "M")
    top = np.bincount(ids[~names.is_tail(ids)] - pool[0], minlength=pool.size)
    expected = names.weight[pool] * n
    assert abs(top[0] - expected[0]) < 5 * np.sqrt(expected[0])


def test_muhammad_has_at_least_ten_spellings(names: NameTable) -> None:
    ids = np.flatnonzero((names.native == "محمد") & (names.kind == "given"))
    assert ids.size >= 4
    for i in ids:
        spellings = set(names.latin(np.full(20, i), np.arange(20)))
        assert len(spellings) >= 10
        assert {"MUHAMMAD", "MOHAMMED", "MOHAMED", "MOHAMMAD"} <= spellings
    egypt = ids[names.culture[ids] == "arabic_egypt"]
    assert names.latin(egypt)[0] == "MOHAMED"


def test_surname_form_agrees_with_sex(names: NameTable) -> None:
    ivanov = np.flatnonzero((names.culture == "russian") & (names.sex == "M"))
    ivanov = ivanov[names.kind[ivanov] == "surname"][:50]
    fem = names.surname_form(ivanov, np.full(ivanov.size, "F"))
    assert (names.sex[fem] == "F").all()
    assert (names.surname_form(fem, np.full(ivanov.size, "M")) == ivanov).all()
    feminine = [n for n in names.native[fem] if n.endswith(("ова", "ева", "ина", "ская", "цкая"))]
    assert len(feminine) > 25
    german = names.pool_ids("german", "surname", "U")[:20]
    assert (names.surname_form(german, np.full(20, "F")) == german).all()


def test_native_script_and_latin_differ_where_expected(names: NameTable) -> None:
    for culture, script_range in (("chinese", ("\u4e00", "\u9fff")), ("georgian", ("ა", "ჰ"))):
        ids = names.pool_ids(culture, "surname", "U")
        assert all(script_range[0] <= n[0] <= script_range[1] for n in names.native_of(ids))


def test_draw_rejects_bad_input(names: NameTable) -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ConfigError, match="klingon"):
        names.draw(np.array(["klingon"]), "given", np.array(["M"]), rng)
    with pytest.raises(ConfigError, match="sex"):
        names.draw(np.array(["russian"]), "given", np.array(["X"]), rng)
    with pytest.raises(ConfigError, match="kind"):
        names.draw(np.array(["russian"]), "nickname", np.array(["M"]), rng)


def test_arrays_are_read_only(names: NameTable) -> None:
    with pytest.raises(ValueError, match="read-only"):
        names.weight[0] = 1.0


def test_build_is_cached_and_deterministic(names: NameTable) -> None:
    assert build_name_table(SEED) is names
    fresh = table_from_pools(build_pools(SEED))
    for name, array in _arrays(names).items():
        assert np.array_equal(array, getattr(fresh, name)), name
    assert fresh.pool_keys == names.pool_keys


def test_the_seed_changes_faker_pools_only() -> None:
    cultures = [CULTURE_BY_KEY["russian"], CULTURE_BY_KEY["persian"]]
    a = table_from_pools(build_pools(1, cultures))
    b = table_from_pools(build_pools(2, cultures))
    russian_a = a.native[a.culture == "russian"]
    russian_b = b.native[b.culture == "russian"]
    assert russian_a.tolist() != russian_b.tolist()
    assert (a.native[a.culture == "persian"] == b.native[b.culture == "persian"]).all()


def test_draw_on_a_million_rows(names: NameTable) -> None:
    n = 1_000_000
    rng = np.random.default_rng(5)
    culture = np.array(CULTURE_KEYS, dtype=object)[rng.integers(0, len(CULTURE_KEYS), n)]
    sex = np.where(rng.random(n) < 0.5, "M", "F").astype(object)
    ids = names.draw(culture, "given", sex, rng)
    assert ids.shape == (n,)
    assert (names.culture_of(ids) == culture).all()
    latin = names.latin(ids, rng.integers(0, 100, n))
    assert latin.shape == (n,)


def test_whole_table_series_belong_to_their_own_table(names: NameTable) -> None:
    # Two tables alive one after the other never share cached series (an id()-keyed
    # cache could hand the second the first one's names once the first was freed).
    from synth.population import name_strings

    pools = build_pools(SEED)
    first = table_from_pools(pools[:2])
    first_text = name_strings(first, np.arange(3), np.full(3, -1), False, " ").to_list()
    del first
    second = table_from_pools(pools[2:4])
    ids = np.arange(3)
    assert name_strings(second, ids, np.full(3, -1), False, " ").to_list() == list(
        second.latin(ids)
    )
    assert list(second.latin(ids)) != first_text
    for table in (second, names):
        everything = np.arange(table.size)
        assert table.latin_series.to_list() == list(table.latin(everything))
        assert table.native_series.to_list() == list(table.native_of(everything))
        assert table.latin_series is table.latin_series  # computed once per table


@settings(max_examples=25, deadline=None)
@given(culture=st.sampled_from(CULTURE_KEYS), kind=st.sampled_from(["given", "surname"]),
       ranks=st.lists(st.integers(1, 10**9), min_size=1, max_size=50))  # fmt: skip
def test_a_rank_always_gives_the_same_spelled_name(
    names: NameTable, culture: str, kind: str, ranks: list[int]
) -> None:
    sex = "M" if kind == "given" or CULTURE_BY_KEY[culture].surname_gender else "U"
    pool = names.pool_number(culture, kind, sex)
    ids = names.rank_ids(pool, np.array(ranks))
    again = names.rank_ids(pool, np.array(ranks))
    assert (ids == again).all()
    assert (names.culture_of(ids) == culture).all()
    latin = names.latin(ids)
    assert all(_MRZ.fullmatch(s) for s in latin)
    assert all(n for n in names.native_of(ids))
    count = names.n_variants(ids)
    assert (count >= 1).all()
    for k in range(3):
        assert all(_MRZ.fullmatch(s) for s in names.latin(ids, np.full(ids.size, k)))
    assert (names.latin(ids, count) == latin).all()  # variant numbers wrap


def test_tail_names_keep_their_feminine_form(names: NameTable) -> None:
    for culture in ("russian", "polish", "bulgarian"):
        pool = names.pool_number(culture, "surname", "M")
        ids = names.rank_ids(pool, np.arange(5000, 5200))
        assert names.is_tail(ids).all()
        fem = names.surname_form(ids, np.full(ids.size, "F"))
        assert (names.sex_of(fem) == "F").all()
        assert (names.surname_form(fem, np.full(ids.size, "M")) == ids).all()
    russian = names.pool_number("russian", "surname", "M")
    ids = names.rank_ids(russian, np.arange(5000, 5400))
    male = names.native_of(ids)
    female = names.native_of(names.surname_form(ids, np.full(ids.size, "F")))
    endings = sum(m.endswith(("ов", "ев", "ин")) and f.endswith(("ова", "ева", "ина"))
                  for m, f in zip(male, female, strict=True))  # fmt: skip
    assert endings > 100


def test_ranks_follow_the_pools_law(names: NameTable) -> None:
    pool = names.pool_number("german", "surname", "U")
    law = names.laws[pool]
    n = 400_000
    ids = names.draw(np.full(n, "german", dtype=object), "surname", np.full(n, "U"),
                     np.random.default_rng(9))  # fmt: skip
    head = names.pool_ids("german", "surname", "U")
    share_top = np.isin(ids, head[:10]).mean()
    assert share_top == pytest.approx(law.top_share(10), abs=4 * np.sqrt(0.05 / n))
    tail = names.is_tail(ids).mean()
    assert tail == pytest.approx(law.survival(head.size), abs=0.005)
    assert names.latin(head[:1])[0] == "MUELLER"


def _spellings(table: NameTable, ids: np.ndarray, variant: np.ndarray) -> list[list[object]]:
    """Every lookup of ``ids`` a world makes, as plain lists."""
    return [
        table.latin(ids).tolist(),
        table.latin(ids, variant).tolist(),
        table.native_of(ids).tolist(),
        table.n_variants(ids).tolist(),
        table.spelling_key(ids).tolist(),
        table.text(ids).to_list(),
        table.text(ids, native=True).to_list(),
        table.spelling(ids, variant).to_list(),
    ]


def _id_lists(names: NameTable) -> st.SearchStrategy[list[int]]:
    head = st.integers(0, names.size - 1)
    tail = st.builds(
        lambda pool, rank: int(names.rank_ids(pool, np.array([rank]))[0]),
        st.integers(0, len(names.pool_keys) - 1),
        st.integers(10_000, 10**9),
    )
    return st.lists(st.one_of(head, tail, tail, st.just(-1)), min_size=1, max_size=40)


@pytest.fixture(scope="module")
def copies(names: NameTable) -> tuple[NameTable, NameTable, NameTable]:
    """Copies of the table with their own tail caches: any size, none, a small one."""
    return (
        dataclasses.replace(names, _cache=_TailCache()),
        dataclasses.replace(names, _cache=_TailCache(limit=0)),
        dataclasses.replace(names, _cache=_TailCache(limit=60)),
    )


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_spellings_never_depend_on_the_tail_cache(
    names: NameTable, copies: tuple[NameTable, NameTable, NameTable], data: st.DataObject
) -> None:
    ids = np.array(data.draw(_id_lists(names), label="ids"), dtype=np.int64)
    others = np.array(data.draw(_id_lists(names), label="others"), dtype=np.int64)
    variant = np.array(data.draw(st.lists(st.integers(0, 50), min_size=ids.size,
                                          max_size=ids.size)), dtype=np.int64)  # fmt: skip
    cold, nothing_kept, warm = copies
    cold._cache.clear()
    warm._cache.clear()
    warm.prefetch(others, ids[::2])
    expected = _spellings(cold, ids, variant)
    assert _spellings(nothing_kept, ids, variant) == expected
    assert _spellings(warm, ids, variant) == expected
    assert _spellings(warm, ids, variant) == expected  # now all gathers
    # ... and equal the tail names decoded afresh, without any cache.
    tail = np.unique(ids[ids >= TAIL_BASE])
    if tail.size:
        latin, native = names.latin(tail).tolist(), names.native_of(tail).tolist()
        assert names._tail_values(tail, "latin").tolist() == latin
        assert names._tail_values(tail, "native").tolist() == native
        assert names._tail_values(tail, "count").tolist() == names.n_variants(tail).tolist()
        assert names._tail_values(tail, "key").tolist() == names.spelling_key(tail).tolist()


def test_a_table_copy_starts_with_an_empty_tail_cache(names: NameTable) -> None:
    pool = names.pool_number("russian", "surname", "M")
    ids = names.rank_ids(pool, np.arange(6000, 6100))
    names.prefetch(ids)
    assert names._cache.spelled.size > 0
    again = pickle.loads(pickle.dumps(names))
    assert again._cache.spelled.size == 0
    assert again.latin(ids).tolist() == names.latin(ids).tolist()
    assert copy.deepcopy(names)._cache.spelled.size == 0

"""Noise on the structure and spelling of names: transliteration, truncation, order, swap.

Transliteration and truncation need to know which Latin variant of each name part a
record currently carries. They look the text up among the variants of its name_ids
(``given_id``/``given_id2``, ``surname_id``/``surname_id2``): a join of the rows with a
small table of every variant of the name_ids involved; a two-part name is matched as
"variant of the first part, a space, variant of the second part". Text that matches no
combination (edited earlier) counts as carrying the canonical variants.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import polars as pl

from synth.corruption.batch import NULL_INT, Batch, not_null, text_series
from synth.corruption.codepoints import IntArray

__all__ = [
    "NameLookup",
    "current_variants",
    "name_order",
    "name_swap",
    "surname_first_cultures",
    "transliteration",
    "truncated_surname",
]

TextArray = npt.NDArray[Any]


class NameLookup(Protocol):
    """What the corruption layer needs of :class:`synth.names.NameTable`."""

    def latin(
        self, name_ids: npt.NDArray[Any], variant_no: npt.NDArray[Any] | None = None
    ) -> npt.NDArray[Any]:
        """Latin spelling per row; ``variant_no`` is taken modulo the variant count."""
        ...

    def n_variants(self, name_ids: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Number of Latin spellings per row."""
        ...


@cache
def surname_first_cultures() -> frozenset[str]:
    """Keys of the naming cultures of :mod:`synth.names` whose people write the surname first."""
    # Imported here: the name pools load Faker, which ``import synth.corruption`` need not.
    from synth.names import CULTURES

    return frozenset(c.key for c in CULTURES if c.name_order == "surname_first")


def _variant_table(names: NameLookup, ids: IntArray) -> pl.DataFrame:
    """Every Latin variant of the distinct ``ids``: columns id, k (variant number), spelling."""
    unique = np.unique(ids[ids != NULL_INT])
    count = np.asarray(names.n_variants(unique), dtype=np.int64)
    repeated = np.repeat(unique, count)
    k = np.arange(repeated.size, dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    spelling = np.asarray(names.latin(repeated, k), dtype=object)
    return pl.DataFrame(
        {
            "id": pl.Series(repeated, dtype=pl.Int64),
            "k": pl.Series(k, dtype=pl.Int64),
            "spelling": text_series("spelling", spelling),
        }
    )


def current_variants(
    names: NameLookup, text: TextArray, first: IntArray, second: IntArray
) -> tuple[IntArray, IntArray]:
    """Variant numbers of the first and second name parts found in ``text`` (-1: no match).

    ``second`` is :data:`~synth.corruption.batch.NULL_INT` for one-part names (whose
    second result is then -1). When several combinations match, the lowest variant
    numbers win.
    """
    size = first.size
    rows = pl.DataFrame(
        {
            "pos": pl.Series(np.arange(size), dtype=pl.Int64),
            "text": text_series("text", text),
            "id1": pl.Series(first, dtype=pl.Int64),
            "id2": pl.Series(second, dtype=pl.Int64),
        }
    )
    variants = _variant_table(names, np.concatenate([first, second])).lazy()
    one = (
        rows.lazy()
        .filter(pl.col("id2") == NULL_INT)
        .join(
            variants.rename({"id": "id1", "k": "k1", "spelling": "text"}),
            on=["id1", "text"],
            how="inner",
        )
        .select("pos", "k1", k2=pl.lit(-1, dtype=pl.Int64))
    )
    two = (
        rows.lazy()
        .filter(pl.col("id2") != NULL_INT)
        .join(variants.rename({"id": "id1", "k": "k1"}), on="id1", how="inner")
        .filter(pl.col("text").str.starts_with(pl.col("spelling") + " "))
        .with_columns(rest=pl.col("text").str.slice(pl.col("spelling").str.len_chars() + 1))
        .join(
            variants.rename({"id": "id2", "k": "k2", "spelling": "rest"}),
            on=["id2", "rest"],
            how="inner",
        )
        .select("pos", "k1", "k2")
    )
    found = (
        pl.concat([one, two])
        .sort("pos", "k1", "k2")
        .unique(subset="pos", keep="first", maintain_order=True)
        .collect()
    )
    k1 = np.full(size, -1, dtype=np.int64)
    k2 = np.full(size, -1, dtype=np.int64)
    pos = found.get_column("pos").to_numpy()
    k1[pos] = found.get_column("k1").to_numpy()
    k2[pos] = found.get_column("k2").to_numpy()
    return k1, k2


def _another(
    names: NameLookup, ids: IntArray, current: IntArray, rng: np.random.Generator
) -> IntArray:
    """A variant number other than ``current`` (uniform), or ``current`` if there is none."""
    count = np.asarray(names.n_variants(ids), dtype=np.int64)
    base = np.maximum(current, 0)
    shift = 1 + np.floor(rng.random(ids.size) * np.maximum(count - 1, 0)).astype(np.int64)
    return np.where(count > 1, (base + shift) % np.maximum(count, 1), base)


def _spell(names: NameLookup, ids: IntArray, variant: IntArray) -> TextArray:
    return np.asarray(names.latin(ids, variant), dtype=object)


def _respell(
    names: NameLookup,
    text: TextArray,
    first: IntArray,
    second: IntArray,
    rng: np.random.Generator,
) -> TextArray:
    """Another spelling of each name (``second`` = :data:`NULL_INT` for one-part names)."""
    k1, k2 = current_variants(names, text, first, second)
    out = _spell(names, first, _another(names, first, k1, rng))
    two = np.flatnonzero(second != NULL_INT)
    if two.size:
        part2 = _spell(names, second[two], _another(names, second[two], k2[two], rng))
        out[two] = out[two] + " " + part2
    return out


def _ids(batch: Batch, name: str, where: IntArray) -> IntArray:
    if not batch.has(name):
        return np.full(where.size, NULL_INT, dtype=np.int64)
    return np.asarray(batch.get(name, where), dtype=np.int64)


def transliteration(
    batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup
) -> None:
    """Given names and surname rewritten in another Latin variant of each name part.

    ``surname_at_birth`` follows the surname when it was equal to it.
    """
    old_surname = batch.get("surname", where)
    for column, first_col, second_col in (
        ("given_names", "given_id", "given_id2"),
        ("surname", "surname_id", "surname_id2"),
    ):
        text = batch.get(column, where)
        first = _ids(batch, first_col, where)
        ok = np.flatnonzero(not_null(text) & (first != NULL_INT))
        if ok.size == 0:
            continue
        second = _ids(batch, second_col, where)[ok]
        batch.put(column, where[ok], _respell(names, text[ok], first[ok], second, rng))
    if batch.has("surname_at_birth"):
        at_birth = batch.get("surname_at_birth", where)
        same = np.flatnonzero(not_null(at_birth) & (at_birth == old_surname))
        batch.put("surname_at_birth", where[same], batch.get("surname", where[same]))


def truncated_surname(
    batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup
) -> None:
    """A compound surname (``surname_id2`` not null) cut to its first part.

    The first part is the recognised variant of ``surname_id``; a surname no longer
    recognised (edited by an earlier noise) keeps its first space-separated token.
    """
    text = batch.get("surname", where)
    first = _ids(batch, "surname_id", where)
    second = _ids(batch, "surname_id2", where)
    ok = np.flatnonzero(not_null(text) & (second != NULL_INT))
    if ok.size == 0:
        return
    k1 = np.full(ok.size, -1, dtype=np.int64)
    known = np.flatnonzero(first[ok] != NULL_INT)
    if known.size:
        k1[known], _ = current_variants(names, text[ok][known], first[ok][known], second[ok][known])
    new = np.asarray(
        text_series("surname", text[ok]).str.split(" ").list.first().to_list(), dtype=object
    )
    hit = np.flatnonzero(k1 >= 0)
    if hit.size:
        new[hit] = _spell(names, first[ok][hit], k1[hit])
    batch.put("surname", where[ok], new)


def name_order(batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup) -> None:
    """The full name read in the other convention.

    A surname-first culture's full name ("surname given...") read given-first makes the
    last token the surname; a given-first culture's ("given... surname") read surname-first
    makes the first token the surname. The remaining tokens become the given names.
    """
    culture = (
        text_series("culture", batch.get("culture", where))
        if batch.has("culture")
        else pl.repeat(None, where.size, dtype=pl.String, eager=True).alias("culture")
    )
    frame = pl.DataFrame(
        [
            text_series("given", batch.get("given_names", where)),
            text_series("surname", batch.get("surname", where)),
            culture,
        ]
    )
    first = pl.col("culture").is_in(sorted(surname_first_cultures())).fill_null(value=False)
    full = (
        pl.when(first)
        .then(pl.concat_str(["surname", "given"], separator=" ", ignore_nulls=True))
        .otherwise(pl.concat_str(["given", "surname"], separator=" ", ignore_nulls=True))
    )
    tokens = full.str.split(" ")
    out = frame.select(
        surname=pl.when(first).then(tokens.list.last()).otherwise(tokens.list.first()),
        given=pl.when(first)
        .then(tokens.list.head(tokens.list.len() - 1).list.join(" "))
        .otherwise(tokens.list.slice(1).list.join(" ")),
    ).select(pl.all().replace("", None))
    batch.put("surname", where, np.asarray(out.get_column("surname").to_list(), dtype=object))
    batch.put("given_names", where, np.asarray(out.get_column("given").to_list(), dtype=object))


def name_swap(batch: Batch, where: IntArray, rng: np.random.Generator, names: NameLookup) -> None:
    """Given names and surname exchanged."""
    given = batch.get("given_names", where)
    batch.put("given_names", where, batch.get("surname", where))
    batch.put("surname", where, given)

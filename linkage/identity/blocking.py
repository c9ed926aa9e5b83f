"""Multi-pass blocking: candidate pairs counted from block sizes, then generated once.

A :class:`BlockingRule` is a tuple of polars expressions; two records are candidates
under the rule when every expression has the same non-null value on both. Several
rules (passes) are united, as in Splink: a pair found by pass ``k`` is kept only if no
earlier pass found it, which is tested on the earlier passes' block ids without sorting
or hashing the pairs.

Before any comparison, the number of pairs of each pass is computed from its block sizes
(:func:`count_comparisons`, Splink's ``count_comparisons_from_blocking_rules``). A block
with more than ``max_block_pairs`` pairs is skipped and logged: one default birth date
or one very common name can otherwise produce millions of pairs that no other key
supports.

Pairs are generated with numpy index arithmetic (rows sorted by block, then source; each
row pairs with the rows after it in its block), never with a Python loop over blocks.
"""

from __future__ import annotations

import itertools
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from linkage.identity.strings import dense_codes
from schemas.errors import ConfigError
from schemas.progress import Progress, silent

__all__ = [
    "BlockingRule",
    "CandidatePairs",
    "LinkType",
    "block_ids",
    "block_on",
    "candidate_pairs",
    "count_comparisons",
]

log = logging.getLogger(__name__)

LinkType = Literal["link_only", "dedupe_only", "link_and_dedupe"]
_LINK_TYPES = ("link_only", "dedupe_only", "link_and_dedupe")
_MAX_PAIRS = 2**31 - 1
_SEGMENT_PAIRS = 2_000_000  # pairs per piece of a pass generated on one thread

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class BlockingRule:
    """Records agreeing on every key (all non-null) are candidate pairs.

    Built with :func:`block_on`; ``covers`` is for keys computed beforehand:

    >>> rule = block_on("surname_key", "year", covers=("surname",))
    >>> sorted(rule.columns)
    ['surname', 'surname_key', 'year']

    ``covers`` names input columns the keys are derived from when the expressions do not
    show it (e.g. a precomputed ``surname_key`` column covers ``surname``). EM leaves out
    the comparisons of covered columns when it trains on this rule's pairs (they agree
    by construction there).
    """

    keys: tuple[pl.Expr, ...]
    name: str
    covers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.keys:
            raise ConfigError(f"blocking rule {self.name!r} has no keys")

    @property
    def columns(self) -> frozenset[str]:
        """Input columns the keys read (their root columns), plus ``covers``."""
        roots = {c for k in self.keys for c in k.meta.root_names()}
        return frozenset(roots | set(self.covers))


def block_on(
    *keys: str | pl.Expr, name: str | None = None, covers: tuple[str, ...] = ()
) -> BlockingRule:
    """A blocking rule on columns (names) or polars expressions.

    >>> import polars as pl
    >>> rule = block_on("surname", pl.col("birth_date").dt.year(), name="surname+year")
    >>> rule.name, sorted(rule.columns)
    ('surname+year', ['birth_date', 'surname'])
    """
    exprs = tuple(pl.col(k) if isinstance(k, str) else k for k in keys)
    label = name or "+".join(k if isinstance(k, str) else _expr_name(k) for k in keys)
    return BlockingRule(keys=exprs, name=label, covers=tuple(covers))


def _expr_name(expr: pl.Expr) -> str:
    try:
        return expr.meta.output_name()
    except pl.exceptions.ComputeError:
        return str(expr)


def _key_values(frame: pl.DataFrame, expr: pl.Expr, name: str) -> pl.Series:
    """``expr`` over ``frame``; a row-wise key of one column is computed once per value.

    Phonetic keys cost several string passes per record; names repeat, so evaluating
    them on the distinct values and joining back is many times faster on large inputs.
    """
    roots = set(expr.meta.root_names())
    if len(roots) != 1 or not _row_separable(expr):
        return frame.select(expr.alias(name)).to_series()
    (col,) = roots
    values = frame.select(pl.col(col).unique())
    if values.height * 2 > frame.height:
        return frame.select(expr.alias(name)).to_series()
    mapped = values.select(pl.col(col), expr.alias(name))
    joined = frame.select(col).join(
        mapped, on=col, how="left", nulls_equal=True, maintain_order="left"
    )
    return joined[name]


def _row_separable(expr: pl.Expr) -> bool:
    """Whether ``expr`` maps each row on its own (False when polars cannot tell: the
    name functions of :mod:`linkage.identity.normalise` deduplicate by themselves)."""
    try:
        return bool(expr.meta.is_row_separable())
    except pl.exceptions.PolarsError:
        return False


def block_ids(frame: pl.DataFrame, rule: BlockingRule) -> IntArray:
    """Per record: a dense block id under ``rule`` (-1 when any key is null).

    Keys are per-record (row-wise) expressions. Each key is coded by hashing its distinct
    values, and the codes of several keys are combined as integers (no row is sorted
    by a string).
    """
    ids: IntArray | None = None
    for i, key in enumerate(rule.keys):
        codes, values = dense_codes(_key_values(frame, key, f"_k{i}"))
        codes64 = codes.astype(np.int64)
        if ids is None:
            ids = codes64
            continue
        both = (ids >= 0) & (codes64 >= 0)
        combined = np.where(both, ids * (values.len() + 1) + codes64, -1)
        ids = np.full(combined.size, -1, dtype=np.int64)
        ids[both] = np.unique(combined[both], return_inverse=True)[1]
    assert ids is not None
    return np.ascontiguousarray(ids, dtype=np.int64)


@dataclass(frozen=True)
class _Blocks:
    """Rows of one pass sorted by (block, source), with run and block ends."""

    order: IntArray  # original row of each sorted position
    block_end: IntArray  # per sorted position: end of its block
    run_end: IntArray  # per sorted position: end of its (block, source) run
    block_of: IntArray  # per sorted position: block number (0..n_blocks-1)
    block_pairs: IntArray  # per block: candidate pairs it holds


def _sorted_blocks(ids: IntArray, source: IntArray, link_type: LinkType) -> _Blocks:
    valid = np.flatnonzero(ids >= 0)
    order = valid[np.lexsort((source[valid], ids[valid]))]
    sb, ss = ids[order], source[order]
    n = order.size
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return _Blocks(order, empty, empty, empty, empty)
    new_block = np.empty(n, dtype=bool)
    new_block[0] = True
    np.not_equal(sb[1:], sb[:-1], out=new_block[1:])
    new_run = new_block.copy()
    new_run[1:] |= ss[1:] != ss[:-1]
    block_starts = np.flatnonzero(new_block)
    run_starts = np.flatnonzero(new_run)
    block_of = np.cumsum(new_block) - 1
    run_of = np.cumsum(new_run) - 1
    block_stops = np.append(block_starts[1:], n)
    run_stops = np.append(run_starts[1:], n)
    block_sizes = block_stops - block_starts
    if link_type == "link_only":
        run_sizes = run_stops - run_starts
        run_block = block_of[run_starts]
        same_source = np.bincount(run_block, weights=run_sizes**2, minlength=block_starts.size)
        block_pairs = (block_sizes**2 - same_source.astype(np.int64)) // 2
    else:
        block_pairs = block_sizes * (block_sizes - 1) // 2
    return _Blocks(
        order=order,
        block_end=block_stops[block_of],
        run_end=run_stops[run_of],
        block_of=block_of,
        block_pairs=block_pairs.astype(np.int64),
    )


def _check_link_type(link_type: str) -> LinkType:
    if link_type not in _LINK_TYPES:
        raise ConfigError(f"link_type {link_type!r} is not one of {', '.join(_LINK_TYPES)}")
    return link_type  # type: ignore[return-value]


def count_comparisons(
    frame: pl.DataFrame,
    rules: tuple[BlockingRule, ...] | list[BlockingRule],
    source: IntArray,
    link_type: LinkType = "link_only",
    max_block_pairs: int | None = None,
) -> pl.DataFrame:
    """Candidate pairs of each pass, counted from block sizes before anything is compared.

    One row per rule: ``rule``, ``pairs`` (all pairs its blocks hold), ``largest_block``
    (pairs of its largest block), ``oversized_blocks`` and ``pairs_kept`` (after
    skipping blocks above ``max_block_pairs``). Pairs found by several rules are counted
    in each (the union is only known once pairs are generated: see
    :func:`candidate_pairs`).
    """
    link_type = _check_link_type(link_type)
    rows = []
    for rule in rules:
        blocks = _sorted_blocks(block_ids(frame, rule), source, link_type)
        over = (
            blocks.block_pairs > max_block_pairs
            if max_block_pairs is not None
            else np.zeros(blocks.block_pairs.size, dtype=bool)
        )
        rows.append(
            {
                "rule": rule.name,
                "pairs": int(blocks.block_pairs.sum()),
                "largest_block": int(blocks.block_pairs.max(initial=0)),
                "oversized_blocks": int(over.sum()),
                "pairs_kept": int(blocks.block_pairs[~over].sum()),
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "rule": pl.String,
            "pairs": pl.Int64,
            "largest_block": pl.Int64,
            "oversized_blocks": pl.Int64,
            "pairs_kept": pl.Int64,
        },
    )


@dataclass(frozen=True, eq=False)
class CandidatePairs:
    """Candidate pairs as record indices (``left < right``), with the pass that found each."""

    left: IntArray
    right: IntArray
    rule: npt.NDArray[np.int8]
    stats: pl.DataFrame = field(repr=False)
    block_ids: tuple[npt.NDArray[np.int32], ...] = field(default=(), repr=False)

    def __len__(self) -> int:
        return int(self.left.size)

    def subset(self, keep: npt.NDArray[np.bool_] | IntArray) -> CandidatePairs:
        """The pairs selected by a boolean mask or an index array (stats unchanged)."""
        return CandidatePairs(
            self.left[keep], self.right[keep], self.rule[keep], self.stats, self.block_ids
        )

    def in_rule(self, k: int) -> npt.NDArray[np.bool_]:
        """Which pairs rule ``k`` finds (whether or not an earlier rule found them first)."""
        ids = self.block_ids[k]
        a = ids[self.left]
        out: npt.NDArray[np.bool_] = (a >= 0) & (a == ids[self.right])
        return out


@dataclass(frozen=True, eq=False)
class _Pass:
    """One blocking pass, sorted: its blocks, skipped blocks, ids and pair counts."""

    blocks: _Blocks
    over: npt.NDArray[np.bool_]  # per block: above max_block_pairs (skipped)
    ids: IntArray  # per record: block id, -1 when null or in a skipped block
    counts: IntArray  # per sorted position: pairs with the rows after it


def _sort_pass(
    rule: BlockingRule,
    ids: IntArray,
    source: IntArray,
    link_type: LinkType,
    max_block_pairs: int | None,
) -> _Pass:
    blocks = _sorted_blocks(ids, source, link_type)
    over = (
        blocks.block_pairs > max_block_pairs
        if max_block_pairs is not None
        else np.zeros(blocks.block_pairs.size, dtype=bool)
    )
    if over.any():
        log.warning(
            "blocking rule %r: %d blocks above %s pairs skipped (%d pairs, largest %d)",
            rule.name,
            int(over.sum()),
            max_block_pairs,
            int(blocks.block_pairs[over].sum()),
            int(blocks.block_pairs.max()),
        )
        # Rows of skipped blocks leave the rule, so later passes keep their pairs.
        ids = ids.copy()
        ids[blocks.order[over[blocks.block_of]]] = -1
    counts = _pair_counts(blocks, ~over, link_type)
    if int(counts.sum()) > _MAX_PAIRS:
        raise ConfigError(
            f"blocking rule {rule.name!r} makes {int(counts.sum()):,} pairs; tighten it or "
            "set max_block_pairs"
        )
    return _Pass(blocks, over, ids, counts)


def _new_pairs(
    passes: list[_Pass], effective: list[npt.NDArray[np.int32]], task: tuple[int, int, int],
    link_type: LinkType, ordered: bool,
) -> tuple[IntArray, IntArray]:  # fmt: skip
    """The pairs of one piece of pass ``k`` that no earlier pass found."""
    k, lo, hi = task
    left, right = _pairs_of(passes[k].blocks, passes[k].counts, lo, hi, link_type, ordered)
    if k == 0:
        return left, right
    dup = np.zeros(left.size, dtype=bool)
    for prev in effective[:k]:
        a = prev[left]
        a[a < 0] = -2  # never equal to the other side's -1
        dup |= a == prev[right]
    keep = ~dup
    return left[keep], right[keep]


def candidate_pairs(
    frame: pl.DataFrame,
    rules: tuple[BlockingRule, ...] | list[BlockingRule],
    source: IntArray,
    link_type: LinkType = "link_only",
    max_block_pairs: int | None = None,
    progress: Progress = silent,
    threads: int = 2,
) -> CandidatePairs:
    """The union of the candidate pairs of every rule, each pair once.

    ``source`` numbers the input each record comes from; ``link_only`` pairs records of
    different sources only, ``dedupe_only`` and ``link_and_dedupe`` pair any two records.
    ``stats`` has one row per rule: ``pairs`` (from block sizes, before the cap),
    ``oversized_blocks``, ``pairs_kept`` (after the cap) and ``new_pairs`` (not found by
    an earlier rule). Passes are sorted and generated on ``threads`` threads.
    """
    link_type = _check_link_type(link_type)
    _check_rules(rules, max_block_pairs)
    source = np.asarray(source, dtype=np.int64)
    ids_all = [block_ids(frame, rule) for rule in rules]
    progress("blocking", 0, len(rules))
    # Rows sorted by source keep left < right without a min/max pass.
    ordered = bool(np.all(source[1:] >= source[:-1]))
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        passes = list(
            pool.map(
                lambda k: _sort_pass(rules[k], ids_all[k], source, link_type, max_block_pairs),
                range(len(rules)),
            )
        )
        effective = [p.ids.astype(np.int32) for p in passes]
        # Big passes are cut at block boundaries into pieces generated side by side.
        tasks = [
            (k, lo, hi)
            for k, p in enumerate(passes)
            for lo, hi in _segments(p.blocks, p.counts, _SEGMENT_PAIRS)
        ]
        pieces = list(
            pool.map(lambda t: _new_pairs(passes, effective, t, link_type, ordered), tasks)
        )
    progress("blocking", len(rules), len(rules))
    new = np.zeros(len(rules), dtype=np.int64)
    for (k, _, _), (left, _) in zip(tasks, pieces, strict=True):
        new[k] += left.size
    empty = np.zeros(0, dtype=np.int64)
    # Tasks are in pass order, so one concatenation keeps the pairs grouped by pass.
    return CandidatePairs(
        left=np.concatenate([empty, *(p[0] for p in pieces)]),
        right=np.concatenate([empty, *(p[1] for p in pieces)]),
        rule=np.repeat(np.arange(len(rules), dtype=np.int8), new),
        stats=_pass_stats(rules, passes, new),
        block_ids=tuple(effective),
    )


def _check_rules(
    rules: tuple[BlockingRule, ...] | list[BlockingRule], max_block_pairs: int | None
) -> None:
    """Refuse an empty rule list or a block cap below one pair."""
    if not rules:
        raise ConfigError("at least one blocking rule is needed")
    if max_block_pairs is not None and max_block_pairs < 1:
        raise ConfigError(f"max_block_pairs must be >= 1, got {max_block_pairs}")


def _pass_stats(
    rules: tuple[BlockingRule, ...] | list[BlockingRule],
    passes: list[_Pass],
    new: npt.NDArray[np.int64],
) -> pl.DataFrame:
    """One row per rule: pairs from block sizes, oversized blocks, pairs kept, new pairs."""
    return pl.DataFrame(
        [
            {
                "rule": rule.name,
                "pairs": int(p.blocks.block_pairs.sum()),
                "oversized_blocks": int(p.over.sum()),
                "pairs_kept": int(p.counts.sum()),
                "new_pairs": int(new[k]),
            }
            for k, (rule, p) in enumerate(zip(rules, passes, strict=True))
        ]
    )


def _pair_counts(
    blocks: _Blocks, keep_block: npt.NDArray[np.bool_], link_type: LinkType
) -> IntArray:
    """Per sorted position: how many pairs the row makes with the rows after it."""
    pos = np.arange(blocks.order.size, dtype=np.int64)
    start = blocks.run_end if link_type == "link_only" else pos + 1
    count: IntArray = np.where(keep_block[blocks.block_of], blocks.block_end - start, 0)
    return count


def _segments(blocks: _Blocks, count: IntArray, target: int) -> list[tuple[int, int]]:
    """Position ranges, cut at block starts, holding about ``target`` pairs each."""
    n = count.size
    if n == 0:
        return []
    cum = np.cumsum(count)
    starts = np.flatnonzero(np.diff(blocks.block_of, prepend=-1) != 0)
    before = cum[starts] - count[starts]  # pairs before each block start
    marks = np.arange(target, int(cum[-1]), target)
    at = np.minimum(np.searchsorted(before, marks), starts.size - 1)
    cuts = np.unique(starts[at])
    bounds = [0, *[int(c) for c in cuts if 0 < c < n], n]
    return list(itertools.pairwise(bounds))


def _pairs_of(
    blocks: _Blocks, count: IntArray, lo: int, hi: int, link_type: LinkType, ordered: bool
) -> tuple[IntArray, IntArray]:
    """The pairs of sorted positions ``lo:hi`` (whole blocks), as row indices, left < right.

    Within a block rows are sorted by source, then (stable sort) by row, so a pair's
    earlier position holds the smaller row whenever the sources are numbered in row
    order (``ordered``).
    """
    c = count[lo:hi]
    total = int(c.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    pos = np.arange(lo, hi, dtype=np.int64)
    start = blocks.run_end[lo:hi] if link_type == "link_only" else pos + 1
    a = np.repeat(blocks.order[lo:hi], c)
    right_pos = np.repeat(start - (np.cumsum(c) - c), c)
    right_pos += np.arange(total, dtype=np.int64)
    b = blocks.order[right_pos]
    if ordered:
        return a, b
    return np.minimum(a, b), np.maximum(a, b)

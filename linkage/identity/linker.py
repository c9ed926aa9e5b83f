"""The :class:`Linker`: one or more frames under a :class:`LinkSpec`, step by step.

Each step is a method, in the order a linkage runs them (as Splink's linker): count the
comparisons each blocking pass would make, generate the candidate pairs, compare them,
train a :class:`~linkage.identity.model.Model` (:mod:`linkage.identity.training`), score,
and predict (:class:`~linkage.identity.predictions.Predictions`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from linkage.identity.blocking import CandidatePairs, candidate_pairs, count_comparisons
from linkage.identity.classify import classify_rules
from linkage.identity.fellegi_sunter import (
    TfAdjustment,
    match_probability,
    match_weights,
    tf_terms,
    u_from_levels,
)
from linkage.identity.model import Model
from linkage.identity.spec import DEFAULT_THRESHOLD, LinkSpec
from schemas.errors import ConfigError
from schemas.progress import Progress, silent
from schemas.rng import stream

__all__ = ["Frames", "Linker", "ScoredPairs", "Timings"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Levels = npt.NDArray[np.int8]
#: What :func:`~linkage.identity.link` takes: ``{name: frame}``, a list of frames (named
#: "0", "1", ...) or one frame.
Frames = Mapping[str, pl.DataFrame] | Sequence[pl.DataFrame] | pl.DataFrame

SOURCE = "__source"
ROW = "__row"


@dataclass(frozen=True)
class Timings:
    """Seconds spent comparing, training and scoring one batch of pairs."""

    compare_s: float = 0.0
    train_s: float = 0.0
    score_s: float = 0.0

    def to_json(self) -> dict[str, float]:
        """``{"compare_s": .., "train_s": .., "score_s": ..}``."""
        return {"compare_s": self.compare_s, "train_s": self.train_s, "score_s": self.score_s}


@dataclass(frozen=True, eq=False)
class ScoredPairs:
    """Candidate pairs with their levels, term-frequency terms, weights and classes.

    ``match_weight`` includes the term-frequency terms; ``tf[k]`` is comparison ``k``'s
    term (bits per pair), None when it has no term-frequency adjustment.
    """

    pairs: CandidatePairs
    levels: list[Levels]
    match_weight: FloatArray
    tf: list[npt.NDArray[np.float32] | None]
    identity_class: npt.NDArray[np.int8] | None
    timings: Timings

    def probability(self, keep: npt.NDArray[np.bool_] | None = None) -> FloatArray:
        """Match probability of every pair (or of the pairs in ``keep``)."""
        return match_probability(self.match_weight if keep is None else self.match_weight[keep])


def _as_frames(frames: Frames) -> dict[str, pl.DataFrame]:
    if isinstance(frames, pl.DataFrame):
        return {"0": frames}
    out = dict(frames) if isinstance(frames, Mapping) else {str(i): f for i, f in enumerate(frames)}
    if not out:
        raise ConfigError("no frames to link")
    for name, f in out.items():
        if not isinstance(f, pl.DataFrame):
            raise ConfigError(f"frame {name!r} is a {type(f).__name__}, not a polars DataFrame")
    return out


def _check_frames(named: dict[str, pl.DataFrame], spec: LinkSpec) -> None:
    if spec.link_type == "link_only" and len(named) < 2:
        raise ConfigError("link_only needs at least two frames (use dedupe_only for one)")
    if spec.link_type == "dedupe_only" and len(named) != 1:
        raise ConfigError("dedupe_only takes exactly one frame")
    needed = {c for comp in spec.comparisons for c in comp.columns}
    if spec.id_column is not None:
        needed.add(spec.id_column)
    for name, f in named.items():
        missing = sorted(needed - set(f.columns))
        if missing:
            raise ConfigError(f"frame {name!r} lacks columns {missing}")
        if spec.id_column is not None and f[spec.id_column].is_duplicated().any():
            raise ConfigError(f"frame {name!r}: ids in {spec.id_column!r} are not unique")


class Linker:
    """Links the records of one or more frames under a :class:`LinkSpec`, step by step.

    >>> import polars as pl
    >>> from linkage.identity import ExactMatch, Linker, LinkSpec, block_on
    >>> a = pl.DataFrame({"city": ["Oslo", "Rome"], "surname": ["Berg", "Rossi"]})
    >>> b = pl.DataFrame({"city": ["Oslo", "Rome"], "surname": ["Berg", "Russo"]})
    >>> spec = LinkSpec(comparisons=[ExactMatch("surname")], blocking=[block_on("city")],
    ...                 u_sample_pairs=100)
    >>> linker = Linker({"a": a, "b": b}, spec)
    >>> linker.count_comparisons()["pairs"].to_list()
    [2]
    >>> pairs = linker.candidates()
    >>> [linker.spec.comparisons[0].labels[x] for x in linker.compare(pairs.left, pairs.right)[0]]
    ['exact', 'different']
    """

    def __init__(self, frames: Frames, spec: LinkSpec, progress: Progress | None = None):
        self.spec = spec
        self.progress: Progress = progress or silent
        named = _as_frames(frames)
        _check_frames(named, spec)
        self.source_names: tuple[str, ...] = tuple(named)
        parts = [
            f.with_columns(
                pl.lit(i, dtype=pl.Int32).alias(SOURCE),
                pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW),
            )
            for i, f in enumerate(named.values())
        ]
        self.frame: pl.DataFrame = pl.concat(parts, how="diagonal_relaxed")
        self.source: IntArray = self.frame[SOURCE].to_numpy().astype(np.int64)
        self.ids: pl.Series = (
            self.frame[spec.id_column] if spec.id_column is not None else self.frame[ROW]
        )
        self._prepared: list[Any] | None = None

    @property
    def n_records(self) -> int:
        """Records over all frames."""
        return self.frame.height

    @property
    def threads(self) -> int:
        """Threads for blocking and comparing (``spec.threads``, else the cores)."""
        return self.spec.threads or os.cpu_count() or 1

    def prepared(self) -> list[Any]:
        """Per-comparison prepared data (computed once)."""
        if self._prepared is None:
            comps = self.spec.comparisons
            self.progress("preparing", 0, len(comps))
            with ThreadPoolExecutor(max_workers=self.threads) as pool:
                self._prepared = list(pool.map(lambda c: c.prepare(self.frame), comps))
            self.progress("preparing", len(comps), len(comps))
        return self._prepared

    def count_comparisons(self) -> pl.DataFrame:
        """Pairs per blocking pass from block sizes (nothing compared; see blocking.py)."""
        spec = self.spec
        return count_comparisons(
            self.frame, spec.blocking, self.source, spec.link_type, spec.max_block_pairs
        )

    def candidates(self) -> CandidatePairs:
        """The union of the blocking passes' pairs, each once (record indices)."""
        spec = self.spec
        return candidate_pairs(
            self.frame,
            spec.blocking,
            self.source,
            spec.link_type,
            spec.max_block_pairs,
            self.progress,
            self.threads,
        )

    def compare(self, left: IntArray, right: IntArray) -> list[Levels]:
        """Comparison levels of pairs of record indices, one int8 array per comparison."""
        prepared = self.prepared()
        comps = self.spec.comparisons
        n = left.size
        out = [np.empty(n, dtype=np.int8) for _ in comps]
        step = self.spec.chunk_pairs
        # With several threads each rapidfuzz call stays on one core (numpy and
        # rapidfuzz release the GIL, so the comparisons of a batch run side by side).
        workers = 1 if self.threads > 1 else -1

        def run(task: tuple[int, int]) -> None:
            i, start = task
            stop = min(n, start + step)
            out[i][start:stop] = comps[i].levels(
                prepared[i], left[start:stop], right[start:stop], workers
            )

        tasks = [(i, start) for start in range(0, n, step) for i in range(len(comps))]
        with ThreadPoolExecutor(max_workers=self.threads) as pool:
            for done, _ in enumerate(pool.map(run, tasks)):
                if done % len(comps) == 0:
                    self.progress("comparing", min(n, done // len(comps) * step), n)
        self.progress("comparing", n, n)
        return out

    def random_pairs(self, n: int) -> tuple[IntArray, IntArray]:
        """``n`` random pairs that the link type allows (seeded by ``spec.seed``)."""
        rng = stream(self.spec.seed, "linkage.identity.u-sample")
        total = self.n_records
        if total < 2:
            raise ConfigError("at least two records are needed")
        lefts: list[IntArray] = []
        rights: list[IntArray] = []
        have = 0
        for _ in range(100):
            a = rng.integers(0, total, size=2 * n)
            b = rng.integers(0, total, size=2 * n)
            ok = a != b
            if self.spec.link_type == "link_only":
                ok &= self.source[a] != self.source[b]
            lefts.append(np.minimum(a[ok], b[ok]))
            rights.append(np.maximum(a[ok], b[ok]))
            have += int(ok.sum())
            if have >= n:
                break
        if have == 0:
            raise ConfigError("no random pair is allowed by the link type")
        return np.concatenate(lefts)[:n], np.concatenate(rights)[:n]

    def estimate_u(self) -> list[FloatArray]:
        """u per comparison level from ``spec.u_sample_pairs`` random pairs (Splink's
        ``estimate_u_using_random_sampling``)."""
        left, right = self.random_pairs(self.spec.u_sample_pairs)
        levels = self.compare(left, right)
        return u_from_levels(levels, [c.n_levels for c in self.spec.comparisons])

    def pair_space(self) -> int:
        """How many pairs the link type allows over all records."""
        n = self.n_records
        if self.spec.link_type != "link_only":
            return n * (n - 1) // 2
        sizes = np.bincount(self.source)
        return int((n * n - int((sizes.astype(np.int64) ** 2).sum())) // 2)

    def train(self, pairs: CandidatePairs, levels: Sequence[Levels]) -> Model:
        """Estimate the model from the candidate pairs' levels
        (:func:`linkage.identity.training.train`)."""
        from linkage.identity.training import train

        return train(self, pairs, levels)

    def tf_adjustments(self) -> list[TfAdjustment]:
        """The term-frequency adjustments the comparisons ask for."""
        out: list[TfAdjustment] = []
        for i, (comp, prep) in enumerate(zip(self.spec.comparisons, self.prepared(), strict=True)):
            out.extend(TfAdjustment(i, level, tf) for level, tf in comp.tf_adjustments(prep))
        return out

    def score(
        self,
        pairs: CandidatePairs,
        model: Model | None = None,
        levels: list[Levels] | None = None,
    ) -> tuple[ScoredPairs, Model]:
        """Compare (unless ``levels`` are given), train (unless ``model``), weigh, classify."""
        comps = self.spec.comparisons
        t0 = time.perf_counter()
        if levels is None:
            levels = self.compare(pairs.left, pairs.right)
        t1 = time.perf_counter()
        if model is None:
            model = self.train(pairs, levels)
        model.check_comparisons([c.name for c in comps], [c.labels for c in comps])
        t2 = time.perf_counter()
        tf = tf_terms(
            levels, model, self.tf_adjustments(), pairs.left, pairs.right, self.spec.tf_minimum
        )
        weight = match_weights(levels, model)
        for term in tf:
            if term is not None:
                weight += term
        classes = None
        if self.spec.rules:
            classes = classify_rules(
                {c.name: lv for c, lv in zip(comps, levels, strict=True)},
                {c.name: c.labels for c in comps},
                self.spec.rules,
            )
        timings = Timings(t1 - t0, t2 - t1, time.perf_counter() - t2)
        return ScoredPairs(pairs, levels, weight, tf, classes, timings), model

    def predict(
        self,
        model: Model | None = None,
        threshold_match_probability: float | None = DEFAULT_THRESHOLD,
    ) -> Any:
        """Block, compare, train (unless ``model`` is given), score: the
        :class:`~linkage.identity.predictions.Predictions` at or above the threshold
        (every candidate pair when it is None)."""
        from linkage.identity.predictions import Predictions

        scored, model = self.score(self.candidates(), model)
        return Predictions.from_scored(self, scored, model, threshold_match_probability)

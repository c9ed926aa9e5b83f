"""The public record-linkage API: link two or more polars frames from a comparison spec.

Example (two small frames; each person appears once in each)::

    import datetime as dt

    import polars as pl

    from linkage.identity import (
        DateComparison, ExactMatch, LinkSpec, NameComparison, block_on, link, phonetic_key,
    )

    a = pl.DataFrame({
        "surname": ["Müller", "Smith", "Haddad"],
        "given_names": ["Jürgen", "Anna", "Omar"],
        "birth_date": [dt.date(1980, 5, 17), dt.date(1990, 3, 12), dt.date(1975, 1, 1)],
        "sex": ["M", "F", "M"],
    })
    b = pl.DataFrame({
        "surname": ["MUELLER", "Smieth", "Omar"],        # variant, typo, swapped names
        "given_names": ["Jurgen", "Anna", "Haddad"],
        "birth_date": [dt.date(1980, 5, 17), dt.date(1990, 12, 3), dt.date(1975, 6, 30)],
        "sex": ["M", "F", "M"],
    })
    spec = LinkSpec(
        comparisons=(NameComparison("surname", "given_names"),
                     DateComparison("birth_date"), ExactMatch("sex")),
        blocking=(block_on(phonetic_key(pl.col("surname")), name="surname_key"),
                  block_on("birth_date"),
                  block_on(pl.col("birth_date").dt.year(), name="birth_year")),
        u_sample_pairs=10_000,
    )
    pairs = link({"a": a, "b": b}, spec)

``pairs`` has one row per candidate pair: ``source_a``, ``id_a``, ``source_b``, ``id_b``,
``rule`` (the blocking pass that found it), ``<comparison>_level`` per comparison,
``match_weight`` (bits) and ``match_probability``, and ``identity_class`` when the spec
has field rules. :class:`Linker` exposes the steps one by one (count the comparisons of
each blocking pass, generate candidates, compare, estimate u, run EM, score).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from linkage.identity.blocking import (
    BlockingRule,
    CandidatePairs,
    LinkType,
    candidate_pairs,
    count_comparisons,
)
from linkage.identity.classify import FieldRule, category_names, classify_rules
from linkage.identity.compare import Comparison
from linkage.identity.fellegi_sunter import (
    FellegiSunterModel,
    TfAdjustment,
    expectation_maximisation,
    match_probability,
    match_weights,
    pattern_counts,
    population_prior,
    u_from_levels,
    weight_of_probability,
)
from schemas.errors import ConfigError
from schemas.progress import Progress, silent
from schemas.rng import stream

__all__ = ["Frames", "LinkSpec", "Linker", "ScoredPairs", "link"]

log = logging.getLogger(__name__)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Levels = npt.NDArray[np.int8]
Frames = Mapping[str, pl.DataFrame] | Sequence[pl.DataFrame] | pl.DataFrame

_SOURCE = "__source"
_ROW = "__row"


@dataclass(frozen=True, eq=False)
class LinkSpec:
    """What to compare, how to block, how to estimate the model.

    - ``comparisons``: :class:`~linkage.identity.compare.Comparison` objects (names unique).
    - ``blocking``: passes of :class:`~linkage.identity.blocking.BlockingRule`, united.
    - ``link_type``: ``link_only`` (pairs across frames only), ``dedupe_only`` (one frame),
      ``link_and_dedupe`` (any two records).
    - ``id_column``: the record id column (default: the row number within its frame).
    - ``rules``: optional field rules for same / similar / different
      (:mod:`linkage.identity.classify`).
    - ``max_block_pairs``: skip (and log) blocks with more pairs than this.
    - ``u_method``: ``random_sampling`` (u from ``u_sample_pairs`` random pairs, m by EM
      per blocking rule on at most ``em_max_pairs`` of its pairs with u fixed, the
      prior over all pairs; see :meth:`Linker.train`) or ``em`` (one EM over the
      candidates for m, u and the prior, as recordlinkage's ECM).
    - ``tf_minimum``: floor of a term frequency in the TF adjustment.
    - ``chunk_pairs``: pairs compared per batch (bounds temporary memory).
    - ``workers``: threads for rapidfuzz when ``threads`` is 1 (-1: all cores).
    - ``threads``: threads that block and compare side by side (default: all cores).
    - ``seed``: seed of the random pair sample.
    """

    comparisons: tuple[Comparison, ...]
    blocking: tuple[BlockingRule, ...]
    link_type: LinkType = "link_only"
    id_column: str | None = None
    rules: tuple[FieldRule, ...] | None = None
    max_block_pairs: int | None = None
    u_method: Literal["random_sampling", "em"] = "random_sampling"
    u_sample_pairs: int = 1_000_000
    prior_init: float = 0.1
    em_max_iter: int = 500
    em_tol: float = 1e-5
    em_max_pairs: int = 2_000_000
    tf_minimum: float = 0.0
    chunk_pairs: int = 4_000_000
    workers: int = -1
    threads: int | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "comparisons", tuple(self.comparisons))
        object.__setattr__(self, "blocking", tuple(self.blocking))
        if not self.comparisons:
            raise ConfigError("a LinkSpec needs at least one comparison")
        if not self.blocking:
            raise ConfigError("a LinkSpec needs at least one blocking rule")
        names = [c.name for c in self.comparisons]
        if len(set(names)) != len(names):
            raise ConfigError(f"comparison names must be unique, got {names}")
        if self.u_method not in ("random_sampling", "em"):
            raise ConfigError(f"u_method must be 'random_sampling' or 'em', not {self.u_method!r}")
        if self.u_sample_pairs < 1 or self.chunk_pairs < 1 or self.em_max_pairs < 1:
            raise ConfigError("u_sample_pairs, chunk_pairs and em_max_pairs must be >= 1")
        if not 0.0 < self.prior_init < 1.0:
            raise ConfigError(f"prior_init must be in (0, 1), got {self.prior_init}")


@dataclass(frozen=True, eq=False)
class ScoredPairs:
    """Candidate pairs with their comparison levels, weights and probabilities."""

    pairs: CandidatePairs
    levels: list[Levels]
    match_weight: FloatArray
    identity_class: npt.NDArray[np.int8] | None
    timings: dict[str, float] = field(default_factory=dict)

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


class Linker:
    """Links the records of one or more frames under a :class:`LinkSpec`, step by step."""

    def __init__(self, frames: Frames, spec: LinkSpec, progress: Progress | None = None):
        self.spec = spec
        self.progress: Progress = progress or silent
        named = _as_frames(frames)
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
        self.source_names: tuple[str, ...] = tuple(named)
        parts = [
            f.with_columns(
                pl.lit(i, dtype=pl.Int32).alias(_SOURCE),
                pl.int_range(pl.len(), dtype=pl.Int64).alias(_ROW),
            )
            for i, f in enumerate(named.values())
        ]
        self.frame: pl.DataFrame = pl.concat(parts, how="diagonal_relaxed")
        self.source: IntArray = self.frame[_SOURCE].to_numpy().astype(np.int64)
        self.ids: pl.Series = (
            self.frame[spec.id_column] if spec.id_column is not None else self.frame[_ROW]
        )
        self._prepared: list[Any] | None = None

    @property
    def n_records(self) -> int:
        """Records over all frames."""
        return self.frame.height

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
        return count_comparisons(
            self.frame,
            self.spec.blocking,
            self.source,
            self.spec.link_type,
            self.spec.max_block_pairs,
        )

    def candidates(self) -> CandidatePairs:
        """The union of the blocking passes' pairs, each once (record indices)."""
        return candidate_pairs(
            self.frame,
            self.spec.blocking,
            self.source,
            self.spec.link_type,
            self.spec.max_block_pairs,
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
        threads = self.threads
        # With several threads each rapidfuzz call stays on one core (numpy and
        # rapidfuzz release the GIL, so the comparisons of a batch run side by side).
        workers = 1 if threads > 1 else self.spec.workers

        def run(task: tuple[int, int]) -> None:
            i, start = task
            stop = min(n, start + step)
            out[i][start:stop] = comps[i].levels(
                prepared[i], left[start:stop], right[start:stop], workers
            )

        tasks = [(i, start) for start in range(0, n, step) for i in range(len(comps))]
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for done, _ in enumerate(pool.map(run, tasks)):
                if done % len(comps) == 0:
                    self.progress("comparing", min(n, done // len(comps) * step), n)
        self.progress("comparing", n, n)
        return out

    @property
    def threads(self) -> int:
        """Threads for blocking and comparing (``spec.threads``, else the cores)."""
        return self.spec.threads or os.cpu_count() or 1

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
        """u per comparison level from ``spec.u_sample_pairs`` random pairs."""
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

    def train(self, pairs: CandidatePairs, levels: Sequence[Levels]) -> FellegiSunterModel:
        """Estimate the model from the candidate pairs' levels.

        ``u_method="random_sampling"`` (after Splink): u from random pairs. m by one EM
        session per blocking rule over the pairs that rule finds (at most
        ``em_max_pairs``), leaving out the comparisons of the columns the rule blocks on
        (they agree by construction there). Each session estimates m, u and its own
        prior; its u (starting from the random-pair u) absorbs the agreement that
        blocking and correlated fields cause among the session's non-matches, which
        would otherwise be mistaken for matches (measured: F1 0.62 with u fixed, 0.99
        free, on benchmarks/bench_identity.py). Only m is kept: each comparison's m is
        the average over the sessions that estimate it, weighted by pairs x prior^2
        (purer sessions weigh more). The final u is the random-pair u, and the prior
        is the share of matches among *all* pairs the link type allows (EM on the prior
        alone, non-candidate pairs counted as non-matches).
        ``u_method="em"``: one EM over the candidate pairs for m, u and the prior
        (recordlinkage's ECM; the prior is then the share among candidates).
        """
        comps = self.spec.comparisons
        n_levels = [c.n_levels for c in comps]
        names = tuple(c.name for c in comps)
        labels = tuple(c.labels for c in comps)
        if self.spec.u_method == "em":
            patterns, counts, _ = pattern_counts(levels, n_levels)
            m, u, prior, iterations, converged = expectation_maximisation(
                patterns,
                counts,
                n_levels,
                prior_init=self.spec.prior_init,
                max_iter=self.spec.em_max_iter,
                tol=self.spec.em_tol,
            )
            if not converged:
                log.warning("EM did not converge in %d iterations", iterations)
            return FellegiSunterModel(
                names, labels, tuple(m), tuple(u), prior, iterations, converged, "em"
            )
        u = self.estimate_u()
        rng = stream(self.spec.seed, "linkage.identity.em-sessions")
        m_sum = [np.zeros(n) for n in n_levels]
        m_weight = np.zeros(len(comps))
        m_plain: list[list[FloatArray]] = [[] for _ in comps]
        sessions: list[dict[str, Any]] = []
        total_iterations = 0
        all_converged = True
        for k, rule in enumerate(self.spec.blocking):
            self.progress("training", k, len(self.spec.blocking))
            used = [i for i, c in enumerate(comps) if not (set(c.columns) & rule.columns)]
            if pairs.block_ids:
                idx = np.flatnonzero(pairs.in_rule(k))
            elif k == 0:  # pairs of unknown origin: one session over all of them
                idx, used = np.arange(len(pairs)), list(range(len(comps)))
            else:
                continue
            if len(idx) > self.spec.em_max_pairs:
                idx = np.sort(rng.choice(idx, self.spec.em_max_pairs, replace=False))
            if not used or idx.size == 0:
                continue
            patterns, counts, _ = pattern_counts(
                [levels[i][idx] for i in used], [n_levels[i] for i in used]
            )
            m_k, _, prior_k, iterations, converged = expectation_maximisation(
                patterns,
                counts,
                [n_levels[i] for i in used],
                u_init=[u[i] for i in used],
                fix_u=False,
                prior_init=self.spec.prior_init,
                max_iter=self.spec.em_max_iter,
                tol=self.spec.em_tol,
            )
            total_iterations += iterations
            all_converged &= converged
            weight = prior_k**2 * idx.size
            for j, i in enumerate(used):
                m_sum[i] += weight * m_k[j]
                m_weight[i] += weight
                m_plain[i].append(m_k[j])
            sessions.append(
                {
                    "rule": rule.name,
                    "pairs": int(idx.size),
                    "prior": prior_k,
                    "iterations": iterations,
                    "estimated": [comps[i].name for i in used],
                }
            )
        self.progress("training", len(self.spec.blocking), len(self.spec.blocking))
        m = []
        for i, n in enumerate(n_levels):
            if m_weight[i] > 1e-12:
                m.append(m_sum[i] / m_weight[i])
            elif m_plain[i]:  # sessions found (almost) no matches: plain average
                m.append(np.mean(m_plain[i], axis=0))
            else:
                log.warning(
                    "comparison %r: no EM session could estimate m (every blocking rule "
                    "blocks on its columns); using the starting values",
                    comps[i].name,
                )
                m.append(4.0 ** np.arange(n) / (4.0 ** np.arange(n)).sum())
        patterns, counts, _ = pattern_counts(levels, n_levels)
        prior = population_prior(patterns, counts, m, u, self.pair_space())
        if not all_converged:
            log.warning("EM did not converge in every session")
        return FellegiSunterModel(
            names,
            labels,
            tuple(m),
            tuple(u),
            prior,
            total_iterations,
            all_converged,
            "random_sampling",
            tuple(sessions),
        )

    def tf_adjustments(self) -> list[TfAdjustment]:
        """The term-frequency adjustments the comparisons ask for."""
        out: list[TfAdjustment] = []
        for i, (comp, prep) in enumerate(zip(self.spec.comparisons, self.prepared(), strict=True)):
            out.extend(TfAdjustment(i, level, tf) for level, tf in comp.tf_adjustments(prep))
        return out

    def score(
        self,
        pairs: CandidatePairs,
        model: FellegiSunterModel | None = None,
        levels: list[Levels] | None = None,
    ) -> tuple[ScoredPairs, FellegiSunterModel]:
        """Compare (unless ``levels`` are given), train (unless ``model``), weigh, classify."""
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        if levels is None:
            levels = self.compare(pairs.left, pairs.right)
        timings["compare_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        if model is None:
            model = self.train(pairs, levels)
        timings["train_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        weight = match_weights(
            levels,
            model,
            tf=self.tf_adjustments(),
            left=pairs.left,
            right=pairs.right,
            tf_minimum=self.spec.tf_minimum,
        )
        classes = None
        if self.spec.rules:
            names = [c.name for c in self.spec.comparisons]
            classes = classify_rules(
                dict(zip(names, levels, strict=True)),
                {c.name: c.labels for c in self.spec.comparisons},
                self.spec.rules,
            )
        timings["score_s"] = time.perf_counter() - t0
        scored = ScoredPairs(pairs, levels, weight, classes, timings)
        return scored, model

    def to_frame(
        self, scored: ScoredPairs, threshold_probability: float | None = None
    ) -> pl.DataFrame:
        """The scored pairs as a frame (optionally only those at or above a probability)."""
        keep: npt.NDArray[np.bool_] | None = None
        if threshold_probability is not None:
            keep = scored.match_weight >= weight_of_probability(threshold_probability)
        left, right = scored.pairs.left, scored.pairs.right
        rule_idx = scored.pairs.rule.astype(np.int64)
        weight, prob = scored.match_weight, scored.probability(keep)
        levels = scored.levels
        classes = scored.identity_class
        if keep is not None:
            left, right, rule_idx = left[keep], right[keep], rule_idx[keep]
            weight = weight[keep]
            levels = [lv[keep] for lv in levels]
            classes = classes[keep] if classes is not None else None
        sources = pl.Series(self.source_names, dtype=pl.Enum(self.source_names))
        rules = [r.name for r in self.spec.blocking]
        rule_series = pl.Series(rules, dtype=pl.Enum(list(dict.fromkeys(rules))))
        columns: dict[str, pl.Series] = {
            "source_a": sources.gather(self.source[left]),
            "id_a": self.ids.gather(left),
            "source_b": sources.gather(self.source[right]),
            "id_b": self.ids.gather(right),
            "rule": rule_series.gather(rule_idx),
        }
        for comp, lv in zip(self.spec.comparisons, levels, strict=True):
            columns[f"{comp.name}_level"] = pl.Series(lv, dtype=pl.Int8)
        columns["match_weight"] = pl.Series(weight, dtype=pl.Float64)
        columns["match_probability"] = pl.Series(prob, dtype=pl.Float64)
        if classes is not None:
            columns["identity_class"] = pl.Series(category_names(classes), dtype=pl.String)
        return pl.DataFrame([s.alias(name) for name, s in columns.items()])

    def predict(
        self,
        model: FellegiSunterModel | None = None,
        threshold_probability: float | None = None,
    ) -> pl.DataFrame:
        """Block, compare, train (unless ``model`` is given), score: the scored pairs."""
        pairs = self.candidates()
        scored, _ = self.score(pairs, model)
        return self.to_frame(scored, threshold_probability)


def link(
    frames: Frames,
    spec: LinkSpec,
    *,
    model: FellegiSunterModel | None = None,
    threshold_probability: float | None = None,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """Link two or more polars frames (or deduplicate one) under ``spec``; scored pairs.

    ``frames`` is a dict ``{name: frame}`` (names become ``source_a``/``source_b``), a list
    (named "0", "1", ...) or one frame. Without ``model``, u is estimated from random pairs
    and m and the prior by EM over the candidate pairs (see :class:`LinkSpec`). With
    ``threshold_probability`` only pairs at or above that match probability are returned.
    The columns are described in the module docstring.
    """
    linker = Linker(frames, spec, progress)
    return linker.predict(model=model, threshold_probability=threshold_probability)

"""What :func:`~linkage.identity.link` returns: the linked pairs and what explains them.

:class:`Predictions` holds the pairs at or above a threshold as a polars frame
(``.pairs``), the model that scored them, and enough of the rest to explain a pair
(:meth:`~Predictions.explain`, :meth:`~Predictions.waterfall`), cluster the records
(:meth:`~Predictions.clusters`), choose a threshold (:meth:`~Predictions.threshold_curve`)
and measure accuracy against labels (:meth:`~Predictions.evaluate`).

Columns of ``.pairs``: ``source_a``, ``id_a``, ``source_b``, ``id_b``, ``rule`` (the
blocking pass that found the pair), ``<comparison>_level`` (the level's label) per
comparison, ``<comparison>_tf`` (term-frequency adjustment in bits) for each comparison
that has one, ``match_weight`` (bits) and ``match_probability``, and ``identity_class``
when the spec has field rules. ``match_weight`` is the model's prior weight plus each
comparison's level weight plus the term-frequency terms (:meth:`Predictions.explain`
lists them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import polars as pl

from linkage.identity.classify import category_names
from linkage.identity.evaluation import Evaluation, Labels, clusters, curve_rows
from linkage.identity.fellegi_sunter import weight_of_probability
from linkage.identity.linker import SOURCE
from linkage.identity.model import Model
from schemas.errors import ConfigError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from linkage.identity.linker import Linker, ScoredPairs

__all__ = ["Predictions"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
#: Width (bits) of the bins of the candidates' weights kept for the expected curve.
_BIN_BITS = 0.25


@dataclass(frozen=True, eq=False)
class Predictions:
    """Linked pairs (``.pairs``) with their model, explanations, clusters and curves.

    >>> import polars as pl
    >>> from linkage.identity import ExactMatch, LinkSpec, block_on, link
    >>> a = pl.DataFrame({"city": ["Oslo", "Rome"], "name": ["Berg", "Rossi"]})
    >>> b = pl.DataFrame({"city": ["Oslo", "Rome"], "name": ["Berg", "Conti"]})
    >>> spec = LinkSpec(comparisons=[ExactMatch("name")], blocking=[block_on("city")],
    ...                 u_sample_pairs=100)
    >>> result = link({"a": a, "b": b}, spec, threshold_match_probability=None)
    >>> result.explain(0)["term"].to_list()
    ['prior', 'name', 'total']
    >>> result.pairs["name_level"].to_list()
    ['exact', 'different']
    >>> result.clusters().height  # every record, linked or not
    4
    """

    pairs: pl.DataFrame
    model: Model
    threshold_match_probability: float | None
    candidate_pairs: int
    records: pl.DataFrame  # every input record: source, id (and the input columns)
    left: IntArray  # record index of each pair's first record
    right: IntArray
    link_type: str
    histogram: pl.DataFrame  # every candidate's weight, binned: match_weight, pairs, expected

    @classmethod
    def from_scored(
        cls, linker: Linker, scored: ScoredPairs, model: Model, threshold: float | None
    ) -> Predictions:
        """The scored pairs at or above ``threshold`` (all when None)."""
        keep: npt.NDArray[np.bool_] | None = None
        if threshold is not None:
            keep = scored.match_weight >= weight_of_probability(threshold)
        left, right = scored.pairs.left, scored.pairs.right
        if keep is not None:
            left, right = left[keep], right[keep]
        sources = pl.Series(linker.source_names, dtype=pl.Enum(linker.source_names))
        records = linker.frame.with_columns(
            sources.gather(linker.source).alias("source"), linker.ids.alias("id")
        )
        return cls(
            pairs=_pair_frame(linker, scored, keep),
            model=model,
            threshold_match_probability=threshold,
            candidate_pairs=len(scored.pairs),
            records=records,
            left=left,
            right=right,
            link_type=linker.spec.link_type,
            histogram=_histogram(scored.match_weight),
        )

    def __len__(self) -> int:
        return self.pairs.height

    def _row(self, pair: int | tuple[Any, Any]) -> int:
        if isinstance(pair, int):
            if not 0 <= pair < self.pairs.height:
                raise ConfigError(f"pair {pair} is not a row of the {self.pairs.height} pairs")
            return pair
        id_a, id_b = pair
        hit = self.pairs.with_row_index("_r").filter(
            ((pl.col("id_a") == id_a) & (pl.col("id_b") == id_b))
            | ((pl.col("id_a") == id_b) & (pl.col("id_b") == id_a))
        )
        if hit.height != 1:
            raise ConfigError(
                f"{hit.height} pairs have ids {pair!r}; pass the row number of .pairs instead"
            )
        return int(hit["_r"][0])

    def explain(self, pair: int | tuple[Any, Any]) -> pl.DataFrame:
        """The waterfall of one pair's match weight, term by term.

        ``pair`` is a row number of ``.pairs`` or ``(id_a, id_b)``. Rows: ``prior``, each
        comparison at the pair's level, each term-frequency adjustment as its own term,
        and ``total`` (equal to the pair's ``match_weight``); columns ``term``,
        ``comparison``, ``level``, ``bits``, ``cumulative`` and ``probability`` (the
        match probability after the term).
        """
        row = self.pairs.row(self._row(pair), named=True)
        weights = self.model.weights()
        terms: list[tuple[str, str | None, str | None, float]] = [
            ("prior", None, None, self.model.prior_weight)
        ]
        for name, labels, w in zip(self.model.names, self.model.labels, weights, strict=True):
            label = row[f"{name}_level"]
            bits = 0.0 if label == "missing" else float(w[labels.index(label)])
            terms.append((name, name, label, bits))
        for name in self.model.names:
            if f"{name}_tf" in row:
                level = row[f"{name}_level"]
                terms.append((f"{name} (term frequency)", name, level, float(row[f"{name}_tf"])))
        frame = pl.DataFrame(
            terms, schema=["term", "comparison", "level", "bits"], orient="row"
        ).with_columns(pl.col("bits").cum_sum().alias("cumulative"))
        total = pl.DataFrame(
            {
                "term": ["total"],
                "comparison": [None],
                "level": [None],
                "bits": [row["match_weight"]],
                "cumulative": [row["match_weight"]],
            },
            schema=frame.schema,
        )
        return pl.concat([frame, total]).with_columns(
            (1.0 / (1.0 + (2.0 ** -pl.col("cumulative")))).alias("probability")
        )

    def waterfall(self, pair: int | tuple[Any, Any]) -> Figure:
        """:meth:`explain` as a matplotlib waterfall chart (a Figure; nothing is shown)."""
        from matplotlib.figure import Figure

        frame = self.explain(pair)
        terms = frame.filter(pl.col("term") != "total")
        labels = [
            t if lv is None else f"{t} = {lv}"
            for t, lv in zip(terms["term"].to_list(), terms["level"].to_list(), strict=True)
        ]
        bits = terms["bits"].to_numpy()
        start = np.concatenate([[0.0], np.cumsum(bits)[:-1]])
        fig = Figure(figsize=(7, 0.45 * len(labels) + 1.5))
        ax = fig.add_subplot()
        colours = ["#2a7ab0" if b >= 0 else "#c0392b" for b in bits]
        ax.barh(range(len(bits)), bits, left=start, color=colours)
        total = float(frame["bits"][-1])
        ax.barh(len(bits), total, color="#555555")
        ax.set_yticks(range(len(bits) + 1), [*labels, "total"])
        ax.invert_yaxis()
        ax.axvline(0.0, color="black", linewidth=0.8)
        probability = float(frame["probability"][-1])
        ax.set_xlabel("match weight (bits)")
        ax.set_title(f"match weight {total:.1f} bits, probability {probability:.4f}")
        fig.tight_layout()
        return fig

    def clusters(self, threshold_match_probability: float | None = None) -> pl.DataFrame:
        """Every input record's cluster (connected components of the linked pairs at or
        above ``threshold_match_probability``, default: all of ``.pairs``), ids namespaced
        by source (:func:`linkage.identity.evaluation.clusters`)."""
        return clusters(
            self.pairs,
            records=self.records.select("source", "id"),
            threshold_match_probability=threshold_match_probability,
        )

    def _truth(self, labels: Labels) -> tuple[npt.NDArray[np.bool_], int]:
        """Which pairs are true, and how many true pairs there are (linked or not)."""
        if isinstance(labels, str):
            return self._truth_from_column(labels)
        return self._truth_from_pairs(labels)

    def _truth_from_column(self, column: str) -> tuple[npt.NDArray[np.bool_], int]:
        if column not in self.records.columns:
            raise ConfigError(f"label column {column!r} is not in the input frames")
        entity = self.records[column]
        if entity.null_count():
            raise ConfigError(f"label column {column!r} has nulls: every record needs a label")
        codes = entity.rank("dense").cast(pl.Int64).to_numpy()
        true = codes[self.left] == codes[self.right]
        sizes = (
            self.records.select(pl.lit(codes).alias("e"), pl.col(SOURCE))
            .group_by("e", SOURCE)
            .len()
        )
        per_entity = sizes.group_by("e").agg(
            pl.col("len").sum().alias("n"), (pl.col("len") ** 2).sum().alias("n2")
        )
        n, n2 = per_entity["n"].to_numpy(), per_entity["n2"].to_numpy()
        total = (n * n - n2) // 2 if self.link_type == "link_only" else n * (n - 1) // 2
        return true, int(total.sum())

    def _truth_from_pairs(self, labels: pl.DataFrame) -> tuple[npt.NDArray[np.bool_], int]:
        needed = {"source_a", "id_a", "source_b", "id_b"}
        if not needed <= set(labels.columns):
            raise ConfigError(f"label pairs need the columns {sorted(needed)}")
        key = pl.col("source_a").cast(pl.String), pl.col("id_a").cast(pl.String)
        other = pl.col("source_b").cast(pl.String), pl.col("id_b").cast(pl.String)
        a, b = pl.concat_str(key, separator="\x1f"), pl.concat_str(other, separator="\x1f")
        lo, hi = pl.min_horizontal(a, b).alias("lo"), pl.max_horizontal(a, b).alias("hi")
        truth = labels.select(lo, hi).unique()
        linked = self.pairs.select(lo, hi).with_row_index("_r")
        hits = linked.join(truth, on=["lo", "hi"], how="semi")["_r"].to_numpy()
        true = np.zeros(self.pairs.height, dtype=bool)
        true[hits] = True
        return true, truth.height

    def threshold_curve(self, labels: Labels | None = None) -> pl.DataFrame:
        """Precision, recall and F1 per threshold (``match_weight`` and
        ``match_probability`` columns), every 0.25 bits.

        With ``labels`` (a label column of the input frames, or a frame of true pairs)
        the counts are real, for thresholds at or above this prediction's own. Without,
        they are the model's own expectation over every candidate pair: a pair counts as
        ``match_probability`` true matches, and the true pairs are the sum of all
        candidates' probabilities (so pairs that blocking never generated are ignored).
        """
        if labels is None:
            return _expected_curve(self.histogram)
        true, total = self._truth(labels)
        weight = self.pairs["match_weight"].to_numpy()
        return curve_rows(weight, true.astype(np.float64), float(total), _grid(weight))

    def evaluate(
        self, labels: Labels, threshold_match_probability: float | None = None
    ) -> Evaluation:
        """Precision, recall and F1 of the pairs at or above the threshold (default: this
        prediction's) against ``labels`` (a label column or a frame of true pairs)."""
        threshold = threshold_match_probability
        if threshold is None:
            threshold = self.threshold_match_probability
        elif self.threshold_match_probability is not None and (
            threshold < self.threshold_match_probability
        ):
            raise ConfigError(
                f"pairs below {self.threshold_match_probability} were not kept; predict with "
                "a lower threshold (or None) to evaluate at a lower one"
            )
        true, total = self._truth(labels)
        keep = np.ones(true.size, dtype=bool)
        if threshold is not None:
            keep = self.pairs["match_probability"].to_numpy() >= threshold
        tp = int((true & keep).sum())
        linked = int(keep.sum())
        return Evaluation(threshold, linked, tp, linked - tp, total - tp)


def _grid(weight: FloatArray) -> FloatArray:
    """Thresholds every 0.25 bits over the range of ``weight`` (highest first)."""
    if weight.size == 0:
        return np.zeros(0)
    low = np.floor(weight.min() / _BIN_BITS) * _BIN_BITS
    return np.arange(low, weight.max() + _BIN_BITS, _BIN_BITS)[::-1].copy()


def _histogram(weight: FloatArray) -> pl.DataFrame:
    """Candidates per 0.25-bit bin of match weight, and their summed match probability."""
    binned = pl.DataFrame({"w": weight}).select(
        ((pl.col("w") / _BIN_BITS).floor() * _BIN_BITS).alias("match_weight"),
        (1.0 / (1.0 + 2.0 ** (-pl.col("w").clip(-1000, 1000)))).alias("p"),
    )
    return (
        binned.group_by("match_weight")
        .agg(pl.len().cast(pl.Int64).alias("pairs"), pl.col("p").sum().alias("expected"))
        .sort("match_weight", descending=True)
    )


def _expected_curve(histogram: pl.DataFrame) -> pl.DataFrame:
    """The model's expected precision, recall and F1 at each bin's lower edge."""
    pairs = histogram["pairs"].cum_sum().to_numpy()
    tp = histogram["expected"].cum_sum().to_numpy()
    total = float(histogram["expected"].sum())
    precision = tp / np.maximum(pairs, 1)
    recall = tp / total if total > 0 else np.ones_like(tp)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    w = histogram["match_weight"].to_numpy()
    return pl.DataFrame(
        {
            "match_weight": w,
            "match_probability": 1.0 / (1.0 + np.exp2(-w)),
            "pairs": pairs,
            "true_positives": tp,
            "precision": precision,
            "recall": recall,
            "f1": f1,
        }
    )


def _pair_frame(
    linker: Linker, scored: ScoredPairs, keep: npt.NDArray[np.bool_] | None
) -> pl.DataFrame:
    """The kept pairs as a frame (columns in the module docstring)."""

    def kept(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return a if keep is None else a[keep]

    left, right = kept(scored.pairs.left), kept(scored.pairs.right)
    comps = linker.spec.comparisons
    sources = pl.Series(linker.source_names, dtype=pl.Enum(linker.source_names))
    rules = [r.name for r in linker.spec.blocking]
    rule_series = pl.Series(rules, dtype=pl.Enum(list(dict.fromkeys(rules))))
    columns: list[pl.Series] = [
        sources.gather(linker.source[left]).alias("source_a"),
        linker.ids.gather(left).alias("id_a"),
        sources.gather(linker.source[right]).alias("source_b"),
        linker.ids.gather(right).alias("id_b"),
        rule_series.gather(kept(scored.pairs.rule.astype(np.int64))).alias("rule"),
    ]
    for comp, lv in zip(comps, scored.levels, strict=True):
        names = pl.Series(["missing", *comp.labels], dtype=pl.Enum(["missing", *comp.labels]))
        columns.append(names.gather(kept(lv).astype(np.int64) + 1).alias(f"{comp.name}_level"))
    for comp, tf in zip(comps, scored.tf, strict=True):
        if tf is not None:
            columns.append(pl.Series(f"{comp.name}_tf", kept(tf), dtype=pl.Float32))
    weight = kept(scored.match_weight)
    columns.append(pl.Series("match_weight", weight, dtype=pl.Float64))
    columns.append(pl.Series("match_probability", scored.probability(keep), dtype=pl.Float64))
    if scored.identity_class is not None:
        classes = category_names(kept(scored.identity_class))
        columns.append(pl.Series("identity_class", classes, dtype=pl.String))
    return pl.DataFrame(columns)

"""Clusters, threshold curves and accuracy of linked pairs.

- :func:`clusters`: connected components of linked pairs, with every id namespaced by
  its source (an id that two frames share never merges two records by accident);
- :func:`threshold_curve`: precision, recall and F1 at each threshold, from labels or
  from the model's own expectation (the sum of match probabilities);
- :func:`evaluate`: precision, recall and F1 at one threshold, against labels.

Labels are either the name of a column that holds the true entity in every input frame,
or a frame of true pairs (``source_a``, ``id_a``, ``source_b``, ``id_b``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from linkage.identity.strings import dense_codes
from schemas.errors import ConfigError

__all__ = ["Evaluation", "Labels", "clusters", "curve_rows", "namespaced_codes"]

Labels = str | pl.DataFrame
_SEP = "\x1f"


@dataclass(frozen=True)
class Evaluation:
    """Pairwise accuracy at one threshold against labels.

    >>> e = Evaluation(0.5, pairs=10, true_positives=8, false_positives=2, false_negatives=8)
    >>> e.precision, e.recall, round(e.f1, 3)
    (0.8, 0.5, 0.615)
    """

    threshold_match_probability: float | None
    pairs: int
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        """Share of linked pairs that are true (1.0 when nothing is linked)."""
        return self.true_positives / self.pairs if self.pairs else 1.0

    @property
    def recall(self) -> float:
        """Share of true pairs that are linked (1.0 when there are none)."""
        true = self.true_positives + self.false_negatives
        return self.true_positives / true if true else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0

    def to_json(self) -> dict[str, float | int | None]:
        """Counts and rates as a flat mapping."""
        return {
            "threshold_match_probability": self.threshold_match_probability,
            "pairs": self.pairs,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def namespaced_codes(source: pl.Series, ids: pl.Series) -> tuple[npt.NDArray[np.int32], pl.Series]:
    """Dense codes of ``source`` + ``id`` (nulls refused), and the distinct keys."""
    if source.null_count() or ids.null_count():
        raise ConfigError("clusters need a source and an id for every record (found nulls)")
    key = pl.select(
        pl.concat_str([pl.lit(source.cast(pl.String)), pl.lit(ids.cast(pl.String))], separator=_SEP)
    ).to_series()
    return dense_codes(key)


def _components(
    n_nodes: int, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(a.size, dtype=np.int8), (a, b)), shape=(n_nodes, n_nodes))
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels, dtype=np.int64)


def clusters(
    pairs: pl.DataFrame,
    *,
    records: pl.DataFrame | None = None,
    threshold_match_probability: float | None = None,
) -> pl.DataFrame:
    """Connected components of linked pairs: one row per record, ``source``, ``id``,
    ``cluster_id`` (numbered from 0 in the order of each cluster's smallest member).

    ``pairs`` must name the source of each id (``source_a``, ``id_a``, ``source_b``,
    ``id_b``): without it, an id that two frames share would merge two records, so such
    input is refused. ``records`` (``source``, ``id``) adds the records no pair links, as
    clusters of one; duplicated records are refused. With
    ``threshold_match_probability`` only pairs at or above it link.

    >>> import polars as pl
    >>> pairs = pl.DataFrame({"source_a": ["a", "a"], "id_a": [1, 2],
    ...                       "source_b": ["b", "b"], "id_b": [1, 1]})
    >>> clusters(pairs).sort("source", "id").rows()
    [('a', '1', 0), ('a', '2', 0), ('b', '1', 0)]
    """
    needed = {"source_a", "id_a", "source_b", "id_b"}
    if not needed <= set(pairs.columns):
        raise ConfigError(
            f"pairs lack {sorted(needed - set(pairs.columns))}: without the source of each "
            "id, an id that two frames share would merge two records. Add the columns, e.g. "
            "pairs.with_columns(source_a=pl.lit('a'), source_b=pl.lit('b'))"
        )
    if threshold_match_probability is not None:
        pairs = pairs.filter(pl.col("match_probability") >= threshold_match_probability)
    source = pl.concat([pairs["source_a"].cast(pl.String), pairs["source_b"].cast(pl.String)])
    ids = pl.concat([pairs["id_a"].cast(pl.String), pairs["id_b"].cast(pl.String)])
    if records is not None:
        if records.select("source", "id").is_duplicated().any():
            raise ConfigError("records hold the same (source, id) twice: clusters are ambiguous")
        source = pl.concat([source, records["source"].cast(pl.String)])
        ids = pl.concat([ids, records["id"].cast(pl.String)])
    codes, keys = namespaced_codes(source, ids)
    n = pairs.height
    labels = _components(keys.len(), codes[:n].astype(np.int64), codes[n : 2 * n].astype(np.int64))
    parts = keys.str.split_exact(_SEP, 1).struct.unnest()
    return pl.DataFrame(
        {
            "source": parts["field_0"],
            "id": parts["field_1"],
            "cluster_id": _renumber(labels),
        }
    )


def _renumber(labels: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Cluster numbers in the order of each cluster's first node."""
    _, first = np.unique(labels, return_index=True)
    order = np.empty(first.size, dtype=np.int64)
    order[np.argsort(first)] = np.arange(first.size)
    return order[np.searchsorted(np.unique(labels), labels)]


def curve_rows(
    weight: npt.NDArray[np.float64],
    true: npt.NDArray[np.float64],
    total_true: float,
    thresholds: npt.NDArray[np.float64],
) -> pl.DataFrame:
    """Precision, recall and F1 at each threshold (match weights): ``true`` is 1/0 per
    pair, or a match probability for the model's expectation; ``total_true`` the number
    (or expected number) of true pairs."""
    order = np.argsort(-weight, kind="stable")
    w, t = weight[order], true[order]
    linked = np.searchsorted(-w, -thresholds, side="right")
    tp = np.concatenate([[0.0], np.cumsum(t)])[linked]
    precision = np.where(linked > 0, tp / np.maximum(linked, 1), 1.0)
    recall = tp / total_true if total_true > 0 else np.ones_like(tp)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    return pl.DataFrame(
        {
            "match_weight": thresholds,
            "match_probability": 1.0 / (1.0 + np.exp2(-thresholds)),
            "pairs": linked.astype(np.int64),
            "true_positives": tp,
            "precision": precision,
            "recall": recall,
            "f1": f1,
        }
    )

"""Identity clusters: which records the MID's links join into one presumed person.

Two variants are computed over the links whose colour joins records (white and red by
default, :class:`~linkage.mid.config.MidConfig`):

- **connected**: the connected components of the link graph (every chain of links
  joins its records, as a query that follows links would);
- **one-to-one**: first each record keeps at most one link to each other system, the
  best-scoring one (the highest biometric score, then the highest identity score, then
  the lowest link_id), chosen greedily over all links from the best down; then the
  connected components of the links kept.

Cluster ids are the position of the cluster's smallest record (in the order of the
``record_ids`` given) among all clusters, so they are stable for a given record order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from linkage.mid.rules import Colour

__all__ = ["connected_clusters", "identity_clusters", "one_to_one_links"]

_MAX_ROUNDS = 64


def connected_clusters(record_ids: pl.Series, links: pl.DataFrame) -> pl.Series:
    """The cluster id of each of ``record_ids`` under the links ``record_id_a - record_id_b``.

    Links whose ends are not both among ``record_ids`` are ignored. Records without a
    link are clusters of their own.
    """
    n = record_ids.len()
    index = pl.DataFrame(
        {"record_id": record_ids.cast(pl.String), "_i": np.arange(n, dtype=np.int64)}
    )
    ends = (
        links.select(pl.col("record_id_a", "record_id_b").cast(pl.String))
        .join(index.rename({"record_id": "record_id_a", "_i": "_ia"}), on="record_id_a")
        .join(index.rename({"record_id": "record_id_b", "_i": "_ib"}), on="record_id_b")
    )
    rows = ends["_ia"].to_numpy()
    cols = ends["_ib"].to_numpy()
    graph = coo_matrix((np.ones(rows.size, dtype=np.int8), (rows, cols)), shape=(n, n)).tocsr()
    _, labels = connected_components(graph, directed=False)
    return pl.Series("cluster_id", np.asarray(labels, dtype=np.int64))


def _ranked(links: pl.DataFrame) -> pl.DataFrame:
    """Links with ``_pos``: 0 for the best-scoring link, then 1, 2, ..."""
    return (
        links.select("link_id", "record_id_a", "record_id_b", "system_a", "system_b")
        .with_columns(
            _bio=links["biometric_score"].cast(pl.Float64),
            _idn=links["identity_score"].cast(pl.Float64),
        )
        .sort(
            ["_bio", "_idn", "link_id"],
            descending=[True, True, False],
            nulls_last=True,
        )
        .with_columns(_pos=pl.int_range(pl.len(), dtype=pl.Int64))
        .drop("_bio", "_idn")
    )


def _slots(links: pl.DataFrame) -> pl.DataFrame:
    """Two rows per link: (record, the other end's system)."""
    return pl.concat(
        [
            links.select("_pos", record_id="record_id_a", other_system="system_b"),
            links.select("_pos", record_id="record_id_b", other_system="system_a"),
        ]
    )


def one_to_one_links(links: pl.DataFrame) -> pl.DataFrame:
    """The subset of ``links`` in which each record has at most one link per other system.

    The result equals taking links greedily from the best-scoring down and keeping each
    link whose two slots (record, other system) are still free. It is computed in rounds:
    a link that is the best remaining one at both its slots is kept, links that lost a
    slot are dropped, until none remain. ``links`` needs link_id, record_id_a,
    record_id_b, system_a, system_b, biometric_score and identity_score.
    """
    remaining = _ranked(links)
    kept: list[pl.DataFrame] = []
    for _ in range(_MAX_ROUNDS):
        if remaining.height == 0:
            break
        slots = _slots(remaining)
        best = slots.group_by("record_id", "other_system").agg(pl.col("_pos").min())
        winners_pos = (
            slots.join(best, on=["record_id", "other_system", "_pos"], how="semi")
            .group_by("_pos")
            .len()
            .filter(pl.col("len") == 2)
            .select("_pos")
        )
        winners = remaining.join(winners_pos, on="_pos", how="semi")
        kept.append(winners)
        taken = _slots(winners).select("record_id", "other_system")
        lost = _slots(remaining).join(taken, on=["record_id", "other_system"], how="semi")
        remaining = remaining.join(lost.select("_pos").unique(), on="_pos", how="anti")
    if remaining.height:
        kept.append(_greedy(remaining))
    chosen = pl.concat(kept) if kept else remaining.clear()
    return links.join(chosen.select("link_id"), on="link_id", how="semi")


def _greedy(ranked: pl.DataFrame) -> pl.DataFrame:
    """Plain greedy selection (used only for the few links left after the rounds)."""
    taken: set[tuple[str, str]] = set()
    keep: list[bool] = []
    ordered = ranked.sort("_pos")
    for a, b, sa, sb in ordered.select(
        "record_id_a", "record_id_b", "system_a", "system_b"
    ).iter_rows():
        free = (a, sb) not in taken and (b, sa) not in taken
        keep.append(free)
        if free:
            taken.update({(a, sb), (b, sa)})
    return ordered.filter(pl.Series(keep, dtype=pl.Boolean))


def identity_clusters(
    record_ids: pl.Series,
    links: pl.DataFrame,
    colours: Sequence[Colour] = (Colour.WHITE, Colour.RED),
) -> pl.DataFrame:
    """The ``identity_clusters`` table: record_id, cluster_id, cluster_id_one_to_one.

    ``record_ids`` are the records to cluster (normally those still stored); ``links``
    are MID links with a ``colour`` column, of which only ``colours`` join records.
    """
    joining = links.filter(pl.col("colour").is_in([c.value for c in colours]))
    return pl.DataFrame(
        {
            "record_id": record_ids,
            "cluster_id": connected_clusters(record_ids, joining),
            "cluster_id_one_to_one": connected_clusters(record_ids, one_to_one_links(joining)),
        }
    )

"""Identity clusters: connected components and the one-to-one variant."""

from __future__ import annotations

import itertools
from collections import defaultdict

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.mid import identity_clusters
from linkage.mid.clusters import connected_clusters, one_to_one_links

SYSTEMS = ("VIS", "EES", "ETIAS")


def _links(
    edges: list[tuple[str, str]], scores: list[float | None] | list[float] | None = None
) -> pl.DataFrame:
    n = len(edges)
    return pl.DataFrame(
        {
            "link_id": list(range(1, n + 1)),
            "record_id_a": [a for a, _ in edges],
            "record_id_b": [b for _, b in edges],
            "system_a": [a.split("-")[0] for a, _ in edges],
            "system_b": [b.split("-")[0] for _, b in edges],
            "biometric_score": scores if scores is not None else [None] * n,
            "identity_score": [0.0] * n,
            "colour": ["white"] * n,
        },
        schema_overrides={
            "biometric_score": pl.Float64,
            "link_id": pl.Int64,
            "record_id_a": pl.String,
            "record_id_b": pl.String,
            "system_a": pl.String,
            "system_b": pl.String,
        },
    )


def _reference_partition(nodes: list[str], edges: list[tuple[str, str]]) -> set[frozenset[str]]:
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        if a in nodes and b in nodes:
            neighbours[a].add(b)
            neighbours[b].add(a)
    seen: set[str] = set()
    parts = set()
    for start in nodes:
        if start in seen:
            continue
        stack, part = [start], set()
        while stack:
            node = stack.pop()
            if node in part:
                continue
            part.add(node)
            stack.extend(neighbours[node] - part)
        seen |= part
        parts.add(frozenset(part))
    return parts


def _partition(nodes: list[str], labels: pl.Series) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = defaultdict(set)
    for node, label in zip(nodes, labels.to_list(), strict=True):
        groups[label].add(node)
    return {frozenset(g) for g in groups.values()}


def test_connected_components_of_a_hand_built_graph() -> None:
    nodes = ["VIS-1", "EES-1", "ETIAS-1", "VIS-2", "EES-2", "VIS-3"]
    edges = [("VIS-1", "EES-1"), ("ETIAS-1", "EES-1"), ("VIS-2", "EES-2"), ("VIS-9", "VIS-3")]
    labels = connected_clusters(pl.Series(nodes), _links(edges))
    assert labels.to_list() == [0, 0, 0, 1, 1, 2]


records = st.lists(
    st.tuples(st.sampled_from(SYSTEMS), st.integers(0, 12)).map(lambda t: f"{t[0]}-{t[1]}"),
    min_size=1,
    max_size=30,
    unique=True,
)


@settings(max_examples=80, deadline=None)
@given(data=st.data(), nodes=records)
def test_connected_components_match_a_reference(data: st.DataObject, nodes: list[str]) -> None:
    edges = data.draw(st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes))))
    labels = connected_clusters(pl.Series(nodes), _links(edges))
    assert _partition(nodes, labels) == _reference_partition(nodes, edges)


def _greedy_reference(links: pl.DataFrame) -> set[int]:
    order = links.sort(
        ["biometric_score", "identity_score", "link_id"],
        descending=[True, True, False],
        nulls_last=True,
    )
    taken: set[tuple[str, str]] = set()
    kept = set()
    for link_id, a, b, sa, sb in order.select(
        "link_id", "record_id_a", "record_id_b", "system_a", "system_b"
    ).iter_rows():
        if (a, sb) in taken or (b, sa) in taken:
            continue
        taken |= {(a, sb), (b, sa)}
        kept.add(link_id)
    return kept


@settings(max_examples=80, deadline=None)
@given(data=st.data(), nodes=records)
def test_one_to_one_keeps_the_best_link_per_record_and_system(
    data: st.DataObject, nodes: list[str]
) -> None:
    pairs = data.draw(
        st.lists(
            st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)).filter(
                lambda p: p[0].split("-")[0] != p[1].split("-")[0]
            ),
            unique_by=lambda p: frozenset(p),
            max_size=40,
        )
    )
    scores = data.draw(
        st.lists(
            st.one_of(st.none(), st.sampled_from([0.1, 0.5, 0.9])),
            min_size=len(pairs),
            max_size=len(pairs),
        )
    )
    links = _links(pairs, scores)
    kept = one_to_one_links(links)
    slots = pl.concat(
        [
            kept.select(record="record_id_a", other="system_b"),
            kept.select(record="record_id_b", other="system_a"),
        ]
    )
    assert slots.is_duplicated().sum() == 0  # at most one link per record per other system
    assert set(kept["link_id"]) == _greedy_reference(links)
    # Maximal: every dropped link lost a slot to a kept link.
    taken = set(slots.iter_rows())
    for row in links.join(kept, on="link_id", how="anti").iter_rows(named=True):
        assert (row["record_id_a"], row["system_b"]) in taken or (
            row["record_id_b"],
            row["system_a"],
        ) in taken


def test_one_to_one_on_a_long_chain_of_rising_scores() -> None:
    # Each round keeps only one link here; the rounds then hand over to the plain loop.
    nodes = [f"{'VIS' if i % 2 else 'EES'}-{i}" for i in range(200)]
    edges = list(itertools.pairwise(nodes))
    links = _links(edges, [float(i) for i in range(len(edges))])
    kept = one_to_one_links(links)
    assert set(kept["link_id"]) == _greedy_reference(links)


def test_identity_clusters_join_only_white_and_red_links() -> None:
    edges = [("VIS-1", "EES-1"), ("VIS-2", "EES-2"), ("VIS-3", "EES-3"), ("VIS-4", "EES-4")]
    links = _links(edges).with_columns(colour=pl.Series(["white", "red", "green", "yellow"]))
    nodes = [r for pair in edges for r in pair]
    table = identity_clusters(pl.Series(nodes), links)
    assert table.columns == ["record_id", "cluster_id", "cluster_id_one_to_one"]
    cluster = dict(zip(table["record_id"], table["cluster_id"], strict=True))
    assert cluster["VIS-1"] == cluster["EES-1"]
    assert cluster["VIS-2"] == cluster["EES-2"]
    assert cluster["VIS-3"] != cluster["EES-3"]
    assert cluster["VIS-4"] != cluster["EES-4"]
    assert table["cluster_id"].n_unique() == 6


def test_one_to_one_clusters_split_a_record_with_two_links_to_one_system() -> None:
    edges = [("VIS-1", "EES-1"), ("VIS-1", "EES-2")]
    links = _links(edges, [0.9, 0.4])
    table = identity_clusters(pl.Series(["VIS-1", "EES-1", "EES-2"]), links)
    assert table["cluster_id"].n_unique() == 1
    assert table["cluster_id_one_to_one"].to_list() == [0, 0, 1]

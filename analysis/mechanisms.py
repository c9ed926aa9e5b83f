"""Why each error happened, read from the truth: the mechanism behind every wrong link.

Every link between records of two different persons, and every link between one person's
own records whose colour contradicts the truth, is put down to one :class:`Mechanism`:

- ``borrowed_identity``: an impostor using another person's identity or travel document
  (a record with ``identity_no`` 2, or a document with a ``genuine_holder_id``) and that
  real holder;
- ``lookalike``: two persistent look-alikes (``persons.lookalike_of``: relatives, twins);
- ``relatives``: two members of one family (``persons.family_id``: they share a surname);
- ``own_records``: two records of one person given a colour that contradicts the truth
  (an alias not recognised, a red link on one honest person's noisy records);
- ``biometric_false_match``: a random biometric false match between two unrelated persons;
- ``identity_collision``: two unrelated persons whose identity data are the same or
  similar by chance (an alias or a noisy record of one of them included).

The first four are properties of the people involved: each person has the same chance of
them whatever the size of the population, so their share per person or per search is a
constant. The last two are random coincidences between a person and any of the ``N``
others: their number of pairs grows as ``N^2`` and their share per person or per search
grows with ``N`` (:mod:`analysis.scaling_laws` states and fits the laws).

A person (or a search) hurt by several mechanisms is counted once, under the first of
:data:`PRIORITY` (the person-level properties first), so the mechanism counts of a figure
add up to the figure.

**Sub-worlds.** The laws are checked on nested sub-worlds that keep a random share of the
population: whole *units* are kept or dropped together, a unit being the persons joined
by family, look-alike or impostor-holder ties (the connected components of those ties),
so that a kept person keeps their relatives, look-alike and holder, as they would in a
smaller real population. A kept person has an outcome in the sub-world when a link of
that outcome joins them to another kept person (identity clusters are recomputed from
the links inside the kept records).

**Clustered events.** One wrong link hurts two people, a merged identity cluster every
person in it, a common name every record sharing it: the events come in clusters, which
makes the within-world spread of a count larger than a Poisson count's. The *incidents*
of an outcome are the connected components of the persons with the outcome joined by the
outcome's links (or by sharing a merged identity cluster); their sizes give the design effect
(:func:`analysis.intervals.design_effect`) of the outcome's intervals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from analysis.intervals import design_effect
from analysis.truth import WorldData
from schemas.rng import stream
from schemas.systems import SYSTEMS
from schemas.world import World

__all__ = [
    "FALSE_LINKS",
    "GROWING",
    "LINK_OUTCOMES",
    "PRIORITY",
    "FigureCounts",
    "Mechanism",
    "Relations",
    "biometric_search_counts",
    "cluster_outcome_counts",
    "false_link_counts",
    "key_collision_counts",
    "key_counts",
    "link_mechanisms",
    "link_outcome_counts",
    "load_relations",
    "mechanism_counts",
    "outcome_design_effects",
    "stored_key_counts",
    "unit_draws",
]


class Mechanism(StrEnum):
    """What made a link wrong (see the module docstring)."""

    BORROWED_IDENTITY = "borrowed_identity"
    LOOKALIKE = "lookalike"
    RELATIVES = "relatives"
    OWN_RECORDS = "own_records"
    BIOMETRIC_FALSE_MATCH = "biometric_false_match"
    IDENTITY_COLLISION = "identity_collision"


#: Order in which a person or search hurt by several mechanisms is attributed.
PRIORITY: tuple[Mechanism, ...] = tuple(Mechanism)
#: The mechanisms whose share per person or per search grows with the population.
GROWING = frozenset({Mechanism.BIOMETRIC_FALSE_MATCH, Mechanism.IDENTITY_COLLISION})
_RANK = {m: i for i, m in enumerate(PRIORITY)}
_HARMFUL = ("white", "yellow", "red")


def _harmful_wrong() -> pl.Expr:
    """A white, yellow or red link to another person's record, true red links excepted
    (the definition of ``wrongly_linked`` in :mod:`analysis.errors`)."""
    return (
        ~pl.col("same")
        & pl.col("colour").is_in(_HARMFUL)
        & ~((pl.col("colour") == "red") & pl.col("correct").fill_null(False))
    )


#: Person outcomes defined by links: the links that give a person the outcome.
LINK_OUTCOMES: dict[str, pl.Expr] = {
    "wrongly_linked": _harmful_wrong(),
    "wrongly_linked_white": _harmful_wrong() & (pl.col("colour") == "white"),
    "wrongly_linked_yellow": _harmful_wrong() & (pl.col("colour") == "yellow"),
    "wrongly_linked_red": _harmful_wrong() & (pl.col("colour") == "red"),
    "false_red": (pl.col("colour") == "red") & (pl.col("correct") == False),  # noqa: E712
}


# -- relations between persons ---------------------------------------------------------------


@dataclass(frozen=True)
class Relations:
    """Ties between persons read from the truth, and the units they make.

    ``persons``: person_id, family_id, unit (the connected component of the person over
    family, look-alike and impostor-holder ties). ``pairs``: p_lo < p_hi with ``rank``,
    the priority (:data:`PRIORITY`) of their strongest tie other than the family.
    """

    persons: pl.DataFrame
    pairs: pl.DataFrame


def _holder_pairs(world: World) -> pl.DataFrame:
    """(impostor, genuine holder) person pairs from the documents' truth."""
    if not world.has_table("documents"):
        return pl.DataFrame(schema={"p1": pl.Int64, "p2": pl.Int64})
    docs = world.scan("documents").filter(pl.col("genuine_holder_id").is_not_null())
    return (
        docs.select(
            pl.col("person_id").cast(pl.Int64).alias("p1"),
            pl.col("genuine_holder_id").cast(pl.Int64).alias("p2"),
        )
        .unique()
        .collect()
    )


def _families(world: World, persons: pl.DataFrame) -> pl.DataFrame:
    """person_id, family_id (each person its own family when the truth has none)."""
    ids = persons.select(pl.col("person_id").cast(pl.Int64))
    if world.has_table("persons") and "family_id" in world.scan("persons").collect_schema():
        fam = world.scan("persons").select(
            pl.col("person_id").cast(pl.Int64), pl.col("family_id").cast(pl.Int64)
        )
        out = ids.join(fam.collect(), on="person_id", how="left")
        return out.with_columns(pl.col("family_id").fill_null(-1 - pl.col("person_id")))
    return ids.with_columns((-1 - pl.col("person_id")).alias("family_id"))


def _tie_pairs(holders: pl.DataFrame, persons: pl.DataFrame) -> pl.DataFrame:
    """Look-alike and holder ties as (p_lo, p_hi, rank), the strongest tie per pair."""
    lookalike = persons.filter(pl.col("lookalike_of").is_not_null()).select(
        pl.col("person_id").cast(pl.Int64).alias("p1"),
        pl.col("lookalike_of").cast(pl.Int64).alias("p2"),
        pl.lit(_RANK[Mechanism.LOOKALIKE], pl.Int8).alias("rank"),
    )
    borrowed = holders.with_columns(
        pl.lit(_RANK[Mechanism.BORROWED_IDENTITY], pl.Int8).alias("rank")
    )
    both = pl.concat([borrowed, lookalike])
    return (
        both.select(
            pl.min_horizontal("p1", "p2").alias("p_lo"),
            pl.max_horizontal("p1", "p2").alias("p_hi"),
            "rank",
        )
        .filter(pl.col("p_lo") != pl.col("p_hi"))
        .group_by("p_lo", "p_hi")
        .agg(pl.col("rank").min())
        .sort("p_lo", "p_hi")
    )


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected component label of each of ``n`` nodes under the edges (a, b)."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(a.size, dtype=np.int8), (a, b)), shape=(n, n)).tocsr()
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels, dtype=np.int64)


def _index(ids: pl.Series, values: pl.Series) -> np.ndarray:
    """Positions of ``values`` in the sorted unique ``ids`` (every value must be there)."""
    return np.searchsorted(ids.to_numpy(), values.to_numpy()).astype(np.int64)


def load_relations(world: World, data: WorldData) -> Relations:
    """The ties of the world's persons and their units (see :class:`Relations`)."""
    fam = _families(world, data.persons).sort("person_id")
    pairs = _tie_pairs(_holder_pairs(world), data.persons)
    ids = fam["person_id"]
    pairs = pairs.filter(pl.col("p_lo").is_in(ids.implode()) & pl.col("p_hi").is_in(ids.implode()))
    head = fam.group_by("family_id").agg(pl.col("person_id").min().alias("head"))
    fam_edges = fam.join(head, on="family_id")
    a = np.concatenate([_index(ids, fam_edges["person_id"]), _index(ids, pairs["p_lo"])])
    b = np.concatenate([_index(ids, fam_edges["head"]), _index(ids, pairs["p_hi"])])
    units = _components(ids.len(), a, b)
    return Relations(persons=fam.with_columns(pl.Series("unit", units)), pairs=pairs)


def unit_draws(relations: Relations, seed: int, name: str) -> pl.DataFrame:
    """person_id, u: one uniform draw per unit (sub-worlds keep the units with u < f)."""
    rng = stream(seed, name)
    units = relations.persons["unit"].to_numpy()
    draws = rng.random(int(units.max()) + 1 if units.size else 0)
    return relations.persons.select("person_id").with_columns(pl.Series("u", draws[units]))


# -- the mechanism of each link ---------------------------------------------------------------


def link_mechanisms(links: pl.DataFrame, relations: Relations) -> pl.DataFrame:
    """``links`` with ``rank``: the priority of the link's mechanism (:data:`PRIORITY`)."""
    fam = relations.persons.select("person_id", "family_id")
    out = (
        links.with_columns(
            pl.col("person_id_a").cast(pl.Int64),
            pl.col("person_id_b").cast(pl.Int64),
        )
        .with_columns(
            pl.min_horizontal("person_id_a", "person_id_b").alias("p_lo"),
            pl.max_horizontal("person_id_a", "person_id_b").alias("p_hi"),
        )
        .join(relations.pairs, on=["p_lo", "p_hi"], how="left")
        .join(
            fam.rename({"person_id": "person_id_a", "family_id": "_fa"}),
            on="person_id_a",
            how="left",
        )
        .join(
            fam.rename({"person_id": "person_id_b", "family_id": "_fb"}),
            on="person_id_b",
            how="left",
        )
    )
    rank = (
        pl.when(pl.col("same"))
        .then(pl.lit(_RANK[Mechanism.OWN_RECORDS]))
        .when(pl.col("rank").is_not_null())
        .then(pl.col("rank"))
        .when(pl.col("_fa") == pl.col("_fb"))
        .then(pl.lit(_RANK[Mechanism.RELATIVES]))
        .when(pl.col("basis_biometric"))
        .then(pl.lit(_RANK[Mechanism.BIOMETRIC_FALSE_MATCH]))
        .otherwise(pl.lit(_RANK[Mechanism.IDENTITY_COLLISION]))
    )
    return out.with_columns(rank.cast(pl.Int8).alias("rank")).drop("_fa", "_fb", "p_lo", "p_hi")


# -- counts of a figure by mechanism, in the world and its sub-worlds ------------------------


@dataclass(frozen=True)
class FigureCounts:
    """One figure's events by mechanism at each sub-world (the last is the world).

    ``denominators[i]`` is the figure's denominator in sub-world ``i`` (registered
    persons, searches or records); ``counts[m][i]`` the events put down to mechanism
    ``m``; ``design_effects[m]`` (and ``design_effect`` for all mechanisms together) the
    clustering of the world's events (1 = Poisson).
    """

    fractions: tuple[float, ...]
    denominators: tuple[float, ...]
    counts: Mapping[Mechanism, tuple[float, ...]]
    design_effects: Mapping[Mechanism, float]
    design_effect: float

    def total(self, i: int = -1) -> float:
        """All events in sub-world ``i``."""
        return float(sum(c[i] for c in self.counts.values()))


def _by_rank(ranks: np.ndarray) -> dict[Mechanism, float]:
    counts = np.bincount(ranks.astype(np.int64), minlength=len(PRIORITY))
    return {m: float(counts[_RANK[m]]) for m in PRIORITY}


def _assemble(
    fractions: tuple[float, ...],
    denominators: list[float],
    per_fraction: list[dict[Mechanism, float]],
    incidents: pl.DataFrame,
) -> FigureCounts:
    """Counts per fraction and the design effects of the world's incidents
    (``incidents``: ``incident``, ``rank`` and optionally ``w``, the events of the row;
    one event per row without it)."""
    by_mech = {m: tuple(p[m] for p in per_fraction) for m in PRIORITY}
    if "w" not in incidents.columns:
        incidents = incidents.with_columns(pl.lit(1.0).alias("w"))
    sizes = incidents.group_by("incident", "rank").agg(pl.col("w").sum())
    deffs = {
        m: design_effect(sizes.filter(pl.col("rank") == _RANK[m])["w"].to_numpy()) for m in PRIORITY
    }
    overall = incidents.group_by("incident").agg(pl.col("w").sum())["w"].to_numpy()
    return FigureCounts(
        fractions=fractions,
        denominators=tuple(denominators),
        counts=by_mech,
        design_effects=deffs,
        design_effect=design_effect(overall),
    )


def _incidents(nodes: pl.Series, edges: pl.DataFrame) -> pl.DataFrame:
    """person_id, incident: components of ``nodes`` (persons) joined by ``edges`` (p1, p2).

    The family and look-alike ties are left out: joined through families, the incidents
    of a large world percolate into one giant component that no longer describes which
    events happen together (a namesake block, a merged cluster, a wrong link's two ends).
    """
    ids = nodes.unique().sort()
    if ids.len() == 0:
        return pl.DataFrame(schema={"person_id": pl.Int64, "incident": pl.Int64})
    inside = ids.implode()
    e = edges.select("p1", "p2").filter(pl.col("p1").is_in(inside) & pl.col("p2").is_in(inside))
    labels = _components(ids.len(), _index(ids, e["p1"]), _index(ids, e["p2"]))
    return pl.DataFrame({"person_id": ids, "incident": labels})


def _sides(links: pl.DataFrame) -> pl.DataFrame:
    """Both ends of each link: person_id, other, rank."""
    cols = ("person_id_a", "person_id_b")
    return pl.concat(
        [
            links.select(
                pl.col(cols[0]).alias("person_id"), pl.col(cols[1]).alias("other"), "rank"
            ),
            links.select(
                pl.col(cols[1]).alias("person_id"), pl.col(cols[0]).alias("other"), "rank"
            ),
        ]
    )


def _registered(data: WorldData, u: pl.DataFrame) -> pl.DataFrame:
    return (
        data.persons.filter(pl.col("n_records") > 0)
        .select(pl.col("person_id").cast(pl.Int64))
        .join(u, on="person_id", how="left")
    )


def link_outcome_counts(
    data: WorldData,
    links: pl.DataFrame,
    relations: Relations,
    u: pl.DataFrame,
    fractions: tuple[float, ...],
) -> dict[str, FigureCounts]:
    """Persons with each outcome of :data:`LINK_OUTCOMES` by mechanism, per sub-world.

    ``links``: the world's links with ``rank`` (:func:`link_mechanisms`); ``u``: the
    unit draws (:func:`unit_draws`); ``fractions`` ascending, ending with 1.
    """
    registered = _registered(data, u)
    out: dict[str, FigureCounts] = {}
    for name, expr in LINK_OUTCOMES.items():
        sides = (
            _sides(links.filter(expr))
            .join(u, on="person_id")
            .join(u.rename({"person_id": "other", "u": "u_other"}), on="other")
            .with_columns(pl.max_horizontal("u", "u_other").alias("u_max"))
        )
        per_fraction, denominators = [], []
        for f in fractions:
            kept = sides.filter(pl.col("u_max") < f) if f < 1.0 else sides
            person_rank = kept.group_by("person_id").agg(pl.col("rank").min())
            per_fraction.append(_by_rank(person_rank["rank"].to_numpy()))
            denominators.append(
                float((registered["u"] < f).sum() if f < 1.0 else registered.height)
            )
        person_rank = sides.group_by("person_id").agg(pl.col("rank").min())
        edges = sides.select(pl.col("person_id").alias("p1"), pl.col("other").alias("p2"))
        incidents = _incidents(person_rank["person_id"], edges).join(person_rank, on="person_id")
        out[name] = _assemble(fractions, denominators, per_fraction, incidents)
    return out


def _merged_components(records: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    """idx, person_id, comp, rank: components of ``records`` under ``edges`` (idx_a,
    idx_b, rank) that hold more than one person, with the best rank of their
    cross-person edges."""
    ids = records["idx"].sort()
    labels = _components(ids.len(), _index(ids, edges["idx_a"]), _index(ids, edges["idx_b"]))
    comp = pl.DataFrame({"idx": ids, "comp": labels}).join(records, on="idx")
    merged = comp.filter(pl.col("person_id").n_unique().over("comp") > 1)
    cross = (
        edges.filter(~pl.col("same"))
        .join(comp.select(pl.col("idx").alias("idx_a"), "comp"), on="idx_a")
        .group_by("comp")
        .agg(pl.col("rank").min())
    )
    return merged.join(cross, on="comp", how="left")


def cluster_outcome_counts(
    data: WorldData,
    links: pl.DataFrame,
    relations: Relations,
    u: pl.DataFrame,
    fractions: tuple[float, ...],
) -> dict[str, FigureCounts]:
    """Persons merged with another person (``merged``, ``merged_one_to_one``) by
    mechanism, per sub-world; empty without identity clusters."""
    if data.clusters is None or data.clusters.height == 0:
        return {}
    registered = _registered(data, u)
    out: dict[str, FigureCounts] = {}
    for name, column in (("merged", "cluster_id"), ("merged_one_to_one", "cluster_id_one_to_one")):
        merged = (
            data.clusters.group_by(column)
            .agg(pl.col("person_id").min().alias("_lo"), pl.col("person_id").max().alias("_hi"))
            .filter(pl.col("_lo") != pl.col("_hi"))
        )
        cl = data.clusters.select("idx", pl.col("person_id").cast(pl.Int64), column).join(
            merged.select(column), on=column, how="semi"
        )
        cid = cl.select("idx", column)
        inside = (
            links.select("idx_a", "idx_b", "same", "rank")
            .join(cid.select(pl.col("idx").alias("idx_a")), on="idx_a", how="semi")
            .join(cid.rename({"idx": "idx_a", column: "_ca"}), on="idx_a")
            .join(cid.rename({"idx": "idx_b", column: "_cb"}), on="idx_b")
            .filter(pl.col("_ca") == pl.col("_cb"))
        )
        recs = cl.select("idx", "person_id").join(u, on="person_id")
        per_fraction, denominators = [], []
        world: pl.DataFrame | None = None
        for f in fractions:
            kept = recs.filter(pl.col("u") < f) if f < 1.0 else recs
            keep_idx = kept["idx"].implode()
            e = inside.filter(pl.col("idx_a").is_in(keep_idx) & pl.col("idx_b").is_in(keep_idx))
            comps = _merged_components(kept.select("idx", "person_id"), e)
            person_rank = comps.group_by("person_id").agg(pl.col("rank").min())
            per_fraction.append(_by_rank(person_rank["rank"].to_numpy()))
            denominators.append(
                float((registered["u"] < f).sum() if f < 1.0 else registered.height)
            )
            world = comps
        assert world is not None
        person_rank = world.group_by("person_id").agg(pl.col("rank").min())
        members = world.select("person_id", "comp").unique()
        edges = members.join(
            members.group_by("comp").agg(pl.col("person_id").min().alias("p2")), on="comp"
        ).select(pl.col("person_id").alias("p1"), "p2")
        incidents = _incidents(person_rank["person_id"], edges).join(person_rank, on="person_id")
        out[name] = _assemble(fractions, denominators, per_fraction, incidents)
    return out


#: Per-search link figures: which links count.
FALSE_LINKS: dict[str, pl.Expr] = {
    "false_links": pl.col("correct") == False,  # noqa: E712
    **{
        f"false_{c}_links": (pl.col("colour") == c) & (pl.col("correct") == False)  # noqa: E712
        for c in ("white", "green", "red")
    },
}


def _searches_by_person(data: WorldData) -> pl.DataFrame:
    """person_id, searches: the MID searches each person's records triggered."""
    triggers = [s.key.value for s in SYSTEMS if s.mid_trigger]
    return (
        data.records.filter(pl.col("system").is_in(triggers))
        .group_by(pl.col("person_id").cast(pl.Int64))
        .agg(pl.len().alias("searches"))
    )


def false_link_counts(
    data: WorldData,
    links: pl.DataFrame,
    relations: Relations,
    u: pl.DataFrame,
    fractions: tuple[float, ...],
) -> dict[str, FigureCounts]:
    """False links (all, and white, green, red) by mechanism per sub-world, with the MID
    searches of the sub-world as denominators."""
    searches = _searches_by_person(data).join(u, on="person_id")
    false = links.filter(pl.col("correct") == False)  # noqa: E712
    ends = false.join(u.rename({"person_id": "person_id_a", "u": "_ua"}), on="person_id_a").join(
        u.rename({"person_id": "person_id_b", "u": "_ub"}), on="person_id_b"
    )
    ends = ends.with_columns(pl.max_horizontal("_ua", "_ub").alias("u_max"))
    out: dict[str, FigureCounts] = {}
    for name, expr in FALSE_LINKS.items():
        sel = ends.filter(expr)
        per_fraction, denominators = [], []
        for f in fractions:
            kept = sel.filter(pl.col("u_max") < f) if f < 1.0 else sel
            per_fraction.append(_by_rank(kept["rank"].to_numpy()))
            s = searches.filter(pl.col("u") < f) if f < 1.0 else searches
            denominators.append(float(s["searches"].sum()))
        edges = sel.select(pl.col("person_id_a").alias("p1"), pl.col("person_id_b").alias("p2"))
        incident_of = _incidents(pl.concat([edges["p1"], edges["p2"]]), edges)
        incidents = sel.select(pl.col("person_id_a").alias("person_id"), "rank").join(
            incident_of, on="person_id"
        )
        out[name] = _assemble(fractions, denominators, per_fraction, incidents)
    return out


def biometric_search_counts(
    data: WorldData,
    links: pl.DataFrame,
    relations: Relations,
    u: pl.DataFrame,
    fractions: tuple[float, ...],
) -> dict[str, FigureCounts]:
    """Biometric searches (stored records with biometrics) with a false biometric match
    to another person's stored record, by mechanism, per sub-world."""
    bio = data.records.filter(pl.col("has_bio") & pl.col("stored")).select(
        "idx", pl.col("person_id").cast(pl.Int64)
    )
    bio = bio.join(u, on="person_id")
    false = links.filter(
        pl.col("basis_biometric") & ~pl.col("same") & pl.col("stored_a") & pl.col("stored_b")
    ).select(pl.col("idx_a").alias("idx"), "person_id_a", "person_id_b", "rank")
    false = false.join(u.rename({"person_id": "person_id_a", "u": "_ua"}), on="person_id_a").join(
        u.rename({"person_id": "person_id_b", "u": "_ub"}), on="person_id_b"
    )
    false = false.with_columns(pl.max_horizontal("_ua", "_ub").alias("u_max"))
    per_fraction, denominators = [], []
    for f in fractions:
        kept = false.filter(pl.col("u_max") < f) if f < 1.0 else false
        probe_rank = kept.group_by("idx").agg(pl.col("rank").min())
        per_fraction.append(_by_rank(probe_rank["rank"].to_numpy()))
        denominators.append(float((bio["u"] < f).sum() if f < 1.0 else bio.height))
    edges = false.select(pl.col("person_id_a").alias("p1"), pl.col("person_id_b").alias("p2"))
    probes = false.group_by("idx", "person_id_a").agg(pl.col("rank").min())
    incident_of = _incidents(probes["person_id_a"], edges)
    incidents = probes.rename({"person_id_a": "person_id"}).join(incident_of, on="person_id")
    return {
        "searches_with_false_biometric_match": _assemble(
            fractions, denominators, per_fraction, incidents
        )
    }


def _key_pairs(sub: pl.DataFrame, relations: Relations) -> pl.DataFrame:
    """Colliding pairs of different persons per key and mechanism: h, rank, pairs.

    ``sub``: records per (key hash ``h``, person) with ``c`` and ``family_id``."""
    by_key = sub.group_by("h").agg(
        ((pl.col("c").sum() ** 2 - (pl.col("c") ** 2).sum()) / 2).alias("total")
    )
    fam = (
        sub.group_by("h", "family_id")
        .agg(((pl.col("c").sum() ** 2 - (pl.col("c") ** 2).sum()) / 2).alias("pairs"))
        .group_by("h")
        .agg(pl.col("pairs").sum().alias("family"))
    )
    side = sub.select("h", "person_id", "c", "family_id")
    tied = (
        side.join(relations.pairs, left_on="person_id", right_on="p_lo")
        .join(side, left_on=["h", "p_hi"], right_on=["h", "person_id"], suffix="_hi")
        .select(
            "h",
            "rank",
            (pl.col("c") * pl.col("c_hi")).cast(pl.Float64).alias("pairs"),
            (pl.col("family_id") == pl.col("family_id_hi")).alias("same_family"),
        )
    )
    tied_same_family = (
        tied.filter("same_family").group_by("h").agg(pl.col("pairs").sum().alias("t"))
    )
    relatives = fam.join(tied_same_family, on="h", how="left").select(
        "h",
        pl.lit(_RANK[Mechanism.RELATIVES], pl.Int8).alias("rank"),
        (pl.col("family") - pl.col("t").fill_null(0.0)).alias("pairs"),
    )
    related = pl.concat([tied.select("h", pl.col("rank").cast(pl.Int8), "pairs"), relatives])
    random = by_key.join(
        related.group_by("h").agg(pl.col("pairs").sum().alias("r")), on="h", how="left"
    )
    random = random.select(
        "h",
        pl.lit(_RANK[Mechanism.IDENTITY_COLLISION], pl.Int8).alias("rank"),
        (pl.col("total") - pl.col("r").fill_null(0.0)).alias("pairs"),
    )
    return pl.concat([related, random]).filter(pl.col("pairs") > 0)


def key_counts(recs: pl.DataFrame) -> pl.DataFrame:
    """Records per (key, person), the key replaced by its 64-bit hash for speed (a hash
    collision between two of a few million keys has a probability below 1e-6)."""
    return (
        recs.filter(pl.col("key").is_not_null())
        .group_by(pl.col("key").hash().alias("h"), "person_id")
        .agg(pl.len().alias("c"))
    )


def key_collision_counts(
    per: pl.DataFrame,
    relations: Relations,
    fractions: tuple[float, ...],
) -> dict[str, FigureCounts]:
    """Records sharing name and birth date with another person's record, by mechanism,
    per sub-world: each colliding pair counts once for each of its two records, so the
    counts over the records with a key are the collisions per search.

    ``per``: records per (key hash ``h``, person) with ``c`` and the unit draw ``u``."""
    shared = per.filter(pl.len().over("h") > 1)  # keys of one person never collide
    sub_all = shared.join(
        relations.persons.select("person_id", "family_id"), on="person_id", how="left"
    )
    per_fraction, denominators = [], []
    world = pl.DataFrame()
    for f in fractions:
        sub = sub_all.filter(pl.col("u") < f) if f < 1.0 else sub_all
        pairs = _key_pairs(sub, relations)
        ranks = pairs.group_by("rank").agg(pl.col("pairs").sum())
        counts = dict.fromkeys(PRIORITY, 0.0)
        for rank, n in ranks.iter_rows():
            counts[PRIORITY[rank]] = 2.0 * float(n)
        per_fraction.append(counts)
        denominators.append(
            float(per["c"].sum() if f >= 1.0 else per.filter(pl.col("u") < f)["c"].sum())
        )
        world = pairs
    incidents = world.select(
        pl.col("h").alias("incident"), "rank", (2.0 * pl.col("pairs")).alias("w")
    )
    return {
        "identity_collisions_per_search": _assemble(
            fractions, denominators, per_fraction, incidents
        )
    }


def outcome_design_effects(counts: Mapping[str, FigureCounts]) -> dict[str, float]:
    """The design effect of each figure's world count (for the intervals of ``persons``)."""
    return {name: c.design_effect for name, c in counts.items()}


def mechanism_counts(
    data: WorldData,
    relations: Relations,
    links: pl.DataFrame,
    fractions: tuple[float, ...],
    seed: int,
    keys: pl.DataFrame | None = None,
) -> dict[str, FigureCounts]:
    """Every figure of :mod:`analysis.scaling_laws` counted by mechanism per sub-world.

    ``relations`` from :func:`load_relations`, ``links`` from :func:`link_mechanisms`;
    ``fractions``: shares of the units kept (1 is added when missing); ``seed`` seeds the
    units' draws; ``keys``: :func:`stored_key_counts` when already computed.
    """
    fractions = tuple(sorted({*fractions, 1.0}))
    u = unit_draws(relations, seed, "analysis.mechanisms")
    counts: dict[str, FigureCounts] = {}
    for count in (
        link_outcome_counts,
        cluster_outcome_counts,
        false_link_counts,
        biometric_search_counts,
    ):
        counts.update(count(data, links, relations, u, fractions))
    keys = stored_key_counts(data) if keys is None else keys
    per = keys.with_columns(pl.col("person_id").cast(pl.Int64)).join(u, on="person_id")
    counts.update(key_collision_counts(per, relations, fractions))
    return counts


def stored_key_counts(data: WorldData) -> pl.DataFrame:
    """:func:`key_counts` of the stored CIR records (the records identity collisions are
    counted over)."""
    recs = data.records.filter(pl.col("stored") & pl.col("in_cir")).select("person_id", "key")
    return key_counts(recs)

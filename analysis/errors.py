"""Errors of the MID: wrong and missed links (pairs) and the people they hurt (persons).

Pair level (:func:`pair_metrics`): true and false links by colour, missed links, and
precision, recall and F1 overall, per system pair and per basis, at two levels:

- ``any_link``: a link of any colour counts as "these records were connected";
- ``white``: only white links, the links a CIR query presents as "the same person".

Person level (:func:`person_outcomes`): one row per person with boolean outcomes:

- ``wrongly_linked``: at least one of the person's records has a white, yellow or red
  link to a record of *another* person (true red links about identity theft excepted);
  ``wrongly_linked_<colour>`` by colour and ``wrongly_linked_to_<SYSTEM>`` by the system
  of the other person's record (an SIS alert, an asylum record, a conviction, ...);
- ``false_red``: in a red link that is false (suspected of fraud that is not theirs);
- ``merged``: a record of the person sits in an identity cluster that also holds another
  person's record (``merged_one_to_one`` for the one-to-one clusters);
- ``split``: the person's records sit in more than one identity cluster although they
  are held in at least two systems (records of one system alone are never linked, IO
  Art. 27(5), so they cannot count as split);
- ``missed``: at least one true cross-system pair of the person's records has no link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from analysis._tree import Node, omit_if_none
from analysis.estimate import Estimate, Method
from analysis.truth import COLOURS, WorldData
from schemas.systems import SYSTEMS

__all__ = [
    "BASES",
    "PERSON_OUTCOMES",
    "Accuracy",
    "AccuracyLevel",
    "ColourErrors",
    "OutcomeFigures",
    "PairErrors",
    "PersonErrors",
    "WronglyLinkedTo",
    "pair_errors",
    "person_errors",
    "person_outcomes",
    "searches",
    "wrong_links",
]

BASES = ("biometric", "identity", "document")

#: Person outcomes broken down by group, with the column holding their denominator.
PERSON_OUTCOMES: dict[str, str] = {
    "wrongly_linked": "registered",
    "false_red": "registered",
    "merged": "registered",
    "missed": "has_true_pair",
}

_HARMFUL = ("white", "yellow", "red")
_CLUSTER_OUTCOMES = ("merged", "merged_one_to_one", "split")


# -- the typed result ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ColourErrors(Node):
    """Links of one colour; whether the colour tells the truth (not judged for yellow)."""

    links: Estimate
    same_person: Estimate
    different_persons: Estimate
    true_links: Estimate | None = field(default=None, metadata=omit_if_none("true"))
    false_links: Estimate | None = field(default=None, metadata=omit_if_none("false"))
    false_share: Estimate | None = field(default=None, metadata=omit_if_none())
    false_per_million_records: Estimate | None = field(default=None, metadata=omit_if_none())


@dataclass(frozen=True, kw_only=True)
class Accuracy(Node):
    """Links counted as predictions of true pairs: precision, recall and F1."""

    links: Estimate
    true_pairs: Estimate
    precision: Estimate
    recall: Estimate
    f1: Estimate


@dataclass(frozen=True, kw_only=True)
class AccuracyLevel(Node):
    """Accuracy overall, per system pair (``EES|VIS``) and per basis of the links."""

    overall: Accuracy
    by_system_pair: Mapping[str, Accuracy]
    by_basis: Mapping[str, Accuracy]


@dataclass(frozen=True, kw_only=True)
class AccuracyLevels(Node):
    """``any_link``: a link of any colour connects; ``white``: only white links do."""

    any_link: AccuracyLevel
    white: AccuracyLevel


@dataclass(frozen=True, kw_only=True)
class PairErrors(Node):
    """The MID's links joined with the truth: wrong, missed, precision and recall."""

    links_by_colour: Mapping[str, ColourErrors]
    links_total: Estimate
    false_links: Estimate
    false_links_per_million_records: Estimate
    false_links_per_million_searches: Estimate
    true_pairs: Estimate
    missed_links: Estimate
    missed_share: Estimate
    missed_white: Estimate
    accuracy: AccuracyLevels


@dataclass(frozen=True, kw_only=True)
class OutcomeFigures(Node):
    """Persons with one outcome: count, rate and rates per million records and searches."""

    count: Estimate
    rate: Estimate
    per_million_records: Estimate
    per_million_searches: Estimate


@dataclass(frozen=True, kw_only=True)
class WronglyLinkedTo(Node):
    """Persons wrongly linked to a record of one system (an alert, a conviction, ...)."""

    collected_for: str
    count: Estimate
    rate: Estimate


@dataclass(frozen=True, kw_only=True)
class PersonErrors(Node):
    """The people the errors hurt (the outcomes of the module docstring).

    ``merged``, ``merged_one_to_one`` and ``split`` are None in a world without identity
    clusters.
    """

    persons: Estimate
    registered_persons: Estimate
    persons_with_true_pairs: Estimate
    records: Estimate
    searches: Estimate
    wrongly_linked: OutcomeFigures
    wrongly_linked_white: OutcomeFigures
    wrongly_linked_yellow: OutcomeFigures
    wrongly_linked_red: OutcomeFigures
    false_red: OutcomeFigures
    merged: OutcomeFigures | None = field(default=None, metadata=omit_if_none())
    merged_one_to_one: OutcomeFigures | None = field(default=None, metadata=omit_if_none())
    split: OutcomeFigures | None = field(default=None, metadata=omit_if_none())
    missed: OutcomeFigures
    wrongly_linked_to: Mapping[str, WronglyLinkedTo]


# -- pairs -------------------------------------------------------------------------------------


def searches(data: WorldData) -> int:
    """MID searches: one per record created in a system that triggers detection.

    The detector runs when a record is created or updated in the EES, VIS, ETIAS, Eurodac,
    SIS or ECRIS-TCN (IO Art. 27 [@eu-2019-817]); ``SystemSpec.mid_trigger`` says which.
    """
    triggers = [s.key.value for s in SYSTEMS if s.mid_trigger]
    return data.records.filter(pl.col("system").is_in(triggers)).height


def _f1(a: float, b: float) -> float:
    return 0.0 if a + b == 0 else 2 * a * b / (a + b)


def _accuracy(
    same_links: float, links: float, found: float, pairs: float, level: float
) -> Accuracy:
    """Precision ``same_links / links``, recall ``found / pairs`` and F1 from their bounds."""
    p = Estimate.rate(same_links, links, level)
    r = Estimate.rate(found, pairs, level)
    if p.value is None or r.value is None:
        f1 = Estimate(None, None, None, None, Method.WILSON_BOUNDS, "share")
    else:
        f1 = Estimate(
            _f1(p.value, r.value),
            _f1(p.lower or 0.0, r.lower or 0.0),
            _f1(p.upper or 0.0, r.upper or 0.0),
            None,
            Method.WILSON_BOUNDS,
            "share",
        )
    return Accuracy(
        links=Estimate.size(links, "links"),
        true_pairs=Estimate.size(pairs, "pairs"),
        precision=p,
        recall=r,
        f1=f1,
    )


def _pair_flags(data: WorldData) -> pl.DataFrame:
    """True pairs with what the MID found for each (any link, white link, per basis)."""
    links = data.links
    agg = links.group_by("lo", "hi").agg(
        pl.lit(True).alias("found_any"),
        (pl.col("colour") == "white").any().alias("found_white"),
        *(pl.col(f"basis_{b}").any().alias(f"found_any_{b}") for b in BASES),
        *(
            (pl.col(f"basis_{b}") & (pl.col("colour") == "white")).any().alias(f"found_white_{b}")
            for b in BASES
        ),
    )
    flags = [c for c in agg.columns if c.startswith("found_")]
    return data.pairs.join(agg, on=["lo", "hi"], how="left").with_columns(
        pl.col(flags).fill_null(False)
    )


def _colour_errors(links: pl.DataFrame, colour: str, n_records: int, level: float) -> ColourErrors:
    """Links of ``colour``, and for the colours that make a claim, the false ones."""
    sel = links.filter(pl.col("colour") == colour)
    same = int(sel["same"].sum())
    counts = {
        "links": Estimate.events(sel.height, "links", level),
        "same_person": Estimate.events(same, "links", level),
        "different_persons": Estimate.events(sel.height - same, "links", level),
    }
    if colour == "yellow":  # pending: a yellow link claims nothing yet
        return ColourErrors(**counts)
    true_n = int(sel["correct"].sum())
    false_n = sel.height - true_n
    return ColourErrors(
        **counts,
        true_links=Estimate.events(true_n, "links", level),
        false_links=Estimate.events(false_n, "links", level),
        false_share=Estimate.rate(false_n, sel.height, level),
        false_per_million_records=Estimate.per_million(
            false_n, n_records, "false links per million records", level
        ),
    )


def _accuracy_level(
    links: pl.DataFrame, pairs: pl.DataFrame, flag: str, level: float
) -> AccuracyLevel:
    """Precision and recall of ``links`` against the true pairs found (``flag``)."""
    overall = _accuracy(
        float(links["same"].sum()), links.height, float(pairs[flag].sum()), pairs.height, level
    )
    link_g = links.group_by("system_pair").agg(
        pl.len().alias("links"), pl.col("same").sum().alias("same")
    )
    pair_g = pairs.group_by("system_pair").agg(
        pl.len().alias("pairs"), pl.col(flag).sum().alias("found")
    )
    joined = (
        link_g.join(pair_g, on="system_pair", how="full", coalesce=True)
        .fill_null(0)
        .sort("system_pair")
    )
    by_pair = {
        row["system_pair"]: _accuracy(row["same"], row["links"], row["found"], row["pairs"], level)
        for row in joined.iter_rows(named=True)
    }
    by_basis = {}
    for b in BASES:
        bl = links.filter(pl.col(f"basis_{b}"))
        found = float(pairs[f"{flag}_{b}"].sum())
        by_basis[b] = _accuracy(float(bl["same"].sum()), bl.height, found, pairs.height, level)
    return AccuracyLevel(overall=overall, by_system_pair=by_pair, by_basis=by_basis)


def pair_errors(data: WorldData, level: float = 0.95) -> tuple[PairErrors, pl.DataFrame]:
    """Pair-level figures and the true-pair frame with found flags (for person outcomes)."""
    links = data.links
    pairs = _pair_flags(data)
    n_records = data.records.height
    n_search = searches(data)
    false_links = int(links.filter(pl.col("correct") == False).height)  # noqa: E712
    missed = int((~pairs["found_any"]).sum())
    white = links.filter(pl.col("colour") == "white")
    result = PairErrors(
        links_by_colour={c: _colour_errors(links, c, n_records, level) for c in COLOURS},
        links_total=Estimate.size(links.height, "links"),
        false_links=Estimate.events(false_links, "links", level),
        false_links_per_million_records=Estimate.per_million(
            false_links, n_records, "false links per million records", level
        ),
        false_links_per_million_searches=Estimate.per_million(
            false_links, n_search, "false links per million searches", level
        ),
        true_pairs=Estimate.size(pairs.height, "pairs"),
        missed_links=Estimate.events(missed, "pairs", level),
        missed_share=Estimate.rate(missed, pairs.height, level),
        missed_white=Estimate.events(int((~pairs["found_white"]).sum()), "pairs", level),
        accuracy=AccuracyLevels(
            any_link=_accuracy_level(links, pairs, "found_any", level),
            white=_accuracy_level(white, pairs, "found_white", level),
        ),
    )
    return result, pairs


# -- persons -----------------------------------------------------------------------------------


def wrong_links(links: pl.DataFrame) -> pl.DataFrame:
    """The links that wrongly join two people: between records of different persons, and
    white, yellow or red, except a red link whose conclusion is right (one person using
    another's identity or document): the one definition of "wrongly linked"."""
    return links.filter(
        ~pl.col("same")
        & pl.col("colour").is_in(_HARMFUL)
        & ~((pl.col("colour") == "red") & pl.col("correct").fill_null(False))
    )


def _wrong_link_outcomes(links: pl.DataFrame) -> pl.DataFrame:
    """Per person wrongly linked: by colour and by the system of the other person's record."""
    wrong = wrong_links(links)
    sides = pl.concat(
        [
            wrong.select(
                pl.col("person_id_a").alias("person_id"),
                pl.col("system_b").alias("other_system"),
                "colour",
            ),
            wrong.select(
                pl.col("person_id_b").alias("person_id"),
                pl.col("system_a").alias("other_system"),
                "colour",
            ),
        ]
    )
    systems = [s.key.value for s in SYSTEMS]
    return sides.group_by("person_id").agg(
        pl.lit(True).alias("wrongly_linked"),
        *((pl.col("colour") == c).any().alias(f"wrongly_linked_{c}") for c in _HARMFUL),
        *((pl.col("other_system") == s).any().alias(f"wrongly_linked_to_{s}") for s in systems),
    )


def _false_red_outcomes(links: pl.DataFrame) -> pl.DataFrame:
    """Persons in a false red link (suspected of fraud that is not theirs)."""
    false_red = links.filter((pl.col("colour") == "red") & (pl.col("correct") == False))  # noqa: E712
    return (
        pl.concat(
            [
                false_red.select(pl.col("person_id_a").alias("person_id")),
                false_red.select(pl.col("person_id_b").alias("person_id")),
            ]
        )
        .unique()
        .with_columns(pl.lit(True).alias("false_red"))
    )


def _cluster_outcomes(clusters: pl.DataFrame) -> pl.DataFrame:
    """Per person: merged with another person (connected or one-to-one clusters), split."""
    return (
        clusters.with_columns(
            (pl.col("person_id").n_unique().over("cluster_id") > 1).alias("m"),
            (pl.col("person_id").n_unique().over("cluster_id_one_to_one") > 1).alias("m1"),
        )
        .group_by("person_id")
        .agg(
            pl.col("m").any().alias("merged"),
            pl.col("m1").any().alias("merged_one_to_one"),
            ((pl.col("cluster_id").n_unique() > 1) & (pl.col("system").n_unique() > 1)).alias(
                "split"
            ),
        )
    )


def person_outcomes(data: WorldData, pairs: pl.DataFrame) -> pl.DataFrame:
    """One row per person of the truth table with the outcomes of the module docstring."""
    missed_p = pairs.group_by("person_id").agg(
        pl.lit(True).alias("has_true_pair"), (~pl.col("found_any")).any().alias("missed")
    )
    out = (
        data.persons.select("person_id", "n_records", "n_stored")
        .with_columns((pl.col("n_records") > 0).alias("registered"))
        .join(_wrong_link_outcomes(data.links), on="person_id", how="left")
        .join(_false_red_outcomes(data.links), on="person_id", how="left")
        .join(missed_p, on="person_id", how="left")
    )
    has_clusters = data.clusters is not None and data.clusters.height > 0
    if has_clusters:
        assert data.clusters is not None
        out = out.join(_cluster_outcomes(data.clusters), on="person_id", how="left")
    else:  # unknown, not false: stays null
        out = out.with_columns(pl.lit(None, pl.Boolean).alias(c) for c in _CLUSTER_OUTCOMES)
    bool_cols = [c for c, t in out.schema.items() if t == pl.Boolean and c != "registered"]
    fill = [c for c in bool_cols if has_clusters or c not in _CLUSTER_OUTCOMES]
    return out.with_columns(pl.col(fill).fill_null(False)).sort("person_id")


def _outcome_figures(
    k: int,
    denominator: int,
    n_records: int,
    n_search: int,
    level: float,
    deff: float | None = None,
) -> OutcomeFigures:
    return OutcomeFigures(
        count=Estimate.events(k, "persons", level, design_effect=deff),
        rate=Estimate.rate(k, denominator, level, design_effect=deff),
        per_million_records=Estimate.per_million(
            k, n_records, "persons per million records", level, design_effect=deff
        ),
        per_million_searches=Estimate.per_million(
            k, n_search, "persons per million searches", level, design_effect=deff
        ),
    )


def person_errors(
    data: WorldData,
    outcomes: pl.DataFrame,
    level: float = 0.95,
    design_effects: Mapping[str, float] | None = None,
) -> PersonErrors:
    """Counts and rates of the person outcomes (Wilson), per million records and searches.

    ``design_effects`` (outcome -> variance inflation of its count, see
    :mod:`analysis.mechanisms`) widen the intervals of outcomes whose persons come in
    clusters (the two people of a wrong link, the people of a merged identity cluster).
    """
    deffs = design_effects or {}
    n_records = data.records.height
    n_search = searches(data)
    registered = int(outcomes["registered"].sum())
    with_pairs = int(outcomes["has_true_pair"].sum())

    def figures(name: str) -> OutcomeFigures | None:
        col = outcomes[name]
        if col.null_count() == col.len() and col.len() > 0:
            return None  # no identity clusters in this world
        denominator = with_pairs if name == "missed" else registered
        return _outcome_figures(
            int(col.sum()), denominator, n_records, n_search, level, deffs.get(name)
        )

    def required(name: str) -> OutcomeFigures:
        result = figures(name)
        assert result is not None, name
        return result

    def wrongly_linked_to(system: str, collected_for: str) -> WronglyLinkedTo:
        k = int(outcomes[f"wrongly_linked_to_{system}"].sum())
        return WronglyLinkedTo(
            collected_for=collected_for,
            count=Estimate.events(k, "persons", level),
            rate=Estimate.rate(k, registered, level),
        )

    return PersonErrors(
        persons=Estimate.size(outcomes.height, "persons"),
        registered_persons=Estimate.size(registered, "persons"),
        persons_with_true_pairs=Estimate.size(with_pairs, "persons"),
        records=Estimate.size(n_records, "records"),
        searches=Estimate.size(n_search, "searches"),
        wrongly_linked=required("wrongly_linked"),
        wrongly_linked_white=required("wrongly_linked_white"),
        wrongly_linked_yellow=required("wrongly_linked_yellow"),
        wrongly_linked_red=required("wrongly_linked_red"),
        false_red=required("false_red"),
        merged=figures("merged"),
        merged_one_to_one=figures("merged_one_to_one"),
        split=figures("split"),
        missed=required("missed"),
        wrongly_linked_to={
            s.key.value: wrongly_linked_to(s.key.value, s.collected_for) for s in SYSTEMS
        },
    )

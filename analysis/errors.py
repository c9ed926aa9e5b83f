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

from typing import Any

import polars as pl

from analysis.figures import (
    Figure,
    count_figure,
    per_million,
    rate_figure,
    size_figure,
)
from analysis.truth import COLOURS, WorldData
from schemas.systems import SYSTEMS

__all__ = [
    "BASES",
    "PERSON_OUTCOMES",
    "pair_metrics",
    "person_metrics",
    "person_outcomes",
    "searches",
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


def searches(data: WorldData) -> int:
    """MID searches: one per record created in a system that triggers detection (§2.3)."""
    triggers = [s.key.value for s in SYSTEMS if s.mid_trigger]
    return data.records.filter(pl.col("system").is_in(triggers)).height


def _prf(
    same_links: float, links: float, found: float, pairs: float, level: float
) -> dict[str, Any]:
    p = rate_figure(same_links, links, level)
    r = rate_figure(found, pairs, level)
    out: dict[str, Any] = {
        "links": size_figure(links, "links").to_json(),
        "true_pairs": size_figure(pairs, "pairs").to_json(),
        "precision": p.to_json(),
        "recall": r.to_json(),
    }
    if p.value is None or r.value is None:
        out["f1"] = Figure(None, None, None, None, "wilson-bounds", "share").to_json()
        return out

    def f1(a: float, b: float) -> float:
        return 0.0 if a + b == 0 else 2 * a * b / (a + b)

    out["f1"] = Figure(
        f1(p.value, r.value),
        f1(p.lower or 0.0, r.lower or 0.0),
        f1(p.upper or 0.0, r.upper or 0.0),
        None,
        "wilson-bounds",
        "share",
    ).to_json()
    return out


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


def pair_metrics(data: WorldData, level: float = 0.95) -> tuple[dict[str, Any], pl.DataFrame]:
    """Pair-level figures and the true-pair frame with found flags (for person outcomes)."""
    links = data.links
    pairs = _pair_flags(data)
    n_records = data.records.height
    n_search = searches(data)
    by_colour: dict[str, Any] = {}
    for colour in COLOURS:
        sel = links.filter(pl.col("colour") == colour)
        entry: dict[str, Any] = {
            "links": count_figure(sel.height, "links", level).to_json(),
            "same_person": count_figure(int(sel["same"].sum()), "links", level).to_json(),
            "different_persons": count_figure(
                sel.height - int(sel["same"].sum()), "links", level
            ).to_json(),
        }
        if colour != "yellow":
            true_n = int(sel["correct"].sum())
            entry["true"] = count_figure(true_n, "links", level).to_json()
            entry["false"] = count_figure(sel.height - true_n, "links", level).to_json()
            entry["false_share"] = rate_figure(sel.height - true_n, sel.height, level).to_json()
            entry["false_per_million_records"] = per_million(
                sel.height - true_n, n_records, "false links per million records", level
            ).to_json()
        by_colour[colour] = entry

    false_links = int(links.filter(pl.col("correct") == False).height)  # noqa: E712
    missed = int((~pairs["found_any"]).sum())
    out: dict[str, Any] = {
        "links_by_colour": by_colour,
        "links_total": size_figure(links.height, "links").to_json(),
        "false_links": count_figure(false_links, "links", level).to_json(),
        "false_links_per_million_records": per_million(
            false_links, n_records, "false links per million records", level
        ).to_json(),
        "false_links_per_million_searches": per_million(
            false_links, n_search, "false links per million searches", level
        ).to_json(),
        "true_pairs": size_figure(pairs.height, "pairs").to_json(),
        "missed_links": count_figure(missed, "pairs", level).to_json(),
        "missed_share": rate_figure(missed, pairs.height, level).to_json(),
        "missed_white": count_figure(int((~pairs["found_white"]).sum()), "pairs", level).to_json(),
    }
    levels: dict[str, Any] = {}
    for lvl in ("any_link", "white"):
        sel = links if lvl == "any_link" else links.filter(pl.col("colour") == "white")
        flag = "found_any" if lvl == "any_link" else "found_white"
        overall = _prf(
            float(sel["same"].sum()), sel.height, float(pairs[flag].sum()), pairs.height, level
        )
        link_g = sel.group_by("system_pair").agg(
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
            row["system_pair"]: _prf(row["same"], row["links"], row["found"], row["pairs"], level)
            for row in joined.iter_rows(named=True)
        }
        by_basis = {}
        for b in BASES:
            bl = sel.filter(pl.col(f"basis_{b}"))
            found = float(pairs[f"{flag}_{b}"].sum())
            by_basis[b] = _prf(float(bl["same"].sum()), bl.height, found, pairs.height, level)
        levels[lvl] = {"overall": overall, "by_system_pair": by_pair, "by_basis": by_basis}
    out["accuracy"] = levels
    return out, pairs


def person_outcomes(data: WorldData, pairs: pl.DataFrame) -> pl.DataFrame:
    """One row per person of the truth table with the outcomes of the module docstring."""
    links = data.links
    wrong = links.filter(
        ~pl.col("same")
        & pl.col("colour").is_in(_HARMFUL)
        & ~((pl.col("colour") == "red") & pl.col("correct").fill_null(False))
    )
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
    wrong_p = sides.group_by("person_id").agg(
        pl.lit(True).alias("wrongly_linked"),
        *((pl.col("colour") == c).any().alias(f"wrongly_linked_{c}") for c in _HARMFUL),
        *((pl.col("other_system") == s).any().alias(f"wrongly_linked_to_{s}") for s in systems),
    )
    false_red = links.filter((pl.col("colour") == "red") & (pl.col("correct") == False))  # noqa: E712
    red_p = (
        pl.concat(
            [
                false_red.select(pl.col("person_id_a").alias("person_id")),
                false_red.select(pl.col("person_id_b").alias("person_id")),
            ]
        )
        .unique()
        .with_columns(pl.lit(True).alias("false_red"))
    )
    missed_p = pairs.group_by("person_id").agg(
        pl.lit(True).alias("has_true_pair"), (~pl.col("found_any")).any().alias("missed")
    )
    out = (
        data.persons.select("person_id", "n_records", "n_stored")
        .with_columns((pl.col("n_records") > 0).alias("registered"))
        .join(wrong_p, on="person_id", how="left")
        .join(red_p, on="person_id", how="left")
        .join(missed_p, on="person_id", how="left")
    )
    if data.clusters is not None and data.clusters.height:
        cl = data.clusters
        merged = (
            cl.with_columns(
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
        out = out.join(merged, on="person_id", how="left")
    else:
        out = out.with_columns(
            pl.lit(None, pl.Boolean).alias(c) for c in ("merged", "merged_one_to_one", "split")
        )
    bool_cols = [c for c, t in out.schema.items() if t == pl.Boolean and c != "registered"]
    has_clusters = data.clusters is not None and data.clusters.height > 0
    fill = [
        c for c in bool_cols if has_clusters or c not in ("merged", "merged_one_to_one", "split")
    ]
    return out.with_columns(pl.col(fill).fill_null(False)).sort("person_id")


def person_metrics(data: WorldData, outcomes: pl.DataFrame, level: float = 0.95) -> dict[str, Any]:
    """Counts and rates of the person outcomes (Wilson), per million records and searches."""
    n_records = data.records.height
    n_search = searches(data)
    registered = int(outcomes["registered"].sum())
    with_pairs = int(outcomes["has_true_pair"].sum())
    out: dict[str, Any] = {
        "persons": size_figure(outcomes.height, "persons").to_json(),
        "registered_persons": size_figure(registered, "persons").to_json(),
        "persons_with_true_pairs": size_figure(with_pairs, "persons").to_json(),
        "records": size_figure(n_records, "records").to_json(),
        "searches": size_figure(n_search, "searches").to_json(),
    }
    names = [
        "wrongly_linked",
        *(f"wrongly_linked_{c}" for c in _HARMFUL),
        "false_red",
        "merged",
        "merged_one_to_one",
        "split",
        "missed",
    ]
    for name in names:
        col = outcomes[name]
        if col.null_count() == col.len() and col.len() > 0:
            continue  # no identity clusters in this world
        k = int(col.sum())
        denom = with_pairs if name == "missed" else registered
        out[name] = {
            "count": count_figure(k, "persons", level).to_json(),
            "rate": rate_figure(k, denom, level).to_json(),
            "per_million_records": per_million(
                k, n_records, "persons per million records", level
            ).to_json(),
            "per_million_searches": per_million(
                k, n_search, "persons per million searches", level
            ).to_json(),
        }
    to: dict[str, Any] = {}
    for s in SYSTEMS:
        k = int(outcomes[f"wrongly_linked_to_{s.key.value}"].sum())
        to[s.key.value] = {
            "collected_for": s.collected_for,
            "count": count_figure(k, "persons", level).to_json(),
            "rate": rate_figure(k, registered, level).to_json(),
        }
    out["wrongly_linked_to"] = to
    return out

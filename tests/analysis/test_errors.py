"""Pair and person errors on the canonical hand-built world, whose answers are known.

The world (tests/analysis/builders.py): seven links over eleven records of six
registered persons.

| link | records | colour | truth |
| --- | --- | --- | --- |
| 1 | VIS-1 / EURODAC-1 | white | one person: true white |
| 2 | EES-2 / VIS-2 | white | one person: true white |
| 3 | EES-2 / SIS-3 | white | persons 2 and 3: false white |
| 4 | EES-4 / ECRIS-4 | red | one person, same identity: false red |
| 5 | VIS-1 / ECRIS-4 | yellow | persons 1 and 4 (pending) |
| 6 | VIS-7b / EES-7a | red | person 7 under an alias: true red |
| 7 | EES-5 / VIS-2 | green | persons 5 and 2: true green |
"""

from __future__ import annotations

import polars as pl
import pytest

from analysis import Estimate, Metrics
from analysis.errors import pair_errors, person_outcomes
from analysis.truth import WorldData


def _v(e: Estimate | None) -> float | None:
    assert e is not None
    return e.value


def test_link_verdicts(canonical_data: WorldData) -> None:
    verdicts = dict(canonical_data.links.select("link_id", "correct").iter_rows())
    assert verdicts == {1: True, 2: True, 3: False, 4: False, 5: None, 6: True, 7: True}


def test_true_pairs_are_cross_system_pairs_of_one_person(canonical_data: WorldData) -> None:
    pairs = canonical_data.pairs.sort("person_id")
    assert pairs["person_id"].to_list() == [1, 2, 4, 5, 7]
    assert pairs["system_pair"].to_list() == [
        "EURODAC|VIS",
        "EES|VIS",
        "ECRIS|EES",
        "EES|ETIAS",
        "EES|VIS",
    ]


def test_links_by_colour(canonical_metrics: Metrics) -> None:
    col = canonical_metrics.pairs.links_by_colour
    assert (_v(col["white"].true_links), _v(col["white"].false_links)) == (2, 1)
    assert (_v(col["red"].true_links), _v(col["red"].false_links)) == (1, 1)
    assert (_v(col["green"].true_links), _v(col["green"].false_links)) == (1, 0)
    assert col["yellow"].true_links is None  # a pending link claims nothing
    assert "true" not in col["yellow"].to_json()
    assert _v(col["yellow"].different_persons) == 1
    pairs = canonical_metrics.pairs
    assert _v(pairs.false_links) == 2
    assert _v(pairs.missed_links) == 1
    assert _v(pairs.true_pairs) == 5
    assert _v(pairs.false_links_per_million_records) == pytest.approx(2 / 11 * 1e6)


def test_precision_recall_f1(canonical_metrics: Metrics) -> None:
    acc = canonical_metrics.pairs.accuracy
    white = acc.white.overall
    assert _v(white.precision) == pytest.approx(2 / 3)
    assert _v(white.recall) == pytest.approx(2 / 5)
    assert _v(white.f1) == pytest.approx(2 * (2 / 3) * (2 / 5) / (2 / 3 + 2 / 5))
    anyl = acc.any_link.overall
    assert _v(anyl.precision) == pytest.approx(4 / 7)
    assert _v(anyl.recall) == pytest.approx(4 / 5)
    ees_vis = acc.white.by_system_pair["EES|VIS"]
    assert (_v(ees_vis.links), _v(ees_vis.true_pairs)) == (1, 2)
    assert _v(ees_vis.recall) == pytest.approx(1 / 2)
    assert _v(acc.white.by_system_pair["EES|SIS"].precision) == 0
    assert _v(acc.white.by_system_pair["EES|SIS"].recall) is None  # no true pair
    bio = acc.white.by_basis["biometric"]
    assert _v(bio.precision) == pytest.approx(1 / 2)  # links 1 (true) and 3 (false)
    assert _v(bio.recall) == pytest.approx(1 / 5)
    ident = acc.any_link.by_basis["identity"]
    assert _v(ident.links) == 3
    assert _v(ident.precision) == pytest.approx(1 / 3)


def test_person_outcomes(canonical_data: WorldData) -> None:
    _, pairs = pair_errors(canonical_data)
    out = person_outcomes(canonical_data, pairs)

    def who(col: str) -> list[int]:
        return out.filter(pl.col(col))["person_id"].to_list()

    assert who("wrongly_linked") == [1, 2, 3, 4]
    assert who("wrongly_linked_white") == [2, 3]
    assert who("wrongly_linked_yellow") == [1, 4]
    assert who("wrongly_linked_to_SIS") == [2]
    assert who("wrongly_linked_to_ECRIS") == [1]
    assert who("wrongly_linked_to_EES") == [3]
    assert who("false_red") == [4]
    assert who("merged") == [2, 3]
    assert who("split") == [5]
    assert who("missed") == [5]
    assert who("has_true_pair") == [1, 2, 4, 5, 7]
    assert who("registered") == [1, 2, 3, 4, 5, 7]


def test_person_errors(canonical_metrics: Metrics) -> None:
    p = canonical_metrics.persons
    assert _v(p.registered_persons) == 6
    assert _v(p.wrongly_linked.count) == 4
    assert _v(p.wrongly_linked.rate) == pytest.approx(4 / 6)
    assert p.wrongly_linked.rate.n == 6
    assert _v(p.missed.rate) == pytest.approx(1 / 5)
    assert _v(p.false_red.per_million_searches) == pytest.approx(1e6 / 11)
    assert _v(p.wrongly_linked_to["SIS"].count) == 1
    assert p.wrongly_linked_to["EURODAC"].collected_for == "asylum"
    assert p.merged is not None
    assert _v(p.merged.count) == 2

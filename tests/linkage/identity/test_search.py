"""The world-level identity search: MID scope, chronology, documents, truth blindness."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from linkage.identity import IdentitySearchConfig, score_pairs, search_identities
from schemas.errors import ConfigError
from tests.linkage.identity.strategies import identity_records

CONFIG = IdentitySearchConfig(spec={"u_sample_pairs": 20_000}, keep="all")


@pytest.fixture(scope="module")
def records() -> pl.DataFrame:
    return identity_records(400, seed=3)


@pytest.fixture(scope="module")
def result(records: pl.DataFrame):  # type: ignore[no-untyped-def]
    return search_identities(records, CONFIG)


def _joined(records: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    cols = ["record_id", "system", "registered_on", "person_id", "document_number"]
    side = records.select(cols)
    return pairs.join(side.rename({c: f"{c}_a" for c in cols}), on="record_id_a").join(
        side.rename({c: f"{c}_b" for c in cols}), on="record_id_b"
    )


def test_pairs_cross_systems_and_point_back_in_time(records, result) -> None:  # type: ignore[no-untyped-def]
    j = _joined(records, result.pairs)
    assert j.height == result.pairs.height > 0
    assert (j["system_a"] != j["system_b"]).all()
    later = j["registered_on_a"] > j["registered_on_b"]
    tie = (j["registered_on_a"] == j["registered_on_b"]) & (j["record_id_a"] < j["record_id_b"])
    assert (later | tie).all()
    assert result.pairs.select(pl.struct("record_id_a", "record_id_b").is_unique().all()).item()


def test_finds_the_true_pairs_and_classes_them_same_or_similar(records, result) -> None:  # type: ignore[no-untyped-def]
    j = _joined(records, result.pairs)
    true = j.filter(pl.col("person_id_a") == pl.col("person_id_b"))
    assert true.height == 400  # every person's two records are candidates
    assert (true["identity_class"] != "different").mean() > 0.97  # type: ignore[operator]
    false = j.filter(pl.col("person_id_a") != pl.col("person_id_b"))
    assert (false["identity_class"] == "different").mean() > 0.95  # type: ignore[operator]
    assert true["identity_score"].mean() > false["identity_score"].mean()  # type: ignore[operator]


def test_document_match_means_same_number_and_country(records, result) -> None:  # type: ignore[no-untyped-def]
    j = _joined(records, result.pairs)
    expected = (
        j["document_number_a"].is_not_null() & (j["document_number_a"] == j["document_number_b"])
    ).fill_null(False)
    assert (j["document_match"] == expected).all()


def test_stats_count_passes_before_comparison(result) -> None:  # type: ignore[no-untyped-def]
    stats = result.stats.to_json()
    assert next(p["rule"] for p in stats["passes"]) == "surname_key+birth_date"
    assert stats["candidate_pairs"] == sum(p["new_pairs"] for p in stats["passes"])
    assert stats["compared_pairs"] == result.pairs.height
    assert sum(stats["classes"].values()) == stats["compared_pairs"]
    assert stats["model"]["method"] == "random_sampling"


def test_truth_columns_are_not_read(records) -> None:  # type: ignore[no-untyped-def]
    shuffled = records.with_columns(
        pl.Series("person_id", np.random.default_rng(0).permutation(records.height))
    )
    a = search_identities(records, CONFIG).pairs
    b = search_identities(shuffled, CONFIG).pairs
    assert a.equals(b)
    assert search_identities(records.drop("person_id"), CONFIG).pairs.equals(a)


def test_deleted_earlier_records_are_not_found() -> None:
    base = {
        "surname": ["Haddad", "Haddad"],
        "given_names": ["Omar", "Omar"],
        "birth_date": [dt.date(1990, 1, 1)] * 2,
        "birth_year": [1990, 1990],
        "sex": ["M", "M"],
        "nationality": ["SYR", "SYR"],
        "place_of_birth": [None, None],
        "document_number": [None, None],
        "document_country": [None, None],
    }
    frame = pl.DataFrame(
        {
            "record_id": ["EURODAC-1", "VIS-1"],
            "system": ["EURODAC", "VIS"],
            "registered_on": [dt.date(2020, 1, 1), dt.date(2024, 1, 1)],
            "deleted_on": [dt.date(2023, 1, 1), None],
            **base,
        },
        schema_overrides={
            "place_of_birth": pl.String,
            "document_number": pl.String,
            "document_country": pl.String,
        },
    )
    kept = search_identities(frame, IdentitySearchConfig(spec={"u_sample_pairs": 100}, keep="all"))
    assert kept.pairs.height == 0
    assert kept.stats.dropped_earlier_record_deleted == 1
    ignore = IdentitySearchConfig(spec={"u_sample_pairs": 100}, keep="all", respect_deletion=False)
    pairs = search_identities(frame, ignore).pairs
    assert pairs["record_id_a"].to_list() == ["VIS-1"]
    same_system = frame.with_columns(pl.lit("VIS").alias("system"))
    assert search_identities(same_system, ignore).pairs.height == 0


def test_score_pairs_keeps_order_and_agrees_with_search(records, result) -> None:  # type: ignore[no-untyped-def]
    some = result.pairs.head(50).select("record_id_b", "record_id_a")
    some = some.rename({"record_id_b": "record_id_a", "record_id_a": "record_id_b"})
    scored = score_pairs(records, some, CONFIG, model=result.model)
    assert scored.pairs["record_id_a"].to_list() == some["record_id_a"].to_list()
    back = result.pairs.head(50)
    np.testing.assert_allclose(scored.pairs["match_weight"], back["match_weight"])
    assert scored.pairs["identity_class"].to_list() == back["identity_class"].to_list()
    with pytest.raises(ConfigError, match="unknown record ids"):
        score_pairs(
            records,
            pl.DataFrame({"record_id_a": ["X"], "record_id_b": ["Y"]}),
            CONFIG,
            result.model,
        )


def test_extra_pairs_are_scored_like_score_pairs(records, result) -> None:  # type: ignore[no-untyped-def]
    some = result.pairs.sample(60, seed=1).select("record_id_b", "record_id_a")
    some = some.rename({"record_id_b": "record_id_a", "record_id_a": "record_id_b"})
    both = search_identities(records, CONFIG, extra_pairs=some)
    assert both.pairs.equals(result.pairs)
    assert both.extra is not None
    assert result.extra is None
    alone = score_pairs(records, some, CONFIG, model=both.model)
    assert both.extra["record_id_a"].to_list() == some["record_id_a"].to_list()
    np.testing.assert_allclose(both.extra["match_weight"], alone.pairs["match_weight"])
    assert both.extra["identity_class"].to_list() == alone.pairs["identity_class"].to_list()
    assert both.stats.to_json()["extra_pairs"]["pairs"] == 60


def test_blocks_stay_small_when_the_population_grows() -> None:
    # Pairs per record must not grow with the population: the default passes block on
    # tight keys (full birth date, names + year, document), not on one field alone.
    small = search_identities(identity_records(200, seed=5), CONFIG).stats
    large = search_identities(identity_records(1_600, seed=5), CONFIG).stats
    per_record_small = small.candidate_pairs / small.records
    per_record_large = large.candidate_pairs / large.records
    assert per_record_large < 2.0 * per_record_small


def test_search_is_deterministic(records) -> None:  # type: ignore[no-untyped-def]
    a = search_identities(records, IdentitySearchConfig(spec={"u_sample_pairs": 5_000, "seed": 1}))
    b = search_identities(records, IdentitySearchConfig(spec={"u_sample_pairs": 5_000, "seed": 1}))
    assert a.pairs.equals(b.pairs)
    assert set(a.pairs["identity_class"].unique()) <= {"same", "similar", "different"}
    # keep="matches": only pairs the search reports to the MID
    assert ((a.pairs["identity_class"] != "different") | a.pairs["document_match"]).all()


def test_config_from_mapping_validates_every_key() -> None:
    config = IdentitySearchConfig.from_mapping(
        {
            "spec": {"seed": 3},
            "keep": "all",
            "probability_thresholds": {"same": 0.99, "similar": 0.6},
        }
    )
    assert config.spec.seed == 3
    assert config.spec.comparisons  # the default passes and comparisons are kept
    assert config.probability_thresholds.similar == 0.6
    unknown = r"identity\.spec\.sede: unknown key, did you mean 'seed'"
    with pytest.raises(ConfigError, match=unknown) as err:
        IdentitySearchConfig.from_mapping({"spec": {"sede": 1, "u_sample_pairs": 0}})
    assert "u_sample_pairs" in str(err.value)
    with pytest.raises(ConfigError, match="keep"):
        IdentitySearchConfig.from_mapping({"keep": "some"})


def test_stats_are_typed_and_keep_the_json_shape(result) -> None:  # type: ignore[no-untyped-def]
    stats = result.stats
    data = stats.to_json()
    assert (
        data["candidate_pairs"] == stats.candidate_pairs == sum(p.new_pairs for p in stats.passes)
    )
    assert {"rule", "pairs", "new_pairs"} <= set(data["passes"][0])
    assert sum(data["classes"].values()) == stats.compared_pairs
    assert data["model"]["levels"]
    assert data["model"]["prior"] == result.model.prior
    assert {"compare_s", "train_s", "score_s", "blocking_s", "total_s"} <= set(data)

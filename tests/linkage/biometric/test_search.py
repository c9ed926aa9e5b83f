"""Chronological 1:N search over a world: contract, gallery rules, modes, determinism."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from linkage.biometric import HITS_SCHEMA, BiometricConfig, search_world
from schemas.config import parse
from schemas.errors import ConfigError, WorldError
from tests.linkage.biometric.handmade import Entry, build
from tests.linkage.biometric.synthetic import make_world


def _strict() -> BiometricConfig:
    """Impostors practically never match (FMR 1e-30); genuine comparisons always do."""
    base = BiometricConfig()
    data = base.model_dump()
    data["fmr"] = 1e-30
    for modality in ("fingerprint", "face"):
        data[modality]["genuine"].update(mean=1000.0, sd=10.0)
    return parse(BiometricConfig, data, what="test configuration")


STRICT = _strict()
LOOSE = BiometricConfig(fmr=1e-3)


def _pairs(frame: pl.DataFrame) -> set[tuple[str, str]]:
    return set(zip(frame["record_id_a"], frame["record_id_b"], strict=True))


def test_hits_follow_the_contract() -> None:
    records, captures = make_world(300, 1)
    result = search_world(records, captures, LOOSE, "shared", seed=1)
    hits = result.hits
    assert hits.schema == HITS_SCHEMA
    assert hits.height > 0
    assert hits["biometric_score"].null_count() == 0
    assert (hits["fingerprint_score"].is_not_null() | hits["face_score"].is_not_null()).all()
    assert hits.equals(hits.sort(["searched_on", "record_id_a", "record_id_b"]))
    assert (hits["record_id_a"] != hits["record_id_b"]).all()
    dates = records.select("record_id", "registered_on")
    joined = hits.join(dates, left_on="record_id_b", right_on="record_id")
    assert (joined["registered_on"] <= joined["searched_on"]).all()
    assert hits.select(pl.struct("record_id_a", "record_id_b").is_unique().all()).item()
    assert (hits["biometric_match"] == (hits["biometric_score"] >= LOOSE.threshold)).all()
    stats = result.stats
    with_templates = captures.filter(~pl.col("failed").fill_null(True))["record_id"].n_unique()
    assert stats.probes == with_templates == stats.gallery_sizes["sBMS"].entries
    assert stats.hits == hits.height
    assert stats.explicit_pairs_returned + stats.impostor_hits == hits.height
    assert stats.gallery.records == records.height
    assert stats.gallery.records_without_templates == records.height - with_templates
    assert stats.threshold == LOOSE.threshold


def test_same_seed_same_result_other_seed_other_result() -> None:
    records, captures = make_world(300, 2)
    a = search_world(records, captures, LOOSE, "shared", seed=5).hits
    b = search_world(records, captures, LOOSE, "shared", seed=5).hits
    c = search_world(records, captures, LOOSE, "shared", seed=6).hits
    assert_frame_equal(a, b)
    assert not a.equals(c)


def test_reenrolments_match_and_strangers_do_not() -> None:
    records, captures = build(
        [
            Entry("VIS-1", 0, fingerprint=1, face=1),
            Entry("EES-2", 5, fingerprint=1, face=1),
            Entry("VIS-3", 6, fingerprint=2, face=2),
            Entry("EURODAC-4", 9, fingerprint=1, face=None),
        ]
    )
    hits = search_world(records, captures, STRICT, "shared", seed=0).hits
    assert _pairs(hits) == {("EES-2", "VIS-1"), ("EURODAC-4", "VIS-1"), ("EURODAC-4", "EES-2")}
    both = hits.filter(pl.col("record_id_a") == "EES-2")
    assert both["fingerprint_score"].is_not_null().all()
    assert both["face_score"].is_not_null().all()
    one = hits.filter(pl.col("record_id_a") == "EURODAC-4")
    assert one["face_score"].is_null().all()
    assert hits["biometric_match"].all()


def test_siloed_searches_stay_within_a_system() -> None:
    records, captures = build(
        [
            Entry("VIS-1", 0, fingerprint=1),
            Entry("EES-2", 1, fingerprint=1),
            Entry("VIS-3", 2, fingerprint=1),
        ]
    )
    shared = search_world(records, captures, STRICT, "shared", seed=0).hits
    siloed = search_world(records, captures, STRICT, "siloed", seed=0).hits
    assert _pairs(shared) == {("EES-2", "VIS-1"), ("VIS-3", "VIS-1"), ("VIS-3", "EES-2")}
    assert _pairs(siloed) == {("VIS-3", "VIS-1")}


def test_siloed_hits_are_within_systems_on_a_random_world() -> None:
    records, captures = make_world(400, 3)
    hits = search_world(records, captures, LOOSE, "siloed", seed=2).hits
    assert hits.height > 0
    assert (
        hits["record_id_a"].str.split("-").list.first()
        == hits["record_id_b"].str.split("-").list.first()
    ).all()
    shared = search_world(records, captures, LOOSE, "shared", seed=2).hits
    cross = (
        shared["record_id_a"].str.split("-").list.first()
        != shared["record_id_b"].str.split("-").list.first()
    )
    assert cross.any()


def test_deleted_and_later_records_are_not_in_the_gallery() -> None:
    records, captures = build(
        [
            Entry("VIS-1", 0, fingerprint=1, deleted=10),
            Entry("VIS-2", 10, fingerprint=1),  # VIS-1 deleted that very day
            Entry("VIS-3", 20, fingerprint=1, deleted=20),  # never stored
            Entry("VIS-4", 30, fingerprint=1),
        ]
    )
    hits = search_world(records, captures, STRICT, "shared", seed=0).hits
    assert _pairs(hits) == {("VIS-3", "VIS-2"), ("VIS-4", "VIS-2")}


def test_same_day_enrolments_are_ordered_by_record_id() -> None:
    records, captures = build([Entry("VIS-b", 3, face=9), Entry("VIS-a", 3, face=9)])
    hits = search_world(records, captures, STRICT, "shared", seed=0).hits
    assert _pairs(hits) == {("VIS-b", "VIS-a")}


def test_failed_captures_and_disjoint_modalities_are_not_compared() -> None:
    records, captures = build(
        [
            Entry("VIS-1", 0, fingerprint=1),
            Entry("VIS-2", 1, face=1),  # fingerprint-only vs face-only: nothing to compare
            Entry("VIS-3", 2, fingerprint=1, failed=True),
        ]
    )
    result = search_world(records, captures, STRICT, "shared", seed=0)
    assert result.hits.height == 0
    assert result.stats.probes == 2
    assert result.stats.gallery.records_without_templates == 1
    assert result.stats.gallery.failed_captures == 1


def test_lookalikes_keep_matching() -> None:
    data = STRICT.model_dump()
    data["face"]["lookalike"]["mean"] = 100.0
    config = parse(BiometricConfig, data, what="test configuration")
    records, captures = build(
        [
            Entry("VIS-1", 0, face=1, lookalike=2),
            Entry("VIS-2", 1, face=2, lookalike=1),
            Entry("EES-3", 2, face=1, lookalike=2),
            Entry("EES-4", 3, face=2),
        ]
    )
    hits = search_world(records, captures, config, "shared", seed=0).hits
    assert _pairs(hits) == {
        ("VIS-2", "VIS-1"),
        ("EES-3", "VIS-1"),
        ("EES-3", "VIS-2"),
        ("EES-4", "VIS-1"),
        ("EES-4", "VIS-2"),
        ("EES-4", "EES-3"),
    }


def test_a_fingerprint_lookalike_key_is_scored_as_any_impostor() -> None:
    """Fingerprints have no look-alike model: a look-alike key on fingerprint captures
    changes nothing (the same hits as without it), while on faces it makes a match."""
    data = STRICT.model_dump()
    data["face"]["lookalike"]["mean"] = 100.0
    config = parse(BiometricConfig, data, what="test configuration")
    prints = [Entry("VIS-1", 0, fingerprint=1, lookalike=2), Entry("EES-2", 1, fingerprint=2)]
    faces = [Entry("VIS-1", 0, face=1, lookalike=2), Entry("EES-2", 1, face=2)]
    plain = [Entry("VIS-1", 0, fingerprint=1), Entry("EES-2", 1, fingerprint=2)]
    hits = {
        name: search_world(*build(entries), config, "shared", seed=0).hits
        for name, entries in (("prints", prints), ("faces", faces), ("plain", plain))
    }
    assert hits["prints"].height == hits["plain"].height == 0
    assert _pairs(hits["faces"]) == {("EES-2", "VIS-1")}


def test_truth_columns_are_ignored() -> None:
    records, captures = make_world(200, 4)
    noisy = records.with_columns(pl.int_range(pl.len()).alias("person_id"))
    a = search_world(records, captures, LOOSE, "shared", seed=3).hits
    b = search_world(noisy, captures, LOOSE, "shared", seed=3).hits
    assert_frame_equal(a, b)


def test_candidate_threshold_returns_non_matches() -> None:
    records, captures = make_world(300, 5)
    config = BiometricConfig(fmr=1e-4, candidate_fmr=1e-2)
    hits = search_world(records, captures, config, "shared", seed=1).hits
    assert (~hits["biometric_match"]).any()
    assert hits["biometric_match"].any()
    assert (hits["biometric_score"] >= config.candidate_threshold).all()


def test_progress_is_reported() -> None:
    records, captures = make_world(100, 6)
    calls: list[tuple[str, int, int]] = []
    search_world(records, captures, LOOSE, "shared", seed=1, progress=lambda *a: calls.append(a))
    assert calls
    assert calls[-1][1] == calls[-1][2]


def test_bad_inputs_are_reported() -> None:
    records, captures = make_world(50, 7)
    with pytest.raises(ConfigError, match="siloed"):
        search_world(records, captures, LOOSE, "silo", seed=1)
    with pytest.raises(WorldError, match="deleted_on"):
        search_world(records.drop("deleted_on"), captures, LOOSE, "shared", seed=1)
    bad = captures.with_columns(pl.lit("X|adult|mars").alias("phenotype_cell"))
    with pytest.raises(WorldError, match="age band"):
        search_world(records, bad, LOOSE, "shared", seed=1)
    iris = captures.with_columns(pl.lit("iris").alias("modality"))
    with pytest.raises(WorldError, match="iris"):
        search_world(records, iris, LOOSE, "shared", seed=1)

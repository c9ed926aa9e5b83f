"""``link_world`` on a tiny hand-built world: tables, determinism, modes, errors."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from unittest.mock import ANY

import polars as pl
import pytest

from linkage.config import LinkConfig
from linkage.mid import Colour, Conclusion, Count, MidConfig, Uncovered, VerificationConfig
from linkage.pipeline import STEPS, link_world
from schemas import ConfigError, open_world, polars_schema
from tests.linkage.mid import tiny_world
from tests.linkage.mid.strategies import constant_oracle


def test_without_an_oracle_yellow_links_stay_yellow(tmp_path: Path) -> None:
    world = tiny_world.build(tmp_path / "w")
    result = link_world(world, mode="shared")
    colours = {
        (a, b): c for a, b, c in result.links.select("record_id_a", "record_id_b", "colour").rows()
    }
    assert colours[("VIS-1", "EURODAC-1")] == "yellow"
    assert colours[("EES-4", "VIS-3")] == "yellow"
    assert not result.links.filter(pl.col("colour") == "yellow")["verified"].any()
    assert result.summary.oracle is False
    assert result.summary.mid.verification.yellow_cases == 2
    assert result.summary.mid.verification.verified == 0
    assert result.backlog_by_day()["arrivals"].sum() == 2
    stored = open_world(world.path)
    assert stored.table("mid_links").schema == polars_schema("mid_links")
    assert stored.table("identity_clusters").schema == polars_schema("identity_clusters")
    assert stored.manifest.stages["link"].parameters["mode"] == "shared"


def test_structural_zeros_are_stated_and_are_zero(tmp_path: Path) -> None:
    """What the configuration makes impossible is flagged with a reason, and is zero."""
    world = tiny_world.build(tmp_path / "w")
    unverified = link_world(world, mode="siloed")
    zeros = {z.count: z.reason for z in unverified.summary.structural_zeros}
    assert {Count.RED_LINKS, Count.GREEN_LINKS, Count.FALSE_RED_LINKS} <= set(zeros)
    assert Count.BIOMETRIC_LINKS in zeros
    assert all(reason for reason in zeros.values())
    by_colour = unverified.summary.links.by_colour
    assert by_colour["red"] == by_colour["green"] == 0
    assert not any("biometric" in basis for basis in unverified.summary.links.by_basis)
    stored = open_world(world.path).stage("link")
    assert stored is not None
    assert set(stored.summary["structural_zeros"]) == {z.value for z in zeros}  # type: ignore[arg-type]
    # a verifier that can err on "justified or not" can make a false red: measured, not
    # structural; one that cannot, cannot
    oracle = constant_oracle(Conclusion.SAME_JUSTIFIED)
    verified = link_world(world, mode="shared", oracle=oracle)
    assert Count.FALSE_RED_LINKS not in {z.count for z in verified.summary.structural_zeros}
    assert Count.BIOMETRIC_LINKS not in {z.count for z in verified.summary.structural_zeros}
    sure = VerificationConfig(justification_accuracy=1.0)
    config = LinkConfig(mid=MidConfig(verification=sure, uncovered=Uncovered.NO_LINK))
    certain = link_world(world, config, mode="shared", oracle=oracle)
    counts = {z.count for z in certain.summary.structural_zeros}
    assert Count.FALSE_RED_LINKS in counts
    assert Count.UNCOVERED_NO_LINK not in counts
    assert certain.summary.links.by_colour["red"] == 0  # every right conclusion is lawful


def test_same_seed_same_links(tmp_path: Path) -> None:
    oracle = constant_oracle(Conclusion.SAME_JUSTIFIED)
    config = LinkConfig(mid=MidConfig(verification=VerificationConfig(accuracy=0.5)))
    tables = []
    for name in ("a", "b"):
        world = tiny_world.build(tmp_path / name)
        result = link_world(world, config, "shared", 5, oracle=oracle)
        tables.append((result.links, result.clusters))
    assert tables[0][0].equals(tables[1][0])
    assert tables[0][1].equals(tables[1][1])


def test_siloed_mode_has_no_biometric_evidence(tmp_path: Path) -> None:
    world = tiny_world.build(tmp_path / "w")
    result = link_world(world, mode="siloed", oracle=constant_oracle(Conclusion.SAME_JUSTIFIED))
    links = result.links
    assert (links["biometric_state"] == "not_compared").all()
    assert links["biometric_score"].null_count() == links.height
    # The alias (same body, other identity) is invisible without the shared gallery.
    assert ("VIS-1", "EURODAC-1") not in set(links.select("record_id_a", "record_id_b").rows())


def test_unknown_mode_is_a_config_error(tmp_path: Path) -> None:
    world = tiny_world.build(tmp_path / "w")
    with pytest.raises(ConfigError, match="unknown search mode 'pooled'; known: shared, siloed"):
        link_world(world, mode="pooled")
    assert not open_world(world.path).has_table("mid_links")


def test_as_of_comes_from_the_manifest(tmp_path: Path) -> None:
    world = tiny_world.build(tmp_path / "w")
    assert world.as_of == tiny_world.AS_OF
    result = link_world(world)
    assert result.summary.as_of == tiny_world.AS_OF
    assert result.summary.to_json()["as_of"] == tiny_world.AS_OF.isoformat()


def test_unreported_hits_are_scored_or_counted_as_missing(tmp_path: Path) -> None:
    scored = link_world(tiny_world.build(tmp_path / "a"))
    unscored = link_world(tiny_world.build(tmp_path / "b"), LinkConfig(score_unreported_hits=False))
    # The alias pair (same body, other identity) is a hit the identity search misses.
    assert scored.summary.candidates.hits_not_reported_by_identity_search >= 1
    assert scored.summary.mid.prepared.identity_class_missing == 0
    missing = unscored.summary.mid.prepared.identity_class_missing
    assert missing == unscored.summary.candidates.hits_not_reported_by_identity_search
    alias = unscored.links.filter(pl.col("record_id_a") == "VIS-1").row(0, named=True)
    assert alias["identity_class"] == "different"
    assert alias["identity_score"] is None


def _field_names(figures: object) -> set[str]:
    return {f.name for f in dataclasses.fields(figures)}  # type: ignore[arg-type]


def test_result_json_is_plain_and_is_what_the_manifest_stores(tmp_path: Path) -> None:
    world = tiny_world.build(tmp_path / "w")
    result = link_world(world, oracle=constant_oracle(Conclusion.SAME_JUSTIFIED))
    full = result.to_json()
    assert json.loads(json.dumps(full, allow_nan=False)) == full
    summary = result.summary.to_json()
    assert json.loads(json.dumps(summary, allow_nan=False)) == summary
    assert open_world(world.path).manifest.stages["link"].summary == summary
    # The full JSON is the summary plus the verifying authorities, searches and timings.
    assert set(full) == set(summary) | {"biometric", "identity", "timings"}
    assert full["verification"] == {**summary["verification"], "authorities": ANY}  # type: ignore[dict-item]
    assert set(result.timings) == set(STEPS) | {"total"}
    assert full["timings"] == pytest.approx(dict(result.timings))


def test_summary_json_has_one_key_per_typed_figure(tmp_path: Path) -> None:
    result = link_world(tiny_world.build(tmp_path / "w"))
    s = result.summary
    out = s.to_json()
    flattened = {"links", "mid", "clusters", "candidates"}
    assert _field_names(s) - flattened <= set(out)
    assert set(out["clusters"]) == _field_names(s.clusters)  # type: ignore[arg-type]
    mid = out["mid"]
    assert isinstance(mid, dict)
    assert set(mid) == (_field_names(s.mid) | _field_names(s.mid.prepared)) - {
        "prepared",
        "links_by_basis",
        "verification",
    }
    assert set(out["verification"]) == _field_names(s.mid.verification) | {"assumption"}  # type: ignore[arg-type]
    biometric = result.to_json()["biometric"]
    assert isinstance(biometric, dict)
    assert set(biometric) == (
        _field_names(result.biometric) | _field_names(result.biometric.gallery)
    ) - {"gallery"}


def test_summary_figures_agree_with_the_tables(tmp_path: Path) -> None:
    result = link_world(tiny_world.build(tmp_path / "w"))
    s = result.summary
    assert set(s.links.by_colour) == {c.value for c in Colour}
    assert sum(s.links.by_colour.values()) == s.links.total == result.links.height
    assert sum(s.links.by_basis.values()) == s.links.total
    assert s.mid.links_created == s.mid.links + s.mid.removed_by_retention
    v = s.mid.verification
    assert v.yellow_cases == v.verified + v.pending
    assert sum(q.cases for q in v.by_authority.values()) == v.yellow_cases
    assert s.clusters.connected == result.clusters["cluster_id"].n_unique()
    assert s.records_stored == result.clusters.height
    assert s.clusters.largest_connected >= 2  # the tiny world holds linked people
    assert s.candidates.biometric_hits >= s.candidates.biometric_hits_across_systems
    assert s.candidates.mid_candidate_pairs == s.mid.prepared.candidates
    assert [p.rule for p in s.candidates.per_pass] == list(
        s.to_json()["candidate_pairs_per_pass"]  # type: ignore[arg-type]
    )
    assert all(0 <= p.new_pairs <= p.pairs for p in s.candidates.per_pass)

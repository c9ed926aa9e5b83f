"""``link_world`` on a tiny hand-built world: tables, determinism, modes, errors."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from linkage.config import LinkConfig
from linkage.mid import Conclusion, MidConfig, VerificationConfig
from linkage.pipeline import link_world
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

"""End to end: a world without any noise links every true cross-system pair, no false one."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analysis.truth import truth_oracle
from linkage.config import LinkConfig
from linkage.mid import MidConfig, VerificationConfig
from linkage.pipeline import link_world
from synth.generate import generate_world
from synth.scenario_load import load_scenario


@pytest.mark.slow
def test_no_noise_world_links_every_true_pair_and_no_false_one(tmp_path: Path) -> None:
    scenario = load_scenario(preset="no-noise", overrides={"world": {"persons": 400}})
    world = generate_world(scenario, 5, tmp_path / "w")
    perfect = MidConfig(
        verification=VerificationConfig(
            accuracy=1.0, justification_accuracy=1.0, cases_per_day=100_000
        )
    )
    result = link_world(world, LinkConfig(mid=perfect), "shared", 5, oracle=truth_oracle(world))

    records = world.table("identity_records").select(
        "record_id", "person_id", "system", "registered_on", "deleted_on"
    )
    # True pairs: one person, two systems, both still stored at the as-of date.
    stored = records.filter(pl.col("deleted_on").is_null())
    true_pairs = (
        stored.join(stored, on="person_id", suffix="_b")
        .filter(pl.col("system") != pl.col("system_b"))
        .filter(
            (pl.col("registered_on") > pl.col("registered_on_b"))
            | (
                (pl.col("registered_on") == pl.col("registered_on_b"))
                & (pl.col("record_id") > pl.col("record_id_b"))
            )
        )
        .select(record_id_a="record_id", record_id_b="record_id_b")
    )
    assert true_pairs.height > 50  # the world is big enough to mean something

    links = result.links
    same = links.join(
        records.select("record_id", pa="person_id"), left_on="record_id_a", right_on="record_id"
    ).join(records.select("record_id", pb="person_id"), left_on="record_id_b", right_on="record_id")
    white = set(
        same.filter(pl.col("colour") == "white").select("record_id_a", "record_id_b").rows()
    )
    assert white == set(true_pairs.rows())
    # No alias and no fraud in this world: nothing is red; green only between two persons.
    assert (links["colour"] != "red").all()
    assert (links["colour"] != "yellow").all()
    assert (
        same.filter(pl.col("colour") == "green")["pa"]
        != same.filter(pl.col("colour") == "green")["pb"]
    ).all()

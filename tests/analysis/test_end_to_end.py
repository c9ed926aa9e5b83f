"""End to end: a generated and linked world analysed; the figures make sense (slow)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from analysis import analyse_replicates, analyse_world, make_config
from analysis.truth import truth_oracle
from linkage.pipeline import link_world
from schemas import World
from schemas.access import ACCESS_MODEL
from synth.generate import generate_world
from synth.scenario_load import load_scenario

pytestmark = pytest.mark.slow


def _world(root: Path, seed: int) -> World:
    scenario = load_scenario(preset="small", overrides={"world": {"persons": 1500}})
    world = generate_world(scenario, seed, root / f"w{seed}")
    return link_world(world, seed=seed, oracle=truth_oracle(world)).world


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, World]:
    root = Path(tmp_path_factory.mktemp("e2e"))
    return _world(root, 1), _world(root, 2)


@pytest.fixture(scope="module")
def metrics(worlds: tuple[World, World]) -> dict[str, Any]:
    return analyse_world(worlds[0]).to_json()


def test_links_agree_with_the_truth_mostly(metrics: dict[str, Any]) -> None:
    white = metrics["pairs"]["accuracy"]["white"]["overall"]
    assert white["precision"]["value"] > 0.9
    assert white["recall"]["value"] > 0.5
    assert metrics["pairs"]["true_pairs"]["value"] > 100
    persons = metrics["persons"]
    assert persons["registered_persons"]["value"] <= persons["persons"]["value"]
    for outcome in ("wrongly_linked", "false_red", "missed"):
        assert 0 <= persons[outcome]["rate"]["value"] < 0.5


def test_every_group_rate_is_a_share(metrics: dict[str, Any]) -> None:
    assert set(metrics["groups"]) == {
        "nationality",
        "region",
        "sex",
        "age_band",
        "population_group",
    }
    for groups in metrics["groups"].values():
        for entry in groups.values():
            rate = entry["wrongly_linked"]["rate"]
            assert (
                rate["value"] is None
                or 0.0 <= rate["lower"] <= rate["value"] <= rate["upper"] <= 1.0
            )


def test_scaling_and_creep_make_sense(metrics: dict[str, Any]) -> None:
    model = metrics["scaling"]["biometric_model"]
    at_sbms = model["at_reference_sizes"]["sbms"]["fpir"]["value"]
    assert 1e-5 < at_sbms < 1e-2  # the default matcher holds about 1e-3 at 4e8 templates
    curve = [p["fpir"]["value"] for p in model["curve"]]
    assert curve == sorted(curve)
    # no sampling interval, but the band over the FMR's plausible range, said in words
    note = model["at_reference_sizes"]["sbms"]["fpir"]["note"]
    low, high = (float(x) for x in re.findall(r"searches is (\S+) to (\S+)$", note)[0])
    assert "plausible range of link.biometric.fmr" in note
    assert low < at_sbms < high
    police = metrics["creep"]["authorities"]["police_identity_check"]["identity_check"]
    assert police["creep"]["data"]["persons"]["added"]["value"] > 0
    asylum = police["regimes"]["interoperable"]["data"]["by_collected_for"]["asylum"]
    assert asylum["share_of_records"]["value"] == 1.0
    checks = metrics["queries"]["kinds"]["identity_check_registered"]["regimes"]
    assert (
        checks["interoperable"]["cross_purpose"]["value"]
        > checks["siloed"]["cross_purpose"]["value"]
    )


def test_equal_regimes_give_zero_creep(worlds: tuple[World, World]) -> None:
    config = make_config(access_model=ACCESS_MODEL.with_equal_regimes())
    data: dict[str, Any] = analyse_world(worlds[0], config).to_json()
    for entry in data["creep"]["authorities"].values():
        for purpose in entry.values():
            for measure in purpose["creep"].values():
                for fig in measure.values():
                    assert fig["added"]["value"] == 0
    for kind in data["queries"]["kinds"].values():
        assert all(f["value"] in (0, 0.0, None) for f in kind["creep"].values())


def test_determinism_and_replicates(worlds: tuple[World, World], metrics: dict[str, Any]) -> None:
    again: dict[str, Any] = analyse_world(worlds[0]).to_json()
    assert json.dumps(again) == json.dumps(metrics)
    both: dict[str, Any] = analyse_replicates(list(worlds)).to_json()
    fig = both["pairs"]["false_links"]
    assert fig["method"] == "replicate-t"
    assert fig["n"] == 2
    assert [r["seed"] for r in both["provenance"]["replicates"]] == [1, 2]

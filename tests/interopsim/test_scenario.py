"""The whole scenario: world, [link] and [analysis] in one validated, hashed file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import interopsim
from analysis.config import AnalysisConfig
from interopsim.scenario import Scenario, analysis_config, link_config
from linkage.config import ConfigSource, LinkConfig
from linkage.mid import Uncovered
from schemas.errors import ConfigError
from synth.scenario import Scenario as WorldScenario
from synth.scenario_load import scenario_dict, scenario_hash
from tests.linkage.mid import tiny_world

_FILE = """
extends = "small"

[link.mid]
uncovered = "no_link"

[link.mid.verification]
accuracy = 0.9

[link.biometric]
fmr = 1e-10

[analysis]
identity_checks_registered = 500
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_scenario_file_sets_the_link_and_analysis_sections(tmp_path: Path) -> None:
    scenario = interopsim.load_scenario(_write(tmp_path, _FILE))
    assert isinstance(scenario, Scenario)
    assert scenario.link.mid.uncovered is Uncovered.NO_LINK
    assert scenario.link.mid.verification.accuracy == 0.9
    assert scenario.link.biometric.fmr == 1e-10
    assert scenario.analysis.identity_checks_registered == 500
    # what is not set keeps its default, in every section
    assert scenario.link.biometric.fusion == LinkConfig().biometric.fusion
    assert scenario.population == interopsim.load_scenario("small").population


def test_every_bad_key_of_every_section_is_named_at_once(tmp_path: Path) -> None:
    text = _FILE + "\n[link.mid.verificaton]\nx = 1\n[link.biometric.face.impostor]\n"
    text += "cross_sex_factor = -1\n[world]\npersons = 0\n"
    with pytest.raises(ConfigError) as info:
        interopsim.load_scenario(_write(tmp_path, text))
    message = str(info.value)
    for key in (
        "link.mid.verificaton: unknown key, did you mean 'verification'?",
        "link.biometric.face.impostor.cross_sex_factor",
        "world.persons",
    ):
        assert key in message


def test_the_hash_covers_the_link_and_analysis_sections() -> None:
    base = interopsim.load_scenario("small")
    other = interopsim.load_scenario("small", overrides={"link": {"mid": {"uncovered": "no_link"}}})
    analysed = interopsim.load_scenario("small", overrides={"analysis": {"level": 0.9}})
    assert len({scenario_hash(s) for s in (base, other, analysed)}) == 3
    recorded = scenario_dict(base)
    assert {"link", "analysis", "world", "population"} <= set(recorded)
    # what the manifest records reads back as the same scenario
    assert scenario_dict(Scenario.model_validate(recorded)) == recorded


def test_a_world_scenario_gets_default_link_and_analysis_sections() -> None:
    whole = interopsim.load_scenario(WorldScenario())
    assert isinstance(whole, Scenario)
    assert scenario_dict(whole)["link"] == LinkConfig().model_dump(mode="json")
    assert whole.analysis == AnalysisConfig()


def test_weight_tables_of_the_link_section_are_replaced_whole() -> None:
    face = {"impostor": {"origin_multiplier": {"east_asia": 3.0}}}
    scenario = interopsim.load_scenario("small", overrides={"link": {"biometric": {"face": face}}})
    assert dict(scenario.link.biometric.face.impostor.origin_multiplier) == {"east_asia": 3.0}


def test_link_and_analysis_pick_the_recorded_sections(tmp_path: Path) -> None:
    sections = {
        "link": {"mid": {"verification": {"accuracy": 0.8}}},
        "analysis": {"level": 0.9},
    }
    world = tiny_world.build(tmp_path / "w", sections=sections)
    config, source = link_config(world)
    assert (config.mid.verification.accuracy, source) == (0.8, ConfigSource.SCENARIO)
    config, source = link_config(world, {"mid": {"uncovered": "no_link"}})
    assert source is ConfigSource.OVERRIDES
    assert (config.mid.verification.accuracy, config.mid.uncovered) == (0.8, Uncovered.NO_LINK)
    config, source = link_config(world, LinkConfig())
    assert (config.mid.verification.accuracy, source) == (0.95, ConfigSource.GIVEN)
    settings, source = analysis_config(world)
    assert (settings.level, source) == (0.9, ConfigSource.SCENARIO)
    bare = tiny_world.build(tmp_path / "bare")
    assert link_config(bare)[1] is ConfigSource.DEFAULTS
    assert analysis_config(bare, {"level": 0.8})[1] is ConfigSource.GIVEN


def test_the_link_stage_records_its_whole_configuration_and_its_source(tmp_path: Path) -> None:
    sections = {"link": {"mid": {"verification": {"accuracy": 0.8}}}}
    world = tiny_world.build(tmp_path / "w", sections=sections)
    linked = interopsim.link(world, seed=3)
    record = linked.world.stage("link")
    assert record is not None
    parameters = record.parameters
    assert parameters["config_source"] == "scenario"
    assert set(LinkConfig.model_fields) <= set(parameters)
    assert linked.config.mid.verification.accuracy == 0.8


def test_a_bad_recorded_section_is_a_config_error(tmp_path: Path) -> None:
    world = tiny_world.build(tmp_path / "w", sections={"link": {"mid": {"colour": "red"}}})
    with pytest.raises(ConfigError, match=r"link\.mid\.colour"):
        link_config(world)


def test_the_readmes_scenario_files_load(tmp_path: Path) -> None:
    readme = Path(__file__).resolve().parents[2] / "README.md"
    blocks = re.findall(r"```toml\n(.*?)```", readme.read_text(encoding="utf-8"), flags=re.S)
    scenarios = [b for b in blocks if "[arms" not in b]  # the others are experiment files
    assert any("[link" in b for b in scenarios)
    for block in scenarios:
        assert isinstance(interopsim.load_scenario(_write(tmp_path, block)), Scenario)


def test_the_scenario_hash_is_the_same_in_every_process() -> None:
    """Sets in the recorded scenario (the access model's) are written sorted, so the hash
    does not depend on the process's string-hash seed."""
    code = (
        "import interopsim; from synth.scenario_load import scenario_hash; "
        "print(scenario_hash(interopsim.load_scenario('small')))"
    )
    root = Path(__file__).resolve().parents[2]
    hashes = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        hashes.add(out.stdout.strip())
    assert len(hashes) == 1

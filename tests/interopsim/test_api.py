"""The Python API: one call per stage, each giving its typed result."""

from __future__ import annotations

from pathlib import Path

import pytest

import interopsim
from analysis.metrics import METRICS_FILE
from schemas.errors import ConfigError


@pytest.mark.slow
def test_four_calls_give_a_reported_world(tmp_path: Path) -> None:
    world = interopsim.generate("small", seed=3, out=tmp_path / "w", persons=400)
    assert world.seed == 3
    assert world.manifest.tables["persons"].rows == 400
    linked = interopsim.link(world, mode="siloed")
    assert linked.world.stage("link") is not None
    metrics = interopsim.analyse(linked.world)
    assert (world.path / METRICS_FILE).is_file()
    assert metrics.headline
    files = interopsim.report(linked.world)
    assert files.html.is_file()


def test_a_scenario_from_a_preset_or_a_file(tmp_path: Path) -> None:
    assert interopsim.load_scenario("small").name == "small"
    file = tmp_path / "mine.toml"
    file.write_text('extends = "small"\n[world]\npersons = 123\n', encoding="utf-8")
    assert interopsim.load_scenario(file).world.persons == 123
    with pytest.raises(ConfigError, match="did you mean 'small'"):
        interopsim.load_scenario("smal")

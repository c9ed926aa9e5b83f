"""The Python API: one call per stage, each giving its typed result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import interopsim
from analysis.metrics import Metrics
from analysis.report import Comparison, Explanation, ReportFiles
from linkage.pipeline import LinkResult
from schemas import World
from tests.analysis.report.worlds import build_linked_world
from tests.linkage.mid import tiny_world


@pytest.mark.slow
def test_four_calls_give_a_reported_world(tmp_path: Path) -> None:
    world = interopsim.generate("small", seed=3, out=tmp_path / "w", persons=400)
    assert isinstance(world, World)
    assert world.seed == 3
    assert world.manifest.tables["persons"].rows == 400
    linked = interopsim.link(world, mode="siloed")
    assert isinstance(linked, LinkResult)
    assert linked.world.stage("link") is not None
    metrics = interopsim.analyse(linked)
    assert isinstance(metrics, Metrics)
    assert interopsim.metrics_path(world).is_file()
    assert metrics.headline
    # the whole scenario's [link] and [analysis] sections do not hide the population model
    assert "link" in world.manifest.scenario
    assert metrics.scaling.identity_virtual is not None
    files = interopsim.report(linked)
    assert isinstance(files, ReportFiles)
    assert files.html.is_file()


@pytest.mark.slow
def test_run_is_the_four_calls_moved_into_place(tmp_path: Path) -> None:
    out = tmp_path / "w"
    result = interopsim.run("small", seed=3, out=out, persons=300, mode="siloed")
    assert isinstance(result, interopsim.RunResult)
    assert result.world.path == out
    assert result.link.world.path == out
    assert result.report.html == out / "report" / "index.html"
    assert result.report.html.is_file()
    assert set(result.timings) == {"generate", "link", "analyse", "report", "total"}
    summary = result.to_json()
    assert json.loads(json.dumps(summary, allow_nan=False)) == summary
    assert summary["mode"] == "siloed"
    assert summary["persons"] == 300
    stored = json.loads(interopsim.metrics_path(out).read_text(encoding="utf-8"))
    assert stored["provenance"]["world_path"] == str(out.resolve())
    assert [p.name for p in tmp_path.iterdir()] == ["w"]


def test_a_world_is_any_of_its_forms_and_is_read_afresh(tmp_path: Path) -> None:
    world = tiny_world.build(tmp_path / "w")
    linked = interopsim.link(str(world.path), seed=3)
    assert not world.has_table("mid_links")  # the object the caller holds is unchanged
    for form in (world, world.path, str(world.path), linked):
        assert interopsim.open_world(form).has_table("mid_links")
    assert interopsim.metrics_path(linked) == world.path / "report" / "metrics.json"


def test_configs_are_models_or_mappings_checked_key_by_key(tmp_path: Path) -> None:
    world = tiny_world.build(tmp_path / "w")
    with pytest.raises(interopsim.ConfigError, match=r"mid\.colour_rulez: unknown key"):
        interopsim.link(world, config={"mid": {"colour_rulez": {}}})
    assert not interopsim.open_world(world).has_table("mid_links")
    with pytest.raises(interopsim.ConfigError, match="identity_checks_registered"):
        interopsim.analyse(world, config={"identity_checks_registered": -1})
    with pytest.raises(interopsim.ConfigError, match="unknown search mode 'cloud'"):
        interopsim.link(world, mode="cloud")


def test_analyse_explain_compare_on_a_linked_world(tmp_path: Path) -> None:
    shared = build_linked_world(tmp_path / "shared")
    siloed = build_linked_world(tmp_path / "siloed", mode="siloed")
    elsewhere = tmp_path / "figures.json"
    metrics = interopsim.analyse(shared, config={"identity_checks_registered": 2}, out=elsewhere)
    assert json.loads(elsewhere.read_text(encoding="utf-8")) == metrics.to_json()
    assert not interopsim.metrics_path(shared).exists()
    interopsim.analyse(shared)
    interopsim.analyse(siloed, write=True)
    story = interopsim.explain(shared, person=1)
    assert isinstance(story, Explanation)
    assert story.kind == "person"
    assert interopsim.explain(shared, record="VIS-002").kind == "record"
    comparison = interopsim.compare(shared, siloed.path)
    assert isinstance(comparison, Comparison)
    assert comparison.same_population


@pytest.mark.parametrize("given", [{}, {"person": 1, "record": "VIS-002"}])
def test_explain_needs_exactly_one_subject(tmp_path: Path, given: dict[str, object]) -> None:
    with pytest.raises(interopsim.ConfigError, match="exactly one"):
        interopsim.explain(tmp_path, **given)  # type: ignore[arg-type]


def test_a_scenario_from_a_preset_or_a_file(tmp_path: Path) -> None:
    assert interopsim.load_scenario("small").name == "small"
    assert interopsim.load_scenario("small", persons=77).world.persons == 77
    file = tmp_path / "mine.toml"
    file.write_text('extends = "small"\n[world]\npersons = 123\n', encoding="utf-8")
    assert interopsim.load_scenario(file).world.persons == 123
    assert interopsim.load_scenario(str(file), persons=5).world.persons == 5
    with pytest.raises(interopsim.ConfigError, match="did you mean 'small'"):
        interopsim.load_scenario("smal")
    with pytest.raises(interopsim.ConfigError, match=r"cannot read scenario file nope\.toml"):
        interopsim.load_scenario("nope.toml")
    built = interopsim.load_scenario("small")
    assert interopsim.load_scenario(built) is built
    with pytest.raises(interopsim.ConfigError, match="not a Scenario"):
        interopsim.load_scenario(built, persons=3)


def test_presets_name_and_describe_every_preset() -> None:
    presets = interopsim.presets()
    assert {"default", "small"} <= set(presets)
    assert all(presets.values())

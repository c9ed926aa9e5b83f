"""From metrics.json to the report model, on a hand-built world whose answers are known."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analysis import read_metrics
from analysis.metrics import METRICS_FILE, analyse_replicates
from analysis.report import load_model, render_report, size_warnings
from analysis.report import render as render_module
from analysis.report.extract import FIGURE_GROUP_DIMS, model_from_metrics
from schemas import WorldError, open_world
from schemas.access import ACCESS_MODEL
from tests.analysis.report.worlds import build_analysed_world, build_linked_world


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analysed_world(tmp_path_factory.mktemp("extract") / "w").path


def _metrics(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((path / METRICS_FILE).read_text(encoding="utf-8"))
    return data


def test_headline_rows_carry_the_metrics_figures(analysed: Path) -> None:
    model = load_model(analysed)
    metrics = read_metrics(analysed / METRICS_FILE)
    rows = {r.key: r for r in model.headline}
    for key, fig in metrics.headline.items():
        if fig.estimate.value is None:
            assert key not in rows
            continue
        assert rows[key].label == fig.label
        assert rows[key].estimate == fig.estimate  # the analysis' estimate, carried unchanged
    assert rows["persons"].estimate.value == 6
    assert rows["records"].estimate.value == 10
    assert rows["persons_wrongly_linked"].estimate.value == 4  # persons 1, 2, 3, 4


def test_link_colours_match_the_world(analysed: Path) -> None:
    colours = {c.colour: c for c in load_model(analysed).colours}
    assert colours["white"].total == 2
    assert (colours["white"].same_person, colours["white"].different_persons) == (1, 1)
    assert (colours["red"].total, colours["red"].different_persons) == (1, 1)
    assert (colours["yellow"].total, colours["yellow"].same_person) == (1, 1)
    assert colours["green"].total == 0


def test_groups_scaling_and_reachability(analysed: Path) -> None:
    model = load_model(analysed)
    dims = {g.dimension for g in model.groups}
    assert set(FIGURE_GROUP_DIMS) <= dims
    assert all(g.in_figure == (g.dimension in FIGURE_GROUP_DIMS) for g in model.groups)
    for g in model.groups:
        assert g.estimate.value is not None
        assert 0.0 <= g.estimate.value <= 1.0
        if g.estimate.has_interval:
            assert g.estimate.lower is not None
            assert g.estimate.upper is not None
            assert g.estimate.lower <= g.estimate.value <= g.estimate.upper
        assert g.disparity is not None  # the overall rate is not zero in this world

    curves = {c.key: c for c in model.scaling}
    assert set(curves) <= {"mechanisms", "biometric", "identity"}
    for curve in curves.values():
        assert "domain.md" not in curve.formula
        assert all(p.gallery_size > 0 for p in (*curve.points, *curve.model))
        extrapolated = [p for p in (*curve.points, *curve.model) if p.extrapolated]
        simulated = [p for p in (*curve.points, *curve.model) if not p.extrapolated]
        if extrapolated and simulated:
            assert max(p.gallery_size for p in simulated) < min(
                p.gallery_size for p in extrapolated
            )
    bio = curves.get("biometric")
    if bio is not None:
        assert 4e8 in [size for _, size in bio.reference_sizes]

    reach = model.reachability
    assert reach is not None
    assert len(reach.authorities) == len(ACCESS_MODEL.pairs())
    assert len(reach.purposes) == 6
    # The interoperable rules are the siloed rules plus additions: reach never shrinks.
    for sil_row, int_row in zip(reach.siloed, reach.interoperable, strict=True):
        for s, i in zip(sil_row, int_row, strict=True):
            assert (s is None) == (i is None)
            if s is not None and i is not None:
                assert 0.0 <= s <= i <= 1.0


def test_assumptions_and_citation(analysed: Path) -> None:
    model = load_model(analysed)
    metrics = _metrics(analysed)
    assert [a.key for a in model.assumptions] == [a["key"] for a in metrics["assumptions"]]
    assert all(a.source for a in model.assumptions)
    c = model.citation
    digest = open_world(analysed).scenario_hash
    assert (c.seed, c.scenario, c.scenario_hash, c.mode) == (7, "hand-built", digest, "shared")
    assert c.version == metrics["provenance"]["interopsim_version"]
    assert "--seed 7" in c.command
    assert f"--scenario <scenario file with hash {digest[:12]}>" in c.command  # not a preset


def test_a_relinked_world_cites_its_link_seed(tmp_path: Path) -> None:
    path = build_analysed_world(tmp_path / "w", seed=7, link_seed=8).path
    c = load_model(path).citation
    assert (c.seed, c.link_seed) == (7, 8)
    assert c.seed_text == "seed 7, link seed 8"
    assert "generate --scenario" in c.command
    assert "--seed 7 --out DIR" in c.command
    assert "interopsim link DIR --mode shared --seed 8" in c.command  # reproduces the links


def test_a_replicate_report_names_every_world(tmp_path: Path) -> None:
    worlds = [build_linked_world(tmp_path / f"w{s}", seed=s) for s in (7, 9)]
    metrics = analyse_replicates(worlds)
    model = model_from_metrics(metrics, worlds[0].manifest)
    c = model.citation
    assert c.seeds == (7, 9)
    assert c.replicated
    assert c.seed_text == "seeds 7, 9 (2 replicate worlds)"
    assert "Student-t" in c.intervals
    assert "Wilson" not in c.intervals
    assert "--seed 7 --mode shared --out DIR7" in c.command
    assert "--replicate DIR9" in c.command
    for g in model.groups:  # the persons of each group, not the number of replicates
        figures = metrics.groups[g.dimension][g.group]
        assert g.persons == figures.persons.value
    assert model.summary is not None
    assert model.summary.sentences[0].startswith("Averaged over 2 simulated worlds")


def test_small_worlds_warn(analysed: Path) -> None:
    metrics = read_metrics(analysed / METRICS_FILE)
    (warning,) = size_warnings(metrics)
    assert "too small" in warning
    assert "--persons 20000" in warning
    assert load_model(analysed).warnings == (warning,)


def test_report_of_an_analysed_world(analysed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_module, "draw_all", lambda model: [])  # figures: test_render
    files = render_report(analysed)
    assert files.html == analysed / "report" / "index.html"
    html = files.html.read_text(encoding="utf-8")
    assert open_world(analysed).scenario_hash in html
    assert (analysed / METRICS_FILE).is_file()  # the metrics stay next to the report


def test_world_without_metrics(tmp_path: Path) -> None:
    world = build_linked_world(tmp_path / "w")
    with pytest.raises(WorldError, match="run `interopsim analyse"):
        load_model(world.path)
    assert not (world.path / "report").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "corrupt"), ('{"schema": "something-else"}', "not an interopsim metrics")],
)
def test_bad_metrics_file(tmp_path: Path, content: str, message: str) -> None:
    world = build_linked_world(tmp_path / "w")
    (world.path / METRICS_FILE).parent.mkdir()
    (world.path / METRICS_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(WorldError, match=message):
        read_metrics(world.path / METRICS_FILE)
    with pytest.raises(WorldError, match=message):
        load_model(world.path)


def test_not_a_world(tmp_path: Path) -> None:
    with pytest.raises(WorldError, match="not a world directory"):
        load_model(tmp_path / "nothing")


def test_a_file_that_extends_a_preset_is_not_cited_as_the_preset() -> None:
    from analysis.report.cite import _is_preset
    from synth.scenario_load import load_scenario, scenario_hash

    preset = scenario_hash(load_scenario(preset="small", overrides={"world": {"persons": 300}}))
    assert _is_preset("small", 300, preset)
    assert not _is_preset("small", 301, preset)  # same name, another scenario
    assert not _is_preset("hand-built", 6, preset)

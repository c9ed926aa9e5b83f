"""The assumptions behind the figures: every parameter with its value, source and tag."""

from __future__ import annotations

from analysis import AnalysisConfig, make_config
from analysis.assumptions import analysis_assumptions, link_assumptions, scenario_assumptions
from analysis.linkrun import LinkRun
from linkage.biometric import BiometricConfig
from linkage.config import LinkConfig
from linkage.mid import MidConfig
from schemas.provenance import Tag, parameters

_RESOLVED = ((15.0, "assumption"), (BiometricConfig(), "defaults"))


def test_every_analysis_parameter_is_listed_with_its_provenance() -> None:
    rows = analysis_assumptions(AnalysisConfig(), *_RESOLVED)
    keys = [r.key for r in rows]
    assert keys == [f"analysis.{name}" for name in AnalysisConfig.model_fields]
    assert all(r.tag is not None for r in rows)
    assert not any(r.changed for r in rows)
    by_key = {r.key: r for r in rows}
    assert by_key["analysis.identity_checks_registered"].tag is Tag.ASSUMPTION
    assert by_key["analysis.level"].tag is Tag.METHOD
    assert by_key["analysis.sbms_templates"].source.startswith("S [@")
    # the two parameters that default to the link stage's values are given as resolved
    assert by_key["analysis.verification_minutes"].value == 15.0
    assert by_key["analysis.biometric"].value == "fmr=2.50125e-12, fusion=sum"


def test_a_value_set_by_the_run_says_so() -> None:
    rows = {r.key: r for r in analysis_assumptions(make_config(level=0.9), *_RESOLVED)}
    assert rows["analysis.level"].changed
    assert rows["analysis.level"].source.startswith("set by this analysis run")
    assert "conventional 95 %" in rows["analysis.level"].source  # the default's source


def test_link_rows_compare_with_the_link_models_defaults() -> None:
    mid = MidConfig().model_dump(mode="json")
    bio = BiometricConfig().model_dump(mode="json")
    rows = link_assumptions(LinkRun({"mode": "shared", "biometric": bio, "mid": mid}, {}))
    keys = {r.key for r in rows}
    assert {"link.mode", "link.biometric.fmr", "link.mid.verification.accuracy"} <= keys
    # per-modality score models come from factories: an unmodified run changes nothing
    assert not any(r.changed for r in rows)
    bio["fmr"] = 1e-9
    rows = link_assumptions(LinkRun({"biometric": bio}, {}))
    assert [r.key for r in rows if r.changed] == ["link.biometric.fmr"]


def test_link_rows_of_another_version_keep_their_values() -> None:
    rows = link_assumptions(LinkRun({"mid": {"not_a_field": 1}, "seed": 3}, {}))
    assert {(r.key, r.value) for r in rows} == {("link.mid.not_a_field", 1), ("link.seed", 3)}
    by_key = {r.key: r for r in rows}
    assert "manifest" in by_key["link.mid.not_a_field"].source
    assert by_key["link.seed"].tag is Tag.METHOD  # an option of the run, not an assumption


def test_link_values_the_scenario_set_are_credited_to_it() -> None:
    """A value the scenario's [link] section holds says 'set by this scenario'; one the
    run changed on top of it says 'set by the link run'; a scalar setting has a source."""
    recorded = LinkConfig.model_validate(
        {"mid": {"verification": {"accuracy": 0.9, "minutes_per_case": 20.0}}}
    ).model_dump(mode="json")
    scenario = {p.key: p.value for p in parameters(LinkConfig.model_validate(recorded))}
    recorded["mid"]["verification"]["minutes_per_case"] = 30.0
    rows = {r.key: r for r in link_assumptions(LinkRun(recorded, {}), scenario)}
    accuracy = rows["link.mid.verification.accuracy"]
    assert accuracy.changed
    assert accuracy.source.startswith("set by this scenario")
    assert rows["link.mid.verification.minutes_per_case"].source.startswith("set by the link run")
    assert not rows["link.mid.uncovered"].changed
    assert rows["link.mid.uncovered"].tag is Tag.VERIFIED
    assert rows["link.score_unreported_hits"].tag is Tag.METHOD
    assert "config_source" not in {r.key.removeprefix("link.") for r in rows.values()}


def test_scenario_rows_follow_the_recorded_scenario() -> None:
    rows = scenario_assumptions({"name": "hand-built", "world": {"persons": 6}})
    changed = [r for r in rows if r.changed]
    assert [r.key for r in changed] == ["scenario.name", "scenario.world.persons"]
    assert all(r.source.startswith("set by this scenario") for r in changed)
    assert all(r.tag is not None for r in rows if not r.changed)

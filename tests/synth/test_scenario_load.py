"""The scenario loader is generic: a scenario class that adds sections reuses it unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest

from schemas import ConfigError
from schemas.config import StrictModel
from schemas.provenance import assumed, method, sourced
from synth.scenario import Scenario
from synth.scenario_load import load_scenario, scenario_dict, scenario_from_dict
from synth.scenario_sources import scenario_parameters


class LinkSection(StrictModel):
    """Stands in for a linkage layer's section."""

    threshold: float = sourced(0.8, assumed("a test threshold"), ge=0.0, le=1.0)
    weights: dict[str, float] = sourced(
        provenance=assumed("test weights"), default_factory=lambda: {"a": 1.0, "b": 2.0}
    )


class AnalysisSection(StrictModel):
    """Stands in for an analysis layer's section."""

    confidence: float = sourced(0.95, method("confidence level"), gt=0.0, lt=1.0)


class Composite(Scenario):
    """A scenario with two more sections, as a higher layer would define it."""

    replaced_tables: ClassVar[tuple[str, ...]] = (*Scenario.replaced_tables, "link.weights")

    link: LinkSection = LinkSection()
    analysis: AnalysisSection = AnalysisSection()


def test_presets_load_into_the_subclass_with_its_defaults() -> None:
    scenario = load_scenario(preset="small", model=Composite)
    assert isinstance(scenario, Composite)
    assert scenario.world.persons == 2000
    assert scenario.link.threshold == 0.8
    # Its synth part is exactly what the base loader makes of the preset.
    base = scenario_dict(load_scenario(preset="small"))
    assert {k: v for k, v in scenario_dict(scenario).items() if k in base} == base


def test_a_file_sets_every_section_and_extends_a_preset(tmp_path: Path) -> None:
    path = tmp_path / "study.toml"
    path.write_text(
        'extends = "no-noise"\n[world]\npersons = 50\n[link]\nthreshold = 0.6\n'
        "[link.weights]\nc = 3.0\n[analysis]\nconfidence = 0.9\n",
        encoding="utf-8",
    )
    scenario = load_scenario(path, model=Composite, overrides={"link": {"threshold": 0.7}})
    assert scenario.name == "study"
    assert scenario.world.persons == 50
    assert scenario.population.lookalike_share == 0.0  # from no-noise
    assert scenario.link.threshold == 0.7  # overrides come last
    assert scenario.link.weights == {"c": 3.0}  # a replaced table, listed by the subclass
    assert scenario.analysis.confidence == 0.9


def test_problems_in_every_section_are_reported_at_once() -> None:
    with pytest.raises(ConfigError) as info:
        scenario_from_dict(
            {"world": {"persons": 0}, "link": {"treshold": 0.5}, "analysis": {"confidence": 2}},
            model=Composite,
        )
    message = str(info.value)
    assert "world.persons: 0 is not allowed" in message
    assert "link.treshold: unknown key, did you mean 'threshold'?" in message
    assert "analysis.confidence: 2 is not allowed" in message


def test_the_base_model_refuses_the_sections_it_does_not_have(tmp_path: Path) -> None:
    path = tmp_path / "study.toml"
    path.write_text("[link]\nthreshold = 0.6\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="link: unknown key"):
        load_scenario(path)


def test_parameters_of_added_sections_carry_their_provenance() -> None:
    by_key = {p.key: p for p in scenario_parameters(load_scenario(model=Composite))}
    assert by_key["link.threshold"].provenance == assumed("a test threshold")
    assert by_key["link.weights.b"].value == 2.0
    assert "analysis.confidence" in by_key
    assert "population.lookalike_share" in by_key


def test_round_trip_through_the_manifest_form() -> None:
    scenario = load_scenario(
        preset="small", model=Composite, overrides={"link": {"threshold": 0.1}}
    )
    again = scenario_from_dict(scenario_dict(scenario), model=Composite)
    assert again == scenario

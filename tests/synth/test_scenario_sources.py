"""Every scenario parameter states where its default comes from, as field metadata."""

from __future__ import annotations

from typing import Any

import pytest

from schemas.bibliography import unresolved
from schemas.provenance import Tag
from synth.corruption import NOISE_BY_KEY, NoiseType
from synth.scenario import Scenario
from synth.scenario_load import load_scenario, scenario_dict
from synth.scenario_sources import scenario_parameters, source_text


def _leaves(prefix: str, node: Any, out: set[str]) -> set[str]:
    if isinstance(node, dict) and node:
        for key, value in node.items():
            _leaves(f"{prefix}.{key}" if prefix else str(key), value, out)
    else:
        out.add(prefix)
    return out


def test_every_leaf_of_the_default_scenario_is_a_parameter_with_a_provenance() -> None:
    scenario = load_scenario(preset="default")
    found = scenario_parameters(scenario)
    assert {p.key for p in found} == _leaves("", scenario_dict(scenario), set())
    missing = [p.key for p in found if p.provenance is None]
    assert not missing, missing


def test_every_provenance_says_why_and_cites_what_it_claims() -> None:
    for p in scenario_parameters(Scenario()):
        assert p.provenance is not None
        assert p.provenance.note, p.key
        assert "§" not in p.provenance.note, p.key  # sources are bibliography keys
        if p.provenance.tag not in (Tag.ASSUMPTION, Tag.METHOD):
            assert p.provenance.sources, p.key


def test_every_cited_source_is_in_the_bibliography() -> None:
    # Fails only while an entry of /schemas/bibliography.toml is still to be written.
    cited = {key for p in scenario_parameters(Scenario()) for key in p.provenance.sources}  # type: ignore[union-attr]
    assert cited
    assert unresolved(cited) == []


def test_the_default_preset_changes_no_parameter() -> None:
    labels = ("name", "description")
    changed = [p.key for p in scenario_parameters(load_scenario(preset="default")) if p.changed]
    assert [k for k in changed if k not in labels] == []


def test_a_changed_value_is_attributed_to_the_scenario() -> None:
    scenario = load_scenario(
        preset="small",
        overrides={
            "journeys": {"vis_refusal_rate": 0.3},
            "sis": {"alert_rate": {"overstayer": 0.1}},
        },
    )
    by_key = {p.key: p for p in scenario_parameters(scenario)}
    refusal = by_key["journeys.vis_refusal_rate"]
    assert refusal.changed
    assert source_text(refusal).startswith("set by this scenario (default 0.148: S [@")
    assert "dghome-2024-visa-statistics" in source_text(refusal)
    # A table is attributed entry by entry.
    assert by_key["sis.alert_rate.overstayer"].changed
    assert not by_key["sis.alert_rate.visa_required"].changed
    unchanged = by_key["journeys.entry_refusal_rate"]
    assert source_text(unchanged) == unchanged.provenance.label()  # type: ignore[union-attr]


def test_system_rules_cite_each_system_s_own_source() -> None:
    by_key = {p.key: p for p in scenario_parameters(Scenario())}
    eurodac = by_key["systems.EURODAC.fingerprint_min_age"]
    assert eurodac.value == 6
    assert eurodac.provenance is not None
    assert eurodac.provenance.sources == ("eu-2024-1358",)
    assert by_key["systems.EES.fingerprint_min_age"].provenance.sources == ("eu-2017-2226",)  # type: ignore[union-attr]
    assert by_key["systems.SIS.fingerprint_min_age"].provenance.tag is Tag.ASSUMPTION  # type: ignore[union-attr]
    older = load_scenario(preset="eurodac-age-14")
    changed = {p.key: p for p in scenario_parameters(older)}["systems.EURODAC.fingerprint_min_age"]
    assert changed.changed
    assert source_text(changed).startswith("set by this scenario (default 6: V [@eu-2024-1358]")


@pytest.mark.parametrize("noise", list(NoiseType), ids=lambda n: n.value)
def test_noise_rates_carry_the_registry_s_provenance(noise: NoiseType) -> None:
    by_key = {p.key: p for p in scenario_parameters(Scenario())}
    rate = by_key[f"noise.rates.{noise.value}"]
    assert rate.value == NOISE_BY_KEY[noise].default_rate
    assert rate.provenance == NOISE_BY_KEY[noise].provenance

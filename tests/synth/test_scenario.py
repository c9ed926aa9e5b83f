"""Scenarios: presets, TOML files, merging and error messages that name the key."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import ConfigError, SystemKey
from synth.corruption import NoiseType
from synth.groups import GROUPS, PopulationGroup
from synth.nationalities import NATIONALITY_BY_CODE
from synth.records import SYSTEM_ORDER, noise_rates
from synth.scenario import Scenario
from synth.scenario_load import (
    list_presets,
    load_scenario,
    preset_names,
    scenario_dict,
    scenario_from_dict,
    scenario_hash,
    scenario_schema,
)


def _error(data: dict[str, object]) -> str:
    with pytest.raises(ConfigError) as info:
        scenario_from_dict(data)
    return str(info.value)


def test_presets_load_and_describe_themselves() -> None:
    names = preset_names()
    assert {"default", "no-noise", "small", "eurodac-age-6", "eurodac-age-14"} <= set(names)
    for entry in list_presets():
        assert entry["description"], entry
        assert "\n" not in entry["description"]
        scenario = load_scenario(preset=entry["name"])
        assert scenario.name == entry["name"]


def test_default_preset_is_the_builtin_defaults() -> None:
    default = load_scenario(preset="default")
    assert default.world == Scenario().world
    assert default.noise == Scenario().noise
    assert default.world.persons == 100_000


def test_eurodac_age_presets_differ_only_in_the_age_rule() -> None:
    six = scenario_dict(load_scenario(preset="eurodac-age-6"))
    fourteen = scenario_dict(load_scenario(preset="eurodac-age-14"))
    diff = {
        k
        for k in six["systems"]["EURODAC"]
        if six["systems"]["EURODAC"][k] != fourteen["systems"]["EURODAC"][k]
    }
    assert diff == {"fingerprint_min_age", "face_min_age"}
    for key in ("name", "description", "systems"):
        six.pop(key)
        fourteen.pop(key)
    assert six == fourteen


def test_no_noise_makes_every_rate_zero() -> None:
    scenario = load_scenario(preset="no-noise")
    groups = np.repeat([g.code for g in GROUPS], len(SYSTEM_ORDER))
    systems = np.tile(np.arange(len(SYSTEM_ORDER)), len(GROUPS))
    rates = noise_rates(scenario, groups, systems)
    assert set(rates) == set(NoiseType)
    assert all(float(r.max()) == 0.0 for r in rates.values())
    assert all(v == 0 for v in scenario.fraud.alias_rate.values())
    assert all(v == 0 for v in scenario.fraud.fraudulent_document_rate.values())
    assert all(scenario.systems.of(k).duplicate_rate == 0 for k in SystemKey)
    assert scenario.captures.fingerprint_failure.child == 0
    assert scenario.population.lookalike_share == 0


def test_unknown_key_is_named_with_a_suggestion() -> None:
    message = _error({"world": {"persons": 10, "person": 3}})
    assert "world.person: unknown key, did you mean 'persons'?" in message
    assert "allowed keys: persons, as_of, period_start" in message


def test_every_problem_is_reported_at_once() -> None:
    message = _error(
        {
            "world": {"persons": 0},
            "population": {"group_shares": {"asylum": 1.0}},
            "noise": {"rates": {"keyboard_typo": 2.0}},
            "systems": {"VIS": {"fingerprint_min_age": -1}},
        }
    )
    assert "world.persons: 0 is not allowed" in message
    assert "population.group_shares.asylum: unknown key, did you mean 'asylum_applicant'" in message
    assert "noise.rates.keyboard_typo: 2.0 is not allowed" in message
    assert "systems.VIS.fingerprint_min_age: -1 is not allowed" in message
    assert "\n" not in message


def test_cross_field_problems_name_both_keys() -> None:
    message = _error(
        {
            "world": {"period_start": "2027-01-01"},
            "systems": {"EURODAC": {"fingerprint_min_age": 20, "fingerprint_max_age": 10}},
            "sis": {"alert_rate": {"eu_resident": 0.5}},
        }
    )
    assert "world.period_start: '2027-01-01' is not allowed: must be before as_of" in message
    assert "systems.EURODAC.fingerprint_min_age: 20 is not allowed: must be <=" in message
    assert "sis.alert_rate.eu_resident: 0.5 is not allowed" in message


def test_cross_field_problems_come_with_the_other_problems() -> None:
    message = _error(
        {
            "world": {"persons": 0},
            "journeys": {"stay_days_min": 80, "stay_days_max": 10},
            "captures": {"child_max_age": 70},
        }
    )
    assert "world.persons: 0 is not allowed" in message
    assert "journeys.stay_days_min: 80 is not allowed: must be <= stay_days_max (10)" in message
    assert "captures.child_max_age: 70 is not allowed: must be < elderly_min_age (65)" in message


def test_weights_must_not_all_be_zero() -> None:
    message = _error({"ecris": {"offence_weights": {"property": 0.0}}})
    assert "ecris.offence_weights: {'property': 0.0} is not allowed" in message
    assert "positive sum" in message


def test_nationality_must_exist_and_fit_the_group() -> None:
    visa_required = next(c for c, n in NATIONALITY_BY_CODE.items() if n.visa_required)
    message = _error(
        {"population": {"nationality_weights": {"visa_exempt": {visa_required: 1, "XXX": 1}}}}
    )
    assert "population.nationality_weights.visa_exempt.XXX" in message
    assert "unknown nationality code" in message
    # The eligibility check runs once the codes themselves are valid.
    message = _error({"population": {"nationality_weights": {"visa_exempt": {visa_required: 1}}}})
    assert f"population.nationality_weights.visa_exempt.{visa_required}" in message
    assert "visa-exempt" in message


def test_weight_tables_are_replaced_not_merged() -> None:
    code = next(c for c, n in NATIONALITY_BY_CODE.items() if not n.member_state)
    scenario = scenario_from_dict(
        {"population": {"nationality_weights": {"asylum_applicant": {code: 1.0}}}}
    )
    assert scenario.population.nationality_weights[PopulationGroup.ASYLUM_APPLICANT] == {code: 1.0}
    # Other tables still merge key by key.
    shares = scenario_from_dict({"population": {"group_shares": {"overstayer": 0.5}}})
    assert shares.population.group_shares[PopulationGroup.OVERSTAYER] == 0.5
    assert shares.population.group_shares[PopulationGroup.VISA_EXEMPT] > 0


def test_groups_without_weights_draw_from_every_eligible_nationality() -> None:
    scenario = load_scenario(preset="default")
    weights = scenario.population.nationality_weights[PopulationGroup.UNREGISTERED]
    third = {c for c, n in NATIONALITY_BY_CODE.items() if not n.member_state}
    assert set(weights) == third


def test_unknown_preset_suggests_the_closest(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown preset 'no-nose'; did you mean 'no-noise'"):
        load_scenario(preset="no-nose")


def test_scenario_file_extends_a_preset_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('extends = "no-noise"\n[world]\npersons = 123\n', encoding="utf-8")
    scenario = load_scenario(path, overrides={"world": {"as_of": "2026-01-31"}})
    assert scenario.name == "mine"
    assert scenario.world.persons == 123
    assert str(scenario.world.as_of) == "2026-01-31"
    assert scenario.population.lookalike_share == 0.0  # from no-noise


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[world\npersons = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml is not valid TOML"):
        load_scenario(path)
    with pytest.raises(ConfigError, match="cannot read scenario file"):
        load_scenario(tmp_path / "missing.toml")


def test_bad_key_in_a_file_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text("[journeys]\nvis_refusal_rat = 0.2\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_scenario(path)
    message = str(info.value)
    assert "typo.toml" in message
    assert "journeys.vis_refusal_rat: unknown key, did you mean 'vis_refusal_rate'?" in message


def test_resolved_scenario_round_trips_and_hashes_stably() -> None:
    scenario = load_scenario(preset="small")
    again = scenario_from_dict(scenario_dict(scenario))
    assert again == scenario
    assert scenario_hash(again) == scenario_hash(scenario)
    other = load_scenario(preset="small", overrides={"journeys": {"vis_refusal_rate": 0.2}})
    assert scenario_hash(other) != scenario_hash(scenario)
    assert len(scenario_hash(scenario)) == 64


@settings(max_examples=30, deadline=None)
@given(
    persons=st.integers(min_value=1, max_value=10**6),
    rate=st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
    system=st.sampled_from(list(SystemKey)),
)
def test_valid_values_are_accepted(persons: int, rate: float, system: SystemKey) -> None:
    scenario = scenario_from_dict(
        {
            "world": {"persons": persons},
            "systems": {system.value: {"duplicate_rate": rate}},
            "noise": {"rates": {"ocr_error": rate}},
        }
    )
    assert scenario.world.persons == persons
    assert scenario.systems.of(system).duplicate_rate == rate
    assert scenario.noise.rates[NoiseType.OCR_ERROR] == rate


@settings(max_examples=30, deadline=None)
@given(
    rate=st.one_of(
        st.floats(min_value=1.0001, max_value=1e6), st.floats(max_value=-0.0001, min_value=-1e6)
    ),
    group=st.sampled_from([g.key.value for g in GROUPS]),
)
def test_probabilities_outside_0_1_are_refused(rate: float, group: str) -> None:
    message = _error({"fraud": {"alias_rate": {group: rate}}})
    assert f"fraud.alias_rate.{group}: {rate!r} is not allowed" in message


def test_json_schema_lists_every_section() -> None:
    schema = scenario_schema()
    assert set(schema["properties"]) == set(Scenario.model_fields)
    assert schema["additionalProperties"] is False


#: A weight table in a scenario, with one weight set to ``value``, and the key it is at.
_WEIGHTS: dict[str, Callable[[float], dict[str, object]]] = {
    "population.group_shares.visa_required": lambda v: {
        "population": {"group_shares": {"visa_required": v}}
    },
    "population.family_size_weights.0": lambda v: {"population": {"family_size_weights": [v, 1.0]}},
    "ecris.offence_weights.property": lambda v: {"ecris": {"offence_weights": {"property": v}}},
}


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 1e300])
@pytest.mark.parametrize("key", sorted(_WEIGHTS))
def test_weights_must_be_finite_and_bounded(key: str, value: float) -> None:
    """inf, NaN or a weight whose table sum overflows is refused at load time, key named."""
    assert f"{key}: " in _error(_WEIGHTS[key](value))


@pytest.mark.parametrize(
    ("section", "key"),
    [("population", "passport_validity_years"), ("journeys", "etias_validity_years")],
)
@pytest.mark.parametrize("years", [1e-9, 0.001])
def test_validities_too_short_to_count_in_days_are_refused(
    section: str, key: str, years: float
) -> None:
    message = _error({section: {key: years}})
    assert f"{section}.{key}: {years!r} is not allowed" in message


def test_the_period_is_at_most_fifty_years() -> None:
    message = _error({"world": {"period_start": "1900-01-01", "as_of": "2026-06-30"}})
    assert "world.period_start: '1900-01-01' is not allowed" in message
    assert "at most 50 years before as_of" in message
    scenario_from_dict({"world": {"period_start": "1980-01-01", "as_of": "2026-06-30"}})

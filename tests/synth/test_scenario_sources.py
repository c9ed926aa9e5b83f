"""Every scenario default carries its source, read from the comment beside it."""

from __future__ import annotations

from synth.scenario_sources import default_scenario_values, field_sources, source_of

NOT_PARAMETERS = {"name", "description"}


def test_every_default_parameter_has_a_source() -> None:
    defaults = default_scenario_values()
    unsourced = [
        path
        for path, value in defaults.items()
        if path not in NOT_PARAMETERS and source_of(path, value).startswith("default of")
    ]
    assert not unsourced, unsourced


def test_sources_cite_domain_or_say_assumption() -> None:
    for path, text in field_sources().items():
        lowered = source_of(path, None).lower() if path.startswith("systems.") else text.lower()
        assert any(
            word in lowered
            for word in ("domain.md", "§", "assumption", "design.md", "schemas", "synth.corruption")
        ), (path, text)


def test_a_changed_value_is_attributed_to_the_scenario() -> None:
    assert source_of("journeys.vis_refusal_rate", 0.148).startswith("domain.md §1.2")
    changed = source_of("journeys.vis_refusal_rate", 0.3)
    assert changed.startswith("set by this scenario")
    assert "§1.2" in changed


def test_system_rules_come_from_the_registry() -> None:
    assert "Eurodac 2024 Art. 14" in source_of("systems.EURODAC.fingerprint_min_age", 6)
    assert source_of("systems.EURODAC.fingerprint_min_age", 14).startswith("set by")

"""The synth package exports a small, explicit API."""

from __future__ import annotations

import types

import synth

PUBLIC = {
    "DEFAULT_PRESET",
    "Scenario",
    "build_tables",
    "generate_world",
    "list_presets",
    "load_scenario",
    "preset_names",
    "sample_identities",
    "scenario_dict",
    "scenario_from_dict",
    "scenario_hash",
    "scenario_parameters",
    "scenario_schema",
    "source_text",
}


def test_exported_members_are_exactly_the_public_api() -> None:
    assert set(synth.__all__) == PUBLIC
    assert synth.__all__ == sorted(synth.__all__)
    # Every public attribute that is not a submodule is exported, and documented.
    public = {
        name
        for name in dir(synth)
        if not name.startswith("_")
        and not isinstance(getattr(synth, name), types.ModuleType)
        and name != "annotations"  # from __future__ import annotations
    }
    assert public == PUBLIC
    for name in PUBLIC - {"DEFAULT_PRESET"}:
        assert getattr(synth, name).__doc__, name

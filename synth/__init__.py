"""The world generator: synthetic people recorded in modelled EU systems.

- scenarios: :class:`Scenario`, :func:`load_scenario`, presets (:func:`list_presets`);
- population groups: :data:`GROUPS`, :class:`PopulationGroup`;
- names and nationalities: :class:`NameTable`, :func:`build_name_table`,
  :data:`NATIONALITIES`;
- corruption: :func:`apply_noise`, :data:`NOISE_TYPES`, :class:`NoiseType`;
- generation: :func:`generate_world` (writes a world), :func:`build_tables` (in memory).
"""

from __future__ import annotations

from synth.corruption import NOISE_TYPES, NoiseSpec, NoiseType, apply_noise
from synth.generate import build_tables, generate_world
from synth.groups import GROUP_BY_KEY, GROUPS, GroupSpec, PopulationGroup
from synth.names import CULTURE_BY_KEY, CULTURES, NameTable, NamingCulture, build_name_table
from synth.nationalities import NATIONALITIES, NATIONALITY_BY_CODE, REGIONS, Nationality
from synth.scenario import MEMBER_STATES, AlertType, Scenario
from synth.scenario_load import (
    DEFAULT_PRESET,
    list_presets,
    load_scenario,
    preset_names,
    scenario_dict,
    scenario_from_dict,
    scenario_hash,
    scenario_schema,
)

__all__ = [
    "CULTURES",
    "CULTURE_BY_KEY",
    "DEFAULT_PRESET",
    "GROUPS",
    "GROUP_BY_KEY",
    "MEMBER_STATES",
    "NATIONALITIES",
    "NATIONALITY_BY_CODE",
    "NOISE_TYPES",
    "REGIONS",
    "AlertType",
    "GroupSpec",
    "NameTable",
    "NamingCulture",
    "Nationality",
    "NoiseSpec",
    "NoiseType",
    "PopulationGroup",
    "Scenario",
    "apply_noise",
    "build_name_table",
    "build_tables",
    "generate_world",
    "list_presets",
    "load_scenario",
    "preset_names",
    "scenario_dict",
    "scenario_from_dict",
    "scenario_hash",
    "scenario_schema",
]

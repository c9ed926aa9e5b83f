"""The world generator: synthetic people recorded in modelled EU systems.

- scenarios: :class:`Scenario`, :func:`load_scenario` (a TOML file or a preset, for
  any subclass of :class:`Scenario` through ``model=``), :func:`preset_names`,
  :func:`list_presets`, :func:`scenario_hash`, :func:`scenario_parameters` (every
  parameter with where its default comes from);
- generation: :func:`generate_world` (writes a world), :func:`build_tables` (in memory);
- virtual identities: :func:`sample_identities` (persons of the world's population model,
  without journeys or records, optionally recorded once with the scenario's noise).

Where each part of a world is made: :mod:`synth.population` (people and families),
:mod:`synth.travel` (visas, trips, overstays, ETIAS, EES), :mod:`synth.protection`
(asylum, irregular crossing, illegal stay: Eurodac), :mod:`synth.justice` (SIS alerts,
ECRIS-TCN convictions), :mod:`synth.records` (identities presented and recorded),
:mod:`synth.corruption` (noise on identity data), :mod:`synth.names` (names and their
spellings), :mod:`synth.captures` (biometric captures).
"""

from __future__ import annotations

from synth.generate import build_tables, generate_world
from synth.sampler import sample_identities
from synth.scenario import Scenario
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
from synth.scenario_sources import scenario_parameters, source_text

__all__ = [
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
]

"""Where each scenario value comes from: the scenario's parameters with their provenance.

Every field of the scenario models states its provenance as metadata
(:func:`schemas.provenance.sourced`); :func:`scenario_parameters` walks a scenario with
:func:`schemas.provenance.parameters`. A table parameter (a mapping such as
``population.group_shares``) is listed entry by entry, each entry carrying the table's
provenance, so that one changed entry is attributed to the scenario on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemas.provenance import Parameter, parameters
from synth.scenario import Scenario

__all__ = ["scenario_parameters", "source_text"]


def _entries(parameter: Parameter) -> Iterator[Parameter]:
    value, default = parameter.value, parameter.default
    if not isinstance(value, dict) or not value:
        yield parameter
        return
    defaults: dict[str, Any] = default if isinstance(default, dict) else {}
    for key, entry in value.items():
        yield from _entries(
            Parameter(f"{parameter.key}.{key}", entry, defaults.get(key), parameter.provenance)
        )


def scenario_parameters(scenario: Scenario) -> list[Parameter]:
    """Every leaf parameter of ``scenario`` (tables entry by entry), with its provenance.

    ``Parameter.changed`` tells whether the scenario set a value other than the default.
    """
    return [entry for parameter in parameters(scenario) for entry in _entries(parameter)]


def source_text(parameter: Parameter) -> str:
    """Where ``parameter``'s value comes from, as one line for an assumptions table.

    The default's provenance label, or, for a value the scenario changed, that the
    scenario set it (with the default and its source, which no longer apply).
    """
    return parameter.source_text("this scenario")

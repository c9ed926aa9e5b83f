"""Dotted parameter keys: which configuration a swept parameter belongs to and its source.

A key starts with the configuration it belongs to: ``scenario.`` (the world, see
:class:`synth.scenario.Scenario`), ``link.`` (:class:`linkage.config.LinkConfig`) or
``analysis.`` (:class:`analysis.AnalysisConfig`); the rest is the key as
:func:`schemas.provenance.parameters` lists it (``scenario.noise.rates.transliteration``,
``link.mid.verification.accuracy``). An entry of a mapping-valued parameter is named by
one more part (``scenario.noise.system_multiplier.EURODAC``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from analysis import AnalysisConfig
from linkage.config import LinkConfig
from schemas.config import merge, suggest
from schemas.errors import ConfigError
from schemas.provenance import Parameter, Provenance, Tag, parameters

__all__ = [
    "SPACES",
    "ParameterRef",
    "Space",
    "assumption_parameters",
    "nested",
    "resolve_parameter",
    "space_defaults",
]

Space = Literal["scenario", "link", "analysis"]
SPACES: tuple[Space, ...] = ("scenario", "link", "analysis")


@dataclass(frozen=True)
class ParameterRef:
    """A parameter an experiment varies: its dotted key, default and provenance."""

    key: str
    space: Space
    path: tuple[str, ...]
    default: Any
    provenance: Provenance | None

    @property
    def numeric(self) -> bool:
        """Whether the default is a number (not a flag)."""
        return isinstance(self.default, int | float) and not isinstance(self.default, bool)

    @property
    def integer(self) -> bool:
        """Whether the parameter takes whole numbers (its default is an int)."""
        return isinstance(self.default, int) and not isinstance(self.default, bool)

    @property
    def plausible(self) -> tuple[float, float] | None:
        """The range the parameter's provenance declares plausible, if any."""
        return None if self.provenance is None else self.provenance.plausible

    def override(self, value: Any) -> dict[str, Any]:
        """The nested table that sets this parameter to ``value`` in its configuration."""
        return nested(self.path, value)


def nested(path: Iterable[str], value: Any) -> dict[str, Any]:
    """``{"a": {"b": value}}`` for the path ``("a", "b")``."""
    parts = list(path)
    out: dict[str, Any] = {parts[-1]: value}
    for part in reversed(parts[:-1]):
        out = {part: out}
    return out


def space_defaults(scenario: BaseModel) -> dict[Space, BaseModel]:
    """The model instance whose values are each space's defaults (the scenario given)."""
    return {"scenario": scenario, "link": LinkConfig(), "analysis": AnalysisConfig()}


def _leaves(model: BaseModel) -> dict[str, Parameter]:
    return {p.key: p for p in parameters(model)}


def _in_mapping(leaves: Mapping[str, Parameter], rest: str) -> tuple[Parameter, str] | None:
    """The mapping-valued leaf ``rest`` starts with, and the entry it names."""
    for key, leaf in leaves.items():
        if rest.startswith(f"{key}.") and isinstance(leaf.value, dict):
            entry = rest.removeprefix(f"{key}.")
            if entry in leaf.value:
                return leaf, entry
    return None


def resolve_parameter(key: str, defaults: Mapping[Space, BaseModel], where: str) -> ParameterRef:
    """The parameter named ``key``; :class:`ConfigError` (at ``where``) naming close keys."""
    space, _, rest = key.partition(".")
    if space not in SPACES or not rest:
        raise ConfigError(
            f"{where}: {key!r} must start with one of {', '.join(s + '.' for s in SPACES)}"
            f"{suggest(space, SPACES)}"
        )
    model = defaults[space]
    leaves = _leaves(model)
    leaf = leaves.get(rest)
    if leaf is not None:
        return ParameterRef(key, space, tuple(rest.split(".")), leaf.value, leaf.provenance)
    found = _in_mapping(leaves, rest)
    if found is not None:
        leaf, entry = found
        path = (*leaf.key.split("."), entry)
        return ParameterRef(key, space, path, leaf.value[entry], leaf.provenance)
    raise ConfigError(
        f"{where}: {key!r} is not a parameter of the {space} configuration{suggest(rest, leaves)}"
    )


def assumption_parameters(defaults: Mapping[Space, BaseModel]) -> list[ParameterRef]:
    """Every numeric assumption-tagged parameter whose provenance gives a plausible range."""
    found: list[ParameterRef] = []
    for space in SPACES:
        for leaf in parameters(defaults[space]):
            prov = leaf.provenance
            ref = ParameterRef(
                f"{space}.{leaf.key}", space, tuple(leaf.key.split(".")), leaf.value, prov
            )
            if prov and prov.tag is Tag.ASSUMPTION and prov.plausible and ref.numeric:
                found.append(ref)
    return found


def merged_overrides(
    refs_values: Iterable[tuple[ParameterRef, Any]], space: Space
) -> dict[str, Any]:
    """One nested table setting every parameter of ``space`` among ``refs_values``."""
    out: dict[str, Any] = {}
    for ref, value in refs_values:
        if ref.space == space:
            out = merge(out, ref.override(value))
    return out

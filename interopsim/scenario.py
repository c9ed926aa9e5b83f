"""The whole scenario: the world to generate, how to link it and how to analyse it.

:class:`Scenario` is synth's scenario (:class:`synth.scenario.Scenario`: population,
journeys, systems, noise, ...) plus two sections:

- ``[link]``: the link stage (:class:`linkage.config.LinkConfig`): the sBMS threshold and
  fusion, the score laws, the look-alike score model, the MID's rule for the matches
  Arts. 30-33 do not cover, the verifier's error model and the verifying authorities'
  staff;
- ``[analysis]``: the analysis (:class:`analysis.config.AnalysisConfig`).

Every field states the source of its default (:mod:`schemas.provenance`). A scenario file
sets only what differs from its base, and is validated like the rest: every bad key of
every section in one :class:`~schemas.errors.ConfigError`::

    extends = "default"

    [link.mid]
    uncovered = "yellow"

    [link.mid.verification]
    accuracy = 0.9

The world's manifest records the resolved scenario, all three parts, so its hash covers
the link and analysis settings. ``interopsim.link`` and ``interopsim.analyse`` use the
world's recorded ``[link]`` and ``[analysis]`` unless given a configuration
(:func:`link_config`, :func:`analysis_config`); the link stage records which
(:class:`linkage.config.ConfigSource`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, Field

from analysis.config import AnalysisConfig
from linkage.config import ConfigSource, LinkConfig
from schemas.config import merge, parse
from schemas.world import World
from synth.scenario import Scenario as WorldScenario

__all__ = ["Scenario", "analysis_config", "link_config"]

Section = TypeVar("Section", bound=BaseModel)

_WHAT = {"link": "link configuration", "analysis": "analysis parameters"}


class Scenario(WorldScenario):
    """A complete, validated scenario: the world, the link stage and the analysis."""

    replaced_tables: ClassVar[tuple[str, ...]] = (
        *WorldScenario.replaced_tables,
        "link.biometric.*.impostor.sex_multiplier",
        "link.biometric.*.impostor.origin_multiplier",
        "link.mid.verification.cases_per_day_by_authority",
    )

    link: LinkConfig = Field(default_factory=LinkConfig)
    analysis: AnalysisConfig = Field(default_factory=AnalysisConfig)

    @classmethod
    def of(cls, scenario: WorldScenario) -> Scenario:
        """``scenario`` as a whole scenario (default link and analysis sections if it has
        none)."""
        if isinstance(scenario, cls):
            return scenario
        fields = {name: getattr(scenario, name) for name in type(scenario).model_fields}
        return cls(**fields)


def _recorded(world: World, name: str, model: type[Section]) -> Section | None:
    """The section ``name`` of the scenario recorded in ``world``'s manifest, if any."""
    data = world.manifest.scenario.get(name)
    if not isinstance(data, Mapping):
        return None
    return parse(model, data, what=f"[{name}] section recorded in {world.path}", prefix=f"{name}.")


def _pick(
    world: World, name: str, model: type[Section], given: Section | Mapping[str, Any] | None
) -> tuple[Section, ConfigSource]:
    """The configuration of a stage: ``given`` (an instance), or the world's recorded
    section with ``given`` (a mapping) merged over it, or the model's defaults."""
    if isinstance(given, model):
        return given, ConfigSource.GIVEN
    recorded = _recorded(world, name, model)
    if given is None:
        if recorded is None:
            return model(), ConfigSource.DEFAULTS
        return recorded, ConfigSource.SCENARIO
    if not isinstance(given, Mapping):
        raise TypeError(f"a {name} configuration is a {model.__name__} or a mapping")
    base = {} if recorded is None else recorded.model_dump(mode="json")
    source = ConfigSource.GIVEN if recorded is None else ConfigSource.OVERRIDES
    return parse(model, merge(base, given), what=_WHAT[name]), source


def link_config(
    world: World, given: LinkConfig | Mapping[str, Any] | None = None
) -> tuple[LinkConfig, ConfigSource]:
    """The link configuration to link ``world`` with, and where it came from.

    ``None``: the ``[link]`` section of the world's scenario (the defaults for a world
    that records none); a mapping: keys merged over that section; a :class:`LinkConfig`:
    itself. Raises :class:`~schemas.errors.ConfigError` naming every bad key.
    """
    return _pick(world, "link", LinkConfig, given)


def analysis_config(
    world: World, given: AnalysisConfig | Mapping[str, Any] | None = None
) -> tuple[AnalysisConfig, ConfigSource]:
    """The analysis parameters for ``world`` and where they came from (as
    :func:`link_config`, from the scenario's ``[analysis]`` section)."""
    return _pick(world, "analysis", AnalysisConfig, given)

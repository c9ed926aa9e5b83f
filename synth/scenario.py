"""The scenario: every parameter of a generated world, validated by pydantic.

Defaults describe a 2026-style world. Every field states where its default comes from as
field metadata (:func:`schemas.provenance.sourced`): a source from the project's
bibliography, or an assumption this project made because no published figure exists
(such a value is a parameter precisely so that users can vary it);
:func:`synth.scenario_sources.scenario_parameters` lists them. Checks across fields are
model validators, so every problem of a scenario is reported at once with its dotted key.

The sections live in their own modules: :mod:`synth.scenario_population`,
:mod:`synth.scenario_journeys` (journeys, SIS, ECRIS-TCN, fraud),
:mod:`synth.scenario_systems` and :mod:`synth.scenario_recording` (retention, noise,
captures). Loading TOML files and presets is :mod:`synth.scenario_load`.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Self

from pydantic import model_validator

from schemas.config import StrictModel
from schemas.provenance import assumed, method, sourced
from synth.scenario_fields import Problems
from synth.scenario_journeys import EcrisConfig, FraudConfig, JourneyConfig, SisConfig
from synth.scenario_population import PopulationConfig
from synth.scenario_recording import CaptureConfig, NoiseConfig, RetentionConfig
from synth.scenario_systems import SystemsConfig

__all__ = ["Scenario", "WorldConfig"]

#: The longest simulated period: journeys, documents and records grow with its length.
_MAX_PERIOD_YEARS = 50


class WorldConfig(StrictModel):
    """Size and time span of the world."""

    persons: int = sourced(
        100_000,
        method("default world size: stable rates, and a run end to end in about a minute"),
        ge=1,
        le=50_000_000,
    )
    as_of: dt.date = sourced(
        dt.date(2026, 6, 30),
        assumed(
            "a 2026-style world, after the EES reached full operation (10 April 2026)",
            "dpa-2025-ees-on-schedule",
        ),
    )
    period_start: dt.date = sourced(
        dt.date(2021, 1, 1),
        assumed("five and a half simulated years, long enough for retention to delete records"),
    )

    @model_validator(mode="after")
    def _period_in_order(self) -> Self:
        problems = Problems()
        problems.order(("period_start", self.period_start), ("as_of", self.as_of), "before")
        if (self.as_of - self.period_start).days > _MAX_PERIOD_YEARS * 366:
            problems.add(
                ("period_start",),
                self.period_start.isoformat(),
                f"must be at most {_MAX_PERIOD_YEARS} years before as_of ({self.as_of})",
            )
        problems.raise_if_any("WorldConfig")
        return self


class Scenario(StrictModel):
    """A complete, validated scenario.

    ``replaced_tables`` lists the dotted paths (``*`` = any key) of the weight tables a
    scenario file replaces whole instead of merging into its base; a subclass that adds
    sections may extend it.
    """

    replaced_tables: ClassVar[tuple[str, ...]] = (
        "population.nationality_weights.*",
        "population.member_state_weights",
        "population.birth_dates.registry_default_share",
        "journeys.frontline_member_state_weights",
        "sis.alert_type_weights",
        "sis.group_alert_type_weights.*",
        "ecris.offence_weights",
    )

    name: str = sourced("default", method("a label of the scenario, not a parameter"))
    description: str = sourced(
        "A 2026-style world with documented default rates",
        method("a description of the scenario, not a parameter"),
    )
    world: WorldConfig = WorldConfig()
    population: PopulationConfig = PopulationConfig()
    journeys: JourneyConfig = JourneyConfig()
    sis: SisConfig = SisConfig()
    ecris: EcrisConfig = EcrisConfig()
    systems: SystemsConfig = SystemsConfig()
    retention: RetentionConfig = RetentionConfig()
    noise: NoiseConfig = NoiseConfig()
    fraud: FraudConfig = FraudConfig()
    captures: CaptureConfig = CaptureConfig()

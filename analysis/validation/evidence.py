"""The worlds the reference cases read, declared as data, and what a built world offers.

:data:`WORLDS` lists the worlds ``interopsim validate`` builds (each a preset with
overrides and a size for the full and for the ``--quick`` run). Building them
is the job of :func:`interopsim.validate`; the cases receive the built worlds as one
:class:`Evidence` and read them only through public results: the world's tables, the
link stage's configuration and the :class:`~analysis.Metrics` of ``interopsim analyse``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from analysis.config import AnalysisConfig
from analysis.truth import WorldData, load_world_data
from analysis.validation.case import CaseUnavailable
from linkage.biometric import BiometricConfig
from linkage.config import LinkConfig
from schemas.world import World

if TYPE_CHECKING:
    from analysis.metrics import Metrics

__all__ = ["EES_START", "STEADY", "WORLDS", "Evidence", "SimulatedWorld", "WorldSpec"]


@dataclass(frozen=True)
class WorldSpec:
    """A world the validation builds: a preset with overrides, and its sizes.

    The seed is the run's (:func:`interopsim.validate` gives world ``i`` seed + ``i``).
    """

    name: str
    description: str
    persons: int
    quick_persons: int
    preset: str = "default"
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def size(self, quick: bool) -> int:
        """Persons generated for a full (or a ``--quick``) run."""
        return self.quick_persons if quick else self.persons


STEADY = WorldSpec(
    name="steady",
    description=(
        "the default scenario: every system recording over the whole simulated period "
        "(a steady state, 2021 to mid-2026)"
    ),
    persons=100_000,
    quick_persons=20_000,
)
"""The default world: the figures the report shows."""

EES_START_DAY = "2025-10-12"
EES_FIRST_REPORT_DAY = "2025-12-20"

EES_START = WorldSpec(
    name="ees_start",
    description=(
        f"the default scenario with the EES recording only from its start on {EES_START_DAY} "
        f"and the world ending on {EES_FIRST_REPORT_DAY}, the Commission's first report "
        "(VIS, Eurodac and SIS keep their full history)"
    ),
    persons=100_000,
    quick_persons=20_000,
    overrides={
        "systems": {"EES": {"operational_from": EES_START_DAY}},
        "world": {"as_of": EES_FIRST_REPORT_DAY},
    },
)
"""The EES's first ten weeks: a gallery only weeks old, as in the operator's first figures."""

WORLDS: tuple[WorldSpec, ...] = (STEADY, EES_START)
"""Every world a case may name, in build order."""


@dataclass(frozen=True)
class SimulatedWorld:
    """A generated, linked and analysed world, as the cases read it.

    ``data`` (the links joined with the truth, :class:`analysis.truth.WorldData`) is
    loaded on first use.
    """

    spec: WorldSpec
    world: World
    link_config: LinkConfig
    metrics: Metrics
    persons: int
    seconds: float = 0.0

    @functools.cached_property
    def data(self) -> WorldData:
        """The world's records, persons and links with the truth (loaded once)."""
        return load_world_data(self.world, AnalysisConfig())

    def table(self, name: str) -> pl.DataFrame:
        """The polars frame of table ``name``; :class:`CaseUnavailable` when absent."""
        if not self.world.has_table(name):
            raise CaseUnavailable(f"world {self.spec.name!r} has no table {name!r}")
        frame: pl.DataFrame = self.world.scan(name).collect()
        return frame


@dataclass(frozen=True)
class Evidence:
    """The built worlds, by name, and the confidence level of the figures."""

    worlds: Mapping[str, SimulatedWorld]
    level: float = 0.95

    def world(self, name: str) -> SimulatedWorld:
        """The built world ``name``; :class:`CaseUnavailable` when it was not built."""
        try:
            return self.worlds[name]
        except KeyError:
            raise CaseUnavailable(f"the world {name!r} was not built in this run") from None

    @property
    def link_config(self) -> LinkConfig:
        """The link configuration of the default world (the defaults when none was built)."""
        built = self.worlds.get(STEADY.name) or next(iter(self.worlds.values()), None)
        return built.link_config if built is not None else LinkConfig()

    @property
    def biometric(self) -> BiometricConfig:
        """The sBMS score model the default world was linked with."""
        return self.link_config.biometric

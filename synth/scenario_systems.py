"""The ``systems`` section of a scenario: what each modelled system records.

Defaults come from the system registry (:data:`schemas.systems.SYSTEMS`: biometric age
ranges and identity fields) together with where each of those rules comes from (its
:class:`~schemas.systems.SystemSources`), so that every scenario parameter carries its
provenance as field metadata. Each system has
its own model (:class:`VisSystem`, ...) built from the registry by
:func:`_registry_defaults`, with the same fields as :class:`SystemConfig`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Self, TypeVar

from pydantic import Field, create_model, model_validator

from schemas.config import StrictModel
from schemas.provenance import Provenance, assumed, sourced
from schemas.systems import SYSTEM_BY_PREFIX, AgeRange, IdentityField, SystemKey
from synth.scenario_fields import Age, Probability, Problems

__all__ = [
    "EcrisSystem",
    "EesSystem",
    "EtiasSystem",
    "EurodacSystem",
    "SisSystem",
    "SystemConfig",
    "SystemsConfig",
    "VisSystem",
]

#: An age above every age: a modality without an upper age bound.
NO_MAX_AGE = 150
_DUPLICATES = assumed("share of records registered twice in the same system")


class SystemConfig(StrictModel):
    """Per-system overrides of schemas.systems: biometric age thresholds and more."""

    fingerprints: bool
    fingerprint_min_age: Age
    fingerprint_max_age: Age  # NO_MAX_AGE = no upper bound
    face: bool
    face_min_age: Age
    face_max_age: Age
    identity_fields: list[IdentityField]
    operational_from: dt.date | None = sourced(
        None,
        assumed(
            "every system records over the whole period (a steady-state world); EES began on "
            "12 October 2025 and ETIAS is planned for late 2026",
            "dpa-2025-ees-on-schedule",
            "commission-2025-etias-fee",
        ),
    )
    duplicate_rate: Probability = sourced(0.005, _DUPLICATES)

    @model_validator(mode="after")
    def _ages_in_order(self) -> Self:
        problems = Problems()
        for modality in ("fingerprint", "face"):
            low, high = f"{modality}_min_age", f"{modality}_max_age"
            problems.order((low, getattr(self, low)), (high, getattr(self, high)))
        problems.raise_if_any(type(self).__name__)
        return self


_S = TypeVar("_S", bound=SystemConfig)


def _modality_fields(
    flag: str, prefix: str, ages: AgeRange | None, source: Provenance
) -> dict[str, Any]:
    """Whether a modality is captured and from/to which age (registry defaults)."""
    return {
        flag: (bool, sourced(ages is not None, source)),
        f"{prefix}_min_age": (Age, sourced(ages.min_age if ages else 0, source)),
        f"{prefix}_max_age": (
            Age,
            sourced(ages.max_age if ages and ages.max_age is not None else NO_MAX_AGE, source),
        ),
    }


def _registry_defaults(key: SystemKey, duplicate_rate: float) -> Callable[[type[_S]], type[_S]]:
    """Give the decorated system model the defaults of ``key``'s registry entry, each with
    its source, and its own duplicate rate."""
    spec = SYSTEM_BY_PREFIX[key]
    sources = spec.sources
    fields: dict[str, Any] = {
        **_modality_fields("fingerprints", "fingerprint", spec.fingerprints, sources.fingerprints),
        **_modality_fields("face", "face", spec.face, sources.face),
        "identity_fields": (
            list[IdentityField],
            sourced(
                provenance=sources.identity_fields,
                default_factory=lambda: sorted(spec.identity_fields),
            ),
        ),
        "duplicate_rate": (Probability, sourced(duplicate_rate, _DUPLICATES)),
    }

    def build(model: type[_S]) -> type[_S]:
        return create_model(
            model.__name__,
            __base__=model,
            __module__=model.__module__,
            __doc__=model.__doc__,
            **fields,
        )

    return build


@_registry_defaults(SystemKey.VIS, duplicate_rate=0.005)
class VisSystem(SystemConfig):
    """VIS: the rules of the VIS Regulation and the Visa Code."""


@_registry_defaults(SystemKey.EES, duplicate_rate=0.005)
class EesSystem(SystemConfig):
    """EES: the rules of the Entry/Exit System Regulation."""


@_registry_defaults(SystemKey.EURODAC, duplicate_rate=0.01)
class EurodacSystem(SystemConfig):
    """Eurodac: the rules of the 2024 recast."""


@_registry_defaults(SystemKey.SIS, duplicate_rate=0.002)
class SisSystem(SystemConfig):
    """SIS: alerts on persons."""


@_registry_defaults(SystemKey.ETIAS, duplicate_rate=0.01)
class EtiasSystem(SystemConfig):
    """ETIAS: travel authorisations (no biometrics)."""


@_registry_defaults(SystemKey.ECRIS, duplicate_rate=0.002)
class EcrisSystem(SystemConfig):
    """ECRIS-TCN: convictions of third-country nationals."""


def _registry_default(model: type[SystemConfig]) -> Any:
    """A field defaulting to ``model`` with every value from the registry."""
    return Field(default_factory=lambda: model.model_validate({}))


class SystemsConfig(StrictModel):
    """One configuration per modelled system (defaults from schemas.systems)."""

    VIS: VisSystem = _registry_default(VisSystem)
    EES: EesSystem = _registry_default(EesSystem)
    EURODAC: EurodacSystem = _registry_default(EurodacSystem)
    SIS: SisSystem = _registry_default(SisSystem)
    ETIAS: EtiasSystem = _registry_default(EtiasSystem)
    ECRIS: EcrisSystem = _registry_default(EcrisSystem)

    def of(self, key: SystemKey) -> SystemConfig:
        """The configuration of system ``key``."""
        config: SystemConfig = getattr(self, key.value)
        return config

"""Parameters of the analysis, validated, each with the source of its default.

:class:`AnalysisConfig` is a :class:`schemas.config.StrictModel`; every field states
where its default comes from as field metadata (:mod:`schemas.provenance`), which the
``assumptions`` of ``metrics.json`` list (:mod:`analysis.assumptions`).
:func:`make_config` builds one from keyword overrides, reporting every problem at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from enum import Enum
from typing import Any, Literal

from pydantic import ConfigDict, JsonValue, field_serializer, field_validator

from linkage.biometric import BiometricConfig
from schemas.access import ACCESS_MODEL, AccessModel
from schemas.config import StrictModel, parse
from schemas.provenance import Tag, assumed, cited, method, sourced

__all__ = ["GROUP_DIMENSIONS", "AnalysisConfig", "make_config"]

#: Person attributes of the truth table (``persons``) that can group the outcomes.
GROUP_DIMENSIONS = frozenset(
    {"nationality", "region", "sex", "age_band", "population_group", "naming_culture"}
)
_PERIODS = ("1d", "1w", "1mo", "1q", "1y")


class AnalysisConfig(StrictModel):
    """Parameters of ``interopsim analyse`` (each field's metadata names its source)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    level: float = sourced(
        0.95, method("conventional 95 % confidence level of every interval"), gt=0.0, lt=1.0
    )
    as_of: dt.date | None = sourced(
        None,
        method("the world's own as-of date (its scenario's world.as_of) unless set"),
    )
    age_bands: tuple[int, ...] = sourced(
        (6, 12, 14, 18, 35, 65, 75),
        method(
            "band edges at the legal biometric ages: 6 (Eurodac recast [@eu-2024-1358]), 12 "
            "(VIS and EES fingerprints [@eu-2008-767; @eu-2017-2226]; no CIR identity checks "
            "of younger children, IO Art. 20 [@eu-2019-818]), 14 (Eurodac 2013 "
            "[@eu-2013-603]), 75 (upper exemption of the revised VIS [@eu-2021-1134]); 18, "
            "35 and 65 are adult bands chosen by this project"
        ),
    )
    group_dims: tuple[str, ...] = sourced(
        ("nationality", "region", "sex", "age_band", "population_group"),
        method("person attributes of the world's truth table (persons) that group outcomes"),
    )
    subsample_fractions: tuple[float, ...] = sourced(
        (1 / 64, 1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1.0),
        method("shares of the persons kept in the simulated points of the scaling curves"),
    )
    sbms_templates: float = sourced(
        400e6,
        cited(
            "commission-2025-sbms-launch",
            tag=Tag.SECONDARY,
            note="the sBMS holds about 400 million templates",
        ),
        gt=0,
    )
    cir_records: float = sourced(
        300e6,
        cited(
            "statewatch-2019-interoperability-irregular",
            tag=Tag.SECONDARY,
            note="the CIR is sized for up to 300 million records",
        ),
        gt=0,
    )
    verification_minutes: float | None = sourced(
        None,
        assumed(
            "minutes of manual work per yellow-link verification: the link configuration's "
            "minutes_per_case when recorded, else 15; no official estimate of the MID's "
            "manual workload was found"
        ),
        ge=0,
    )
    backlog_period: str = sourced("1mo", method("time step of the verification backlog series"))
    identity_checks_registered: int = sourced(
        10_000,
        assumed("number of simulated police identity checks of registered people", "eu-2019-818"),
        ge=0,
    )
    identity_checks_unregistered: int = sourced(
        10_000,
        assumed("number of simulated police identity checks of never-registered people"),
        ge=0,
    )
    law_enforcement_queries: int = sourced(
        1_000,
        assumed(
            "number of simulated law-enforcement CIR queries about registered people, "
            "subjects drawn uniformly",
            "eu-2019-817",
        ),
        ge=0,
    )
    access_model: AccessModel = sourced(
        ACCESS_MODEL,
        method("the access rules of schemas.access; each rule cites its legal basis"),
    )
    biometric: BiometricConfig | None = sourced(
        None,
        method(
            "score model of the virtual-gallery curves: the link stage's biometric "
            "configuration when the manifest records it, else the linkage defaults"
        ),
    )
    virtual_probes: int = sourced(
        20_000,
        method("searches simulated on each virtual gallery (a sample of the world's records)"),
        ge=0,
    )
    virtual_identity_gallery: int = sourced(
        50_000,
        method(
            "identities of the virtual identity gallery, drawn from the world's population "
            "model (0: no virtual identity search); the step's cost is bounded by this size "
            "and virtual_identity_probes, not by the world's"
        ),
        ge=0,
    )
    virtual_identity_probes: int = sourced(
        20_000,
        method("stored CIR records of the world searched against the virtual identity gallery"),
        ge=0,
    )
    query_biometric_hit: Literal[True] = sourced(
        True,
        assumed(
            "a live biometric query finds every stored template of the person checked "
            "(biometric misses are ignored)"
        ),
    )

    @field_serializer("access_model")
    def _access_model_json(self, value: AccessModel) -> JsonValue:
        """The access model as JSON with its sets sorted: the same model always gives the
        same JSON (and scenario hash), whatever the process's string-hash seed."""
        return _sorted_json(value)

    @field_validator("age_bands")
    @classmethod
    def _increasing(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        if any(b <= a for a, b in itertools.pairwise(v)) or any(a <= 0 for a in v):
            raise ValueError("age band edges must be positive and strictly increasing")
        return v

    @field_validator("subsample_fractions")
    @classmethod
    def _fractions(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if not v or any(not 0.0 < f <= 1.0 for f in v):
            raise ValueError("subsample fractions must lie in (0, 1]")
        return tuple(sorted(set(v)))

    @field_validator("group_dims")
    @classmethod
    def _dims(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [d for d in v if d not in GROUP_DIMENSIONS]
        if unknown:
            raise ValueError(
                f"unknown group dimensions {unknown}; known: {sorted(GROUP_DIMENSIONS)}"
            )
        return v

    @field_validator("backlog_period")
    @classmethod
    def _period(cls, v: str) -> str:
        if v not in _PERIODS:
            raise ValueError(f"backlog period must be one of {', '.join(_PERIODS)}")
        return v


def _sorted_json(value: object) -> JsonValue:
    """Plain JSON of a tree of frozen dataclasses, enums and tuples; sets become sorted
    lists (pydantic writes them in iteration order, which varies between processes)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _sorted_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return _sorted_json(value.value)
    if isinstance(value, frozenset | set):
        return sorted((_sorted_json(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_sorted_json(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def make_config(**overrides: Any) -> AnalysisConfig:
    """An :class:`AnalysisConfig` from keyword overrides; one ConfigError for all problems."""
    return parse(AnalysisConfig, overrides, what="analysis parameters")

"""Parameters of the analysis, validated, each with the source of its default."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from linkage.biometric import BiometricConfig
from schemas.access import ACCESS_MODEL, AccessModel
from schemas.errors import ConfigError

__all__ = ["PARAMETER_SOURCES", "AnalysisConfig", "make_config"]

ASSUMPTION = "assumption of this project, not a published figure"

#: Where every default comes from (written to metrics.json ``assumptions``).
PARAMETER_SOURCES: dict[str, str] = {
    "level": "conventional 95 % confidence level",
    "as_of": "the world's as-of date (manifest), else the last registration date in the world",
    "age_bands": (
        "band edges at the legal biometric ages: 6 (Eurodac 2024, revised VIS; domain.md §1.2, "
        "§1.4 [21]), 12 (VIS/EES fingerprints, IO Art. 20 minors; §1.2 [9], §1.3 [3], §2.6 [1c]), "
        "14 (Eurodac 2013; §1.4 [22]), 75 (revised VIS upper exemption; §1.2 [10]); 18, 35 and 65 "
        f"are adult bands ({ASSUMPTION})"
    ),
    "group_dims": "person attributes of the world's truth table (persons)",
    "subsample_fractions": (
        f"simulated gallery/population sizes for the scaling curves ({ASSUMPTION})"
    ),
    "sbms_templates": "sBMS holds about 400 million templates: domain.md §2.1 [19] (S)",
    "cir_records": "CIR sized for up to 300 million records: domain.md §2.1 [37] (S)",
    "verification_minutes": (
        "minutes of manual work per yellow-link verification: the link configuration's "
        f"minutes_per_case when recorded, else 15 ({ASSUMPTION}; domain.md §2.9: no official "
        "estimate of the MID manual workload was found)"
    ),
    "backlog_period": f"time step of the verification backlog series ({ASSUMPTION})",
    "identity_checks_registered": (
        f"simulated police identity checks (IO Art. 20, domain.md §2.6) of registered people "
        f"({ASSUMPTION})"
    ),
    "identity_checks_unregistered": (
        f"simulated police identity checks of never-registered people ({ASSUMPTION})"
    ),
    "law_enforcement_queries": (
        f"simulated law-enforcement CIR queries (IO Art. 22, domain.md §2.7) about registered "
        f"people, subjects drawn uniformly ({ASSUMPTION})"
    ),
    "query_biometric_hit": (
        "a live biometric query finds every stored template of the person checked "
        f"(biometric misses ignored; {ASSUMPTION})"
    ),
    "access_model": "schemas.access.ACCESS_MODEL (rules cite domain.md §1, §2.4-2.7)",
    "biometric": (
        "score model of the virtual-gallery curves: the link stage's biometric configuration "
        "when the manifest records it, else linkage.biometric.BiometricConfig() (FMR ~ 2.5e-12: "
        "EES FPIR ceiling 0.1 % at 4e8 templates, domain.md §3.2, §3.6)"
    ),
    "virtual_probes": (
        f"searches simulated on each virtual gallery (a random sample of the world's biometric "
        f"records; {ASSUMPTION})"
    ),
}


class AnalysisConfig(BaseModel):
    """Parameters of ``interopsim analyse`` (defaults and sources: :data:`PARAMETER_SOURCES`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    level: float = Field(0.95, gt=0.0, lt=1.0)
    as_of: dt.date | None = None
    age_bands: tuple[int, ...] = (6, 12, 14, 18, 35, 65, 75)
    group_dims: tuple[str, ...] = ("nationality", "region", "sex", "age_band", "population_group")
    subsample_fractions: tuple[float, ...] = (1 / 64, 1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1.0)
    sbms_templates: float = Field(400e6, gt=0)
    cir_records: float = Field(300e6, gt=0)
    verification_minutes: float | None = Field(None, ge=0)
    backlog_period: str = "1mo"
    identity_checks_registered: int = Field(10_000, ge=0)
    identity_checks_unregistered: int = Field(10_000, ge=0)
    law_enforcement_queries: int = Field(1_000, ge=0)
    access_model: AccessModel = ACCESS_MODEL
    biometric: BiometricConfig | None = None
    virtual_probes: int = Field(20_000, ge=0)

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
        known = {"nationality", "region", "sex", "age_band", "population_group", "naming_culture"}
        unknown = [d for d in v if d not in known]
        if unknown:
            raise ValueError(f"unknown group dimensions {unknown}; known: {sorted(known)}")
        return v

    @field_validator("backlog_period")
    @classmethod
    def _period(cls, v: str) -> str:
        if v not in {"1d", "1w", "1mo", "1q", "1y"}:
            raise ValueError("backlog period must be one of 1d, 1w, 1mo, 1q, 1y")
        return v

    def assumptions(self) -> list[dict[str, Any]]:
        """Every parameter with its value and source, as written to ``metrics.json``."""
        out: list[dict[str, Any]] = []
        for name in type(self).model_fields:
            value: Any = getattr(self, name)
            if isinstance(value, AccessModel):
                value = value.name
            elif isinstance(value, BiometricConfig):
                value = f"fmr={value.fmr:.6g}, fusion={value.fusion}"
            elif isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out.append(
                {"key": f"analysis.{name}", "value": value, "source": PARAMETER_SOURCES[name]}
            )
        out.append(
            {
                "key": "analysis.query_biometric_hit",
                "value": True,
                "source": PARAMETER_SOURCES["query_biometric_hit"],
            }
        )
        return out


def make_config(**overrides: Any) -> AnalysisConfig:
    """Build an :class:`AnalysisConfig`, turning validation errors into one ConfigError."""
    try:
        return AnalysisConfig(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']} (got {e.get('input')!r})"
            for e in exc.errors()
        )
        raise ConfigError(f"invalid analysis parameters: {problems}") from None

"""Parameters of the multiple-identity detector and of the manual-verification model.

No official figure exists for the volume of yellow links, the time a verifying
authority spends on one or the staff it has (``domain.md §2.9``: "Not found"; the law
only says "without delay", ``§2.5``). Every default of :class:`VerificationConfig` is
therefore **an assumption of this project, not a published figure**; change them to
explore what-if scenarios.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from linkage.mid.authorities import VERIFYING_AUTHORITIES
from linkage.mid.rules import Colour, Uncovered

__all__ = ["MidConfig", "VerificationConfig"]


class VerificationConfig(BaseModel):
    """The manual verification of yellow links (IO Art. 29, ``domain.md §2.5``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    accuracy: float = Field(
        0.95,
        ge=0.0,
        le=1.0,
        description=(
            "Probability that a verifier reaches the right conclusion on a case. "
            "Assumption, not a published figure (domain.md §2.9)."
        ),
    )
    minutes_per_case: float = Field(
        15.0,
        gt=0.0,
        description=(
            "Working minutes one verification takes; used for the workload in hours. "
            "Assumption, not a published figure (domain.md §2.9)."
        ),
    )
    cases_per_day: int = Field(
        32,
        ge=0,
        description=(
            "Cases each verifying authority closes per calendar day (32 = one full-time "
            "verifier, 8 h at 15 min a case). Assumption, not a published figure "
            "(domain.md §2.9)."
        ),
    )
    cases_per_day_by_authority: dict[str, int] = Field(
        default_factory=dict,
        description="Per verifying authority (keys of VERIFYING_AUTHORITIES) override.",
    )

    @field_validator("cases_per_day_by_authority")
    @classmethod
    def _known_authorities(cls, value: dict[str, int]) -> dict[str, int]:
        known = {a.key for a in VERIFYING_AUTHORITIES}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValueError(f"unknown verifying authorities {unknown}; known: {sorted(known)}")
        negative = sorted(k for k, v in value.items() if v < 0)
        if negative:
            raise ValueError(f"capacity must be >= 0 for {negative}")
        return value

    def capacity(self, authority: str) -> int:
        """Cases per day that ``authority`` closes."""
        return self.cases_per_day_by_authority.get(authority, self.cases_per_day)


class MidConfig(BaseModel):
    """The multiple-identity detector: colour rules, verification and clusters."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    uncovered: Uncovered = Field(
        Uncovered.YELLOW,
        description=(
            "What to do with a match whose evidence no rule of Arts. 30/33 covers "
            "(see linkage.mid.rules.Uncovered). Default 'yellow' is an assumption of "
            "this project."
        ),
    )
    verification: VerificationConfig = Field(default_factory=VerificationConfig)
    cluster_colours: tuple[Colour, ...] = Field(
        (Colour.WHITE, Colour.RED),
        min_length=1,
        description="Link colours that join records into one identity cluster.",
    )

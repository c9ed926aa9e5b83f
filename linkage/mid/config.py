"""Parameters of the multiple-identity detector and of the manual-verification model.

No published figure was found for the volume of yellow links, the time a verifying
authority spends on one or the staff it has; the law only asks for verification "without
delay" (IO Art. 29 [@eu-2019-817]). Every default of :class:`VerificationConfig` is
therefore an assumption of this project, and its field provenance says so: change them to
explore what-if scenarios.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from linkage.mid.authorities import VERIFYING_AUTHORITIES
from linkage.mid.rules import Colour, Uncovered
from schemas.config import StrictModel
from schemas.provenance import assumed, cited, method, sourced

__all__ = ["MidConfig", "VerificationConfig"]

_NO_FIGURE = "no published figure for the manual verification of yellow links was found"


class VerificationConfig(StrictModel):
    """The manual verification of yellow links (IO Art. 29 [@eu-2019-817; @eu-2019-818])."""

    accuracy: float = sourced(
        0.95,
        assumed(f"{_NO_FIGURE}: how often a verifier reaches the right conclusion"),
        ge=0.0,
        le=1.0,
        description="Probability that a verifier reaches the right conclusion on a case.",
    )
    minutes_per_case: float = sourced(
        15.0,
        assumed(f"{_NO_FIGURE}: working minutes one verification takes"),
        gt=0.0,
        description="Working minutes one verification takes; used for the workload in hours.",
    )
    cases_per_day: int = sourced(
        32,
        assumed(f"{_NO_FIGURE}: one full-time verifier per authority (8 h at 15 min a case)"),
        ge=0,
        description="Cases each verifying authority closes per calendar day.",
    )
    cases_per_day_by_authority: dict[str, int] = sourced(
        provenance=method("per-authority overrides of cases_per_day (none by default)"),
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


class MidConfig(StrictModel):
    """The multiple-identity detector: colour rules, verification and clusters."""

    uncovered: Uncovered = sourced(
        Uncovered.WHITE,
        cited(
            "eu-2019-817",
            "eu-2019-818",
            note="Art. 28(3)-(4), read in the consolidated text: a match whose identity data "
            "are the same or similar gives a white link, one whose identity data cannot be "
            "considered similar a yellow link verified under Art. 29; Arts. 30-33 list the "
            "combinations, and the patterns they leave out (identity same or similar, "
            "documents different, biometrics different or not compared) take the colour "
            "of Art. 28(3): white. Options: 'yellow' (by analogy with Art. 30(c)), 'no_link'",
        ),
        description="What to do with a match whose evidence no rule of Arts. 30/33 covers.",
    )
    verification: VerificationConfig = Field(default_factory=VerificationConfig)
    cluster_colours: tuple[Colour, ...] = sourced(
        (Colour.WHITE, Colour.RED),
        method(
            "link colours that join records into one presumed person in the cluster "
            "analysis (white: the same person; red: mostly one person under several "
            "identities); an analysis choice, not a legal rule"
        ),
        min_length=1,
        description="Link colours that join records into one identity cluster.",
    )

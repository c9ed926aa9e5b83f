"""Counts of the link stage that are zero by construction of the rules, not by measurement.

A measured zero (no false red link among 1,500 verified cases) carries an interval: the
true rate may be small but positive. A structural zero does not: the configuration makes
the event impossible (without a verification oracle no yellow link becomes red; a
verifier who is never wrong on "justified or not" never makes a lawful situation red;
siloed searches compare no biometrics across systems). The link stage states each with
its reason (:class:`StructuralZero`, in the run's summary) so that the analysis labels
it "structural" instead of giving it an interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from linkage.mid.config import MidConfig
from linkage.mid.rules import Uncovered

__all__ = ["Count", "StructuralZero", "structural_zeros"]


class Count(StrEnum):
    """Counts of a link run that a configuration can make zero by construction."""

    RED_LINKS = "red_links"
    GREEN_LINKS = "green_links"
    FALSE_RED_LINKS = "false_red_links"
    """Red links whose right conclusion is lawful (someone suspected of fraud not theirs)."""
    WRONG_CONCLUSIONS = "wrong_conclusions"
    BIOMETRIC_LINKS = "biometric_links"
    """Links whose basis includes a biometric match."""
    UNCOVERED_NO_LINK = "uncovered_no_link"
    """Matches left without a link because no rule of Arts. 30-33 covers them."""


@dataclass(frozen=True)
class StructuralZero:
    """A count that is zero by construction, and why."""

    count: Count
    reason: str


_NO_VERIFICATION = "no yellow link is verified (no oracle, or no verifying capacity)"


def _verification_zeros(config: MidConfig, verifies: bool) -> list[StructuralZero]:
    if not verifies:
        return [
            StructuralZero(count, _NO_VERIFICATION)
            for count in (
                Count.RED_LINKS,
                Count.GREEN_LINKS,
                Count.FALSE_RED_LINKS,
                Count.WRONG_CONCLUSIONS,
            )
        ]
    out = []
    verification = config.verification
    if verification.justification_accuracy == 1.0:
        out.append(
            StructuralZero(
                Count.FALSE_RED_LINKS,
                "the verifier is never wrong on 'justified or not' (justification_accuracy 1), "
                "so no lawful situation is judged unjustified",
            )
        )
        if verification.accuracy == 1.0:
            out.append(
                StructuralZero(
                    Count.WRONG_CONCLUSIONS, "the verifier is never wrong (both accuracies 1)"
                )
            )
    return out


def structural_zeros(
    config: MidConfig, *, shared: bool, oracle: bool, capacity: bool = True
) -> tuple[StructuralZero, ...]:
    """The counts a run with ``config`` leaves at zero by construction.

    ``shared``: biometrics are compared across systems (the sBMS; siloed searches are
    not); ``oracle``: the verifier can learn the truth; ``capacity``: some verifying
    authority closes cases.
    """
    out = _verification_zeros(config, oracle and capacity)
    if not shared:
        out.append(
            StructuralZero(
                Count.BIOMETRIC_LINKS,
                "siloed searches compare no biometrics across systems, and the MID links "
                "only records of different systems",
            )
        )
    if config.uncovered is not Uncovered.NO_LINK:
        out.append(
            StructuralZero(
                Count.UNCOVERED_NO_LINK,
                f"every uncovered match gets a link (policy {config.uncovered.value!r})",
            )
        )
    return tuple(out)

"""Whether a simulated figure agrees with a published one, and by how much it differs.

:func:`judge` compares an :class:`~analysis.estimate.Estimate` with the tolerance band of
a case (:meth:`Tolerance.band`):

- ``within``: the simulated value lies in the band;
- ``consistent``: the value lies outside, but its interval reaches the band (this world
  is too small to tell them apart);
- ``outside``: value and interval lie outside the band (the case's ``gap`` explains why);
- ``not expressible``: the model cannot compute the figure (the case says why);
- ``no data``: the figure could not be computed in this run (the message says why).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from analysis.estimate import Estimate

__all__ = ["Agreement", "Verdict", "judge"]


class Agreement(StrEnum):
    """The outcome of one case."""

    WITHIN = "within"
    CONSISTENT = "consistent"
    OUTSIDE = "outside"
    NOT_EXPRESSIBLE = "not expressible"
    NO_DATA = "no data"

    @property
    def agrees(self) -> bool:
        """True for ``within`` and ``consistent``."""
        return self in (Agreement.WITHIN, Agreement.CONSISTENT)


@dataclass(frozen=True)
class Verdict:
    """An agreement and the ratio of the simulated to the published value."""

    agreement: Agreement
    ratio: float | None


def _inside(x: float, low: float | None, high: float | None) -> bool:
    return (low is None or x >= low) and (high is None or x <= high)


def _reaches(lo: float, hi: float, low: float | None, high: float | None) -> bool:
    """Whether the interval ``[lo, hi]`` meets the band ``[low, high]``."""
    return (low is None or hi >= low) and (high is None or lo <= high)


def _ratio(value: float, published: float) -> float | None:
    if published == 0.0:
        return None
    ratio = value / published
    return ratio if math.isfinite(ratio) else None


def judge(estimate: Estimate, band: tuple[float | None, float | None], published: float) -> Verdict:
    """The agreement of ``estimate`` with the band of a case (see the module docstring)."""
    value = estimate.value
    if value is None or not math.isfinite(value):
        return Verdict(Agreement.NO_DATA, None)
    low, high = band
    ratio = _ratio(value, published)
    if _inside(value, low, high):
        return Verdict(Agreement.WITHIN, ratio)
    if estimate.has_interval:
        assert estimate.lower is not None
        assert estimate.upper is not None
        if _reaches(estimate.lower, estimate.upper, low, high):
            return Verdict(Agreement.CONSISTENT, ratio)
    return Verdict(Agreement.OUTSIDE, ratio)

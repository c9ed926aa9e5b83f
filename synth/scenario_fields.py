"""Value types of scenario fields, and cross-field problems reported through pydantic.

A check that spans several fields of a scenario section (a model validator) collects its
problems in :class:`Problems` and raises them as one pydantic ``ValidationError`` located
at the offending fields. :func:`schemas.config.parse` then reports them like every other
problem: with their dotted keys, together with the problems of the other sections.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from synth.groups import PopulationGroup
from synth.member_states import MEMBER_STATES
from synth.nationalities import NATIONALITY_BY_CODE

__all__ = [
    "Age",
    "MemberStateCode",
    "NationalityCode",
    "Probability",
    "Problems",
    "Weight",
    "Years",
    "per_group",
]

_MAX_WEIGHT = 1e12
_DAYS_PER_YEAR = 365.25


def _at_least_a_day(years: float) -> float:
    if years * _DAYS_PER_YEAR < 1.0:
        raise ValueError(f"must be at least one day ({1 / _DAYS_PER_YEAR:.4f} years)")
    return years


Probability = Annotated[float, Field(ge=0.0, le=1.0)]
#: A relative weight; bounded so that a table's sum stays finite.
Weight = Annotated[float, Field(ge=0.0, le=_MAX_WEIGHT)]
#: A period in years, from one day to a century (periods are counted in whole days).
Years = Annotated[float, Field(gt=0.0, le=100.0), AfterValidator(_at_least_a_day)]
Age = Annotated[int, Field(ge=0, le=150)]


def _nationality_code(code: str) -> str:
    if code not in NATIONALITY_BY_CODE:
        raise ValueError(
            f"unknown nationality code (known codes: {', '.join(sorted(NATIONALITY_BY_CODE))})"
        )
    return code


def _member_state_code(code: str) -> str:
    if code not in MEMBER_STATES:
        raise ValueError(f"not a Schengen member state (allowed: {', '.join(MEMBER_STATES)})")
    return code


NationalityCode = Annotated[str, AfterValidator(_nationality_code)]
MemberStateCode = Annotated[str, AfterValidator(_member_state_code)]


def per_group(values: Mapping[PopulationGroup, float]) -> dict[PopulationGroup, float]:
    """``values`` for every population group (0 for the groups not given)."""
    return {g: values.get(g, 0.0) for g in PopulationGroup}


def _plain_keys(values: Mapping[Any, Any]) -> dict[str, Any]:
    return {k.value if isinstance(k, Enum) else str(k): v for k, v in values.items()}


class Problems:
    """The cross-field problems of one scenario section, raised together."""

    def __init__(self) -> None:
        self._found: list[InitErrorDetails] = []

    def add(self, loc: tuple[str, ...], value: Any, reason: str) -> None:
        """Field ``loc`` (relative to the section) holds ``value``, which ``reason`` forbids."""
        error = PydanticCustomError("cross_field", "{reason}", {"reason": reason})
        self._found.append(InitErrorDetails(type=error, loc=loc, input=value))

    def positive_sum(
        self, loc: tuple[str, ...], weights: Mapping[Any, float] | Sequence[float]
    ) -> None:
        """Weights must not all be zero (they are normalised into probabilities)."""
        total = sum(weights.values()) if isinstance(weights, Mapping) else sum(weights)
        if total <= 0:
            shown = _plain_keys(weights) if isinstance(weights, Mapping) else list(weights)
            self.add(loc, shown, f"weights must have a positive sum (they sum to {total})")

    def order(
        self,
        low: tuple[str, Any],
        high: tuple[str, Any],
        relation: Literal["<=", "<", "before"] = "<=",
    ) -> None:
        """Field ``low`` = (key, value) must be ``relation`` field ``high`` = (key, value)."""
        (low_key, low_value), (high_key, high_value) = low, high
        ok = low_value <= high_value if relation == "<=" else low_value < high_value
        if not ok:
            shown = low_value.isoformat() if isinstance(low_value, dt.date) else low_value
            self.add((low_key,), shown, f"must be {relation} {high_key} ({high_value})")

    def raise_if_any(self, title: str) -> None:
        """Raise every problem found as one pydantic ``ValidationError``."""
        if self._found:
            raise ValidationError.from_exception_data(title, self._found)

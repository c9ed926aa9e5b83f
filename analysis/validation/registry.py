"""The registry of reference cases: every case, declared once, in one tuple.

The cases live with their topic (:mod:`~analysis.validation.cases_biometric`,
:mod:`~analysis.validation.cases_operators`, :mod:`~analysis.validation.cases_identity`,
:mod:`~analysis.validation.names`); :data:`CASES` joins them and :func:`case` finds one.
"""

from __future__ import annotations

from analysis.validation.case import ReferenceCase, Role
from analysis.validation.cases_biometric import BIOMETRIC_CASES
from analysis.validation.cases_identity import IDENTITY_CASES
from analysis.validation.cases_operators import OPERATOR_CASES
from analysis.validation.names import NAME_CASES

__all__ = ["CASES", "case", "cases"]


def _unique(cases: tuple[ReferenceCase, ...]) -> tuple[ReferenceCase, ...]:
    seen: set[str] = set()
    for c in cases:
        if c.key in seen:
            raise ValueError(f"reference case {c.key!r} is declared twice")
        seen.add(c.key)
    return cases


CASES: tuple[ReferenceCase, ...] = _unique(
    BIOMETRIC_CASES + OPERATOR_CASES + IDENTITY_CASES + NAME_CASES
)
"""Every reference case, biometric, operators', identity data, names."""


def case(key: str) -> ReferenceCase:
    """The case ``key``; ``KeyError`` naming the known keys otherwise."""
    for c in CASES:
        if c.key == key:
            return c
    raise KeyError(f"no reference case {key!r}; known: {', '.join(c.key for c in CASES)}")


def cases(role: Role | None = None, world: str | None = None) -> tuple[ReferenceCase, ...]:
    """The cases of one role (or all), optionally only those reading world ``world``."""
    return tuple(
        c for c in CASES if (role is None or c.role is role) and (world is None or c.world == world)
    )

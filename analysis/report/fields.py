"""Two records compared field by field, as the identity search compares them.

For the explanation of a link: each comparison of the identity search (name, birth date,
sex, nationality, place of birth, document) gives the pair a *level* (``exact``,
``variant``, ``day_month_swapped``, ...), and the MID field rules turn each level into
same, similar or different; the worst field decides the identity class of the pair
(the "I" of IO Arts. 30-33 [@eu-2019-817]). This is the breakdown behind the class, in
the manner of Splink's comparison levels; the pair's match probability (its weight of
evidence summed over the fields) is the link's ``identity_score``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from analysis._tree import Node
from schemas.tables import polars_schema

__all__ = ["FieldComparison", "compare_fields"]


@dataclass(frozen=True, kw_only=True)
class FieldComparison(Node):
    """One comparison of two records: its level and what the MID field rule makes of it."""

    field: str
    level: str
    category: str | None


def _defaults() -> tuple[Sequence[object], Mapping[str, object]] | None:
    """The identity search's default comparisons and field rules (None if unavailable)."""
    from linkage.identity.classify import DEFAULT_MID_RULES
    from linkage.identity.search import DEFAULT_COMPARISONS

    return DEFAULT_COMPARISONS, {r.comparison: r for r in DEFAULT_MID_RULES}


def _category(rule: object, level: str) -> str | None:
    if rule is None:
        return None
    if level == "missing":
        return str(getattr(rule, "missing", "different"))
    if level in getattr(rule, "same", ()):
        return "same"
    if level in getattr(rule, "similar", ()):
        return "similar"
    return "different"


def _typed(value: object, dtype: pl.DataType | type[pl.DataType]) -> object:
    """A date shown as ISO text (as the explanation shows it) back as a date; a date
    before year 1 (``-0001-...``), which Python cannot hold, as missing."""
    if dtype == pl.Date and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value


def compare_fields(a: Mapping[str, object], b: Mapping[str, object]) -> tuple[FieldComparison, ...]:
    """The comparison levels of records ``a`` and ``b`` (rows of ``identity_records``).

    Empty when the identity search's comparisons cannot be applied (then the explanation
    shows the two records side by side without levels).
    """
    found = _defaults()
    if found is None:
        return ()
    comparisons, rules = found
    schema = polars_schema("identity_records")
    frame = pl.DataFrame(
        [{c: _typed(row.get(c), schema[c]) for c in schema} for row in (a, b)],
        schema=schema,
        orient="row",
    )
    out = []
    try:
        for comparison in comparisons:
            name = str(getattr(comparison, "name", type(comparison).__name__))
            labels = tuple(getattr(comparison, "labels", ()))
            prepared = comparison.prepare(frame)  # type: ignore[attr-defined]
            (code,) = comparison.levels(prepared, np.array([0]), np.array([1]))  # type: ignore[attr-defined]
            level = "missing" if code < 0 else labels[int(code)]
            out.append(
                FieldComparison(field=name, level=level, category=_category(rules.get(name), level))
            )
    except (AttributeError, TypeError, ValueError, IndexError, pl.exceptions.PolarsError):
        return ()  # another version of the identity search: no levels, not a wrong answer
    return tuple(out)

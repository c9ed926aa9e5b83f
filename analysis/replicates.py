"""Combine the results of several replicate worlds (same scenario, different seeds).

Every :class:`~analysis.estimate.Estimate` becomes the mean of its replicate values with
a Student-t interval (method ``replicate-t``, ``n`` = replicates with a value). The
rest of the tree is combined by type: nodes field by field, mappings key by key (over
the worlds that have the key), tuples of nodes of equal length element by element;
other numbers are averaged when they differ, and strings, flags, dates and plain lists
are taken from the first world.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

from analysis._tree import OMIT_WHEN_NONE, Node
from analysis.estimate import Estimate, Method, clean_number
from analysis.intervals import replicate_interval

__all__ = ["combine", "combine_estimates"]


def _number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


#: Within-world methods whose figures are proportions (their mean stays in [0, 1]).
_PROPORTIONS = frozenset({Method.WILSON, Method.WILSON_CLUSTERED, Method.WILSON_OVERALL})
#: Within-world methods whose figures are counts or rates of counts (never negative).
_NON_NEGATIVE = _PROPORTIONS | {Method.POISSON, Method.POISSON_CLUSTERED, Method.COUNT}


def _clamped(
    lower: float | None, upper: float | None, mean: float, methods: set[Method]
) -> tuple[float | None, float | None]:
    """Student-t bounds kept in the range the figure can take (a share in [0, 1], a
    count at least 0): a symmetric interval around a small mean otherwise dips below 0."""
    if lower is not None and methods <= _NON_NEGATIVE:
        lower = min(max(lower, 0.0), mean)
    if upper is not None and methods <= _PROPORTIONS:
        upper = max(min(upper, 1.0), mean)
    return lower, upper


def combine_estimates(estimates: Sequence[Estimate], level: float = 0.95) -> Estimate:
    """The mean of replicate estimates with its Student-t interval.

    The values are combined as ``metrics.json`` holds them (10 significant digits), so a
    combination of read-back files equals the combination of the computed results. The
    bounds stay in the range of the figure (:func:`_clamped`). A zero that is structural
    in every world stays a structural zero, without an interval. The within-world design
    effect no longer applies (the spread across worlds replaces it); ``depends_on_n``
    holds when it holds in any world.
    """
    first = estimates[0]
    size_dependent = any(e.depends_on_n for e in estimates)
    if all(e.structural for e in estimates):
        return dataclasses.replace(first, replicates=len(estimates), depends_on_n=size_dependent)
    values = [v for e in estimates if (v := clean_number(e.value)) is not None]
    mean, lower, upper, n = replicate_interval([float(v) for v in values], level)
    counts = [c for e in estimates if (c := clean_number(e.count)) is not None]
    if n > 0 and math.isfinite(mean):
        lower, upper = _clamped(lower, upper, mean, {e.method for e in estimates})
    return dataclasses.replace(
        first,
        value=None if n == 0 or not math.isfinite(mean) else mean,
        lower=lower,
        upper=upper,
        n=n,
        method=Method.REPLICATE_T,
        count=sum(counts) / len(counts) if counts else first.count,
        replicates=len(estimates),
        replicate_method=first.method,
        design_effect=None,
        structural=False,
        depends_on_n=size_dependent,
    )


def _combine_nodes(items: Sequence[Node], level: float) -> Node:
    first = items[0]
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(first):  # type: ignore[arg-type]
        values = [getattr(i, f.name) for i in items]
        if f.metadata.get(OMIT_WHEN_NONE):  # absent in some worlds: combine where present
            values = [v for v in values if v is not None] or [None]
        changes[f.name] = combine(values, level)
    return dataclasses.replace(first, **changes)  # type: ignore[type-var]


def _combine_mappings(items: Sequence[Mapping[str, Any]], level: float) -> dict[str, Any]:
    keys: dict[str, None] = {}
    for i in items:
        keys.update(dict.fromkeys(i))
    return {k: combine([i[k] for i in items if k in i], level) for k in keys}


def _combine_tuples(items: Sequence[tuple[Any, ...]], level: float) -> tuple[Any, ...]:
    same_length = len({len(i) for i in items}) == 1
    if same_length and all(isinstance(e, Node) for i in items for e in i):
        return tuple(combine(list(column), level) for column in zip(*items, strict=True))
    return items[0]


def combine(items: Sequence[Any], level: float = 0.95) -> Any:
    """One value of a result tree from its values in several replicate worlds (a value
    that only one world has, as the primary world's virtual-gallery figures, is kept)."""
    first = items[0]
    if len(items) == 1:
        return first
    if all(isinstance(i, Estimate) for i in items):
        return combine_estimates(items, level)
    if all(isinstance(i, Node) for i in items):
        return _combine_nodes(items, level)
    if all(isinstance(i, Mapping) for i in items):
        return _combine_mappings(items, level)
    if all(isinstance(i, tuple) for i in items):
        return _combine_tuples(items, level)
    if all(_number(i) for i in items) and len(set(items)) > 1:
        return sum(items) / len(items)
    return first

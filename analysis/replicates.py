"""Combine the results of several replicate worlds (same scenario, different seeds).

:func:`interval_coverage` checks, over replicate worlds, that a figure's within-world
intervals cover its spread from seed to seed (``benchmarks/bench_scale_coverage.py`` and a
slow test run it).

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
from dataclasses import dataclass
from typing import Any

import numpy as np

from analysis._tree import OMIT_WHEN_NONE, Node
from analysis.estimate import Estimate, Method, clean_number
from analysis.intervals import replicate_interval, z_value

__all__ = [
    "DEFAULT_REPLICATES",
    "Coverage",
    "combine",
    "combine_estimates",
    "interval_coverage",
    "replicate_seeds",
]


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


@dataclass(frozen=True)
class Coverage:
    """How well one figure's within-world intervals describe its spread across seeds.

    ``spread``: the standard deviation of the worlds' values; ``half_width``: the mean
    half-width of their intervals divided by the normal quantile (the standard error the
    intervals imply); ``ratio`` = spread / half_width (about 1 when the intervals are
    right, above 1 when they understate the spread); ``covered``: the worlds whose
    interval holds the mean of the *other* worlds (leave-one-out, so that a world's own
    value does not pull the target towards it), out of ``worlds``.
    """

    figure: str
    worlds: int
    mean: float
    spread: float
    half_width: float
    ratio: float
    covered: int

    @property
    def share_covered(self) -> float:
        """``covered / worlds``."""
        return self.covered / self.worlds if self.worlds else math.nan

    def to_json(self) -> dict[str, float | int | str]:
        """The check as a JSON object (floats rounded like metrics.json)."""
        out: dict[str, float | int | str] = {"figure": self.figure, "worlds": self.worlds}
        for key in ("mean", "spread", "half_width", "ratio", "share_covered"):
            value = clean_number(getattr(self, key))
            out[key] = math.nan if value is None else value
        out["covered"] = self.covered
        return out


def interval_coverage(figure: str, estimates: Sequence[Estimate], level: float = 0.95) -> Coverage:
    """Check the intervals of one figure over replicate worlds (see :class:`Coverage`)."""
    usable = [e for e in estimates if e.value is not None and e.has_interval]
    values = np.asarray([e.value for e in usable], dtype=np.float64)
    n = values.size
    if n < 2:
        return Coverage(figure, n, math.nan, math.nan, math.nan, math.nan, 0)
    z = z_value(level)
    halves = np.asarray([(e.upper or 0.0) - (e.lower or 0.0) for e in usable]) / 2.0
    se = float(halves.mean()) / z
    spread = float(values.std(ddof=1))
    covered = 0
    for i, e in enumerate(usable):
        others = float(np.delete(values, i).mean())
        covered += int((e.lower or 0.0) <= others <= (e.upper or 0.0))
    ratio = spread / se if se > 0 else math.inf
    return Coverage(figure, n, float(values.mean()), spread, se, ratio, covered)


#: Replicate worlds a run should analyse by default for its per-person figures: five
#: give a Student-t interval with 4 degrees of freedom (quantile 2.78, against 4.30 for
#: three), at the cost of generating and linking four more worlds of the same size.
DEFAULT_REPLICATES = 5
_SEED_STEP = 1_000_000


def replicate_seeds(seed: int, replicates: int = DEFAULT_REPLICATES) -> tuple[int, ...]:
    """The seeds of a run's replicate worlds: ``seed`` first, then ``seed + k * 10^6``.

    The step keeps the replicates of runs with nearby seeds (42, 43, ...) apart, so two
    runs never share a replicate world.
    """
    if replicates < 1:
        raise ValueError(f"replicates must be at least 1, got {replicates}")
    return tuple(seed + k * _SEED_STEP for k in range(replicates))

"""Combine the metrics of several replicate worlds (same scenario, different seeds).

Every figure (:func:`analysis.figures.is_figure`) becomes the mean of its replicate
values with a Student-t interval (method ``replicate-t``, ``n`` = replicates with a
value). Other numbers are averaged, strings and flags are taken from the first world,
lists of equal length are combined element by element.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from analysis.figures import is_figure
from analysis.intervals import replicate_interval

__all__ = ["combine_replicates"]


def _number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _combine_figures(figs: Sequence[dict[str, Any]], level: float) -> dict[str, Any]:
    values = [f["value"] for f in figs if _number(f["value"])]
    mean, lower, upper, n = replicate_interval(values, level)
    out = dict(figs[0])
    out.update(
        {
            "value": None if n == 0 or not math.isfinite(mean) else mean,
            "lower": lower,
            "upper": upper,
            "n": n,
            "method": "replicate-t",
            "replicates": len(figs),
            "replicate_method": figs[0]["method"],
        }
    )
    counts = [f["count"] for f in figs if _number(f.get("count"))]
    if counts:
        out["count"] = sum(counts) / len(counts)
    return out


def _combine(items: Sequence[Any], level: float) -> Any:
    first = items[0]
    if all(is_figure(i) for i in items):
        return _combine_figures(items, level)
    if all(isinstance(i, dict) for i in items):
        keys: dict[str, None] = {}
        for i in items:
            keys.update(dict.fromkeys(i))
        return {k: _combine([i[k] for i in items if k in i], level) for k in keys}
    if all(isinstance(i, list) for i in items):
        if len({len(i) for i in items}) == 1 and all(isinstance(e, dict) for i in items for e in i):
            return [_combine([i[j] for i in items], level) for j in range(len(first))]
        return first
    if all(_number(i) for i in items):
        if len(set(items)) == 1:
            return first
        return sum(items) / len(items)
    return first


def combine_replicates(trees: Sequence[dict[str, Any]], level: float = 0.95) -> dict[str, Any]:
    """One metrics tree from the trees of several replicate worlds."""
    if not trees:
        raise ValueError("no replicate metrics to combine")
    if len(trees) == 1:
        return trees[0]
    result = _combine(list(trees), level)
    assert isinstance(result, dict)
    return result

"""Paired differences between the arms of an experiment, at figure, group and person level.

Arms run on the same seeds. Arms that differ only in the linkage share the generated world
and the link seed stream (common random numbers), so most of the world-to-world noise is the
same in both and cancels in the difference ``B - A`` of each seed. Its mean over the seeds,
with a Student-t interval on the per-seed differences (a paired interval), resolves effects
far smaller than two separate intervals would: the unpaired (Welch) interval is given next
to it to show how much the pairing gains.

Person level: for each seed, who has an outcome (wrongly linked, ...) only under B, only
under A, or under both. The net change ``only B - only A`` equals the difference of the
counts, but shows how much turnover a small net change hides. By group: the same counts per
value of each group dimension, each with its paired interval.

A power hint answers "how many replicates would a difference of this size need?": the
smallest number of seeds at which a two-sided paired t-test at the chosen level has the
chosen power against the observed mean difference, taking the observed spread as known.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import stats

from analysis.estimate import Estimate, Method
from analysis.intervals import replicate_interval

__all__ = [
    "CHANGES",
    "GroupShift",
    "PairedDifference",
    "PersonShift",
    "paired_difference",
    "person_changes",
    "person_shift",
    "replicates_needed",
]

#: The person-level categories of a comparison of arm A with arm B.
CHANGES = ("only_b", "only_a", "both")

_MAX_REPLICATES = 100_000


def _mean(values: Sequence[float], unit: str, level: float, method: Method) -> Estimate:
    mean, lower, upper, n = replicate_interval(values, level)
    return Estimate(
        None if n == 0 else mean,
        lower,
        upper,
        n,
        Method.REPLICATE_T,
        unit,
        replicates=n,
        replicate_method=method,
    )


def _welch(a: Sequence[float], b: Sequence[float], level: float, unit: str) -> Estimate:
    """The difference of the two means with a Welch interval (as if unpaired)."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    diff = float(y.mean() - x.mean())
    if x.size < 2 or y.size < 2:
        return Estimate(diff, None, None, int(min(x.size, y.size)), Method.DIFFERENCE, unit)
    va, vb = float(x.var(ddof=1)) / x.size, float(y.var(ddof=1)) / y.size
    se = math.sqrt(va + vb)
    denominator = va**2 / (x.size - 1) + vb**2 / (y.size - 1)
    if se == 0 or denominator == 0:
        return Estimate(diff, diff, diff, int(x.size), Method.DIFFERENCE, unit)
    df = (va + vb) ** 2 / denominator
    half = float(stats.t.ppf(0.5 + level / 2, df)) * se
    note = "Welch interval, as if the arms did not share worlds"
    return Estimate(diff, diff - half, diff + half, int(x.size), Method.DIFFERENCE, unit, note=note)


def replicates_needed(
    mean: float, sd: float, level: float = 0.95, power: float = 0.8
) -> int | None:
    """Seeds a paired t-test needs to detect ``mean`` with ``power`` (None: no effect).

    The power of the two-sided test with ``n`` pairs is that of a noncentral t with
    ``n - 1`` degrees of freedom and noncentrality ``|mean| / sd * sqrt(n)``.
    """
    if not math.isfinite(mean) or mean == 0 or not math.isfinite(sd):
        return None
    if sd == 0:
        return 2

    def power_at(n: int) -> float:
        crit = float(stats.t.ppf(0.5 + level / 2, n - 1))
        nc = abs(mean) / sd * math.sqrt(n)
        return float(stats.nct.sf(crit, n - 1, nc) + stats.nct.cdf(-crit, n - 1, nc))

    if power_at(_MAX_REPLICATES) < power:
        return None
    lo, hi = 2, 2
    while power_at(hi) < power:
        lo, hi = hi, hi * 2
    while lo < hi:
        mid = (lo + hi) // 2
        if power_at(mid) >= power:
            hi = mid
        else:
            lo = mid + 1
    return hi


@dataclass(frozen=True)
class PairedDifference:
    """``B - A`` of one figure over the seeds both arms ran, with its paired interval."""

    figure: str
    label: str
    arm_a: str
    arm_b: str
    point: str
    unit: str
    a: Estimate
    b: Estimate
    difference: Estimate
    unpaired: Estimate
    sd: float | None
    replicates_needed: int | None
    shared_worlds: bool
    """True when every seed's two runs linked the same generated world."""

    @property
    def excludes_zero(self) -> bool:
        """Whether the paired interval lies wholly above or wholly below zero."""
        d = self.difference
        if not d.has_interval or d.lower is None or d.upper is None:
            return False
        return d.lower > 0 or d.upper < 0

    @property
    def seeds(self) -> int:
        return self.difference.n or 0

    def verdict(self) -> str:
        """One honest sentence about the difference."""
        d = self.difference
        if d.value is None:
            return "no seed ran both arms"
        if not d.has_interval:
            return "one seed only: no interval (run more replicates)"
        if self.excludes_zero:
            return "the paired interval excludes zero"
        need = self.replicates_needed
        more = f"; about {need} seeds would detect a difference this size" if need else ""
        return f"the paired interval includes zero: no difference resolved{more}"


def paired_difference(
    a: Mapping[int, float],
    b: Mapping[int, float],
    *,
    figure: str,
    label: str = "",
    arms: tuple[str, str] = ("A", "B"),
    point: str = "base",
    unit: str = "",
    level: float = 0.95,
    power: float = 0.8,
    shared_worlds: bool = True,
) -> PairedDifference:
    """``b - a`` over the seeds both have (``a``, ``b``: value by seed)."""
    seeds = sorted(s for s in a.keys() & b.keys() if _finite(a[s]) and _finite(b[s]))
    xa = [float(a[s]) for s in seeds]
    xb = [float(b[s]) for s in seeds]
    d = [y - x for x, y in zip(xa, xb, strict=True)]
    diff = _mean(d, unit, level, Method.DIFFERENCE)
    diff = Estimate(
        diff.value,
        diff.lower,
        diff.upper,
        diff.n,
        Method.DIFFERENCE,
        unit,
        note=f"paired Student-t interval over {len(d)} seeds",
        replicates=len(d),
        replicate_method=Method.DIFFERENCE,
    )
    sd = float(np.std(d, ddof=1)) if len(d) > 1 else None
    needed = (
        replicates_needed(diff.value, sd, level, power)
        if diff.value is not None and sd is not None
        else None
    )
    return PairedDifference(
        figure=figure,
        label=label,
        arm_a=arms[0],
        arm_b=arms[1],
        point=point,
        unit=unit,
        a=_mean(xa, unit, level, Method.POINT),
        b=_mean(xb, unit, level, Method.POINT),
        difference=diff,
        unpaired=_welch(xa, xb, level, unit) if d else Estimate(None, method=Method.DIFFERENCE),
        sd=sd,
        replicates_needed=needed,
        shared_worlds=shared_worlds,
    )


def _finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


# -- person level --------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonShift:
    """Per world, how many people have the outcome only under B, only under A, under both."""

    outcome: str
    arm_a: str
    arm_b: str
    only_b: Estimate
    only_a: Estimate
    both: Estimate
    net: Estimate
    """``only_b - only_a`` per seed: the paired difference of the counts."""
    exact: bool
    """True when both arms hold the same synthetic persons in every seed."""


@dataclass(frozen=True)
class GroupShift:
    """The person-level changes of one group (one value of one dimension)."""

    dimension: str
    group: str
    registered: float
    only_b: Estimate
    only_a: Estimate
    both: Estimate
    net: Estimate


def person_changes(
    a: pl.DataFrame, b: pl.DataFrame, outcome: str, dims: Sequence[str] = ()
) -> pl.DataFrame:
    """One row per registered person with ``outcome`` under A or B: ``change`` is one of
    :data:`CHANGES`; ``dims`` are carried from ``b`` (person attributes)."""
    left = a.filter(pl.col("registered")).select("person_id", pl.col(outcome).alias("_a"))
    keep = [d for d in dims if d in b.columns]
    right = b.filter(pl.col("registered")).select("person_id", pl.col(outcome).alias("_b"), *keep)
    joined = left.join(right, on="person_id", how="full", coalesce=True).with_columns(
        pl.col("_a").fill_null(False), pl.col("_b").fill_null(False)
    )
    change = (
        pl.when(pl.col("_a") & pl.col("_b"))
        .then(pl.lit("both"))
        .when(pl.col("_b"))
        .then(pl.lit("only_b"))
        .when(pl.col("_a"))
        .then(pl.lit("only_a"))
    )
    return (
        joined.with_columns(change.alias("change"))
        .filter(pl.col("change").is_not_null())
        .select("person_id", "change", *keep)
        .sort("person_id")
    )


def _counts(changes: pl.DataFrame) -> dict[str, int]:
    found = dict(changes.group_by("change").len().iter_rows())
    return {c: int(found.get(c, 0)) for c in CHANGES}


def _shift_estimates(per_seed: Sequence[Mapping[str, int]], level: float) -> dict[str, Estimate]:
    out = {
        c: _mean([float(s[c]) for s in per_seed], "persons", level, Method.COUNT) for c in CHANGES
    }
    net = [float(s["only_b"] - s["only_a"]) for s in per_seed]
    out["net"] = _mean(net, "persons", level, Method.DIFFERENCE)
    return out


def person_shift(
    changes: Mapping[int, pl.DataFrame],
    registered: Mapping[int, pl.DataFrame],
    *,
    outcome: str,
    arms: tuple[str, str],
    dims: Sequence[str],
    exact: bool,
    level: float = 0.95,
) -> tuple[PersonShift, list[GroupShift]]:
    """The person shift over seeds and its breakdown by group.

    ``changes[seed]`` is :func:`person_changes` of that seed; ``registered[seed]`` the
    registered persons of arm B with their ``dims`` (the group sizes).
    """
    seeds = sorted(changes)
    overall = _shift_estimates([_counts(changes[s]) for s in seeds], level)
    groups: list[GroupShift] = []
    for dim in dims:
        values = sorted(
            {str(v) for s in seeds for v in registered[s][dim].unique().to_list() if v is not None}
        )
        for value in values:
            per_seed = [
                _counts(changes[s].filter(pl.col(dim).cast(pl.String) == value)) for s in seeds
            ]
            size = np.mean(
                [registered[s].filter(pl.col(dim).cast(pl.String) == value).height for s in seeds]
            )
            est = _shift_estimates(per_seed, level)
            groups.append(GroupShift(dim, value, float(size), **est))
    shift = PersonShift(outcome, arms[0], arms[1], exact=exact, **overall)
    return shift, groups

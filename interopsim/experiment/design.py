"""The points of an experiment: a baseline, a sweep (grid or sampled) and a sensitivity design.

A :class:`Point` sets some parameters (dotted keys) to values; every arm is run at every
point and every seed. Sampled sweeps are Latin hypercubes (:mod:`scipy.stats.qmc`);
sensitivity designs come from SALib (:func:`analysis.sensitivity.morris_design`,
:func:`analysis.sensitivity.sobol_design`), plus, for the tornado chart, each factor at the
low and the high end of its range with the others at their defaults.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from scipy.stats import qmc

from analysis.sensitivity import Factor, morris_design, sobol_design
from interopsim.experiment.config import SensitivityConfig, SweepConfig
from interopsim.experiment.params import (
    ParameterRef,
    Space,
    assumption_parameters,
    resolve_parameter,
)
from schemas.errors import ConfigError

__all__ = ["Design", "Point", "SensitivityDesign", "build_design"]

Value = float | int | bool | str


@dataclass(frozen=True)
class Point:
    """Parameter values every arm is run with (none for the baseline)."""

    index: int
    design: str
    """``base``, ``grid``, ``sample``, ``tornado``, ``morris`` or ``sobol``."""
    values: tuple[tuple[str, Value], ...] = ()

    @property
    def name(self) -> str:
        """The point's directory name: ``base`` or ``p0003``."""
        return "base" if self.design == "base" else f"p{self.index:04d}"

    def value_map(self) -> dict[str, Value]:
        return dict(self.values)


@dataclass(frozen=True)
class SensitivityDesign:
    """The factors, the SALib sample matrix and the points that run its rows."""

    method: str
    factors: tuple[Factor, ...]
    matrix: tuple[tuple[float, ...], ...]
    rows: tuple[int, ...]
    """The point index of each row of ``matrix``."""
    tornado: tuple[tuple[int, int], ...]
    """Per factor: the points at its low and high end (empty without a tornado)."""
    figures: tuple[str, ...]
    levels: int


@dataclass(frozen=True)
class Design:
    """Every point of an experiment, the parameters they vary and the sensitivity design."""

    points: tuple[Point, ...]
    parameters: tuple[ParameterRef, ...]
    sensitivity: SensitivityDesign | None


def _cast(ref: ParameterRef, value: Any) -> Value:
    """``value`` as the parameter takes it (whole numbers for an integer parameter)."""
    if ref.integer and isinstance(value, float):
        return round(value)
    return value  # type: ignore[no-any-return]


def _grid(sweep: SweepConfig, refs: Sequence[ParameterRef]) -> list[tuple[tuple[str, Value], ...]]:
    lists = [[_cast(r, v) for v in sweep.values[r.key]] for r in refs]
    return [
        tuple(zip([r.key for r in refs], combo, strict=True)) for combo in itertools.product(*lists)
    ]


def _sampled(
    sweep: SweepConfig, refs: Sequence[ParameterRef]
) -> list[tuple[tuple[str, Value], ...]]:
    unit = qmc.LatinHypercube(d=len(refs), seed=sweep.seed).random(sweep.samples)
    lows = [sweep.ranges[r.key][0] for r in refs]
    highs = [sweep.ranges[r.key][1] for r in refs]
    scaled = qmc.scale(unit, lows, highs)
    return [
        tuple((r.key, _cast(r, float(x))) for r, x in zip(refs, row, strict=True)) for row in scaled
    ]


def _sweep_refs(sweep: SweepConfig, defaults: Mapping[Space, BaseModel]) -> list[ParameterRef]:
    table = "values" if sweep.design == "grid" else "ranges"
    keys = list(sweep.values if sweep.design == "grid" else sweep.ranges)
    return [resolve_parameter(k, defaults, f"sweep.{table}") for k in keys]


def _factor(ref: ParameterRef, given: Mapping[str, tuple[float, float]]) -> Factor:
    if not ref.numeric:
        raise ConfigError(f"sensitivity.parameters: {ref.key} is not a number")
    if ref.key in given:
        low, high = given[ref.key]
        source = "experiment file"
    elif ref.plausible is not None:
        low, high = ref.plausible
        source = "provenance"
    else:
        raise ConfigError(
            f"sensitivity.parameters: {ref.key} declares no plausible range in its "
            "provenance; give one in [sensitivity.ranges]"
        )
    note = ref.provenance.label() if ref.provenance else "no stated source"
    return Factor(
        key=ref.key,
        low=float(low),
        high=float(high),
        default=float(ref.default),
        integer=ref.integer,
        range_source=source,
        note=note,
    )


def _factors(
    config: SensitivityConfig, defaults: Mapping[Space, BaseModel]
) -> tuple[list[ParameterRef], list[Factor]]:
    if config.parameters == "assumptions":
        refs = assumption_parameters(defaults)
        refs += [
            resolve_parameter(k, defaults, "sensitivity.ranges")
            for k in config.ranges
            if k not in {r.key for r in refs}
        ]
        if not refs:
            raise ConfigError(
                "sensitivity.parameters: no assumption declares a plausible range yet; "
                "name the parameters and give their [sensitivity.ranges]"
            )
    else:
        refs = [resolve_parameter(k, defaults, "sensitivity.parameters") for k in config.parameters]
    unused = sorted(set(config.ranges) - {r.key for r in refs})
    if unused:
        raise ConfigError(f"sensitivity.ranges: {unused} are not varied parameters")
    return refs, [_factor(r, config.ranges) for r in refs]


def _sensitivity_points(
    config: SensitivityConfig, factors: Sequence[Factor], start: int
) -> tuple[list[Point], SensitivityDesign]:
    """The tornado's one-at-a-time points, then the SALib design's, from index ``start``."""
    points: list[Point] = []
    tornado: list[tuple[int, int]] = []
    if config.tornado:
        for f in factors:
            low = Point(start + len(points), "tornado", ((f.key, f.cast(f.low)),))
            high = Point(start + len(points) + 1, "tornado", ((f.key, f.cast(f.high)),))
            points += [low, high]
            tornado.append((low.index, high.index))
    if config.method == "morris":
        matrix = morris_design(factors, config.trajectories, config.levels, config.seed)
    else:
        matrix = sobol_design(factors, config.samples, config.seed)
    rows = []
    for row in matrix:
        values = tuple((f.key, f.cast(x)) for f, x in zip(factors, row, strict=True))
        points.append(Point(start + len(points), config.method, values))
        rows.append(points[-1].index)
    design = SensitivityDesign(
        method=config.method,
        factors=tuple(factors),
        matrix=tuple(tuple(float(x) for x in row) for row in matrix),
        rows=tuple(rows),
        tornado=tuple(tornado),
        figures=tuple(config.figures),
        levels=config.levels,
    )
    return points, design


def build_design(
    sweep: SweepConfig | None,
    sensitivity: SensitivityConfig | None,
    defaults: Mapping[Space, BaseModel],
) -> Design:
    """The points of an experiment: a baseline unless only a sweep is asked, then the
    sweep's points, then the sensitivity design's (ConfigError for an unknown key)."""
    points: list[Point] = []
    refs: list[ParameterRef] = []
    if sweep is None or sensitivity is not None:
        points.append(Point(0, "base"))
    if sweep is not None:
        sweep_refs = _sweep_refs(sweep, defaults)
        rows = _grid(sweep, sweep_refs) if sweep.design == "grid" else _sampled(sweep, sweep_refs)
        points += [Point(len(points) + i, sweep.design, row) for i, row in enumerate(rows)]
        refs += sweep_refs
    design = None
    if sensitivity is not None:
        sens_refs, factors = _factors(sensitivity, defaults)
        more, design = _sensitivity_points(sensitivity, factors, len(points))
        points += more
        refs += [r for r in sens_refs if r.key not in {x.key for x in refs}]
    return Design(tuple(points), tuple(refs), design)

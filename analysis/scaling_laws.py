"""Every per-person and per-search error figure as a function of the population size.

A figure (people wrongly linked, merged, false links per search, records sharing name and
birth date per search, searches with a false biometric match) is split by mechanism
(:mod:`analysis.mechanisms`), and each mechanism follows its own law in the size ``S`` of
what the errors are drawn from:

- **constant** (``a``): the person-level mechanisms (a borrowed identity or document and
  its real holder, look-alikes, relatives, one person's own records). Each person brings
  their own chance of them, so the share per person or per search does not change with
  the population; the number of such pairs grows linearly with ``N``.
- **random share** (``1 - (1 - q)^S``): a person or search hurt by at least one random
  coincidence among ``S`` others: random identity collisions (``S`` = stored CIR records)
  and random biometric false matches (``S`` = stored biometric templates; Daugman's
  ``FPIR(N) = 1 - (1 - FMR)^N`` [@daugman-identification]). The pairs grow as ``S^2``, the
  share per person about linearly while it is small.
- **random mean** (``q S``): the mean number of random coincidences per search.

The parameter of each law (``a`` or ``q``) is estimated on the whole world, its interval
from the figure's clustered interval (design effect of :mod:`analysis.mechanisms`); the
law is checked on nested sub-worlds keeping a share of the population's units (their
observed figures against the law's, and the fitted exponent ``b`` of ``figure ~ N^b``:
0 for a constant law, about 1 for a random one). The laws are evaluated at the world's
size, at standard population sizes, and at real scale: the CIR's ~300 million records
[@statewatch-2019-interoperability-irregular] and the sBMS's ~400 million templates
[@commission-2025-sbms-launch]. A size in persons ``N`` stands for the sizes ``S`` that
the world has per person (stored records and templates per person of the truth table).
The random-share law treats every person alike; with heterogeneous people (common and rare
names) it over-states the share at large ``S``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

import numpy as np
import polars as pl

from analysis._tree import Node, replace_estimates
from analysis.config import AnalysisConfig
from analysis.estimate import Estimate, Method
from analysis.mechanisms import GROWING, PRIORITY, FigureCounts, Mechanism
from analysis.truth import WorldData

T = TypeVar("T")

__all__ = [
    "FIGURES",
    "STANDARD_PERSONS",
    "FigureSpec",
    "Kind",
    "Law",
    "LawPoint",
    "MechanismLaw",
    "Mechanisms",
    "ScaledFigure",
    "SizeVariable",
    "flag_size_dependence",
    "law_value",
    "mechanisms_section",
    "scaled_figure",
    "size_variables",
]

#: Population sizes (persons) at which every law is evaluated besides the world's own.
STANDARD_PERSONS: tuple[float, ...] = (1e5, 3e5, 1e6, 5e6)


class Law(StrEnum):
    """How a mechanism's share per person or per search depends on the size ``S``."""

    CONSTANT = "constant"
    RANDOM_SHARE = "random-share"
    RANDOM_MEAN = "random-mean"


_FORMULA = {
    Law.CONSTANT: "a",
    Law.RANDOM_SHARE: "1 - (1 - q)^S",
    Law.RANDOM_MEAN: "q S",
}


class Kind(StrEnum):
    """A figure is a share (of persons, of searches) or a mean count per search."""

    SHARE = "share"
    MEAN = "mean"


@dataclass(frozen=True, kw_only=True)
class SizeVariable(Node):
    """What ``S`` counts for a law: at the world, per person, and at real scale."""

    description: str
    at_world: float
    per_person: float
    real_scale: float
    real_scale_source: str


@dataclass(frozen=True, kw_only=True)
class MechanismLaw(Node):
    """One mechanism's part of a figure: its law, parameter and values at other sizes.

    ``observed_by_fraction[i]`` is the mechanism's part of the figure in the sub-world
    keeping ``fractions[i]`` of the units (the figure's ``points``).
    """

    law: Law
    formula: str
    size: str
    count: Estimate
    observed: Estimate
    parameter: Estimate
    exponent: Estimate
    expected_exponent: float
    observed_by_fraction: tuple[Estimate, ...]
    at_real_scale: Estimate


@dataclass(frozen=True, kw_only=True)
class LawPoint(Node):
    """A figure at one size: the law's value, and what was observed where simulated."""

    label: str
    persons: float
    extrapolated: bool
    law: Estimate
    observed: Estimate | None = None


@dataclass(frozen=True, kw_only=True)
class ScaledFigure(Node):
    """A per-person or per-search figure as a function of the population size.

    ``path``: where the figure lives in the metrics (null when it is only here);
    ``depends_on_n``: the law at real scale differs from the world's figure beyond its
    interval; ``law``: the sum of the mechanisms' formulas.
    """

    label: str
    path: str | None
    kind: Kind
    unit: str
    depends_on_n: bool
    law: str
    observed: Estimate
    at_world: Estimate
    at_real_scale: Estimate
    mechanisms: Mapping[str, MechanismLaw]
    points: tuple[LawPoint, ...]
    points_within_interval: Estimate
    at_sizes: tuple[LawPoint, ...]


@dataclass(frozen=True, kw_only=True)
class Mechanisms(Node):
    """The ``mechanisms`` section: figures by mechanism with their scale laws."""

    persons: float
    fractions: tuple[float, ...]
    sizes: Mapping[str, SizeVariable]
    figures: Mapping[str, ScaledFigure]


@dataclass(frozen=True)
class FigureSpec:
    """What one figure is: its label, where it lives, share or mean, unit and scale."""

    key: str
    label: str
    path: tuple[str, ...] | None
    kind: Kind
    unit: str
    scale: float = 1.0
    flags: tuple[tuple[str, ...], ...] = ()


#: Which size variable each growing mechanism draws its coincidences from.
SIZE_OF: dict[Mechanism, str] = {
    Mechanism.IDENTITY_COLLISION: "records",
    Mechanism.BIOMETRIC_FALSE_MATCH: "templates",
}


def law_value(law: Law, observed: float | None, ratio: float) -> float | None:
    """The law's value at ``ratio`` times the world's size, from the world's value."""
    if observed is None:
        return None
    if law is Law.CONSTANT:
        return observed
    if law is Law.RANDOM_MEAN:
        return observed * ratio
    s = min(max(observed, 0.0), 1.0)
    if s >= 1.0:
        return 1.0
    return -math.expm1(ratio * math.log1p(-s))


def _parameter(law: Law, observed: float | None, size: float) -> float | None:
    """``a`` (constant) or ``q`` per unit of ``S`` from the world's value."""
    if observed is None or law is Law.CONSTANT:
        return observed
    if size <= 0:
        return None
    if law is Law.RANDOM_MEAN:
        return observed / size
    s = min(max(observed, 0.0), 1.0 - 1e-15)
    return -math.expm1(math.log1p(-s) / size)


def _map(e: Estimate, f: Callable[[float | None], float | None], **kw: object) -> Estimate:
    """``e`` with value and bounds sent through the increasing function ``f``."""
    return Estimate(
        f(e.value),
        f(e.lower),
        f(e.upper),
        e.n,
        kw.pop("method", Method.EXTRAPOLATION),  # type: ignore[arg-type]
        str(kw.pop("unit", e.unit)),
        design_effect=e.design_effect,
        **kw,  # type: ignore[arg-type]
    )


def _observed(spec: FigureSpec, k: float, n: float, deff: float, level: float) -> Estimate:
    """The figure's value ``k / n`` (times its scale) with its clustered interval."""
    if spec.kind is Kind.SHARE:
        return Estimate.rate(k, n, level, unit=spec.unit, design_effect=deff)
    if n <= 0:
        return Estimate(None, None, None, 0, Method.POISSON, spec.unit, count=k)
    return Estimate.scaled_events(k, spec.scale / n, spec.unit, level, int(n), design_effect=deff)


def _sum(parts: list[Estimate], unit: str, kind: Kind, **kw: object) -> Estimate:
    """The sum of independent parts, each side's half-width added in quadrature (a share
    is capped at 1)."""
    if not parts or any(p.value is None for p in parts):
        return Estimate(None, None, None, None, Method.EXTRAPOLATION, unit, **kw)  # type: ignore[arg-type]
    values = [p.value or 0.0 for p in parts]
    lows = [v if p.lower is None else p.lower for v, p in zip(values, parts, strict=True)]
    highs = [v if p.upper is None else p.upper for v, p in zip(values, parts, strict=True)]
    total = sum(values)
    down = math.sqrt(sum((v - lo) ** 2 for v, lo in zip(values, lows, strict=True)))
    up = math.sqrt(sum((hi - v) ** 2 for v, hi in zip(values, highs, strict=True)))
    top = 1.0 if kind is Kind.SHARE else math.inf
    value = min(total, top)
    return Estimate(
        value,
        min(max(total - down, 0.0), value),
        max(min(total + up, top), value),
        None,
        Method.EXTRAPOLATION,
        unit,
        **kw,  # type: ignore[arg-type]
    )


def _exponent(
    counts: tuple[float, ...], dens: tuple[float, ...], fractions: tuple[float, ...], deff: float
) -> Estimate:
    """Slope ``b`` of log(figure) on log(size) over the sub-worlds with events (weights:
    the events, shrunk by the design effect)."""
    unit = "exponent b of figure ~ N^b"
    pts = [
        (math.log(f), math.log(k / n), k / deff)
        for f, k, n in zip(fractions, counts, dens, strict=True)
        if k > 0 and n > 0
    ]
    if len(pts) < 2 or len({p[0] for p in pts}) < 2:
        return Estimate.point(None, unit, Method.FIT)
    x, y, w = (np.asarray(c, dtype=np.float64) for c in zip(*pts, strict=True))
    xm, ym = np.average(x, weights=w), np.average(y, weights=w)
    slope = float(np.sum(w * (x - xm) * (y - ym)) / np.sum(w * (x - xm) ** 2))
    return Estimate.point(
        slope, unit, Method.FIT, note="weighted least squares over the sub-worlds"
    )


@dataclass(frozen=True)
class _Context:
    """The sizes a figure's laws are evaluated at."""

    persons: float
    sizes: Mapping[str, SizeVariable]
    level: float


def _law_of(spec: FigureSpec, m: Mechanism) -> Law:
    if m not in GROWING:
        return Law.CONSTANT
    return Law.RANDOM_SHARE if spec.kind is Kind.SHARE else Law.RANDOM_MEAN


def _mechanism_law(
    spec: FigureSpec, m: Mechanism, counts: FigureCounts, ctx: _Context
) -> MechanismLaw:
    law = _law_of(spec, m)
    size = SIZE_OF.get(m, "persons")
    s_world = ctx.sizes[size].at_world if size in ctx.sizes else 1.0
    real = ctx.sizes[size].real_scale if size in ctx.sizes else s_world
    deff = counts.design_effects[m]
    k = counts.counts[m]
    observed = _observed(spec, k[-1], counts.denominators[-1], deff, ctx.level)
    by_fraction = tuple(
        _observed(spec, ki, ni, deff, ctx.level)
        for ki, ni in zip(k, counts.denominators, strict=True)
    )
    unit = "a (figure's unit)" if law is Law.CONSTANT else f"q per {ctx.sizes[size].description}"
    return MechanismLaw(
        law=law,
        formula=_FORMULA[law],
        size=size,
        count=Estimate.events(k[-1], "events", ctx.level, design_effect=deff),
        observed=observed,
        parameter=_map(
            observed, lambda v: _parameter(law, v, s_world), method=Method.ESTIMATE, unit=unit
        ),
        exponent=_exponent(k, counts.denominators, counts.fractions, deff),
        expected_exponent=0.0 if law is Law.CONSTANT else 1.0,
        observed_by_fraction=by_fraction,
        at_real_scale=_map(
            observed,
            lambda v: law_value(law, v, real / s_world if s_world > 0 else math.nan),
            extrapolated=law is not Law.CONSTANT,
            formula=_FORMULA[law],
        ),
    )


def _law_at(
    parts: Mapping[Mechanism, MechanismLaw], ratio: float, spec: FigureSpec, **kw: object
) -> Estimate:
    """The figure's law at ``ratio`` times the world's sizes (sum of the mechanisms')."""

    def at(law: Law) -> Callable[[float | None], float | None]:
        return lambda v: law_value(law, v, ratio)

    pieces = [_map(p.observed, at(p.law)) for p in parts.values()]
    return _sum(pieces, spec.unit, spec.kind, **kw)


def _points(
    spec: FigureSpec, counts: FigureCounts, parts: Mapping[Mechanism, MechanismLaw], ctx: _Context
) -> tuple[tuple[LawPoint, ...], Estimate]:
    """Each sub-world: observed figure against the law, and how many intervals hold it."""
    points, inside = [], 0
    for i, f in enumerate(counts.fractions):
        observed = _observed(
            spec, counts.total(i), counts.denominators[i], counts.design_effect, ctx.level
        )
        law = _law_at(parts, f, spec, formula=_law_text(parts))
        lo, hi, v = observed.lower, observed.upper, law.value
        inside += int(lo is not None and hi is not None and v is not None and lo <= v <= hi)
        points.append(
            LawPoint(
                label=f"{f:g}",
                persons=f * ctx.persons,
                extrapolated=False,
                law=law,
                observed=observed,
            )
        )
    return tuple(points), Estimate.rate(inside, len(points), ctx.level, unit="share of sub-worlds")


def _law_text(parts: Mapping[Mechanism, MechanismLaw]) -> str:
    terms = []
    for name, p in parts.items():
        if p.law is Law.CONSTANT:
            terms.append(f"a[{name}]")
        elif p.law is Law.RANDOM_MEAN:
            terms.append(f"q[{name}] {p.size}")
        else:
            terms.append(f"1 - (1 - q[{name}])^{p.size}")
    return " + ".join(terms) if terms else "0"


def _depends_on_n(observed: Estimate, real: Estimate) -> bool:
    """The figure at real scale differs from the world's beyond the world's interval."""
    if real.value is None or observed.value is None:
        return False
    upper = observed.upper if observed.upper is not None else observed.value
    lower = observed.lower if observed.lower is not None else observed.value
    return real.value > upper or real.value < lower


def scaled_figure(spec: FigureSpec, counts: FigureCounts, ctx: _Context) -> ScaledFigure:
    """One figure by mechanism with its scale laws (see the module docstring)."""
    parts = {
        m: _mechanism_law(spec, m, counts, ctx)
        for m in PRIORITY
        if any(c > 0 for c in counts.counts[m]) or m in GROWING
    }
    text = _law_text(parts)
    observed = _observed(
        spec, counts.total(), counts.denominators[-1], counts.design_effect, ctx.level
    )
    real = _sum(
        [p.at_real_scale for p in parts.values()],
        spec.unit,
        spec.kind,
        extrapolated=True,
        formula=text,
    )
    points, within = _points(spec, counts, parts, ctx)
    at_sizes = tuple(
        LawPoint(
            label="world" if n == ctx.persons else f"{n:g}",
            persons=n,
            extrapolated=n > ctx.persons,
            law=_law_at(parts, n / ctx.persons, spec, formula=text, extrapolated=n > ctx.persons),
            observed=observed if n == ctx.persons else None,
        )
        for n in sorted({*STANDARD_PERSONS, ctx.persons})
    )
    return ScaledFigure(
        label=spec.label,
        path=None if spec.path is None else ".".join(spec.path),
        kind=spec.kind,
        unit=spec.unit,
        depends_on_n=_depends_on_n(observed, real),
        law=text,
        observed=observed,
        at_world=_law_at(parts, 1.0, spec, formula=text),
        at_real_scale=real,
        mechanisms={m.value: p for m, p in parts.items()},
        points=points,
        points_within_interval=within,
        at_sizes=at_sizes,
    )


# -- the figures --------------------------------------------------------------------------------

_REGISTERED = "share of registered persons"


def _person_spec(key: str, label: str) -> FigureSpec:
    outcome = ("persons", key)
    return FigureSpec(
        key=key,
        label=label,
        path=(*outcome, "rate"),
        kind=Kind.SHARE,
        unit=_REGISTERED,
        flags=tuple((*outcome, f) for f in ("rate", "per_million_records", "per_million_searches")),
    )


def _false_link_spec(colour: str | None) -> FigureSpec:
    key = "false_links" if colour is None else f"false_{colour}_links"
    label = "False MID links" if colour is None else f"False {colour} links"
    if colour is None:
        searches = ("pairs", "false_links_per_million_searches")
        path: tuple[str, ...] | None = searches
        flags: tuple[tuple[str, ...], ...] = (
            searches,
            ("pairs", "false_links_per_million_records"),
        )
    else:
        path = None
        flags = (("pairs", "links_by_colour", colour, "false_per_million_records"),)
    return FigureSpec(
        key=key,
        label=f"{label} per million MID searches",
        path=path,
        kind=Kind.MEAN,
        unit="false links per million searches",
        scale=1e6,
        flags=flags,
    )


#: Every figure of the section, in order.
FIGURES: tuple[FigureSpec, ...] = (
    _person_spec("wrongly_linked", "Share of registered people wrongly linked to someone else"),
    _person_spec("wrongly_linked_white", "... by a white link"),
    _person_spec("wrongly_linked_yellow", "... by a yellow link"),
    _person_spec("wrongly_linked_red", "... by a red link"),
    _person_spec("false_red", "Share of registered people in a false red link"),
    _person_spec("merged", "Share of registered people merged with another person"),
    _person_spec("merged_one_to_one", "... in one-to-one identity clusters"),
    _false_link_spec(None),
    _false_link_spec("white"),
    _false_link_spec("green"),
    _false_link_spec("red"),
    FigureSpec(
        key="identity_collisions_per_search",
        label="Other persons' records sharing name and birth date per search",
        path=("scaling", "identity", "at_reference_sizes", "world", "collisions_per_search"),
        kind=Kind.MEAN,
        unit="colliding records per search",
        flags=(("scaling", "identity", "share_of_records_colliding"),),
    ),
    FigureSpec(
        key="searches_with_false_biometric_match",
        label="Biometric searches with a false match to another person",
        path=None,
        kind=Kind.SHARE,
        unit="share of searches",
    ),
)


def size_variables(data: WorldData, config: AnalysisConfig) -> dict[str, SizeVariable]:
    """The sizes the random mechanisms draw from: stored CIR records and templates."""
    persons = max(data.persons.height, 1)
    records = float(data.records.filter(pl.col("stored") & pl.col("in_cir")).height)
    templates = float(data.records.filter(pl.col("stored") & pl.col("has_bio")).height)
    return {
        "records": SizeVariable(
            description="stored CIR record",
            at_world=records,
            per_person=records / persons,
            real_scale=config.cir_records,
            real_scale_source="CIR sized for up to 300 million records "
            "[@statewatch-2019-interoperability-irregular]",
        ),
        "templates": SizeVariable(
            description="stored biometric template",
            at_world=templates,
            per_person=templates / persons,
            real_scale=config.sbms_templates,
            real_scale_source="sBMS of about 400 million templates [@commission-2025-sbms-launch]",
        ),
    }


def mechanisms_section(
    counts: Mapping[str, FigureCounts], data: WorldData, config: AnalysisConfig
) -> Mechanisms:
    """The ``mechanisms`` section from :func:`analysis.mechanisms.mechanism_counts`."""
    sizes = size_variables(data, config)
    ctx = _Context(persons=float(data.persons.height), sizes=sizes, level=config.level)
    figures = {
        spec.key: scaled_figure(spec, counts[spec.key], ctx)
        for spec in FIGURES
        if spec.key in counts
    }
    fractions = next(iter(counts.values())).fractions if counts else ()
    return Mechanisms(persons=ctx.persons, fractions=fractions, sizes=sizes, figures=figures)


def flag_size_dependence(tree: T, section: Mechanisms) -> T:
    """``tree`` (a metrics node) with ``depends_on_n`` set on the figures whose law says
    they change with the population size (each figure's ``flags``)."""
    specs = {s.key: s for s in FIGURES}
    for key, figure in section.figures.items():
        if not figure.depends_on_n:
            continue
        for path in specs[key].flags:
            tree = replace_estimates(
                tree, path, lambda e: dataclasses.replace(e, depends_on_n=True)
            )
    return tree

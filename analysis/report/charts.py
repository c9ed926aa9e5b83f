"""The report's charts, drawn with matplotlib (object API, Agg canvas, no pyplot state).

Each function takes report data and returns a :class:`Chart` holding the SVG text (for
inline use in the HTML page) and PNG bytes (for ``report.md`` and word processors). Every
chart carries a visible "simulated" stamp, because every number in it is. (A *figure*
of the analysis is an :class:`~analysis.estimate.Estimate`; a chart draws some.)
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure as MplFigure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from analysis.estimate import Estimate
from analysis.report.model import (
    ColourCount,
    GroupRate,
    Reachability,
    ReportModel,
    ScalingCurve,
    ScalingPoint,
    WorkloadSeries,
)

__all__ = [
    "LINK_COLOURS",
    "STAMP",
    "Chart",
    "draw_all",
    "errors_by_group_chart",
    "link_colours_chart",
    "reachability_chart",
    "scaling_chart",
    "workload_chart",
]

STAMP = "SIMULATED · synthetic persons · not real data"

#: Fill and edge of each MID link colour (white needs an edge to be seen).
LINK_COLOURS: dict[str, tuple[str, str]] = {
    "white": ("#ffffff", "#555555"),
    "yellow": ("#f2c500", "#8a7000"),
    "green": ("#2e8b57", "#1d5a38"),
    "red": ("#c0392b", "#7b241c"),
}

_INK = "#1f2933"
_MUTED = "#6b7785"
_BLUE = "#0b5cad"
_ORANGE = "#c2410c"
_HEAT = LinearSegmentedColormap.from_list("reach", ["#f7fbff", "#6baed6", "#08306b"])

_RC: dict[str, Any] = {
    "svg.fonttype": "none",  # real <text> in the SVG: selectable, searchable, small
    "svg.hashsalt": "interopsim-report",  # stable ids: same data, same bytes
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "axes.edgecolor": _MUTED,
    "axes.labelcolor": _INK,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "legend.frameon": False,
    "path.simplify": True,
    "axes.axisbelow": True,
}


@dataclass(frozen=True, slots=True)
class Chart:
    """One rendered chart: a stable name, a caption and its SVG and PNG renderings."""

    name: str
    title: str
    caption: str
    svg: str
    png: bytes
    alt: str


@contextmanager
def _style() -> Iterator[None]:
    with mpl.rc_context(cast(Any, _RC)):
        yield


def _new(width: float, height: float) -> MplFigure:
    strip = 0.24 / height  # keep a strip at the top for the stamp
    layout = ConstrainedLayoutEngine(rect=(0.0, 0.0, 1.0, 1.0 - strip))
    fig = MplFigure(figsize=(width, height), dpi=100, layout=layout)
    FigureCanvasAgg(fig)
    fig.text(
        0.995,
        0.995,
        STAMP,
        ha="right",
        va="top",
        fontsize=7.5,
        color=_ORANGE,
        fontweight="bold",
    )
    return fig


_SVG_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_ID = re.compile(r'\bid="([^"]+)"')


def _svg_text(fig: MplFigure, name: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = _METADATA.sub("", _SVG_PROLOGUE.sub("", buf.getvalue(), count=1))
    # Several SVGs share one HTML page: give every id a per-figure prefix.
    ids = set(_ID.findall(text))
    for old in sorted(ids, key=len, reverse=True):
        new = f"{name}-{old}"
        text = text.replace(f'id="{old}"', f'id="{new}"')
        text = text.replace(f"url(#{old})", f"url(#{new})")
        text = text.replace(f'href="#{old}"', f'href="#{new}"')
    return text.replace("<svg ", f'<svg role="img" aria-labelledby="{name}-title" ', 1)


def _finish(fig: MplFigure, name: str, title: str, caption: str, alt: str) -> Chart:
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=110, metadata={"Software": None})
    fig.set_layout_engine("none")  # reuse the layout computed for the PNG (same size)
    svg = _svg_text(fig, name)
    svg = svg.replace(">", f'><title id="{name}-title">{_xml_escape(alt)}</title>', 1)
    return Chart(name=name, title=title, caption=caption, svg=svg, png=png.getvalue(), alt=alt)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _value(e: Estimate) -> float:
    """The estimate's value (NaN when it has none: nothing is drawn)."""
    return math.nan if e.value is None else e.value


def _error_bars(
    estimates: Sequence[Estimate], scale: float = 1.0
) -> tuple[list[float], list[float]]:
    """Lengths of the error bars below and above each value (0 without an interval)."""
    low = [
        max(0.0, (_value(e) - e.lower) * scale) if e.has_interval and e.lower is not None else 0.0
        for e in estimates
    ]
    high = [
        max(0.0, (e.upper - _value(e)) * scale) if e.has_interval and e.upper is not None else 0.0
        for e in estimates
    ]
    return low, high


def _scale_for(values: Sequence[float]) -> tuple[float, str]:
    """A multiplier and unit that make small rates readable (%, per 10,000, per million)."""
    top = max((abs(v) for v in values if math.isfinite(v)), default=0.0)
    if top >= 0.01 or top == 0.0:
        return 100.0, "%"
    if top >= 1e-4:
        return 1e4, "per 10,000"
    return 1e6, "per million"


def _group_rows(ax: Axes, rows: Sequence[GroupRate]) -> list[float]:
    """Y positions of the groups, a gap and a rule between dimensions; sets the labels."""
    labels: list[str] = []
    previous = None
    ys: list[float] = []
    y = 0.0
    for g in rows:
        if previous is not None and g.dimension != previous:
            y += 0.7  # a gap between dimensions
            ax.axhline(-(y - 0.35), color="#d5dbe1", lw=0.8)
        ys.append(-y)
        labels.append(f"{g.group} ({g.dimension.replace('_', ' ')})")
        previous = g.dimension
        y += 1.0
    ax.set_yticks(ys, labels)
    ax.set_ylim(min(ys) - 0.8, 0.8)
    return ys


def errors_by_group_chart(groups: Sequence[GroupRate], metric: str) -> Chart:
    """Dot-and-whisker chart of an error rate per group, with 95 % intervals as error bars."""
    rows = [g for g in groups if g.in_figure]
    scale, unit = _scale_for(
        [g.estimate.upper if g.estimate.upper is not None else _value(g.estimate) for g in rows]
    )
    with _style():
        fig = _new(8.6, max(2.6, 0.3 * len(rows) + 1.5))
        ax = fig.add_subplot()
        ys = _group_rows(ax, rows)
        values = [_value(g.estimate) * scale for g in rows]
        low, high = _error_bars([g.estimate for g in rows], scale)
        ax.errorbar(
            values,
            ys,
            xerr=[low, high],
            fmt="o",
            color=_BLUE,
            ecolor=_BLUE,
            elinewidth=1.4,
            capsize=3,
            markersize=5,
        )
        for x, yy, g in zip(values, ys, rows, strict=True):
            n = f"  n={g.estimate.n:,}" if g.estimate.n is not None else ""
            ax.annotate(
                f"{x:.3g}{n}",
                (x, yy),
                xytext=(6, 5),
                textcoords="offset points",
                fontsize=7.5,
                color=_MUTED,
            )
        ax.set_xlim(left=0)
        ax.set_xlabel(f"{metric} ({unit})\ndot: simulated estimate · bar: 95 % interval")
        ax.set_title(f"{metric} by group (simulated)", loc="left")
        ax.grid(axis="x", color="#e5e9ed", lw=0.8)
        caption = (
            f"{metric} per group of synthetic persons, simulated; bars are 95 % intervals "
            "(Wilson score intervals unless the assumptions say otherwise); n is the number of "
            "persons in the group."
        )
        return _finish(
            fig,
            "errors-by-group",
            "Errors by group",
            caption,
            f"Simulated {metric} by group with 95 % intervals",
        )


def _simulated_points(ax: Axes, sim: Sequence[ScalingPoint], use_log: bool) -> None:
    """The simulated points with their intervals (zeros on a log axis as upper bounds)."""
    xs = [p.gallery_size for p in sim]
    ys = [_value(p.estimate) for p in sim]
    lo, hi = _error_bars([p.estimate for p in sim])
    if use_log:
        zeros = [p for p in sim if _value(p.estimate) <= 0 and p.estimate.upper]
        if zeros:
            ax.scatter(
                [p.gallery_size for p in zeros],
                [p.estimate.upper or 0.0 for p in zeros],
                marker="v",
                color=_BLUE,
                facecolors="white",
                zorder=3,
                label="none observed: 95 % upper bound",
            )
        keep = [i for i, v in enumerate(ys) if v > 0]
        xs, ys = [xs[i] for i in keep], [ys[i] for i in keep]
        lo = [min(lo[i], ys[k] * 0.999) for k, i in enumerate(keep)]
        hi = [hi[i] for i in keep]
    ax.errorbar(
        xs,
        ys,
        yerr=[lo, hi],
        fmt="o-",
        color=_BLUE,
        lw=2,
        capsize=3,
        label="simulated (95 % interval)",
    )


def _extrapolation(
    ax: Axes, sim: Sequence[ScalingPoint], ext: Sequence[ScalingPoint], formula: str
) -> None:
    """The dashed extrapolation from the last simulated point, its band and its shading."""
    start = [sim[-1]] if sim else []
    pts = [*start, *ext]
    ax.plot(
        [p.gallery_size for p in pts],
        [_value(p.estimate) for p in pts],
        ls=(0, (6, 4)),
        color=_ORANGE,
        lw=2,
        marker="s",
        markevery=list(range(len(start), len(pts))),
        markerfacecolor="white",
        label=f"extrapolation: {formula}" if formula else "extrapolation",
    )
    band = [p for p in pts if p.estimate.has_interval]
    if len(band) >= 2:
        ax.fill_between(
            [p.gallery_size for p in band],
            [p.estimate.lower or 0.0 for p in band],
            [p.estimate.upper or 0.0 for p in band],
            color=_ORANGE,
            alpha=0.12,
            lw=0,
            label="extrapolated 95 % band (from the FMR interval)",
        )
    ax.axvspan(ext[0].gallery_size / 1.5, ext[-1].gallery_size * 1.5, color="#fff4e6")
    ax.text(
        math.sqrt(ext[0].gallery_size * ext[-1].gallery_size),
        0.05,
        "extrapolation (not simulated)",
        transform=ax.get_xaxis_transform(),
        ha="center",
        va="bottom",
        color=_ORANGE,
        fontweight="bold",
        bbox={"facecolor": "white", "edgecolor": _ORANGE, "alpha": 0.85},
    )


def _reference_lines(ax: Axes, references: Sequence[tuple[str, float]]) -> None:
    for i, (label, size) in enumerate(sorted(references, key=lambda r: r[1])):
        ax.axvline(size, color=_MUTED, lw=1, ls=":")
        ax.text(
            size,
            0.03,
            f" {label} ",
            rotation=90,
            transform=ax.get_xaxis_transform(),
            ha="left" if i % 2 else "right",
            va="bottom",
            fontsize=7.5,
            color=_MUTED,
        )


def scaling_chart(curve: ScalingCurve) -> Chart:
    """The gallery-size curve: simulated points, then a dashed, labelled extrapolation."""
    sim = sorted(curve.simulated, key=lambda p: p.gallery_size)
    ext = sorted(curve.extrapolated, key=lambda p: p.gallery_size)
    with _style():
        fig = _new(8.6, 4.4)
        ax = fig.add_subplot()
        ax.set_xscale("log")
        positive = [v for p in (*sim, *ext) if (v := _value(p.estimate)) > 0]
        use_log = bool(positive) and max(positive) / min(positive) > 100
        if use_log:
            ax.set_yscale("log")
        if sim:
            _simulated_points(ax, sim, use_log)
        if ext:
            _extrapolation(ax, sim, ext, curve.formula)
        _reference_lines(ax, curve.reference_sizes)
        ax.set_xlabel("gallery size (templates searched)")
        ax.set_ylabel("\n".join(textwrap.wrap(curve.metric, 40)))
        ax.set_title(
            "Erroneous matches as the gallery grows (simulated, then extrapolated)", loc="left"
        )
        ax.grid(color="#e5e9ed", lw=0.8, which="major")
        fig.legend(loc="outside lower center", ncols=3, fontsize=8)
        caption = (
            f"{curve.metric} against gallery size. Solid blue: simulated on synthetic persons, "
            "with 95 % intervals. Dashed orange on a shaded band: extrapolation with the stated "
            f"formula ({curve.formula or 'see assumptions'}), not simulated."
        )
        return _finish(
            fig,
            "scaling",
            "Gallery-size scaling",
            caption,
            f"Simulated {curve.metric} by gallery size with a dashed extrapolation",
        )


def _colour_bars(ax: Axes, rows: Sequence[ColourCount], ys: Sequence[int]) -> None:
    """Two bars per colour (same person, hatched: different persons) or one without truth."""
    split = all(c.same_person is not None and c.different_persons is not None for c in rows)
    h = 0.38
    for y, c in zip(ys, rows, strict=True):
        face, edge = LINK_COLOURS.get(c.colour, ("#999999", "#555555"))
        if not split:
            ax.barh(y, max(c.total, 0.8), 0.6, color=face, edgecolor=edge)
            ax.annotate(
                f"{c.total:,}",
                (max(c.total, 1), y),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
            continue
        same = c.same_person or 0
        diff = c.different_persons or 0
        ax.barh(y + h / 2, max(same, 0.8), h, color=face, edgecolor=edge)
        ax.barh(y - h / 2, max(diff, 0.8), h, color=face, edgecolor=edge, hatch="///")
        ax.annotate(
            f"{same:,} same person",
            (max(same, 1), y + h / 2),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
        ax.annotate(
            f"{diff:,} different persons",
            (max(diff, 1), y - h / 2),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=_ORANGE,
        )


def link_colours_chart(colours: Sequence[ColourCount]) -> Chart:
    """MID links per colour, split into same person and different persons (the truth)."""
    rows = list(colours)
    with _style():
        fig = _new(8.6, 3.4)
        ax = fig.add_subplot()
        ys = list(range(len(rows)))[::-1]
        _colour_bars(ax, rows, ys)
        ax.set_yticks(ys, [f"{c.colour} ({c.total:,})" for c in rows])
        top = max((c.total for c in rows), default=1)
        ax.set_xscale("log")
        ax.set_xlim(0.8, max(10.0, top) * 12)
        ax.set_axisbelow(True)
        ax.set_xlabel("MID links (log scale)")
        ax.set_title("MID links by colour (simulated)", loc="left")
        ax.grid(axis="x", color="#e5e9ed", lw=0.8)
        caption = (
            "Simulated MID links by colour. Plain bars: the two records belong to the same "
            "synthetic person; hatched bars: to two different persons, which only a simulation "
            "can know. A white link between different persons is wrong (two people presented "
            "as one); a green one is right; a red one is right only when one of the two uses a "
            "false identity or document (see the headline figures for false links)."
        )
        return _finish(
            fig, "link-colours", "Link colours", caption, "Simulated MID links by colour"
        )


#: Matplotlib's dates run from year 1 to 9999; leave room for the axis margins.
_DATE_AXIS = (dt.date(100, 1, 1), dt.date(9900, 12, 31))


def _as_dates(values: Sequence[str]) -> list[dt.date]:
    """``values`` as dates; ValueError when they are not dates matplotlib can draw."""
    dates = [dt.date.fromisoformat(v[:10]) for v in values]
    if dates and not (_DATE_AXIS[0] <= min(dates) and max(dates) <= _DATE_AXIS[1]):
        raise ValueError("dates too close to the ends of the calendar for a date axis")
    return dates


def _median_step(xs: Sequence[dt.date]) -> float:
    """Median spacing of dates in days (1 when there is a single date)."""
    steps = sorted((b - a).days for a, b in itertools.pairwise(xs))
    return float(steps[len(steps) // 2]) if steps else 1.0


def _flows(ax: Axes, workload: WorkloadSeries, xs: Sequence[Any], width: float) -> None:
    """Links needing verification created (bars) and verified (line) per period."""
    if workload.created and len(workload.created) == len(xs):
        ax.bar(
            xs,
            workload.created,
            width=width,
            color="#f2c500",
            edgecolor="#8a7000",
            linewidth=0.4,
            label="links needing verification, created",
        )
    if workload.resolved and len(workload.resolved) == len(xs):
        ax.plot(xs, workload.resolved, color="#2e8b57", lw=1.6, label="verified (resolved)")
    ax.set_ylabel("links per period")
    ax.set_ylim(bottom=0)
    ax.set_title("Manual-verification workload over time (simulated)", loc="left")
    ax.grid(color="#e5e9ed", lw=0.8)
    ax.legend(loc="upper left", fontsize=8)


def _backlog(ax: Axes, workload: WorkloadSeries, xs: Sequence[Any]) -> None:
    """The backlog at the end of each period, with its peak."""
    ax.fill_between(xs, workload.backlog, step="post", color="#f2c500", alpha=0.35)
    ax.step(xs, workload.backlog, where="post", color="#8a7000", lw=2)
    peak = max(workload.backlog, default=0.0)
    ax.set_ylim(0, max(peak * 1.15, 1.0))
    ax.set_ylabel("backlog")
    ax.annotate(
        f"peak backlog {peak:,.0f} links",
        xy=(0.01, 0.92),
        xycoords="axes fraction",
        va="top",
        fontsize=8,
        color=_MUTED,
    )
    ax.grid(color="#e5e9ed", lw=0.8)


def workload_chart(workload: WorkloadSeries) -> Chart:
    """Links needing manual verification per period (top) and the backlog over time (bottom)."""
    with _style():
        fig = _new(8.6, 4.8)
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        try:
            xs: Sequence[Any] = _as_dates(workload.dates)
            width: float = 0.8 * _median_step(xs)
        except ValueError:
            xs = list(range(len(workload.dates)))
            width = 0.8
        _flows(top, workload, xs, width)
        _backlog(bottom, workload, xs)
        if xs and isinstance(xs[0], dt.date):
            fig.autofmt_xdate()
        caption = (
            "Links that needed manual verification (yellow, and those verified into another "
            "colour) created and verified per period, and the backlog still awaiting "
            "verification at the end of each period. Simulated; the verification capacity and "
            "minutes per case are assumptions (see the assumptions section)."
        )
        return _finish(
            fig, "workload", "MID workload", caption, "Simulated backlog of yellow links over time"
        )


def _heat_map(
    ax: Axes, matrix: Sequence[Sequence[float | None]], reach: Reachability, title: str
) -> Any:
    """One regime's matrix as a heat map with its percentages written in the cells."""
    cells = [[math.nan if v is None else v for v in r] for r in matrix]
    image = ax.imshow(cells, cmap=_HEAT, vmin=0, vmax=1, aspect="auto")
    for i in range(len(reach.authorities)):
        for j in range(len(reach.purposes)):
            v = matrix[i][j]
            if v is None or not math.isfinite(v):
                text, colour = "n/a", _MUTED
            else:
                text = "–" if v == 0 else f"{100 * v:.0f}%"
                colour = "white" if v > 0.55 else _INK
            ax.text(j, i, text, ha="center", va="center", fontsize=7.5, color=colour)
    ax.set_xticks(range(len(reach.purposes)), reach.purposes, rotation=35, ha="right")
    ax.set_title(title, loc="left")
    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)
    ax.set_xlabel("purpose the data were collected for")
    return image


def reachability_chart(reach: Reachability) -> Chart:
    """Heat maps: authorities x purposes the data were collected for, siloed vs interoperable."""
    with _style():
        fig = _new(10.0, max(3.2, 0.42 * len(reach.authorities) + 2.0))
        axes: list[Axes] = list(fig.subplots(1, 2, sharey=True))
        titles = ("siloed systems", "interoperable (CIR / ESP / MID)")
        matrices = (reach.siloed, reach.interoperable)
        images = [
            _heat_map(ax, m, reach, t) for ax, m, t in zip(axes, matrices, titles, strict=True)
        ]
        axes[0].set_yticks(range(len(reach.authorities)), reach.authorities)
        axes[0].set_ylabel("authority")
        bar = fig.colorbar(images[-1], ax=axes, shrink=0.8, pad=0.02)
        bar.set_label(reach.measure)
        fig.suptitle("Who can reach whose data (simulated)", x=0.01, ha="left", fontweight="bold")
        caption = (
            f"{reach.measure.capitalize()} that each authority can reach, by the purpose the "
            "data were collected for: left with separate systems, right through the "
            "interoperability components. Simulated on synthetic persons under the modelled "
            "access rules (see assumptions)."
        )
        return _finish(
            fig,
            "reachability",
            "Reachability, siloed versus interoperable",
            caption,
            "Heat maps of simulated reachability per authority and purpose",
        )


def draw_all(model: ReportModel) -> list[Chart]:
    """Every chart the model has data for, in report order."""
    jobs: list[Callable[[], Chart]] = []
    if any(g.in_figure for g in model.groups):
        jobs.append(lambda: errors_by_group_chart(model.groups, model.group_metric))
    scaling = model.scaling
    if scaling is not None and scaling.points:
        jobs.append(lambda: scaling_chart(scaling))
    if model.colours:
        jobs.append(lambda: link_colours_chart(model.colours))
    workload = model.workload
    if workload is not None and workload.dates:
        jobs.append(lambda: workload_chart(workload))
    reach = model.reachability
    if reach is not None and reach.authorities and reach.purposes:
        jobs.append(lambda: reachability_chart(reach))
    return [job() for job in jobs]

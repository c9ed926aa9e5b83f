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
from analysis.report.formatting import format_value, lower_bound
from analysis.report.model import (
    Citation,
    ColourCount,
    GroupRate,
    Reachability,
    ReportModel,
    ScalingCurve,
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
    "stamp_text",
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


def stamp_text(citation: Citation | None) -> str:
    """The text stamped on every chart: simulated, and the run that produced it."""
    if citation is None:
        return STAMP
    return (
        f"{STAMP} · {citation.seed_text} · scenario {citation.scenario_hash[:12]} · "
        f"interopsim {citation.version}"
    )


def _new(width: float, height: float, stamp: str = STAMP) -> MplFigure:
    strip = 0.24 / height  # keep a strip at the top for the stamp
    layout = ConstrainedLayoutEngine(rect=(0.0, 0.0, 1.0, 1.0 - strip))
    fig = MplFigure(figsize=(width, height), dpi=100, layout=layout)
    FigureCanvasAgg(fig)
    fig.text(
        0.995,
        0.995,
        stamp,
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
    stamp = next((t.get_text() for t in fig.texts if t.get_text().startswith(STAMP)), STAMP)
    png = io.BytesIO()
    # The provenance is drawn on the chart and also kept as the PNG's description.
    fig.savefig(png, format="png", dpi=110, metadata={"Software": None, "Description": stamp})
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
    low = []
    high = []
    for e in estimates:
        lower = lower_bound(e)
        has = e.has_interval and lower is not None and e.upper is not None
        low.append(max(0.0, (_value(e) - (lower or 0.0)) * scale) if has else 0.0)
        high.append(max(0.0, ((e.upper or 0.0) - _value(e)) * scale) if has else 0.0)
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
        labels.append(f"{g.group.replace('_', ' ')} ({g.dimension.replace('_', ' ')})")
        previous = g.dimension
        y += 1.0
    ax.set_yticks(ys, labels)
    ax.set_ylim(min(ys) - 0.8, 0.8)
    return ys


def _group_label(g: GroupRate, x: float, unit: str) -> str:
    """``0.52 % · ×2.9 · 774 people``: value, disparity ratio and group size."""
    parts = [f"{x:.2g} {unit}" if x else f"0 {unit}"]
    if g.disparity is not None and g.disparity.value is not None:
        parts.append(f"×{g.disparity.value:.2g}")
    persons = g.persons if g.persons is not None else g.estimate.n
    if persons is not None:
        parts.append(f"{persons:,.0f} people")
    return " · ".join(parts)


def _overall_line(ax: Axes, overall: Estimate | None, scale: float) -> None:
    if overall is None or overall.value is None:
        return
    ax.axvline(overall.value * scale, color=_ORANGE, lw=1.2, ls="--", zorder=1)
    ax.text(
        overall.value * scale,
        1.0,
        " overall",
        transform=ax.get_xaxis_transform(),
        va="bottom",
        ha="left",
        fontsize=8,
        color=_ORANGE,
    )


def _clip_long_bars(
    ax: Axes, values: Sequence[float], uppers: Sequence[float], ys: Sequence[float], unit: str
) -> None:
    """Keep the dots readable: cut the axis at three times the largest value and write
    the upper bound of each interval that runs past it at the edge."""
    finite = [v for v in values if math.isfinite(v)]
    top = max(finite, default=0.0)
    tops = [u for u in uppers if math.isfinite(u)]
    right = max(tops, default=1.0) if top <= 0 else min(max(tops, default=top), 3 * top)
    ax.set_xlim(0, right * 1.05 or 1.0)
    for u, y in zip(uppers, ys, strict=True):
        if math.isfinite(u) and u > right * 1.05:
            ax.annotate(
                f"to {u:.2g} {unit} →",
                (right * 1.05, y),
                xytext=(-2, -9),
                textcoords="offset points",
                ha="right",
                fontsize=7.5,
                color=_BLUE,
            )


def errors_by_group_chart(
    groups: Sequence[GroupRate],
    metric: str,
    overall: Estimate | None = None,
    stamp: str = STAMP,
) -> Chart:
    """Dot-and-whisker chart of an error rate per group, with 95 % intervals and ratios."""
    rows = [g for g in groups if g.in_figure]
    scale, unit = _scale_for(
        [g.estimate.upper if g.estimate.upper is not None else _value(g.estimate) for g in rows]
    )
    with _style():
        fig = _new(8.6, max(2.6, 0.3 * len(rows) + 1.7), stamp)
        ax = fig.add_subplot()
        ys = _group_rows(ax, rows)
        values = [_value(g.estimate) * scale for g in rows]
        low, high = _error_bars([g.estimate for g in rows], scale)
        ax.errorbar(
            values, ys, xerr=[low, high], fmt="o", color=_BLUE, elinewidth=1.4, capsize=3, ms=5
        )
        for x, yy, g in zip(values, ys, rows, strict=True):
            ax.annotate(
                _group_label(g, x, unit),
                (x, yy),
                xytext=(6, 5),
                textcoords="offset points",
                fontsize=8,
                color=_MUTED,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.5},
            )
        _overall_line(ax, overall, scale)
        uppers = [v + h for v, h in zip(values, high, strict=True)]
        _clip_long_bars(ax, values, uppers, ys, unit)
        ax.set_xlabel(
            f"{metric} ({unit})\ndot: simulated · bar: 95 % interval · ×: ratio to overall"
        )
        ax.set_title(f"{metric} by group (simulated)", loc="left", pad=14)
        ax.grid(axis="x", color="#e5e9ed", lw=0.8)
        caption = (
            f"{metric} per group of synthetic persons, with 95 % intervals; ×2 means twice the "
            "overall rate (the dashed line). Groups with few people have wide intervals."
        )
        return _finish(
            fig,
            "errors-by-group",
            "Errors by group",
            caption,
            f"Simulated {metric} by group with 95 % intervals and disparity ratios",
        )


def _log_axis(values: Sequence[float]) -> bool:
    positive = [v for v in values if math.isfinite(v) and v > 0]
    return bool(positive) and max(positive) / min(positive) > 100


def _curve_values(curve: ScalingCurve) -> list[float]:
    out = [_value(p.estimate) for p in (*curve.points, *curve.model)]
    out += [p.estimate.upper for p in curve.points if p.estimate.upper is not None]
    return out


def _model_line(ax: Axes, curve: ScalingCurve) -> None:
    """The expected curve: solid over the simulated sizes, dashed orange beyond them."""
    pts = sorted((p for p in curve.model if _value(p.estimate) > 0), key=lambda p: p.gallery_size)
    inside = [p for p in pts if not p.extrapolated]
    beyond = inside[-1:] + [p for p in pts if p.extrapolated]
    if len(inside) > 1:
        ax.plot(
            [p.gallery_size for p in inside],
            [_value(p.estimate) for p in inside],
            color=_BLUE,
            lw=1.6,
            label=curve.model_label or "expected",
        )
    if len(beyond) > 1:
        ax.plot(
            [p.gallery_size for p in beyond],
            [_value(p.estimate) for p in beyond],
            color=_ORANGE,
            lw=2,
            ls=(0, (6, 4)),
            label=f"{curve.model_label or 'expected'}, extrapolated",
        )


def _points(ax: Axes, curve: ScalingCurve) -> None:
    """Simulated points (dots with 95 % intervals; none observed: the upper bound)."""
    pts = sorted(curve.points, key=lambda p: p.gallery_size)
    seen = [p for p in pts if _value(p.estimate) > 0]
    zeros = [p for p in pts if _value(p.estimate) <= 0 and (p.estimate.upper or 0) > 0]
    if seen:
        lo, hi = _error_bars([p.estimate for p in seen])
        lo = [min(v, _value(p.estimate) * 0.999) for v, p in zip(lo, seen, strict=True)]
        sized = [p for p in seen if p.estimate.n or not p.extrapolated]
        computed = [p for p in seen if not (p.estimate.n or not p.extrapolated)]
        if sized:
            ax.errorbar(
                [p.gallery_size for p in sized],
                [_value(p.estimate) for p in sized],
                yerr=[[lo[seen.index(p)] for p in sized], [hi[seen.index(p)] for p in sized]],
                fmt="o",
                color=_BLUE,
                capsize=3,
                ms=5,
                zorder=3,
                label="simulated (95 % interval)",
            )
        if computed:
            ax.errorbar(
                [p.gallery_size for p in computed],
                [_value(p.estimate) for p in computed],
                yerr=[
                    [lo[seen.index(p)] for p in computed],
                    [hi[seen.index(p)] for p in computed],
                ],
                fmt="s",
                color=_ORANGE,
                mfc="white",
                capsize=3,
                ms=5,
                zorder=3,
                label="extrapolated (95 % interval)",
            )
    if zeros:
        ax.scatter(
            [p.gallery_size for p in zeros],
            [p.estimate.upper or 0.0 for p in zeros],
            marker="v",
            facecolors="white",
            edgecolors=_BLUE,
            zorder=3,
            s=28,
            label="none observed: 95 % upper bound",
        )


def _shade_extrapolation(ax: Axes, curve: ScalingCurve) -> None:
    inside = [p.gallery_size for p in (*curve.points, *curve.model) if not p.extrapolated]
    beyond = [p.gallery_size for p in (*curve.points, *curve.model) if p.extrapolated]
    if not beyond:
        return
    start = max(inside) if inside else min(beyond) / 1.5
    ax.axvspan(start, max(beyond) * 1.6, color="#fff4e6", zorder=0)
    ax.text(
        start * 1.15,
        0.97,
        curve.beyond_label,
        transform=ax.get_xaxis_transform(),
        ha="left",
        va="top",
        color=_ORANGE,
        fontsize=8,
        fontweight="bold",
    )


def _compact(e: Estimate) -> str:
    """A value for a chart label: a percentage, or a large number in words."""
    if e.unit.startswith("share"):
        return format_value(e.value, "share")
    v = _value(e)
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(v) >= size:
            return f"{v / size:.3g} {word}"
    return format_value(e.value, "number")


def _reference_lines(ax: Axes, curve: ScalingCurve) -> None:
    """Dotted lines at the real register sizes, labels stacked so that none overlap."""
    values = dict(curve.at_reference)
    refs = sorted(curve.reference_sizes, key=lambda r: r[1])
    for i, (label, size) in enumerate(refs):
        ax.axvline(size, color=_MUTED, lw=1, ls=":")
        shown = values.get(label)
        text = label if shown is None else f"{label}: {_compact(shown)}"
        ax.text(
            size,
            0.87 - 0.08 * (len(refs) - 1 - i),
            f"{text} ",
            transform=ax.get_xaxis_transform(),
            ha="right",
            va="top",
            fontsize=8,
            color=_INK,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
        )


def _scaling_panel(ax: Axes, curve: ScalingCurve) -> None:
    ax.set_xscale("log")
    if _log_axis(_curve_values(curve)):
        ax.set_yscale("log")
    else:
        ax.set_ylim(bottom=0)
    _shade_extrapolation(ax, curve)
    _model_line(ax, curve)
    _points(ax, curve)
    _reference_lines(ax, curve)
    ax.set_xlabel(curve.size_label)
    ax.set_ylabel("\n".join(textwrap.wrap(curve.metric, 38)))
    ax.set_title(curve.title, loc="left")
    ax.grid(color="#e5e9ed", lw=0.8, which="major")
    ax.legend(loc="lower right", fontsize=7.5, framealpha=0.9, frameon=True, edgecolor="none")


def scaling_chart(curves: Sequence[ScalingCurve], stamp: str = STAMP) -> Chart:
    """One panel per curve: simulated points, the expected line and its extrapolation."""
    shown = [c for c in curves if c.drawable]
    cols = min(len(shown), 2) or 1
    rows = -(-len(shown) // cols) or 1
    with _style():
        fig = _new(8.6 if len(shown) == 1 else 10.0, 4.6 * rows, stamp)
        axes = list(fig.subplots(rows, cols, squeeze=False).flat)
        for ax, curve in zip(axes, shown, strict=False):
            _scaling_panel(ax, curve)
        for ax in axes[len(shown) :]:
            ax.set_visible(False)
        caption = " ".join(
            f"{c.title}: {c.metric} by {c.size_label}; line: {c.formula or c.model_label}."
            for c in shown
        )
        caption += (
            " Blue: simulated, with 95 % intervals (a hollow triangle is the upper bound when "
            "none was observed). Dashed orange on a shaded band: extrapolated, not simulated."
        )
        return _finish(
            fig,
            "scaling",
            "Scaling with register size",
            caption,
            "Simulated error rates by register size with dashed extrapolations",
        )


def _bar_pair(ax: Axes, y: float, c: ColourCount) -> None:
    """Two bars for one colour: same person (plain) and different persons (hatched)."""
    face, edge = LINK_COLOURS.get(c.colour, ("#999999", "#555555"))
    h = 0.38
    for offset, count, hatch, words, colour in (
        (h / 2, c.same_person or 0, None, "same person", _INK),
        (-h / 2, c.different_persons or 0, "///", "different persons", _ORANGE),
    ):
        if count > 0:
            ax.barh(y + offset, count, h, color=face, edgecolor=edge, hatch=hatch)
        ax.annotate(
            f"{count:,} {words}",
            (max(count, 1), y + offset),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=colour,
        )


def link_colours_chart(colours: Sequence[ColourCount], stamp: str = STAMP) -> Chart:
    """MID links per final colour, split into same person and different persons (the truth)."""
    rows = [c for c in colours if c.total > 0]
    with _style():
        fig = _new(8.6, max(2.4, 0.75 * len(rows) + 1.2), stamp)
        ax = fig.add_subplot()
        ys = list(range(len(rows)))[::-1]
        for y, c in zip(ys, rows, strict=True):
            _bar_pair(ax, y, c)
        labels = [
            f"{c.colour} ({c.total:,})"
            + (f"\n{c.verified:,} verified by hand" if c.verified else "")
            for c in rows
        ]
        ax.set_yticks(ys, labels)
        top = max((c.total for c in rows), default=1)
        ax.set_xscale("log")
        ax.set_xlim(0.8, max(10.0, top) * 12)
        ax.set_xlabel("MID links (log scale)")
        ax.set_title("MID links by colour at the as-of date (simulated)", loc="left")
        ax.grid(axis="x", color="#e5e9ed", lw=0.8)
        caption = (
            "Simulated MID links by colour. Plain bars: both records belong to the same synthetic "
            "person; hatched bars: to two different persons, which only a simulation can know. "
            "A white link between different persons is wrong; a green one is right; a red one "
            "is right only when one of the two uses a false identity or document."
        )
        if any(c.colour == "yellow" for c in colours) and not any(
            c.colour == "yellow" for c in rows
        ):
            caption += (
                " No link is still yellow at the as-of date: every link that needed manual "
                "verification was verified and took the colour shown ('verified by hand')."
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
    per = f"per {workload.period}" if workload.period else "per period"
    if workload.created and len(workload.created) == len(xs):
        ax.bar(
            xs,
            workload.created,
            width=width,
            color="#f2c500",
            edgecolor="#8a7000",
            linewidth=0.4,
            label=f"links needing manual verification, created {per}",
        )
    if workload.resolved and len(workload.resolved) == len(xs):
        ax.plot(xs, workload.resolved, color="#2e8b57", lw=1.6, label=f"verified {per}")
    ax.set_ylabel(f"links {per}")
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
    ax.set_ylabel("waiting")
    ax.annotate(
        f"links waiting for verification (peak {peak:,.0f})",
        xy=(0.01, 0.92),
        xycoords="axes fraction",
        va="top",
        fontsize=8,
        color=_MUTED,
    )
    ax.grid(color="#e5e9ed", lw=0.8)


def workload_chart(workload: WorkloadSeries, stamp: str = STAMP) -> Chart:
    """Links needing manual verification per period, and the backlog when there is one."""
    backlog = max(workload.backlog, default=0.0) > 0
    with _style():
        fig = _new(8.6, 4.8 if backlog else 3.4, stamp)
        if backlog:
            top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        else:
            top, bottom = fig.add_subplot(), None
        try:
            xs: Sequence[Any] = _as_dates(workload.dates)
            width: float = 0.8 * _median_step(xs)
        except ValueError:
            xs = list(range(len(workload.dates)))
            width = 0.8
        _flows(top, workload, xs, width)
        if bottom is not None:
            _backlog(bottom, workload, xs)
        if xs and isinstance(xs[0], dt.date):
            fig.autofmt_xdate()
        caption = (
            "Links that needed manual verification, created and verified per "
            f"{workload.period or 'period'}. Simulated; the verification capacity and minutes "
            "per case are assumptions."
        )
        caption += (
            " Links waiting for verification at the end of each period: lower panel."
            if backlog
            else " No link waited past the end of its period: the assumed capacity kept up."
        )
        return _finish(
            fig, "workload", "MID workload", caption, "Simulated manual-verification workload"
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
            ax.text(j, i, text, ha="center", va="center", fontsize=8, color=colour)
    ax.set_xticks(range(len(reach.purposes)), reach.purposes, rotation=35, ha="right")
    ax.set_title(title, loc="left")
    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)
    ax.set_xlabel("purpose the data were collected for")
    return image


def reachability_chart(reach: Reachability, stamp: str = STAMP) -> Chart:
    """Heat maps: authorities x purposes the data were collected for, siloed vs interoperable."""
    with _style():
        fig = _new(10.0, max(3.2, 0.42 * len(reach.authorities) + 2.0), stamp)
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
    """Every chart the model has data for, in report order, stamped with the run."""
    stamp = stamp_text(model.citation)
    jobs: list[Callable[[], Chart]] = []
    if any(g.in_figure for g in model.groups):
        rate = next((r.estimate for r in model.headline if r.key == _OVERALL_RATE), None)
        jobs.append(lambda: errors_by_group_chart(model.groups, model.group_metric, rate, stamp))
    if any(c.drawable for c in model.scaling):
        jobs.append(lambda: scaling_chart(model.scaling, stamp))
    if any(c.total > 0 for c in model.colours):
        jobs.append(lambda: link_colours_chart(model.colours, stamp))
    workload = model.workload
    if workload is not None and workload.dates:
        jobs.append(lambda: workload_chart(workload, stamp))
    reach = model.reachability
    if reach is not None and reach.authorities and reach.purposes:
        jobs.append(lambda: reachability_chart(reach, stamp))
    return [job() for job in jobs]


#: The headline row holding the overall rate the group chart compares with.
_OVERALL_RATE = "persons_wrongly_linked_rate"

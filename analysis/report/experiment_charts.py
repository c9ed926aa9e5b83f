"""The experiment report's charts: paired differences, group shifts, sweeps and tornadoes.

Drawn like the world report's (:mod:`analysis.report.charts`): matplotlib's object API on
an Agg canvas, an SVG for the HTML page and a PNG for ``report.md``, and a visible
"simulated" stamp on every chart.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from analysis.paired import GroupShift, PairedDifference
from analysis.report.charts import STAMP, Chart
from analysis.report.experiment_model import ExperimentReport, SensitivityBlock, SweepSeries

__all__ = [
    "differences_chart",
    "draw_experiment",
    "group_shift_chart",
    "sweep_chart",
    "tornado_chart",
]

_INK, _MUTED, _BLUE, _ORANGE, _GREY = "#1f2933", "#6b7785", "#0b5cad", "#c2410c", "#b8c2cc"
_SERIES = ("#0b5cad", "#c2410c", "#2e8b57", "#7b3fa0", "#8a7000", "#555555")
_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "interopsim-experiment",
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "axes.edgecolor": _MUTED,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "axes.axisbelow": True,
}
_ID = re.compile(r'\bid="([^"]+)"')
_GROUPS_SHOWN = 14


@contextmanager
def _style() -> Iterator[None]:
    with mpl.rc_context(cast(Any, _RC)):
        yield


def _new(width: float, height: float) -> MplFigure:
    layout = ConstrainedLayoutEngine(rect=(0.0, 0.0, 1.0, 1.0 - 0.24 / height))
    fig = MplFigure(figsize=(width, height), dpi=100, layout=layout)
    FigureCanvasAgg(fig)
    fig.text(0.995, 0.995, STAMP, ha="right", va="top", fontsize=7.5, color=_ORANGE, weight="bold")
    return fig


def _svg(fig: MplFigure, name: str, alt: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", buf.getvalue(), flags=re.S)
    text = text[text.index("<svg") :]
    for old in sorted(set(_ID.findall(text)), key=len, reverse=True):
        new = f"{name}-{old}"
        text = text.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
        text = text.replace(f'href="#{old}"', f'href="#{new}"')
    safe = alt.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("<svg ", f'<svg role="img" aria-labelledby="{name}-title" ', 1)
    return text.replace(">", f'><title id="{name}-title">{safe}</title>', 1)


def _finish(fig: MplFigure, name: str, title: str, caption: str, alt: str) -> Chart:
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=110, metadata={"Software": None})
    fig.set_layout_engine("none")
    return Chart(name, title, caption, _svg(fig, name, alt), png.getvalue(), alt)


def _relative(d: PairedDifference) -> tuple[float, float, float, float, float] | None:
    """Difference, paired and unpaired bounds as % of arm A's mean (None if undefined)."""
    base, diff = d.a.value, d.difference
    if not base or diff.value is None or not d.difference.has_interval:
        return None
    lo, hi = diff.lower, diff.upper
    ulo, uhi = d.unpaired.lower, d.unpaired.upper
    if lo is None or hi is None:
        return None
    scale = 100 / abs(base)
    unpaired = (ulo if ulo is not None else lo, uhi if uhi is not None else hi)
    return diff.value * scale, lo * scale, hi * scale, unpaired[0] * scale, unpaired[1] * scale


def differences_chart(diffs: Sequence[PairedDifference], name: str) -> Chart | None:
    """B - A of each figure in % of A: paired interval (dark) over unpaired interval (light)."""
    rows = [(d, r) for d in diffs if (r := _relative(d)) is not None]
    if not rows:
        return None
    a, b = rows[0][0].arm_a, rows[0][0].arm_b
    with _style():
        fig = _new(8.6, 0.55 * len(rows) + 1.6)
        ax = fig.add_subplot()
        ys = list(range(len(rows)))[::-1]
        for y, (_, (v, lo, hi, ulo, uhi)) in zip(ys, rows, strict=True):
            ax.plot([ulo, uhi], [y, y], color=_GREY, lw=6, solid_capstyle="butt")
            ax.plot([lo, hi], [y, y], color=_BLUE, lw=2.2)
            ax.plot([v], [y], "o", color=_BLUE, ms=5)
        ax.axvline(0, color=_INK, lw=0.8)
        ax.set_yticks(ys, [textwrap.fill(d.label, 38) for d, _ in rows])
        ax.set_xlabel(f"{b} - {a}, % of {a}'s mean\ndark: paired interval · light: unpaired")
        ax.set_title(f"{b} versus {a} (simulated)", loc="left")
        ax.grid(axis="x", color="#e5e9ed", lw=0.8)
        caption = (
            f"Mean difference {b} - {a} over the seeds, as a percentage of {a}'s mean; the dark "
            "bar is the paired interval (same worlds and link seeds), the light bar the interval "
            "the same runs would give unpaired."
        )
        return _finish(fig, name, "Paired differences", caption, f"Paired differences {b} - {a}")


def _top_groups(groups: Sequence[GroupShift]) -> list[GroupShift]:
    def turnover(g: GroupShift) -> float:
        return (g.only_a.value or 0.0) + (g.only_b.value or 0.0)

    return sorted(groups, key=turnover, reverse=True)[:_GROUPS_SHOWN]


def group_shift_chart(groups: Sequence[GroupShift], a: str, b: str, name: str) -> Chart | None:
    """Per group, people wrongly linked only under A (left) and only under B (right)."""
    shown = _top_groups(groups)
    if not shown:
        return None
    with _style():
        fig = _new(8.6, 0.36 * len(shown) + 1.6)
        ax = fig.add_subplot()
        ys = list(range(len(shown)))[::-1]
        only_a = [-(g.only_a.value or 0.0) for g in shown]
        only_b = [g.only_b.value or 0.0 for g in shown]
        ax.barh(ys, only_a, color=_GREY, label=f"only under {a}")
        ax.barh(ys, only_b, color=_ORANGE, label=f"only under {b}")
        for y, g in zip(ys, shown, strict=True):
            net = g.net.value or 0.0
            ax.annotate(
                f"net {net:+.1f}",
                (max(only_b) * 1.02 if only_b else 0, y),
                fontsize=7.5,
                color=_MUTED,
                va="center",
            )
        ax.axvline(0, color=_INK, lw=0.8)
        ax.set_yticks(ys, [f"{g.group} ({g.dimension.replace('_', ' ')})" for g in shown])
        ax.set_xlabel("people per world (mean over seeds)")
        ax.set_title(f"Who changes between {a} and {b} (simulated)", loc="left")
        ax.legend(loc="lower right", fontsize=8)
        caption = (
            f"Per group, the mean number of people per world whose outcome holds only under {a} "
            f"(left) or only under {b} (right): the net change hides this turnover. The groups "
            "with the most turnover are shown; the table lists all."
        )
        return _finish(
            fig, name, "Who changes, by group", caption, f"People changing between {a} and {b}"
        )


def sweep_chart(series: Sequence[SweepSeries], name: str) -> Chart | None:
    """A figure along a swept parameter, one line per arm, with replicate intervals."""
    if not series:
        return None
    first = series[0]
    with _style():
        fig = _new(8.6, 3.6)
        ax = fig.add_subplot()
        for colour, s in zip(_SERIES * 4, series, strict=False):
            ys = [math.nan if e.value is None else e.value for e in s.estimates]
            lo = [
                e.lower if e.lower is not None else y for e, y in zip(s.estimates, ys, strict=True)
            ]
            hi = [
                e.upper if e.upper is not None else y for e, y in zip(s.estimates, ys, strict=True)
            ]
            ax.fill_between(s.x, lo, hi, color=colour, alpha=0.15, lw=0)
            ax.plot(s.x, ys, "o-", color=colour, label=s.series, ms=4)
        ax.set_xlabel(first.parameter)
        ax.set_ylabel(first.label[:50])
        ax.set_title(
            f"{first.label[:70]} along {first.parameter.split('.')[-1]} (simulated)", loc="left"
        )
        ax.legend(fontsize=8)
        ax.grid(color="#e5e9ed", lw=0.8)
        caption = (
            f"{first.label} at each value of {first.parameter}: mean over the seeds with its "
            "Student-t interval (band), one line per arm."
        )
        return _finish(fig, name, "Sweep", caption, f"{first.label} along {first.parameter}")


def tornado_chart(block: SensitivityBlock, name: str) -> Chart | None:
    """The figure with each factor at the low and high end of its range, widest first."""
    bars = [b for b in block.tornado if b.at_low is not None and b.at_high is not None]
    if not bars or block.band.value is None:
        return None
    base = block.band.value
    with _style():
        fig = _new(8.6, 0.45 * len(bars) + 1.7)
        ax = fig.add_subplot()
        ys = list(range(len(bars)))[::-1]
        for y, bar in zip(ys, bars, strict=True):
            lo, hi = cast(float, bar.at_low), cast(float, bar.at_high)
            ax.barh([y], [lo - base], left=base, color=_GREY, height=0.6)
            ax.barh([y], [hi - base], left=base, color=_BLUE, height=0.6)
        ax.axvline(base, color=_INK, lw=0.9)
        ax.set_yticks(ys, [f"{b.factor.split('.', 1)[-1]} [{b.low:g}, {b.high:g}]" for b in bars])
        ax.set_xlabel(f"{block.label[:60]}\ngrey: factor at its low end · blue: at its high end")
        ax.set_title(f"Tornado: {block.figure} ({block.arm}, simulated)", loc="left")
        caption = (
            f"{block.label} with one assumption at the low (grey) or high (blue) end of its "
            "range and the others at their defaults (the vertical line: mean at the defaults)."
        )
        return _finish(fig, name, "Tornado", caption, f"Tornado chart of {block.figure}")


def draw_experiment(report: ExperimentReport) -> list[Chart]:
    """Every chart of the report, each with a stable name."""
    charts: list[Chart | None] = []
    pairs = sorted({(d.arm_a, d.arm_b, d.point) for d in report.differences})
    for i, (a, b, point) in enumerate(pairs):
        diffs = [d for d in report.differences if (d.arm_a, d.arm_b, d.point) == (a, b, point)]
        charts.append(differences_chart(diffs, f"differences-{i}"))
    for i, p in enumerate(report.persons):
        charts.append(group_shift_chart(p.groups, p.shift.arm_a, p.shift.arm_b, f"groups-{i}"))
    keys = sorted({(s.figure, s.parameter) for s in report.sweeps})
    for i, (figure, parameter) in enumerate(keys):
        series = [s for s in report.sweeps if (s.figure, s.parameter) == (figure, parameter)]
        charts.append(sweep_chart(series, f"sweep-{i}"))
    for i, block in enumerate(report.sensitivity):
        charts.append(tornado_chart(block, f"tornado-{i}"))
    return [c for c in charts if c is not None]

"""Render the experiment report: ``report.html`` (self-contained) and ``report.md`` in OUT.

The pages sit next to the results table they describe. Sections: the question and the
arms, paired differences, who changes (person level, by group), sweeps, sensitivity
(indices, tornado, uncertainty bands kept apart from the sampling interval), failures,
and a cite block listing every seed and scenario hash with the version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from analysis.report.charts import Chart
from analysis.report.experiment_charts import draw_experiment
from analysis.report.experiment_model import ExperimentReport
from analysis.report.formatting import format_count, format_interval, format_value, md_cell
from analysis.report.render import write_pages

__all__ = ["EXPERIMENT_SECTIONS", "ExperimentFiles", "render_experiment"]

HTML_FILE = "report.html"
MARKDOWN_FILE = "report.md"
FIGURES_DIR = "figures"

#: The experiment report's sections: anchor and title.
EXPERIMENT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("question", "Question and arms"),
    ("differences", "Paired differences"),
    ("persons", "Who changes"),
    ("sweeps", "Sweeps"),
    ("sensitivity", "Sensitivity to assumptions"),
    ("failures", "Failed tasks"),
    ("cite", "How to cite"),
)


@dataclass(frozen=True)
class ExperimentFiles:
    """Where the experiment's report and tables are."""

    html: Path
    markdown: Path
    figures: tuple[Path, ...]
    tables: Mapping[str, Path] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Path]:
        return {"report_html": self.html, "report_markdown": self.markdown, **self.tables}


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("analysis.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["count"] = format_count
    env.filters["value"] = _value
    env.filters["interval"] = format_interval
    env.filters["md"] = md_cell
    env.filters["signed"] = _signed
    env.filters["maybe"] = _maybe
    return env


def _value(value: float | None, unit: str = "") -> str:
    return format_value(value, "share" if unit in ("share", "rate") else unit)


def _signed(value: float | None, unit: str = "") -> str:
    text = _value(value, unit)
    return f"+{text}" if value is not None and value > 0 else text


def _maybe(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}g}"


def _html_figure(chart: Chart) -> Markup:
    return Markup(
        f'<figure id="fig-{chart.name}">{chart.svg}'
        f"<figcaption><strong>Simulated.</strong> {escape(chart.caption)}</figcaption></figure>"
    )


def _md_figure(chart: Chart) -> str:
    return f"![{chart.alt}]({FIGURES_DIR}/{chart.name}.png)\n\n*Simulated.* {chart.caption}"


def _context(report: ExperimentReport, charts: Sequence[Chart]) -> dict[str, Any]:
    figs = {c.name: c for c in charts}
    pairs = sorted({(d.arm_a, d.arm_b, d.point) for d in report.differences})
    comparisons = [
        (
            a,
            b,
            point,
            [d for d in report.differences if (d.arm_a, d.arm_b, d.point) == (a, b, point)],
            figs.get(f"differences-{i}"),
        )
        for i, (a, b, point) in enumerate(pairs)
    ]
    persons = [(p, figs.get(f"groups-{i}")) for i, p in enumerate(report.persons)]
    sweeps = [c for c in charts if c.name.startswith("sweep-")]
    blocks = [(b, figs.get(f"tornado-{i}")) for i, b in enumerate(report.sensitivity)]
    return {
        "r": report,
        "comparisons": comparisons,
        "persons": persons,
        "sweep_charts": sweeps,
        "blocks": blocks,
        "titles": dict(EXPERIMENT_SECTIONS),
        "sections": [k for k, _ in EXPERIMENT_SECTIONS],
        "level_pct": round(report.level * 100),
    }


def _css() -> str:
    return (
        resources.files("analysis.report")
        .joinpath("templates/style.css")
        .read_text(encoding="utf-8")
    )


def render_experiment(
    report: ExperimentReport, directory: Path | str, tables: Mapping[str, Path] | None = None
) -> ExperimentFiles:
    """Draw the charts and write ``report.html``, ``report.md`` and ``figures/``."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    charts = draw_experiment(report)
    context = _context(report, charts)
    env = _environment()
    html = env.get_template("experiment.html.j2").render(
        **context, css=Markup(_css()), figure=_html_figure
    )
    md = env.get_template("experiment.md.j2").render(**context, figure=_md_figure)
    write_pages(out, charts, html, md, html_name=HTML_FILE, md_name=MARKDOWN_FILE)
    return ExperimentFiles(
        html=out / HTML_FILE,
        markdown=out / MARKDOWN_FILE,
        figures=tuple(
            out / FIGURES_DIR / f"{c.name}.{ext}" for c in charts for ext in ("svg", "png")
        ),
        tables=dict(tables or {}),
    )

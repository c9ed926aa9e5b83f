"""Render a report: ``index.html`` (self-contained, offline) and ``report.md`` with figures.

Files are written into a temporary directory next to their destination and renamed into
place only once every file has been rendered, so a failure leaves the previous report
(or none) rather than a half-written one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from analysis.metrics import METRICS_FILE
from analysis.report.charts import Chart, draw_all
from analysis.report.cite import cite_text, figure_citation
from analysis.report.extract import load_model
from analysis.report.formatting import (
    format_count,
    format_interval,
    format_json,
    format_value,
    md_cell,
)
from analysis.report.model import GroupRate, HeadlineRow, ReportModel
from analysis.report.sources import PageSources, assumption_table
from analysis.report.story import ERROR_FIGURE, GLOSSARY
from schemas.progress import Progress
from schemas.provenance import TAG_MEANING
from schemas.stage import run_stage

__all__ = [
    "FIGURES_DIR",
    "HTML_FILE",
    "MARKDOWN_FILE",
    "SECTIONS",
    "ReportFiles",
    "render_model",
    "render_report",
]

log = logging.getLogger(__name__)

HTML_FILE = "index.html"
MARKDOWN_FILE = "report.md"
FIGURES_DIR = "figures"

#: The report's sections in order: anchor and title (both pages use them).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Headline"),
    ("cite", "How to cite"),
    ("glossary", "Glossary"),
    ("figures", "All headline figures"),
    ("errors", "Errors by group"),
    ("scaling", "Errors as the registers grow"),
    ("links", "MID link colours and verification workload"),
    ("creep", "Reachability: siloed versus interoperable"),
    ("assumptions", "Assumptions"),
    ("sources", "Sources"),
    ("about", "About this simulation"),
)
#: Groups listed in the visible table of the most affected groups.
TOP_GROUPS = 6


@dataclass(frozen=True, slots=True)
class ReportFiles:
    """Where a rendered report lives."""

    directory: Path
    html: Path
    markdown: Path
    figures: tuple[Path, ...]


class _Markdown(str):
    """Text that is already Markdown for ``report.md``: written as it is."""


def _md(value: object) -> _Markdown:
    """Every value written into ``report.md``, shown as the text it is (see :func:`md_cell`).

    The Markdown environment's ``finalize``: a scenario name, group label or parameter value
    carrying HTML or Markdown is never rendered, as the HTML report never renders it.
    Markdown the renderer writes itself (figures, code spans) is a :class:`_Markdown`.
    """
    return value if isinstance(value, _Markdown) else _Markdown(md_cell(value))


def _md_code(value: object, cell: bool = False) -> _Markdown:
    """Text for inside a Markdown code span: no backtick or line break can close it early.

    Markup inside a code span is shown as text, so it needs no other escaping; in a table
    ``cell`` a pipe is still escaped (GitHub's tables split cells before code spans).
    """
    text = str(value).replace("`", "'").replace("\n", " ").replace("\r", " ")
    return _Markdown(text.replace("|", "\\|") if cell else text)


def _md_fenced(value: object) -> _Markdown:
    """Text for inside a fenced code block: no backtick can close the fence."""
    return _Markdown(str(value).replace("`", "'"))


def _md_url(value: object) -> _Markdown:
    """A URL for inside a Markdown autolink ``<...>``: backslash escapes do not work there,
    so the characters that could end it (``<``, ``>``, spaces) are percent-encoded."""
    text = str(value).replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return _Markdown(text.replace("\n", "").replace("\r", ""))


def _environment(markdown: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("analysis.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
        finalize=_md if markdown else None,
    )
    env.filters["count"] = format_count
    env.filters["value"] = format_value
    env.filters["interval"] = format_interval
    env.filters["md"] = _md
    env.filters["code"] = _md_code
    env.filters["fenced"] = _md_fenced
    env.filters["url"] = _md_url
    env.filters["json"] = format_json
    env.filters["breakable"] = _breakable
    env.filters["site"] = _site
    return env


def _site(url: str) -> str:
    """The host a link goes to (``data.europa.eu``): short link text for the sources list."""
    host = re.sub(r"^[a-z]+://", "", url).split("/", 1)[0]
    return host.removeprefix("www.") or url


def _breakable(name: str) -> Markup:
    """A dotted parameter name that may wrap after its dots and underscores."""
    return Markup("<wbr>").join(escape(part) for part in re.split(r"(?<=[._])", name) if part)


def _most_affected(groups: Sequence[GroupRate]) -> list[GroupRate]:
    """The groups with the highest ratio to the overall rate (charted dimensions)."""
    ranked = [g for g in groups if g.in_figure and g.disparity is not None and g.disparity.value]
    ranked.sort(key=lambda g: -(g.disparity.value or 0) if g.disparity else 0)
    return ranked[:TOP_GROUPS]


def _css() -> str:
    return (
        resources.files("analysis.report")
        .joinpath("templates/style.css")
        .read_text(encoding="utf-8")
    )


def _html_figure(fig: Chart, cited: Callable[[object], Markup]) -> Markup:
    return Markup(
        f'<figure id="fig-{fig.name}">{fig.svg}'
        f"<figcaption><strong>Simulated.</strong> {cited(fig.caption)}</figcaption></figure>"
    )


def _md_figure(fig: Chart, cited: Callable[[object], str]) -> _Markdown:
    return _Markdown(
        f"![{md_cell(fig.alt)}]({FIGURES_DIR}/{fig.name}.png)\n\n"
        f"*Simulated.* {md_cell(cited(fig.caption))} "
        f"(Vector version: `{FIGURES_DIR}/{fig.name}.svg`.)"
    )


def _md_anchor(title: str) -> str:
    keep = "".join(c for c in title.lower() if c.isalnum() or c in " -")
    return keep.replace(" ", "-")


def _context(model: ReportModel, charts: Sequence[Chart]) -> dict[str, object]:
    """What both templates read."""
    titles = dict(SECTIONS)

    def cite_figure(row: HeadlineRow) -> str:
        return figure_citation(row, model.citation)

    return {
        "m": model,
        "figs": {c.name: c for c in charts},
        "titles": titles,
        "sections": [k for k, _ in SECTIONS],
        "cite_text": cite_text(model.citation),
        "cite_figure": cite_figure,
        "error_figure": ERROR_FIGURE,
        "glossary": GLOSSARY,
        "assumptions": assumption_table(model.assumptions),
        "most_affected": _most_affected(model.groups),
        "tag_legend": [(tag.value, meaning) for tag, meaning in TAG_MEANING.items()],
    }


def _render_pages(model: ReportModel, charts: Sequence[Chart]) -> tuple[str, str]:
    common = _context(model, charts)
    html_sources = PageSources()
    html = (
        _environment(markdown=False)
        .get_template("report.html.j2")
        .render(
            **common,
            css=Markup(_css()),
            figure=_html_figure,
            cited=html_sources.html,
            bibliography=html_sources.entries,
        )
    )
    md_sources = PageSources()
    md = (
        _environment(markdown=True)
        .get_template("report.md.j2")
        .render(
            **common,
            figure=_md_figure,
            anchors={k: _md_anchor(t) for k, t in SECTIONS},
            cited=md_sources.markdown,
            bibliography=md_sources.entries,
        )
    )
    return html, md


def write_pages(
    out: Path,
    charts: Sequence[Chart],
    html: str,
    md: str,
    *,
    html_name: str = HTML_FILE,
    md_name: str = MARKDOWN_FILE,
    before_swap: Callable[[Mapping[Path, Path]], object] | None = None,
) -> None:
    """Write the pages and charts into a staging directory, then move them into place
    (the world report and the experiment report both)."""
    staging = Path(tempfile.mkdtemp(dir=out, prefix=".render-", suffix=".partial"))
    trash: Path | None = None
    try:
        chart_dir = staging / FIGURES_DIR
        chart_dir.mkdir()
        for chart in charts:
            (chart_dir / f"{chart.name}.svg").write_text(
                '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + chart.svg,
                encoding="utf-8",
            )
            (chart_dir / f"{chart.name}.png").write_bytes(chart.png)
        (staging / md_name).write_text(md, encoding="utf-8")
        (staging / html_name).write_text(html, encoding="utf-8")
        if before_swap is not None:  # e.g. record the new files before they move in
            staged = [chart_dir / f.name for f in sorted(chart_dir.iterdir())]
            moves = {out / FIGURES_DIR / f.name: f for f in staged}
            moves |= {out / n: staging / n for n in (md_name, html_name)}
            before_swap(moves)
        final_charts = out / FIGURES_DIR
        if final_charts.exists():
            trash = out / f".figures-old-{os.getpid()}"
            final_charts.rename(trash)
        chart_dir.rename(final_charts)
        (staging / md_name).replace(out / md_name)
        (staging / html_name).replace(out / html_name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if trash is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(trash)


def render_model(
    model: ReportModel,
    directory: Path | str,
    *,
    progress: Progress | None = None,
    before_swap: Callable[[Mapping[Path, Path]], object] | None = None,
) -> ReportFiles:
    """Draw the charts and write ``index.html``, ``report.md`` and ``figures/`` to ``directory``.

    Other files in ``directory`` (``metrics.json``) are left alone. Returns the paths
    written. ``before_swap`` is called with {final path: staged file} once every file is
    written and before any is moved into place.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    with run_stage("report", progress, steps=("draw charts", "write pages")) as stage:
        charts = stage.run("draw charts", draw_all, model)
        with stage.step("write pages"):
            html, md = _render_pages(model, charts)
            write_pages(out, charts, html, md, before_swap=before_swap)
    log.info("report written to %s", out)
    names = sorted(p for c in charts for p in (f"{c.name}.svg", f"{c.name}.png"))
    return ReportFiles(
        directory=out,
        html=out / HTML_FILE,
        markdown=out / MARKDOWN_FILE,
        figures=tuple(out / FIGURES_DIR / n for n in names),
    )


def render_report(path: Path | str, *, progress: Progress | None = None) -> ReportFiles:
    """Render the report of the analysed world at ``path`` into ``path/report/``.

    Raises :class:`schemas.WorldError` when ``path`` is not a world or has no metrics.
    """
    model = load_model(path)
    return render_model(model, Path(path) / METRICS_FILE.parent, progress=progress)

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
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from analysis.metrics import METRICS_FILE
from analysis.report.extract import load_model
from analysis.report.figures import Figure, draw_all
from analysis.report.formatting import format_count, format_interval, format_value, md_cell
from analysis.report.model import Assumption, Citation, ReportModel
from schemas.progress import Progress

__all__ = [
    "FIGURES_DIR",
    "HTML_FILE",
    "MARKDOWN_FILE",
    "SECTIONS",
    "ReportFiles",
    "cite_text",
    "render_model",
    "render_report",
]

log = logging.getLogger(__name__)

HTML_FILE = "index.html"
MARKDOWN_FILE = "report.md"
FIGURES_DIR = "figures"

#: The report's sections in order: anchor and title (both pages use them).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Headline figures"),
    ("errors", "Errors by group"),
    ("scaling", "Gallery-size scaling and extrapolation"),
    ("links", "MID link colours and verification workload"),
    ("creep", "Reachability: siloed versus interoperable"),
    ("assumptions", "Assumptions"),
    ("cite", "How to cite"),
    ("about", "About this simulation"),
)


@dataclass(frozen=True, slots=True)
class ReportFiles:
    """Where a rendered report lives."""

    directory: Path
    html: Path
    markdown: Path
    figures: tuple[Path, ...]


def cite_text(citation: Citation) -> str:
    """The suggested citation of a run's figures (plain text)."""
    persons = f", {citation.persons:,} synthetic persons" if citation.persons is not None else ""
    return (
        f"Simulated with interopsim {citation.version} (scenario {citation.scenario}, "
        f"scenario hash {citation.scenario_hash}, seed {citation.seed}, "
        f"{citation.mode} biometric matching{persons}). Figures are simulated on synthetic "
        f"people under the assumptions listed in the report.\n"
        f"Reproduce: {citation.command}"
    )


def _environment(markdown: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("analysis.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["count"] = format_count
    env.filters["value"] = format_value
    env.filters["interval"] = format_interval
    env.filters["md"] = md_cell
    env.filters["breakable"] = _breakable
    return env


def _breakable(name: str) -> Markup:
    """A dotted parameter name that may wrap after its dots and underscores."""
    return Markup("<wbr>").join(escape(part) for part in re.split(r"(?<=[._])", name) if part)


def _groups(items: Sequence[Assumption]) -> list[tuple[str, list[Assumption]]]:
    """Assumptions grouped by ``used_in``, groups and rows in their first-seen order."""
    groups: dict[str, list[Assumption]] = {}
    for a in items:
        groups.setdefault(a.used_in or "Other", []).append(a)
    return list(groups.items())


def _css() -> str:
    return (
        resources.files("analysis.report")
        .joinpath("templates/style.css")
        .read_text(encoding="utf-8")
    )


def _html_figure(fig: Figure) -> Markup:
    return Markup(
        f'<figure id="fig-{fig.name}">{fig.svg}'
        f"<figcaption><strong>Simulated.</strong> {escape(fig.caption)}</figcaption></figure>"
    )


def _md_figure(fig: Figure) -> str:
    return (
        f"![{fig.alt}]({FIGURES_DIR}/{fig.name}.png)\n\n"
        f"*Simulated.* {fig.caption} (Vector version: `{FIGURES_DIR}/{fig.name}.svg`.)"
    )


def _md_anchor(title: str) -> str:
    keep = "".join(c for c in title.lower() if c.isalnum() or c in " -")
    return keep.replace(" ", "-")


def _render_pages(model: ReportModel, figures: list[Figure]) -> tuple[str, str]:
    figs = {f.name: f for f in figures}
    titles = dict(SECTIONS)
    keys = [k for k, _ in SECTIONS]
    common = {
        "m": model,
        "figs": figs,
        "titles": titles,
        "sections": keys,
        "cite_text": cite_text(model.citation),
        "assumption_groups": _groups(model.assumptions),
    }
    html = (
        _environment(markdown=False)
        .get_template("report.html.j2")
        .render(**common, css=Markup(_css()), figure=_html_figure)
    )
    md = (
        _environment(markdown=True)
        .get_template("report.md.j2")
        .render(
            **common,
            figure=_md_figure,
            anchors={k: _md_anchor(t) for k, t in SECTIONS},
        )
    )
    return html, md


def render_model(
    model: ReportModel, directory: Path | str, *, progress: Progress | None = None
) -> ReportFiles:
    """Draw the figures and write ``index.html``, ``report.md`` and ``figures/`` to ``directory``.

    Other files in ``directory`` (``metrics.json``) are left alone. Returns the paths written.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    if progress:
        progress("drawing figures", 0, 2)
    figures = draw_all(model)
    if progress:
        progress("writing pages", 1, 2)
    html, md = _render_pages(model, figures)
    staging = Path(tempfile.mkdtemp(dir=out, prefix=".render-", suffix=".partial"))
    trash: Path | None = None
    try:
        fig_dir = staging / FIGURES_DIR
        fig_dir.mkdir()
        for fig in figures:
            (fig_dir / f"{fig.name}.svg").write_text(
                '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + fig.svg,
                encoding="utf-8",
            )
            (fig_dir / f"{fig.name}.png").write_bytes(fig.png)
        (staging / MARKDOWN_FILE).write_text(md, encoding="utf-8")
        (staging / HTML_FILE).write_text(html, encoding="utf-8")
        final_figs = out / FIGURES_DIR
        if final_figs.exists():
            trash = out / f".figures-old-{os.getpid()}"
            final_figs.rename(trash)
        fig_dir.rename(final_figs)
        (staging / MARKDOWN_FILE).replace(out / MARKDOWN_FILE)
        (staging / HTML_FILE).replace(out / HTML_FILE)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if trash is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(trash)
    if progress:
        progress("writing pages", 2, 2)
    log.info("report written to %s", out)
    names = sorted(p for f in figures for p in (f"{f.name}.svg", f"{f.name}.png"))
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

"""Rendering the report: every section, self-contained, labelled simulated, atomic."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape

from analysis import Assumption
from analysis.report import SECTIONS, ReportModel, cite_text, figure_citation, render_model
from analysis.report import render as render_module
from analysis.report.charts import stamp_text, workload_chart
from analysis.report.model import WorkloadSeries
from schemas.bibliography import bibliography
from tests.analysis.report.conftest import build_sample_model

FIGURE_NAMES = ("errors-by-group", "scaling", "link-colours", "workload", "reachability")


def _render(model: ReportModel, out: Path) -> tuple[str, str]:
    files = render_model(model, out)
    return files.html.read_text(encoding="utf-8"), files.markdown.read_text(encoding="utf-8")


def test_every_section_and_figure_is_rendered(
    sample_model: ReportModel, rendered: tuple[Path, str, str]
) -> None:
    out, html, md = rendered
    for key, title in SECTIONS:
        assert f'<section id="{key}">' in html
        assert f"<h2>{title}" in html
        assert f"## {title}" in md
    for name in FIGURE_NAMES:
        assert f'<figure id="fig-{name}"><svg' in html
        assert (out / "figures" / f"{name}.svg").stat().st_size > 1000
        assert (out / "figures" / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
        assert f"](figures/{name}.png)" in md


def test_page_is_self_contained(rendered: tuple[Path, str, str]) -> None:
    _, html, _ = rendered
    assert "<link" not in html
    assert "<script" not in html
    assert "@import" not in html
    assert not re.search(r"""src\s*=\s*["']?(https?:)?//""", html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    # Fragment links inside the page and inline images (heat maps as data: URIs); the
    # only links that leave the page are the sources' addresses, which load nothing.
    body, sources = html.split('<section id="sources">')
    hrefs = re.findall(r'href="([^"]*)"', body + sources.split("</section>", 1)[1])
    assert hrefs
    assert all(h.startswith(("#", "data:image/png;base64,")) for h in hrefs)
    external = re.findall(r'<a href="(https?://[^"]*)"', sources)
    assert external
    assert all('rel="noreferrer"' in a for a in re.findall(r"<a href=\"https?://[^>]*>", html))


def test_every_figure_says_it_is_simulated(
    sample_model: ReportModel, rendered: tuple[Path, str, str]
) -> None:
    _, html, md = rendered
    figures = re.findall(r"<figure.*?</figure>", html, flags=re.S)
    assert len(figures) == len(FIGURE_NAMES)
    stamp = stamp_text(sample_model.citation)
    for fig in figures:
        assert stamp in fig  # stamped inside the image: simulated, seed, hash, version
        assert "<figcaption><strong>Simulated.</strong>" in fig
    assert md.count("*Simulated.*") == len(FIGURE_NAMES)
    assert "synthetic" in html.lower()
    assert "Every figure in this report is simulated" in html
    assert "Every figure in this report is simulated" in md


def test_every_figure_file_carries_its_provenance(
    sample_model: ReportModel, rendered: tuple[Path, str, str]
) -> None:
    out, _, _ = rendered
    c = sample_model.citation
    stamp = stamp_text(c)
    for part in (f"seed {c.seed}", c.scenario_hash[:12], f"interopsim {c.version}"):
        assert part in stamp
    for name in FIGURE_NAMES:
        assert stamp in (out / "figures" / f"{name}.svg").read_text(encoding="utf-8")
        png = (out / "figures" / f"{name}.png").read_bytes()
        assert b"Description\x00" + stamp.encode("latin-1") in png  # a tEXt chunk


def test_extrapolation_is_marked(
    sample_model: ReportModel, rendered: tuple[Path, str, str]
) -> None:
    out, html, md = rendered
    svg = (out / "figures" / "scaling.svg").read_text(encoding="utf-8")
    assert "extrapolation (not simulated)" in svg
    # The extrapolated part is a dashed orange line; the simulated part is solid blue.
    assert re.search(r'stroke-dasharray: [^;"]+; stroke-dashoffset: [^;"]+; stroke: #c2410c', svg)
    assert not re.search(
        r'stroke-dasharray: [^;"]+; stroke-dashoffset: [^;"]+; stroke: #0b5cad', svg
    )
    n_extrapolated = sum(len(c.extrapolated) for c in sample_model.scaling)
    assert html.count('<tr class="extrapolated">') == n_extrapolated
    assert md.count("| *extrapolation* |") == n_extrapolated


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html.replace("<wbr>", ""))


def test_assumptions_changed_first_and_each_source_once(
    sample_model: ReportModel, rendered: tuple[Path, str, str]
) -> None:
    _, html, md = rendered
    for a in sample_model.assumptions:
        assert a.key in html.replace("<wbr>", "")
        assert a.key in md
    changed = html.split('<h3 id="changed">')[1].split("<details")[0]
    assert "scenario.noise.default_dob_share" in changed.replace("<wbr>", "")
    assert "link.mid.verification.cases_per_day" not in changed.replace("<wbr>", "")
    calibrated = html.split('<h3 id="calibrated">')[1].split('<details id="all-assumptions">')[0]
    assert "link.biometric.fmr" in calibrated.replace("<wbr>", "")
    assert "reproduces the EES FPIR ceiling" in calibrated
    full = html.split('<details id="all-assumptions">')[1].split("</details>")[0]
    assert _text(full).count("no published figure") == 1  # shared by two rows: one note
    assert full.count('href="#note-1"') == 2
    for tag in ("V", "S", "A", "M"):  # the tag legend
        assert f"<dt>{tag}</dt>" in html
        assert f"- **{tag}**: " in md
    assert "domain.md" not in html + md


def test_citations_resolve_to_the_pages_own_bibliography(
    rendered: tuple[Path, str, str],
) -> None:
    _, html, md = rendered
    assert "[@" not in _text(html)  # every citation became a numbered link
    assert "[@" not in md
    entries = re.findall(r'<li id="ref-([^"]+)" value="(\d+)">', html)
    assert [int(n) for _, n in entries] == list(range(1, len(entries) + 1))
    keys = [k for k, _ in entries]
    assert "eu-2019-817" in keys  # cited in the glossary
    assert "eu-2019-329" in keys  # cited by an assumption (in the collapsed table)
    assert len(keys) < len(bibliography())  # only the entries the page cites
    for key, number in entries:
        assert f'<a href="#ref-{key}">{number}</a>' in html
        assert bibliography()[key].citation.split(".")[0] in html


def test_how_to_cite_comes_first_and_cites_each_figure(
    sample_model: ReportModel, rendered: tuple[Path, str, str]
) -> None:
    _, html, md = rendered
    order = [html.index(f'<section id="{key}">') for key, _ in SECTIONS]
    assert order == sorted(order)
    assert [k for k, _ in SECTIONS][:2] == ["summary", "cite"]
    c = sample_model.citation
    cite = html.split('<section id="cite">')[1].split("</section>")[0]
    for text in (str(c.seed), c.scenario_hash, c.version, c.command):
        assert text in cite_text(c)
        assert str(escape(text)) in cite
        assert text in md.split("## How to cite")[1]
    for row in sample_model.headline:
        line = figure_citation(row, c)
        assert str(escape(line)) in html
        assert line in md
        assert str(c.seed) in line
        assert c.scenario_hash[:12] in line
        assert c.version in line
    key = figure_citation(sample_model.headline[-2], c)
    assert "42 persons (95 % interval 30 – 57)" in key


def test_headline_glossary_and_disparities(
    sample_model: ReportModel, rendered: tuple[Path, str, str]
) -> None:
    _, html, md = rendered
    summary = html.split('<section id="summary">')[1].split("</section>")[0]
    assert sample_model.summary is not None
    assert str(escape(sample_model.summary.sentences[0])) in summary
    assert 'class="card key"' in summary
    glossary = _text(html.split('<section id="glossary">')[1].split("</section>")[0])
    assert "The error figure of this report" in glossary
    errors = html.split('<section id="errors">')[1].split("</section>")[0]
    assert "Ratio to overall" in errors
    assert "×2.5" in errors  # west africa: 0.0052 / 0.0021
    assert "| Ratio to overall |" in md


def test_rendering_is_deterministic(rendered: tuple[Path, str, str], tmp_path: Path) -> None:
    first_dir, html, md = rendered
    assert _render(build_sample_model(), tmp_path) == (html, md)
    for name in FIGURE_NAMES:
        a = (first_dir / "figures" / f"{name}.svg").read_bytes()
        assert a == (tmp_path / "figures" / f"{name}.svg").read_bytes()
        a = (first_dir / "figures" / f"{name}.png").read_bytes()
        assert a == (tmp_path / "figures" / f"{name}.png").read_bytes()


@pytest.fixture
def no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip drawing (slow) where a test is about the pages or the file handling."""
    monkeypatch.setattr(render_module, "draw_all", lambda model: [])


@pytest.mark.usefixtures("no_figures")
def test_text_is_escaped(sample_model: ReportModel, tmp_path: Path) -> None:
    evil = Assumption(key="x.y", value="<script>alert(1)</script> | a", source="src | <b>")
    model = dataclasses.replace(sample_model, assumptions=(evil,))
    html, md = _render(model, tmp_path)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\\| a" in md
    assert "<script" not in md
    assert "<b>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md


#: Text a hostile scenario could carry into the report, and how report.md must show it.
_INJECTED = {
    "<img src=x onerror=alert(1)>": "&lt;img src=x onerror=alert(1)&gt;",
    "[click](https://evil.example)": "\\[click\\](https://evil.example)",
    "![pic](https://evil.example/p.png)": "!\\[pic\\](https://evil.example/p.png)",
    "**bold** _it_": "\\*\\*bold\\*\\* \\_it\\_",
    "a\n# heading": "a # heading",
}


@pytest.mark.usefixtures("no_figures")
@pytest.mark.parametrize("payload", sorted(_INJECTED))
def test_injected_text_is_shown_not_rendered_in_markdown(
    sample_model: ReportModel, tmp_path: Path, payload: str
) -> None:
    citation = dataclasses.replace(sample_model.citation, scenario=payload)
    headline = tuple(dataclasses.replace(h, label=payload) for h in sample_model.headline)
    model = dataclasses.replace(
        sample_model, citation=citation, headline=headline, notes=(payload,)
    )
    _, md = _render(model, tmp_path)
    escaped = _INJECTED[payload]
    assert f"Scenario **{escaped}**," in md
    assert f"_{escaped}_" in md
    assert f"\n| {escaped} | " in md
    # In code spans and fenced blocks markup is inert: shown as it is, unescaped.
    assert f"- scenario: `{payload.replace(chr(10), ' ')}`" in md
    assert f"scenario {payload} (hash " in md
    outside = re.sub(r"```text\n.*?```", "", md, flags=re.S)
    outside = re.sub(r"`[^`\n]*`", "", outside)
    assert payload not in outside


@pytest.mark.usefixtures("no_figures")
def test_backticks_cannot_close_a_code_span(sample_model: ReportModel, tmp_path: Path) -> None:
    evil = "x` <script>y</script> `z"
    citation = dataclasses.replace(sample_model.citation, scenario=evil, command=evil)
    evil_key = Assumption(key="k` | <b>", value=1, source="s")
    model = dataclasses.replace(sample_model, citation=citation, assumptions=(evil_key,))
    _, md = _render(model, tmp_path)
    assert "- scenario: `x' <script>y</script> 'z`" in md
    assert "| `k' \\| <b>` | 1 | s |" in md
    assert "`" not in md.split("```text", 1)[1].split("```", 1)[0]


@pytest.mark.usefixtures("no_figures")
def test_a_small_world_warns_first(sample_model: ReportModel, tmp_path: Path) -> None:
    warning = "This world is too small to show much."
    html, md = _render(dataclasses.replace(sample_model, warnings=(warning,)), tmp_path)
    assert html.index(warning) < html.index('<section id="summary">')
    assert f"> **Warning.** {warning}" in md


def test_missing_sections_say_so(sample_model: ReportModel, tmp_path: Path) -> None:
    model = dataclasses.replace(
        sample_model, groups=(), scaling=(), colours=(), workload=None, reachability=None
    )
    html, md = _render(model, tmp_path)
    assert "<figure" not in html
    assert "hold no scaling curve" in html
    assert "hold no reachability matrix" in md
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == []


@pytest.mark.usefixtures("no_figures")
def test_failure_leaves_the_previous_report(
    sample_model: ReportModel,
    rendered: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copytree(rendered[0], tmp_path, dirs_exist_ok=True)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}

    def broken(*args: object, **kwargs: object) -> tuple[str, str]:
        raise RuntimeError("template exploded")

    monkeypatch.setattr(render_module, "_render_pages", broken)
    with pytest.raises(RuntimeError, match="exploded"):
        render_model(dataclasses.replace(sample_model, title="changed"), tmp_path)
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.usefixtures("no_figures")
def test_failure_while_writing_cleans_up(
    sample_model: ReportModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Path.write_text

    def failing(self: Path, *args: object, **kwargs: object) -> int:
        if self.name == "index.html":
            raise OSError("disk full")
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing)
    with pytest.raises(OSError, match="disk full"):
        render_model(sample_model, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("first", [dt.date(1, 1, 1), dt.date(9999, 1, 3)])
def test_workload_chart_near_the_ends_of_the_calendar(first: dt.date) -> None:
    """Matplotlib cannot draw dates near year 1 or 9999: the axis counts periods instead."""
    dates = tuple((first + dt.timedelta(days=30 * i)).isoformat() for i in range(12))
    flow = tuple(float(i) for i in range(12))
    series = WorkloadSeries(dates=dates, backlog=flow, created=flow, resolved=flow)
    chart = workload_chart(series)
    assert chart.png[:4] == b"\x89PNG"
    assert "<svg" in chart.svg

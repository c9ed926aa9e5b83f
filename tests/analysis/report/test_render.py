"""Rendering the report: every section, self-contained, labelled simulated, atomic."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape

from analysis import Assumption
from analysis.report import SECTIONS, ReportModel, cite_text, render_model
from analysis.report import render as render_module
from analysis.report.charts import STAMP
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
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    # Only fragment links inside the page and inline images (heat maps as data: URIs).
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs
    assert all(h.startswith(("#", "data:image/png;base64,")) for h in hrefs)


def test_every_figure_says_it_is_simulated(
    sample_model: ReportModel, rendered: tuple[Path, str, str]
) -> None:
    _, html, md = rendered
    figures = re.findall(r"<figure.*?</figure>", html, flags=re.S)
    assert len(figures) == len(FIGURE_NAMES)
    for fig in figures:
        assert STAMP in fig  # stamped inside the image
        assert "<figcaption><strong>Simulated.</strong>" in fig
    assert md.count("*Simulated.*") == len(FIGURE_NAMES)
    assert "synthetic" in html.lower()
    assert "Every figure in this report is simulated" in html
    assert "Every figure in this report is simulated" in md


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
    curve = sample_model.scaling
    assert curve is not None
    n_extrapolated = len(curve.extrapolated)
    assert html.count('<tr class="extrapolated">') == n_extrapolated
    assert md.count("| *extrapolation* |") == n_extrapolated


def test_assumptions_and_citation(
    sample_model: ReportModel, rendered: tuple[Path, str, str]
) -> None:
    _, html, md = rendered
    for a in sample_model.assumptions:
        assert a.key in html.replace("<wbr>", "")
        assert a.key in md
        assert str(escape(a.source)) in html
    for tag in ("V", "S", "A", "M"):  # the tag legend
        assert f"<dt>{tag}</dt>" in html
        assert f"- **{tag}**: " in md
    assert "domain.md" not in html + md
    c = sample_model.citation
    for text in (str(c.seed), c.scenario_hash, c.version):
        assert text in cite_text(c)
        assert text in html.split('<section id="cite">')[1]
        assert text in md.split("## How to cite")[1]


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


def test_missing_sections_say_so(sample_model: ReportModel, tmp_path: Path) -> None:
    model = dataclasses.replace(
        sample_model, groups=(), scaling=None, colours=(), workload=None, reachability=None
    )
    html, md = _render(model, tmp_path)
    assert "<figure" not in html
    assert "hold no gallery-size curve" in html
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

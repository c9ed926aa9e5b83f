"""The experiment report's pages: every section, the differences, the cite block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.report.experiment import EXPERIMENT_SECTIONS, render_experiment
from tests.analysis.report.experiment_data import SEEDS, experiment_report


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    out = tmp_path_factory.mktemp("experiment")
    files = render_experiment(experiment_report(), out)
    html = files.html.read_text(encoding="utf-8")
    md = files.markdown.read_text(encoding="utf-8")
    assert files.html.parent == out
    assert files.markdown.parent == out
    assert all(p.is_file() for p in files.figures)
    return out, html, md


def test_both_pages_have_every_section(rendered: tuple[Path, str, str]) -> None:
    _, html, md = rendered
    for key, title in EXPERIMENT_SECTIONS:
        assert re.search(rf'<section id="{key}">\s*<h2>{re.escape(title)}', html), key
        assert f"## {title}" in md


def test_the_difference_and_its_verdict_are_shown(rendered: tuple[Path, str, str]) -> None:
    _, html, md = rendered
    report = experiment_report()
    d = report.differences[0]
    assert d.excludes_zero
    row = re.search(r'<tr id="diff-siloed-shared-base-persons_wrongly_linked".*?</tr>', html, re.S)
    assert row is not None
    assert "+11.6" in row.group(0)
    assert "the paired interval excludes zero" in row.group(0)
    assert "| +11.6 |" in md


def test_people_by_group_and_the_cite_block(rendered: tuple[Path, str, str]) -> None:
    _, html, md = rendered
    assert 'id="persons-only-b"' in html
    for group in ("SYR", "AFG", "UKR"):
        assert f"<td>{group}</td>" in html
    for seed in SEEDS:
        assert f'<td class="num">{seed}</td><td><code>{"ab" * 32}</code>' in html
    assert "Reproduce: interopsim experiment e.toml --out exp" in md
    assert "arm shared seed 6: KilledWorker" in html


def test_sampling_interval_and_assumption_band_are_separate(
    rendered: tuple[Path, str, str],
) -> None:
    _, html, _ = rendered
    table = re.search(r'<table id="band-shared-persons_wrongly_linked">.*?</table>', html, re.S)
    assert table is not None
    assert "Sampling interval" in table.group(0)
    assert "Assumption band" in table.group(0)
    assert "experiment file" in html  # who set the range


def test_every_chart_is_inline_and_on_disk(rendered: tuple[Path, str, str]) -> None:
    out, html, md = rendered
    names = re.findall(r'<figure id="fig-([a-z0-9-]+)"><svg', html)
    assert names == ["differences-0", "groups-0", "sweep-0", "tornado-0"]
    for name in names:
        assert (out / "figures" / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
        assert f"figures/{name}.png" in md
    assert "http" not in html.replace("http://www.w3.org", "")

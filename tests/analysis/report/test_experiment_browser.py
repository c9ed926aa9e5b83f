"""The experiment report in a real headless browser: it renders, and requests nothing.

The same checks as the world report's (tests/analysis/report/test_browser.py): sections and
figures in the DOM Chromium builds, no request leaving the page, a full-page screenshot.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from analysis.report.experiment import EXPERIMENT_SECTIONS, render_experiment
from tests.analysis.report.browser import NEEDS_CHROMIUM, chromium, page_requests
from tests.analysis.report.experiment_data import experiment_report

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_experiment(experiment_report(), tmp_path_factory.mktemp("exp")).html


def test_page_renders_every_section_and_figure(page: Path, tmp_path: Path) -> None:
    dom = chromium(page, tmp_path, "--dump-dom").stdout
    for key, title in EXPERIMENT_SECTIONS:
        assert re.search(rf'<section id="{key}">\s*<h2>{re.escape(title)}', dom), key
    figures = re.findall(r'<figure id="fig-([a-z0-9-]+)"><svg', dom)
    assert figures == ["differences-0", "groups-0", "sweep-0", "tornado-0"]
    assert "Every figure in this report is simulated" in dom
    assert "the paired interval excludes zero" in dom


def test_page_makes_no_network_request(page: Path, tmp_path: Path) -> None:
    netlog = tmp_path / "netlog.json"
    chromium(page, tmp_path, f"--log-net-log={netlog}", "--dump-dom")
    assert page_requests(netlog) == []


def test_screenshot_is_a_full_page(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1280,4000")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 4000)
    assert len(data) > 100_000

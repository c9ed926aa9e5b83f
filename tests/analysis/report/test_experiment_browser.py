"""The experiment report in a real headless browser: it renders, and requests nothing.

The same checks as the world report's (tests/analysis/report/test_browser.py): sections and
figures in the DOM Chromium builds, no request leaving the page, a full-page screenshot.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest

from analysis.report.experiment import EXPERIMENT_SECTIONS, render_experiment
from tests.analysis.report.experiment_data import experiment_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which("chromium") is None,
        reason="chromium is not installed (apt-get install -y chromium)",
    ),
]

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing may leave the machine
)


def _chromium(page: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    chromium = shutil.which("chromium")
    assert chromium is not None
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def _page_requests(netlog: Path) -> list[str]:
    """http(s) URLs the page asked for (not Chromium's own background requests)."""
    log: dict[str, Any] = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        e["params"]["url"]
        for e in log["events"]
        if e["type"] == start
        and str(e.get("params", {}).get("url", "")).startswith(("http:", "https:"))
        and e["params"].get("initiator") != "not an origin"
    ]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_experiment(experiment_report(), tmp_path_factory.mktemp("exp")).html


def test_page_renders_every_section_and_figure(page: Path, tmp_path: Path) -> None:
    dom = _chromium(page, tmp_path, "--dump-dom").stdout
    for key, title in EXPERIMENT_SECTIONS:
        assert re.search(rf'<section id="{key}">\s*<h2>{re.escape(title)}', dom), key
    figures = re.findall(r'<figure id="fig-([a-z0-9-]+)"><svg', dom)
    assert figures == ["differences-0", "groups-0", "sweep-0", "tornado-0"]
    assert "Every figure in this report is simulated" in dom
    assert "the paired interval excludes zero" in dom


def test_page_makes_no_network_request(page: Path, tmp_path: Path) -> None:
    netlog = tmp_path / "netlog.json"
    _chromium(page, tmp_path, f"--log-net-log={netlog}", "--dump-dom")
    assert _page_requests(netlog) == []


def test_screenshot_is_a_full_page(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    _chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1280,4000")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 4000)
    assert len(data) > 100_000

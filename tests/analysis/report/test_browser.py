"""The report page in a real headless browser: it renders, and requests nothing.

Needs Debian's ``chromium`` (CI's ``.ci/run`` installs it). The network log of the
browser records every request; Chromium's own background requests carry the initiator
``not an origin``, so any http(s) request with another initiator came from the page.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from analysis.report import SECTIONS
from tests.analysis.report.browser import NEEDS_CHROMIUM, chromium, page_requests

pytestmark = NEEDS_CHROMIUM


@pytest.fixture
def report_page(rendered: tuple[Path, str, str]) -> Path:
    return rendered[0] / "index.html"


#: The judged window: 1400 px wide, a first screen 900 px high.
WIDTH, SCREEN = 1400, 900
MAX_HEIGHT = 15_000

_MEASURE = """<script>
(function () {
  var b = document.body, top = function (sel) {
    var e = document.querySelector(sel);
    return e ? String(Math.round(e.getBoundingClientRect().bottom + window.scrollY)) : "-1";
  };
  b.setAttribute("data-height", String(document.documentElement.scrollHeight));
  b.setAttribute("data-lead", top("p.lead"));
  b.setAttribute("data-card", top(".card.key"));
  b.setAttribute("data-cite", top("#cite-key-figure"));
  b.setAttribute("data-width", String(document.documentElement.scrollWidth));
})();
</script></body>"""


def measure(page: Path, tmp: Path) -> dict[str, int]:
    """Where the page ends and where its first-screen parts end, at the judged width."""
    probe = page.with_name(".measure.html")
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", _MEASURE), encoding="utf-8"
    )
    try:
        dom = chromium(probe, tmp, f"--window-size={WIDTH},{SCREEN}", "--dump-dom").stdout
    finally:
        probe.unlink()
    return {k: int(v) for k, v in re.findall(r'data-(height|lead|card|cite|width)="(-?\d+)"', dom)}


def check_layout(sizes: dict[str, int]) -> None:
    """The headline, its interval and how to cite on the first screen; a short page."""
    assert sizes["height"] < MAX_HEIGHT, sizes
    assert 0 < sizes["lead"] <= SCREEN, sizes  # the headline in words
    assert 0 < sizes["card"] <= SCREEN, sizes  # the error figure with its interval
    assert 0 < sizes["cite"] <= SCREEN, sizes  # how to cite it
    assert sizes["width"] <= WIDTH, sizes  # nothing wider than the window


def test_page_renders_every_section_and_figure(report_page: Path, tmp_path: Path) -> None:
    dom = chromium(report_page, tmp_path, "--dump-dom").stdout
    for key, title in SECTIONS:
        assert re.search(rf'<section id="{key}">\s*<h2>{re.escape(title)}', dom), key
    figures = re.findall(r'<figure id="fig-([a-z-]+)"><svg', dom)
    assert figures == ["errors-by-group", "scaling", "link-colours", "workload", "reachability"]
    assert "extrapolation (not simulated)" in dom
    assert "Every figure in this report is simulated" in dom


def test_first_screen_and_page_height(report_page: Path, tmp_path: Path) -> None:
    check_layout(measure(report_page, tmp_path))


@pytest.mark.slow
def test_a_small_run_reads_in_one_screen_and_a_short_page(tmp_path: Path) -> None:
    import interopsim

    result = interopsim.run("small", seed=3, out=tmp_path / "w")
    page = result.report.html
    html = page.read_text(encoding="utf-8")
    assert "too small to show much" in html  # 2,000 persons: the report says so
    assert '<details id="all-assumptions">' in html  # the full table starts collapsed
    check_layout(measure(page, tmp_path))


def test_page_makes_no_network_request(report_page: Path, tmp_path: Path) -> None:
    netlog = tmp_path / "netlog.json"
    chromium(report_page, tmp_path, f"--log-net-log={netlog}", "--dump-dom")
    assert page_requests(netlog) == []


def test_request_detector_sees_an_external_resource(tmp_path: Path) -> None:
    page = tmp_path / "leaky.html"
    page.write_text(
        '<html><body><img src="http://example.invalid/x.png">'
        '<link rel="stylesheet" href="https://fonts.example.invalid/a.css"></body></html>',
        encoding="utf-8",
    )
    netlog = tmp_path / "netlog.json"
    chromium(page, tmp_path, f"--log-net-log={netlog}", "--dump-dom")
    assert sorted(page_requests(netlog)) == [
        "http://example.invalid/x.png",
        "https://fonts.example.invalid/a.css",
    ]


def test_screenshot_is_a_full_page(report_page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    chromium(report_page, tmp_path, f"--screenshot={shot}", f"--window-size={WIDTH},4000")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (WIDTH, 4000)
    assert len(data) > 100_000  # a page of text and figures, not a blank screen

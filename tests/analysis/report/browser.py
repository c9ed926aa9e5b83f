"""Headless Chromium for the report tests: the flags, one run, the page's own requests.

Needs Debian's ``chromium`` (CI's ``.ci/run`` installs it). The network log of the
browser records every request; Chromium's own background requests carry the initiator
``not an origin``, so any http(s) request with another initiator came from the page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

__all__ = ["FLAGS", "NEEDS_CHROMIUM", "chromium", "page_requests"]

#: Marks for a module of browser tests: skipped where no chromium is installed.
NEEDS_CHROMIUM = [
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
    # Nothing may leave the machine even if the page asked for it.
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def chromium(page: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Open ``page`` in headless Chromium with a profile under ``tmp`` and ``extra`` flags."""
    binary = shutil.which("chromium")
    assert binary is not None
    return subprocess.run(
        [binary, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def page_requests(netlog: Path) -> list[str]:
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

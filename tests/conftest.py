"""Settings shared by the whole test suite."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "postgres: needs a throw-away PostgreSQL cluster (tests/postgres starts one; skipped "
        "when the server binaries are absent)",
    )

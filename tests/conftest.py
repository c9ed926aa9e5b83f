"""Settings shared by the whole test suite."""

from __future__ import annotations

import pytest
from hypothesis import settings


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "postgres: needs a throw-away PostgreSQL cluster (tests/postgres starts one; skipped "
        "when the server binaries are absent)",
    )


# Property tests run on shared, loaded machines (CI and development boxes with 2 cores):
# wall-clock deadlines would make them flaky without testing anything, so they are off.
settings.register_profile("interopsim", deadline=None)
settings.load_profile("interopsim")

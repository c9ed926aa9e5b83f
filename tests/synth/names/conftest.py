"""The name table, built once per test session."""

from __future__ import annotations

import pytest

from synth.names import NameTable, build_name_table

SEED = 11


@pytest.fixture(scope="session")
def names() -> NameTable:
    """The name table of :data:`SEED` (cached by :func:`build_name_table`)."""
    return build_name_table(SEED)

"""Fixtures of the analysis tests: the canonical hand-built world, analysed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import AnalysisConfig, Metrics, analyse_world
from analysis.truth import WorldData, load_world_data
from schemas import World
from tests.analysis.builders import canonical_world


@pytest.fixture(scope="session")
def canonical(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The canonical world of :func:`tests.analysis.builders.canonical_world`."""
    return canonical_world(Path(tmp_path_factory.mktemp("canonical")) / "world")


@pytest.fixture(scope="session")
def canonical_data(canonical: World) -> WorldData:
    """The canonical world joined with its truth."""
    return load_world_data(canonical, AnalysisConfig())


@pytest.fixture(scope="session")
def canonical_metrics(canonical: World) -> Metrics:
    """The canonical world analysed with the default parameters."""
    return analyse_world(canonical)

"""Worlds generated once per test session for the world-generator tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import World
from synth.generate import generate_world
from synth.scenario import Scenario
from synth.scenario_load import load_scenario

SEED = 7
PERSONS = 2000


def small_scenario(preset: str = "default", persons: int = PERSONS) -> Scenario:
    """A preset at test size."""
    return load_scenario(preset=preset, overrides={"world": {"persons": persons}})


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The default scenario with 2,000 persons."""
    out = Path(tmp_path_factory.mktemp("worlds")) / "default"
    return generate_world(small_scenario(), SEED, out)


@pytest.fixture(scope="session")
def no_noise_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The no-noise preset with 2,000 persons."""
    out = Path(tmp_path_factory.mktemp("worlds")) / "no-noise"
    return generate_world(small_scenario("no-noise"), SEED, out)

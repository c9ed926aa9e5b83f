"""The virtual identity gallery: its laws, and agreement with a generated world."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from analysis import make_config
from analysis.metrics import analyse_world
from analysis.truth import truth_oracle
from analysis.virtual_identity import VirtualIdentityScaling, _Law
from linkage.pipeline import link_world
from synth.generate import generate_world
from synth.scenario_load import load_scenario
from tests.analysis.test_metrics import KEYS_MD, _documented, _paths, _pattern

M = 100_000


def test_poisson_probes_give_the_poisson_law() -> None:
    rng = np.random.default_rng(1)
    q = 2e-6
    h = rng.poisson(M * q, size=20_000)
    law = _Law.of(h, float(M), seed=1, name="t")
    n = 1e6
    at = law.at(n, "x", 0.95)
    expected = -math.expm1(-n * q)
    for e in (at.share_with_match, at.share_poisson):
        assert e.lower is not None
        assert e.upper is not None
        assert e.lower <= expected <= e.upper
    assert at.extrapolated
    assert at.matches_per_search.value == pytest.approx(n * h.mean() / M)


def test_unequal_probes_give_the_gamma_poisson_law() -> None:
    rng = np.random.default_rng(2)
    k, theta = 0.3, 2e-5  # a few probes with common names carry most matches
    qi = rng.gamma(k, theta, size=50_000)
    h = rng.poisson(M * qi)
    law = _Law.of(h, float(M), seed=2, name="t")
    n = 5e6
    at = law.at(n, "x", 0.95)
    truth = float(np.mean(-np.expm1(-n * qi)))
    assert at.share_with_match.lower is not None
    assert at.share_with_match.upper is not None
    assert at.share_with_match.lower <= truth <= at.share_with_match.upper
    poisson = at.share_poisson.value
    assert poisson is not None
    assert poisson > at.share_with_match.upper  # the Poisson law over-states it


@pytest.mark.slow
def test_a_generated_world_agrees_with_its_virtual_gallery(tmp_path: Path) -> None:
    scenario = load_scenario(preset="small", overrides={"world": {"persons": 20_000}})
    world = generate_world(scenario, 5, tmp_path / "w")
    world = link_world(world, seed=5, oracle=truth_oracle(world)).world
    config = make_config(virtual_identity_gallery=100_000, virtual_identity_probes=20_000)
    metrics = analyse_world(world, config)
    virtual = metrics.scaling.identity_virtual
    assert isinstance(virtual, VirtualIdentityScaling)
    paths = {p for p in _paths(metrics.to_json()) if p.startswith("scaling.identity_virtual.")}
    documented = [d for d in _documented() if d.startswith("scaling.identity_virtual.")]
    patterns = [_pattern(d) for d in documented]
    assert all(any(pat.match(p) for pat in patterns) for p in paths), KEYS_MD
    assert all(any(pat.match(p) for p in paths) for pat in patterns)
    assert virtual.q.value is not None
    assert virtual.q.value > 0
    shares = [p.share_with_match.value or 0.0 for p in virtual.points]
    assert shares == sorted(shares)
    assert virtual.direct.agrees, virtual.direct.ratio

"""Function creep: reach per authority on the canonical world, and zero creep when the
two regimes grant the same access."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import AnalysisConfig, Metrics, WorldData, analyse_world, load_world_data, make_config
from analysis.creep import (
    counts_from_flags,
    creep_metrics,
    fast_counts,
    reach_base,
    reach_flags,
    stored_links,
)
from schemas import World
from schemas.access import ACCESS_MODEL, Regime
from tests.analysis.builders import random_world


def _reach(
    m: dict[str, Any], authority: str, purpose: str, regime: str, measure: str
) -> tuple[Any, ...]:
    r = m["authorities"][authority][purpose]["regimes"][regime][measure]
    return r["records"]["value"], r["persons"]["value"], r["cross_purpose_records"]["value"]


def test_police_identity_checks_reach_the_whole_cir(canonical_metrics: Metrics) -> None:
    creep = canonical_metrics.data["creep"]
    # siloed: the SIS alert only; interoperable: every stored record (CIR + SIS).
    assert _reach(creep, "police_identity_check", "identity_check", "siloed", "data") == (1, 1, 0)
    assert _reach(creep, "police_identity_check", "identity_check", "interoperable", "data") == (
        11,
        6,
        10,
    )
    c = creep["authorities"]["police_identity_check"]["identity_check"]["creep"]["data"]
    assert c["records"]["added"]["value"] == 10
    assert c["records"]["ratio"]["value"] == 11
    assert c["cross_purpose_records"]["ratio"]["value"] is None  # siloed reach is zero
    fam = creep["authorities"]["police_identity_check"]["identity_check"]["regimes"][
        "interoperable"
    ]["data"]["by_collected_for"]
    assert fam["asylum"]["records"]["value"] == 1
    assert fam["asylum"]["share_of_records"]["value"] == 1.0
    assert fam["asylum"]["collected_for_another_purpose"] is True
    assert fam["police"]["collected_for_another_purpose"] is False


def test_hit_flags_reveal_existence_without_conditions(canonical_metrics: Metrics) -> None:
    creep = canonical_metrics.data["creep"]
    le = ("law_enforcement", "serious_crime")
    # Conditional direct access to VIS, EES, Eurodac, ETIAS in both regimes; ECRIS-4 only
    # through the red link 4 in the interoperable regime (as a flag).
    assert _reach(creep, *le, "siloed", "data")[0] == 10
    assert _reach(creep, *le, "siloed", "data_unconditional")[0] == 1
    assert _reach(creep, *le, "siloed", "known")[0] == 1
    assert _reach(creep, *le, "interoperable", "known")[0] == 11
    assert _reach(creep, *le, "interoperable", "data")[0] == 10  # flags never open data


def test_sirene_sees_an_unrelated_person_through_a_false_link(canonical_metrics: Metrics) -> None:
    a = canonical_metrics.data["creep"]["authorities"]["sirene"]["alert_management"]
    # SIS-3 has a false white link to EES-2 (person 2) and nothing else.
    assert a["regimes"]["siloed"]["exposed_by_false_links"]["records"]["value"] == 0
    assert a["regimes"]["interoperable"]["exposed_by_false_links"]["records"]["value"] == 1
    assert a["regimes"]["interoperable"]["exposed_by_false_links"]["persons"]["value"] == 1
    assert a["creep"]["exposed_by_false_links"]["records"]["added"]["value"] == 1
    assert a["regimes"]["interoperable"]["data"]["records"]["value"] == 2


def _walk_added(node: Any) -> list[float]:
    out: list[float] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "added" and isinstance(v, dict):
                out.append(v["value"])
            else:
                out += _walk_added(v)
    return out


def test_creep_is_zero_when_the_regimes_are_equal(canonical_data: WorldData) -> None:
    model = ACCESS_MODEL.with_equal_regimes()
    out = creep_metrics(canonical_data, model)
    added = _walk_added(out)
    assert added
    assert all(v == 0 for v in added)
    ratios = [
        c["records"]["ratio"]["value"]
        for a in out["authorities"].values()
        for p in a.values()
        for m, c in p["creep"].items()
        if m != "exposed_by_false_links"
    ]
    assert all(r in (None, 1.0) for r in ratios)


def test_creep_and_query_creep_are_zero_end_to_end_for_equal_regimes(canonical: World) -> None:
    config = make_config(access_model=ACCESS_MODEL.with_equal_regimes())
    data = analyse_world(canonical, config).data
    assert all(v == 0 for v in _walk_added(data["creep"]))
    for kind in data["queries"]["kinds"].values():
        for fig in kind["creep"].values():
            assert fig["value"] in (0, 0.0, None)
    # and the default model does show creep on the same world
    assert any(v > 0 for v in _walk_added(analyse_world(canonical).data["creep"]))


def test_access_model_rejects_a_rule_for_a_purpose_the_authority_lacks() -> None:
    from dataclasses import replace

    from schemas import ConfigError
    from schemas.access import AccessRule, AuthorityKey, Channel, PurposeKey, Regime
    from schemas.systems import SystemKey

    bad = AccessRule(
        AuthorityKey.VISA,
        PurposeKey.SERIOUS_CRIME,
        Regime.SILOED,
        SystemKey.SIS,
        Channel.DIRECT,
        "test",
        "A",
    )
    with pytest.raises(ConfigError, match="does not act for purpose"):
        replace(ACCESS_MODEL, rules=(*ACCESS_MODEL.rules, bad))


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000))
def test_fast_reach_counts_equal_the_record_level_reference(tmp_path: Path, seed: int) -> None:
    world = random_world(Path(tempfile.mkdtemp(dir=tmp_path)) / "w", seed, n_false=12)
    data = load_world_data(world, AnalysisConfig())
    records = data.records.filter(pl.col("stored")).select(
        "idx", "person_id", "system", "collected_for"
    )
    both_ways = stored_links(data)
    base = reach_base(records, both_ways)
    for model in (ACCESS_MODEL, ACCESS_MODEL.with_equal_regimes()):
        for authority, purpose in model.pairs():
            for regime in Regime:
                flags = reach_flags(records, both_ways, model, authority.key, purpose.key, regime)
                expected = counts_from_flags(flags, purpose)
                got = fast_counts(base, model, authority.key, purpose, regime)
                for key, value in expected.items():
                    if key != "fam" and not key.startswith("exposed_cross"):
                        assert got[key] == value, (authority.key, regime, key)
                for fam, row in expected["fam"].items():
                    for key, value in row.items():
                        assert got["fam"][fam][key] == value, (authority.key, regime, fam, key)

"""Function creep: reach per authority on the canonical world, and zero creep when the
two regimes grant the same access."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import AnalysisConfig, Estimate, Metrics, analyse_world, make_config
from analysis.creep import (
    MEASURES,
    Change,
    Creep,
    counts_from_flags,
    creep_figures,
    fast_counts,
    reach_base,
    reach_flags,
    stored_links,
)
from analysis.truth import WorldData, load_world_data
from schemas import World
from schemas.access import ACCESS_MODEL, Regime
from tests.analysis.builders import random_world


def _reach(
    creep: Creep, authority: str, purpose: str, regime: str, measure: str
) -> tuple[float | None, ...]:
    r = getattr(creep.authorities[authority][purpose].regimes[regime], measure)
    return r.records.value, r.persons.value, r.cross_purpose_records.value


def test_police_identity_checks_reach_the_whole_cir(canonical_metrics: Metrics) -> None:
    creep = canonical_metrics.creep
    # siloed: the SIS alert only; interoperable: every stored record (CIR + SIS).
    assert _reach(creep, "police_identity_check", "identity_check", "siloed", "data") == (1, 1, 0)
    assert _reach(creep, "police_identity_check", "identity_check", "interoperable", "data") == (
        11,
        6,
        10,
    )
    entry = creep.authorities["police_identity_check"]["identity_check"]
    c = entry.creep.data
    assert c.records.added.value == 10
    assert c.records.ratio.value == 11
    assert c.cross_purpose_records.ratio.value is None  # siloed reach is zero
    fam = entry.regimes["interoperable"].data.by_collected_for
    assert fam is not None
    assert fam["asylum"].records.value == 1
    assert fam["asylum"].share_of_records.value == 1.0
    assert fam["asylum"].collected_for_another_purpose is True
    assert fam["police"].collected_for_another_purpose is False


def test_hit_flags_reveal_existence_without_conditions(canonical_metrics: Metrics) -> None:
    creep = canonical_metrics.creep
    le = ("law_enforcement", "serious_crime")
    # Conditional direct access to VIS, EES, Eurodac, ETIAS in both regimes; ECRIS-4 only
    # through the red link 4 in the interoperable regime (as a flag).
    assert _reach(creep, *le, "siloed", "data")[0] == 10
    assert _reach(creep, *le, "siloed", "data_unconditional")[0] == 1
    assert _reach(creep, *le, "siloed", "known")[0] == 1
    assert _reach(creep, *le, "interoperable", "known")[0] == 11
    assert _reach(creep, *le, "interoperable", "data")[0] == 10  # flags never open data


def test_sirene_sees_an_unrelated_person_through_a_false_link(canonical_metrics: Metrics) -> None:
    a = canonical_metrics.creep.authorities["sirene"]["alert_management"]
    # SIS-3 has a false white link to EES-2 (person 2) and nothing else.
    assert a.regimes["siloed"].exposed_by_false_links.records.value == 0
    assert a.regimes["interoperable"].exposed_by_false_links.records.value == 1
    assert a.regimes["interoperable"].exposed_by_false_links.persons.value == 1
    assert a.creep.exposed_by_false_links.records.added.value == 1
    assert a.regimes["interoperable"].data.records.value == 2


def _changes(creep: Creep) -> list[Change]:
    out: list[Change] = []
    for purposes in creep.authorities.values():
        for entry in purposes.values():
            for m in MEASURES:
                reach = getattr(entry.creep, m)
                out += [reach.records, reach.persons, reach.cross_purpose_records]
                out.append(reach.cross_purpose_persons)
            exposure = entry.creep.exposed_by_false_links
            out += [exposure.records, exposure.persons]
    return out


def test_creep_is_zero_when_the_regimes_are_equal(canonical_data: WorldData) -> None:
    model = ACCESS_MODEL.with_equal_regimes()
    changes = _changes(creep_figures(canonical_data, model))
    assert changes
    assert all(c.added.value == 0 and c.added.structural for c in changes)
    assert all(c.ratio.value in (None, 1.0) for c in changes)


def test_creep_and_query_creep_are_zero_end_to_end_for_equal_regimes(canonical: World) -> None:
    config = make_config(access_model=ACCESS_MODEL.with_equal_regimes())
    metrics = analyse_world(canonical, config)
    assert all(c.added.value == 0 for c in _changes(metrics.creep))
    for kind in metrics.queries.kinds.values():
        for fig in (kind.creep.answered, kind.creep.cross_purpose, kind.creep.wrong_person):
            assert isinstance(fig, Estimate)
            assert fig.value in (0, 0.0, None)
            assert fig.structural
    # and the default model does show creep on the same world, not by construction
    default = _changes(analyse_world(canonical).creep)
    assert any((c.added.value or 0) > 0 and not c.added.structural for c in default)


def test_access_model_rejects_a_rule_for_a_purpose_the_authority_lacks() -> None:
    from dataclasses import replace

    from schemas import ConfigError
    from schemas.access import AccessRule, AuthorityKey, Channel, PurposeKey, Regime
    from schemas.provenance import assumed
    from schemas.systems import SystemKey

    bad = AccessRule(
        AuthorityKey.VISA,
        PurposeKey.SERIOUS_CRIME,
        Regime.SILOED,
        SystemKey.SIS,
        Channel.DIRECT,
        assumed("a rule made up for this test"),
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
                assert got.measures == expected.measures, (authority.key, regime)
                assert (got.exposed_records, got.exposed_persons) == (
                    expected.exposed_records,
                    expected.exposed_persons,
                ), (authority.key, regime)
                for fam, row in expected.families.items():
                    assert got.families[fam] == row, (authority.key, regime, fam)

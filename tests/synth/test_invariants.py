"""Invariants of generated worlds over random scenario parameters (hypothesis)."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import SYSTEMS
from synth.generate import build_tables
from synth.scenario_load import load_scenario
from tests.synth.conftest import SEED


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, object]:
    low = draw(st.integers(0, 20))
    high = draw(st.integers(low, 90))
    return {
        "world": {
            "persons": draw(st.integers(30, 400)),
            "period_start": draw(st.sampled_from(["2019-01-01", "2021-01-01", "2025-06-01"])),
        },
        "systems": {
            "EURODAC": {"fingerprint_min_age": low, "duplicate_rate": draw(st.floats(0, 0.3))},
            "VIS": {"fingerprint_min_age": low, "fingerprint_max_age": high},
            "EES": {"face_min_age": draw(st.integers(0, 30))},
        },
        "retention": {
            "vis_years": draw(st.floats(0.5, 6)),
            "ees_record_years": draw(st.floats(0.2, 4)),
            "eurodac_irregular_years": draw(st.floats(0.2, 6)),
        },
        "fraud": {"alias_use_share": draw(st.floats(0, 1))},
    }


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overrides=scenarios())
def test_world_invariants(overrides: dict[str, object]) -> None:
    scenario = load_scenario(preset="default", overrides=overrides)
    tables, stats = build_tables(scenario, SEED)
    ident = tables["identity_records"]
    as_of = scenario.world.as_of
    assert tables["persons"].height == scenario.world.persons
    assert stats["counts"]["persons"] == scenario.world.persons
    assert ident["record_id"].is_unique().all()
    assert (ident["record_id"].str.split("-").list.first() == ident["system"]).all()
    assert (ident["registered_on"] >= scenario.world.period_start).all()
    assert (ident["registered_on"] <= as_of).all()
    deleted = ident["deleted_on"].drop_nulls()
    assert (deleted <= as_of).all()
    for spec in SYSTEMS:
        stored = ident.filter((pl.col("system") == spec.key.value) & pl.col("deleted_on").is_null())
        assert set(tables[spec.table]["record_id"]) == set(stored["record_id"])
    assert set(tables["ees_crossings"]["record_id"]) <= set(tables["ees_files"]["record_id"])
    captures = tables["captures"].join(ident.select("record_id", "system"), on="record_id")
    for spec in SYSTEMS:
        config = scenario.systems.of(spec.key)
        for modality, low, high in (
            ("fingerprint", config.fingerprint_min_age, config.fingerprint_max_age),
            ("face", config.face_min_age, config.face_max_age),
        ):
            ages = captures.filter(
                (pl.col("system") == spec.key.value) & (pl.col("modality") == modality)
            )["age_at_capture"].to_numpy()
            assert ages.size == 0 or (ages.min() >= low and ages.max() <= high)
    vis = ident.filter((pl.col("system") == "VIS") & pl.col("deleted_on").is_not_null())
    assert (vis["deleted_on"] > vis["registered_on"]).all()
    assert isinstance(as_of, dt.date)

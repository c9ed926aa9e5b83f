"""End to end: determinism, realised noise rates, the no-noise world, fraud, SQL round trip."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

import synth.generate
from schemas import TABLES, DatabaseError, World, WorldError, connect, open_world, read_sql_table
from synth.corruption import NoiseType
from synth.generate import build_tables, generate_world
from synth.groups import GROUPS
from synth.identities import _holders
from synth.names import NameTable, build_name_table
from synth.names.table import _TailCache
from synth.scenario import Scenario
from synth.scenario_load import load_scenario, scenario_dict, scenario_hash
from tests.synth.conftest import SEED, small_scenario

IDENTITY = ["surname", "given_names", "surname_at_birth", "birth_date", "birth_year", "sex",
            "nationality", "place_of_birth"]  # fmt: skip


def _hashes(world: World) -> dict[str, str]:
    return {name: entry.sha256 for name, entry in world.manifest.tables.items()}


def test_same_scenario_and_seed_give_identical_tables(small_world: World, tmp_path: Path) -> None:
    again = generate_world(small_scenario(), SEED, tmp_path / "again")
    assert _hashes(again) == _hashes(small_world)
    assert set(_hashes(again)) == set(TABLES) - {"mid_links", "identity_clusters"}
    other = generate_world(small_scenario(), SEED + 1, tmp_path / "other")
    assert _hashes(other)["identity_records"] != _hashes(small_world)["identity_records"]


def test_manifest_records_seed_scenario_and_stats(small_world: World) -> None:
    manifest = small_world.manifest
    scenario = small_scenario()
    assert manifest.seed == SEED
    assert manifest.scenario == scenario_dict(scenario)
    assert manifest.scenario_hash == scenario_hash(scenario)
    assert manifest.as_of == scenario.world.as_of
    counts = manifest.generator["counts"]
    assert isinstance(counts, dict)
    systems = counts["systems"]
    assert isinstance(systems, dict)
    assert counts["persons"] == 2000
    records = [s["records"] for s in systems.values() if isinstance(s, dict)]
    assert sum(r for r in records if isinstance(r, int)) == manifest.tables["identity_records"].rows


def _expected_rate(scenario: Scenario, kind: NoiseType, group: str, system: str) -> float:
    noise = scenario.noise
    own = {g.value: r for g, r in noise.group_rates.items()}.get(group, {}).get(kind)
    multiplier = {g.value: m for g, m in noise.group_multiplier.items()}.get(group, 1.0)
    base = own if own is not None else noise.rates[kind] * multiplier
    return min(1.0, base * {k.value: m for k, m in noise.system_multiplier.items()}[system])


def _check_rates(world: World, scenario: Scenario) -> int:
    """Compare realised noise counts per system and type with the configured rates."""
    ident = world.table("identity_records").join(
        world.table("persons").select("person_id", "population_group"), on="person_id"
    )
    applied = ident["noise_applied"].str.split(",")
    checked = 0
    for kind in NoiseType:
        hit = applied.list.contains(kind.value)
        for system in ident["system"].unique().to_list():
            mine = ident["system"] == system
            groups = ident.filter(mine)["population_group"]
            rate = {
                g.key.value: _expected_rate(scenario, kind, g.key.value, system) for g in GROUPS
            }
            p = groups.replace_strict(rate, return_dtype=pl.Float64)
            mean = float(p.sum())
            sd = math.sqrt(float((p * (1 - p)).sum()))
            observed = int(hit.filter(mine).sum())
            assert abs(observed - mean) <= 4.5 * sd + 1, (kind, system, observed, mean, sd)
            checked += mean > 5
    return checked


def test_realised_noise_rates_match_the_scenario(small_world: World) -> None:
    assert _check_rates(small_world, small_scenario()) >= 10


@pytest.mark.slow
def test_realised_noise_rates_in_a_larger_noisy_world(tmp_path: Path) -> None:
    scenario = small_scenario("noisy", persons=20_000)
    world = generate_world(scenario, SEED, tmp_path / "noisy")
    assert _check_rates(world, scenario) >= 40


def test_truth_is_independent_of_the_noise(small_world: World, no_noise_world: World) -> None:
    noisy = small_world.table("persons").drop("lookalike_of")
    clean = no_noise_world.table("persons").drop("lookalike_of")
    assert_frame_equal(noisy, clean)
    tables, _ = build_tables(small_scenario(), SEED)
    assert_frame_equal(tables["persons"], small_world.table("persons"))


def test_no_noise_world_records_one_identity_per_person(no_noise_world: World) -> None:
    ident = no_noise_world.table("identity_records")
    assert (ident["noise_applied"] == "").all()
    assert (ident["identity_no"] == 0).all()
    assert ident["system"].n_unique() == 6
    # Every recorded identity field has one value per person across all systems.
    for column in IDENTITY:
        values = (
            ident.filter(pl.col(column).is_not_null())
            .group_by("person_id")
            .agg(pl.col(column).n_unique())
        )
        assert (values[column] == 1).all(), column
    # ... and it is the truth.
    persons = no_noise_world.table("persons")
    both = ident.join(persons, on="person_id", suffix="_true")
    assert (both["surname"] == both["surname_latin"]).all()
    assert (both["given_names"] == both["given_names_latin"]).all()
    documents = no_noise_world.table("documents")
    assert not documents["fraudulent"].any()
    captures = no_noise_world.table("captures")
    assert not captures["failed"].any()
    assert (captures["quality"] == 95).all()
    assert captures["lookalike_key"].is_null().all()


def test_fraud_world_has_aliases_and_impostors() -> None:
    scenario = small_scenario().model_copy(deep=True)
    scenario = load_scenario(
        preset="default",
        overrides={
            "world": {"persons": 3000},
            "fraud": {
                "alias_rate": {g.key.value: 0.2 for g in GROUPS},
                "fraudulent_document_rate": {"visa_required": 0.1, "visa_exempt": 0.1},
                "fraudulent_document_use_share": 1.0,
            },
        },
    )
    tables, _ = build_tables(scenario, SEED)
    ident, persons, documents = tables["identity_records"], tables["persons"], tables["documents"]
    impostors = ident.filter(pl.col("identity_no") == 2)
    assert impostors.height > 20
    assert set(impostors["system"]) <= {"VIS", "EES", "ETIAS"}
    borrowed = documents.filter(pl.col("genuine_holder_id").is_not_null())
    pairs = borrowed.select("person_id", "genuine_holder_id").unique()
    # An impostor presents the holder's identity (where not corrupted) and document number.
    clean = (
        impostors.filter(pl.col("noise_applied") == "")
        .join(pairs, on="person_id")
        .join(
            persons.select(
                pl.col("person_id").alias("genuine_holder_id"), "surname_latin", "birth_date"
            ),
            on="genuine_holder_id",
            suffix="_holder",
        )
    )
    assert clean.height > 0
    assert (clean["surname"] == clean["surname_latin"]).all()
    numbers = set(documents.filter(~pl.col("fraudulent"))["number"])
    assert set(impostors["document_number"].drop_nulls()) & numbers
    aliases = ident.filter(pl.col("identity_no") == 1)
    assert aliases["person_id"].n_unique() > 50
    forged = documents.filter(pl.col("fraudulent") & pl.col("genuine_holder_id").is_null())
    assert forged.height > 0
    assert set(forged["person_id"]) <= set(aliases["person_id"])


def test_duplicates_register_a_person_twice_in_a_system() -> None:
    scenario = load_scenario(
        preset="no-noise",
        overrides={"world": {"persons": 1500}, "systems": {"VIS": {"duplicate_rate": 0.2}}},
    )
    tables, _ = build_tables(scenario, SEED)
    vis = tables["identity_records"].filter(pl.col("system") == "VIS")
    plain = load_scenario(preset="no-noise", overrides={"world": {"persons": 1500}})
    baseline, _ = build_tables(plain, SEED)
    base = baseline["identity_records"].filter(pl.col("system") == "VIS").height
    assert vis.height > base * 1.1
    assert vis["record_id"].is_unique().all()


def test_eurodac_age_rule_changes_who_is_fingerprinted() -> None:
    counts = {}
    for preset in ("eurodac-age-6", "eurodac-age-14"):
        scenario = small_scenario(preset, persons=3000)
        tables, _ = build_tables(scenario, SEED)
        eurodac = tables["identity_records"].filter(pl.col("system") == "EURODAC")
        persons = tables["persons"].select("person_id", "birth_date")
        aged = eurodac.join(persons, on="person_id", suffix="_true").with_columns(
            age=(pl.col("registered_on") - pl.col("birth_date_true")).dt.total_days() / 365.2425
        )
        youngest = scenario.systems.EURODAC.fingerprint_min_age
        assert aged["age"].min() >= youngest  # type: ignore[operator]
        counts[preset] = eurodac.height
    assert counts["eurodac-age-6"] > counts["eurodac-age-14"]


def test_parquet_sql_polars_round_trip(small_world: World) -> None:
    engine = connect(small_world.db_url)
    try:
        for name in small_world.manifest.tables:
            assert_frame_equal(read_sql_table(engine, name), small_world.table(name))
    finally:
        engine.dispose()


def test_refuses_to_overwrite_a_foreign_directory(tmp_path: Path) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(WorldError, match="not an interopsim world"):
        generate_world(small_scenario(persons=50), SEED, foreign, overwrite=True)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(WorldError, match="already exists"):
        generate_world(small_scenario(persons=50), SEED, foreign)


def test_overwrite_replaces_a_world(small_world: World, tmp_path: Path) -> None:
    out = tmp_path / "w"
    generate_world(small_scenario(persons=50), SEED, out)
    world = generate_world(small_scenario(persons=80), SEED, out, overwrite=True)
    assert world.manifest.tables["persons"].rows == 80


def test_dead_database_fails_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "w"
    with pytest.raises(DatabaseError, match="does not answer"):
        generate_world(
            small_scenario(persons=50), SEED, out, db_url="sqlite:////nonexistent/dir/x.db"
        )
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_identical_tables_in_a_fresh_process(small_world: World, tmp_path: Path) -> None:
    """Determinism must not rest on per-process state (string hashing, caches)."""
    import os
    import subprocess
    import sys

    out = tmp_path / "fresh"
    code = (
        "from tests.synth.conftest import SEED, small_scenario\n"
        "from synth.generate import generate_world\n"
        f"generate_world(small_scenario(), SEED, {str(out)!r})\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env=env)
    assert _hashes(open_world(out)) == _hashes(small_world)


def test_systems_record_nothing_before_they_operate() -> None:
    start = dt.date(2025, 10, 12)  # EES progressive start [@dpa-2025-ees-on-schedule]
    scenario = load_scenario(
        preset="no-noise",
        overrides={"world": {"persons": 800}, "systems": {"EES": {"operational_from": start}}},
    )
    tables, _ = build_tables(scenario, SEED)
    ees = tables["identity_records"].filter(pl.col("system") == "EES")
    assert ees.height > 0
    assert (ees["registered_on"] >= start).all()
    assert (tables["ees_crossings"]["crossed_on"] >= start).all()
    vis = tables["identity_records"].filter(pl.col("system") == "VIS")
    assert (vis["registered_on"] < start).any()


def test_a_one_day_etias_validity_ends() -> None:
    """Every application covers at least the trip it was made for, so the chain ends."""
    scenario = load_scenario(
        preset="no-noise",
        overrides={"world": {"persons": 300}, "journeys": {"etias_validity_years": 0.003}},
    )
    tables, _ = build_tables(scenario, SEED)
    etias = tables["identity_records"].filter(pl.col("system") == "ETIAS")
    assert etias.height > 0


def test_impostors_without_any_possible_holder_keep_their_own_documents() -> None:
    """With no traveller owning a passport nobody's document can be borrowed: holder -1."""
    n = 6
    people = SimpleNamespace(
        n=n,
        group=np.full(n, GROUPS[0].code),
        male=np.zeros(n, dtype=bool),
        nationality=np.zeros(n, dtype=np.int64),
        lookalike=np.full(n, -1, dtype=np.int64),
    )
    impostor = np.array([True, False, True, False, False, True])
    owns = np.zeros(n, dtype=bool)
    holder = _holders(people, impostor, owns, np.random.default_rng(0))  # type: ignore[arg-type]
    assert (holder == -1).all()


def test_tables_never_depend_on_the_tail_name_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # The name table is shared by every world of a seed in a process and keeps the tail
    # names it met spelled out: a world built on a warm cache, and one built with nothing
    # kept and no prefetching, are identical.
    scenario = small_scenario("noisy")
    build_tables(small_scenario(persons=3000), SEED)  # another world warms the cache
    warm, _ = build_tables(scenario, SEED)

    def uncached(seed: int) -> NameTable:
        return dataclasses.replace(build_name_table(seed), _cache=_TailCache(limit=0))

    monkeypatch.setattr(synth.generate, "build_name_table", uncached)
    monkeypatch.setattr(NameTable, "prefetch", lambda self, *ids: None)
    cold, _ = build_tables(scenario, SEED)
    assert warm.keys() == cold.keys()
    for name, frame in warm.items():
        assert_frame_equal(frame, cold[name], check_exact=True)

"""Properties of a generated world: ids, retention, biometrics, truth and population."""

from __future__ import annotations

import polars as pl
import pytest

from schemas import SYSTEMS, World
from synth.groups import GROUPS
from synth.nationalities import NATIONALITY_BY_CODE
from synth.scenario_load import load_scenario
from synth.vector import YEAR_DAYS
from tests.synth.conftest import SEED


def _age(born: pl.Expr, at: pl.Expr) -> pl.Expr:
    """Exact full years (matches the generator's calendar arithmetic)."""
    before = (at.dt.month() < born.dt.month()) | (
        (at.dt.month() == born.dt.month()) & (at.dt.day() < born.dt.day())
    )
    return at.dt.year().cast(pl.Int32) - born.dt.year().cast(pl.Int32) - before.cast(pl.Int32)


def test_record_ids_are_unique_and_prefixed(small_world: World) -> None:
    ident = small_world.table("identity_records")
    assert ident["record_id"].is_unique().all()
    prefix = ident["record_id"].str.split("-").list.first()
    assert (prefix == ident["system"]).all()
    assert set(ident["system"]) == {s.key.value for s in SYSTEMS}
    in_cir = dict(zip(ident["system"], ident["in_cir"], strict=True))
    assert in_cir == {s.key.value: s.in_cir for s in SYSTEMS}


def test_system_tables_hold_exactly_the_stored_records(small_world: World) -> None:
    ident = small_world.table("identity_records")
    as_of = small_world.as_of
    deleted = ident.filter(pl.col("deleted_on").is_not_null())
    assert deleted.height > 0
    assert (deleted["deleted_on"] <= as_of).all()
    assert (deleted["deleted_on"] >= deleted["registered_on"]).all()
    identity_cols = [c for c in small_world.table("vis_applications").columns if c in ident.columns]
    for spec in SYSTEMS:
        table = small_world.table(spec.table)
        stored = ident.filter((pl.col("system") == spec.key.value) & pl.col("deleted_on").is_null())
        assert table["record_id"].sort().to_list() == stored["record_id"].sort().to_list()
        # The identity columns of a system table are the CIR view's, row for row.
        joined = table.select(identity_cols).sort("record_id")
        assert joined.equals(stored.select(identity_cols).sort("record_id"))


def test_crossings_belong_to_stored_ees_files(small_world: World) -> None:
    crossings = small_world.table("ees_crossings")
    files = small_world.table("ees_files")
    assert crossings.height > files.height
    assert set(crossings["record_id"]) <= set(files["record_id"])
    assert crossings["crossing_id"].is_unique().all()
    owner = files.select("record_id", pl.col("person_id").alias("owner"))
    both = crossings.join(owner, on="record_id")
    assert (both["person_id"] == both["owner"]).all()
    assert set(crossings["kind"]) <= {"entry", "exit", "refusal"}
    # Per file, the crossings alternate in time: an exit never precedes its entry.
    ordered = crossings.sort("record_id", "crossed_on", "crossing_id")
    first = ordered.group_by("record_id").agg(pl.col("kind").first())
    assert set(first["kind"]) <= {"entry", "refusal"}


def test_retention_follows_the_scenario(small_world: World) -> None:
    scenario = load_scenario(preset="default")
    ident = small_world.table("identity_records")
    eurodac = small_world.table("identity_records").filter(pl.col("system") == "EURODAC")
    assert eurodac.height > 0
    etias = ident.filter((pl.col("system") == "ETIAS") & pl.col("deleted_on").is_not_null())
    # ETIAS applications are kept for the 3-year validity or 5 years after a refusal.
    keep = (pl.col("deleted_on") - pl.col("registered_on")).dt.total_days()
    days = etias.select(keep).to_series()
    validity = round(scenario.journeys.etias_validity_years * YEAR_DAYS)
    assert days.to_numpy().min() >= validity - 1
    ecris = ident.filter(pl.col("system") == "ECRIS")
    assert ecris["deleted_on"].is_null().all()  # 10 years exceed the simulated period


def test_eurodac_2013_retention_of_irregular_crossers(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from synth.generate import build_tables

    scenario = load_scenario(preset="eurodac-2013", overrides={"world": {"persons": 3000}})
    tables, _ = build_tables(scenario, SEED)
    records = tables["identity_records"].filter(pl.col("system") == "EURODAC")
    stored = tables["eurodac_records"]
    irregular = stored.filter(pl.col("category") == "irregular_crossing")
    as_of = scenario.world.as_of
    limit = round(1.5 * YEAR_DAYS)
    assert ((as_of - irregular["registered_on"]).dt.total_days() < limit).all()
    gone = records.filter(pl.col("deleted_on").is_not_null())
    assert gone.height > 0
    # Eurodac 2013 stores no names: only sex among the identity fields.
    for column in ("surname", "given_names", "birth_date", "nationality", "document_number"):
        assert records[column].is_null().all(), column
    assert records["sex"].is_not_null().any()


def test_biometric_age_thresholds_hold(small_world: World) -> None:
    scenario = load_scenario(preset="default")
    captures = small_world.table("captures")
    ident = small_world.table("identity_records").select(
        "record_id", "system", "person_id", "registered_on", "has_fingerprints", "has_face"
    )
    both = captures.join(ident, on="record_id", how="left")
    assert both["system"].null_count() == 0
    assert "ETIAS" not in set(both["system"])
    for spec in SYSTEMS:
        config = scenario.systems.of(spec.key)
        for modality, low, high in (
            ("fingerprint", config.fingerprint_min_age, config.fingerprint_max_age),
            ("face", config.face_min_age, config.face_max_age),
        ):
            ages = both.filter(
                (pl.col("system") == spec.key.value) & (pl.col("modality") == modality)
            )["age_at_capture"]
            if ages.len():
                assert ages.to_numpy().min() >= low, (spec.key, modality)
                assert ages.to_numpy().max() <= high, (spec.key, modality)
    # The age at capture is the true age on the capture day.
    persons = small_world.table("persons").select("person_id", "birth_date")
    aged = both.join(persons, on="person_id").with_columns(
        expected=_age(pl.col("birth_date"), pl.col("captured_on"))
    )
    assert (aged["expected"] == aged["age_at_capture"]).all()


def test_ees_takes_fingerprints_of_visa_exempt_travellers_only(small_world: World) -> None:
    files = small_world.table("identity_records").filter(pl.col("system") == "EES")
    kinds = small_world.table("ees_files").select("record_id", "traveller_type")
    both = files.join(kinds, on="record_id")
    assert not both.filter(pl.col("traveller_type") == "visa_required")["has_fingerprints"].any()
    assert both.filter(pl.col("traveller_type") == "visa_exempt")["has_fingerprints"].any()


def test_vis_copies_fingerprints_taken_less_than_59_months_before(small_world: World) -> None:
    captures = small_world.table("captures").filter(pl.col("modality") == "fingerprint")
    vis = small_world.table("identity_records").filter(pl.col("system") == "VIS")
    both = captures.join(vis.select("record_id", "registered_on", "person_id"), on="record_id")
    copied = both.filter(pl.col("captured_on") < pl.col("registered_on"))
    assert copied.height > 0
    gap = (copied["registered_on"] - copied["captured_on"]).dt.total_days()
    assert gap.to_numpy().max() < round(59 * YEAR_DAYS / 12)


def test_capture_flags_match_the_captures(small_world: World) -> None:
    ident = small_world.table("identity_records")
    captures = small_world.table("captures")
    usable = captures.filter(~pl.col("failed"))
    for modality, column in (("fingerprint", "has_fingerprints"), ("face", "has_face")):
        have = set(usable.filter(pl.col("modality") == modality)["record_id"])
        flagged = set(ident.filter(pl.col(column))["record_id"])
        assert have == flagged
    assert captures.filter(pl.col("failed"))["quality"].is_null().all()
    quality = captures.filter(~pl.col("failed"))["quality"]
    assert quality.null_count() == 0
    assert quality.to_numpy().min() >= 0
    assert quality.to_numpy().max() <= 100


def test_template_keys_identify_bodies(small_world: World) -> None:
    captures = small_world.table("captures")
    ident = small_world.table("identity_records").select("record_id", "person_id")
    both = captures.join(ident, on="record_id")
    per_body = both.group_by("person_id", "modality").agg(pl.col("template_key").n_unique())
    assert (per_body["template_key"] == 1).all()
    per_key = both.group_by("template_key").agg(pl.col("person_id").n_unique())
    assert (per_key["person_id"] == 1).all()
    assert both.filter(pl.col("modality") == "fingerprint")["lookalike_key"].is_null().all()


def test_phenotype_cells_describe_the_body(small_world: World) -> None:
    captures = small_world.table("captures")
    ident = small_world.table("identity_records").select("record_id", "person_id")
    persons = small_world.table("persons").select("person_id", "sex", "region")
    both = captures.join(ident, on="record_id").join(persons, on="person_id")
    parts = both["phenotype_cell"].str.split("|")
    assert (parts.list.len() == 3).all()
    assert (parts.list.get(0) == both["sex"]).all()
    assert (parts.list.get(2) == both["region"]).all()


def test_lookalikes_are_mutual_and_similar(small_world: World) -> None:
    persons = small_world.table("persons")
    pairs = persons.filter(pl.col("lookalike_of").is_not_null()).select(
        "person_id", "lookalike_of", "sex", "region"
    )
    assert pairs.height > 0
    other = persons.select(
        pl.col("person_id").alias("lookalike_of"),
        pl.col("lookalike_of").alias("back"),
        pl.col("sex").alias("sex_b"),
        pl.col("region").alias("region_b"),
    )
    both = pairs.join(other, on="lookalike_of")
    assert (both["back"] == both["person_id"]).all()
    assert (both["sex"] == both["sex_b"]).all()
    assert (both["region"] == both["region_b"]).all()
    # The face of a person with a look-alike points at the look-alike's face template.
    captures = small_world.table("captures").filter(pl.col("modality") == "face")
    ident = small_world.table("identity_records").select("record_id", "person_id")
    faces = captures.join(ident, on="record_id")
    key_of = faces.group_by("person_id").agg(pl.col("template_key").first().alias("key"))
    linked = faces.filter(pl.col("lookalike_key").is_not_null()).join(
        persons.select("person_id", "lookalike_of"), on="person_id"
    )
    check = linked.join(key_of, left_on="lookalike_of", right_on="person_id", how="inner")
    assert (check["lookalike_key"] == check["key"]).all()


def test_population(small_world: World) -> None:
    persons = small_world.table("persons")
    ident = small_world.table("identity_records")
    assert persons.height == 2000
    assert persons["nationality"].n_unique() >= 25
    assert set(persons["sex"]) == {"M", "F"}
    assert persons["synthetic"].all()
    assert set(persons["population_group"]) == {g.key.value for g in GROUPS}
    registered = set(ident["person_id"])
    assert set(persons.filter(pl.col("registered"))["person_id"]) == registered
    never = {g.key.value for g in GROUPS if not g.registered}
    bystanders = persons.filter(pl.col("population_group").is_in(list(never)))
    assert bystanders.height > 0
    assert not bystanders["registered"].any()
    eu = persons.filter(pl.col("population_group") == "eu_resident")["nationality"]
    assert all(NATIONALITY_BY_CODE[c].member_state for c in eu)
    # Relatives share their family's surname, in the form of their sex where the culture
    # has gendered surnames (IVANOV / IVANOVA): one spelling per family and sex.
    families = persons.group_by("family_id", "sex").agg(pl.col("surname_latin").n_unique())
    assert (families["surname_latin"] == 1).all()
    gendered = persons.filter(pl.col("naming_culture") == "russian")
    if gendered.height:
        women = gendered.filter(pl.col("sex") == "F")["surname_native"]
        assert women.str.ends_with("а").mean() > 0.8  # type: ignore[operator]
    assert families.height < persons.height
    assert persons["given_names_native"].null_count() == 0
    assert persons["surname_latin"].str.contains(r"^[A-Z][A-Z '\-]*$").all()


def test_truth_is_the_base_of_every_clean_record(small_world: World) -> None:
    ident = small_world.table("identity_records")
    persons = small_world.table("persons")
    clean = ident.filter((pl.col("identity_no") == 0) & (pl.col("noise_applied") == ""))
    assert clean.height > ident.height // 3
    both = clean.join(persons, on="person_id", suffix="_true")
    for recorded, truth in (
        ("surname", "surname_latin"),
        ("given_names", "given_names_latin"),
        ("sex", "sex_true"),
        ("nationality", "nationality_true"),
        ("place_of_birth", "birth_place"),
    ):
        rows = both.filter(pl.col(recorded).is_not_null())
        assert (rows[recorded] == rows[truth]).all(), recorded
    # The birth date is the true one, or 1 January of the true year for persons registered
    # with a default date (population.birth_dates); the year is always the true one.
    dates = both.filter(pl.col("birth_date").is_not_null())
    january_first = pl.col("birth_date") == pl.col("birth_date_true").dt.truncate("1y")
    assert dates.select((pl.col("birth_date") == pl.col("birth_date_true")) | january_first)[
        "birth_date"
    ].all()
    assert (both["birth_year"] == both["birth_date_true"].dt.year()).all()
    assert set(ident["person_id"]) <= set(persons["person_id"])


def test_aliases_and_borrowed_documents(small_world: World) -> None:
    ident = small_world.table("identity_records")
    documents = small_world.table("documents")
    persons = small_world.table("persons")
    assert set(ident["identity_no"]) <= {0, 1, 2}
    aliases = ident.filter(pl.col("identity_no") == 1).join(persons, on="person_id")
    assert aliases.height > 0
    differs = (aliases["surname"] != aliases["surname_latin"]) | (
        aliases["birth_date"] != aliases["birth_date_right"]
    )
    assert differs.fill_null(True).mean() > 0.9  # type: ignore[operator]
    fraud = documents.filter(pl.col("fraudulent"))
    assert fraud.height > 0
    borrowed = fraud.filter(pl.col("genuine_holder_id").is_not_null())
    genuine = documents.filter(~pl.col("fraudulent")).select(
        pl.col("number"), pl.col("person_id").alias("holder")
    )
    matched = borrowed.join(genuine, on="number")
    assert matched.height == borrowed.height
    assert (matched["holder"] == matched["genuine_holder_id"]).all()
    assert (matched["person_id"] != matched["holder"]).all()
    assert documents["document_id"].is_unique().all()
    assert documents.filter(~pl.col("fraudulent"))["number"].is_unique().all()


def test_journeys_are_chronological(small_world: World) -> None:
    ident = small_world.table("identity_records")
    crossings = small_world.table("ees_crossings")

    def first(frame: pl.DataFrame, name: str) -> pl.DataFrame:
        return frame.group_by("person_id").agg(pl.col(name).min().alias(f"first_{name}"))

    # A travel authorisation (visa or ETIAS) comes before the first border crossing.
    authorised = ident.filter(pl.col("system").is_in(["VIS", "ETIAS"])).rename(
        {"registered_on": "auth"}
    )
    both = first(crossings, "crossed_on").join(first(authorised, "auth"), on="person_id")
    assert both.height > 100
    assert (both["first_auth"] <= both["first_crossed_on"]).all()
    # Eurodac: an irregular crossing precedes the asylum application or the illegal stay.
    eurodac = small_world.table("eurodac_records")
    by_category = {
        c: first(eurodac.filter(pl.col("category") == c).rename({"registered_on": c}), c)
        for c in ("irregular_crossing", "applicant", "illegal_stay")
    }
    irregular = by_category["irregular_crossing"]
    for category in ("applicant", "illegal_stay"):
        pairs = irregular.join(by_category[category], on="person_id")
        assert pairs.height > 0, category
        assert (pairs["first_irregular_crossing"] <= pairs[f"first_{category}"]).all()
    # SIS alerts and convictions follow the person's first registration.
    records = ident.filter(~pl.col("system").is_in(["SIS", "ECRIS"]))
    start = first(records, "registered_on")
    for system in ("SIS", "ECRIS"):
        later = ident.filter(pl.col("system") == system).join(start, on="person_id")
        assert (later["registered_on"] >= later["first_registered_on"]).all(), system


def test_transliteration_follows_the_member_state_convention(small_world: World) -> None:
    ident = small_world.table("identity_records").join(
        small_world.table("persons").select("person_id", "surname_latin"), on="person_id"
    )
    spelt = ident.filter(
        (pl.col("noise_applied") == "transliteration") & (pl.col("identity_no") == 0)
    )
    assert spelt.height > 50
    # Another spelling than the canonical one, wherever the name has one ...
    assert (spelt["surname"] != spelt["surname_latin"]).mean() > 0.2  # type: ignore[operator]
    # ... and always the same one for the same name in the same member state and system.
    per_convention = spelt.group_by("member_state", "system", "surname_latin").agg(
        pl.col("surname").n_unique()
    )
    assert (per_convention["surname"] == 1).all()


def test_no_birth_date_piles_up_on_an_age_bound() -> None:
    """Adult ages are folded back into range, not clipped onto 18 years exactly."""
    from synth import build_tables, load_scenario

    scenario = load_scenario(preset="small", overrides={"world": {"persons": 20_000}})
    tables, _ = build_tables(scenario, 5)
    persons = tables["persons"]
    top = persons["birth_date"].value_counts(sort=True)["count"][0]
    # 20,000 births spread over ~80 years: no single day should hold more than a few.
    assert top < 25

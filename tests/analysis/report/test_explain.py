"""Explaining one person or one record of a hand-built world whose truth is known."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from analysis.report import explain_person, explain_record, explanation_text
from analysis.report.explain import RecordLink
from analysis.report.visibility import PersonReach, RecordReach
from schemas import ConfigError, World, write_world
from tests.analysis.report.worlds import build_linked_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_linked_world(tmp_path_factory.mktemp("explain") / "w")


def _entry(data: dict[str, Any], regime: str, authority: str) -> dict[str, Any]:
    (entry,) = [e for e in data["visibility"][regime] if e["authority"] == authority]
    assert isinstance(entry, dict)
    return entry


def test_person_records_links_and_missed_pairs(world: World) -> None:
    data: dict[str, Any] = explain_person(world, 1).to_json()
    assert data["simulated"] is True
    assert data["person"]["person_id"] == 1
    assert [r["record_id"] for r in data["records"]] == ["VIS-001", "EURODAC-001"]
    assert data["records"][1]["noise_applied"] == "dob"
    (link,) = data["links"]
    assert (link["record_id"], link["other_record_id"], link["other_person_id"]) == (
        "EURODAC-001",
        "VIS-002",
        2,
    )
    assert link["colour"] == "white"
    assert link["same_person"] is False
    assert link["verdict"] == "wrong: different persons"
    assert data["missed_pairs"] == [
        {"record_id_a": "EURODAC-001", "record_id_b": "VIS-001", "systems": "EURODAC|VIS"}
    ]
    json.dumps(data)  # JSON-ready


def test_wrong_link_exposes_another_persons_record_only_when_interoperable(world: World) -> None:
    data: dict[str, Any] = explain_person(world, 1).to_json()
    siloed = _entry(data, "siloed", "police_identity_check")
    assert siloed["records_reached"] == []  # police reach only SIS without interoperability
    inter = _entry(data, "interoperable", "police_identity_check")
    reached = {r["record_id"]: r for r in inter["records_reached"]}
    assert set(reached) == {"VIS-001", "EURODAC-001", "VIS-002"}
    assert reached["VIS-002"]["other_person"] is True
    assert reached["VIS-002"]["person_id"] == 2
    assert reached["VIS-002"]["channel"] == "cir"
    assert "white link 2" in reached["VIS-002"]["how"]
    assert reached["EURODAC-001"]["other_purpose"] is True  # collected for asylum
    assert inter["other_persons_records"] == 1
    # A hit flag on the origin opens only a hit flag on the far record (IO Art. 22).
    etias = _entry(data, "interoperable", "etias_unit")
    far = {r["record_id"]: r["channel"] for r in etias["records_reached"]}
    assert far["VIS-002"] == "hit_flag"


def test_pending_yellow_and_false_red_links(world: World) -> None:
    data: dict[str, Any] = explain_person(world, 4).to_json()
    verdicts = {(lk["record_id"], lk["other_record_id"]): lk["verdict"] for lk in data["links"]}
    assert verdicts == {
        ("VIS-004", "SIS-003"): "wrong: different persons",  # a false red link
        ("EES-004", "VIS-004"): "pending: same person",  # both ends are person 4's
    }


def test_deleted_record_is_shown_but_not_reachable(world: World) -> None:
    data: dict[str, Any] = explain_person(world, 5).to_json()
    rows = {r["record_id"]: r for r in data["records"]}
    assert rows["VIS-005"]["stored"] is False
    for regime in ("siloed", "interoperable"):
        for entry in data["visibility"][regime]:
            assert "VIS-005" not in {r["record_id"] for r in entry["records_reached"]}
    rec: dict[str, Any] = explain_record(world, "VIS-005").to_json()
    assert all(
        e["channel"] is None for r in ("siloed", "interoperable") for e in rec["visibility"][r]
    )


def test_record_view_says_who_can_see_it(world: World) -> None:
    data: dict[str, Any] = explain_record(world, "VIS-002").to_json()
    assert data["record"]["record_id"] == "VIS-002"
    assert data["person"]["person_id"] == 2
    assert _entry(data, "siloed", "police_identity_check")["channel"] is None
    inter = _entry(data, "interoperable", "police_identity_check")
    assert inter["channel"] == "cir"
    assert any("link 2 from EURODAC-001 (another person" in h for h in inter["how"])
    assert inter["other_purpose"] is True
    assert _entry(data, "siloed", "visa")["channel"] == "direct"


def test_text_view_tells_the_story(world: World) -> None:
    text = explanation_text(explain_person(world, 1))
    assert "Person 1" in text
    assert "synthetic" in text
    assert "A wrong link (white) joins these records to another person (2)" in text
    assert "Link 2: WHITE" in text
    # The two records side by side, field by field, and whose the other one truly is.
    side = text.split("Link 2: WHITE")[1]
    assert "EURODAC-001 (this person)" in side
    assert "VIS-002 (another: 2)" in side
    assert re.search(r"birth date\s+1981-01-01\s+1982-03-10\s+differs", side)
    assert re.search(r"sex\s+M\s+F\s+differs", side)
    assert "truly" in side
    # Scores with their meaning, the rule and article, and the verdict.
    assert "match probability" in side
    assert "Art. 33(a)" in side or "WHITE (shown as one person) under" in side
    assert "Truth: two different people; the colour is WRONG" in side
    assert "EURODAC-001 / VIS-001" in text  # the missed pair
    # Reach is summarised once: one line per authority, both regimes side by side.
    reach = text.split("Who can reach these records")[1]
    assert reach.count("Police authorities") == 1
    assert "1 of person 2 (data)" in reach
    assert "siloed" in reach.splitlines()[1]
    assert "interoperable" in reach.splitlines()[1]
    text = explanation_text(explain_record(world, "SIS-003"))
    assert "Record SIS-003" in text
    assert "Truth: two different people" in text


def test_unknown_ids(world: World) -> None:
    with pytest.raises(ConfigError, match=r"no person 99 .*person ids run from 0 to 5"):
        explain_person(world, 99)
    with pytest.raises(ConfigError, match="no record 'VIS-999'"):
        explain_record(world, "VIS-999")


def test_unlinked_world(tmp_path: Path, world: World) -> None:
    tables = {
        "persons": world.table("persons"),
        "identity_records": world.table("identity_records"),
    }
    plain = write_world(tmp_path / "plain", tables, seed=1, scenario={}, as_of=dt.date(2026, 6, 30))
    data: dict[str, Any] = explain_person(plain, 0).to_json()
    assert data["links"] == []
    assert any("not linked yet" in n for n in data["notes"])
    # Without links nothing reaches another person's records.
    for regime in ("siloed", "interoperable"):
        assert all(e["other_persons_records"] == 0 for e in data["visibility"][regime])
    assert pl.DataFrame(data["records"])["record_id"].to_list() == ["VIS-000", "EURODAC-000"]
    assert data["missed_pairs"] == [
        {"record_id_a": "EURODAC-000", "record_id_b": "VIS-000", "systems": "EURODAC|VIS"}
    ]


def test_the_explanation_is_typed(world: World) -> None:
    expl = explain_person(world, 1)
    (link,) = expl.links
    assert (link.record_id, link.other_person_id, link.colour_correct) == ("EURODAC-001", 2, False)
    assert [m.systems for m in expl.missed_pairs] == ["EURODAC|VIS"]
    police = next(
        e for e in expl.visibility["interoperable"] if e.authority == "police_identity_check"
    )
    assert isinstance(police, PersonReach)
    assert police.other_persons_records == 1
    record = explain_record(world, "VIS-002")
    assert all(isinstance(e, RecordReach) for v in record.visibility.values() for e in v)
    assert all(isinstance(lk, RecordLink) for lk in record.links)


def test_persons_born_before_year_one(tmp_path: Path, world: World) -> None:
    """A world observed near year 1 holds birth dates Python's dates cannot hold."""
    ancient = pl.col("birth_date") - pl.duration(days=800_000)
    tables = {
        "persons": world.table("persons").with_columns(ancient),
        "identity_records": world.table("identity_records").with_columns(ancient),
    }
    old = write_world(tmp_path / "old", tables, seed=1, scenario={}, as_of=dt.date(2, 6, 30))
    data: dict[str, Any] = explain_person(old, 0).to_json()
    assert str(data["person"]["birth_date"]).startswith("-")
    assert all(str(r["birth_date"]).startswith("-") for r in data["records"])
    assert "VIS-000" in explanation_text(explain_record(old, "VIS-000"))


def test_each_link_is_compared_field_by_field(world: World) -> None:
    expl = explain_person(world, 1)
    (link,) = expl.links
    fields = {f.field: f for f in expl.fields[link.link_id]}
    assert {"name", "birth_date", "sex"} <= set(fields)
    assert fields["sex"].level == "different"  # M (person 1) against F (person 2)
    assert fields["sex"].category == "different"
    assert all(f.category in {"same", "similar", "different", None} for f in fields.values())
    data: dict[str, Any] = expl.to_json()
    assert data["fields"][str(link.link_id)][0]["field"] == "name"
    text = explanation_text(expl)
    assert re.search(r"sex\s+different\s+→ different", text)

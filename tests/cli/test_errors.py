"""``interopsim errors``: the people behind the error figures, then one of them explained."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis.report import people_in_error
from cli.main import main
from schemas import open_world
from tests.analysis.report.worlds import build_analysed_world, build_linked_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analysed_world(tmp_path_factory.mktemp("cli-errors") / "w").path


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_people_in_error_match_the_world(world: Path) -> None:
    found = people_in_error(open_world(world))
    by_id = {p.person_id: p for p in found.people}
    # The hand-built world: EURODAC-001 (person 1) wrongly white-linked to VIS-002
    # (person 2); SIS-003 (person 3) in a false red link with VIS-004 (person 4).
    assert by_id[1].wrongly_linked
    assert by_id[2].wrongly_linked
    assert (by_id[1].linked_to, by_id[2].linked_to) == ((2,), (1,))
    assert by_id[1].colours == ("white",)
    assert by_id[3].false_red
    assert by_id[4].false_red
    assert by_id[1].missed  # VIS-001 / EURODAC-001
    assert 0 not in by_id  # person 0 is linked correctly
    assert found.counts["wrongly_linked"] == sum(p.wrongly_linked for p in found.people)
    assert [p.person_id for p in found.people][:2] == [1, 2]  # wrongly linked first
    assert by_id[1].region is not None
    assert by_id[1].name == "GivenB SurnameB"


def test_json_lists_everyone_with_their_groups(world: Path) -> None:
    code, out, err = _invoke("errors", str(world))
    assert code == 0, err
    data = json.loads(out)
    assert data["simulated"] is True
    people = {p["person_id"]: p for p in data["people"]}
    assert set(people) >= {1, 2, 3, 4}
    for column in ("sex", "age_band", "region", "nationality", "population_group"):
        assert column in people[1]


def test_csv_reads_back_and_filters(world: Path) -> None:
    code, out, err = _invoke("errors", str(world), "--format", "csv", "--only", "wrongly-linked")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["person_id"] for r in rows] == ["1", "2", "3", "4"]  # 3, 4: a false red link
    assert rows[0]["linked_to"] == "2"
    assert rows[0]["wrongly_linked"] == "yes"
    assert {"sex", "age_band", "region", "nationality", "population_group"} <= set(rows[0])


def test_table_points_to_explain(world: Path) -> None:
    code, out, err = _invoke("errors", str(world), "--format", "table")
    assert code == 0, err
    assert out.startswith(f"World {world} ")
    assert "4 wrongly linked" in out
    assert out.splitlines()[2].split()[:3] == ["person", "outcome", "wrong"]
    hint = out.strip().splitlines()[-1]
    assert hint == f"Explain one: interopsim explain {world} --person 1"
    # The second command of the two: the story of that person.
    code, story, err = _invoke("explain", str(world), "--person", "1", "--format", "text")
    assert code == 0, err
    assert "the colour is WRONG" in story


def test_an_unlinked_world_is_one_error_line(tmp_path: Path) -> None:
    world = build_linked_world(tmp_path / "w")
    (world.path / "tables" / "mid_links.parquet").unlink()
    code, out, err = _invoke("errors", str(world.path))
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("Error: ")


def test_verify_checks_the_tables_before_listing(tmp_path: Path) -> None:
    world = build_analysed_world(tmp_path / "w").path
    code, out, err = _invoke("errors", str(world), "--verify")
    assert code == 0, err
    assert json.loads(out)["counts"]["wrongly_linked"] >= 2
    table = world / "tables" / "persons.parquet"
    table.write_bytes(table.read_bytes()[:-8] + b"\0" * 8)  # same size, other bytes
    code, _, err = _invoke("errors", str(world), "--verify")
    assert code == 1
    assert "persons" in err
    assert "Traceback" not in err

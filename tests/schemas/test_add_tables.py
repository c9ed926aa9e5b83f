"""add_tables commits files, manifest and SQL together, or leaves the world as it was."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import polars as pl
import pytest

from schemas import polars_schema
from schemas.errors import DatabaseError, WorldError
from schemas.world import add_tables, open_world, record_files
from tests.schemas.tiny import documents, tiny_world


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "world.sqlite"
    }


def test_failed_sql_write_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    world = tiny_world(tmp_path / "w")
    before = _snapshot(world.path)

    def broken(*args: object, **kwargs: object) -> None:
        raise DatabaseError("writing to the database failed: disk full; nothing was written")

    monkeypatch.setattr("schemas.world_stage.write_sql_tables", broken)
    with pytest.raises(DatabaseError, match="disk full"):
        add_tables(world, {"documents": documents(9)}, "retouch")
    assert _snapshot(world.path) == before
    open_world(world.path, verify=True)


def test_failed_file_commit_rolls_the_sql_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = tiny_world(tmp_path / "w")
    before = _snapshot(world.path)

    def no_space(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("schemas.world_stage.atomic_write_bytes", no_space)
    with pytest.raises(WorldError, match="No space left on device"):
        add_tables(world, {"documents": documents(9), "identity_clusters": _clusters()}, "link")
    assert _snapshot(world.path) == before  # renamed files restored, the new one removed
    open_world(world.path, verify=True)  # and the SQL transaction was rolled back


def _clusters() -> pl.DataFrame:
    return pl.DataFrame(
        {"record_id": ["a", "b"], "cluster_id": [1, 1], "cluster_id_one_to_one": [1, 1]},
        schema=polars_schema("identity_clusters"),
    )


def test_stage_run_id_changes_with_the_tables(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w")
    once = add_tables(world, {"documents": documents(4)}, "retouch", parameters={"k": 1})
    twice = add_tables(once, {"documents": documents(5)}, "retouch", parameters={"k": 1})
    first, second = once.stage("retouch"), twice.stage("retouch")
    assert first is not None
    assert second is not None
    assert first.run_id != second.run_id
    open_world(twice.path, verify=True)


def test_a_replaced_world_is_not_written_into(tmp_path: Path) -> None:
    stale = tiny_world(tmp_path / "w")
    tiny_world(stale.path, rows=4, overwrite=True)
    with pytest.raises(WorldError, match="replaced by another world"):
        add_tables(stale, {"documents": documents(2)}, "retouch")


def test_record_files(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w")
    page = world.path / "report" / "report.md"
    page.parent.mkdir()
    page.write_text("# report", encoding="utf-8")
    world = record_files(world, [page], stage="report")
    assert world.manifest.files["report/report.md"].stage == "report"
    assert world.owns_file(page)
    assert not world.owns_file(tmp_path / "elsewhere.md")
    with pytest.raises(WorldError, match="not inside the world"):
        record_files(world, [tmp_path / "elsewhere.md"], stage="report")
    with pytest.raises(WorldError, match="part of the world itself"):
        record_files(world, [world.path / "manifest.json"], stage="report")
    page.unlink()
    assert record_files(world, [], stage="report").manifest.files == {}


def test_a_world_from_before_markers_still_opens_and_links(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w")
    manifest = world.path / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    del data["world_id"]
    data["database"] = {"url": None, "backend": "sqlite"}
    manifest.write_text(json.dumps(data), encoding="utf-8")
    with sqlite3.connect(world.path / "world.sqlite") as conn:
        conn.execute("DROP TABLE interopsim_world")
    early = open_world(world.path, verify=True)
    assert early.world_id == ""
    linked = add_tables(early, {"documents": documents(6)}, "link")
    assert open_world(linked.path, verify=True).manifest.tables["documents"].rows == 6

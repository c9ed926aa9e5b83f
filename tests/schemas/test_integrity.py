"""open_world checks a world against its manifest and names what does not match."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from schemas.errors import SimulatorError, WorldError
from schemas.world import World, add_tables, open_world
from tests.schemas.tiny import documents, tiny_world


def _edit_manifest(world: World, change: Callable[[dict[str, Any]], None]) -> None:
    path = world.path / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _table(data: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = data["tables"]["documents"]
    return entry


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: d["tables"].update({"../../etc": _table(d)}), "unknown table '../../etc'"),
        (lambda d: _table(d).update(file="../../etc/passwd"), "points to '../../etc/passwd'"),
        (lambda d: _table(d).update(rows=99), "table 'documents' has 3 rows, its manifest says 99"),
        (lambda d: d.update(seed="42"), "seed"),
        (lambda d: d.pop("seed"), "seed"),
        (lambda d: d.update(database="sqlite:///x.db"), "database"),
        (lambda d: d.update(world_id="../x"), "world_id"),
        (lambda d: d["files"].update({"../outside.txt": _table(d) | {"stage": "x"}}), "outside"),
    ],
    ids=["dotdot-name", "dotdot-file", "rows", "seed-str", "seed-missing", "db-str", "id", "file"],
)
def test_manifest_tampering_is_named(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], fragment: str
) -> None:
    world = tiny_world(tmp_path / "w")
    _edit_manifest(world, change)
    with pytest.raises(WorldError) as info:
        open_world(world.path)
    assert fragment in str(info.value)


def test_unlisted_table_file(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w")
    shutil.copy(world.table_path("documents"), world.tables_dir / "persons.parquet")
    with pytest.raises(WorldError, match=r"tables/persons\.parquet is not in its manifest"):
        open_world(world.path)


def test_changed_content_is_caught_by_verify(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w")
    documents(3, offset=100).write_parquet(world.table_path("documents"))
    assert open_world(world.path).manifest.tables["documents"].rows == 3  # same row count
    with pytest.raises(WorldError, match="'documents' does not match its SHA-256"):
        open_world(world.path, verify=True)


def test_sql_row_counts_with_verify(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w")
    with sqlite3.connect(world.path / "world.sqlite") as conn:
        conn.execute("DELETE FROM documents WHERE document_id = 0")
    open_world(world.path)
    with pytest.raises(WorldError, match=r"'documents' .* has 2 rows, its manifest says 3"):
        open_world(world.path, verify=True)


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a database at all" * 100)


def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "fragment"),
    [
        (lambda p: p.unlink(), "world.sqlite is missing"),
        (_truncate, "is truncated"),
        (_garbage, "not an SQLite database"),
        (_scribble, "is corrupt"),
    ],
    ids=["deleted", "truncated", "garbage", "scribbled"],
)
def test_broken_sql_copy(tmp_path: Path, damage: Callable[[Path], object], fragment: str) -> None:
    world = tiny_world(tmp_path / "w", rows=500)
    damage(world.path / "world.sqlite")
    with pytest.raises(WorldError) as info:
        open_world(world.path, verify=True)
    assert fragment in str(info.value)
    assert "SELECT" not in str(info.value)
    with pytest.raises(SimulatorError) as failed:
        add_tables(world, {"documents": documents(4)}, "retouch")
    assert fragment in str(failed.value) or "disk image is malformed" in str(failed.value)
    assert "DROP TABLE" not in str(failed.value)


def test_sql_copy_of_another_world(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w")
    other = tiny_world(tmp_path / "other")
    shutil.copy(other.path / "world.sqlite", world.path / "world.sqlite")
    with pytest.raises(WorldError, match="holds another world"):
        open_world(world.path)


def test_sql_copy_behind_its_manifest(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w")
    with sqlite3.connect(world.path / "world.sqlite") as conn:
        conn.execute("""UPDATE interopsim_world SET tables = '{"documents": "0"}'""")
    with pytest.raises(WorldError, match=r"SQL copy of table 'documents' .* does not match"):
        open_world(world.path)
    assert open_world(world.path, check_database=False).seed == 1

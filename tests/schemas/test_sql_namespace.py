"""A world writes into its own SQL namespace; nobody else's table is ever dropped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from schemas.db import connect, read_sql_table, storage_url
from schemas.errors import DatabaseError, WorldError
from schemas.world import add_tables, open_world
from tests.schemas.tiny import documents, hidden, tiny_world


def _tables(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _user_db(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE documents (id INTEGER, note TEXT)")
        conn.execute("INSERT INTO documents VALUES (1, 'my own table')")
    return path


def test_user_tables_in_a_shared_sqlite_file_survive(tmp_path: Path) -> None:
    db = _user_db(tmp_path / "user.db")
    url = f"sqlite:///{db}"
    first = tiny_world(tmp_path / "w1", db_url=url)
    second = tiny_world(tmp_path / "w2", rows=5, db_url=url)
    ns1, ns2 = first.manifest.database.namespace, second.manifest.database.namespace
    assert ns1
    assert ns2
    assert ns1 != ns2
    assert ns1.startswith("interopsim_w1_")
    assert {"documents", f"{ns1}__documents", f"{ns2}__documents"} <= _tables(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT note FROM documents").fetchall() == [("my own table",)]
    open_world(first.path, verify=True)  # the second world did not touch the first
    engine = connect(url)
    try:
        assert_frame_equal(read_sql_table(engine, "documents", ns2), documents(5))
    finally:
        engine.dispose()


def test_overwrite_replaces_exactly_its_own_namespace(tmp_path: Path) -> None:
    db = _user_db(tmp_path / "user.db")
    url = f"sqlite:///{db}"
    first = tiny_world(tmp_path / "w1", db_url=url)
    other = tiny_world(tmp_path / "w2", db_url=url)
    again = tiny_world(first.path, rows=6, db_url=url, overwrite=True)
    old_ns, new_ns = first.manifest.database.namespace, again.manifest.database.namespace
    assert old_ns != new_ns
    names = _tables(db)
    assert not any(n.startswith(f"{old_ns}__") for n in names)  # the replaced world's tables
    assert f"{new_ns}__documents" in names
    assert "documents" in names  # the user's
    open_world(other.path, verify=True)
    open_world(again.path, verify=True)
    assert hidden(tmp_path) == []


def test_add_tables_replaces_only_its_own(tmp_path: Path) -> None:
    db = _user_db(tmp_path / "user.db")
    url = f"sqlite:///{db}"
    world = tiny_world(tmp_path / "w", db_url=url)
    world = add_tables(world, {"documents": documents(8)}, "retouch")
    assert open_world(world.path, verify=True).manifest.tables["documents"].rows == 8
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone() == (1,)


def test_foreign_tables_in_the_namespace_are_never_dropped(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'user.db'}"
    world = tiny_world(tmp_path / "w", db_url=url)
    ns = world.manifest.database.namespace
    with sqlite3.connect(tmp_path / "user.db") as conn:
        conn.execute(f"DROP TABLE {ns}__interopsim_world")  # the namespace loses its owner
    with pytest.raises(DatabaseError, match="does not hold this world's tables"):
        add_tables(world, {"documents": documents(8)}, "retouch")
    assert (
        "rows"
        in open_world(world.path, check_database=False).manifest.tables["documents"].model_dump()
    )
    assert f"{ns}__documents" in _tables(tmp_path / "user.db")


def test_another_worlds_database_is_not_written_into(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'user.db'}"
    world = tiny_world(tmp_path / "w", db_url=url)
    with pytest.raises(WorldError, match="holds no interopsim world"):
        open_world(world.path, db_url=f"sqlite:///{tmp_path / 'elsewhere.db'}")
    with pytest.raises(DatabaseError, match="does not hold this world's tables"):
        add_tables(world, {"documents": documents(2)}, "x", db_url=f"sqlite:///{tmp_path / 'e.db'}")


def test_database_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert storage_url("sqlite:///rel.db") == f"sqlite:///{tmp_path / 'rel.db'}"
    assert storage_url("postgresql+psycopg://u:pw@h:5/db") == "postgresql+psycopg://u@h:5/db"
    assert "pw" not in storage_url("postgresql+psycopg://u@h/db?password=pw&sslmode=require")
    with pytest.raises(DatabaseError, match="not an SQLite file"):
        storage_url("sqlite://")
    with pytest.raises(WorldError, match="would be inside the world"):
        tiny_world(tmp_path / "w", db_url=f"sqlite:///{tmp_path / 'w' / 'x.db'}")
    with pytest.raises(WorldError, match=r"own world\.sqlite"):
        open_world(tiny_world(tmp_path / "w").path, db_url="sqlite:///x.db")

"""Worlds in a real, password-protected PostgreSQL server (see conftest.py)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from polars.testing import assert_frame_equal

import interopsim
from schemas.db import connect, read_sql_table
from schemas.errors import DatabaseError
from schemas.world import World, add_tables, open_world
from tests.postgres.conftest import PgServer
from tests.schemas.tiny import documents, hidden, tiny_world

pytestmark = pytest.mark.postgres

_PERSONS = 300
_SEED = 11


def _schemas(server: PgServer) -> set[str]:
    rows = server.sql("SELECT schema_name FROM information_schema.schemata")
    return {str(r[0]) for r in rows if str(r[0]).startswith("interopsim_")}


def _sql_tables(world: World) -> dict[str, Any]:
    engine = connect(world.db_url)
    try:
        return {
            name: read_sql_table(engine, name, world.manifest.database.namespace)
            for name in world.manifest.tables
        }
    finally:
        engine.dispose()


def _comparable(metrics: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in metrics.items() if k != "provenance"}


@pytest.mark.slow
def test_same_seed_same_world_and_figures_as_sqlite(
    postgres: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", postgres.password)
    pg = interopsim.generate(
        "small", seed=_SEED, out=tmp_path / "pg", persons=_PERSONS, db=postgres.url()
    )
    lite = interopsim.generate("small", seed=_SEED, out=tmp_path / "lite", persons=_PERSONS)
    pg_linked = interopsim.link(pg).world  # the stored URL has no password: PGPASSWORD
    lite_linked = interopsim.link(lite).world
    for name, entry in lite_linked.manifest.tables.items():
        assert pg_linked.manifest.tables[name].rows == entry.rows, name
        assert pg_linked.manifest.tables[name].sha256 == entry.sha256, name
    pg_sql, lite_sql = _sql_tables(pg_linked), _sql_tables(lite_linked)
    assert set(pg_sql) == set(lite_sql)
    for name, frame in lite_sql.items():
        assert_frame_equal(pg_sql[name], frame, check_row_order=False)
    pg_metrics = interopsim.analyse(pg_linked).to_json()
    lite_metrics = interopsim.analyse(lite_linked).to_json()
    assert pg_metrics["headline"]
    assert _comparable(pg_metrics) == _comparable(lite_metrics)
    open_world(pg_linked.path, verify=True)


def test_passwords_are_never_stored_logged_or_shown(
    postgres: PgServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    no_password: None,
) -> None:
    caplog.set_level(logging.DEBUG)
    world = tiny_world(tmp_path / "w", db_url=postgres.url())
    assert world.manifest.database.url == postgres.url(password=False)
    assert postgres.password not in repr(world)
    with pytest.raises(DatabaseError) as wrong:
        tiny_world(tmp_path / "w2", db_url=postgres.url().replace(postgres.password, "Wr0ng-Pw-77"))
    assert "password authentication failed" in str(wrong.value)
    assert "Wr0ng-Pw-77" not in str(wrong.value)
    with pytest.raises(DatabaseError) as missing:
        open_world(world.path)  # no password anywhere
    assert "does not answer" in str(missing.value)
    out, err = capsys.readouterr()
    for text in (caplog.text, out, err, str(wrong.value), str(missing.value)):
        assert postgres.password not in text
        assert "Wr0ng-Pw-77" not in text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert postgres.password.encode() not in path.read_bytes(), path


def test_reopened_with_pgpassword_pgpass_or_a_url(
    postgres: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_password: None
) -> None:
    world = tiny_world(tmp_path / "w", db_url=postgres.url())
    assert open_world(world.path, db_url=postgres.url()).manifest.tables["documents"].rows == 3
    with_url = add_tables(world, {"documents": documents(4)}, "retouch", db_url=postgres.url())
    assert with_url.manifest.tables["documents"].rows == 4
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{postgres.port}:*:{postgres.role}:{postgres.password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    reopened = open_world(world.path, verify=True)
    assert reopened.manifest.tables["documents"].rows == 4
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.setenv("PGPASSWORD", postgres.password)
    relinked = add_tables(reopened, {"documents": documents(5)}, "retouch")
    assert open_world(relinked.path, verify=True).manifest.tables["documents"].rows == 5


def test_worlds_share_a_database_without_touching_each_other_or_the_user(
    postgres: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", postgres.password)
    postgres.sql("CREATE TABLE IF NOT EXISTS public.documents (note text)")
    postgres.sql("INSERT INTO public.documents VALUES ('the user''s own row')")
    first = tiny_world(tmp_path / "w1", db_url=postgres.url())
    second = tiny_world(tmp_path / "w2", rows=5, db_url=postgres.url())
    assert first.manifest.database.namespace != second.manifest.database.namespace
    open_world(first.path, verify=True)
    open_world(second.path, verify=True)
    old = first.manifest.database.namespace
    again = tiny_world(first.path, rows=6, db_url=postgres.url(), overwrite=True)
    assert old not in _schemas(postgres)  # the replaced world's schema, and only it, is gone
    assert {again.manifest.database.namespace, second.manifest.database.namespace} <= _schemas(
        postgres
    )
    open_world(second.path, verify=True)
    assert open_world(again.path, verify=True).manifest.tables["documents"].rows == 6
    rows = postgres.sql("SELECT note FROM public.documents")
    assert ("the user's own row",) in rows


def test_a_table_the_user_put_in_a_worlds_schema_is_kept(
    postgres: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", postgres.password)
    world = tiny_world(tmp_path / "w", db_url=postgres.url())
    ns = world.manifest.database.namespace
    postgres.sql(f'CREATE TABLE "{ns}".my_notes (t text)')
    tiny_world(world.path, rows=2, db_url=postgres.url(), overwrite=True)
    assert ns in _schemas(postgres)  # not dropped: it still holds the user's table
    assert postgres.sql(f'SELECT COUNT(*) FROM "{ns}".my_notes') == [(0,)]
    assert postgres.sql(
        f"SELECT table_name FROM information_schema.tables WHERE table_schema = '{ns}'"
    ) == [("my_notes",)]


def _crash_after_first_table(monkeypatch: pytest.MonkeyPatch, server: PgServer) -> None:
    import schemas.db

    real = schemas.db._copy_postgres
    calls: list[str] = []

    def copy_then_crash(raw: Any, target: str, frame: Any) -> None:
        calls.append(target)
        if len(calls) == 2:
            server.crash()
        real(raw, target, frame)

    monkeypatch.setattr(schemas.db, "_copy_postgres", copy_then_crash)


@pytest.mark.slow
def test_server_killed_mid_write_leaves_nothing_half_written(
    postgres: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", postgres.password)
    before = _schemas(postgres)
    linked = interopsim.link(
        interopsim.generate(
            "small", seed=_SEED, out=tmp_path / "kept", persons=_PERSONS, db=postgres.url()
        )
    ).world
    manifest = (linked.path / "manifest.json").read_bytes()
    _crash_after_first_table(monkeypatch, postgres)
    try:
        with pytest.raises(DatabaseError) as generating:
            interopsim.generate(
                "small", seed=_SEED, out=tmp_path / "w", persons=_PERSONS, db=postgres.url()
            )
        message = str(generating.value)
        assert "nothing was written" in message
        assert "COPY" not in message
        assert postgres.password not in message
        assert not (tmp_path / "w").exists()
        assert hidden(tmp_path) == []
        postgres.start()
        _crash_after_first_table(monkeypatch, postgres)
        with pytest.raises(DatabaseError, match="nothing was written"):
            interopsim.link(linked)
        assert (linked.path / "manifest.json").read_bytes() == manifest
    finally:
        postgres.start()
    assert _schemas(postgres) == before | {linked.manifest.database.namespace}
    open_world(linked.path, verify=True)  # the old links are intact in files and SQL

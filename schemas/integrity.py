"""Integrity of a world on read: its tables and its SQL copy against its manifest.

Always checked (cheap): table names come from the schema and point to
``tables/<name>.parquet``, no unlisted table file, every file present with the row count
the manifest records, the recorded stage files have plain relative names, and the SQL
copy exists, is not truncated and holds this world's tables at the hashes the manifest
records (the namespace's marker, see :mod:`schemas.sqlspace`). With ``verify`` also the
SHA-256 of every table file, the row count of every SQL table and SQLite's own
``quick_check``. Every problem is a :class:`WorldError` naming the table or file.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from schemas.errors import DatabaseError, WorldError
from schemas.manifest import Manifest, file_sha256
from schemas.ownership import SQLITE_FILE, TABLES_DIR, valid_relative
from schemas.sqlspace import Marker, SqlSpace, present_tables, read_marker
from schemas.tables import TABLES

__all__ = ["check_sql_copy", "check_sqlite_file", "check_tables"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_REGENERATE = "generate the world again"


def _file_sha256(path: Path) -> str:
    return file_sha256(path)


def _check_names(root: Path, manifest: Manifest) -> None:
    for name, entry in manifest.tables.items():
        if name not in TABLES:
            raise WorldError(f"{root} is corrupt: its manifest lists an unknown table {name!r}")
        if entry.file != f"{TABLES_DIR}/{name}.parquet":
            raise WorldError(
                f"{root} is corrupt: table {name!r} points to {entry.file!r}, "
                f"not {TABLES_DIR}/{name}.parquet"
            )
    for rel in manifest.files:
        if not valid_relative(rel) or rel.split("/")[0] == TABLES_DIR:
            raise WorldError(
                f"{root} is corrupt: its manifest lists a file {rel!r} outside the world"
            )


def _check_extra(root: Path, manifest: Manifest) -> None:
    tables = root / TABLES_DIR
    if not tables.exists():
        return
    expected = {f"{name}.parquet" for name in manifest.tables}
    try:
        extra = sorted(
            p.name
            for p in tables.iterdir()
            if not p.name.startswith(".") and p.name not in expected
        )
    except OSError as exc:
        raise WorldError(f"cannot read {tables}: {exc.strerror or exc}") from exc
    if extra:
        raise WorldError(
            f"{root} is corrupt: {TABLES_DIR}/{extra[0]} is not in its manifest "
            f"({len(extra)} unlisted file(s)); {_REGENERATE}"
        )


def check_tables(root: Path, manifest: Manifest, *, verify: bool = False) -> None:
    """Check the table files of the world at ``root`` against ``manifest``."""
    _check_names(root, manifest)
    _check_extra(root, manifest)
    for name, entry in manifest.tables.items():
        path = root / entry.file
        if not path.is_file():
            raise WorldError(f"{root} is corrupt: table file {entry.file} is missing")
        try:
            rows = pq.read_metadata(path).num_rows
        except (OSError, ValueError) as exc:
            raise WorldError(
                f"{root} is corrupt: table {name!r} ({entry.file}) cannot be read: {exc}"
            ) from exc
        if rows != entry.rows:
            raise WorldError(
                f"{root} is corrupt: table {name!r} has {rows} rows, its manifest says {entry.rows}"
            )
        if verify and _file_sha256(path) != entry.sha256:
            raise WorldError(
                f"{root} is corrupt: table {name!r} does not match its SHA-256 in the manifest "
                "(changed after it was written)"
            )


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database or was cut short (header checks)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
        size = path.stat().st_size
    except FileNotFoundError:
        raise WorldError(
            f"{path} is missing (the SQL copy of the world's tables); {_REGENERATE}"
        ) from None
    except OSError as exc:
        raise WorldError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
        raise WorldError(f"{path} is corrupt: it is not an SQLite database; {_REGENERATE}")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    header_valid = head[24:28] == head[92:96]
    if header_valid and pages and size < pages * page_size:
        raise WorldError(
            f"{path} is corrupt: it is truncated ({size} of {pages * page_size} bytes); "
            f"{_REGENERATE}"
        )


class _Sqlite3Sql:
    mark = "?"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def run(self, statement: str, params: tuple[Any, ...] = ()) -> None:
        self.conn.execute(statement, params)

    def rows(self, statement: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.conn.execute(statement).fetchall()]


@contextlib.contextmanager
def _open_sqlite(path: Path) -> Iterator[_Sqlite3Sql]:
    """The world's own SQLite file; a hot journal of a killed write is rolled back first."""
    hot = path.with_name(path.name + "-journal").exists()
    mode = "rw" if hot else "ro"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=30)
    except sqlite3.Error as exc:
        raise WorldError(f"{path} cannot be opened ({exc}); {_REGENERATE}") from exc
    try:
        yield _Sqlite3Sql(conn)
    except sqlite3.DatabaseError as exc:
        raise WorldError(f"{path} is corrupt ({exc}); {_REGENERATE}") from exc
    finally:
        conn.close()


def _compare(sql: Any, space: SqlSpace, manifest: Manifest, where: str, verify: bool) -> None:
    """Check that ``space`` holds ``manifest``'s world and every table at its hash."""
    present = present_tables(sql, space)
    marker: Marker | None = read_marker(sql, space)
    if manifest.world_id and (marker is None or marker.world_id != manifest.world_id):
        whose = "no interopsim world" if marker is None else f"another world ({marker.world_path})"
        raise WorldError(f"the SQL copy in {where} holds {whose}, not this world; {_REGENERATE}")
    for name, entry in manifest.tables.items():
        if name not in present:
            raise WorldError(f"the SQL copy in {where} lacks table {name!r}; {_REGENERATE}")
        if marker is not None and marker.tables.get(name) != entry.sha256:
            raise WorldError(
                f"the SQL copy of table {name!r} in {where} does not match the manifest "
                f"(it was written by another or an interrupted run); {_REGENERATE}"
            )
        if verify:
            ((count,),) = sql.rows(f"SELECT COUNT(*) FROM {space.qualified(name)}")
            if int(count) != entry.rows:
                raise WorldError(
                    f"the SQL copy of table {name!r} in {where} has {count} rows, "
                    f"its manifest says {entry.rows}"
                )


def _check_local(root: Path, manifest: Manifest, verify: bool) -> None:
    path = root / SQLITE_FILE
    if not path.is_file():
        raise WorldError(f"{root} is corrupt: its SQL copy {SQLITE_FILE} is missing; {_REGENERATE}")
    if not path.with_name(path.name + "-journal").exists():
        check_sqlite_file(path)
    with _open_sqlite(path) as sql:
        if verify:
            (result,), *_ = sql.rows("PRAGMA quick_check")
            if result != "ok":
                raise WorldError(f"{path} is corrupt ({result}); {_REGENERATE}")
        _compare(sql, SqlSpace("sqlite", None), manifest, str(path), verify)
    check_sqlite_file(path)


def _check_remote(url: str, manifest: Manifest, verify: bool) -> None:
    from schemas.db import _db_errors, _SaSql, connect, reason, redact_url

    space = SqlSpace(manifest.database.backend, manifest.database.namespace)
    where = space.describe(redact_url(url))
    engine = connect(url)
    try:
        with engine.connect() as conn:
            _compare(_SaSql(conn), space, manifest, where, verify)
    except WorldError:
        raise
    except _db_errors() as exc:
        raise DatabaseError(f"cannot read {where}: {reason(exc, url)}") from exc
    finally:
        engine.dispose()


def check_sql_copy(
    root: Path, manifest: Manifest, url: str | None, *, verify: bool = False
) -> None:
    """Check the SQL copy of the world at ``root`` (its own file, or ``url``)."""
    if manifest.database.url is None:
        _check_local(root, manifest, verify)
        return
    if manifest.world_id and manifest.database.namespace is None:
        raise WorldError(f"{root} is corrupt: its manifest names a database but no namespace")
    _check_remote(url or manifest.database.url, manifest, verify)

"""SQL persistence: SQLite by default, any SQLAlchemy URL on request.

Tables go in through bulk paths (``executemany`` on the DBAPI cursor in large chunks,
``COPY`` on PostgreSQL), never one ORM object at a time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.schema import CreateTable

from schemas.errors import DatabaseError
from schemas.tables import polars_schema, sql_table

__all__ = [
    "connect",
    "read_sql_table",
    "redact_url",
    "sqlite_url",
    "write_sql_tables",
]

log = logging.getLogger(__name__)

_CHUNK_ROWS = 250_000


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file at ``path``."""
    return f"sqlite:///{path.resolve()}"


def redact_url(url: str) -> str:
    """``url`` with any password hidden, safe to print or store in a manifest."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable URL>"


def connect(url: str) -> Engine:
    """An engine for ``url`` that has answered a trivial query.

    Raises :class:`DatabaseError` naming the URL (password hidden) when the URL is
    malformed, its driver is missing, or the server does not answer.
    """
    shown = redact_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"database URL {url!r} is not a valid SQLAlchemy URL") from exc
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = 10
    try:
        engine = sa.create_engine(parsed, connect_args=connect_args)
    except (NoSuchModuleError, ModuleNotFoundError, ImportError) as exc:
        raise DatabaseError(
            f"no driver for database URL {shown} ({exc}); for PostgreSQL install "
            "the 'postgres' extra"
        ) from exc
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None)
        reason = str(orig) if orig is not None else str(exc)
        reason = reason.strip().splitlines()[0] if reason.strip() else type(exc).__name__
        raise DatabaseError(f"database {shown} does not answer: {reason}") from exc
    return engine


def _sql_ready(df: pl.DataFrame) -> pl.DataFrame:
    """Dates as ISO text (SQLAlchemy's own storage format on SQLite)."""
    return df.with_columns(
        pl.col(name).dt.to_string("%Y-%m-%d")
        for name, dtype in df.schema.items()
        if dtype == pl.Date
    )


def _chunks(df: pl.DataFrame) -> Iterable[list[tuple[Any, ...]]]:
    for start in range(0, df.height, _CHUNK_ROWS):
        yield _sql_ready(df.slice(start, _CHUNK_ROWS)).rows()


def _copy_postgres(raw: Any, name: str, df: pl.DataFrame) -> None:
    columns = ", ".join(f'"{c}"' for c in df.columns)
    with raw.cursor() as cur, cur.copy(f'COPY "{name}" ({columns}) FROM STDIN') as copy:
        for rows in _chunks(df):
            for row in rows:
                copy.write_row(row)


def _write_sqlite_adbc(engine: Engine, tables: Mapping[str, pl.DataFrame]) -> None:
    """Bulk-load SQLite through the Arrow ADBC driver, in one transaction.

    About 4-5x faster than ``executemany`` on millions of rows (BENCHMARKS.md), because
    rows never become Python tuples.
    """
    import adbc_driver_sqlite.dbapi as adbc

    database = engine.url.database
    dialect = engine.dialect
    conn = adbc.connect(database)
    try:
        cursor = conn.cursor()
        for name, df in tables.items():
            model = sql_table(name)
            frame = _sql_ready(df.select(list(polars_schema(name))))
            log.info("writing %s rows to SQL table %s (ADBC)", frame.height, name)
            cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
            cursor.execute(str(CreateTable(model).compile(dialect=dialect)))
            if frame.height:
                cursor.adbc_ingest(name, frame.to_arrow(), mode="append")
        cursor.close()
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        conn.close()


def _adbc_available() -> bool:
    try:
        import adbc_driver_sqlite.dbapi  # noqa: F401
    except ImportError:
        return False
    return True


def write_sql_tables(engine: Engine, tables: Mapping[str, pl.DataFrame]) -> None:
    """Create (replacing) and fill ``tables`` in one transaction.

    Each frame must have the columns of its model; extra columns are an error.
    On failure nothing is left behind: the transaction is rolled back.
    """
    backend = engine.dialect.name
    models = [sql_table(name) for name in tables]
    database = engine.url.database
    if backend == "sqlite" and database not in (None, "", ":memory:") and _adbc_available():
        try:
            _write_sqlite_adbc(engine, tables)
        except Exception as exc:
            shown = redact_url(str(engine.url))
            raise DatabaseError(f"writing to {shown} failed: {exc}") from exc
        return
    try:
        with engine.begin() as conn:
            if backend == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for model in models:
                model.drop(conn, checkfirst=True)
                model.create(conn)
            raw = conn.connection.dbapi_connection
            for name, df in tables.items():
                frame = df.select(list(polars_schema(name)))
                log.info("writing %s rows to SQL table %s", frame.height, name)
                if backend == "postgresql":
                    _copy_postgres(raw, name, frame)
                    continue
                marks = ", ".join("?" if backend == "sqlite" else "%s" for _ in frame.columns)
                cols = ", ".join(f'"{c}"' for c in frame.columns)
                sql = f'INSERT INTO "{name}" ({cols}) VALUES ({marks})'
                cursor = raw.cursor()  # type: ignore[union-attr]
                try:
                    for rows in _chunks(frame):
                        cursor.executemany(sql, rows)
                finally:
                    cursor.close()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"writing to {redact_url(str(engine.url))} failed: {exc}") from exc


def read_sql_table(engine: Engine, name: str) -> pl.DataFrame:
    """Read table ``name`` back into polars with the world's schema."""
    schema = polars_schema(name)
    model = sql_table(name)
    with engine.connect() as conn:
        result = conn.execute(sa.select(model))
        rows = result.all()
    data: dict[str, list[Any]] = {c: [] for c in schema}
    for row in rows:
        for c, value in zip(schema, row, strict=True):
            data[c].append(value)
    for c, dtype in schema.items():
        if dtype == pl.Date:
            data[c] = [dt.date.fromisoformat(v) if isinstance(v, str) else v for v in data[c]]
    return pl.DataFrame(data, schema=schema)

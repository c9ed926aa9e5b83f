"""Writing a whole world: built in a staging directory, swapped into place under a lock."""

from __future__ import annotations

import datetime as dt
import logging
import platform
import shutil
import uuid
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy.engine import make_url

from schemas.atomic import atomic_write_bytes, clean_leftovers, install_dir, staging_dir
from schemas.db import (
    connect,
    drop_world_tables,
    redact_url,
    sqlite_url,
    storage_url,
    write_sql_tables,
)
from schemas.errors import DatabaseError, WorldError
from schemas.locks import path_lock
from schemas.manifest import (
    DatabaseInfo,
    Manifest,
    StageRecord,
    TableEntry,
    canonical_hash,
    file_sha256,
)
from schemas.ownership import MANIFEST, SQLITE_FILE, TABLES_DIR, check_replaceable
from schemas.paths import check_output_dir, ensure_parent, path_error
from schemas.progress import Progress
from schemas.sqlspace import Claim, SqlSpace, namespace_for
from schemas.tables import TABLES, polars_schema, sql_table
from schemas.world_open import World, open_world

__all__ = ["install_world", "library_versions", "write_world"]

log = logging.getLogger(__name__)


def library_versions() -> dict[str, str]:
    """Versions of Python and of every library that shapes a world's content."""
    out = {"python": platform.python_version()}
    for dist in (
        "interopsim",
        "polars",
        "numpy",
        "faker",
        "sqlalchemy",
        "pyarrow",
        "rapidfuzz",
        "pydantic",
        "pypinyin",
        "recordlinkage",
    ):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def _write_parquet(df: pl.DataFrame, path: Path) -> None:
    # Fixed options so that equal frames give byte-identical files.
    df.write_parquet(path, compression="zstd", statistics=True, row_group_size=512_000)


def _conform(name: str, df: pl.DataFrame) -> pl.DataFrame:
    """Check and order a frame's columns against its model; extra columns are allowed."""
    schema = polars_schema(name)
    nullable = {c.name for c in sql_table(name).columns if c.nullable and not c.primary_key}
    missing = [c for c in schema if c not in df.columns and c not in nullable]
    if missing:
        raise WorldError(f"table {name!r} lacks columns {missing}")
    df = df.with_columns(
        pl.lit(None, dtype=schema[c]).alias(c) for c in schema if c not in df.columns
    )
    extra = [c for c in df.columns if c not in schema]
    return df.select([pl.col(c).cast(t) for c, t in schema.items()] + [pl.col(c) for c in extra])


def _table_entry(name: str, df: pl.DataFrame, path: Path) -> TableEntry:
    return TableEntry(rows=df.height, sha256=file_sha256(path), file=f"{TABLES_DIR}/{name}.parquet")


def _write_table_files(
    staged: Path, tables: Mapping[str, pl.DataFrame], progress: Progress | None
) -> dict[str, TableEntry]:
    (staged / TABLES_DIR).mkdir()
    entries: dict[str, TableEntry] = {}
    for name, df in tables.items():
        if progress:
            progress(f"write {name}", 0, 1)
        path = staged / TABLES_DIR / f"{name}.parquet"
        _write_parquet(df, path)
        entries[name] = _table_entry(name, df, path)
    return entries


def _backend(url: str) -> str:
    return make_url(url).get_backend_name()


def _check_database_url(db_url: str, target: Path) -> None:
    stored = storage_url(db_url)
    if _backend(stored) == "sqlite":
        database = Path(str(make_url(stored).database))
        if database.is_relative_to(target):
            raise WorldError(
                f"the database {database} would be inside the world {target}; leave out "
                f"the database URL to keep the SQL copy in {target / SQLITE_FILE}"
            )


def _write_sql(
    staged: Path,
    target: Path,
    tables: Mapping[str, pl.DataFrame],
    entries: Mapping[str, TableEntry],
    db_url: str | None,
    world_id: str,
) -> DatabaseInfo:
    """Write the SQL copy: ``staged/world.sqlite``, or a new namespace of ``db_url``."""
    claim = Claim(world_id, str(target), {n: e.sha256 for n, e in entries.items()})
    if db_url is None:
        url, space, info = sqlite_url(staged / SQLITE_FILE), SqlSpace("sqlite"), DatabaseInfo()
    else:
        backend = _backend(db_url)
        space = SqlSpace(backend, namespace_for(target, world_id))
        url = db_url
        info = DatabaseInfo(url=storage_url(db_url), backend=backend, namespace=space.namespace)
    engine = connect(url)
    try:
        write_sql_tables(engine, tables, space=space, claim=claim)
    finally:
        engine.dispose()
    return info


def _drop_namespace(url: str, info: DatabaseInfo, world_id: str, why: str) -> None:
    """Drop world ``world_id``'s namespace; a warning (never an error) when it cannot."""
    if info.namespace is None or not world_id:
        return
    space = SqlSpace(info.backend, info.namespace)
    try:
        engine = connect(url)
        try:
            drop_world_tables(engine, space, world_id)
        finally:
            engine.dispose()
    except DatabaseError as exc:
        log.warning(
            "the tables of %s are left in %s (%s); drop them by hand",
            why,
            space.describe(redact_url(url)),
            exc,
        )


def _url_for(previous: DatabaseInfo, db_url: str | None) -> str | None:
    """The URL to reach a replaced world's database, with a password if we were given one."""
    if previous.url is None:
        return None
    if db_url is not None and storage_url(db_url) == previous.url:
        return db_url
    return previous.url


def _previous_world(target: Path) -> Manifest | None:
    try:
        occupied = target.is_dir() and any(target.iterdir())
    except OSError as exc:
        raise path_error(target, exc, "read") from exc
    return check_replaceable(target) if occupied else None


def write_world(
    out: Path,
    tables: Mapping[str, pl.DataFrame],
    *,
    seed: int,
    scenario: Mapping[str, Any],
    as_of: dt.date,
    generator: Mapping[str, Any] | None = None,
    stages: Mapping[str, StageRecord] | None = None,
    db_url: str | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> World:
    """Write a complete new world to ``out`` atomically and return it opened.

    ``scenario`` is the resolved scenario as JSON data (its hash is computed here);
    ``generator`` holds the generator's statistics, ``stages`` records of stages already
    run (for worlds built by hand in tests). With ``db_url`` the SQL tables go to a new
    namespace of that database instead of ``out/world.sqlite``. ``overwrite`` replaces
    a world that owns everything in ``out`` (and drops the SQL tables it wrote), never
    anything else. Holds ``out``'s lock; first clears what killed runs left beside it.
    """
    target = check_output_dir(out, overwrite)
    unknown = [n for n in tables if n not in TABLES]
    if unknown:
        raise WorldError(f"no model for tables {unknown}")
    if db_url is not None:
        _check_database_url(db_url, target)
    conformed = {name: _conform(name, df) for name, df in tables.items()}
    ensure_parent(target)
    with path_lock(target):
        clean_leftovers(target.parent)
        check_output_dir(target, overwrite)
        previous = _previous_world(target)
        try:
            _build_and_install(
                target, conformed, seed, scenario, as_of, generator, stages, db_url, progress
            )
        except OSError as exc:
            raise path_error(target, exc, "write the world") from exc
    if previous is not None:
        url = _url_for(previous.database, db_url)
        if url is not None:
            _drop_namespace(
                url, previous.database, previous.world_id, f"the replaced world {target}"
            )
    return open_world(out, db_url=db_url)


def _build_and_install(
    target: Path,
    tables: Mapping[str, pl.DataFrame],
    seed: int,
    scenario: Mapping[str, Any],
    as_of: dt.date,
    generator: Mapping[str, Any] | None,
    stages: Mapping[str, StageRecord] | None,
    db_url: str | None,
    progress: Progress | None,
) -> None:
    """Build the world in a staging directory beside ``target``, then swap it in."""
    world_id = uuid.uuid4().hex
    staged = staging_dir(target)
    database: DatabaseInfo | None = None
    try:
        entries = _write_table_files(staged, tables, progress)
        if progress:
            progress("write SQL", 0, 1)
        database = _write_sql(staged, target, tables, entries, db_url, world_id)
        manifest = Manifest(
            world_id=world_id,
            seed=seed,
            scenario=dict(scenario),
            scenario_hash=canonical_hash(dict(scenario)),
            as_of=as_of,
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            versions=library_versions(),
            database=database,
            tables=entries,
            generator=dict(generator or {}),
            stages=dict(stages or {}),
        )
        atomic_write_bytes(staged / MANIFEST, manifest.to_bytes())
        install_dir(staged, target)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        if database is not None and db_url is not None:
            _drop_namespace(db_url, database, world_id, "an unfinished world")
        raise


def install_world(
    built: Path | str, out: Path | str, *, overwrite: bool = False, db_url: str | None = None
) -> World:
    """Move the complete world ``built`` (made elsewhere) to ``out``, as :func:`write_world` does.

    For a command that builds a whole world in a staging directory of its own (made with
    :func:`schemas.atomic.staging_dir` beside ``out``, so that a killed run's leftovers are
    found) and then publishes it: holds ``out``'s lock, replaces only a world that owns
    everything in ``out`` (dropping the SQL tables it wrote), and swaps in one step.
    Interrupts during the swap are held until it is complete. ``db_url`` is the database
    URL of this session (with its password), used to drop a replaced world's tables.
    """
    source = open_world(built, db_url=db_url, check_database=False)
    target = check_output_dir(out, overwrite)
    ensure_parent(target)
    with path_lock(target):
        clean_leftovers(target.parent)
        check_output_dir(target, overwrite)
        previous = _previous_world(target)
        try:
            install_dir(source.path, target)
        except OSError as exc:
            raise path_error(target, exc, "write the world") from exc
    if previous is not None:
        url = _url_for(previous.database, source.db_override)
        if url is not None:
            why = f"the replaced world {target}"
            _drop_namespace(url, previous.database, previous.world_id, why)
    return open_world(out, db_url=db_url)

"""The world directory: the output contract between the layers.

```
DIR/manifest.json          world id, seed, scenario, versions, row counts, content hashes
DIR/tables/<table>.parquet one file per table
DIR/world.sqlite           the same tables in SQL (unless another database was named)
DIR/report/...             files later stages wrote (recorded in the manifest)
```

Writes are atomic and locked (:mod:`schemas.locks`): a new world is built in a hidden
staging directory beside ``DIR`` and swapped into place in one step
(:mod:`schemas.atomic`), replacing only a world that owns everything in ``DIR``
(:mod:`schemas.ownership`). Tables added to an existing world are written under
temporary names; they, the manifest and the SQL transaction are committed together at
the end. Opening a world checks it against its manifest (:mod:`schemas.integrity`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import platform
import shutil
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import JsonValue

from schemas.atomic import atomic_write_bytes, clean_leftovers, install_dir
from schemas.atomic import staging_dir as _staging_dir
from schemas.db import (
    connect,
    drop_world_tables,
    redact_url,
    sqlite_url,
    storage_url,
    write_sql_tables,
)
from schemas.errors import DatabaseError, WorldError
from schemas.integrity import check_sql_copy, check_tables
from schemas.locks import path_lock
from schemas.manifest import (
    FORMAT,
    FORMAT_VERSION,
    DatabaseInfo,
    FileEntry,
    Manifest,
    StageRecord,
    TableEntry,
    canonical_hash,
)
from schemas.ownership import MANIFEST, SQLITE_FILE, TABLES_DIR, check_replaceable, is_recorded
from schemas.paths import check_input_dir, check_output_dir, ensure_parent, path_error
from schemas.progress import Progress
from schemas.sqlspace import Claim, SqlSpace, namespace_for
from schemas.tables import TABLES, polars_schema, sql_table

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "SQLITE_FILE",
    "World",
    "add_tables",
    "check_output_dir",
    "file_sha256",
    "install_world",
    "library_versions",
    "open_world",
    "reading",
    "record_files",
    "write_world",
    "writing",
]

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


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


@dataclass(frozen=True)
class World:
    """An opened, validated world directory.

    ``db_override`` is a database URL given for this session (for example with the
    password the manifest never stores); it is not shown in the world's ``repr``.
    """

    path: Path
    manifest: Manifest
    db_override: str | None = field(default=None, repr=False, compare=False)

    @property
    def tables_dir(self) -> Path:
        return self.path / TABLES_DIR

    @property
    def world_id(self) -> str:
        """The random identity given to the world when it was written."""
        return self.manifest.world_id

    @property
    def seed(self) -> int:
        """The seed the world was generated with."""
        return self.manifest.seed

    @property
    def as_of(self) -> dt.date:
        """The date at which the world is observed (the scenario's ``world.as_of``)."""
        return self.manifest.as_of

    @property
    def scenario_hash(self) -> str:
        """SHA-256 of the resolved scenario the world was generated from."""
        return self.manifest.scenario_hash

    @property
    def db_url(self) -> str:
        """The SQL database of this world (the local SQLite file unless another was named)."""
        if self.db_override:
            return self.db_override
        url = self.manifest.database.url
        return url if url else sqlite_url(self.path / SQLITE_FILE)

    @property
    def sql_space(self) -> SqlSpace:
        """Where this world's tables are in :attr:`db_url` (schema, prefix or own file)."""
        return SqlSpace(self.manifest.database.backend, self.manifest.database.namespace)

    def stage(self, name: str) -> StageRecord | None:
        """The record of stage ``name`` (e.g. ``"link"``) if it ran over this world."""
        return self.manifest.stages.get(name)

    def has_table(self, name: str) -> bool:
        return name in self.manifest.tables

    def table_path(self, name: str) -> Path:
        if not self.has_table(name):
            raise WorldError(f"world {self.path} has no table {name!r}")
        return self.tables_dir / f"{name}.parquet"

    def scan(self, name: str) -> pl.LazyFrame:
        """Lazily scan table ``name``."""
        return pl.scan_parquet(self.table_path(name))

    def table(self, name: str) -> pl.DataFrame:
        """Read table ``name``."""
        try:
            return pl.read_parquet(self.table_path(name))
        except (OSError, pl.exceptions.ComputeError) as exc:
            raise WorldError(f"table {name!r} of {self.path} cannot be read: {exc}") from exc

    def owns_file(self, path: Path) -> bool:
        """Whether ``path`` is a file a stage recorded in this world, unchanged since."""
        return is_recorded(self.path, self.manifest, path)


def _read_manifest(root: Path) -> Manifest:
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        raise WorldError(f"{root} is not a world directory (no {MANIFEST})")
    try:
        data = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise WorldError(f"{manifest_path} is corrupt: {exc}") from exc
    return Manifest.from_json(data, str(root))


def open_world(
    path: Path | str,
    *,
    verify: bool = False,
    db_url: str | None = None,
    check_database: bool = True,
) -> World:
    """Open the world directory at ``path`` and check it against its manifest.

    Always: the manifest, the table names, files and row counts, and (with
    ``check_database``) that the SQL copy holds this world's tables at the recorded
    hashes. With ``verify`` also every table's SHA-256 and the SQL row counts.
    ``db_url`` overrides the stored database URL for this session (a URL with the
    password, since the manifest stores none). Raises :class:`WorldError` naming the
    table or file on any mismatch, :class:`DatabaseError` when the database is down.
    """
    root = Path(path)
    checked = check_input_dir(root)
    manifest = _read_manifest(root)
    if db_url is not None and manifest.database.url is None:
        raise WorldError(
            f"{root} keeps its SQL copy in its own {SQLITE_FILE}; do not give a database URL"
        )
    check_tables(checked, manifest, verify=verify)
    if check_database:
        check_sql_copy(checked, manifest, db_url, verify=verify)
    return World(path=root, manifest=manifest, db_override=db_url)


@contextlib.contextmanager
def reading(path: Path | str, *, timeout: float = 0.0) -> Iterator[None]:
    """Hold the shared lock of the world at ``path``: no writer changes it meanwhile."""
    with path_lock(path, shared=True, timeout=timeout):
        yield


@contextlib.contextmanager
def writing(path: Path | str, *, timeout: float = 0.0) -> Iterator[None]:
    """Hold the exclusive lock of the world (or output) at ``path``."""
    with path_lock(path, timeout=timeout):
        yield


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
    from sqlalchemy.engine import make_url

    return make_url(url).get_backend_name()


def _check_database_url(db_url: str, target: Path) -> None:
    stored = storage_url(db_url)
    if _backend(stored) == "sqlite":
        from sqlalchemy.engine import make_url

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
    staged = _staging_dir(target)
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


def install_world(built: Path | str, out: Path | str, *, overwrite: bool = False) -> World:
    """Move the complete world ``built`` (made elsewhere) to ``out``, as :func:`write_world` does.

    For a command that builds a whole world in a staging directory of its own (made with
    :func:`schemas.atomic.staging_dir` beside ``out``, so that a killed run's leftovers are
    found) and then publishes it: holds ``out``'s lock, replaces only a world that owns
    everything in ``out`` (dropping the SQL tables it wrote), and swaps in one step.
    Interrupts during the swap are held until it is complete.
    """
    source = open_world(built, check_database=False)
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
    return open_world(out)


def _stage_record(
    stage: str,
    seed: int | None,
    parameters: Mapping[str, JsonValue] | None,
    summary: Mapping[str, JsonValue] | None,
    entries: Mapping[str, TableEntry],
) -> StageRecord:
    params = dict(parameters or {})
    run_id = canonical_hash(
        {
            "stage": stage,
            "seed": seed,
            "parameters": params,
            "tables": {n: e.sha256 for n, e in sorted(entries.items())},
        }
    )[:16]
    return StageRecord(
        run_id=run_id,
        finished_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        seed=seed,
        parameters=params,
        summary=dict(summary or {}),
    )


def _clear_tmp_tables(world: World) -> None:
    """Remove table files a killed stage left under temporary names (we hold the lock)."""
    with contextlib.suppress(OSError):
        for leftover in world.tables_dir.glob(".*.parquet.*.tmp"):
            leftover.unlink(missing_ok=True)


class _FileCommit:
    """Renames staged table files over the old ones and replaces the manifest; undoable."""

    def __init__(self, world: World, staged: list[tuple[Path, Path]], manifest: Manifest) -> None:
        self.world, self.staged, self.manifest = world, staged, manifest
        self.backups: list[tuple[Path, Path]] = []
        self.created: list[Path] = []
        self.old_manifest = (world.path / MANIFEST).read_bytes()
        self.started = False

    def __call__(self) -> None:
        self.started = True
        for tmp, final in self.staged:
            if final.exists():
                backup = final.with_name(f".{final.name}.{os.getpid()}.bak.tmp")
                os.link(final, backup)
                self.backups.append((backup, final))
            else:
                self.created.append(final)
            tmp.replace(final)
        atomic_write_bytes(self.world.path / MANIFEST, self.manifest.to_bytes())

    def undo(self) -> None:
        if not self.started:
            return
        with contextlib.suppress(OSError):
            atomic_write_bytes(self.world.path / MANIFEST, self.old_manifest)
        for backup, final in self.backups:
            with contextlib.suppress(OSError):
                backup.replace(final)
        for final in self.created:
            final.unlink(missing_ok=True)

    def finish(self) -> None:
        for backup, _ in self.backups:
            backup.unlink(missing_ok=True)


def add_tables(
    world: World,
    tables: Mapping[str, pl.DataFrame],
    stage: str,
    *,
    seed: int | None = None,
    parameters: Mapping[str, JsonValue] | None = None,
    summary: Mapping[str, JsonValue] | None = None,
    db_url: str | None = None,
) -> World:
    """Add (or replace) ``tables`` in an existing world and record ``stage`` in its manifest.

    Holds the world's lock. Parquet files are written under temporary names; the SQL
    tables are written in one transaction (only tables this world wrote are replaced);
    the file renames and the new manifest are committed last inside that transaction,
    so a failure or an interrupt leaves the world as it was. The stage's ``run_id``
    hashes its parameters and the new tables' hashes. ``db_url`` is the database URL
    to use for this session (with a password); it defaults to the one ``world`` was
    opened with.
    """
    override = db_url or world.db_override
    with path_lock(world.path):
        current = open_world(world.path, db_url=override, check_database=False)
        if current.world_id != world.world_id:
            raise WorldError(
                f"{world.path} was replaced by another world meanwhile; run {stage} again"
            )
        try:
            return _add_locked(current, tables, stage, seed, parameters, summary, override)
        except OSError as exc:
            raise path_error(world.path, exc, f"add the {stage} tables to") from exc


def _add_locked(
    world: World,
    tables: Mapping[str, pl.DataFrame],
    stage: str,
    seed: int | None,
    parameters: Mapping[str, JsonValue] | None,
    summary: Mapping[str, JsonValue] | None,
    override: str | None,
) -> World:
    _clear_tmp_tables(world)
    conformed = {name: _conform(name, df) for name, df in tables.items()}
    staged: list[tuple[Path, Path]] = []
    entries: dict[str, TableEntry] = {}
    try:
        for name, df in conformed.items():
            final = world.tables_dir / f"{name}.parquet"
            tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
            staged.append((tmp, final))
            _write_parquet(df, tmp)
            entries[name] = _table_entry(name, df, tmp)
        record = _stage_record(stage, seed, parameters, summary, entries)
        manifest = world.manifest.with_stage(stage, record, entries)
        commit = _FileCommit(world, staged, manifest)
        _write_stage_sql(world, conformed, manifest, commit)
        commit.finish()
        staged.clear()
    finally:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return open_world(world.path, db_url=override)


def _write_stage_sql(
    world: World, tables: Mapping[str, pl.DataFrame], manifest: Manifest, commit: _FileCommit
) -> None:
    if world.manifest.database.url is None:
        check_sql_copy(world.path, world.manifest.model_copy(update={"tables": {}}), None)
    # A world written before markers existed owns the tables its manifest lists.
    legacy = frozenset(world.manifest.tables) if not world.world_id else frozenset()
    claim = Claim(
        world.world_id,
        str(world.path.resolve()),
        {n: e.sha256 for n, e in manifest.tables.items()},
        existing=True,
        legacy=legacy,
    )
    engine = connect(world.db_url)
    try:
        write_sql_tables(engine, tables, space=world.sql_space, claim=claim, before_commit=commit)
    except BaseException:
        commit.undo()
        raise
    finally:
        engine.dispose()


def record_files(world: World, paths: Iterable[Path], *, stage: str) -> World:
    """Record files a stage wrote inside ``world`` (with their SHA-256) in its manifest.

    Recorded files are the world's own: ``--overwrite`` may replace them (unless edited
    since), and :meth:`World.owns_file` tells a command that it may overwrite one.
    Listed files that no longer exist are forgotten. Holds the world's lock.
    """
    root = world.path.resolve()
    with path_lock(world.path):
        current = open_world(world.path, db_url=world.db_override, check_database=False)
        entries: dict[str, FileEntry] = {}
        for path in paths:
            absolute = Path(path).resolve()
            if not absolute.is_relative_to(root) or absolute == root:
                raise WorldError(f"{path} is not inside the world {world.path}")
            rel = absolute.relative_to(root).as_posix()
            if rel == MANIFEST or rel.startswith(f"{TABLES_DIR}/") or rel.startswith(SQLITE_FILE):
                raise WorldError(f"{rel} is part of the world itself, not a stage's file")
            try:
                entries[rel] = FileEntry(sha256=file_sha256(absolute), stage=stage)
            except OSError as exc:
                raise path_error(absolute, exc, "read") from exc
        gone = frozenset(r for r in current.manifest.files if not (root / r).exists())
        manifest = current.manifest.with_files(entries, gone)
        atomic_write_bytes(world.path / MANIFEST, manifest.to_bytes())
    return open_world(world.path, db_url=world.db_override, check_database=False)

"""The world directory: the output contract between the layers.

```
DIR/manifest.json          seed, scenario, versions, row counts, content hashes
DIR/tables/<table>.parquet one file per table
DIR/world.sqlite           the same tables in SQL (unless another database was named)
```

Writes are atomic: a new world is built in a temporary sibling directory and renamed
into place; tables added to an existing world are written to temporary files and
renamed, then the manifest is replaced last.
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
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import JsonValue

from schemas.db import connect, redact_url, sqlite_url, write_sql_tables
from schemas.errors import WorldError
from schemas.manifest import (
    FORMAT,
    FORMAT_VERSION,
    DatabaseInfo,
    Manifest,
    StageRecord,
    TableEntry,
    canonical_hash,
)
from schemas.progress import Progress
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
    "library_versions",
    "open_world",
    "write_world",
]

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
SQLITE_FILE = "world.sqlite"
TABLES_DIR = "tables"


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
    """An opened, validated world directory."""

    path: Path
    manifest: Manifest

    @property
    def tables_dir(self) -> Path:
        return self.path / TABLES_DIR

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
        url = self.manifest.database.url
        return url if url else sqlite_url(self.path / SQLITE_FILE)

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


def open_world(path: Path | str) -> World:
    """Open and validate the world directory at ``path``.

    Raises :class:`WorldError` for a missing directory, a missing or unreadable
    manifest, a foreign format or missing table files.
    """
    root = Path(path)
    if not root.is_dir():
        raise WorldError(f"{root} is not a world directory (it does not exist)")
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        raise WorldError(f"{root} is not a world directory (no {MANIFEST})")
    try:
        data = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WorldError(f"{manifest_path} is corrupt: {exc}") from exc
    manifest = Manifest.from_json(data, str(root))
    for name in manifest.tables:
        if not (root / TABLES_DIR / f"{name}.parquet").is_file():
            raise WorldError(f"{root} is corrupt: table file tables/{name}.parquet is missing")
    return World(path=root, manifest=manifest)


def check_output_dir(out: Path, overwrite: bool) -> None:
    """Refuse an ``--out`` that would clobber something.

    A missing or empty directory is fine; an existing world needs ``overwrite``; anything
    else (a file, a directory that is not an interopsim world) is never overwritten.
    """
    if not out.exists():
        return
    if not out.is_dir():
        raise WorldError(f"{out} exists and is not a directory; choose another --out")
    if not any(out.iterdir()):
        return
    if not overwrite:
        raise WorldError(f"{out} already exists; choose another --out or pass --overwrite")
    try:
        open_world(out)
    except WorldError:
        raise WorldError(
            f"refusing to overwrite {out}: it is not an interopsim world directory"
        ) from None


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _table_entry(name: str, df: pl.DataFrame, path: Path) -> TableEntry:
    return TableEntry(rows=df.height, sha256=file_sha256(path), file=f"{TABLES_DIR}/{name}.parquet")


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
    run (for worlds built by hand in tests). The format, versions, row counts, table
    hashes and creation time are added here. With ``db_url`` the SQL tables go to that
    database instead of ``out/world.sqlite``.
    """
    out = Path(out)
    check_output_dir(out, overwrite)
    if out.is_dir() and not any(out.iterdir()):
        out.rmdir()
    unknown = [n for n in tables if n not in TABLES]
    if unknown:
        raise WorldError(f"no model for tables {unknown}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial"))
    try:
        (tmp / TABLES_DIR).mkdir()
        entries: dict[str, TableEntry] = {}
        conformed = {name: _conform(name, df) for name, df in tables.items()}
        for name, df in conformed.items():
            if progress:
                progress(f"write {name}", 0, 1)
            path = tmp / TABLES_DIR / f"{name}.parquet"
            _write_parquet(df, path)
            entries[name] = _table_entry(name, df, path)
        url = db_url or sqlite_url(tmp / SQLITE_FILE)
        if progress:
            progress("write SQL", 0, 1)
        engine = connect(url)
        try:
            write_sql_tables(engine, conformed)
        finally:
            engine.dispose()
        full = Manifest(
            seed=seed,
            scenario=dict(scenario),
            scenario_hash=canonical_hash(dict(scenario)),
            as_of=as_of,
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            versions=library_versions(),
            database=DatabaseInfo(
                url=redact_url(db_url) if db_url else None,
                backend="sqlite" if db_url is None else url.split(":", 1)[0],
            ),
            tables=entries,
            generator=dict(generator or {}),
            stages=dict(stages or {}),
        )
        _atomic_write_bytes(tmp / MANIFEST, full.to_bytes())
        if out.exists():
            trash = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(trash)
            tmp.rename(out)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return open_world(out)


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

    Parquet files are written under temporary names and renamed only after the SQL
    write succeeded; the manifest is replaced last, so a failure leaves the world as
    it was. The stage's ``run_id`` hashes its parameters and the new tables' hashes.
    """
    staged: list[tuple[Path, Path]] = []
    entries: dict[str, TableEntry] = {}
    try:
        conformed = {name: _conform(name, df) for name, df in tables.items()}
        for name, df in conformed.items():
            final = world.tables_dir / f"{name}.parquet"
            tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
            _write_parquet(df, tmp)
            staged.append((tmp, final))
            entries[name] = _table_entry(name, df, tmp)
        engine = connect(db_url or world.db_url)
        try:
            write_sql_tables(engine, conformed)
        finally:
            engine.dispose()
        for tmp, final in staged:
            tmp.replace(final)
        staged.clear()
    finally:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
    params = dict(parameters or {})
    record = StageRecord(
        run_id=canonical_hash(
            {
                "stage": stage,
                "seed": seed,
                "parameters": params,
                "tables": {n: e.sha256 for n, e in sorted(entries.items())},
            }
        )[:16],
        finished_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        seed=seed,
        parameters=params,
        summary=dict(summary or {}),
    )
    manifest = world.manifest.with_stage(stage, record, entries)
    _atomic_write_bytes(world.path / MANIFEST, manifest.to_bytes())
    return open_world(world.path)

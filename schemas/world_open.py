"""Opening a world directory: the :class:`World` handle and its checks on read."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from schemas.db import sqlite_url
from schemas.errors import WorldError
from schemas.integrity import check_sql_copy, check_tables
from schemas.locks import path_lock
from schemas.manifest import Manifest, StageRecord
from schemas.ownership import MANIFEST, SQLITE_FILE, TABLES_DIR, is_recorded
from schemas.paths import check_input_dir, path_error
from schemas.sqlspace import SqlSpace

__all__ = ["World", "open_world", "reading", "writing"]

log = logging.getLogger(__name__)


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
        text = manifest_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise path_error(manifest_path, exc, "read") from exc
    except UnicodeDecodeError as exc:
        raise WorldError(f"{manifest_path} is corrupt: {exc}") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
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
    try:
        checked = check_input_dir(root)
        manifest = _read_manifest(root)
        if db_url is not None and manifest.database.url is None:
            raise WorldError(
                f"{root} keeps its SQL copy in its own {SQLITE_FILE}; do not give a database URL"
            )
        check_tables(checked, manifest, verify=verify)
        if check_database:
            check_sql_copy(checked, manifest, db_url, verify=verify)
    except OSError as exc:
        raise path_error(root, exc, "read the world") from exc
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

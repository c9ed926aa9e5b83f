"""Adding a stage's tables and files to an existing world, committed all together."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import polars as pl
from pydantic import JsonValue

from schemas.atomic import atomic_write_bytes, clean_world_leftovers
from schemas.db import connect, write_sql_tables
from schemas.errors import WorldError
from schemas.integrity import check_sql_copy
from schemas.locks import path_lock
from schemas.manifest import (
    FileEntry,
    Manifest,
    StageRecord,
    TableEntry,
    canonical_hash,
    file_sha256,
)
from schemas.ownership import MANIFEST, SQLITE_FILE, TABLES_DIR
from schemas.paths import path_error
from schemas.sqlspace import Claim
from schemas.world_open import World, open_world
from schemas.world_write import _conform, _table_entry, _write_parquet

__all__ = ["add_tables", "record_files"]


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
    clean_world_leftovers(world.path)  # what a killed stage left (we hold the lock)
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


def record_files(
    world: World,
    paths: Iterable[Path],
    *,
    stage: str,
    staged: Mapping[Path, Path] | None = None,
) -> World:
    """Record files a stage wrote inside ``world`` (with their SHA-256) in its manifest.

    Recorded files are the world's own: ``--overwrite`` may replace them (unless edited
    since), and :meth:`World.owns_file` tells a command that it may overwrite one.
    Listed files that no longer exist are forgotten. Holds the world's lock.

    ``staged`` (final path: the staged file about to be moved there) records files before
    a swap: each final path gets the staged file's SHA-256 and keeps the one recorded for
    it so far as ``replaces``, so that either version counts as the world's own until the
    swap is done and recorded again (a run killed mid-swap leaves no foreign file).
    """
    root = world.path.resolve()
    sources = {Path(p): Path(p) for p in paths} | dict(staged or {})
    with path_lock(world.path):
        if staged is None:  # a staged swap's own staging directory is not a leftover
            clean_world_leftovers(world.path)
        current = open_world(world.path, db_url=world.db_override, check_database=False)
        entries: dict[str, FileEntry] = {}
        for path, source in sources.items():
            rel = _world_file(root, world.path, path)
            pending = staged is not None and path in staged
            try:
                sha = file_sha256(source)
                # the version on disk now, when it is the world's own (checked by its hash)
                old = file_sha256(path) if pending and current.owns_file(path) else None
            except OSError as exc:
                raise path_error(source, exc, "read") from exc
            entries[rel] = FileEntry(sha256=sha, stage=stage, replaces=old)
        gone = frozenset(
            r for r in current.manifest.files if not (root / r).exists() and r not in entries
        )
        manifest = current.manifest.with_files(entries, gone)
        atomic_write_bytes(world.path / MANIFEST, manifest.to_bytes())
    return open_world(world.path, db_url=world.db_override, check_database=False)


def _world_file(root: Path, world_path: Path, path: Path) -> str:
    """``path`` relative to the world's ``root``, refused when it is not a stage's file."""
    absolute = Path(path).resolve()
    if not absolute.is_relative_to(root) or absolute == root:
        raise WorldError(f"{path} is not inside the world {world_path}")
    rel = absolute.relative_to(root).as_posix()
    if rel == MANIFEST or rel.startswith(f"{TABLES_DIR}/") or rel.startswith(SQLITE_FILE):
        raise WorldError(f"{rel} is part of the world itself, not a stage's file")
    return rel

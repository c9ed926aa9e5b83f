"""Which files inside a world directory belong to the world, and may be replaced.

A world owns exactly what its manifest lists: ``manifest.json``, ``tables/<name>.parquet``
for each table, its own ``world.sqlite`` (when the SQL copy lives there) and the files its
stages recorded (report pages, ``metrics.json``), plus the hidden temporary files that
interopsim's own atomic writes leave behind when killed. Anything else (a notebook, a
user's notes, a report page edited after it was written) is not the world's, so
``--overwrite`` refuses to replace the directory and names those files.

Worlds whose manifest records no files (written before stages recorded them) own the
standard report layout (``report/metrics.json``, ``report/index.html``,
``report/report.md``, ``report/figures/*.svg|png``) by name.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
from pathlib import Path, PurePosixPath

from schemas.errors import WorldError
from schemas.manifest import MANIFEST as MANIFEST  # re-exported: the name lives beside the model
from schemas.manifest import Manifest, file_sha256

__all__ = [
    "check_replaceable",
    "is_recorded",
    "killed_run_leftovers",
    "owned_entries",
    "remove_owned",
    "valid_relative",
]

log = logging.getLogger(__name__)

SQLITE_FILE = "world.sqlite"
TABLES_DIR = "tables"
REPORT_DIR = "report"
_SHOWN = 8

#: What a killed stage can leave inside a world (paths relative to it): temporary files
#: and half-written report directories, each made and replaced under the world's lock.
_KILLED_RUN_LEFTOVERS = tuple(
    re.compile(p)
    for p in (
        r"\.manifest\.json\.[a-z0-9_]{8}\.tmp",
        r"tables/\.[a-z_]+\.parquet\.\d+(\.bak)?\.tmp",
        r"tables/\.[a-z_]+\.parquet\.[a-z0-9_]{8}\.tmp",
        r"report/\.metrics\.json\.[a-z0-9_]{8}\.tmp",
        r"report/\.render-[a-z0-9_]{8}\.partial(/.*)?",
        r"report/\.figures-old-\d+(/.*)?",
    )
)
#: Hidden leftovers of interopsim's own atomic writes (paths relative to the world).
_OWN_LEFTOVERS = (
    *_KILLED_RUN_LEFTOVERS,
    re.compile(r"\.interopsim\.lock"),
    re.compile(r"\.interopsim-staging"),
)
#: The report layout owned by name when the manifest records no files.
_LEGACY_REPORT = re.compile(
    r"report/(metrics\.json|index\.html|report\.md|figures/[A-Za-z0-9_.-]+\.(svg|png))"
)


def valid_relative(name: str) -> bool:
    """Whether ``name`` is a plain relative path inside a world (no ``..``, not absolute)."""
    pure = PurePosixPath(name)
    return (
        bool(name)
        and "\\" not in name
        and not pure.is_absolute()
        and all(part not in ("", ".", "..") for part in name.split("/"))
    )


def _sha256(path: Path) -> str:
    return file_sha256(path)


def owned_entries(manifest: Manifest) -> set[str]:
    """The relative paths of the files the world's manifest says it owns."""
    owned = {MANIFEST}
    owned.update(f"{TABLES_DIR}/{name}.parquet" for name in manifest.tables)
    if manifest.database.url is None:
        owned.update(SQLITE_FILE + s for s in ("", "-journal", "-wal", "-shm"))
    owned.update(name for name in manifest.files if valid_relative(name))
    return owned


def _is_owned(rel: str, owned: set[str], legacy_report: bool) -> bool:
    if rel in owned or any(p.fullmatch(rel) for p in _OWN_LEFTOVERS):
        return True
    return legacy_report and _LEGACY_REPORT.fullmatch(rel) is not None


def _walk(root: Path) -> list[tuple[str, Path]]:
    """Every file (and symlink, and special file) under ``root``, relative, sorted."""
    found: list[tuple[str, Path]] = []
    try:
        for path in sorted(root.rglob("*")):
            if path.is_symlink() or not path.is_dir():
                found.append((path.relative_to(root).as_posix(), path))
    except OSError as exc:
        raise WorldError(f"cannot read {root}: {exc.strerror or exc}") from exc
    return found


def _read_manifest(root: Path) -> Manifest:
    path = root / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WorldError(
            f"refusing to overwrite {root}: it is not an interopsim world directory"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise WorldError(
            f"refusing to overwrite {root}: it is not an interopsim world directory "
            f"(its {MANIFEST} cannot be read: {exc})"
        ) from None
    try:
        return Manifest.from_json(data, str(root))
    except WorldError as exc:
        raise WorldError(
            f"refusing to overwrite {root}: it is not an interopsim world directory ({exc})"
        ) from None


def _foreign(root: Path, manifest: Manifest) -> tuple[list[str], list[str]]:
    """(files the world does not own, recorded files edited since they were written)."""
    owned = owned_entries(manifest)
    legacy = not manifest.files
    foreign, edited = [], []
    for rel, path in _walk(root):
        if path.is_symlink() or not _is_owned(rel, owned, legacy):
            foreign.append(rel)
        elif rel in manifest.files and _sha256(path) != manifest.files[rel].sha256:
            edited.append(rel)
    return foreign, edited


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    return shown + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")


def check_replaceable(root: Path) -> Manifest:
    """The manifest of the world at ``root`` if replacing it loses nothing of anyone's.

    Raises :class:`WorldError` when ``root`` is not a valid interopsim world, when it
    holds files its manifest does not list (naming them), or when a file a stage wrote
    was edited since (naming it).
    """
    manifest = _read_manifest(root)
    foreign, edited = _foreign(root, manifest)
    if foreign:
        raise WorldError(
            f"refusing to overwrite {root}: it holds files that are not part of its world: "
            f"{_listing(foreign)}; move them out first"
        )
    if edited:
        raise WorldError(
            f"refusing to overwrite {root}: files were edited after interopsim wrote them: "
            f"{_listing(edited)}; move them out first"
        )
    return manifest


def is_recorded(root: Path, manifest: Manifest, path: Path) -> bool:
    """Whether ``path`` is a file the world recorded and nobody has changed since."""
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return False
    entry = manifest.files.get(rel)
    if entry is None:
        return False
    try:
        return _sha256(path) in {entry.sha256, entry.replaces}
    except OSError:
        return False


def killed_run_leftovers(root: Path) -> list[Path]:
    """The temporary files and half-written report directories a killed stage left in
    the world at ``root`` (top-level entries only, symlinks never).

    Each is made and removed under the world's lock, so a caller holding that lock knows
    that no live process is still writing any of them.
    """
    found: list[Path] = []
    for directory in (root, root / TABLES_DIR, root / REPORT_DIR):
        try:
            entries = sorted(p for p in directory.iterdir() if p.name.startswith("."))
        except OSError:
            continue
        for entry in entries:
            rel = entry.relative_to(root).as_posix()
            if not entry.is_symlink() and any(p.fullmatch(rel) for p in _KILLED_RUN_LEFTOVERS):
                found.append(entry)
    return found


def _prune_empty_dirs(root: Path) -> None:
    for path in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.rmdir()
    with contextlib.suppress(OSError):
        root.rmdir()


def remove_owned(root: Path, keep_as: Path | None = None) -> Path | None:
    """Delete a replaced world's own files at ``root``; keep anything else.

    Only what :func:`owned_entries` lists (and interopsim's own leftovers) is deleted.
    When something else remains (a file a user added between the check and the swap),
    the directory is renamed to ``keep_as`` (when given) and its path returned, so that
    no user file is ever lost.
    """
    try:
        manifest = Manifest.model_validate_json((root / MANIFEST).read_bytes())
    except (OSError, ValueError):
        manifest = None
    if manifest is None:
        log.warning("left %s in place: it has no readable manifest", root)
        return root
    owned = owned_entries(manifest)
    for rel, path in _walk(root):
        if _is_owned(rel, owned, not manifest.files) and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.unlink()
    for rel, path in _walk(root):
        if any(p.fullmatch(rel) for p in _OWN_LEFTOVERS):
            shutil.rmtree(path, ignore_errors=True)
    _prune_empty_dirs(root)
    if not root.exists():
        return None
    if keep_as is not None:
        root.rename(keep_as)
        log.warning("files added to a replaced world were kept in %s", keep_as)
        return keep_as
    return root

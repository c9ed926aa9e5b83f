"""Advisory locks that keep two interopsim processes off one world or output path.

A writer holds an exclusive lock on the path it writes (``DIR`` of a world, or a single
output file), a reader a shared one. The lock is an ``flock`` on a hidden file beside the
path (``.NAME.lock`` in its parent); the kernel drops it when the process dies, so a
killed run never leaves a stale lock behind, and the file itself is removed by the last
holder. When the parent cannot hold a file (a read-only parent) the lock falls back to
``DIR/.interopsim.lock`` inside an existing directory, and a reader on read-only media
reads without a lock (nobody can write there either).

By default a busy path fails at once with :class:`~schemas.errors.WorldBusyError` naming
the process that holds it; ``timeout`` seconds make the caller wait first. Locks are
re-entrant within a process: a stage that already holds a world's lock may call a
function that takes it again.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from schemas.errors import WorldBusyError, WorldError

__all__ = ["INNER_LOCK", "lock_path", "path_lock"]

log = logging.getLogger(__name__)

#: The fallback lock file inside an existing directory whose parent is read-only.
INNER_LOCK = ".interopsim.lock"
_POLL_SECONDS = 0.05
_NO_ROOM = (errno.EACCES, errno.EPERM, errno.EROFS)


@dataclass
class _Held:
    fd: int
    file: Path
    shared: bool
    depth: int


_held: dict[Path, _Held] = {}
_guard = threading.Lock()


def lock_path(target: Path) -> Path:
    """The lock file that guards ``target`` (``.NAME.lock`` beside it)."""
    target = Path(os.path.abspath(target))  # noqa: PTH100 - resolve() follows links
    return target.with_name(f".{target.name}.lock")


def _holder(file: Path) -> str:
    try:
        text = file.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    return f" ({text})" if text else ""


def _open(file: Path) -> int:
    return os.open(file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)


def _same_file(fd: int, file: Path) -> bool:
    try:
        on_disk = file.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _acquire(file: Path, target: Path, shared: bool, timeout: float) -> int:
    """Lock ``file``; retried when its holder removed it while we waited."""
    deadline = time.monotonic() + max(timeout, 0.0)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    while True:
        fd = _open(file)
        try:
            while True:
                try:
                    fcntl.flock(fd, mode | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        what = "read" if shared else "written"
                        raise WorldBusyError(
                            f"{target} is in use by another interopsim process"
                            f"{_holder(file)}; it cannot be {what} until that one finishes "
                            "(try again later)"
                        ) from None
                    time.sleep(_POLL_SECONDS)
            if _same_file(fd, file):
                if not shared:
                    _describe_holder(fd)
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _describe_holder(fd: int) -> None:
    command = " ".join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv[:4]))
    note = f"pid {os.getpid()}: {command}".strip()
    os.ftruncate(fd, 0)
    os.pwrite(fd, note.encode("utf-8", errors="replace")[:200], 0)


def _release(held: _Held) -> None:
    try:
        if held.shared:
            # Only the last holder may remove the file; try to become the only one.
            try:
                fcntl.flock(held.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
        with contextlib.suppress(FileNotFoundError):
            if _same_file(held.fd, held.file):
                held.file.unlink()
    finally:
        os.close(held.fd)


def _candidates(target: Path) -> list[Path]:
    files = [lock_path(target)]
    if target.is_dir():
        files.append(target / INNER_LOCK)
    return files


def _take(target: Path, shared: bool, timeout: float) -> _Held | None:
    last: OSError | None = None
    for file in _candidates(target):
        try:
            return _Held(_acquire(file, target, shared, timeout), file, shared, 1)
        except OSError as exc:
            if exc.errno not in _NO_ROOM:
                raise WorldError(f"cannot lock {target}: {exc.strerror or exc}") from exc
            last = exc
    if shared:
        log.debug("reading %s without a lock (no place for a lock file)", target)
        return None
    reason = last.strerror if last is not None and last.strerror else "permission denied"
    raise WorldError(f"cannot lock {target}: its directory is not writable ({reason})")


@contextlib.contextmanager
def path_lock(target: Path | str, *, shared: bool = False, timeout: float = 0.0) -> Iterator[None]:
    """Hold the lock of ``target`` (exclusive, or ``shared`` for readers) for the block.

    Raises :class:`WorldBusyError` when another process holds a conflicting lock for
    longer than ``timeout`` seconds. Re-entrant in one process; asking for an exclusive
    lock while this process holds only a shared one is a programming error.
    """
    key = Path(os.path.realpath(target))
    with _guard:
        held = _held.get(key)
        if held is not None:
            if held.shared and not shared:
                raise RuntimeError(f"{key}: cannot take a write lock inside a read lock")
            held.depth += 1
    if held is None:
        taken = _take(key, shared, timeout)
        if taken is None:
            yield
            return
        with _guard:
            _held[key] = taken
        held = taken
    try:
        yield
    finally:
        with _guard:
            held.depth -= 1
            last = held.depth == 0
            if last:
                del _held[key]
        if last:
            _release(held)

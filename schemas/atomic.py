"""Atomic replacement of files and world directories, and the cleanup after killed runs.

A new world is built in a hidden staging directory beside its destination
(``.NAME.XXXXXXXX.partial``, marked by a ``.interopsim-staging`` file) and moved into place
by one rename, or, when a world is already there, by one atomic exchange of the two
directories (Linux ``renameat2(RENAME_EXCHANGE)``). Where the exchange is not available
the old world is first renamed to ``.NAME.XXXXXXXX.displaced``; if the process dies
before the new one is in place, the next run puts the old one back.

Interrupts (Ctrl-C, SIGTERM, SIGHUP) that arrive while the new world is being put in
place are held until the swap is complete and then dropped with a warning: the command
has finished, so it returns normally instead of reporting a failure over a world that
was in fact replaced. A SIGKILL cannot be held; what it leaves is a staging directory
that :func:`clean_leftovers` removes on the next run in the same parent directory.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import json
import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from schemas.errors import WorldBusyError
from schemas.locks import path_lock
from schemas.ownership import killed_run_leftovers, remove_owned

__all__ = [
    "STAGING_MARK",
    "atomic_write_bytes",
    "clean_leftovers",
    "clean_world_leftovers",
    "deferred_interrupts",
    "install_dir",
    "staging_dir",
]

log = logging.getLogger(__name__)

STAGING_MARK = ".interopsim-staging"
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.(?P<kind>partial|displaced)")
_LOCK_FILE = re.compile(r"\.(?P<name>.+)\.lock")
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
#: An unmarked staging directory this much older than now cannot be a live run's.
_UNMARKED_GRACE_SECONDS = 60.0


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _default_mode() -> int:
    return 0o666 & ~_umask()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a synced temporary file and one rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).chmod(_default_mode())  # mkstemp makes 0600; give the usual mode
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def staging_dir(target: Path) -> Path:
    """A new, marked staging directory beside ``target`` (same file system)."""
    staged = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial"))
    (staged / STAGING_MARK).write_text(f"{os.getpid()}\n", encoding="utf-8")
    staged.chmod(0o777 & ~_umask())  # mkdtemp makes 0700; a world gets the usual mode
    return staged


@contextlib.contextmanager
def deferred_interrupts(what: str) -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP while the block runs; then drop them with a warning.

    Used only around the few renames that commit a result, so that an interrupt cannot
    split a commit and a command that committed does not report failure. Outside the
    main thread (where handlers cannot be set) the block simply runs.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous = {s: signal.signal(s, hold) for s in _HELD_SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if received:
            names = ", ".join(sorted({signal.Signals(s).name for s in received}))
            log.warning(
                "%s received while %s; finished first, so the result is complete", names, what
            )


def _exchange(a: Path, b: Path) -> bool:
    """Swap the directories ``a`` and ``b`` atomically; False when the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _keep_name(target: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    return target.with_name(f"{target.name}.replaced-{stamp}")


def _sync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def install_dir(staged: Path, target: Path) -> None:
    """Put the complete directory ``staged`` at ``target``, replacing the world there.

    The caller holds ``target``'s lock and has checked (:func:`check_replaceable`) that
    whatever is at ``target`` may be replaced. Only the old world's own files are then
    deleted; anything else is kept under a ``NAME.replaced-TIME`` directory.
    """
    (staged / STAGING_MARK).unlink(missing_ok=True)
    with deferred_interrupts(f"putting {target} in place"):
        if target.is_dir() and not any(target.iterdir()):
            target.rmdir()
        if not os.path.lexists(target):
            staged.rename(target)
            _sync_dir(target.parent)
            return
        if _exchange(staged, target):
            old = staged
        else:
            old = staged.with_name(staged.name.removesuffix(".partial") + ".displaced")
            target.rename(old)
            try:
                staged.rename(target)
            except BaseException:
                old.rename(target)
                raise
        _sync_dir(target.parent)
        remove_owned(old, keep_as=_keep_name(target))


def _live_owner(entry: Path) -> bool:
    """Whether the process that made staging area ``entry`` is still running."""
    try:
        pid = int((entry / STAGING_MARK).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _ours(entry: Path) -> bool:
    if (entry / STAGING_MARK).is_file():
        return True
    try:
        data = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == "interopsim-world"


def _settle(entry: Path, target: Path, kind: str) -> str:
    if kind == "displaced" and not os.path.lexists(target):
        entry.rename(target)
        return f"restored the world {target} that an interrupted run had moved aside"
    if (entry / STAGING_MARK).is_file():
        shutil.rmtree(entry, ignore_errors=True)
        return f"removed {entry}, left by an interrupted run"
    kept = remove_owned(entry, keep_as=_keep_name(target))
    if kept is None:
        return f"removed {entry}, left by an interrupted run"
    return f"kept {kept}, left by an interrupted run with files that are not interopsim's"


def _unmarked(entry: Path, target: Path) -> str | None:
    """Settle a leftover-looking directory that carries no interopsim mark.

    Empty and older than a minute, it is what a run killed between making it and marking
    it left (removing an empty directory loses nothing); otherwise interopsim cannot prove
    it is its own, so it is only reported.
    """
    try:
        age = time.time() - entry.stat().st_mtime
        if age > _UNMARKED_GRACE_SECONDS and not any(entry.iterdir()):
            with path_lock(target):
                entry.rmdir()
            return f"removed {entry}, an empty directory left by an interrupted run"
    except WorldBusyError:
        return None  # a live run writes there; perhaps it is about to mark it
    except OSError:
        pass
    return (
        f"left {entry} in place: it looks like the staging directory of an interrupted "
        "interopsim run but has no interopsim mark; remove it if you do not need it"
    )


def clean_world_leftovers(root: Path) -> list[str]:
    """Remove what a killed stage left inside the world at ``root``; one message per item.

    The caller holds the world's lock, so nothing listed by
    :func:`schemas.ownership.killed_run_leftovers` (temporary table, manifest and metrics
    files, half-written report directories) is still being written by anyone.
    """
    done: list[str] = []
    for entry in killed_run_leftovers(root):
        try:
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            message = f"removed {entry}, left by an interrupted run"
        except OSError as exc:
            message = f"could not remove {entry} ({exc.strerror or exc}); remove it by hand"
        log.warning("%s", message)
        done.append(message)
    return done


def clean_leftovers(parent: Path) -> list[str]:
    """Remove (or restore) what killed runs left in ``parent``; one message per item.

    Only hidden ``.NAME.XXXXXXXX.partial`` / ``.displaced`` directories that interopsim
    made are touched, and only when no live process holds ``NAME``'s lock or is still
    building the staging area (its marker names the process). One that looks like them
    but carries no interopsim mark is reported (or removed when it is empty and more
    than a minute old). Lock files of killed processes (``.NAME.lock``, no longer
    locked) are removed too.
    """
    try:
        entries = sorted(parent.iterdir())
    except OSError:
        return []
    done: list[str] = []
    for entry in entries:
        lock = _LOCK_FILE.fullmatch(entry.name)
        if lock is not None and entry.is_file() and not entry.is_symlink():
            with contextlib.suppress(WorldBusyError, OSError), path_lock(parent / lock["name"]):
                pass  # a free lock file is removed by its last holder
            continue
        match = _LEFTOVER.fullmatch(entry.name)
        if match is None or entry.is_symlink() or not entry.is_dir():
            continue
        if not _ours(entry):
            unproven = _unmarked(entry, parent / match["name"])
            if unproven is not None:
                log.warning("%s", unproven)
                done.append(unproven)
            continue
        if _live_owner(entry):
            continue  # a run still building it (this very process, perhaps)
        target = parent / match["name"]
        try:
            with path_lock(target):
                message = _settle(entry, target, match["kind"])
        except WorldBusyError:
            continue
        except OSError as exc:
            message = f"could not remove {entry} ({exc.strerror or exc}); remove it by hand"
        log.warning("%s", message)
        done.append(message)
    return done

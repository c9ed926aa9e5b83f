"""Checks of the paths a command reads from or writes to.

Every problem with a path (a missing or unwritable parent, a special file system such as
``/proc``, a read-only mount, a dangling symlink, a file in the way, an output inside a
world) becomes one :class:`~schemas.errors.WorldError` that names the path, before any
work is done. Commands call :func:`check_output_dir` for a directory they will create or
replace, :func:`check_output_file` for a single file and :func:`check_input_dir` for a
directory they read.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from schemas.errors import WorldError

__all__ = [
    "check_input_dir",
    "check_output_dir",
    "check_output_file",
    "ensure_parent",
    "path_error",
]

#: File systems that hold kernel or device state, never user data.
_SPECIAL_FS = frozenset(
    {
        "autofs",
        "binfmt_misc",
        "bpf",
        "cgroup",
        "cgroup2",
        "configfs",
        "debugfs",
        "devpts",
        "devtmpfs",
        "efivarfs",
        "fusectl",
        "hugetlbfs",
        "mqueue",
        "nsfs",
        "proc",
        "pstore",
        "rpc_pipefs",
        "securityfs",
        "sysfs",
        "tracefs",
    }
)
#: Used when the mount table cannot be read.
_SPECIAL_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))
#: Room left in a file name for the hidden staging names made beside it.
_NAME_ROOM = 255 - len(".12345678.displaced") - 1


def path_error(path: Path, exc: OSError, doing: str) -> WorldError:
    """A :class:`WorldError` for ``exc`` met while ``doing`` something to ``path``."""
    reason = exc.strerror or type(exc).__name__
    where = exc.filename if isinstance(exc.filename, str) and exc.filename else path
    return WorldError(f"cannot {doing} {where}: {reason}")


P = ParamSpec("P")
R = TypeVar("R")


def _os_errors_named(doing: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Turn any ``OSError`` the decorated check meets into a :class:`WorldError`."""

    def wrap(check: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(check)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return check(*args, **kwargs)
            except OSError as exc:
                raise path_error(Path(str(args[0])), exc, doing) from exc

        return checked

    return wrap


def _absolute(path: Path | str) -> Path:
    """``path`` made absolute and normalised (``..`` folded) without following symlinks."""
    return Path(os.path.abspath(os.fspath(path)))  # noqa: PTH100 - resolve() follows links


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise path_error(path, exc, "look at") from exc


def _unescape_mount(field: str) -> str:
    """A mount point from ``/proc/self/mountinfo`` (spaces and the like are octal-escaped)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 3 < len(field) and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def _filesystem(path: Path) -> tuple[str, str] | None:
    """(mount point, file system type) of the mount holding ``path``, None when unknown."""
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    best: tuple[str, str] | None = None
    for line in lines:
        left, _, right = line.partition(" - ")
        fields, kinds = left.split(), right.split()
        if len(fields) < 5 or not kinds:
            continue
        mount = _unescape_mount(fields[4])
        if path.is_relative_to(mount) and (best is None or len(mount) >= len(best[0])):
            best = (mount, kinds[0])
    return best


def _check_not_special(path: Path, shown: str | None = None) -> None:
    """Refuse ``path`` on a kernel file system; the error names ``shown`` (default ``path``)."""
    found = _filesystem(path)
    name = shown or str(path)
    if found is not None and found[1] in _SPECIAL_FS:
        raise WorldError(
            f"{name} is on a {found[1]} file system ({found[0]}): it holds kernel state, "
            "not data; choose another path"
        )
    if found is None and any(path.is_relative_to(root) for root in _SPECIAL_ROOTS):
        raise WorldError(f"{name} is under a system directory; choose another path")


def _world_around(path: Path) -> Path | None:
    """The nearest proper ancestor of ``path`` that is an interopsim world, if any."""
    for ancestor in path.parents:
        manifest = ancestor / "manifest.json"
        try:
            if not manifest.is_file():
                continue
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if isinstance(data, dict) and data.get("format") == "interopsim-world":
            return ancestor
    return None


def _check_not_around_cwd(path: Path) -> None:
    try:
        cwd = Path.cwd()
    except OSError:
        return
    if cwd == path or cwd.is_relative_to(path):
        raise WorldError(
            f"{path} is the current directory or holds it; it cannot be replaced while in "
            "use; run the command from outside it or choose another path"
        )


def _nearest_existing(path: Path) -> Path:
    """The nearest ancestor of ``path`` that exists; a file in the way is an error."""
    for ancestor in path.parents:
        st = _lstat(ancestor)
        if st is None:
            continue
        if not ancestor.is_dir():
            raise WorldError(f"cannot create {path}: {_not_a_directory(ancestor)}")
        return ancestor
    return Path(path.anchor)


def _not_a_directory(path: Path) -> str:
    """Why ``path`` (which exists, at least as a link) cannot hold other files."""
    if not path.is_symlink():
        return f"{path} is a file, not a directory; choose another path"
    if not path.exists():
        return (
            f"{path} is a symlink to {path.readlink()}, which does not exist; "
            "remove the link or choose another path"
        )
    return (
        f"{path} is a symlink to {path.readlink()}, which is not a directory; choose another path"
    )


def _check_writable(directory: Path, target: Path) -> None:
    """Prove that files can be created in ``directory`` by creating (and removing) one.

    ``directory`` may be reached through symlinks: where it really is must not be a
    special file system either.
    """
    real = Path(os.path.realpath(directory))
    if real != directory:
        shown = f"cannot write {target}: {directory} leads to {real}, which"
        _check_not_special(real, shown=shown)
    try:
        fd, probe = tempfile.mkstemp(dir=directory, prefix=".interopsim-probe-")
    except OSError as exc:
        raise WorldError(
            f"cannot write {target}: {directory} is not writable ({exc.strerror or exc})"
        ) from exc
    os.close(fd)
    Path(probe).unlink(missing_ok=True)


def _follow_symlink(path: Path, *, want_dir: bool) -> Path:
    """The real path behind ``path`` when it is a symlink to a directory; errors otherwise."""
    target = Path(os.path.realpath(path))
    st = _lstat(target)
    if st is None:
        raise WorldError(
            f"{path} is a symlink to {path.readlink()}, which does not exist; "
            "remove the link or choose another path"
        )
    if not want_dir:
        raise WorldError(f"{path} is a symlink; give the path of the file itself")
    if not target.is_dir():
        raise WorldError(_not_a_directory(path))
    return target


def _check_name(path: Path) -> None:
    if not path.name:
        raise WorldError(f"{path} is not a directory that can be written; choose another path")
    if len(os.fsencode(path.name)) > _NAME_ROOM:
        raise WorldError(f"the name of {path} is too long; choose a shorter one")


def _prepare_dir_path(out: Path | str) -> Path:
    path = _absolute(out)
    st = _lstat(path)
    if st is not None and path.is_symlink():
        path = _follow_symlink(path, want_dir=True)
    _check_name(path)
    _check_not_special(path)
    world = _world_around(path)
    if world is not None:
        raise WorldError(
            f"{path} is inside the world {world}; choose a directory outside any world"
        )
    return path


@_os_errors_named("write")
def check_output_dir(out: Path | str, overwrite: bool) -> Path:
    """Check ``out`` as a world directory to create or replace; return its real path.

    A missing directory (whose nearest existing ancestor is a writable directory) or an
    empty one is fine. An existing non-empty directory needs ``overwrite`` and must be an
    interopsim world holding nothing but its own files (see
    :func:`schemas.ownership.check_replaceable`). A symlink to a directory is followed;
    anything else in the way is a :class:`WorldError` naming the path.
    """
    from schemas.ownership import check_replaceable

    path = _prepare_dir_path(out)
    st = _lstat(path)
    if st is None:
        _check_writable(_nearest_existing(path), path)
        return path
    if not path.is_dir():
        raise WorldError(f"{path} exists and is not a directory; choose another --out")
    try:
        occupied = any(path.iterdir())
    except OSError as exc:
        raise path_error(path, exc, "read") from exc
    _check_not_around_cwd(path)
    if occupied:
        if not overwrite:
            raise WorldError(f"{path} already exists; choose another --out or pass --overwrite")
        check_replaceable(path)
    _check_writable(path.parent, path)
    return path


@_os_errors_named("write")
def check_output_file(path: Path | str, *, ours: Callable[[Path], bool] | None = None) -> Path:
    """Check ``path`` as a file to write; return it absolute.

    An existing file is replaced only when ``ours(path)`` says interopsim wrote it (for
    example a metrics document, or a file listed in a world's manifest); a symlink, a
    directory or a file that is not ours is refused. The parent must be (or become) a
    writable directory on an ordinary file system.
    """
    target = _absolute(path)
    _check_name(target)
    st = _lstat(target)
    if st is not None and target.is_symlink():
        _follow_symlink(target, want_dir=False)
    _check_not_special(target)
    if st is not None:
        if target.is_dir():
            raise WorldError(f"{target} is a directory; give a file path")
        if ours is None or not ours(target):
            raise WorldError(
                f"{target} already exists and was not written by interopsim; "
                "choose another path (it is never overwritten)"
            )
        _check_writable(target.parent, target)
        return target
    _check_writable(_nearest_existing(target), target)
    return target


@_os_errors_named("read")
def check_input_dir(path: Path | str, what: str = "world directory") -> Path:
    """Check that ``path`` is a readable directory; return it absolute."""
    root = _absolute(path)
    if _lstat(root) is None:
        raise WorldError(f"{root} is not a {what} (it does not exist)")
    if root.is_symlink() and not root.exists():
        raise WorldError(f"{root} is a symlink to {root.readlink()}, which does not exist")
    if not root.is_dir():
        raise WorldError(f"{root} is not a {what} (it is a file)")
    if not os.access(root, os.R_OK | os.X_OK):
        raise WorldError(f"cannot read {root}: permission denied")
    return root


def ensure_parent(path: Path) -> None:
    """Create the missing parents of ``path``; a :class:`WorldError` naming it on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise path_error(path.parent, exc, "create") from exc

"""Every path problem is one WorldError naming the path, before any work is done."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from schemas.errors import WorldError
from schemas.paths import check_input_dir, check_output_dir, check_output_file
from schemas.world import open_world
from tests.schemas.tiny import hidden, tiny_world

_NOBODY = 65534


def _one_line(exc: pytest.ExceptionInfo[WorldError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_missing_parents_are_created(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "w"
    assert check_output_dir(out, overwrite=False) == out
    assert not (tmp_path / "a").exists()  # a check creates nothing
    assert tiny_world(out).manifest.tables["documents"].rows == 3


@pytest.mark.parametrize(
    ("make", "out", "fragment"),
    [
        (
            lambda d: (d / "afile.txt").write_text("x"),
            "afile.txt/w",
            "afile.txt is a file, not a directory",
        ),
        (lambda d: (d / "afile.txt").write_text("x"), "afile.txt/deeper/w", "afile.txt is a file"),
        (lambda d: (d / "w").write_text("x"), "w", "exists and is not a directory"),
        (lambda d: (d / "w").symlink_to(d / "gone"), "w", "is a symlink to"),
        (
            lambda d: ((d / "f").write_text(""), (d / "w").symlink_to(d / "f")),
            "w",
            "not a directory",
        ),
        (lambda d: None, "x" * 250, "too long"),
    ],
    ids=[
        "file-in-the-way",
        "file-deeper",
        "out-is-a-file",
        "dangling-link",
        "link-to-file",
        "long",
    ],
)
def test_bad_output_dirs(
    tmp_path: Path, make: Callable[[Path], object], out: str, fragment: str
) -> None:
    make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(WorldError) as info:
        tiny_world(tmp_path / out)
    message = _one_line(info)
    assert fragment in message
    assert str(tmp_path) in message
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    ("out", "fragment"),
    [
        ("/proc/interopsim-w", "proc file system"),
        ("/sys/w", "sysfs file system"),
        ("/proc", "proc"),
    ],
)
def test_special_file_systems(out: str, fragment: str) -> None:
    with pytest.raises(WorldError) as info:
        tiny_world(Path(out))
    assert fragment in _one_line(info)
    assert out in str(info.value)


def test_symlink_to_a_directory_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "w").symlink_to(real)
    tiny_world(tmp_path / "w")
    assert (tmp_path / "w").is_symlink()
    assert open_world(real).manifest.tables["documents"].rows == 3
    tiny_world(tmp_path / "w", rows=4, overwrite=True)
    assert (tmp_path / "w").is_symlink()
    assert open_world(real).manifest.tables["documents"].rows == 4


def test_out_dot_inside_a_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    world = tiny_world(tmp_path / "w")
    (world.path / "report").mkdir()
    monkeypatch.chdir(world.path / "report")
    with pytest.raises(WorldError) as info:
        tiny_world(Path())
    assert f"inside the world {world.path}" in _one_line(info)
    monkeypatch.chdir(world.path)
    with pytest.raises(WorldError) as info:
        tiny_world(Path(), overwrite=True)
    assert "current directory" in _one_line(info)
    assert open_world(world.path).manifest.tables["documents"].rows == 3


def test_out_dot_in_an_empty_directory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "w").mkdir()
    monkeypatch.chdir(tmp_path / "w")
    with pytest.raises(WorldError, match="current directory"):
        tiny_world(Path())


def test_read_only_file_system_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("schemas.paths.tempfile.mkstemp", read_only)
    with pytest.raises(WorldError) as info:
        check_output_dir(tmp_path / "w", overwrite=False)
    assert _one_line(info) == (
        f"cannot write {tmp_path / 'w'}: {tmp_path} is not writable (Read-only file system)"
    )


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory other users can reach (pytest's own tmp dirs are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="interopsim-perm-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for p in path.rglob("*"):
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(path)


def _as_unprivileged(check: Callable[[], object]) -> str:
    """Run ``check`` as an ordinary user; its WorldError message (or "ok")."""
    if os.geteuid() != 0:
        try:
            check()
        except WorldError as exc:
            return str(exc)
        return "ok"
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        os.close(read)
        outcome = "ok"
        try:
            os.setgid(_NOBODY)
            os.setuid(_NOBODY)
            check()
        except WorldError as exc:
            outcome = str(exc)
        except BaseException as exc:
            outcome = f"unexpected {type(exc).__name__}: {exc}"
        os.write(write, outcome.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        outcome = fh.read().decode()
    os.waitpid(pid, 0)
    return outcome


def test_no_permission_to_write(shared_dir: Path) -> None:
    locked = shared_dir / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    message = _as_unprivileged(lambda: check_output_dir(locked / "w", overwrite=False))
    assert message == f"cannot write {locked / 'w'}: {locked} is not writable (Permission denied)"
    message = _as_unprivileged(lambda: check_output_file(locked / "metrics.json"))
    assert "Permission denied" in message
    assert str(locked) in message


def test_no_permission_to_read(shared_dir: Path) -> None:
    world = tiny_world(shared_dir / "w")
    world.path.chmod(0o700)
    message = _as_unprivileged(lambda: check_input_dir(world.path))
    assert message == f"cannot read {world.path}: permission denied"


def test_output_files(tmp_path: Path) -> None:
    mine = tmp_path / "thesis.json"
    mine.write_text("{}", encoding="utf-8")
    with pytest.raises(WorldError, match="was not written by interopsim"):
        check_output_file(mine)
    with pytest.raises(WorldError, match="was not written by interopsim"):
        check_output_file(mine, ours=lambda p: False)
    assert check_output_file(mine, ours=lambda p: True) == mine
    assert check_output_file(tmp_path / "new" / "m.json") == tmp_path / "new" / "m.json"
    (tmp_path / "link.json").symlink_to(mine)
    with pytest.raises(WorldError, match="is a symlink"):
        check_output_file(tmp_path / "link.json", ours=lambda p: True)
    with pytest.raises(WorldError, match="is a directory"):
        check_output_file(tmp_path)
    with pytest.raises(WorldError, match=r"thesis\.json is a file"):
        check_output_file(mine / "m.json")
    with pytest.raises(WorldError, match="proc file system"):
        check_output_file("/proc/self/m.json")
    assert mine.read_text(encoding="utf-8") == "{}"
    assert hidden(tmp_path) == []


def test_input_dirs(tmp_path: Path) -> None:
    with pytest.raises(WorldError, match="does not exist"):
        check_input_dir(tmp_path / "nope")
    (tmp_path / "f").write_text("", encoding="utf-8")
    with pytest.raises(WorldError, match="it is a file"):
        open_world(tmp_path / "f")
    (tmp_path / "l").symlink_to(tmp_path / "gone")
    with pytest.raises(WorldError, match=r"is a symlink to .*gone"):
        open_world(tmp_path / "l")


def test_unreadable_parts_of_a_world(shared_dir: Path) -> None:
    world = tiny_world(shared_dir / "w")
    (world.path / "manifest.json").chmod(0o600)
    message = _as_unprivileged(lambda: open_world(world.path))
    assert message == f"cannot read {world.path / 'manifest.json'}: Permission denied"
    (world.path / "manifest.json").chmod(0o644)
    world.tables_dir.chmod(0o700)
    message = _as_unprivileged(lambda: open_world(world.path))
    assert message.startswith("cannot read")
    assert "Permission denied" in message
    assert str(world.tables_dir) in message

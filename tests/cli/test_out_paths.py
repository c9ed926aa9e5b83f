"""Every bad ``--out`` is one ``Error:`` line naming the path, exit 1, and nothing written.

The command-level face of :mod:`schemas.paths` (whose own tests cover the checks one by
one): special file systems, a read-only directory, dangling symlinks, a symlink to an
empty file, ``--out .`` inside a world and a file in the way, for the commands that write
a world directory (``generate``, ``run``) and the one that writes a file (``analyse``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.main import main
from tests.linkage.mid import tiny_world

_NOBODY = 65534
_DIR_COMMANDS = (["generate"], ["run"])


def _snapshot(root: Path) -> list[tuple[str, int]]:
    """Every entry under ``root`` (hidden ones too) with its size: what a command wrote."""
    out = []
    for p in sorted(root.rglob("*")):
        st = p.lstat()
        out.append((str(p.relative_to(root)), st.st_size if p.is_file() else 0))
    return out


def _refused(result: Result, *names: str) -> str:
    """The one error line of a refused command, checked; all ``names`` appear in it."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    (line,) = lines
    assert line.startswith("Error: ")
    assert "internal error" not in line
    for name in names:
        assert name in line
    return line


def _write_world(command: list[str], out: str, *extra: str) -> Result:
    args = [*command, "--persons", "5", "--seed", "1", "--out", out, "--quiet", *extra]
    return CliRunner().invoke(main, args)


def _dangling(d: Path) -> Path:
    (d / "w").symlink_to(d / "gone")
    return d / "w"


def _to_empty_file(d: Path) -> Path:
    (d / "empty").write_bytes(b"")
    (d / "w").symlink_to(d / "empty")
    return d / "w"


def _file_in_the_way(d: Path) -> Path:
    (d / "afile.txt").write_text("mine\n", encoding="utf-8")
    return d / "afile.txt" / "w"


def _link_into_proc(d: Path) -> Path:
    (d / "proc").symlink_to("/proc/self")
    return d / "proc" / "w"


@pytest.mark.parametrize("command", _DIR_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (_dangling, "which does not exist"),
        (_to_empty_file, "not a directory"),
        (_file_in_the_way, "afile.txt is a file, not a directory"),
        (lambda d: _dangling(d) / "deeper", "which does not exist"),
        (lambda d: _to_empty_file(d) / "deeper", "which is not a directory"),
        (_link_into_proc, "proc file system"),
    ],
    ids=[
        "dangling-symlink",
        "symlink-to-empty-file",
        "file-in-the-way",
        "beneath-a-dangling-symlink",
        "beneath-a-symlink-to-a-file",
        "via-symlink-into-proc",
    ],
)
def test_bad_world_outputs(
    tmp_path: Path, command: list[str], make: Callable[[Path], Path], fragment: str
) -> None:
    out = make(tmp_path)
    before = _snapshot(tmp_path)
    _refused(_write_world(command, str(out)), str(out), fragment)
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("command", _DIR_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize(
    ("out", "fragment"),
    [("/proc/interopsim-w", "proc file system"), ("/sys/interopsim-w", "sysfs file system")],
)
def test_special_file_systems(command: list[str], out: str, fragment: str) -> None:
    _refused(_write_world(command, out), out, fragment)
    assert not os.path.lexists(out)


@pytest.mark.parametrize("command", _DIR_COMMANDS, ids=lambda c: c[0])
def test_out_dot_inside_a_world(
    tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    world = tmp_path / "w"
    tiny_world.build(world)
    (world / "report").mkdir()
    before = _snapshot(tmp_path)
    monkeypatch.chdir(world / "report")
    _refused(_write_world(command, "."), f"{world / 'report'} is inside the world {world}")
    monkeypatch.chdir(world)
    _refused(_write_world(command, ".", "--overwrite"), str(world), "current directory")
    assert _snapshot(tmp_path) == before


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory an ordinary user can reach (pytest's tmp dirs are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="interopsim-out-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for p in path.rglob("*"):
            if p.is_dir() and not p.is_symlink():
                p.chmod(0o755)
        shutil.rmtree(path)


def _invoke_unprivileged(args: list[str]) -> tuple[int, str, str]:
    """``interopsim ARGS`` as an ordinary user: exit code, stdout, stderr.

    Root may write anywhere, so as root the command runs in a forked child that first
    becomes ``nobody``; the modules are already loaded, so the child needs no access to
    the source tree.
    """
    if os.geteuid() != 0:
        result = CliRunner().invoke(main, args)
        return result.exit_code, result.stdout, result.stderr
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        os.close(read)
        try:
            os.setgid(_NOBODY)
            os.setuid(_NOBODY)
            result = CliRunner().invoke(main, args)
            report = f"{result.exit_code}\0{result.stdout}\0{result.stderr}"
        except BaseException as exc:
            report = f"99\0\0unexpected {type(exc).__name__}: {exc}"
        os.write(write, report.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        report = fh.read().decode()
    os.waitpid(pid, 0)
    code, stdout, stderr = report.split("\0", 2)
    return int(code), stdout, stderr


def _refused_line(code: int, stdout: str, stderr: str, *names: str) -> None:
    assert code == 1, stderr
    assert stdout == ""
    assert "Traceback" not in stderr
    (line,) = stderr.splitlines()
    assert line.startswith("Error: ")
    for name in names:
        assert name in line


@pytest.mark.parametrize("command", _DIR_COMMANDS, ids=lambda c: c[0])
def test_read_only_directory(shared_dir: Path, command: list[str]) -> None:
    locked = shared_dir / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    out = locked / "w"
    args = [*command, "--persons", "5", "--seed", "1", "--out", str(out), "--quiet"]
    _refused_line(*_invoke_unprivileged(args), str(out), f"{locked} is not writable")
    assert list(locked.iterdir()) == []


@pytest.fixture
def world(tmp_path: Path) -> Path:
    path = tmp_path / "world"
    tiny_world.build(path)
    return path


def _analyse_to(world: Path, out: Path | str) -> Result:
    return CliRunner().invoke(main, ["analyse", str(world), "--out", str(out), "--quiet"])


def _user_file(d: Path) -> Path:
    (d / "thesis.json").write_text("{}", encoding="utf-8")
    return d / "thesis.json"


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (_dangling, "which does not exist"),
        (_to_empty_file, "is a symlink"),
        (_file_in_the_way, "afile.txt is a file, not a directory"),
        (_user_file, "was not written by interopsim"),
        (_link_into_proc, "proc file system"),
    ],
    ids=["dangling-symlink", "symlink-to-empty-file", "file-in-the-way", "user-file", "via-proc"],
)
def test_bad_metrics_outputs(
    world: Path, tmp_path: Path, make: Callable[[Path], Path], fragment: str
) -> None:
    out = make(tmp_path)
    before = _snapshot(tmp_path)
    _refused(_analyse_to(world, out), str(out), fragment)
    assert _snapshot(tmp_path) == before


def test_metrics_under_proc(world: Path, tmp_path: Path) -> None:
    before = _snapshot(tmp_path)
    _refused(_analyse_to(world, "/proc/self/m.json"), "/proc/self/m.json", "proc file system")
    assert _snapshot(tmp_path) == before


def test_metrics_in_a_read_only_directory(shared_dir: Path) -> None:
    world = shared_dir / "w"
    tiny_world.build(world)
    locked = shared_dir / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    out = locked / "m.json"
    args = ["analyse", str(world), "--out", str(out), "--quiet"]
    _refused_line(*_invoke_unprivileged(args), str(out), "Permission denied")
    assert list(locked.iterdir()) == []

"""One writer per world or output path: the second one fails clearly or waits (bounded)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from schemas.errors import WorldBusyError, WorldError
from schemas.locks import lock_path, path_lock
from schemas.world import open_world
from tests.schemas.tiny import hidden, tiny_world

_ROOT = str(Path(__file__).parents[2])
_HOLD = textwrap.dedent(
    """
    import sys
    from schemas.locks import path_lock
    with path_lock(sys.argv[1], shared=sys.argv[2] == "shared"):
        print("held", flush=True)
        sys.stdin.readline()
    """
)


@contextmanager
def _held_elsewhere(target: Path, mode: str = "exclusive") -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``target``'s lock until the block ends."""
    env = {**os.environ, "PYTHONPATH": _ROOT}
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(target), mode],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        proc.communicate(timeout=30)  # end of input lets it go; closes the pipes


def test_second_writer_fails_naming_the_holder(tmp_path: Path) -> None:
    out = tmp_path / "w"
    with _held_elsewhere(out) as holder, pytest.raises(WorldBusyError) as info:
        tiny_world(out)
    message = str(info.value)
    assert str(out) in message
    assert f"pid {holder.pid}" in message
    assert not out.exists()
    assert hidden(tmp_path) == []  # the holder removed its lock file on release


def test_writer_waits_for_a_holder_within_its_timeout(tmp_path: Path) -> None:
    out = tmp_path / "w"
    with _held_elsewhere(out) as holder:
        assert holder.stdin is not None
        holder.stdin.write("\n")  # let go soon
        holder.stdin.flush()
        with path_lock(out, timeout=30):
            assert lock_path(out).exists()
    assert not lock_path(out).exists()


def test_readers_share_writers_wait_for_readers(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w")
    with _held_elsewhere(world.path, "shared"):
        with path_lock(world.path, shared=True):
            assert open_world(world.path).manifest.tables["documents"].rows == 3
        with pytest.raises(WorldBusyError, match="cannot be written"):
            tiny_world(world.path, rows=5, overwrite=True)
    assert open_world(world.path).manifest.tables["documents"].rows == 3


def test_killed_holder_frees_the_lock(tmp_path: Path) -> None:
    out = tmp_path / "w"
    with _held_elsewhere(out) as holder:
        holder.kill()
        holder.wait(timeout=30)
        world = tiny_world(out)
    assert world.manifest.tables["documents"].rows == 3
    assert hidden(tmp_path) == []


def test_lock_is_reentrant_but_not_upgradable(tmp_path: Path) -> None:
    target = tmp_path / "w"
    with path_lock(target), path_lock(target):
        assert lock_path(target).exists()
    assert not lock_path(target).exists()
    with (
        path_lock(target, shared=True),
        pytest.raises(RuntimeError, match="inside a read lock"),
        path_lock(target),
    ):
        pass


def test_two_generates_to_one_new_out_one_wins(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys, pathlib
        from schemas.errors import SimulatorError
        from tests.schemas.tiny import tiny_world
        try:
            tiny_world(pathlib.Path(sys.argv[1]), rows=int(sys.argv[2]))
        except SimulatorError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            sys.exit(1)
        """
    )
    out = tmp_path / "w"
    env = {**os.environ, "PYTHONPATH": _ROOT}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(out), str(rows)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for rows in (4, 6)
    ]
    results = [(p.wait(timeout=120), p.communicate(timeout=30)[1]) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results
    loser = next(err for code, err in results if code == 1)
    assert "in use by another interopsim process" in loser or "already exists" in loser
    assert "Traceback" not in loser
    assert open_world(out).manifest.tables["documents"].rows in (4, 6)
    assert hidden(tmp_path) == []


def test_unlockable_parent_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: object, flags: int, mode: int = 0o777) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("schemas.locks.os.open", refuse)
    with pytest.raises(WorldError, match=r"cannot lock .*not writable"), path_lock(tmp_path / "w"):
        pass
    with path_lock(tmp_path / "w", shared=True):  # readers go on without a lock
        pass

"""SIGKILL at every step of an overwrite: the next run finds a whole world and cleans up."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from schemas.world import open_world
from tests.schemas.tiny import hidden, tiny_world

_SCRIPT = textwrap.dedent(
    """
    import os, pathlib, signal, sys
    import schemas.atomic as atomic
    import schemas.world_write as world
    from tests.schemas.tiny import tiny_world

    out, point = pathlib.Path(sys.argv[1]), sys.argv[2]

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if point == "before-swap":
        world._write_sql = die
    elif point == "after-exchange":
        atomic.remove_owned = die
    elif point == "between-renames":
        atomic._exchange = lambda a, b: False
        real = pathlib.Path.rename

        def rename(self, target):
            if self.name.endswith(".partial"):
                die()
            return real(self, target)

        pathlib.Path.rename = rename
    tiny_world(out, rows=9, overwrite=True)
    """
)


def _kill_at(out: Path, point: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(out), point],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -9, done.stderr


@pytest.mark.parametrize(
    ("point", "rows_after", "leftovers"),
    [
        ("before-swap", 3, ["partial"]),  # the new world, unfinished
        ("after-exchange", 9, ["partial"]),  # the old world, swapped out
        ("between-renames", None, ["displaced", "partial"]),  # old moved aside, new staged
    ],
)
def test_next_run_settles_what_a_kill_left(
    tmp_path: Path, point: str, rows_after: int | None, leftovers: list[str]
) -> None:
    out = tmp_path / "w"
    tiny_world(out, rows=3)
    _kill_at(out, point)
    left = [n for n in hidden(tmp_path) if n != ".w.lock"]  # a killed holder's lock file
    assert [n.rsplit(".", 1)[1] for n in left] == leftovers, left
    assert all(n.startswith(".w.") for n in left)
    if rows_after is None:
        assert not out.exists()  # the old world was moved aside when the process died
    else:
        assert open_world(out).manifest.tables["documents"].rows == rows_after
    tiny_world(tmp_path / "next")  # the next run in the same directory
    assert hidden(tmp_path) == []
    assert open_world(out).manifest.tables["documents"].rows == (rows_after or 3)

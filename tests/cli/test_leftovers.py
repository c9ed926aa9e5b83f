"""What a killed run left is removed by the next run on the same place, or reported.

Beside a world: hidden ``.NAME.XXXXXXXX.partial`` staging directories (removed when marked
as interopsim's by a process that is gone; reported when unmarked). Inside a world:
temporary table, manifest and metrics files and half-written report directories
(removed by the next command that writes to the world, under its lock).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner, Result

from cli.main import main
from schemas.atomic import STAGING_MARK
from schemas.world import open_world
from tests.linkage.mid import tiny_world


def _dead_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


def _warnings(result: Result) -> list[str]:
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


def test_the_next_run_removes_a_killed_runs_staging_directory(tmp_path: Path) -> None:
    ours = tmp_path / ".w.abcd1234.partial"
    (ours / "tables").mkdir(parents=True)
    (ours / STAGING_MARK).write_text(f"{_dead_pid()}\n", encoding="utf-8")
    (ours / "tables" / "persons.parquet").write_bytes(b"half a table")
    empty = tmp_path / ".v.abcd1234.partial"
    empty.mkdir()
    old = time.time() - 600
    os.utime(empty, (old, old))
    unmarked = tmp_path / ".x.abcd1234.partial"
    unmarked.mkdir()
    (unmarked / "notes.txt").write_text("not interopsim's\n", encoding="utf-8")

    args = ["generate", "--persons", "5", "--seed", "1", "--out", str(tmp_path / "w2")]
    result = CliRunner().invoke(main, args)

    assert result.exit_code == 0, result.output
    assert not ours.exists()
    assert not empty.exists()
    assert (unmarked / "notes.txt").read_text(encoding="utf-8") == "not interopsim's\n"
    said = _warnings(result)
    assert any(f"removed {ours}" in line for line in said), said
    assert any(f"removed {empty}" in line for line in said), said
    assert any(
        f"left {unmarked} in place" in line and "no interopsim mark" in line for line in said
    ), said
    assert sorted(p.name for p in tmp_path.iterdir()) == [".x.abcd1234.partial", "w2"]
    assert open_world(tmp_path / "w2").manifest.tables["persons"].rows == 5


def test_a_fresh_unmarked_directory_is_only_reported(tmp_path: Path) -> None:
    """An empty one made seconds ago may be a live run's, not yet marked: left alone."""
    fresh = tmp_path / ".v.abcd1234.partial"
    fresh.mkdir()
    args = ["generate", "--persons", "5", "--seed", "1", "--out", str(tmp_path / "w")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert fresh.is_dir()
    assert any(f"left {fresh} in place" in line for line in _warnings(result))


def _plant(world: Path) -> list[Path]:
    """What a stage killed half-way through leaves inside ``world``."""
    report = world / "report"
    planted = [
        world / ".manifest.json.abcd1234.tmp",
        world / "tables" / ".mid_links.parquet.4242.tmp",
        world / "tables" / ".mid_links.parquet.abcd1234.tmp",
        report / ".metrics.json.abcd1234.tmp",
        report / ".render-abcd1234.partial",
        report / ".figures-old-4242",
    ]
    report.mkdir(exist_ok=True)
    for path in planted:
        if path.name.endswith(".tmp"):
            path.write_bytes(b"half")
        else:
            (path / "figures").mkdir(parents=True)
            (path / "figures" / "a.svg").write_text("<svg/>", encoding="utf-8")
    return planted


def test_the_next_stage_removes_what_a_killed_stage_left(tmp_path: Path) -> None:
    world = tmp_path / "w"
    tiny_world.build(world)
    mine = world / "report" / "my-notes.md"
    for command in ("link", "analyse"):
        planted = _plant(world)
        mine.write_text("kept\n", encoding="utf-8")
        result = CliRunner().invoke(main, [command, str(world)])
        assert result.exit_code == 0, result.output
        assert [p for p in planted if os.path.lexists(p)] == [], command
        said = _warnings(result)
        for path in planted:
            assert any(f"removed {path}, left by an interrupted run" in s for s in said), said
        assert mine.read_text(encoding="utf-8") == "kept\n"
    assert open_world(world, verify=True).stage("link") is not None

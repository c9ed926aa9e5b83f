"""The report, explain and compare commands: exit codes, JSON on stdout, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from tests.analysis.report.worlds import build_analysed_world, build_linked_world


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analysed_world(tmp_path_factory.mktemp("cli-report") / "w").path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _one_error_line(stderr: str, *fragments: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.slow
def test_report_writes_the_pages(runner: CliRunner, analysed: Path) -> None:
    result = runner.invoke(main, ["report", str(analysed), "--quiet"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert Path(data["html"]) == analysed / "report" / "index.html"
    assert Path(data["html"]).is_file()
    assert Path(data["markdown"]).is_file()
    assert all(Path(p).is_file() for p in data["figures"])
    assert result.stderr == ""


def test_report_of_unanalysed_world(runner: CliRunner, tmp_path: Path) -> None:
    world = build_linked_world(tmp_path / "w")
    result = runner.invoke(main, ["report", str(world.path)])
    assert result.exit_code == 1
    _one_error_line(result.stderr, "interopsim analyse")
    assert result.stdout == ""
    assert not (world.path / "report").exists()


def test_report_of_a_missing_directory(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["report", str(tmp_path / "nope")])
    assert result.exit_code == 1
    _one_error_line(result.stderr, "not a world directory")


def test_explain_person_json(runner: CliRunner, analysed: Path) -> None:
    result = runner.invoke(main, ["explain", str(analysed), "--person", "1"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "person"
    assert data["simulated"] is True
    assert [lk["verdict"] for lk in data["links"]] == ["wrong: different persons"]


def test_explain_record_text(runner: CliRunner, analysed: Path) -> None:
    result = runner.invoke(
        main, ["explain", str(analysed), "--record", "VIS-002", "--format", "text"]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Record VIS-002")
    assert "another person" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["--person", "99"], "no person 99"), (["--record", "VIS-9"], "no record 'VIS-9'")],
)
def test_explain_unknown_id(
    runner: CliRunner, analysed: Path, args: list[str], fragment: str
) -> None:
    result = runner.invoke(main, ["explain", str(analysed), *args])
    assert result.exit_code == 1
    _one_error_line(result.stderr, fragment)
    assert result.stdout == ""


@pytest.mark.parametrize("args", [[], ["--person", "1", "--record", "VIS-001"], ["--person", "x"]])
def test_explain_usage_errors(runner: CliRunner, analysed: Path, args: list[str]) -> None:
    result = runner.invoke(main, ["explain", str(analysed), *args])
    assert result.exit_code == 2
    assert "Usage:" in result.stderr


def test_compare_json_and_table(runner: CliRunner, analysed: Path, tmp_path: Path) -> None:
    other = build_analysed_world(tmp_path / "siloed", mode="siloed").path
    result = runner.invoke(main, ["compare", str(analysed), str(other)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["runs"]["a"]["mode"], data["runs"]["b"]["mode"]) == ("shared", "siloed")
    result = runner.invoke(main, ["compare", str(analysed), str(other), "--format", "table"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("figure") and "A (shared)" in line for line in lines)
    assert any(line.startswith("People wrongly linked to someone else") for line in lines)
    assert "simulated" in result.stdout


def test_compare_with_a_missing_run(runner: CliRunner, analysed: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["compare", str(analysed), str(tmp_path / "none")])
    assert result.exit_code == 1
    _one_error_line(result.stderr, "not a world directory")
    result = runner.invoke(main, ["compare", str(analysed), "--format", "xml"])
    assert result.exit_code == 2


def test_compare_by_group(runner: CliRunner, analysed: Path, tmp_path: Path) -> None:
    other = build_analysed_world(tmp_path / "siloed", mode="siloed").path
    result = runner.invoke(main, ["compare", str(analysed), str(other), "--by", "region"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["by"] == "region"
    groups = {g["key"]: g for g in data["groups"]}
    assert set(groups) == {"west_africa", "middle_east", "east_asia"}
    for g in groups.values():
        assert set(g["a"]) >= {"value", "lower", "upper"}  # one vocabulary everywhere
    result = runner.invoke(
        main, ["compare", str(analysed), str(other), "--by", "region", "--format", "table"]
    )
    assert result.exit_code == 0, result.stderr
    assert "group (region)" in result.stdout
    assert "Intervals apart" in result.stdout
    result = runner.invoke(main, ["compare", str(analysed), str(other), "--by", "regio"])
    assert result.exit_code == 1
    _one_error_line(result.stderr, "did you mean 'region'?")


#: A child that runs ``report`` and dies (SIGKILL-like, no cleanup) when the renderer
#: moves its first page, report.md, into place: figures/ are new, report.md and
#: index.html still the previous run's.
_KILLED_MID_SWAP = """
import dataclasses, os, pathlib, sys
import analysis.report.render as render
draw = render.draw_all
def other_charts(model):  # charts of another run: the same names, other bytes
    return [dataclasses.replace(c, svg=c.svg + "<!-- another run -->") for c in draw(model)]
render.draw_all = other_charts
real = pathlib.Path.replace
def replace(self, target):
    if pathlib.Path(target).name == "report.md":
        os._exit(9)
    return real(self, target)
pathlib.Path.replace = replace
from cli.main import main
main(["report", sys.argv[1], "-q", "--format", "json"])
"""


@pytest.mark.slow
def test_a_report_killed_mid_swap_is_replaced_by_the_next(tmp_path: Path) -> None:
    import subprocess
    import sys

    world = build_analysed_world(tmp_path / "w").path
    runner = CliRunner()
    first = runner.invoke(main, ["report", str(world), "-q", "--format", "json"])
    assert first.exit_code == 0, first.stderr
    old = {p.name: p.read_bytes() for p in (world / "report" / "figures").iterdir()}
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_SWAP, str(world)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert killed.returncode == 9, killed.stderr
    # the new figures are in place beside the old pages: a mix of two runs
    new = {p.name: p.read_bytes() for p in (world / "report" / "figures").iterdir()}
    assert new.keys() == old.keys()
    assert new != old
    again = runner.invoke(main, ["report", str(world), "-q", "--format", "json"])
    assert again.exit_code == 0, again.stderr
    assert "edited since" not in again.stderr

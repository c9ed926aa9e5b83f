"""``interopsim experiment``: the dry run, errors as one line, a real run on a local cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "exp"
    result = CliRunner().invoke(
        main,
        [
            "experiment",
            str(EXAMPLES / "interoperable-vs-siloed.toml"),
            "--out",
            str(out),
            "--dry-run",
            "--workers",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["worlds"] == 10
    assert plan["runs"] == 20
    assert plan["shared_worlds"] == 10
    assert plan["estimate"]["workers"] == 2
    assert plan["estimate"]["wall_text"].startswith("about ")
    assert plan["estimate"]["disk_bytes"] > 1e9
    assert not out.exists()


def test_dry_run_as_a_table(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "experiment",
            str(EXAMPLES / "transliteration-sweep.toml"),
            "--out",
            str(tmp_path / "x"),
            "--dry-run",
            "--format",
            "table",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "worlds to generate" in result.stdout
    assert "15" in result.stdout


def test_a_bad_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[arms.a]\nmod = 'siloed'\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["experiment", str(bad), "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: invalid experiment file")
    assert "arms.a.mod: unknown key, did you mean 'mode'?" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.slow
def test_a_small_experiment_on_a_local_cluster(tmp_path: Path) -> None:
    file = tmp_path / "e.toml"
    file.write_text(
        'scenario = "small"\npersons = 300\n[replicates]\nseeds = 2\n'
        "[arms.siloed]\nmode = 'siloed'\n[arms.shared]\n",
        encoding="utf-8",
    )
    out = tmp_path / "exp"
    result = CliRunner().invoke(
        main, ["experiment", str(file), "--out", str(out), "--workers", "2", "-q"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["failures"] == []
    assert summary["runs_done"] == 4
    assert {d["figure"] for d in summary["differences"]} >= {"persons_wrongly_linked"}
    assert (out / "report.html").is_file()
    assert (out / "results.parquet").is_file()

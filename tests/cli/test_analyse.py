"""``interopsim analyse``: exit codes, stdout JSON, the metrics file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from cli.main import main
from tests.analysis.builders import canonical_world


def test_analyse_writes_metrics_and_prints_headline(tmp_path: Path) -> None:
    world = canonical_world(tmp_path / "w")
    result = CliRunner().invoke(main, ["analyse", str(world.path), "--quiet", "--seed", "3"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["simulated"] is True
    assert out["seed"] == 7
    assert out["replicates"] == 1
    path = Path(out["metrics"])
    assert path == world.path / "report" / "metrics.json"
    metrics = json.loads(path.read_text(encoding="utf-8"))
    assert metrics["provenance"]["analysis_seed"] == 3
    assert out["headline"]["false_links"]["value"] == 2
    assert out["headline"]["false_links"]["label"]
    assert set(out["headline"]) == set(metrics["headline"])


def test_analyse_options_reach_the_figures(tmp_path: Path) -> None:
    world = canonical_world(tmp_path / "w")
    target = tmp_path / "elsewhere" / "m.json"
    result = CliRunner().invoke(
        main,
        [
            "analyse",
            str(world.path),
            "-q",
            "--out",
            str(target),
            "--identity-checks",
            "2",
            "--verification-minutes",
            "60",
        ],
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads(target.read_text(encoding="utf-8"))
    kind = metrics["queries"]["kinds"]["identity_check_registered"]
    assert kind["regimes"]["siloed"]["queries"]["value"] == 2
    assert metrics["workload"]["verification_hours"]["value"] == 4.0
    assert not (world.path / "report").exists()


def test_missing_world_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["analyse", str(tmp_path / "nope"), "-q"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:")
    assert len(result.stderr.splitlines()) == 1


def test_unlinked_world_is_exit_1(tmp_path: Path) -> None:
    from schemas import write_world

    write_world(tmp_path / "w", {}, seed=1, scenario={}, as_of=dt.date(2026, 6, 30))
    result = CliRunner().invoke(main, ["analyse", str(tmp_path / "w"), "-q"])
    assert result.exit_code == 1
    assert "identity_records" in result.stderr


def test_bad_option_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["analyse", str(tmp_path), "--identity-checks", "-1"])
    assert result.exit_code == 2


def test_people_read_the_path_first_then_a_short_rounded_table(tmp_path: Path) -> None:
    world = canonical_world(tmp_path / "w")
    result = CliRunner().invoke(main, ["analyse", str(world.path), "--format", "table"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Metrics: {world.path / 'report' / 'metrics.json'}"
    assert lines[1].startswith(f"World: {world.path} (")
    header = lines[3].split()
    assert header == ["figure", "value", "lower", "upper", "unit"]
    assert any(line.startswith("People wrongly linked to someone else") for line in lines)
    assert len(lines) < 25  # a few readable lines, not the whole metrics tree
    assert not any("e-0" in line for line in lines)  # rounded, no raw floats
    # The world is tiny: the warning says so, on its own line, and -q silences it.
    progress, warning = result.stderr.splitlines()  # no blank lines, nothing glued
    assert progress == "analyse: analyse w"
    assert warning.startswith("warning: This world is too small to show much")
    quiet = CliRunner().invoke(main, ["analyse", str(world.path), "--format", "table", "-q"])
    assert quiet.stderr == ""


def test_csv_has_every_digit_under_the_shared_keys(tmp_path: Path) -> None:
    world = canonical_world(tmp_path / "w")
    result = CliRunner().invoke(main, ["analyse", str(world.path), "-q", "--format", "csv"])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split(",")
    assert header == ["key", "label", "value", "lower", "upper", "unit", "method"]

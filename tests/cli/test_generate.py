"""``interopsim generate`` and ``interopsim scenarios``: exit codes, JSON, one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.main import main
from cli.options import scenario_source
from schemas import open_world
from synth.scenario_load import preset_names


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _one_line_error(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object], str]:
    """One generation from a scenario file whose size --persons overrides (300, not 40)."""
    folder = tmp_path_factory.mktemp("cli")
    scenario = folder / "mine.toml"
    scenario.write_text('extends = "small"\n[world]\npersons = 40\n', encoding="utf-8")
    result = _run("generate", "--scenario", str(scenario), "--persons", "300", "--seed", "5",
                  "--out", str(folder / "w"), "-q")  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder / "w", json.loads(result.stdout), result.stderr


def test_generate_prints_a_json_summary(generated: tuple[Path, dict[str, object], str]) -> None:
    out, summary, stderr = generated
    world = open_world(out)
    assert summary["seed"] == 5
    assert summary["persons"] == 300
    assert summary["scenario"] == "mine"  # a file's scenario is named after the file
    rows = summary["rows"]
    assert isinstance(rows, dict)
    assert rows == {name: entry.rows for name, entry in world.manifest.tables.items()}
    assert rows["persons"] == 300
    assert isinstance(summary["seconds"], float)
    assert summary["scenario_hash"] == world.scenario_hash
    assert stderr == ""  # -q: no progress bar, no warnings


def test_the_scenario_is_a_preset_a_file_or_the_default(tmp_path: Path) -> None:
    assert scenario_source(None, None) == "default"
    assert scenario_source("small", None) == "small"
    assert scenario_source(None, tmp_path / "x.toml") == tmp_path / "x.toml"


@pytest.mark.parametrize("command", ["generate", "run"])
@pytest.mark.parametrize("persons", ["0", "-5"])
def test_non_positive_persons_is_a_usage_error(tmp_path: Path, command: str, persons: str) -> None:
    result = _run(command, "--persons", persons, "--out", str(tmp_path / "w"))
    assert result.exit_code == 2
    assert "--persons" in result.stderr
    assert not (tmp_path / "w").exists()


def test_non_positive_persons_in_a_scenario_file(tmp_path: Path) -> None:
    path = tmp_path / "none.toml"
    path.write_text("[world]\npersons = 0\n", encoding="utf-8")
    line = _one_line_error(_run("generate", "--scenario", str(path), "--out", str(tmp_path / "w")))
    assert "world.persons" in line
    assert not (tmp_path / "w").exists()


def test_bad_toml_and_unknown_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[world\n", encoding="utf-8")
    line = _one_line_error(_run("generate", "--scenario", str(bad), "--out", str(tmp_path / "w")))
    assert "not valid TOML" in line
    typo = tmp_path / "typo.toml"
    typo.write_text("[world]\npersns = 10\n", encoding="utf-8")
    line = _one_line_error(_run("generate", "--scenario", str(typo), "--out", str(tmp_path / "w")))
    assert "world.persns: unknown key, did you mean 'persons'?" in line
    assert list(tmp_path.iterdir()) == [bad, typo] or set(tmp_path.iterdir()) == {bad, typo}


def test_unknown_preset_suggests(tmp_path: Path) -> None:
    line = _one_line_error(_run("generate", "--preset", "smal", "--out", str(tmp_path / "w")))
    assert "did you mean 'small'?" in line


def test_existing_and_foreign_out(
    generated: tuple[Path, dict[str, object], str], tmp_path: Path
) -> None:
    out, _, _ = generated
    before = (out / "manifest.json").read_bytes()
    line = _one_line_error(_run("generate", "--persons", "20", "--out", str(out)))
    assert "already exists" in line
    assert (out / "manifest.json").read_bytes() == before
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"meow")
    line = _one_line_error(
        _run("generate", "--persons", "20", "--out", str(foreign), "--overwrite")
    )
    assert "not an interopsim world" in line
    assert (foreign / "cat.jpg").read_bytes() == b"meow"


def test_dead_database_url(tmp_path: Path) -> None:
    url = "postgresql+psycopg://user:secret@127.0.0.1:1/none"
    line = _one_line_error(
        _run("generate", "--persons", "20", "--out", str(tmp_path / "w"), "--db", url)
    )
    assert "secret" not in line
    assert list(tmp_path.iterdir()) == []


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    both = _run("generate", "--preset", "small", "--scenario", "x.toml", "--out", "w")
    assert both.exit_code == 2
    assert "not both" in both.stderr
    missing_out = _run("generate", "--preset", "small")
    assert missing_out.exit_code == 2
    negative_seed = _run("generate", "--seed", "-1", "--out", str(tmp_path / "w"))
    assert negative_seed.exit_code == 2


def test_help_shows_every_option_with_help() -> None:
    result = _run("generate", "--help")
    assert result.exit_code == 0
    for option in ("--preset", "--scenario", "--persons", "--seed", "--out", "--db",
                   "--overwrite", "--quiet"):  # fmt: skip
        assert option in result.stdout
    assert "default: 42" in result.stdout


def test_scenarios_lists_presets_as_json_and_table() -> None:
    result = _run("scenarios")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [p["name"] for p in listed] == preset_names()
    assert all(p["description"] for p in listed)
    table = _run("scenarios", "--format", "table")
    assert table.exit_code == 0
    lines = table.stdout.strip().splitlines()
    assert lines[0].split() == ["name", "description"]
    assert set(lines[1]) == {"-", " "}
    assert len(lines) == len(listed) + 2
    assert any(line.startswith("no-noise ") for line in lines)
    rows = list(csv.reader(io.StringIO(_run("scenarios", "--format", "csv").stdout)))
    assert rows == [["name", "description"]] + [[p["name"], p["description"]] for p in listed]

"""The ``interopsim`` group: lazy commands, shared options, and the top-level error guard."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

import interopsim
from cli.main import COMMANDS, main
from schemas import __version__

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("schemas", "synth", "linkage", "analysis", "interopsim", "polars", "numpy")
PRINTING = ("scenarios", "generate", "link", "analyse", "report", "run", "compare", "errors")


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_version_loads_nothing_of_the_simulator() -> None:
    code = (
        "import sys\n"
        "from cli.main import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    version_line, loaded = done.stdout.splitlines()
    assert version_line == f"interopsim, version {__version__}"
    assert loaded == "[]"


def test_help_lists_every_command_without_cutting_its_summary() -> None:
    result = _invoke("--help")
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    for name, summary in COMMANDS.items():
        assert f"{name} {summary}" in flat


@pytest.mark.parametrize("name", list(COMMANDS))
def test_summary_is_the_first_line_of_the_command_help(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert command is not None
    assert command.name == name
    assert (command.help or "").splitlines()[0] == COMMANDS[name]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_takes_quiet(name: str) -> None:
    result = _invoke(name, "--help")
    assert result.exit_code == 0
    assert "-q, --quiet" in result.stdout


@pytest.mark.parametrize("name", PRINTING)
def test_every_printing_command_offers_json_table_and_csv(name: str) -> None:
    result = _invoke(name, "--help")
    assert "--format [json|table|csv]" in result.stdout


@pytest.mark.parametrize("name", ["generate", "run"])
def test_generate_and_run_share_their_options(name: str) -> None:
    help_text = _invoke(name, "--help").stdout
    for option in ("--preset", "--scenario", "--persons", "--seed", "--out", "--overwrite"):
        assert option in help_text
    assert "default: 42" in help_text


def test_mode_choices_are_the_search_modes() -> None:
    for name in ("link", "run"):
        help_text = _invoke(name, "--help").stdout
        choices = "|".join(m.value for m in interopsim.SearchMode)
        assert f"--mode [{choices}]" in help_text


def test_unknown_command_is_a_usage_error() -> None:
    result = _invoke("generat")
    assert result.exit_code == 2
    assert "No such command" in result.stderr


def _broken_presets(exc: Exception) -> object:
    def presets() -> dict[str, str]:
        raise exc

    return presets


def test_unexpected_error_is_one_line_pointing_to_vv(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(interopsim, "presets", _broken_presets(KeyError("boom")))
    result = _invoke("scenarios")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: internal error (KeyError: 'boom')")
    assert "-vv" in lines[0]
    assert "Traceback" not in result.stderr


def test_vv_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(interopsim, "presets", _broken_presets(KeyError("boom")))
    result = _invoke("-vv", "scenarios")
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "in presets" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Error: internal error (KeyError")


def test_simulator_error_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(interopsim, "presets", _broken_presets(interopsim.ConfigError("bad x")))
    result = _invoke("-vv", "scenarios")
    assert result.exit_code == 1
    assert result.stderr == "Error: bad x\n"


def test_os_error_names_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    error = PermissionError(13, "Permission denied", "/somewhere/w")
    monkeypatch.setattr(interopsim, "presets", _broken_presets(error))
    result = _invoke("scenarios")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot use /somewhere/w: Permission denied; "
        "check the permissions or choose another path\n"
    )


def test_quiet_silences_warnings(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def presets() -> dict[str, str]:
        logging.getLogger("interopsim.test").warning("EM did not converge")
        return {"small": "a small world"}

    monkeypatch.setattr(interopsim, "presets", presets)
    assert _invoke("scenarios", "-q").exit_code == 0
    assert not caplog.records
    assert logging.getLogger().level != logging.ERROR  # restored after the command
    assert _invoke("scenarios").exit_code == 0
    assert [r.getMessage() for r in caplog.records] == ["EM did not converge"]


def test_a_warning_is_one_line_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    def presets() -> dict[str, str]:
        logging.getLogger("linkage.identity.api").warning("EM did not converge; see -v")
        return {"small": "a small world"}

    monkeypatch.setattr(interopsim, "presets", presets)
    result = _invoke("scenarios", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == "warning: EM did not converge; see -v\n"
    assert result.stdout.startswith("[")  # data on stdout only
    result = _invoke("-v", "scenarios", "--format", "json")
    assert "warning: EM did not converge; see -v (linkage.identity.api)" in result.stderr


def test_negative_seed_is_refused_everywhere(tmp_path: Path) -> None:
    for args in (["generate", "--out", str(tmp_path / "w")], ["link", str(tmp_path)]):
        result = _invoke(*args, "--seed", "-1")
        assert result.exit_code == 2, args
        assert "'--seed'" in result.stderr


def test_a_command_that_cannot_be_loaded_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands are imported lazily; a failing import is caught by the same guard."""
    monkeypatch.setitem(sys.modules, "cli.generate", None)
    result = _invoke("generate", "--out", "w")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: internal error (ModuleNotFoundError")
    assert "-vv" in line
    assert "Traceback" not in result.stderr


_CRASHING = (
    "import sys, interopsim\n"
    "def boom():\n"
    "    raise ZeroDivisionError('boom')\n"
    "interopsim.presets = boom\n"
    "from cli.main import main\n"
    "main(sys.argv[1:], prog_name='interopsim')\n"
)


@pytest.mark.parametrize("verbose", [[], ["-vv"]])
def test_an_unexpected_error_in_a_real_process(verbose: list[str]) -> None:
    """Outside CliRunner too: exit 1, one line with the pointer to -vv (or the traceback)."""
    done = subprocess.run(
        [sys.executable, "-c", _CRASHING, *verbose, "scenarios"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    last = done.stderr.splitlines()[-1]
    assert last.startswith("Error: internal error (ZeroDivisionError: boom)")
    assert "-vv" in last
    if verbose:
        assert "Traceback (most recent call last)" in done.stderr
    else:
        assert done.stderr == last + "\n"

"""Whole scenario files as a careless or hostile user writes them: exit 0 or 1, never a crash.

Over 1,000 files a run are loaded and validated (``interopsim scenarios show FILE``): each
either loads (exit 0) or is refused with one ``Error:`` naming what is wrong (exit 1);
never a Python traceback, never the top-level guard's "internal error". A few dozen
valid-looking files with few persons are also generated (slow): the world is then
complete and verifies, or the command fails and nothing is left behind. The strategies
are in :mod:`tests.fuzz_scenarios`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cli.main import main
from schemas.world import open_world
from tests.fuzz_scenarios import hostile_documents, toml_text, valid_looking_documents

#: Load-level cases per run: hostile files plus valid-looking ones (>= 1,000 together).
HOSTILE_EXAMPLES = 700
VALID_EXAMPLES = 350
#: Scenario files that are generated (slow).
GENERATED_EXAMPLES = 24

_FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One directory for the module (hypothesis runs many examples per test call)."""
    with tempfile.TemporaryDirectory(prefix="interopsim-fuzz-") as path:
        yield Path(path)


def _scenario_file(directory: Path, doc: dict[str, Any]) -> Path:
    path = directory / "fuzzed.toml"
    path.write_text(toml_text(doc), encoding="utf-8")
    return path


def _check_outcome(result: Result) -> None:
    """Exit 0, or exit 1 with one ``Error:`` message; never a crash."""
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert "internal error" not in result.stderr, result.stderr
    if result.exit_code == 1:
        assert result.stderr.startswith("Error: "), result.stderr
    event(f"exit {result.exit_code}")  # the share of each, with --hypothesis-show-statistics


def _show(path: Path) -> Result:
    return CliRunner().invoke(main, ["scenarios", "show", str(path), "--format", "json"])


@settings(_FUZZ, max_examples=HOSTILE_EXAMPLES)
@given(doc=hostile_documents())
def test_hostile_scenario_files_load_or_are_refused(scratch: Path, doc: dict[str, Any]) -> None:
    _check_outcome(_show(_scenario_file(scratch, doc)))


@settings(_FUZZ, max_examples=VALID_EXAMPLES)
@given(doc=valid_looking_documents())
def test_valid_looking_scenario_files_load_or_are_refused(
    scratch: Path, doc: dict[str, Any]
) -> None:
    _check_outcome(_show(_scenario_file(scratch, doc)))


def _entries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.mark.slow
@settings(_FUZZ, max_examples=GENERATED_EXAMPLES)
@given(doc=valid_looking_documents(max_persons=30), seed=st.integers(0, 2**31))
def test_generating_a_fuzzed_scenario_completes_or_leaves_nothing(
    scratch: Path, doc: dict[str, Any], seed: int
) -> None:
    with tempfile.TemporaryDirectory(dir=scratch) as place:
        parent = Path(place)
        scenario = _scenario_file(parent, doc)
        out = parent / "w"
        args = ["generate", "--scenario", str(scenario), "--seed", str(seed), "--out", str(out)]
        result = CliRunner().invoke(main, [*args, "--quiet"])
        _check_outcome(result)
        if result.exit_code == 0:
            assert _entries(parent) == ["fuzzed.toml", "w"]
            world = open_world(out, verify=True)
            assert world.manifest.tables["persons"].rows == doc["world"]["persons"]
        else:
            assert _entries(parent) == ["fuzzed.toml"], result.stderr

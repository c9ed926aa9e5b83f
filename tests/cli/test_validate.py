"""``interopsim validate``: output formats and exit codes (fast, with a stand-in run), and
the ``--quick`` run end to end (slow: it builds two worlds of 20,000 persons)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import interopsim
from analysis.estimate import Estimate
from analysis.validation import (
    CASES,
    WORLDS,
    Agreement,
    Evidence,
    Published,
    ReferenceCase,
    Role,
    Tolerance,
    ValidationReport,
    run_cases,
)
from cli.main import COMMANDS, main
from interopsim.validate import JSON_FILE, MARKDOWN_FILE, ValidationRun


def _outside(ev: Evidence) -> Estimate:
    return Estimate.rate(90, 100)


CASE = ReferenceCase(
    key="fake.outside",
    title="a case the model misses",
    role=Role.VALIDATION,
    measures="m",
    published=Published(0.1, "share", "one in ten"),
    sources=("eu-2019-329",),
    conditions="c",
    tolerance=Tolerance("t", factor=2.0),
    simulated="s",
    compute=_outside,
    gap="because",
)


def _stand_in(tmp_path: Path) -> Any:
    def fake(*, out: Path, quick: bool, seed: int, progress: object) -> ValidationRun:
        report = run_cases(Evidence({}), [CASE], quick=quick)
        return ValidationRun(report=report, json=Path(out) / JSON_FILE, markdown=Path(out) / "x")

    return fake


def test_listed_with_help() -> None:
    assert "validate" in COMMANDS
    result = CliRunner().invoke(main, ["validate", "--help"])
    assert result.exit_code == 0
    assert "--quick" in result.output
    assert "calibration" in result.output


def test_bad_format_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["validate", "--format", "csv"])
    assert result.exit_code == 2


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_disagreement_still_exits_zero(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(interopsim, "validate", _stand_in(tmp_path))
    result = CliRunner().invoke(
        main, ["validate", "--out", str(tmp_path), "--format", fmt, "-q"], catch_exceptions=False
    )
    assert result.exit_code == 0
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["cases"][0]["agreement"] == "outside"
        assert data["files"]["json"].endswith(JSON_FILE)
    else:
        assert "fake.outside" in result.stdout
        assert "outside" in result.stdout
        assert "validation/outside 1" in result.stdout


def test_a_world_that_cannot_be_built_exits_one(tmp_path: Path) -> None:
    (tmp_path / "worlds" / WORLDS[0].name).mkdir(parents=True)
    (tmp_path / "worlds" / WORLDS[0].name / "not-a-world.txt").write_text("x")
    result = CliRunner().invoke(main, ["validate", "--quick", "--out", str(tmp_path), "-q"])
    assert result.exit_code == 1
    assert "Error" in result.stderr


@pytest.mark.slow
def test_quick_run_end_to_end(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["validate", "--quick", "--out", str(tmp_path), "--format", "json", "-q"]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    report = ValidationReport.from_json(json.loads((tmp_path / JSON_FILE).read_text()))
    assert report.to_json() == {k: v for k, v in printed.items() if k != "files"}
    assert report.quick
    assert [w.name for w in report.worlds] == [w.name for w in WORLDS]
    assert all(
        w.persons == spec.quick_persons for w, spec in zip(report.worlds, WORLDS, strict=True)
    )
    assert [r.key for r in report.cases] == [c.key for c in CASES]
    for r, c in zip(report.cases, CASES, strict=True):
        if c.expressible:
            assert r.agreement is not Agreement.NO_DATA, (r.key, r.explanation)
            assert r.simulated is not None
        else:
            assert r.agreement is Agreement.NOT_EXPRESSIBLE
        if r.agreement is Agreement.OUTSIDE:
            assert r.explanation, r.key
    exact = [r for r in report.cases if r.role is Role.CALIBRATION and r.world is None]
    assert exact
    assert all(r.agreement is Agreement.WITHIN for r in exact)
    assert report.calibration
    markdown = (tmp_path / MARKDOWN_FILE).read_text()
    assert all(c.key in markdown for c in CASES)
    for spec in WORLDS:
        assert (tmp_path / "worlds" / spec.name / "report" / "metrics.json").is_file()

"""Running cases: every outcome, the report's JSON round trip and its Markdown."""

from __future__ import annotations

import dataclasses
import json

import pytest

from analysis.estimate import Estimate
from analysis.validation import (
    CASES,
    Agreement,
    CaseUnavailable,
    Evidence,
    FigureKind,
    Published,
    ReferenceCase,
    Role,
    Tolerance,
    ValidationReport,
    WorldRun,
    case_rows,
    run_case,
    run_cases,
    to_markdown,
)

EMPTY = Evidence({})


def _case(key: str, compute: object, **kw: object) -> ReferenceCase:
    given: dict[str, object] = {
        "key": key,
        "title": f"case {key}",
        "role": Role.VALIDATION,
        "measures": "m",
        "published": Published(0.01, "share", "one in a hundred"),
        "sources": ("eu-2019-329",),
        "conditions": "c",
        "tolerance": Tolerance("a factor 2", factor=2.0),
        "simulated": "s",
        "compute": compute,
        "gap": "the gap",
        **kw,
    }
    return ReferenceCase(**given)  # type: ignore[arg-type]


def _unavailable(ev: Evidence) -> Estimate:
    raise CaseUnavailable("no such table")


def _broken(ev: Evidence) -> Estimate:
    raise ZeroDivisionError("oops")


FAKES = (
    _case("within", lambda ev: Estimate.rate(15, 1000)),
    _case("consistent", lambda ev: Estimate.rate(0, 100)),
    _case("outside", lambda ev: Estimate.rate(500, 1000)),
    _case("undefined", lambda ev: Estimate.rate(0, 0)),
    _case("unavailable", _unavailable),
    _case("broken", _broken),
    _case("inexpressible", None, expressible=False, not_expressible_because="no such people"),
)


def test_each_outcome() -> None:
    got = {c.key: run_case(c, EMPTY) for c in FAKES}
    assert got["within"].agreement is Agreement.WITHIN
    assert got["within"].explanation == ""
    assert got["consistent"].agreement is Agreement.CONSISTENT
    assert got["outside"].agreement is Agreement.OUTSIDE
    assert got["outside"].explanation == "the gap"
    assert got["outside"].ratio == pytest.approx(50.0)
    assert got["undefined"].agreement is Agreement.NO_DATA
    assert got["unavailable"].agreement is Agreement.NO_DATA
    assert got["unavailable"].explanation == "no such table"
    assert got["broken"].agreement is Agreement.NO_DATA
    assert "ZeroDivisionError" in got["broken"].explanation
    assert got["inexpressible"].agreement is Agreement.NOT_EXPRESSIBLE
    assert got["inexpressible"].explanation == "no such people"
    assert got["inexpressible"].simulated is None


def test_cases_needing_a_world_report_no_data_without_it() -> None:
    report = run_cases(EMPTY)
    assert len(report.cases) == len(CASES)
    for r, c in zip(report.cases, CASES, strict=True):
        assert r.key == c.key
        if c.world is not None:
            assert r.agreement in (Agreement.NO_DATA, Agreement.NOT_EXPRESSIBLE), r.key


def test_model_only_cases_run_on_the_default_score_model() -> None:
    report = run_cases(EMPTY, [c for c in CASES if c.world is None and c.expressible])
    assert report.cases
    assert all(r.simulated is not None for r in report.cases)
    calibrations = [r for r in report.cases if r.role is Role.CALIBRATION]
    assert calibrations
    assert all(r.agreement is Agreement.WITHIN for r in calibrations)


def _report() -> ValidationReport:
    world = WorldRun(
        name="w", description="d", persons=10, seed=1, path="/x", scenario_hash="h", seconds=1.0
    )
    return run_cases(EMPTY, FAKES, worlds=[world], quick=True)


def test_report_json_round_trip() -> None:
    report = _report()
    data = json.loads(json.dumps(report.to_json()))
    assert data["schema"] == "interopsim-validation"
    again = ValidationReport.from_json(data)
    assert again.to_json() == report.to_json()
    assert again.counts == report.counts
    assert sum(report.counts.values()) == len(FAKES)


def test_rows_and_markdown_name_every_case() -> None:
    report = _report()
    rows = case_rows(report)
    assert [r[0] for r in rows] == [c.key for c in FAKES]
    assert {r[2] for r in rows} == {a.value for a in Agreement}
    text = to_markdown(report)
    for c in FAKES:
        assert f"| {c.key} |" in text
    assert "### outside: outside" in text
    assert "the gap" in text
    assert "no such people" in text


def test_bounds_show_in_rows() -> None:
    ceiling = dataclasses.replace(
        FAKES[0], published=Published(0.02, "share", "q", FigureKind.AT_MOST)
    )
    row = case_rows(run_cases(EMPTY, [ceiling]))[0]
    assert row[3] == "<= 0.02"
    assert row[4].startswith("0.015 [")

"""Comparing the headline figures of two runs."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import Estimate
from analysis.report import ReportModel, compare_models, compare_runs
from analysis.report.compare import ComparisonRow
from tests.analysis.report.worlds import build_analysed_world


@st.composite
def estimates(draw: st.DrawFn) -> Estimate:
    value = draw(st.floats(0, 1e6, allow_nan=False))
    half = draw(st.floats(0, 1e3, allow_nan=False))
    return Estimate(value, max(0.0, value - half), value + half)


@given(a=estimates(), b=estimates())
def test_difference_ratio_and_overlap(a: Estimate, b: Estimate) -> None:
    assert a.value is not None
    assert b.value is not None
    row = ComparisonRow("k", "label", "number", a, b)
    assert row.difference == b.value - a.value
    if a.value == 0 or not math.isfinite(b.value / a.value):
        assert row.ratio is None
    else:
        assert row.ratio is not None
        assert math.isclose(row.ratio * a.value, b.value, rel_tol=1e-9, abs_tol=1e-300)
    swapped = ComparisonRow("k", "label", "number", b, a)
    assert row.intervals_overlap == swapped.intervals_overlap
    if row.intervals_overlap is False:
        assert row.difference != 0


def test_missing_figures_give_no_difference() -> None:
    row = ComparisonRow("k", "label", "share", Estimate(0.5), None)
    assert (row.difference, row.ratio, row.intervals_overlap) == (None, None, None)


def test_a_run_compared_with_itself(sample_model: ReportModel) -> None:
    result = compare_models(sample_model, sample_model)
    assert result.same_population
    assert [r.key for r in result.rows] == [r.key for r in sample_model.headline]
    for row in result.rows:
        assert row.difference == 0
        if row.a is not None and row.a.has_interval:
            assert row.intervals_overlap is True
    table = result.to_table()
    assert table[0] == ["figure", "A (shared)", "B (shared)", "B - A"]
    assert len(table) == len(sample_model.headline) + 1


def test_figures_only_in_one_run_are_kept(sample_model: ReportModel) -> None:
    fewer = dataclasses.replace(sample_model, headline=sample_model.headline[:2])
    result = compare_models(fewer, sample_model)
    assert len(result.rows) == len(sample_model.headline)
    assert result.rows[-1].a is None
    figures: Any = result.to_json()["figures"]
    assert figures[-1]["a"] is None


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("compare")
    a = build_analysed_world(root / "shared", mode="shared").path
    b = build_analysed_world(root / "siloed", mode="siloed").path
    return a, b


def test_compare_runs(two_runs: tuple[Path, Path]) -> None:
    a, b = two_runs
    data: dict[str, Any] = compare_runs(a, b).to_json()
    json.dumps(data)
    assert data["simulated"] is True
    assert data["runs"]["a"]["mode"] == "shared"
    assert data["runs"]["b"]["mode"] == "siloed"
    assert data["runs"]["a"]["path"] == str(a)
    assert data["same_population"] is True
    keys = [f["key"] for f in data["figures"]]
    assert "persons_wrongly_linked" in keys
    for fig in data["figures"]:
        if fig["a"] is not None and fig["b"] is not None:
            assert fig["difference"] == pytest.approx(fig["b"]["value"] - fig["a"]["value"])
            assert {"lower", "upper", "n", "method"} <= set(fig["a"])  # the estimate's own keys

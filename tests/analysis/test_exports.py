"""The public names of the analysis packages are exactly the ones listed here.

A name added to or removed from ``__all__`` is an API change: update this list on purpose.
"""

from __future__ import annotations

import importlib

import pytest

EXPECTED = {
    "analysis": [
        "METRICS_FILE",
        "AnalysisConfig",
        "Assumption",
        "Estimate",
        "Method",
        "Metrics",
        "analyse_replicates",
        "analyse_world",
        "make_config",
        "read_metrics",
        "write_metrics",
    ],
    "analysis.report": [
        "GLOSSARY",
        "SECTIONS",
        "Comparison",
        "ComparisonRow",
        "Explanation",
        "PeopleInError",
        "PersonInError",
        "ReportFiles",
        "ReportModel",
        "cite_text",
        "compare_by_group",
        "compare_models",
        "compare_runs",
        "explain_person",
        "explain_record",
        "explanation_text",
        "figure_citation",
        "load_model",
        "model_from_metrics",
        "people_in_error",
        "render_model",
        "render_report",
        "size_warnings",
    ],
}


@pytest.mark.parametrize("package", sorted(EXPECTED))
def test_exported_members(package: str) -> None:
    module = importlib.import_module(package)
    assert sorted(module.__all__) == sorted(EXPECTED[package])
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    public = {n for n in vars(module) if not n.startswith("_")}
    submodules = {n for n in public if type(getattr(module, n)).__name__ == "module"}
    assert public - submodules - {"annotations"} == set(module.__all__)

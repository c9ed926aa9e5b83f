"""The report in words: the headline paragraph, the glossary, the warnings, the citations."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import read_metrics
from analysis.metrics import METRICS_FILE
from analysis.report import GLOSSARY, figure_citation, load_model
from analysis.report.formatting import format_interval, format_value
from analysis.report.story import ERROR_FIGURE, MIN_PEOPLE, size_warnings
from tests.analysis.report.worlds import build_analysed_world


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analysed_world(tmp_path_factory.mktemp("story") / "w").path


def test_the_headline_states_the_error_figure_with_its_interval(analysed: Path) -> None:
    model = load_model(analysed)
    assert model.summary is not None
    figure = model.summary.figure
    assert figure.key == ERROR_FIGURE
    lead, *rest = model.summary.sentences
    assert lead.startswith("In this simulated world of 6 synthetic people")
    assert "wrongly linked 4 people" in lead
    assert f"(95 % interval {format_interval(figure.estimate, 'count')})" in lead
    assert any(s.startswith("Of these,") and "white link" in s for s in rest)  # what drives it
    assert model.summary.key_figures[0] is figure


def test_the_glossary_names_one_error_figure() -> None:
    terms = dict(GLOSSARY)
    assert terms["People wrongly linked"].startswith("The error figure of this report.")
    assert sum("The error figure" in text for text in terms.values()) == 1
    assert "Counts links, not people" in terms["False MID links"]


def test_a_world_warns_below_the_thresholds(analysed: Path) -> None:
    metrics = read_metrics(analysed / METRICS_FILE)
    assert (metrics.persons.wrongly_linked.count.value or 0) < MIN_PEOPLE
    assert size_warnings(metrics)


def test_a_figure_citation_is_one_pastable_line(analysed: Path) -> None:
    model = load_model(analysed)
    for row in model.headline:
        line = figure_citation(row, model.citation)
        assert "\n" not in line
        assert line.startswith(f"{row.label}: {format_value(row.estimate.value, row.kind)}")
        assert f"seed {model.citation.seed}" in line
        assert model.citation.scenario_hash[:12] in line
        assert f"interopsim {model.citation.version}" in line
        if row.estimate.extrapolated:
            assert "extrapolated" in line

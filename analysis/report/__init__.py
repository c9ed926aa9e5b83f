"""The report of an analysed world: HTML and Markdown pages, comparisons, explanations.

:func:`render_report` renders ``DIR/report/`` from the world's typed metrics
(:func:`load_model` builds the :class:`ReportModel` it shows, :func:`render_model`
renders any model); :func:`compare_runs` sets two runs' headline figures side by side
(:func:`compare_by_group`: group by group); :func:`people_in_error` lists the people
behind the error figures; :func:`explain_person` and :func:`explain_record` tell one
synthetic person's or record's story (:func:`explanation_text` as text). The headline in
words, the glossary and the too-small-world warnings live in :mod:`~analysis.report.story`;
citations in :mod:`~analysis.report.cite`.
"""

from __future__ import annotations

from analysis.report.cite import cite_text, figure_citation
from analysis.report.compare import (
    Comparison,
    ComparisonRow,
    compare_by_group,
    compare_models,
    compare_runs,
)
from analysis.report.explain import Explanation, explain_person, explain_record
from analysis.report.explain_text import explanation_text
from analysis.report.extract import load_model, model_from_metrics
from analysis.report.model import ReportModel
from analysis.report.people import PeopleInError, PersonInError, people_in_error
from analysis.report.render import SECTIONS, ReportFiles, render_model, render_report
from analysis.report.story import GLOSSARY, size_warnings

__all__ = [
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
]

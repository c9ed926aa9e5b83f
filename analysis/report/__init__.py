"""The report of an analysed world: HTML and Markdown pages, comparisons, explanations.

:func:`render_report` renders ``DIR/report/`` from the world's typed metrics
(:func:`load_model` builds the :class:`ReportModel` it shows, :func:`render_model`
renders any model); :func:`compare_runs` sets two runs' headline figures side by side;
:func:`explain_person` and :func:`explain_record` tell one synthetic person's or
record's story.
"""

from __future__ import annotations

from analysis.report.cite import cite_text, figure_citation
from analysis.report.compare import Comparison, ComparisonRow, compare_models, compare_runs
from analysis.report.explain import Explanation, explain_person, explain_record
from analysis.report.explain_text import explanation_text
from analysis.report.extract import load_model, model_from_metrics
from analysis.report.model import ReportModel
from analysis.report.render import SECTIONS, ReportFiles, render_model, render_report
from analysis.report.story import GLOSSARY, size_warnings

__all__ = [
    "GLOSSARY",
    "SECTIONS",
    "Comparison",
    "ComparisonRow",
    "Explanation",
    "ReportFiles",
    "ReportModel",
    "cite_text",
    "compare_models",
    "compare_runs",
    "explain_person",
    "explain_record",
    "explanation_text",
    "figure_citation",
    "load_model",
    "model_from_metrics",
    "render_model",
    "render_report",
    "size_warnings",
]

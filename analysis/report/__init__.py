"""The report of an analysed world: HTML and Markdown pages, comparisons, explanations."""

from __future__ import annotations

from analysis.report.compare import Comparison, ComparisonRow, compare_models, compare_runs
from analysis.report.explain import Explanation, explain_person, explain_record, explanation_text
from analysis.report.extract import load_model, model_from_metrics, read_metrics
from analysis.report.figures import Figure, draw_all
from analysis.report.model import ReportModel
from analysis.report.render import SECTIONS, ReportFiles, cite_text, render_model, render_report

__all__ = [
    "SECTIONS",
    "Comparison",
    "ComparisonRow",
    "Explanation",
    "Figure",
    "ReportFiles",
    "ReportModel",
    "cite_text",
    "compare_models",
    "compare_runs",
    "draw_all",
    "explain_person",
    "explain_record",
    "explanation_text",
    "load_model",
    "model_from_metrics",
    "read_metrics",
    "render_model",
    "render_report",
]

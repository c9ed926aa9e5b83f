"""Calibration and validation, kept apart: the model against published figures.

A registry of :class:`ReferenceCase` objects (:data:`CASES`), each a published figure
with its exact definition, sources, conditions and :class:`Tolerance`, marked either
:attr:`Role.CALIBRATION` (it set a default: the case names the parameters) or
:attr:`Role.VALIDATION` (it set nothing). Each case computes its simulated counterpart
from built worlds (:class:`Evidence`: the worlds of :data:`WORLDS`, generated, linked and
analysed by :func:`interopsim.validate`) or says why the model cannot express it.
:func:`run_cases` judges every case (:class:`Agreement`) into a :class:`ValidationReport`;
:func:`calibrated_defaults` lists which defaults were calibrated to what.
"""

from analysis.validation.agreement import Agreement, Verdict, judge
from analysis.validation.calibration import (
    CalibratedDefault,
    calibrated_defaults,
    calibration_of,
    default_parameters,
    holdout_conflicts,
)
from analysis.validation.case import (
    CaseUnavailable,
    Compute,
    FigureKind,
    Published,
    ReferenceCase,
    Role,
    Tolerance,
)
from analysis.validation.evidence import WORLDS, Evidence, SimulatedWorld, WorldSpec
from analysis.validation.markdown import CASE_COLUMNS, case_rows, to_markdown
from analysis.validation.names import NameModelValue, NameStatistic, name_cases
from analysis.validation.registry import CASES, case, cases
from analysis.validation.result import CaseResult, PublishedFigure, ValidationReport, WorldRun
from analysis.validation.run import run_case, run_cases

__all__ = [
    "CASES",
    "CASE_COLUMNS",
    "WORLDS",
    "Agreement",
    "CalibratedDefault",
    "CaseResult",
    "CaseUnavailable",
    "Compute",
    "Evidence",
    "FigureKind",
    "NameModelValue",
    "NameStatistic",
    "Published",
    "PublishedFigure",
    "ReferenceCase",
    "Role",
    "SimulatedWorld",
    "Tolerance",
    "ValidationReport",
    "Verdict",
    "WorldRun",
    "WorldSpec",
    "calibrated_defaults",
    "calibration_of",
    "case",
    "case_rows",
    "cases",
    "default_parameters",
    "holdout_conflicts",
    "judge",
    "name_cases",
    "run_case",
    "run_cases",
    "to_markdown",
]

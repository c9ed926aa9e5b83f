"""Run the reference cases on built worlds and judge each one.

:func:`run_case` computes one case's simulated figure and judges it
(:func:`~analysis.validation.agreement.judge`); :func:`run_cases` runs them all and
returns the :class:`ValidationReport`. A case that cannot compute its figure in this run
(a world lacks a table, the score model changed shape) is reported as ``no data`` with
the reason; it never stops the other cases.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from analysis.validation.agreement import Agreement, judge
from analysis.validation.calibration import calibrated_defaults
from analysis.validation.case import CaseUnavailable, ReferenceCase
from analysis.validation.evidence import Evidence
from analysis.validation.registry import CASES
from analysis.validation.result import CaseResult, ValidationReport, WorldRun
from schemas import __version__
from schemas.progress import Progress

__all__ = ["run_case", "run_cases"]

log = logging.getLogger(__name__)


def _explain(case: ReferenceCase, agreement: Agreement) -> str:
    if agreement is Agreement.OUTSIDE:
        return case.gap or "no explanation recorded"
    return case.gap if case.gap and agreement is Agreement.CONSISTENT else ""


def run_case(case: ReferenceCase, evidence: Evidence) -> CaseResult:
    """The result of one case on ``evidence``."""
    if case.compute is None:
        return CaseResult.of(
            case, Agreement.NOT_EXPRESSIBLE, explanation=case.not_expressible_because
        )
    try:
        estimate = case.compute(evidence)
    except CaseUnavailable as exc:
        return CaseResult.of(case, Agreement.NO_DATA, explanation=str(exc))
    except Exception as exc:  # one broken case must not hide the others' results
        log.exception("reference case %s failed", case.key)
        return CaseResult.of(
            case, Agreement.NO_DATA, explanation=f"failed: {type(exc).__name__}: {exc}"
        )
    verdict = judge(estimate, case.tolerance.band(case.published), case.published.value)
    explanation = _explain(case, verdict.agreement)
    if verdict.agreement is Agreement.NO_DATA:
        explanation = estimate.note or "the simulated figure is undefined (no denominator)"
    return CaseResult.of(case, verdict.agreement, estimate, verdict.ratio, explanation)


def run_cases(
    evidence: Evidence,
    cases: Iterable[ReferenceCase] = CASES,
    *,
    worlds: Iterable[WorldRun] = (),
    quick: bool = False,
    progress: Progress | None = None,
) -> ValidationReport:
    """Every case's result on ``evidence``, with the worlds and the calibrated defaults."""
    todo = tuple(cases)
    results = []
    for i, case in enumerate(todo):
        results.append(run_case(case, evidence))
        if progress is not None:
            progress("reference cases", i + 1, len(todo))
    return ValidationReport(
        interopsim_version=__version__,
        quick=quick,
        worlds=tuple(worlds),
        cases=tuple(results),
        calibration=calibrated_defaults(todo),
    )

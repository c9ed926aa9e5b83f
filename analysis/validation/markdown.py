"""The validation report in words: rows for a terminal table and a short Markdown report."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.validation.agreement import Agreement
from analysis.validation.case import FigureKind, Role
from analysis.validation.result import CaseResult, PublishedFigure, ValidationReport

__all__ = ["CASE_COLUMNS", "case_rows", "format_number", "to_markdown"]

#: The columns of :func:`case_rows`.
CASE_COLUMNS = ("case", "role", "agreement", "published", "simulated", "sim/pub")


def format_number(x: float | None) -> str:
    """Four significant digits; empty for None."""
    if x is None:
        return ""
    if x == 0:
        return "0"
    return f"{x:.4g}"


def _published(p: PublishedFigure) -> str:
    if p.kind is FigureKind.RANGE:
        return f"{format_number(p.low)} to {format_number(p.high)}"
    if p.kind is FigureKind.AT_MOST:
        return f"<= {format_number(p.value)}"
    if p.kind is FigureKind.AT_LEAST:
        return f">= {format_number(p.value)}"
    return format_number(p.value)


def _simulated(r: CaseResult) -> str:
    e = r.simulated
    if e is None:
        return ""
    text = format_number(e.value)
    if e.has_interval:
        text += f" [{format_number(e.lower)}, {format_number(e.upper)}]"
    if e.structural:
        text += " (structural)"
    return text


def case_rows(report: ValidationReport) -> list[tuple[str, ...]]:
    """One row per case: key, role, agreement, published, simulated [interval], ratio."""
    return [
        (
            r.key,
            r.role.value,
            r.agreement.value,
            _published(r.published),
            _simulated(r),
            format_number(r.ratio),
        )
        for r in report.cases
    ]


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return [line(header), "|" + "---|" * len(header), *(line(r) for r in rows)]


def _worlds(report: ValidationReport) -> list[str]:
    rows = [
        (w.name, f"{w.persons:,}", str(w.seed), f"{w.seconds:.0f} s", w.description)
        for w in report.worlds
    ]
    return _table(("world", "persons", "seed", "built in", "what it is"), rows)


def _worth_explaining(r: CaseResult) -> bool:
    """Every case that did not simply agree, and validation cases with a note."""
    if r.agreement is not Agreement.WITHIN:
        return True
    noted = r.simulated is not None and bool(r.simulated.note)
    return r.role is Role.VALIDATION and (noted or bool(r.explanation))


def _details(report: ValidationReport) -> list[str]:
    out: list[str] = []
    for r in report.cases:
        if not _worth_explaining(r):
            continue
        out += [f"### {r.key}: {r.agreement.value}", "", r.title + ".", ""]
        out.append(f"- Published: {r.published.quote} ({r.published.unit}; {r.measures}).")
        if r.published.arithmetic:
            out.append(f"- Arithmetic: {r.published.arithmetic}.")
        out.append(f"- Simulated: {r.simulated_as}.")
        if r.simulated is not None and r.simulated.note:
            out.append(f"- This run: {_simulated(r)} {r.simulated.unit}; {r.simulated.note}.")
        if r.explanation:
            out.append(f"- Why: {r.explanation}")
        out.append("")
    return out


def _calibration(report: ValidationReport) -> list[str]:
    rows = [
        (d.key, d.case or "(no case)", d.figure, "; ".join("@" + s for s in d.sources))
        for d in report.calibration
    ]
    return _table(("parameter", "calibration case", "published figure", "sources"), rows)


def to_markdown(report: ValidationReport) -> str:
    """A short Markdown report: worlds, the table of cases, explanations, calibrations."""
    counts = ", ".join(f"{k}: {v}" for k, v in report.counts.items())
    lines = [
        "# interopsim validate",
        "",
        f"interopsim {report.interopsim_version}"
        + (" (--quick: small worlds, wide intervals)" if report.quick else ""),
        "",
        report.label,
        "",
        "## Worlds",
        "",
        *_worlds(report),
        "",
        "## Cases",
        "",
        f"Cases by role and agreement: {counts}. 'within': the simulated value is inside the "
        "tolerance band; 'consistent': outside, but its interval reaches the band; "
        "'outside': the case explains why below.",
        "",
        *_table(CASE_COLUMNS, case_rows(report)),
        "",
        "## Explanations",
        "",
        "Every case that did not simply agree, and the validation cases with a note on "
        "this run (calibration cases that agree are left out: they agree by construction).",
        "",
        *_details(report),
        "## Calibrated defaults",
        "",
        *_calibration(report),
        "",
    ]
    return "\n".join(lines)

"""Fixtures: a hand-built report model shaped like a small run's (rendering tests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analysis import Assumption, Estimate
from analysis.report import render_model
from analysis.report.model import (
    Citation,
    ColourCount,
    GroupRate,
    Headline,
    HeadlineRow,
    Reachability,
    ReportModel,
    ScalingCurve,
    ScalingPoint,
    WorkloadSeries,
)
from schemas.provenance import Tag


def _est(
    value: float,
    lower: float | None = None,
    upper: float | None = None,
    count: int | None = None,
    n: int | None = None,
) -> Estimate:
    """A simulated estimate (a Wilson rate when it has an interval)."""
    return Estimate(value, lower, upper, n, count=count, unit="share" if lower else "")


def _daugman(fmr: float, n: float) -> float:
    return float(1 - (1 - fmr) ** n)


def build_sample_model() -> ReportModel:
    """A report model with every section filled."""
    fmr = 2.5e-9
    sim = [
        ScalingPoint(
            n, _est(_daugman(fmr, n), _daugman(fmr, n) * 0.8, _daugman(fmr, n) * 1.2), False
        )
        for n in (1e4, 3e4, 1e5, 3e5)
    ]
    ext = [ScalingPoint(n, _est(_daugman(fmr, n)), True) for n in (1e6, 1e7, 1e8, 4e8)]
    start = dt.date(2026, 1, 1)
    dates = tuple((start + dt.timedelta(days=7 * i)).isoformat() for i in range(30))
    backlog = tuple(float(min(40 * i, 600) - (0 if i < 20 else 30 * (i - 20))) for i in range(30))
    overall = 0.0021

    def group(dim: str, name: str, rate: float, lo: float, hi: float, k: int, n: int) -> GroupRate:
        ratio = Estimate(rate / overall, lo / overall, hi / overall, n, unit="ratio")
        return GroupRate(dim, name, _est(rate, lo, hi, k, n), ratio, persons=float(n))

    groups = [
        group("sex", "F", 0.0031, 0.0024, 0.0040, 31, 10_000),
        group("sex", "M", 0.0012, 0.0008, 0.0018, 12, 10_000),
        group("region", "west_africa", 0.0052, 0.0038, 0.0071, 26, 5_000),
        group("region", "east_asia", 0.0040, 0.0028, 0.0057, 20, 5_000),
        group("region", "eastern_europe", 0.0008, 0.0003, 0.0021, 4, 5_000),
        group("age", "0-13", 0.0060, 0.0040, 0.0090, 18, 3_000),
        group("age", "14-64", 0.0015, 0.0011, 0.0021, 25, 16_000),
    ]
    identity = ScalingCurve(
        key="identity",
        title="Identity search",
        metric="pairs sharing name and birth date",
        points=(
            ScalingPoint(1e4, Estimate(2.0, unit="pairs"), False),
            ScalingPoint(3e4, Estimate(10.0, unit="pairs"), False),
            ScalingPoint(3e8, Estimate(9.9e8, 5e8, 1.8e9, unit="pairs"), True),
        ),
        formula="C(R) = q * R (R - 1) / 2",
        reference_sizes=(("CIR 300 M", 3e8),),
        size_label="records searched",
        model=(
            ScalingPoint(1e4, Estimate(1.1, unit="pairs"), False),
            ScalingPoint(3e4, Estimate(10.0, unit="pairs"), False),
            ScalingPoint(3e8, Estimate(9.9e8, unit="pairs"), True),
        ),
        model_label="formula",
    )
    key_figure = HeadlineRow(
        "persons_wrongly_linked",
        "People wrongly linked to someone else",
        Estimate(42.0, 30.3, 56.8, None, unit="persons"),
        "count",
        "persons; Poisson interval",
    )
    purposes = ("visa", "border", "asylum", "police", "travel_authorisation", "criminal_justice")
    authorities = (
        "visa authority",
        "border guard",
        "asylum authority",
        "police",
        "Europol",
        "ETIAS unit",
    )
    siloed = tuple(tuple(1.0 if i == j else 0.0 for j in range(6)) for i in range(6))
    inter = tuple(
        tuple(1.0 if i == j else round(0.1 + 0.13 * ((i + j) % 5), 2) for j in range(6))
        for i in range(6)
    )
    return ReportModel(
        title="interopsim report: default scenario",
        citation=Citation(
            seed=42,
            scenario="default",
            scenario_hash="sha256:0f3a9c1e5b7d",
            version="0.1.0",
            mode="shared",
            persons=20_000,
            created_at="2026-01-01T00:00:00+00:00",
            command="interopsim run --preset default --persons 20000 --seed 42 --out DIR",
        ),
        headline=(
            HeadlineRow("persons", "Synthetic persons", _est(20_000), "count"),
            HeadlineRow("records", "Records in all systems", _est(61_234), "count"),
            HeadlineRow(
                "wrong_link_rate",
                "Persons with at least one wrong link",
                _est(0.0021, 0.0015, 0.0029, 42, 20_000),
                "rate",
                "links joining records of different persons",
            ),
            HeadlineRow(
                "missed",
                "True pairs not linked",
                _est(0.031, 0.027, 0.035, 310, 10_000),
                "rate",
            ),
            HeadlineRow("yellow", "Yellow links (manual verification)", _est(812), "count"),
            key_figure,
            HeadlineRow(
                "persons_wrongly_linked_rate",
                "Share of registered people wrongly linked",
                _est(overall, 0.0015, 0.0029, 42, 20_000),
                "share",
            ),
        ),
        summary=Headline(
            key_figure,
            (
                "In this simulated world of 20,000 synthetic people, 42 people were wrongly "
                "linked.",
                "The errors do not fall evenly [@eu-2019-817].",
            ),
            (key_figure,),
        ),
        groups=tuple(groups),
        group_metric="persons with a wrong link",
        scaling=(
            ScalingCurve(
                metric="FPIR",
                points=(*sim, *ext),
                formula="FPIR(N) = 1 − (1 − FMR)^N",
                reference_sizes=(("sBMS 400 M", 4e8),),
                at_reference=(("sBMS 400 M", ext[-1].estimate),),
            ),
            identity,
        ),
        colours=(
            ColourCount("white", 15_000, 14_950, 50, 2_000),
            ColourCount("yellow", 812, 400, 412),
            ColourCount("green", 300, 3, 297),
            ColourCount("red", 40, 25, 15),
        ),
        workload=WorkloadSeries(
            dates=dates,
            backlog=backlog,
            created=tuple(40.0 for _ in dates),
            resolved=tuple(0.0 if i < 20 else 70.0 for i in range(30)),
            summary=(("peak backlog", "600"), ("officer hours", "1,234")),
        ),
        reachability=Reachability(authorities, purposes, siloed, inter),
        assumptions=(
            Assumption(
                key="analysis.fpir_ceiling",
                value=0.001,
                source="S [@eu-2019-329]: the EES ceiling",
                tag=Tag.SECONDARY,
            ),
            Assumption(
                key="link.mid.verification.cases_per_day",
                value=20,
                source="A: no published figure",
                tag=Tag.ASSUMPTION,
            ),
            Assumption(
                key="link.mid.verification.minutes_per_case",
                value=15,
                source="A: no published figure",
                tag=Tag.ASSUMPTION,
            ),
            Assumption(
                key="link.biometric.fmr",
                value=2.5e-12,
                source="C [@eu-2019-329]: reproduces the EES FPIR ceiling at 400 M templates",
                tag=Tag.CALIBRATED,
            ),
            Assumption(
                key="scenario.noise.default_dob_share",
                value=0.14,
                source="set by this scenario (the default's source: S [@bamf-2020-january-first])",
                changed=True,
            ),
        ),
    )


@pytest.fixture
def sample_model() -> ReportModel:
    """A report model with every section filled."""
    return build_sample_model()


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The sample model rendered once per session, for read-only tests: (dir, html, md)."""
    out = tmp_path_factory.mktemp("report")
    files = render_model(build_sample_model(), out)
    return out, files.html.read_text(encoding="utf-8"), files.markdown.read_text(encoding="utf-8")

"""MID workload on the canonical world (links 4-7 needed verification; 4 is a false red)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from analysis import Metrics, analyse_world
from analysis.linkrun import LinkRun
from analysis.workload import DEFAULT_VERIFICATION_MINUTES, verification_minutes
from schemas import open_world
from schemas.manifest import StageRecord


def test_workload_figures(canonical_metrics: Metrics) -> None:
    w = canonical_metrics.workload
    assert w.yellow_links.value == 4
    assert w.verified.value == 3
    assert w.pending.value == 1
    assert w.yellow_per_1000_records.value == pytest.approx(4 / 11 * 1000)
    assert w.verification_minutes.value == 15.0
    assert w.verification_hours.value == pytest.approx(1.0)
    assert w.resolved_wrongly.value == 1
    assert w.share_resolved_wrongly.value == pytest.approx(1 / 3)
    assert w.resolved_wrongly_by_colour["red"].wrong.value == 1
    assert w.resolved_wrongly_by_colour["green"].wrong.value == 0
    assert w.yellow_different_persons.value == 2  # links 5 and 7
    # links 4 (31 days), 6 (62 days), 7 (19 days)
    assert w.days_to_verify_mean.value == pytest.approx((31 + 62 + 19) / 3)
    assert w.yellow_cases_created.value is None  # the hand-built link stage recorded none


def test_backlog_series(canonical_metrics: Metrics) -> None:
    b = canonical_metrics.workload.backlog
    assert b.period == "1mo"
    assert b.dates[0] == dt.date(2020, 1, 1)
    assert b.dates[-1] == dt.date(2021, 1, 1)
    assert b.created[:9] == (0, 0, 1, 0, 1, 1, 1, 0, 0)
    assert b.resolved[:9] == (0, 0, 0, 0, 0, 2, 0, 0, 1)
    assert b.backlog[:9] == (0, 0, 1, 1, 2, 1, 2, 2, 1)
    assert b.backlog[-1] == 1
    assert sum(b.records_created) == 11
    assert b.yellow_per_1000_records[2] == pytest.approx(1000.0)
    backlog: Any = canonical_metrics.workload.to_json()["backlog"]
    assert backlog["dates"][0] == "2020-01-01"


def test_minutes_come_from_the_link_configuration() -> None:
    configured = LinkRun({"mid": {"verification": {"minutes_per_case": 12.5}}}, {})
    assert verification_minutes(configured, None)[0] == 12.5
    assert verification_minutes(configured, 40.0) == (
        40.0,
        "analysis parameter verification_minutes",
    )
    summarised = LinkRun({}, {"verification": {"minutes_per_case": 20.0}})
    assert verification_minutes(summarised, None)[0] == 20.0
    for run in (None, LinkRun({}, {})):
        minutes, source = verification_minutes(run, None)
        assert minutes == DEFAULT_VERIFICATION_MINUTES
        assert "assumption" in source


def test_cases_recorded_by_the_link_stage(tmp_path: Path) -> None:
    from tests.analysis.builders import CANONICAL_AS_OF, canonical_world

    world = canonical_world(tmp_path / "w")
    link = StageRecord(
        run_id="test",
        finished_at="2021-01-01T00:00:00+00:00",
        parameters={"mode": "shared", "mid": {"verification": {"minutes_per_case": 20.0}}},
        summary={
            "links_by_colour": {"white": 3},
            "verification": {"yellow_cases": 9, "wrong_conclusions": 2, "minutes_per_case": 20.0},
        },
    )
    manifest = world.manifest.model_copy(update={"stages": {"link": link}})
    (world.path / "manifest.json").write_bytes(manifest.to_bytes())
    metrics = analyse_world(open_world(world.path))
    w = metrics.workload
    assert w.yellow_cases_created.value == 9
    assert w.yellow_cases_created.note is not None
    assert "Art. 36" in w.yellow_cases_created.note
    assert w.yellow_cases_per_1000_records.value == pytest.approx(9 / 11 * 1000)
    assert w.wrong_conclusions_all_cases.value == 2
    assert w.verification_minutes.value == 20.0
    keys = {a.key: a for a in metrics.assumptions}
    minutes = keys["link.mid.verification.minutes_per_case"]
    assert minutes.value == 20.0
    assert minutes.changed  # the MID default is 15 minutes
    assert "set by the link run" in minutes.source
    assert keys["link.mode"].value == "shared"
    assert keys["analysis.verification_minutes"].value == 20.0
    assert "link configuration" in keys["analysis.verification_minutes"].source
    assert not any(k.startswith("link.links_by_colour") for k in keys)  # results, not parameters
    assert metrics.provenance.as_of == CANONICAL_AS_OF

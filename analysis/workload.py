"""The manual work the MID creates: yellow links, verification hours, wrong resolutions.

A link needed manual verification when it is still yellow or was verified (red and
green links, and white links of Art. 33(d), are only set after verification; IO Arts.
29-33 [@eu-2019-817]). Hours are verifications times the minutes one takes (an
assumption: no official estimate of the MID's manual workload was found). A verified
link is resolved wrongly when its final colour contradicts the truth
(:func:`analysis.truth.link_verdict`). The backlog at the end of each period is the
yellow links created so far minus those verified so far.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import cast

import polars as pl

from analysis._tree import Node
from analysis.estimate import Estimate, Method
from analysis.linkrun import LinkRun
from analysis.truth import WorldData

__all__ = [
    "DEFAULT_VERIFICATION_MINUTES",
    "BacklogSeries",
    "ColourResolution",
    "Workload",
    "backlog_series",
    "verification_minutes",
    "workload_figures",
]

#: Minutes per verification when neither the analysis nor the link stage sets them.
DEFAULT_VERIFICATION_MINUTES = 15.0
_PER_1000 = "yellow links per 1,000 new records"
_RECORDED_NOTE = (
    "recorded by the link stage; includes links later removed when a record was deleted "
    "(IO Art. 36)"
)
_NOT_RECORDED = "not recorded by the link stage"


@dataclass(frozen=True, kw_only=True)
class ColourResolution(Node):
    """Verified links that ended in one colour, and how many of them wrongly."""

    verified: Estimate
    wrong: Estimate


@dataclass(frozen=True, kw_only=True)
class BacklogSeries(Node):
    """Per period (starting at ``dates``): yellow links created and verified, backlog."""

    period: str
    dates: tuple[dt.date, ...]
    created: tuple[int, ...]
    resolved: tuple[int, ...]
    backlog: tuple[int, ...]
    records_created: tuple[int, ...]
    yellow_per_1000_records: tuple[float | None, ...]


@dataclass(frozen=True, kw_only=True)
class Workload(Node):
    """Manual verification of yellow links (IO Art. 29)."""

    yellow_cases_created: Estimate
    yellow_cases_per_1000_records: Estimate
    wrong_conclusions_all_cases: Estimate
    yellow_links: Estimate
    yellow_per_1000_records: Estimate
    yellow_same_person: Estimate
    yellow_different_persons: Estimate
    verified: Estimate
    pending: Estimate
    verification_minutes: Estimate
    verification_hours: Estimate
    verification_hours_done: Estimate
    verification_hours_per_1000_records: Estimate
    resolved_wrongly: Estimate
    share_resolved_wrongly: Estimate
    resolved_wrongly_by_colour: Mapping[str, ColourResolution]
    days_to_verify_mean: Estimate
    days_to_verify_p90: Estimate
    backlog: BacklogSeries


def verification_minutes(run: LinkRun | None, configured: float | None) -> tuple[float, str]:
    """Minutes per verification: configured, else the link stage's, else 15 (assumption)."""
    if configured is not None:
        return configured, "analysis parameter verification_minutes"
    recorded = None if run is None else run.minutes_per_case
    if recorded is not None:
        return recorded, "link configuration in the manifest (minutes_per_case)"
    return DEFAULT_VERIFICATION_MINUTES, (
        "assumption of this project, not a published figure (no official estimate of the "
        "MID's manual workload was found); same default as the linkage's verification model"
    )


def _empty_series(period: str) -> BacklogSeries:
    return BacklogSeries(
        period=period,
        dates=(),
        created=(),
        resolved=(),
        backlog=(),
        records_created=(),
        yellow_per_1000_records=(),
    )


def backlog_series(
    links: pl.DataFrame, records: pl.DataFrame, period: str, end: dt.date
) -> BacklogSeries:
    """Per period: yellow links created, verified, backlog at the end, records created."""
    yel = links.filter(pl.col("needed_verification"))

    def per_period(frame: pl.DataFrame, date: str, name: str) -> pl.DataFrame:
        return frame.group_by(pl.col(date).dt.truncate(period).alias("d")).agg(pl.len().alias(name))

    created = per_period(yel, "created_on", "created")
    resolved = per_period(
        yel.filter(pl.col("verified_on").is_not_null()), "verified_on", "resolved"
    )
    made = per_period(records, "registered_on", "records_created")
    starts = pl.concat([created["d"], resolved["d"], made["d"]]).drop_nulls()
    if starts.len() == 0:
        return _empty_series(period)
    first = cast(dt.date, starts.min())
    end_period = cast(dt.date, pl.Series([end]).dt.truncate(period)[0])
    last = max(cast(dt.date, starts.max()), end_period)
    grid = pl.DataFrame({"d": pl.date_range(first, last, interval=period, eager=True)})
    s = (
        grid.join(created, on="d", how="left")
        .join(resolved, on="d", how="left")
        .join(made, on="d", how="left")
        .fill_null(0)
        .sort("d")
        .with_columns((pl.col("created").cum_sum() - pl.col("resolved").cum_sum()).alias("backlog"))
        .with_columns(
            pl.when(pl.col("records_created") > 0)
            .then(pl.col("created") * 1000.0 / pl.col("records_created"))
            .otherwise(None)
            .alias("yellow_per_1000_records")
        )
    )
    return BacklogSeries(
        period=period,
        dates=tuple(s["d"].to_list()),
        created=tuple(s["created"].to_list()),
        resolved=tuple(s["resolved"].to_list()),
        backlog=tuple(s["backlog"].to_list()),
        records_created=tuple(s["records_created"].to_list()),
        yellow_per_1000_records=tuple(s["yellow_per_1000_records"].to_list()),
    )


def _recorded_cases(
    run: LinkRun | None, n_records: int, level: float
) -> tuple[Estimate, Estimate, Estimate]:
    """Yellow cases ever created, per 1,000 records, and wrong conclusions, as recorded."""
    created = None if run is None else run.yellow_cases
    if created is None:
        return (
            Estimate.point(None, "links", note=_NOT_RECORDED),
            Estimate.point(None, _PER_1000),
            Estimate.point(None, "links", note=_NOT_RECORDED),
        )
    assert run is not None
    wrong = run.wrong_conclusions
    per_1000 = 1000.0 / n_records if n_records else float("nan")
    return (
        replace(Estimate.events(float(created), "links", level), note=_RECORDED_NOTE),
        Estimate.scaled_events(float(created), per_1000, _PER_1000, level, n_records),
        replace(Estimate.events(float(wrong), "links", level), note=_RECORDED_NOTE)
        if wrong is not None
        else Estimate.point(None, "links", note=_NOT_RECORDED),
    )


def _days_to_verify(verified: pl.DataFrame) -> tuple[Estimate, Estimate]:
    """Mean and 90th percentile of the days from link creation to verification."""
    delays = verified.filter(pl.col("verified_on").is_not_null()).select(
        (pl.col("verified_on") - pl.col("created_on")).dt.total_days().alias("days")
    )["days"]
    if not delays.len():
        return Estimate.point(None, "days"), Estimate.point(None, "days")
    return (
        Estimate.point(cast(float, delays.cast(pl.Float64).mean()), "days"),
        Estimate.point(float(cast(float, delays.quantile(0.9))), "days"),
    )


def workload_figures(
    data: WorldData, minutes: float, period: str, run: LinkRun | None, level: float = 0.95
) -> Workload:
    """Yellow links per 1,000 new records, hours, wrong resolutions and the backlog."""
    yel = data.links.filter(pl.col("needed_verification"))
    verified = yel.filter(pl.col("verified_on").is_not_null() | (pl.col("colour") != "yellow"))
    wrong = verified.filter(pl.col("correct") == False)  # noqa: E712
    n_records = data.records.height
    per_1000 = 1000.0 / n_records if n_records else float("nan")
    hours_per = minutes / 60.0
    cases_created, cases_per_1000, cases_wrong = _recorded_cases(run, n_records, level)
    days_mean, days_p90 = _days_to_verify(verified)
    same = int(yel["same"].sum())
    return Workload(
        yellow_cases_created=cases_created,
        yellow_cases_per_1000_records=cases_per_1000,
        wrong_conclusions_all_cases=cases_wrong,
        yellow_links=Estimate.events(yel.height, "links", level),
        yellow_per_1000_records=Estimate.scaled_events(
            yel.height, per_1000, _PER_1000, level, n_records
        ),
        yellow_same_person=Estimate.size(same, "links"),
        yellow_different_persons=Estimate.size(yel.height - same, "links"),
        verified=Estimate.size(verified.height, "links"),
        pending=Estimate.size(yel.filter(pl.col("colour") == "yellow").height, "links"),
        verification_minutes=Estimate.point(minutes, "minutes per verification", Method.PARAMETER),
        verification_hours=Estimate.scaled_events(yel.height, hours_per, "hours", level),
        verification_hours_done=Estimate.scaled_events(verified.height, hours_per, "hours", level),
        verification_hours_per_1000_records=Estimate.scaled_events(
            yel.height,
            hours_per * 1000.0 / n_records if n_records else float("nan"),
            "hours per 1,000 new records",
            level,
            n_records,
        ),
        resolved_wrongly=Estimate.events(wrong.height, "links", level),
        share_resolved_wrongly=Estimate.rate(wrong.height, verified.height, level),
        resolved_wrongly_by_colour={
            c: ColourResolution(
                verified=Estimate.size(verified.filter(pl.col("colour") == c).height, "links"),
                wrong=Estimate.events(wrong.filter(pl.col("colour") == c).height, "links", level),
            )
            for c in ("white", "green", "red")
        },
        days_to_verify_mean=days_mean,
        days_to_verify_p90=days_p90,
        backlog=backlog_series(data.links, data.records, period, data.as_of),
    )

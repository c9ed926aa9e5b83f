"""The manual work the MID creates: yellow links, verification hours, wrong resolutions.

A link needed manual verification when it is still yellow or was verified (red and
green links, and white links of Art. 33(d), are only set after verification; IO Arts.
29-33, domain.md §2.4-2.5). Hours are verifications times the minutes one takes (an
assumption: domain.md §2.9 found no official estimate). A verified link is resolved
wrongly when its final colour contradicts the truth (:func:`analysis.truth.link_verdict`).
The backlog at the end of each period is the yellow links created so far minus those
verified so far.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, cast

import polars as pl

from analysis.figures import Figure, count_figure, point_figure, rate_figure, size_figure
from analysis.intervals import poisson_interval
from analysis.truth import WorldData

__all__ = ["backlog_series", "verification_minutes", "workload_metrics"]


def verification_minutes(
    manifest: Mapping[str, Any], configured: float | None
) -> tuple[float, str]:
    """Minutes per verification: configured, else the link stage's, else 15 (assumption)."""
    if configured is not None:
        return configured, "analysis parameter verification_minutes"
    stack: list[Any] = [manifest.get("stages", {})]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            value = node.get("minutes_per_case")
            if isinstance(value, int | float) and not isinstance(value, bool):
                return float(value), "link configuration in the manifest (minutes_per_case)"
            stack.extend(node.values())
    return 15.0, (
        "assumption of this project, not a published figure (domain.md §2.9); same default "
        "as the linkage's verification model"
    )


def _stage_cases(manifest: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The link stage's verification record (holds ``yellow_cases``), if any."""
    stack: list[Any] = [manifest.get("stages", {})]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            if isinstance(node.get("yellow_cases"), int):
                return node
            stack.extend(node.values())
    return None


def backlog_series(
    links: pl.DataFrame, records: pl.DataFrame, period: str, end: dt.date
) -> dict[str, Any]:
    """Per period: yellow links created, verified, backlog at the end, records created."""
    yel = links.filter(pl.col("needed_verification"))
    created = yel.group_by(pl.col("created_on").dt.truncate(period).alias("d")).agg(
        pl.len().alias("created")
    )
    resolved = (
        yel.filter(pl.col("verified_on").is_not_null())
        .group_by(pl.col("verified_on").dt.truncate(period).alias("d"))
        .agg(pl.len().alias("resolved"))
    )
    made = records.group_by(pl.col("registered_on").dt.truncate(period).alias("d")).agg(
        pl.len().alias("records_created")
    )
    starts = pl.concat([created["d"], resolved["d"], made["d"]]).drop_nulls()
    if starts.len() == 0:
        return {
            "period": period,
            "dates": [],
            "created": [],
            "resolved": [],
            "backlog": [],
            "records_created": [],
            "yellow_per_1000_records": [],
        }
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
    return {
        "period": period,
        "dates": [d.isoformat() for d in s["d"].to_list()],
        "created": s["created"].to_list(),
        "resolved": s["resolved"].to_list(),
        "backlog": s["backlog"].to_list(),
        "records_created": s["records_created"].to_list(),
        "yellow_per_1000_records": s["yellow_per_1000_records"].to_list(),
    }


def _scaled(k: float, scale: float, unit: str, level: float, n: int | None = None) -> Figure:
    lo, hi = poisson_interval(k, level)
    return Figure(k * scale, float(lo) * scale, float(hi) * scale, n, "poisson", unit, count=k)


def workload_metrics(
    data: WorldData, minutes: float, period: str, level: float = 0.95
) -> dict[str, Any]:
    """Yellow links per 1,000 new records, hours, wrong resolutions and the backlog."""
    links = data.links
    yel = links.filter(pl.col("needed_verification"))
    verified = yel.filter(pl.col("verified_on").is_not_null() | (pl.col("colour") != "yellow"))
    pending = yel.filter(pl.col("colour") == "yellow")
    n_records = data.records.height
    wrong = verified.filter(pl.col("correct") == False)  # noqa: E712
    delays = verified.filter(pl.col("verified_on").is_not_null()).select(
        (pl.col("verified_on") - pl.col("created_on")).dt.total_days().alias("days")
    )["days"]
    by_colour = {
        c: {
            "verified": size_figure(
                verified.filter(pl.col("colour") == c).height, "links"
            ).to_json(),
            "wrong": count_figure(
                wrong.filter(pl.col("colour") == c).height, "links", level
            ).to_json(),
        }
        for c in ("white", "green", "red")
    }
    hours_per = minutes / 60.0
    cases = _stage_cases(data.manifest)
    note = (
        "recorded by the link stage; includes links later removed when a record was deleted "
        "(IO Art. 36)"
    )
    if cases is not None:
        created = float(cases["yellow_cases"])
        wrong_all = cases.get("wrong_conclusions")
        cases_created = replace(count_figure(created, "links", level), note=note)
        cases_per_1000 = _scaled(
            created,
            1000.0 / n_records if n_records else float("nan"),
            "yellow links per 1,000 new records",
            level,
            n_records,
        )
        cases_wrong = (
            replace(count_figure(float(wrong_all), "links", level), note=note)
            if isinstance(wrong_all, int)
            else point_figure(None, "links", note="not recorded by the link stage")
        )
    else:
        cases_created = point_figure(None, "links", note="not recorded by the link stage")
        cases_per_1000 = point_figure(None, "yellow links per 1,000 new records")
        cases_wrong = point_figure(None, "links", note="not recorded by the link stage")
    return {
        "yellow_cases_created": cases_created.to_json(),
        "yellow_cases_per_1000_records": cases_per_1000.to_json(),
        "wrong_conclusions_all_cases": cases_wrong.to_json(),
        "yellow_links": count_figure(yel.height, "links", level).to_json(),
        "yellow_per_1000_records": _scaled(
            yel.height,
            1000.0 / n_records if n_records else float("nan"),
            "yellow links per 1,000 new records",
            level,
            n_records,
        ).to_json(),
        "yellow_same_person": size_figure(int(yel["same"].sum()), "links").to_json(),
        "yellow_different_persons": size_figure(
            yel.height - int(yel["same"].sum()), "links"
        ).to_json(),
        "verified": size_figure(verified.height, "links").to_json(),
        "pending": size_figure(pending.height, "links").to_json(),
        "verification_minutes": point_figure(
            minutes, "minutes per verification", "parameter"
        ).to_json(),
        "verification_hours": _scaled(yel.height, hours_per, "hours", level).to_json(),
        "verification_hours_done": _scaled(verified.height, hours_per, "hours", level).to_json(),
        "verification_hours_per_1000_records": _scaled(
            yel.height,
            hours_per * 1000.0 / n_records if n_records else float("nan"),
            "hours per 1,000 new records",
            level,
            n_records,
        ).to_json(),
        "resolved_wrongly": count_figure(wrong.height, "links", level).to_json(),
        "share_resolved_wrongly": rate_figure(wrong.height, verified.height, level).to_json(),
        "resolved_wrongly_by_colour": by_colour,
        "days_to_verify_mean": point_figure(
            cast(float, delays.cast(pl.Float64).mean()) if delays.len() else None, "days"
        ).to_json(),
        "days_to_verify_p90": point_figure(
            float(cast(float, delays.quantile(0.9))) if delays.len() else None, "days"
        ).to_json(),
        "backlog": backlog_series(links, data.records, period, data.as_of),
    }

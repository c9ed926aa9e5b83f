"""Simulated counterparts of the operators' published figures, on the operators' definitions.

The operators count per *recorded crossing* (EES, Frontex) or per *application* (ETIAS),
and count what an authority established (a case of identity fraud uncovered; an
application passed to a national unit), not every record that carries a false identity.
The functions below compute the model's figure the same way, from a built world's tables
and its MID links:

- an EES *crossing* is an entry or exit row of ``ees_crossings``; a *refusal* a refusal row;
- an *identity fraud uncovered* at the EES is an EES individual file with a red MID link
  (IO Art. 32 [@eu-2019-817]: a link verified as one person under unjustified identities,
  or someone using another's identity or document) created in the period;
- an ETIAS *hit* is a link between an application and an earlier record of a kind the
  automated checks of ETIAS Art. 20(2) [@eu-2018-1240] look for: a SIS alert on a person,
  an EES file of a current overstayer or a refusal of entry, a refused visa, a refused
  ETIAS application. The Central Unit deletes a false hit (Art. 22(4)); an application
  goes to a national unit when the data correspond or doubts remain (Art. 21(3)): here,
  a hit whose link is not green.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import polars as pl

from analysis.estimate import Estimate
from analysis.validation.case import CaseUnavailable
from analysis.validation.evidence import EES_START, STEADY, Evidence, SimulatedWorld

__all__ = [
    "ees_fraud_per_crossing_at_start",
    "ees_refusals_per_crossing",
    "ees_refusals_per_crossing_at_start",
    "etias_hit_share",
    "etias_national_unit_share",
    "fraud_detected_per_crossing",
]

_YEAR = dt.timedelta(days=365)


# --- periods and crossings ------------------------------------------------------------------


def _scenario_date(built: SimulatedWorld, *path: str) -> dt.date | None:
    node: object = built.world.manifest.scenario
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return dt.date.fromisoformat(str(node)) if node else None


def _ees_period(built: SimulatedWorld) -> tuple[dt.date, dt.date]:
    """From the day the EES started recording (or the period start) to the as-of date."""
    start = _scenario_date(built, "systems", "EES", "operational_from")
    start = start or _scenario_date(built, "world", "period_start") or dt.date.min
    return start, built.world.as_of


def _last_year(built: SimulatedWorld) -> tuple[dt.date, dt.date]:
    """The last twelve months of the world (an operator's yearly figure)."""
    start, end = _ees_period(built)
    return max(start, end - _YEAR), end


def _crossings(built: SimulatedWorld, period: tuple[dt.date, dt.date]) -> pl.DataFrame:
    rows = built.table("ees_crossings").filter(pl.col("crossed_on").is_between(*period))
    if rows.filter(pl.col("kind").is_in(["entry", "exit"])).height == 0:
        raise CaseUnavailable(f"no EES crossing between {period[0]} and {period[1]}")
    return rows


def _entries_and_exits(rows: pl.DataFrame) -> int:
    return int(rows["kind"].is_in(["entry", "exit"]).sum())


def _period_text(period: tuple[dt.date, dt.date]) -> str:
    return f"{period[0].isoformat()} to {period[1].isoformat()}"


# --- identity fraud uncovered at the border ----------------------------------------------


def _ees_ends(links: pl.DataFrame) -> pl.DataFrame:
    """One row per (EES record, link) of ``links``, with the link's colour and verdict."""
    cols = ["colour", "created_on", "same", "correct", "needed_verification"]
    a = links.filter(pl.col("system_a") == "EES").select(pl.col("record_id_a").alias("ees"), *cols)
    b = links.filter(pl.col("system_b") == "EES").select(pl.col("record_id_b").alias("ees"), *cols)
    return pl.concat([a, b])


def _fraud_uncovered(
    built: SimulatedWorld, period: tuple[dt.date, dt.date], level: float
) -> Estimate:
    """EES files with a red link created in ``period``, per EES entry or exit in it."""
    crossings = _entries_and_exits(_crossings(built, period))
    data = built.data
    ends = _ees_ends(data.links).filter(pl.col("created_on").is_between(*period))
    red = ends.filter(pl.col("colour") == "red")
    uncovered = red["ees"].n_unique()
    true = red.filter(pl.col("correct").fill_null(False))["ees"].n_unique()
    made = data.records.filter(
        (pl.col("system") == "EES") & pl.col("registered_on").is_between(*period)
    )
    fraud = made.filter(pl.col("fraud"))
    linked = fraud.filter(pl.col("record_id").is_in(ends["ees"].implode())).height
    note = (
        f"{uncovered} EES files with a red link ({true} of them truly a fraud) over "
        f"{crossings} entries and exits, {_period_text(period)}; EES files made in the "
        f"period that carry a false identity or another's document: {fraud.height} of "
        f"{made.height} ({fraud.height / max(made.height, 1):.2g}), {linked} of them with a "
        f"link of any colour"
    )
    return Estimate.rate(
        uncovered, crossings, level, unit="identity frauds uncovered per crossing", note=note
    )


def ees_fraud_per_crossing_at_start(ev: Evidence) -> Estimate:
    """Identity frauds uncovered per EES crossing in the EES's first weeks."""
    built = ev.world(EES_START.name)
    return _fraud_uncovered(built, _ees_period(built), ev.level)


def fraud_detected_per_crossing(ev: Evidence) -> Estimate:
    """Identity or document frauds uncovered per crossing over the steady world's last year."""
    built = ev.world(STEADY.name)
    return _fraud_uncovered(built, _last_year(built), ev.level)


# --- refusals of entry -----------------------------------------------------------------------


def _refusals(built: SimulatedWorld, period: tuple[dt.date, dt.date], level: float) -> Estimate:
    rows = _crossings(built, period)
    refusals = int((rows["kind"] == "refusal").sum())
    crossings = _entries_and_exits(rows)
    return Estimate.rate(
        refusals,
        crossings,
        level,
        unit="refusals of entry per crossing",
        note=f"{refusals} refusals over {crossings} entries and exits, {_period_text(period)}",
    )


def ees_refusals_per_crossing(ev: Evidence) -> Estimate:
    """Refusals of entry per EES entry or exit over the steady world's EES period."""
    built = ev.world(STEADY.name)
    return _refusals(built, _ees_period(built), ev.level)


def ees_refusals_per_crossing_at_start(ev: Evidence) -> Estimate:
    """Refusals of entry per EES entry or exit in the EES's first weeks."""
    built = ev.world(EES_START.name)
    return _refusals(built, _ees_period(built), ev.level)


# --- ETIAS -----------------------------------------------------------------------------------


def _watch_listed(built: SimulatedWorld) -> pl.DataFrame:
    """Records of the kinds ETIAS Art. 20(2) checks, with the day they became checkable."""
    sis = built.table("sis_alerts").select("record_id", pl.col("registered_on").alias("on"))
    overstay = (
        built.table("ees_files")
        .filter(pl.col("overstayer"))
        .select("record_id", pl.col("registered_on").alias("on"))
    )
    refused_entry = (
        built.table("ees_crossings")
        .filter(pl.col("kind") == "refusal")
        .group_by("record_id")
        .agg(pl.col("crossed_on").min().alias("on"))
    )
    visa = (
        built.table("vis_applications")
        .filter(pl.col("decision") == "refused")
        .select("record_id", pl.col("registered_on").alias("on"))
    )
    etias = (
        built.table("etias_applications")
        .filter(pl.col("status") == "refused")
        .select("record_id", pl.col("registered_on").alias("on"))
    )
    frames = [
        f.with_columns(pl.col("on").cast(pl.Date))
        for f in (sis, overstay, refused_entry, visa, etias)
    ]
    return pl.concat(frames).group_by("record_id").agg(pl.col("on").min())


def _etias_hits(built: SimulatedWorld) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The applications, and their links to records watch-listed before they applied."""
    apps = built.table("etias_applications").select(
        pl.col("record_id").alias("app"), pl.col("registered_on").cast(pl.Date).alias("applied")
    )
    if apps.height == 0:
        raise CaseUnavailable("the world has no ETIAS application")
    links = built.data.links
    cols = ["colour", "needed_verification"]
    a = links.filter(pl.col("system_a") == "ETIAS").select(
        pl.col("record_id_a").alias("app"), pl.col("record_id_b").alias("other"), *cols
    )
    b = links.filter(pl.col("system_b") == "ETIAS").select(
        pl.col("record_id_b").alias("app"), pl.col("record_id_a").alias("other"), *cols
    )
    ends = pl.concat([a, b]).join(apps, on="app")
    watch = _watch_listed(built).rename({"record_id": "other"})
    hits = ends.join(watch, on="other").filter(pl.col("on") <= pl.col("applied"))
    return apps.with_columns(
        pl.col("app").is_in(ends.filter("needed_verification")["app"].implode()).alias("naive")
    ), hits


def _naive_note(apps: pl.DataFrame) -> str:
    naive = int(apps["naive"].sum())
    return (
        f"on the definition that inflated earlier figures (any link needing manual "
        f"verification) {naive} of {apps.height} applications, {naive / apps.height:.2g}"
    )


def etias_hit_share(ev: Evidence) -> Estimate:
    """Share of ETIAS applications with a hit on a record ETIAS Art. 20(2) checks."""
    apps, hits = _etias_hits(ev.world(STEADY.name))
    k = hits["app"].n_unique()
    return Estimate.rate(
        k, apps.height, ev.level, unit="share of applications", note=_naive_note(apps)
    )


def etias_national_unit_share(ev: Evidence) -> Estimate:
    """Share of ETIAS applications whose hit the Central Unit confirms or cannot clear."""
    apps, hits = _etias_hits(ev.world(STEADY.name))
    kept = hits.filter(pl.col("colour") != "green")
    k = kept["app"].n_unique()
    cleared = hits["app"].n_unique() - k
    return Estimate.rate(
        k,
        apps.height,
        ev.level,
        unit="share of applications",
        note=f"{cleared} applications cleared by the Central Unit (green link only); "
        + _naive_note(apps),
    )

"""The manual verification of yellow links: who, when, and what they conclude.

A yellow link is a case for a verifying authority (IO Art. 29 [@eu-2019-817; @eu-2019-818];
:mod:`linkage.mid.authorities`). Cases join the authority's queue on the day the link
is created and are closed first in, first out, at most ``cases_per_day`` a day; the
day a case is closed is its ``verified_on``. The daily series of arrivals, closures
and backlog is returned with the links.

**Capacity.** Each authority closes ``capacity`` cases a day, a real number: the
world's share of the real caseload (its stored records over
:attr:`~linkage.mid.config.VerificationConfig.real_records`) times the authority's real
staff times the cases one verifier closes a day. A case waits for the work queued ahead
of it, ``1 / capacity`` days a case (Lindley's recursion), and a case that finds the
queue empty is closed the day it arrives: one case of the world stands for
``1 / share`` real cases, which the real staff work through side by side, so it is not
made to wait ``1 / capacity`` days for itself. The waits and the backlog (in cases of the
world; divide by the share for real cases) then follow the real system's whatever the
size of the world, and a backlog forms when cases arrive faster than the capacity.

**Who learns the truth.** The simulator's linkage never reads whose record is whose.
A real verifier learns it from the evidence (documents, an interview in the presence
of the person); here the caller passes that knowledge in as an
*oracle*: a function that receives the cases being verified and returns, for each,
the conclusion a careful verifier would reach (a :class:`~linkage.mid.rules.Conclusion`
value). The verifier is the only actor of the model that sees the oracle's answer, and
how often it reaches it depends on the evidence in front of it
(:mod:`linkage.mid.verifier`); the share of cases resolved wrongly is an output of the
evidence, not a parameter. The colour then follows from the verification rules of
:mod:`linkage.mid.rules`.

Every default (error model, minutes per case, staff) is an assumption of this project
but the ETIAS Central Unit's staff: no published figure for the verification workload
was found (the field provenance of :class:`~linkage.mid.config.VerificationConfig` says
so).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from linkage._json import JsonObject, fields_json
from linkage.mid.authorities import authority_of
from linkage.mid.config import VerificationConfig
from linkage.mid.rules import RULE_BY_KEY, VERIFICATION_RULES, Colour, Conclusion, apply_rules
from linkage.mid.verifier import Verdicts, conclude

__all__ = [
    "BACKLOG_SCHEMA",
    "VERIFICATION_ASSUMPTION",
    "AuthorityQueue",
    "Oracle",
    "VerificationFigures",
    "VerificationResult",
    "resolve_yellow",
]

log = logging.getLogger(__name__)

Oracle = Callable[[pl.DataFrame], pl.Series]
"""Receives the cases being verified; returns one Conclusion value per row, in order."""

VERIFICATION_ASSUMPTION = (
    "the verifiers' error model, minutes per case and staff (but the ETIAS Central Unit's) "
    "are assumptions of this project: no published figure for the manual verification of "
    "yellow links was found; the share resolved wrongly follows from the evidence"
)
"""Stated with every set of verification figures."""

_NEEDED = (
    "link_id",
    "record_id_a",
    "record_id_b",
    "system_a",
    "system_b",
    "colour",
    "created_on",
    "biometric_state",
    "identity_class",
    "document_match",
)
_EVIDENCE = (
    "link_id",
    "record_id_a",
    "record_id_b",
    "system_a",
    "system_b",
    "biometric_state",
    "biometric_score",
    "identity_class",
    "document_match",
    "created_on",
)

BACKLOG_SCHEMA = pl.Schema(
    {
        "authority": pl.String(),
        "day": pl.Date(),
        "arrivals": pl.Int64(),
        "served": pl.Int64(),
        "backlog": pl.Int64(),
    }
)


@dataclass(frozen=True)
class AuthorityQueue:
    """One verifying authority's queue: cases, closures, backlog and waits (days);
    ``capacity_per_day``: cases it closes a day in this world (a real number)."""

    cases: int
    verified: int
    pending: int
    capacity_per_day: float
    max_backlog: int
    final_backlog: int
    mean_wait_days: float | None
    max_wait_days: int | None


@dataclass(frozen=True)
class VerificationFigures:
    """The verification workload: cases, conclusions and the assumptions behind them.

    ``verified`` counts cases closed by ``as_of`` with an oracle (without one nobody can
    conclude, so none is verified, though the queues still run); ``wrong_conclusions``
    those the verifier got wrong (``wrong_person``: one person or two;
    ``wrong_justification``: justified or not; a case may be both), of which
    ``false_red`` became red although the right conclusion was justified;
    ``expected_wrong``: the sum over verified cases of the probability of a wrong
    conclusion (what the evidence predicts); ``resolved_colours`` the colours they
    turned into; ``world_share``: the share of the real caseload the world holds.
    """

    yellow_cases: int
    verified: int
    pending: int
    wrong_conclusions: int
    wrong_person: int
    wrong_justification: int
    false_red: int
    expected_wrong: float
    workload_hours: float
    accuracy: float
    minutes_per_case: float
    world_share: float
    by_authority: Mapping[str, AuthorityQueue]
    resolved_colours: Mapping[str, int]
    oracle: bool

    def to_json(self) -> JsonObject:
        """The figures, with the statement that their parameters are assumptions."""
        return {**fields_json(self), "assumption": VERIFICATION_ASSUMPTION}


@dataclass(frozen=True)
class VerificationResult:
    """Links after verification, the daily queue series and summary figures."""

    links: pl.DataFrame
    backlog: pl.DataFrame
    stats: VerificationFigures


@dataclass(frozen=True)
class _Queue:
    """Per case the day offset it is closed (-1 while pending); the daily series."""

    closed_on: np.ndarray
    arrivals: np.ndarray
    served: np.ndarray
    backlog: np.ndarray


def _closing_days(arrival_days: np.ndarray, capacity: float) -> np.ndarray:
    """The day each case (sorted by arrival) is closed, FIFO at ``capacity`` a day.

    A case waits for the work queued ahead of it, ``1 / capacity`` days a case (Lindley's
    recursion ``W_k = max(0, W_{k-1} + 1/c - (a_k - a_{k-1}))``, in closed form); a case
    that finds the queue empty is closed the day it arrives. Infinite without capacity.
    """
    if capacity <= 0:
        return np.full(arrival_days.size, np.inf)
    y = np.arange(arrival_days.size) / capacity - arrival_days
    wait = y - np.minimum.accumulate(y) if y.size else y
    return np.asarray(np.floor(arrival_days + wait + 1e-9), dtype=np.float64)


def _simulate_queue(arrival_days: np.ndarray, capacity: float, horizon: int | None) -> _Queue:
    """Serve cases FIFO at ``capacity`` a day; ``arrival_days`` are sorted day offsets >= 0.

    The series covers days ``0..horizon`` (inclusive). Without ``horizon`` the queue runs
    until it is empty after the last arrival (or stops at the last arrival when nothing
    is ever served).
    """
    close = _closing_days(arrival_days.astype(np.float64), capacity)
    if horizon is None:
        last = int(arrival_days[-1]) if arrival_days.size else 0
        finite = close[np.isfinite(close)]
        horizon = max(last, int(finite.max()) if finite.size else 0)
    ndays = max(horizon + 1, 0)
    done = close <= horizon
    closed_on = np.where(done, close, -1).astype(np.int64)
    arrivals = np.bincount(arrival_days[arrival_days < ndays], minlength=ndays).astype(np.int64)
    served = np.bincount(closed_on[done], minlength=ndays).astype(np.int64)[:ndays]
    backlog = np.cumsum(arrivals) - np.cumsum(served)
    return _Queue(closed_on, arrivals, served, backlog)


def _check_oracle_answer(answer: pl.Series, expected: int) -> pl.Series:
    if not isinstance(answer, pl.Series) or answer.len() != expected:
        raise ValueError(f"the verification oracle must return a Series of {expected} conclusions")
    answer = answer.cast(pl.String)
    allowed = {c.value for c in Conclusion}
    bad = set(answer.drop_nulls().unique().to_list()) - allowed
    if answer.null_count() or bad:
        raise ValueError(
            f"the verification oracle returned values outside {sorted(allowed)}: "
            f"{sorted(bad)[:5]}{' and nulls' if answer.null_count() else ''}"
        )
    return answer


def _as_cases(links: pl.DataFrame) -> pl.DataFrame:
    """``links`` with the verifying authority of each yellow link and the columns that
    verification fills in (verified, verified_on, conclusion, rule) present."""
    missing = [c for c in _NEEDED if c not in links.columns]
    if missing:
        raise ValueError(f"links lack columns {missing}")
    base = links.with_columns(
        verifying_authority=pl.when(pl.col("colour") == Colour.YELLOW.value).then(
            authority_of(pl.col("system_a"), pl.col("system_b"))
        ),
    )
    defaults = {
        "verified": pl.lit(False),
        "verified_on": pl.lit(None, dtype=pl.Date),
        "conclusion": pl.lit(None, dtype=pl.String),
        "rule": pl.lit(None, dtype=pl.String),
        "biometric_score": pl.lit(None, dtype=pl.Float64),
    }
    return base.with_columns(**{k: v for k, v in defaults.items() if k not in base.columns})


@dataclass(frozen=True)
class _Served:
    """The queues of every authority: the day each case was closed (null while pending),
    the daily series and each authority's figures."""

    served_on: pl.DataFrame
    series: pl.DataFrame
    by_authority: dict[str, AuthorityQueue]


def _serve_authority(
    authority: str, group: pl.DataFrame, origin: dt.date, horizon: int | None, capacity: float
) -> tuple[pl.DataFrame, pl.DataFrame, AuthorityQueue]:
    """One authority's FIFO queue over its cases (sorted by created_on, link_id)."""
    offsets = (
        group.select((pl.col("created_on") - pl.lit(origin)).dt.total_days().cast(pl.Int64))
        .to_series()
        .to_numpy()
    )
    queue = _simulate_queue(offsets, capacity, horizon)
    day = queue.closed_on
    done = day >= 0
    served_on = pl.DataFrame({"link_id": group["link_id"], "_day": day, "_done": done}).select(
        "link_id",
        served_on=pl.when("_done").then(pl.lit(origin) + pl.duration(days=pl.col("_day"))),
    )
    n = queue.arrivals.size
    days = pl.date_range(origin, origin + dt.timedelta(days=max(n - 1, 0)), eager=True)
    series = pl.DataFrame(
        {
            "authority": [authority] * n,
            "day": days[:n],
            "arrivals": queue.arrivals,
            "served": queue.served,
            "backlog": queue.backlog,
        },
        schema=BACKLOG_SCHEMA,
    )
    waits = day[done] - offsets[done]
    figures = AuthorityQueue(
        cases=int(group.height),
        verified=int(done.sum()),
        pending=int((~done).sum()),
        capacity_per_day=capacity,
        max_backlog=int(queue.backlog.max()) if queue.backlog.size else 0,
        final_backlog=int(queue.backlog[-1]) if queue.backlog.size else 0,
        mean_wait_days=float(waits.mean()) if waits.size else None,
        max_wait_days=int(waits.max()) if waits.size else None,
    )
    return served_on, series, figures


def _serve_queues(
    cases: pl.DataFrame, config: VerificationConfig, as_of: dt.date | None, world_share: float
) -> _Served:
    """Every authority's queue from the first case on, until ``as_of`` (or until empty)."""
    origin = cases["created_on"].min()
    assert isinstance(origin, dt.date)
    horizon = None if as_of is None else (as_of - origin).days
    served_on: list[pl.DataFrame] = []
    series: list[pl.DataFrame] = []
    by_authority: dict[str, AuthorityQueue] = {}
    for (authority,), group in cases.group_by(["verifying_authority"], maintain_order=True):
        key = str(authority)
        capacity = config.capacity(key, world_share)
        served, daily, figures = _serve_authority(key, group, origin, horizon, capacity)
        served_on.append(served)
        series.append(daily)
        by_authority[key] = figures
    return _Served(pl.concat(served_on), pl.concat(series), by_authority)


@dataclass(frozen=True)
class _Decided:
    """The closed cases' conclusions, rules, colours and dates (columns ``_conclusion``,
    ``_rule``, ``_colour``, ``_served_on`` by link_id), and the verifier's verdicts."""

    frame: pl.DataFrame
    verdicts: Verdicts
    false_red: int


def _conclude(
    verified: pl.DataFrame,
    oracle: Oracle,
    config: VerificationConfig,
    rng: np.random.Generator,
    threshold: float | None,
) -> _Decided:
    """The verifier's conclusion on each closed case (:mod:`linkage.mid.verifier`) and
    the colour it gives."""
    right = _check_oracle_answer(oracle(verified.drop("served_on")), verified.height)
    verdicts = conclude(verified, right, config, rng, threshold=threshold)
    decided = verified.with_columns(conclusion=verdicts.conclusions)
    rule = apply_rules(decided, VERIFICATION_RULES)
    colour = rule.replace_strict({k: r.colour.value for k, r in RULE_BY_KEY.items()})
    lawful = right.is_in([Conclusion.SAME_JUSTIFIED.value, Conclusion.DIFFERENT_JUSTIFIED.value])
    false_red = int(((colour == Colour.RED.value) & lawful).sum())
    frame = decided.select(
        "link_id",
        pl.col("conclusion").alias("_conclusion"),
        rule.alias("_rule"),
        colour.alias("_colour"),
        pl.col("served_on").alias("_served_on"),
    )
    return _Decided(frame, verdicts, false_red)


def _recolour(base: pl.DataFrame, decided: pl.DataFrame) -> pl.DataFrame:
    """``base`` with the conclusion, rule, colour and date of every decided case."""
    return (
        base.join(decided, on="link_id", how="left")
        .with_columns(
            colour=pl.coalesce("_colour", "colour"),
            rule=pl.coalesce("_rule", "rule"),
            conclusion=pl.coalesce("_conclusion", "conclusion"),
            verified=pl.col("verified") | pl.col("_served_on").is_not_null(),
            verified_on=pl.coalesce("_served_on", "verified_on"),
        )
        .drop("_colour", "_rule", "_conclusion", "_served_on")
    )


def resolve_yellow(
    links: pl.DataFrame,
    oracle: Oracle | None,
    config: VerificationConfig,
    rng: np.random.Generator,
    *,
    as_of: dt.date | None = None,
    world_records: int | None = None,
    threshold: float | None = None,
) -> VerificationResult:
    """Verify the yellow links of ``links`` into white, green or red.

    ``links`` needs the columns link_id, record_id_a, record_id_b, system_a, system_b,
    colour, created_on, biometric_state, identity_class and document_match (and
    ``biometric_score``, compared with the sBMS decision ``threshold``). Returned links
    carry in addition ``verifying_authority`` (yellow links only), ``conclusion`` (the
    verifier's, possibly wrong), and updated ``colour``, ``rule``, ``verified`` and
    ``verified_on``. Cases still queued at ``as_of`` stay yellow and unverified; without
    ``as_of`` the queues run until they are empty. ``world_records``: the world's stored
    records, which set its share of the real verifiers (None: the world is taken at real
    scale). Without an ``oracle`` nobody can conclude anything: the queue is still
    simulated (the workload is real) but every link stays yellow.
    """
    base = _as_cases(links)
    share = config.world_share(world_records)
    cases = (
        base.filter(pl.col("colour") == Colour.YELLOW.value)
        .select("link_id", "verifying_authority", "created_on")
        .sort("verifying_authority", "created_on", "link_id")
    )
    if cases.height == 0:
        figures = _figures(config, share, 0, {}, oracle is not None)
        return VerificationResult(base, pl.DataFrame(schema=BACKLOG_SCHEMA), figures)
    served = _serve_queues(cases, config, as_of, share)
    closed = served.served_on.filter(pl.col("served_on").is_not_null())
    verified = (
        base.join(closed, on="link_id", how="inner").sort("link_id").select(*_EVIDENCE, "served_on")
    )
    if oracle is None or verified.height == 0:
        if oracle is None:
            log.warning("no verification oracle: %d yellow links stay unverified", cases.height)
        figures = _figures(config, share, cases.height, served.by_authority, oracle is not None)
        return VerificationResult(base, served.series, figures)
    decided = _conclude(verified, oracle, config, rng, threshold)
    figures = _figures(config, share, cases.height, served.by_authority, True, decided=decided)
    return VerificationResult(_recolour(base, decided.frame), served.series, figures)


def _figures(
    config: VerificationConfig,
    world_share: float,
    cases: int,
    by_authority: Mapping[str, AuthorityQueue],
    oracle: bool,
    *,
    decided: _Decided | None = None,
) -> VerificationFigures:
    verdicts = decided.verdicts if decided is not None else None
    verified = 0 if verdicts is None else len(verdicts.p_wrong)
    return VerificationFigures(
        yellow_cases=cases,
        verified=verified,
        pending=cases - verified,
        wrong_conclusions=0 if verdicts is None else int(verdicts.wrong.sum()),
        wrong_person=0 if verdicts is None else int(verdicts.wrong_person.sum()),
        wrong_justification=0 if verdicts is None else int(verdicts.wrong_justification.sum()),
        false_red=0 if decided is None else decided.false_red,
        expected_wrong=0.0 if verdicts is None else float(verdicts.p_wrong.sum()),
        workload_hours=verified * config.minutes_per_case / 60.0,
        accuracy=config.accuracy,
        minutes_per_case=config.minutes_per_case,
        world_share=world_share,
        by_authority=by_authority,
        resolved_colours={} if decided is None else _counts(decided.frame["_colour"]),
        oracle=oracle,
    )


def _counts(values: pl.Series) -> dict[str, int]:
    """Counts of each value of ``values``, sorted by value."""
    return {str(k): int(v) for k, v in values.value_counts().sort(values.name).iter_rows()}

"""Police and justice: SIS alerts on persons and ECRIS-TCN convictions.

Both happen to people already registered in another system, at a day between their
first registration (or, for a conviction, the minimum age) and the as-of date.
"""

from __future__ import annotations

import numpy as np

from synth.batches import Batch
from synth.draws import Context, uniform_days
from synth.groups import GROUP_BY_KEY, PopulationGroup, group_array
from synth.scenario_journeys import AlertType
from synth.vector import NEVER, YEAR_DAYS, years_to_days

__all__ = ["ALERT_TYPES", "ecris_convictions", "sis_alerts"]

ALERT_TYPES: tuple[str, ...] = tuple(a.value for a in AlertType)


def _alert_types(ctx: Context, rng: np.random.Generator, who: np.ndarray) -> np.ndarray:
    """Each alert's type, from its group's own weights (else the general ones)."""
    s, people = ctx.scenario.sis, ctx.people
    alert = np.zeros(who.size, dtype=np.int64)
    for g in PopulationGroup:
        mine = people.group[who] == GROUP_BY_KEY[g].code
        weights = dict(s.group_alert_type_weights.get(g) or s.alert_type_weights)
        p = np.array([weights.get(a, 0.0) for a in AlertType])
        alert[mine] = rng.choice(len(p), size=int(mine.sum()), p=p / p.sum())
    return alert


def sis_alerts(
    ctx: Context, rng: np.random.Generator, first: np.ndarray, seen: np.ndarray
) -> Batch:
    """Person alerts: per-group rates, group-specific alert types, review and expiry."""
    s, people = ctx.scenario.sis, ctx.people
    rate = group_array(s.alert_rate)
    who = np.flatnonzero(seen & (rng.random(people.n) < rate[people.group]))
    day = uniform_days(rng, first[who], np.full(who.size, ctx.as_of))
    alert = _alert_types(ctx, rng, who)
    period = np.array([years_to_days(s.review_years[a]) for a in AlertType])[alert]
    extensions = (
        rng.geometric(1.0 - s.extension_share, who.size)
        if s.extension_share < 1
        else (np.full(who.size, 10**6))
    )
    expire = day + period * extensions
    stored = expire > ctx.as_of
    next_review = day + period * np.maximum(np.ceil((ctx.as_of + 1 - day) / period), 1)
    review = np.where(stored, next_review.astype(np.int64), expire)
    return {
        "person": who,
        "day": day,
        "ms": ctx.member_state(rng, people.home_ms[who]),
        "alert_type": alert,
        "review": review,
        "expire": np.minimum(expire, NEVER),
        "fp_share": np.full(who.size, s.fingerprint_share),
        "face_share": np.full(who.size, s.face_share),
    }


def ecris_convictions(
    ctx: Context, rng: np.random.Generator, first: np.ndarray, seen: np.ndarray
) -> Batch:
    """Convictions of registered people, from the later of arrival and the minimum age."""
    e, people = ctx.scenario.ecris, ctx.people
    rate = group_array(e.conviction_rate)
    who = np.flatnonzero(seen & (rng.random(people.n) < rate[people.group]))
    of_age = people.birth[who] + np.ceil(e.min_age * YEAR_DAYS).astype(np.int64)
    lo = np.maximum(first[who], of_age)
    ok = lo <= ctx.as_of
    who, lo = who[ok], lo[ok]
    day = uniform_days(rng, lo, np.full(who.size, ctx.as_of))
    names = list(e.offence_weights)
    p = np.array([e.offence_weights[k] for k in names])
    offence = rng.choice(len(names), size=who.size, p=p / p.sum())
    custodial = rng.random(who.size) < e.custodial_share
    months = np.where(custodial, 1 + rng.poisson(max(e.sentence_months_mean - 1, 0), who.size), 0)
    terror = np.array([k == "terrorism" for k in names])[offence]
    fingerprints = (months >= e.fingerprint_sentence_months) | (
        rng.random(who.size) < e.fingerprint_share_short_sentence
    )
    return {
        "person": who,
        "day": day,
        "ms": ctx.member_state(rng, people.home_ms[who]),
        "offence": offence,
        "sentence_months": months,
        "serious": terror | (months >= e.serious_sentence_months),
        "expire": day + years_to_days(ctx.scenario.retention.ecris_years),
        "fp_share": fingerprints.astype(np.float64),
        "face_share": np.full(who.size, e.face_share),
    }

"""Biometric captures: which records carry fingerprints or a facial image, and how good.

No images are made. A capture says what a matcher needs: modality, NFIQ2-like quality,
date and age at capture, failure to capture, the key of the body it was taken from
(``template_key``: one per person and modality, the same in every capture), the key of
that body's persistent look-alike (faces only: look-alikes do not share fingerprints),
and the phenotype cell (sex | age band at capture | region).

Rules: a system captures a modality when the scenario enables it and the age at capture
is inside its range (schemas.systems AgeRange, overridable per scenario); EES takes
fingerprints of visa-exempt travellers only; SIS and ECRIS-TCN records carry biometrics
with their configured shares (ECRIS: always from the sentence threshold). VIS copies the
fingerprints of an earlier application taken less than 59 months before (Visa Code
Art. 13(3)): the copy keeps the original date, age and quality.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from schemas.rng import stream
from schemas.systems import Modality, SystemKey
from synth.population import AGE_BANDS, NAT_REGION_INDEX, REGIONS, People, age_band
from synth.records import SYSTEM_CODE, SYSTEM_ORDER, RecordSet
from synth.scenario import Scenario
from synth.scenario_recording import FailureRates, QualityByAge
from synth.vector import age_years, order_by, take, to_date_series

__all__ = ["Captures", "build_captures"]

_MODALITY_CODE = {Modality.FINGERPRINT: 0, Modality.FACE: 1}
_SUFFIX = {Modality.FINGERPRINT: "-FP", Modality.FACE: "-FA"}


@dataclass(frozen=True)
class Captures:
    """The ``captures`` table and, per record, whether a usable sample is stored."""

    frame: pl.DataFrame
    has_fingerprints: np.ndarray
    has_face: np.ndarray


def _by_age(values: FailureRates | QualityByAge, age: np.ndarray, scenario: Scenario) -> np.ndarray:
    c = scenario.captures
    out: np.ndarray = np.where(
        age <= c.child_max_age,
        values.child,
        np.where(age >= c.elderly_min_age, values.elderly, values.adult),
    )
    return out


def _vis_reuse(
    scenario: Scenario, records: RecordSet, want: np.ndarray, failed: np.ndarray
) -> np.ndarray:
    """Row whose fingerprint capture each row uses (itself unless VIS copies an earlier one)."""
    source = np.arange(records.day.size, dtype=np.int64)
    rows = np.flatnonzero((records.system == SYSTEM_CODE[SystemKey.VIS]) & want)
    if rows.size == 0:
        return source
    rows = rows[order_by(records.person[rows], records.day[rows])]
    person = records.person[rows]
    starts = np.r_[True, person[1:] != person[:-1]]
    rank = np.arange(rows.size) - np.flatnonzero(starts)[np.cumsum(starts) - 1]
    window = round(scenario.captures.vis_fingerprint_reuse_months * 365.2425 / 12)
    last_day = np.zeros(int(records.person.max()) + 1, dtype=np.int64)
    last_row = np.full(last_day.size, -1, dtype=np.int64)
    for r in range(int(rank.max()) + 1):
        at = rows[rank == r]
        who = records.person[at]
        reuse = (last_row[who] >= 0) & (records.day[at] - last_day[who] < window)
        source[at[reuse]] = last_row[who[reuse]]
        fresh = at[~reuse & ~failed[at]]
        last_day[records.person[fresh]] = records.day[fresh]
        last_row[records.person[fresh]] = fresh
    return source


@dataclass(frozen=True)
class _Modality:
    """The captures of one modality: their rows and table, and which records got a
    usable sample."""

    rows: np.ndarray
    code: int
    frame: pl.DataFrame
    usable: np.ndarray


def _wanted(
    scenario: Scenario, records: RecordSet, age: np.ndarray, modality: Modality, u: np.ndarray
) -> np.ndarray:
    """Records whose system takes ``modality`` at that age (and, by its share, this time)."""
    fp = modality is Modality.FINGERPRINT
    cfg = [scenario.systems.of(k) for k in SYSTEM_ORDER]
    enabled = np.array([s.fingerprints if fp else s.face for s in cfg])[records.system]
    low = np.array([s.fingerprint_min_age if fp else s.face_min_age for s in cfg])
    high = np.array([s.fingerprint_max_age if fp else s.face_max_age for s in cfg])
    share = records.fp_share if fp else records.face_share
    out: np.ndarray = (
        enabled & (age >= low[records.system]) & (age <= high[records.system]) & (u < share)
    )
    return out


def _capture_frame(
    modality: Modality,
    owner: pl.Series,
    src: np.ndarray,
    records: RecordSet,
    age: np.ndarray,
    failed: np.ndarray,
    quality: np.ndarray,
    keys: tuple[np.ndarray, pl.Series, np.ndarray],
) -> pl.DataFrame:
    """The ``captures`` rows of one modality (``src``: the row each capture was taken at)."""
    template, lookalike, cell = keys
    return pl.DataFrame(
        {
            "capture_id": pl.select(pl.concat_str([owner, pl.lit(_SUFFIX[modality])])).to_series(),
            "record_id": owner,
            "modality": take((modality.value,), np.zeros(src.size, np.int64)),
            "quality": pl.select(
                pl.when(pl.Series(~failed[src])).then(pl.Series(quality[src]))
            ).to_series(),
            "captured_on": to_date_series("captured_on", records.day[src]),
            "age_at_capture": pl.Series(age[src], dtype=pl.Int16),
            "failed": failed[src],
            "template_key": template,
            "lookalike_key": pl.select(pl.when(lookalike >= 0).then(lookalike)).to_series(),
            "phenotype_cell": take(_CELLS, cell),
        }
    )


def _body_keys(
    people: People, perm: np.ndarray, body: np.ndarray, code: int, fp: bool, band: np.ndarray
) -> tuple[np.ndarray, pl.Series, np.ndarray]:
    """Template key of the body, its look-alike's key (faces only) and its phenotype cell."""
    mate = people.lookalike[body]
    template = perm[body] * 2 + code + 1
    lookalike = pl.Series(np.where(mate >= 0, perm[np.maximum(mate, 0)] * 2 + code + 1, -1))
    if fp:
        lookalike = pl.Series(np.full(body.size, -1, dtype=np.int64))
    cell = (people.male[body].astype(np.int64) * len(AGE_BANDS) + band) * len(
        REGIONS
    ) + NAT_REGION_INDEX[people.nationality[body]]
    return template, lookalike, cell


def _capture_modality(
    scenario: Scenario,
    rng: np.random.Generator,
    perm: np.ndarray,
    people: People,
    records: RecordSet,
    record_id: pl.Series,
    age: np.ndarray,
    modality: Modality,
) -> _Modality:
    """Which records capture ``modality``, whether it fails, and each sample's quality."""
    c, n = scenario.captures, records.day.size
    fp = modality is Modality.FINGERPRINT
    want = _wanted(scenario, records, age, modality, rng.random(n))
    failure = _by_age(c.fingerprint_failure if fp else c.face_failure, age, scenario)
    failed = rng.random(n) < failure
    mean = _by_age(c.fingerprint_quality if fp else c.face_quality, age, scenario)
    mean = mean + np.where(records.field, c.field_quality_shift, 0.0)
    quality = np.clip(np.rint(rng.normal(mean, c.quality_sd)), 0.0, 100.0)
    source = _vis_reuse(scenario, records, want, failed) if fp else np.arange(n)
    rows = np.flatnonzero(want)
    src = source[rows]
    code = _MODALITY_CODE[modality]
    keys = _body_keys(people, perm, records.person[rows], code, fp, age_band(age[src]))
    frame = _capture_frame(
        modality, record_id.gather(rows), src, records, age, failed, quality, keys
    )
    usable = np.zeros(n, dtype=bool)
    usable[rows] = ~failed[src]
    return _Modality(rows=rows, code=code, frame=frame, usable=usable)


def build_captures(
    scenario: Scenario, seed: int, people: People, records: RecordSet, record_id: pl.Series
) -> Captures:
    """Draw every capture of every record."""
    rng = stream(seed, "captures")
    perm = stream(seed, "templates").permutation(people.n).astype(np.int64)
    age = age_years(people.birth[records.person], records.day)
    done = [
        _capture_modality(scenario, rng, perm, people, records, record_id, age, modality)
        for modality in Modality
    ]
    order_rows = np.concatenate([m.rows for m in done])
    order_code = np.concatenate([np.full(m.rows.size, m.code) for m in done])
    frame = pl.concat([m.frame for m in done])
    frame = frame[order_by(order_rows, order_code)]
    by_modality = dict(zip(Modality, done, strict=True))
    return Captures(
        frame, by_modality[Modality.FINGERPRINT].usable, by_modality[Modality.FACE].usable
    )


_CELLS = np.array(
    [
        f"{sex}|{label}|{region}"
        for sex in ("F", "M")
        for _, label in AGE_BANDS
        for region in REGIONS
    ],
    dtype=object,
)

"""Small synthetic worlds for the biometric tests and benchmark (no truth columns needed).

Bodies get a phenotype cell and a template key per modality; each body enrols one or more
records in random systems on random days; some bodies have a persistent look-alike.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

SYSTEMS = ("VIS", "EES", "EURODAC", "SIS")
SEXES = ("M", "F")
BANDS = ("0-11", "12-17", "18-34", "35-64", "65+")
BAND_AGES = (6, 15, 25, 45, 70)
ORIGINS = ("eastern_europe", "west_africa", "east_asia", "south_asia")
ALL_CELLS = tuple(f"{s}|{b}|{o}" for s in SEXES for b in BANDS for o in ORIGINS)
EPOCH = np.datetime64(dt.date(2020, 1, 1), "D")


def _dates(days: np.ndarray) -> pl.Series:
    return pl.Series((EPOCH + days.astype(np.int64)).astype("datetime64[D]")).cast(pl.Date)


def _records(
    rng: np.random.Generator,
    n_bodies: int,
    mean_records: float,
    days: int,
    retention_days: int | None,
) -> tuple[pl.DataFrame, np.ndarray, np.ndarray]:
    """The records of the bodies, and each record's body and registration day."""
    n_rec = 1 + rng.poisson(mean_records - 1.0, size=n_bodies)
    body = np.repeat(np.arange(n_bodies), n_rec)
    n = body.size
    system = np.asarray(SYSTEMS)[rng.integers(len(SYSTEMS), size=n)]
    reg = rng.integers(days, size=n)
    record_id = np.char.add(
        np.char.add(system.astype(str), "-"), np.char.zfill(np.arange(n).astype(str), 9)
    )
    if retention_days is None:
        deleted = pl.Series("deleted_on", [None] * n, dtype=pl.Date)
    else:
        deleted = _dates(reg + retention_days).alias("deleted_on")
    records = pl.DataFrame(
        {
            "record_id": record_id,
            "system": system,
            "registered_on": _dates(reg),
            "deleted_on": deleted,
        }
    )
    return records, body, reg


def _partners(rng: np.random.Generator, n_bodies: int, share: float) -> np.ndarray:
    """Each body's persistent look-alike (-1 for none): pairs of distinct bodies."""
    partner = np.full(n_bodies, -1)
    k = int(n_bodies * share) // 2 * 2
    if k:
        chosen = rng.choice(n_bodies, size=k, replace=False)
        partner[chosen[0::2]] = chosen[1::2]
        partner[chosen[1::2]] = chosen[0::2]
    return partner


def make_world(
    n_bodies: int,
    seed: int,
    *,
    mean_records: float = 1.5,
    days: int = 1000,
    retention_days: int | None = 600,
    face_share: float = 0.9,
    fingerprint_share: float = 0.8,
    fail_share: float = 0.02,
    lookalike_share: float = 0.05,
    cells: tuple[str, ...] = ALL_CELLS,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(identity_records, captures)`` frames of a synthetic world."""
    rng = np.random.default_rng(seed)
    body_cell = rng.integers(len(cells), size=n_bodies)
    records, body, reg = _records(rng, n_bodies, mean_records, days, retention_days)
    record_id = records["record_id"].to_numpy()
    partner = _partners(rng, n_bodies, lookalike_share)
    band_age = dict(zip(BANDS, BAND_AGES, strict=True))
    cell_age = np.array([band_age.get(c.split("|")[1], 40) for c in cells], dtype=np.int16)
    frames = []
    for modality, share in (("fingerprint", fingerprint_share), ("face", face_share)):
        idx = np.flatnonzero(rng.random(body.size) < share)
        b = body[idx]
        failed = rng.random(idx.size) < fail_share
        quality = rng.uniform(20, 100, idx.size)
        look = partner[b]
        frames.append(
            pl.DataFrame(
                {
                    "capture_id": np.char.add(record_id[idx].astype(str), "-" + modality),
                    "record_id": record_id[idx],
                    "modality": modality,
                    "quality": pl.Series(np.where(failed, np.nan, quality)).fill_nan(None),
                    "captured_on": _dates(reg[idx]),
                    "age_at_capture": pl.Series(cell_age[body_cell[b]], dtype=pl.Int16),
                    "failed": failed,
                    "template_key": b.astype(np.int64),
                    "lookalike_key": pl.Series(look.astype(np.int64)).set(
                        pl.Series(look < 0), None
                    ),
                    "phenotype_cell": np.asarray(cells)[body_cell[b]],
                }
            )
        )
    return records, pl.concat(frames)

"""Hand-made worlds: a few records with chosen bodies, dates and captures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

DAY0 = dt.date(2024, 1, 1)
REFERENCE_CELL = "M|35-64|eastern_europe"


@dataclass(frozen=True)
class Entry:
    """One record of a hand-made world."""

    record_id: str
    day: int
    fingerprint: int | None = None  # template key
    face: int | None = None
    deleted: int | None = None
    lookalike: int | None = None  # look-alike template key (both modalities)
    quality: float = 80.0
    cell: str = REFERENCE_CELL
    failed: bool = False
    age: int = 40


def build(entries: list[Entry]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(identity_records, captures)`` for ``entries``."""
    records = pl.DataFrame(
        {
            "record_id": [e.record_id for e in entries],
            "system": [e.record_id.split("-")[0] for e in entries],
            "registered_on": [DAY0 + dt.timedelta(days=e.day) for e in entries],
            "deleted_on": [
                None if e.deleted is None else DAY0 + dt.timedelta(days=e.deleted) for e in entries
            ],
        },
        schema={
            "record_id": pl.String,
            "system": pl.String,
            "registered_on": pl.Date,
            "deleted_on": pl.Date,
        },
    )
    rows = []
    for e in entries:
        for modality, key in (("fingerprint", e.fingerprint), ("face", e.face)):
            if key is None:
                continue
            rows.append(
                {
                    "capture_id": f"{e.record_id}-{modality}",
                    "record_id": e.record_id,
                    "modality": modality,
                    "quality": None if e.failed else e.quality,
                    "captured_on": DAY0 + dt.timedelta(days=e.day),
                    "age_at_capture": e.age,
                    "failed": e.failed,
                    "template_key": key,
                    "lookalike_key": e.lookalike,
                    "phenotype_cell": e.cell,
                }
            )
    captures = pl.DataFrame(
        rows,
        schema={
            "capture_id": pl.String,
            "record_id": pl.String,
            "modality": pl.String,
            "quality": pl.Float64,
            "captured_on": pl.Date,
            "age_at_capture": pl.Int16,
            "failed": pl.Boolean,
            "template_key": pl.Int64,
            "lookalike_key": pl.Int64,
            "phenotype_cell": pl.String,
        },
    )
    return records, captures

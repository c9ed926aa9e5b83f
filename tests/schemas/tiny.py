"""Tiny hand-made worlds for the world-directory tests (one small table, milliseconds)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from schemas import polars_schema
from schemas.world import World, write_world

AS_OF = dt.date(2026, 6, 30)


def documents(n: int, offset: int = 0) -> pl.DataFrame:
    """``n`` rows of the ``documents`` table."""
    ids = range(offset, offset + n)
    return pl.DataFrame(
        {
            "document_id": list(ids),
            "person_id": [i // 2 for i in ids],
            "number": [f"P{i:08d}" for i in ids],
            "document_type": ["passport"] * n,
            "issuing_country": ["SYR"] * n,
            "issued_on": [dt.date(2020, 1, 1 + i % 28) for i in ids],
            "expiry": [dt.date(2030, 1, 1)] * n,
            "fraudulent": [i % 7 == 0 for i in ids],
            "genuine_holder_id": [None if i % 7 else 3 for i in ids],
        },
        schema=polars_schema("documents"),
    )


def tiny_world(
    out: Path,
    rows: int = 3,
    *,
    seed: int = 1,
    overwrite: bool = False,
    db_url: str | None = None,
) -> World:
    """A world with one ``documents`` table of ``rows`` rows at ``out``."""
    return write_world(
        out,
        {"documents": documents(rows)},
        seed=seed,
        scenario={"name": "tiny"},
        as_of=AS_OF,
        overwrite=overwrite,
        db_url=db_url,
    )


def hidden(parent: Path) -> list[str]:
    """Names of the hidden entries in ``parent`` (leftovers, locks)."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))

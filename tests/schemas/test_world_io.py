"""World directory: atomic writes, validation, Parquet -> SQL -> polars round trip."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from schemas import (
    DatabaseError,
    WorldError,
    connect,
    open_world,
    polars_schema,
    read_sql_table,
    write_world,
)


def _documents(n: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "document_id": list(range(n)),
            "person_id": [i // 2 for i in range(n)],
            "number": [f"P{i:08d}" for i in range(n)],
            "document_type": ["passport"] * n,
            "issuing_country": ["SYR"] * n,
            "issued_on": [dt.date(2020, 1, 1 + i % 28) for i in range(n)],
            "expiry": [dt.date(2030, 1, 1)] * n,
            "fraudulent": [i % 7 == 0 for i in range(n)],
            "genuine_holder_id": [None if i % 7 else 3 for i in range(n)],
        },
        schema=polars_schema("documents"),
    )


def test_round_trip_parquet_sql_polars(tmp_path: Path) -> None:
    docs = _documents(50)
    world = write_world(
        tmp_path / "w", {"documents": docs}, seed=1, scenario={}, as_of=dt.date(2026, 6, 30)
    )
    assert_frame_equal(world.table("documents"), docs)
    engine = connect(world.db_url)
    try:
        assert_frame_equal(read_sql_table(engine, "documents"), docs)
    finally:
        engine.dispose()
    assert world.manifest.tables["documents"].rows == 50
    assert len(world.manifest.tables["documents"].sha256) == 64


def test_existing_directory_is_refused_and_untouched(tmp_path: Path) -> None:
    out = tmp_path / "w"
    write_world(out, {"documents": _documents(3)}, seed=1, scenario={}, as_of=dt.date(2026, 6, 30))
    before = (out / "manifest.json").read_bytes()
    with pytest.raises(WorldError, match="already exists"):
        write_world(
            out, {"documents": _documents(5)}, seed=2, scenario={}, as_of=dt.date(2026, 6, 30)
        )
    assert (out / "manifest.json").read_bytes() == before


def test_unreachable_database_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "w"
    url = "postgresql+psycopg://u:secret@127.0.0.1:1/none"
    with pytest.raises(DatabaseError) as info:
        write_world(
            out,
            {"documents": _documents(3)},
            seed=1,
            scenario={},
            as_of=dt.date(2026, 6, 30),
            db_url=url,
        )
    assert "secret" not in str(info.value)
    assert "does not answer" in str(info.value)  # psycopg is a dev dependency
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no manifest.json"),
        ("{not json", "corrupt"),
        (json.dumps({"format": "something-else"}), "not an interopsim world"),
        (
            json.dumps({"format": "interopsim-world", "format_version": 99}),
            "version 99",
        ),
    ],
)
def test_bad_world_directories(tmp_path: Path, content: str | None, message: str) -> None:
    if content is not None:
        (tmp_path / "manifest.json").write_text(content, encoding="utf-8")
    with pytest.raises(WorldError, match=message):
        open_world(tmp_path)


def test_missing_table_file_is_reported(tmp_path: Path) -> None:
    world = write_world(
        tmp_path / "w",
        {"documents": _documents(3)},
        seed=1,
        scenario={},
        as_of=dt.date(2026, 6, 30),
    )
    (world.path / "tables" / "documents.parquet").unlink()
    with pytest.raises(WorldError, match=r"documents\.parquet is missing"):
        open_world(world.path)

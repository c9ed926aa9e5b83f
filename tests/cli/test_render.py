"""The renderer: JSON keeps everything, the table rounds for reading, CSV reads back."""

from __future__ import annotations

import csv
import io
import json
from contextlib import redirect_stdout

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cli.render import Table, emit, text_table

SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
JSON = st.recursive(
    SCALARS | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)


def _count_leaves(node: object) -> int:
    if isinstance(node, dict) and node:
        return sum(_count_leaves(v) for v in node.values())
    if isinstance(node, list) and node:
        return sum(_count_leaves(v) for v in node)
    return 1


@given(JSON)
def test_one_row_per_value(data: object) -> None:
    table = Table.of_values(data)
    assert table.columns == ("key", "value")
    assert len(table.rows) == _count_leaves(data)


def test_nested_keys_are_dotted() -> None:
    table = Table.of_values({"rows": {"persons": 3, "vis": 2}, "links": [{"colour": "red"}]})
    assert table.rows == (("rows.persons", 3), ("rows.vis", 2), ("links.0.colour", "red"))


@given(st.dictionaries(st.text(min_size=1, max_size=6), SCALARS, min_size=1, max_size=5))
def test_csv_reads_back(data: dict[str, object]) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        emit(data, "csv")
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["key", "value"]
    assert [r[0] for r in rows[1:]] == list(data)


def test_table_rounds_but_json_and_csv_keep_every_digit(capsys: pytest.CaptureFixture[str]) -> None:
    data = {"rate": 0.123456789, "share": True, "missing": None}
    emit(data, "json")
    assert json.loads(capsys.readouterr().out) == data
    emit(data, "csv")
    assert "rate,0.123456789" in capsys.readouterr().out
    emit(data, "table")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["key", "value"]
    assert lines[2].split() == ["rate", "0.1235"]
    assert lines[3].split() == ["share", "yes"]
    assert lines[4].rstrip() == "missing"


def test_text_table_aligns_columns() -> None:
    text = text_table(("figure", "value"), [("a", 1), ("longer name", 12.5)])
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1  # every line as wide as the header rule
    assert lines[2].endswith("   1")
    assert lines[3] == "longer name   12.5"

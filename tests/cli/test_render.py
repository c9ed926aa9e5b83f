"""The renderer: JSON keeps everything, the table rounds for reading, CSV reads back."""

from __future__ import annotations

import csv
import io
import json
import sys
from contextlib import redirect_stdout

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.estimate import Estimate, Method
from cli.render import FIGURE_COLUMNS, Table, emit, figure_table, resolve_format, text_table

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


class _Stdout(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("tty", "given", "shown"),
    [
        (True, None, "table"),
        (False, None, "json"),
        (True, "csv", "csv"),
        (False, "table", "table"),
    ],
)
def test_people_get_a_table_and_pipes_get_json(
    monkeypatch: pytest.MonkeyPatch, tty: bool, given: str | None, shown: str
) -> None:
    monkeypatch.setattr(sys, "stdout", _Stdout(tty))
    assert resolve_format(given) == shown
    assert resolve_format(None, human="text") == ("text" if tty else "json")


def test_figures_share_one_vocabulary_and_round_only_for_people() -> None:
    share = Estimate(0.0017639, 0.0012041, 0.0025834, 14_740, Method.WILSON, "share")
    count = Estimate(26.0, 16.98, 38.1, None, Method.POISSON, "persons")
    mean = Estimate(
        23.3, -1.2, 35.0, 3, Method.REPLICATE_T, "persons", replicate_method=Method.POISSON
    )
    figures = [("rate", "Share", share), ("n", "People", count), ("m", "Mean", mean)]
    raw = figure_table(figures, human=False)
    assert raw.columns == FIGURE_COLUMNS
    assert raw.rows[0][2:5] == (0.0017639, 0.0012041, 0.0025834)  # every digit
    human = figure_table(figures, human=True)
    assert human.columns == ("figure", "value", "lower", "upper", "unit")
    assert human.rows[0][1:4] == ("0.18 %", "0.12 %", "0.26 %")
    assert human.rows[1][1:4] == ("26", "17", "38")
    assert human.rows[2][2] == "0"  # a Student-t bound below zero of a count shows as 0


def test_numbers_align_right_and_words_left() -> None:
    lines = text_table(("name", "description", "n"), [("a", "words here", 1)]).splitlines()
    assert lines[0] == "name  description  n"
    assert lines[2] == "a     words here   1"

"""How the commands print results: JSON for machines, an aligned table or CSV for people.

A command hands :func:`emit` its result as JSON-ready data and, when it has a better
human shape than one row per value, a :class:`Table` (and, when the spreadsheet shape
differs from the screen's, a second one for CSV). JSON keeps every digit; the table
rounds numbers for reading; CSV keeps every digit for spreadsheets.

Every figure is printed with the same keys everywhere: ``value``, ``lower`` and
``upper`` (the 95 % interval), ``unit`` and ``method`` (:func:`figure_table`).
Without ``--format``, a command prints the table on a terminal and JSON otherwise
(:func:`resolve_format`).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from analysis.estimate import Estimate

__all__ = [
    "FIGURE_COLUMNS",
    "FORMATS",
    "Table",
    "emit",
    "figure_table",
    "resolve_format",
    "text_table",
]

FORMATS = ("json", "table", "csv")
"""The values of ``--format`` for a command that prints a result."""

FIGURE_COLUMNS = ("key", "label", "value", "lower", "upper", "unit", "method")
"""The columns of a figure in every command's CSV (and its keys in JSON)."""

SIGNIFICANT = 4
"""Significant digits of a number in the ``table`` format."""


def resolve_format(fmt: str | None, human: str = "table") -> str:
    """``fmt``, or when none was given: ``human`` on a terminal, ``json`` in a pipe."""
    if fmt:
        return fmt
    isatty = getattr(sys.stdout, "isatty", None)
    return human if isatty is not None and isatty() else "json"


@dataclass(frozen=True)
class Table:
    """Rows of cells under named columns: the human shape of a result."""

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    @classmethod
    def of_values(cls, data: object) -> Table:
        """One row per value of ``data``: nested keys joined by dots, list items numbered."""
        return cls(("key", "value"), tuple(_leaves(data)))


def _leaves(node: object, prefix: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(node, Mapping) and node:
        for key, value in node.items():
            yield from _leaves(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(node, list | tuple) and node:
        for index, value in enumerate(node):
            yield from _leaves(value, f"{prefix}.{index}" if prefix else str(index))
    else:
        yield prefix, node


def _cell(value: object, rounded: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and rounded:
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:.{SIGNIFICANT}g}"
    if isinstance(value, int) and rounded:
        return f"{value:,}"
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, default=str) if value else ""
    return str(value)


def _numeric(values: Iterable[object]) -> bool:
    """A column of numbers (or empty cells) is right-aligned."""
    seen = False
    for v in values:
        if v is None or v == "":
            continue
        if isinstance(v, bool) or not isinstance(v, int | float | str):
            return False
        if isinstance(v, str) and not _looks_numeric(v):
            return False
        seen = True
    return seen


def _looks_numeric(text: str) -> bool:
    core = text.strip().replace(",", "").replace("%", "").replace("–", "").replace("×", "")
    core = core.replace(" ", "").lstrip("+-")
    return bool(core) and all(c.isdigit() or c in ".e-+" for c in core)


def text_table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """An aligned text table: columns of numbers right-aligned, others left-aligned."""
    cells = [list(columns), *([_cell(v, rounded=True) for v in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    right = [i > 0 and _numeric(row[i] for row in rows) for i in range(len(columns))]
    lines = []
    for n, row in enumerate(cells):
        parts = [
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(row, widths, right, strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: CRLF line ends, so a CR in a cell is quoted
    writer.writerow(table.columns)
    writer.writerows([_cell(v, rounded=False) for v in row] for row in table.rows)
    return buffer.getvalue()


def figure_table(figures: Iterable[tuple[str, str, Estimate]], human: bool) -> Table:
    """Figures as rows of :data:`FIGURE_COLUMNS`; rounded by kind when ``human``.

    ``human`` prints counts as whole numbers and shares as percentages (a Student-t
    bound below zero of a count or rate shows as 0); otherwise every digit is kept.
    """
    from interopsim.views import figure_cells

    rows: list[tuple[object, ...]] = []
    for key, label, e in figures:
        if human:
            c = figure_cells(e)
            rows.append((label, c.value, c.lower, c.upper, c.unit))
        else:
            rows.append((key, label, e.value, e.lower, e.upper, e.unit, e.method.value))
    if human:
        return Table(("figure", "value", "lower", "upper", "unit"), tuple(rows))
    return Table(FIGURE_COLUMNS, tuple(rows))


def emit(
    data: object,
    fmt: str | None = "json",
    table: Table | None = None,
    csv_table: Table | None = None,
) -> None:
    """Print a result on stdout as ``fmt``: ``data`` as JSON, ``table`` as text, CSV.

    CSV prints ``csv_table`` (default ``table``); without either, the text and CSV forms
    list every value of ``data`` (:meth:`Table.of_values`).
    """
    fmt = resolve_format(fmt)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, default=str))
        return
    if fmt == "csv":
        click.echo(_csv(csv_table or table or Table.of_values(data)), nl=False)
        return
    shown = table or Table.of_values(data)
    click.echo(text_table(shown.columns, shown.rows))

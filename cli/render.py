"""How the commands print results: JSON for machines, an aligned table or CSV for people.

A command hands :func:`emit` its result as JSON-ready data and, when it has a better
human shape than one row per value, a :class:`Table`. JSON keeps every digit; the table
rounds numbers for reading; CSV keeps every digit for spreadsheets.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import click

__all__ = ["FORMATS", "Table", "emit", "text_table"]

FORMATS = ("json", "table", "csv")
"""The values of ``--format`` for a command that prints a result."""

SIGNIFICANT = 4
"""Significant digits of a number in the ``table`` format."""


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
        return f"{value:.{SIGNIFICANT}g}"
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, default=str) if value else ""
    return str(value)


def text_table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """An aligned text table: the first column left-aligned, the others right-aligned."""
    cells = [list(columns), *([_cell(v, rounded=True) for v in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = []
    for n, row in enumerate(cells):
        parts = [row[0].ljust(widths[0])]
        parts += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
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


def emit(data: object, fmt: str = "json", table: Table | None = None) -> None:
    """Print a result on stdout as ``fmt``: ``data`` as JSON, or ``table`` as text or CSV.

    Without ``table``, the text and CSV forms list every value of ``data``
    (:meth:`Table.of_values`).
    """
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, default=str))
        return
    shown = table or Table.of_values(data)
    if fmt == "csv":
        click.echo(_csv(shown), nl=False)
    else:
        click.echo(text_table(shown.columns, shown.rows))

"""Own name tables: synthetic name components, not personal data.

These tables hold common given names and surnames (name *components*, written from general
knowledge of common names) for the naming cultures where Faker has no usable pool or where
its native-script names cannot be romanised reliably (Arabic, Persian, Pashto/Dari, Ge'ez,
Somali, Belarusian, Albanian, Senegalese, Congolese, Bangladeshi). Each table is a text
block, one name per line, in rough order of commonness (most common first; the order sets
the draw weights, see :mod:`synth.names.pools`; the order is an assumption of this project,
not a published frequency list).

Line format: fields separated by ``|`` (trailing fields may be omitted)::

    native | key | tags | extras | canon

- ``native``: the name in its native script;
- ``key``: phonemic key for :mod:`synth.names.phonemic` (empty for Latin-script tables);
- ``tags``: letters naming the sub-cultures that use the name (``*`` = all);
- ``extras``: comma-separated further Latin spellings met in records;
- ``canon``: comma-separated ``TRADITION=SPELLING`` overrides of a tradition's canonical
  spelling, where the rule rendering is not the usual one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["NameRow", "parse_rows"]


@dataclass(frozen=True)
class NameRow:
    """One name of an own table."""

    native: str
    key: str = ""
    tags: str = "*"
    extras: tuple[str, ...] = ()
    canon: dict[str, str] = field(default_factory=dict)

    def used_by(self, tag: str) -> bool:
        """Whether the sub-culture ``tag`` uses this name."""
        return self.tags == "*" or tag in self.tags


def parse_rows(block: str) -> tuple[NameRow, ...]:
    """Parse a table block (see the module docstring); blank and ``#`` lines are skipped."""
    rows: list[NameRow] = []
    for raw in block.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (5 - len(parts))
        native, key, tags, extras, canon = parts[:5]
        if not native:
            raise ValueError(f"name table line without a native name: {raw!r}")
        canon_map: dict[str, str] = {}
        for item in filter(None, (c.strip() for c in canon.split(","))):
            trad, _, spelling = item.partition("=")
            canon_map[trad.strip()] = spelling.strip()
        rows.append(
            NameRow(
                native=native,
                key=key,
                tags=tags or "*",
                extras=tuple(e.strip() for e in extras.split(",") if e.strip()),
                canon=canon_map,
            )
        )
    return tuple(rows)

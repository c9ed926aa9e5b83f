"""Sources on the page: numbered citations, the page's bibliography and the assumption table.

A report cites the project's bibliography (``schemas/bibliography.toml``) in the form
``[@eu-2019-817]`` in its text, its captions and its assumption sources.
:class:`PageSources` numbers the keys in the order the page first cites them, turns each
citation into a link to its entry (``[3]``) and lists, at the end, only the entries the
page cited.

:func:`assumption_table` shapes the assumptions for reading: the parameters changed from
their defaults first, then every parameter by group, each source text printed once (a
text shared by several parameters becomes a numbered note).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from analysis.assumptions import Assumption
from analysis.report.model import assumption_group
from schemas.bibliography import Source, bibliography
from schemas.provenance import Tag

__all__ = ["AssumptionRow", "AssumptionTable", "PageSources", "assumption_table"]

_CITATION = re.compile(r"\[(@[^\]]+)\]")
_KEY = re.compile(r"@([A-Za-z0-9][A-Za-z0-9._:/-]*[A-Za-z0-9])")


@dataclass(frozen=True, slots=True)
class CitedSource:
    """One entry of the page's bibliography: its number, key and (when known) source."""

    number: int
    key: str
    source: Source | None

    @property
    def anchor(self) -> str:
        """The id of the entry on the page."""
        return "ref-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.key)


class PageSources:
    """The citations of one page, numbered in order of first appearance."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def number(self, key: str) -> int:
        """The number of ``key`` on this page (a new number the first time)."""
        return self._numbers.setdefault(key, len(self._numbers) + 1)

    def _keys(self, group: str) -> list[str]:
        return _KEY.findall(group)

    def html(self, text: object) -> Markup:
        """``text`` escaped, each ``[@a; @b]`` a bracket of links to the entries."""
        out: list[str] = []
        last = 0
        raw = str(text)
        for m in _CITATION.finditer(raw):
            keys = self._keys(m.group(1))
            if not keys:
                continue
            out.append(str(escape(raw[last : m.start()])))
            links = ", ".join(
                f'<a href="#{self.entry(k).anchor}">{self.number(k)}</a>' for k in keys
            )
            out.append(f'<span class="ref">[{links}]</span>')
            last = m.end()
        out.append(str(escape(raw[last:])))
        return Markup("".join(out))

    def markdown(self, text: object) -> str:
        """``text`` with each ``[@a; @b]`` as ``[1, 2]`` (entries listed at the end)."""

        def numbered(m: re.Match[str]) -> str:
            keys = self._keys(m.group(1))
            if not keys:
                return m.group(0)
            return "[" + ", ".join(str(self.number(k)) for k in keys) + "]"

        return _CITATION.sub(numbered, str(text))

    def entry(self, key: str) -> CitedSource:
        """The page's entry for ``key``."""
        return CitedSource(self.number(key), key, bibliography().get(key))

    def entries(self) -> list[CitedSource]:
        """Every source cited so far, by number."""
        return [self.entry(k) for k in sorted(self._numbers, key=self._numbers.__getitem__)]


@dataclass(frozen=True, slots=True)
class AssumptionRow:
    """One parameter as the page shows it: its source inline or as a note number."""

    assumption: Assumption
    source: str | None  # the source text, when no other row shares it
    note: int | None  # else the number of the note holding it


@dataclass(frozen=True, slots=True)
class AssumptionTable:
    """The assumptions shaped for the page."""

    changed: tuple[Assumption, ...]
    calibrated: tuple[Assumption, ...]
    groups: tuple[tuple[str, tuple[AssumptionRow, ...]], ...]
    notes: tuple[tuple[int, str], ...]
    tags: tuple[tuple[str, int], ...]  # tag letter and how many parameters carry it

    @property
    def total(self) -> int:
        """The number of parameters."""
        return sum(len(rows) for _, rows in self.groups)


def _tag_counts(items: Iterable[Assumption]) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for a in items:
        letter = a.tag.value if a.tag is not None else "no tag"
        counts[letter] = counts.get(letter, 0) + 1
    return tuple(sorted(counts.items()))


def assumption_table(items: Sequence[Assumption]) -> AssumptionTable:
    """Changed parameters, then all by group; a source text shared by rows becomes a note."""
    uses: dict[str, int] = {}
    for a in items:
        uses[a.source] = uses.get(a.source, 0) + 1
    notes: dict[str, int] = {}
    groups: dict[str, list[AssumptionRow]] = {}
    for a in items:
        if uses[a.source] > 1:
            number = notes.setdefault(a.source, len(notes) + 1)
            row = AssumptionRow(a, None, number)
        else:
            row = AssumptionRow(a, a.source, None)
        groups.setdefault(assumption_group(a.key), []).append(row)
    return AssumptionTable(
        changed=tuple(a for a in items if a.changed),
        calibrated=tuple(a for a in items if a.tag is Tag.CALIBRATED),
        groups=tuple((g, tuple(rows)) for g, rows in groups.items()),
        notes=tuple((n, text) for text, n in notes.items()),
        tags=_tag_counts(items),
    )

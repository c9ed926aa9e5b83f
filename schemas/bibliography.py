"""The project's bibliography: every source that code, docs or the report cite.

Sources live in ``schemas/bibliography.toml``, one table per key::

    [eu-2019-817]
    kind = "legislation"
    citation = "Regulation (EU) 2019/817 of the European Parliament and of the Council ..."
    year = 2019
    url = "http://data.europa.eu/eli/reg/2019/817/oj"
    accessed = "2026-11-20"
    supports = "MID link colours (Arts. 30-33); verifying authorities (Art. 29)"

Code, documentation and report text cite them in the pandoc style ``[@eu-2019-817]``
or ``[@eu-2019-817; @nistir-8280]``; :func:`citations` finds them in any text, and a
test fails on a key that is not in the bibliography. A
:class:`schemas.provenance.Provenance` holds bare keys.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from schemas.errors import ConfigError

__all__ = ["KINDS", "Source", "bibliography", "citations", "source", "unresolved"]

KINDS = frozenset(
    {"legislation", "official-report", "statistics", "standard", "paper", "news", "web", "data"}
)
_CITATION = re.compile(r"\[(@[^\]]+)\]")
_KEY = re.compile(r"@([A-Za-z0-9][A-Za-z0-9._:/-]*[A-Za-z0-9])")


@dataclass(frozen=True)
class Source:
    """One bibliography entry."""

    key: str
    kind: str
    citation: str
    year: int | None
    url: str
    supports: str
    accessed: str = ""

    def reference(self) -> str:
        """The entry as one line of a rendered bibliography."""
        link = f" {self.url}" if self.url else ""
        seen = f" (accessed {self.accessed})" if self.accessed else ""
        return f"{self.citation}{link}{seen}"


def _load(text: str) -> dict[str, Source]:
    data = tomllib.loads(text)
    out: dict[str, Source] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict):
            raise ConfigError(f"bibliography: {key} is not a table")
        kind = str(entry.get("kind", ""))
        if kind not in KINDS:
            raise ConfigError(f"bibliography: {key}.kind {kind!r} is not one of {sorted(KINDS)}")
        for required in ("citation", "supports"):
            if not str(entry.get(required, "")).strip():
                raise ConfigError(f"bibliography: {key}.{required} is missing")
        year = entry.get("year")
        out[key] = Source(
            key=key,
            kind=kind,
            citation=str(entry["citation"]).strip(),
            year=int(year) if year is not None else None,
            url=str(entry.get("url", "")),
            supports=str(entry["supports"]).strip(),
            accessed=str(entry.get("accessed", "")),
        )
    return out


@functools.cache
def bibliography() -> Mapping[str, Source]:
    """Every source by key (read once from ``schemas/bibliography.toml``)."""
    text = (resources.files("schemas") / "bibliography.toml").read_text(encoding="utf-8")
    return MappingProxyType(_load(text))


def source(key: str) -> Source:
    """The entry ``key``; :class:`ConfigError` naming the closest key when it is unknown."""
    entries = bibliography()
    try:
        return entries[key]
    except KeyError:
        from schemas.config import suggest

        raise ConfigError(f"unknown source @{key}{suggest(key, entries)}") from None


def citations(text: str) -> list[str]:
    """The keys cited in ``text`` (``[@eu-2017-2226]``, ``[@eu-2019-817; @eu-2019-818]``)."""
    return [key for group in _CITATION.findall(text) for key in _KEY.findall(group)]


def unresolved(keys: Iterable[str]) -> list[str]:
    """The keys among ``keys`` that are not in the bibliography."""
    entries = bibliography()
    return sorted({k for k in keys if k not in entries})

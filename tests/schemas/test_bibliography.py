"""Every citation in code, docs and templates resolves in the project's bibliography."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.bibliography import bibliography, citations, source, unresolved
from schemas.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("schemas", "synth", "linkage", "analysis", "interopsim", "cli", "benchmarks")
SUFFIXES = {".py", ".md", ".j2", ".toml"}


def _files() -> list[Path]:
    out = [ROOT / "README.md", ROOT / "BENCHMARKS.md"]
    for package in SCANNED:
        out += [p for p in (ROOT / package).rglob("*") if p.suffix in SUFFIXES]
    return [p for p in out if p.is_file()]


def test_citation_syntax() -> None:
    assert citations("as [@eu-2019-817] and [@a-1; @b.2] say; not @x or [x]") == [
        "eu-2019-817",
        "a-1",
        "b.2",
    ]


def test_every_citation_resolves() -> None:
    missing = {
        f"{path.relative_to(ROOT)}: {key}"
        for path in _files()
        for key in unresolved(citations(path.read_text(encoding="utf-8")))
    }
    assert not missing, sorted(missing)


def test_entries_are_complete() -> None:
    entries = bibliography()
    assert entries
    for entry in entries.values():
        assert entry.citation
        assert entry.supports
        assert entry.url.startswith(("http://", "https://")) or not entry.url


def test_unknown_key_names_the_closest() -> None:
    with pytest.raises(ConfigError, match=r"did you mean 'eu-2019-817'\?"):
        source("eu-2019-8177")

"""docs/validation.md names every reference case and every calibrated default."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.validation import CASES, calibrated_defaults
from schemas.bibliography import citations, unresolved

DOC = Path(__file__).resolve().parents[3] / "docs" / "validation.md"
TEXT = DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("key", [c.key for c in CASES])
def test_every_case_is_in_the_docs(key: str) -> None:
    assert f"`{key}`" in TEXT


def test_every_calibrated_default_is_in_the_docs_with_its_case() -> None:
    rows = [line for line in TEXT.splitlines() if line.startswith("| `")]
    for d in calibrated_defaults():
        assert any(f"`{d.key}`" in r and f"`{d.case}`" in r for r in rows), d.key


def test_the_docs_cite_only_known_sources() -> None:
    assert citations(TEXT)
    assert not unresolved(citations(TEXT))

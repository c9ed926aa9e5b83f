"""docs/validation.md names every reference case and every calibrated default.

Name-shape cases and the name laws they calibrate come from the name model's own table
(documented with it); the docs describe them as a group.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.validation import CASES, calibrated_defaults
from schemas.bibliography import citations, unresolved

DOC = Path(__file__).resolve().parents[3] / "docs" / "validation.md"
TEXT = DOC.read_text(encoding="utf-8")


NAMES = "names."


@pytest.mark.parametrize("key", [c.key for c in CASES if not c.key.startswith(NAMES)])
def test_every_case_is_in_the_docs(key: str) -> None:
    assert f"`{key}`" in TEXT


def test_name_cases_are_described() -> None:
    assert "`names.<culture>.<pool>`" in TEXT


def test_every_calibrated_default_is_in_the_docs_with_its_case() -> None:
    rows = [line for line in TEXT.splitlines() if line.startswith("| `")]
    for d in calibrated_defaults():
        if not d.key.startswith(NAMES):
            assert any(f"`{d.key}`" in r and f"`{d.case}`" in r for r in rows), d.key


def test_the_docs_cite_only_known_sources() -> None:
    assert citations(TEXT)
    assert not unresolved(citations(TEXT))

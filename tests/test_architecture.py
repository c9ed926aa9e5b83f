"""The layers point one way, and the linkage never touches the truth."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from schemas import TABLES, truth_columns

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("schemas", "synth", "linkage", "analysis", "interopsim", "cli")
ALLOWED: dict[str, set[str]] = {
    "schemas": set(),
    "synth": {"schemas"},
    "linkage": {"schemas"},
    "analysis": {"schemas", "synth", "linkage"},
    "interopsim": {"schemas", "synth", "linkage", "analysis"},
    "cli": {"schemas", "synth", "linkage", "analysis", "interopsim"},
}


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_follow_layer_order(package: str) -> None:
    wrong = {
        f"{path.relative_to(ROOT)} imports {root}"
        for path in _modules(package)
        for root in _imported_roots(path) & set(PACKAGES)
        if root != package and root not in ALLOWED[package]
    }
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("package", ["schemas", "synth", "linkage", "analysis", "interopsim"])
def test_only_cli_imports_click(package: str) -> None:
    users = [p for p in _modules(package) if "click" in _imported_roots(p)]
    assert not users, users


def test_linkage_never_names_a_truth_column() -> None:
    truth = {c for name in TABLES for c in truth_columns(name)}
    # Columns that are truth in ``persons`` but also ordinary recorded data elsewhere.
    recorded = {"sex", "birth_date", "nationality", "birth_place"}
    forbidden = truth - recorded
    assert "person_id" in forbidden
    hits = []
    for path in _modules("linkage"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in forbidden:
                hits.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
            if isinstance(node, ast.Name | ast.Attribute):
                name = node.id if isinstance(node, ast.Name) else node.attr
                if name in forbidden:
                    hits.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert not hits, hits


def test_checker_sees_a_wrong_way_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from analysis.metrics import x\nimport linkage\n", encoding="utf-8")
    assert _imported_roots(bad) == {"analysis", "linkage"}

"""The layers point one way, and the linkage never touches the truth."""

from __future__ import annotations

import ast
from functools import cache
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


@cache
def _tree(path: Path) -> ast.Module:
    """The parsed source of ``path`` (parsed once per test process)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def _imported_roots(path: Path) -> set[str]:
    tree = _tree(path)
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
        for node in ast.walk(_tree(path)):
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


# --- Function length --------------------------------------------------------------------

MAX_FUNCTION_LINES = 60
"""The longest a function may be, from its ``def`` line to its last (docstring included)."""

#: Functions that are data tables written as code (one literal per case), by path::name.
DATA_TABLES = frozenset({"synth/names/cyrillic.py::_scheme_table"})


def _long_functions(
    paths: list[Path], limit: int = MAX_FUNCTION_LINES, root: Path = ROOT
) -> list[str]:
    """``path::name (N lines)`` of every function or method longer than ``limit`` lines."""
    found = []
    for path in paths:
        for node in ast.walk(_tree(path)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            where = f"{path.relative_to(root).as_posix()}::{node.name}"
            if lines > limit and where not in DATA_TABLES:
                found.append(f"{where} ({lines} lines)")
    return found


def test_no_function_is_longer_than_the_standard() -> None:
    paths = [p for package in PACKAGES for p in _modules(package)]
    assert not _long_functions(paths)


@pytest.mark.parametrize("package", ["interopsim", "cli"])
def test_no_function_is_longer_than_the_standard_in(package: str) -> None:
    assert not _long_functions(_modules(package))


def test_length_checker_counts_from_def_and_skips_data_tables(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    table = tmp_path / "synth" / "names" / "cyrillic.py"
    table.parent.mkdir(parents=True)
    for path in (tmp_path / "m.py", table):
        path.write_text(f"@cache\ndef _scheme_table():\n{body}\n", encoding="utf-8")
    assert _long_functions([tmp_path / "m.py"], limit=61, root=tmp_path) == []
    assert _long_functions([tmp_path / "m.py", table], root=tmp_path) == [
        "m.py::_scheme_table (61 lines)"
    ]


# --- The CLI is a thin layer over the API -----------------------------------------------

#: Library functions the CLI may call directly: renderers of a result, not stages.
CLI_RENDERERS = frozenset(
    {
        ("analysis.report", "explanation_text"),
        # The top-level guard words any unexpected exception, even when importing
        # interopsim is what failed (schemas.errors imports nothing of the simulator).
        ("schemas.errors", "describe_unexpected"),
    }
)
LIBRARY = frozenset(PACKAGES) - {"cli", "interopsim"}


def _runtime_imports(path: Path) -> list[tuple[str, str]]:
    """``(module, name)`` of each import outside ``if TYPE_CHECKING:`` blocks."""
    tree = _tree(path)
    typing_only = {
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If)
        and isinstance(block.test, ast.Name)
        and block.test.id == "TYPE_CHECKING"
        for n in ast.walk(block)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.module, alias.name) for alias in node.names]
    return found


def test_cli_reaches_the_library_only_through_the_api() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}: {module} {name}".strip()
        for path in _modules("cli")
        for module, name in _runtime_imports(path)
        if module.split(".")[0] in LIBRARY and (module, name) not in CLI_RENDERERS
    ]
    assert not wrong


def test_import_checker_skips_typing_only_imports(tmp_path: Path) -> None:
    path = tmp_path / "cmd.py"
    path.write_text(
        "from typing import TYPE_CHECKING\n"
        "import interopsim\n"
        "if TYPE_CHECKING:\n"
        "    from schemas.world import World\n"
        "def f():\n"
        "    from linkage.pipeline import link_world\n",
        encoding="utf-8",
    )
    assert _runtime_imports(path) == [
        ("typing", "TYPE_CHECKING"),
        ("interopsim", ""),
        ("linkage.pipeline", "link_world"),
    ]

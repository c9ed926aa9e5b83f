"""The generator's modules depend on each other in one direction only."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

SYNTH = Path(__file__).resolve().parents[2] / "synth"


def _module(path: Path) -> str:
    parts = path.relative_to(SYNTH.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """synth modules imported anywhere in ``path`` (function-level imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("synth"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("synth")}
    return found


def _graph() -> dict[str, set[str]]:
    graph = {_module(p): _imports(p) for p in SYNTH.rglob("*.py")}
    # A package's __init__ re-exports its modules; it is not a dependency of them.
    return {m: {d for d in deps if not m.startswith(f"{d}.")} for m, deps in graph.items()}


def test_no_module_imports_back_into_one_that_imports_it() -> None:
    try:
        tuple(TopologicalSorter(_graph()).static_order())
    except CycleError as exc:
        raise AssertionError(f"synth modules import each other in a cycle: {exc.args[1]}") from None


def test_journeys_flow_one_way() -> None:
    graph = _graph()
    # travel knows nothing of protection, justice or the orchestration of journeys
    assert not graph["synth.travel"] & {"synth.protection", "synth.justice", "synth.journeys"}
    assert not graph["synth.protection"] & {"synth.justice", "synth.journeys"}
    assert not graph["synth.justice"] & {"synth.travel", "synth.protection", "synth.journeys"}
    assert {"synth.travel", "synth.protection", "synth.justice"} <= graph["synth.journeys"]
    # the shared draws are used by every life course and depend on none of them
    for module in ("synth.travel", "synth.protection", "synth.justice"):
        assert "synth.draws" in graph[module]
    assert not graph["synth.draws"] & {"synth.travel", "synth.protection", "synth.justice"}

"""The pinned public API of linkage.identity: its names, their examples, a light import."""

from __future__ import annotations

import doctest
import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import linkage.identity

ROOT = Path(__file__).resolve().parents[3]

#: Adding a name here is a decision about the public API, not a detail.
PUBLIC = {
    "BlockingRule",
    "Comparison",
    "DateComparison",
    "DocumentComparison",
    "Evaluation",
    "ExactMatch",
    "FieldRule",
    "IdentityCategory",
    "IdentityResult",
    "IdentitySearchConfig",
    "IdentityStats",
    "LinkSpec",
    "Linker",
    "Model",
    "NameComparison",
    "Predictions",
    "StringComparison",
    "basic_name",
    "block_on",
    "clusters",
    "dedupe",
    "fold_name",
    "link",
    "phonetic_key",
    "romanise",
    "score_pairs",
    "search_identities",
}


def test_exported_names_are_pinned() -> None:
    assert set(linkage.identity.__all__) == PUBLIC
    public_attributes = {
        name
        for name, value in vars(linkage.identity).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public_attributes == PUBLIC


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_public_name_has_an_example(name: str) -> None:
    doc = inspect.getdoc(getattr(linkage.identity, name)) or ""
    assert ">>>" in doc, f"{name} has no runnable example in its docstring"


MODULES = sorted(
    m.name for m in pkgutil.iter_modules(linkage.identity.__path__, "linkage.identity.")
)


@pytest.mark.parametrize("module", MODULES)
def test_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_import_loads_neither_the_simulator_nor_sqlalchemy() -> None:
    code = (
        "import json, sys, time\n"
        "t = time.perf_counter()\n"
        "import linkage.identity\n"
        "seconds = time.perf_counter() - t\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'synth', 'analysis', 'interopsim', 'cli', 'scipy', 'matplotlib'})\n"
        "inner = sorted(m for m in sys.modules if m.startswith('linkage.') and "
        "not m.startswith('linkage.identity'))\n"
        "print(json.dumps({'seconds': seconds, 'heavy': heavy, 'inner': inner}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    report = json.loads(done.stdout)
    assert report["heavy"] == []
    assert report["inner"] == []
    print(f"import linkage.identity: {report['seconds']:.2f} s")  # noqa: T201 - measured, not asserted

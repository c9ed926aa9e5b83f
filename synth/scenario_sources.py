"""Where each scenario default comes from, read from the comments beside it.

``synth/scenario.py`` states the source of every default in a comment next to the field
(or inside the function that builds the default). This module turns those comments into
data, so that a report can list each parameter with its source without a second copy of
the citations that could drift from the code.
"""

from __future__ import annotations

import ast
import functools
import inspect
import io
import tokenize
from typing import Any

from pydantic import BaseModel

from schemas.systems import SYSTEM_BY_PREFIX
from synth import scenario as scenario_module
from synth.scenario import Scenario

__all__ = ["default_scenario_values", "field_sources", "source_of"]


def _comments(source: str) -> dict[int, str]:
    """Comment text by line number (1-based) in ``source``."""
    out: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string.lstrip("#").strip()
    return out


def _block_above(comments: dict[int, str], line: int) -> list[str]:
    """The run of whole-line comments right above ``line``."""
    whole = _whole_line_comments()
    lines: list[str] = []
    number = line - 1
    while number in comments and number in whole:
        lines.insert(0, comments[number])
        number -= 1
    return lines


@functools.cache
def _whole_line_comments() -> frozenset[int]:
    source = inspect.getsource(scenario_module).splitlines()
    return frozenset(n for n, text in enumerate(source, 1) if text.lstrip().startswith("#"))


@functools.cache
def _module_comments() -> tuple[dict[int, str], ast.Module]:
    source = inspect.getsource(scenario_module)
    return _comments(source), ast.parse(source)


def _factory_comment(tree: ast.Module, comments: dict[int, str], name: str) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            first = node.lineno + 1
            end = node.end_lineno or first
            return [comments[n] for n in range(first, end + 1) if n in comments][:3]
    return []


def _class_sources(cls_name: str) -> dict[str, str]:
    comments, tree = _module_comments()
    out: dict[str, str] = {}
    for node in tree.body:
        if not (isinstance(node, ast.ClassDef) and node.name == cls_name):
            continue
        last_text: list[str] = []
        last_end = -1
        for item in node.body:
            if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)):
                continue
            above = _block_above(comments, item.lineno)
            if not above and item.lineno == last_end + 1:
                above = list(last_text)  # one comment above a run of related fields
            text = list(above)
            end = item.end_lineno or item.lineno
            text += [comments[n] for n in range(item.lineno, end + 1) if n in comments]
            if isinstance(item.value, ast.Call):
                for kw in item.value.keywords:
                    if kw.arg == "default_factory" and isinstance(kw.value, ast.Name):
                        text += _factory_comment(tree, comments, kw.value.id)
            if text:
                out[item.target.id] = " ".join(text)
            last_text, last_end = above, item.end_lineno or item.lineno
    return out


def _walk(model: type[BaseModel], prefix: str, out: dict[str, str]) -> None:
    for name, info in _class_sources(model.__name__).items():
        out[f"{prefix}{name}"] = info
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            _walk(annotation, f"{prefix}{name}.", out)


@functools.cache
def field_sources() -> dict[str, str]:
    """``'population.lookalike_share'`` -> the comment that gives its default's source."""
    out: dict[str, str] = {}
    _walk(Scenario, "", out)
    return out


@functools.cache
def _defaults() -> dict[str, Any]:
    out: dict[str, Any] = {}

    def flatten(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                flatten(f"{prefix}.{key}" if prefix else str(key), value)
        else:
            out[prefix] = node

    flatten("", Scenario().model_dump(mode="json"))
    return out


def default_scenario_values() -> dict[str, Any]:
    """Every leaf of the default scenario by dotted path (``'world.persons'`` -> 100000)."""
    return dict(_defaults())


def _system_source(parts: list[str]) -> str | None:
    """Sources of the per-system biometric rules, which default to schemas.systems."""
    if len(parts) != 3 or parts[0] != "systems" or parts[1] not in SYSTEM_BY_PREFIX:
        return None
    spec = SYSTEM_BY_PREFIX[parts[1]]
    if parts[2].startswith("fingerprint"):
        rule = spec.fingerprints
    elif parts[2].startswith("face"):
        rule = spec.face
    elif parts[2] == "identity_fields":
        return f"schemas.systems ({spec.source})"
    else:
        return None
    return f"schemas.systems: {rule.source}" if rule else f"schemas.systems: none ({spec.source})"


def source_of(path: str, value: Any) -> str:
    """The source of scenario parameter ``path`` (dotted, without a ``scenario.`` prefix).

    When ``value`` differs from the model's default, the scenario set it: the default's
    source no longer applies and the answer says so.
    """
    sources = field_sources()
    parts = path.split(".")
    cited = next(
        (
            sources[".".join(parts[:n])]
            for n in range(len(parts), 0, -1)
            if ".".join(parts[:n]) in sources
        ),
        None,
    )
    cited = _system_source(parts) or cited
    defaults = _defaults()
    if path in defaults and defaults[path] != value:
        return "set by this scenario" + (f" (the default's source: {cited})" if cited else "")
    if path not in defaults:
        # Entries filled in while the scenario was resolved (e.g. uniform weights for a
        # group without any) inherit the source of the field they belong to.
        return (
            f"{cited} (filled in when the scenario was resolved)"
            if cited
            else ("set by this scenario (no default)")
        )
    return cited or "default of synth/scenario.py (no source comment)"

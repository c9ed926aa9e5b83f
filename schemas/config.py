"""One configuration style for every layer: strict pydantic models and one error formatter.

Every configuration object of interopsim (the scenario, the link configuration, the
analysis and experiment settings) is a :class:`StrictModel`: frozen, unknown keys
forbidden, defaults validated, and every number finite (``inf`` and ``nan`` are refused
by the one ``allow_inf_nan=False`` rule rather than field by field). :func:`parse` is the
only place where a pydantic ``ValidationError`` becomes a :class:`ConfigError`; it reports
every problem at once as ``dotted.key: what is wrong``, with the closest valid name for a
misspelt key.

Each field states where its default comes from as field metadata
(:mod:`schemas.provenance`), never in a comment.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from schemas.errors import ConfigError

__all__ = ["StrictModel", "format_problems", "merge", "parse", "suggest"]

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Base of every configuration model: frozen, no unknown keys, finite numbers."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_default=True,
        allow_inf_nan=False,
        use_enum_values=False,
    )


def suggest(bad: str, allowed: typing.Iterable[str]) -> str:
    """``", did you mean 'x'?"`` for the allowed name closest to ``bad`` (or ``""``)."""
    names = [str(a) for a in allowed]
    close = [a for a in names if bad and a.startswith(bad)]
    close = close or difflib.get_close_matches(bad, names, n=1, cutoff=0.5)
    return f", did you mean {close[0]!r}?" if close else ""


def _unwrap(annotation: Any) -> Any:
    """The model or container type behind ``Optional``/``Annotated`` wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _allowed_keys(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed where the unknown key at ``loc`` was found (if a model)."""
    node: Any = root
    for part in loc[:-1]:
        node = _unwrap(node)
        if isinstance(node, type) and issubclass(node, BaseModel):
            field = node.model_fields.get(str(part))
            if field is None:
                return []
            node = field.annotation
        elif typing.get_origin(node) in (dict, Mapping):
            node = typing.get_args(node)[1]
        elif typing.get_origin(node) in (list, tuple):
            node = typing.get_args(node)[0]
        else:
            return []
    node = _unwrap(node)
    if isinstance(node, type) and issubclass(node, BaseModel):
        return list(node.model_fields)
    return []


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _problem(root: type[BaseModel], error: Mapping[str, Any], prefix: str) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    msg = str(error["msg"]).removeprefix("Value error, ")
    if loc and loc[-1] == "[key]":  # a bad key of a mapping (an enum or a code)
        loc = loc[:-1]
        key = str(loc[-1]) if loc else ""
        expected = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        detail = "unknown key" if expected else msg
        listing = f" (allowed keys: {', '.join(expected)})" if expected else ""
        return f"{prefix}{'.'.join(map(str, loc))}: {detail}{suggest(key, expected)}{listing}"
    dotted = prefix + ".".join(map(str, loc)) if loc else prefix.rstrip(".") or "(root)"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(root, loc)
        listing = f" (allowed keys: {', '.join(allowed)})" if allowed else ""
        return f"{dotted}: unknown key{suggest(str(loc[-1]), allowed)}{listing}"
    if kind == "missing":
        return f"{dotted}: missing (required)"
    if kind == "finite_number":
        return f"{dotted}: {_short(error.get('input'))} is not allowed: must be a finite number"
    return f"{dotted}: {_short(error.get('input'))} is not allowed: {msg}"


def format_problems(root: type[BaseModel], exc: ValidationError, prefix: str = "") -> list[str]:
    """Every problem of ``exc`` as ``dotted.key: what is wrong`` (``prefix`` prepended)."""
    return [_problem(root, e, prefix) for e in exc.errors()]


def parse(model: type[M], data: Mapping[str, Any], *, what: str, prefix: str = "") -> M:
    """Validate ``data`` as ``model``; every problem at once in one :class:`ConfigError`.

    ``what`` names the input in the message (``"scenario file x.toml"``); ``prefix`` is
    prepended to every dotted key (``"link."`` for a section of a larger file).
    """
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        problems = format_problems(model, exc, prefix)
        raise ConfigError(f"invalid {what}: {'; '.join(problems)}") from None


def merge(
    base: Mapping[str, Any],
    over: Mapping[str, Any],
    replaced: typing.Callable[[str], bool] = lambda _: False,
    prefix: str = "",
) -> dict[str, Any]:
    """``over`` merged into ``base`` key by key (tables recursively).

    A table whose dotted path satisfies ``replaced`` is taken whole from ``over`` (weight
    tables, where merging would keep entries the user meant to drop).
    """
    out = dict(base)
    for key, value in over.items():
        path = f"{prefix}{key}"
        old = out.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping) and not replaced(path):
            out[key] = merge(old, value, replaced, f"{path}.")
        else:
            out[key] = value
    return out

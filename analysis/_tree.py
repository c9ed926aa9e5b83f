"""The typed tree behind ``metrics.json``: frozen dataclasses that read and write JSON.

Every node of the analysis result is a frozen, keyword-only dataclass deriving from
:class:`Node`. Its JSON form is one object whose keys are the field names, in field
order (a field may name another key with :func:`renamed`, and an optional field declared
with :func:`omitted_when_none` is left out rather than written as null). Values are
encoded by type: an :class:`~analysis.estimate.Estimate` by its own ``to_json``,
mappings as objects, tuples as lists, enums by value, dates in ISO form.
:meth:`Node.from_json` reads the same form back, guided by the field annotations, and
names the dotted key of the first value that does not fit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping
from enum import Enum
from typing import Any, Self

from pydantic import JsonValue

from analysis.estimate import Estimate

__all__ = [
    "OMIT_WHEN_NONE",
    "Node",
    "decode",
    "encode",
    "field_json_key",
    "json_key",
    "lookup",
    "omit_if_none",
    "replace_estimates",
]

_KEY = "json_key"
OMIT_WHEN_NONE = "omit_when_none"


def json_key(key: str) -> Mapping[str, object]:
    """Field metadata: write the field under the JSON key ``key``."""
    return {_KEY: key}


def omit_if_none(key: str | None = None) -> Mapping[str, object]:
    """Field metadata: leave the field out of the JSON when it is None (and name its key).

    Use as ``x: Estimate | None = field(default=None, metadata=omit_if_none())``.
    """
    meta: dict[str, object] = {OMIT_WHEN_NONE: True}
    if key is not None:
        meta[_KEY] = key
    return meta


def field_json_key(f: dataclasses.Field[Any]) -> str:
    """The JSON key of a node's field (its name unless :func:`json_key` renamed it)."""
    return str(f.metadata.get(_KEY, f.name))


_json_key = field_json_key


class Node:
    """A node of a result tree (a frozen dataclass): JSON out and back, field by field."""

    def to_json(self) -> dict[str, JsonValue]:
        """The node as a JSON object (see the module docstring)."""
        out: dict[str, JsonValue] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if value is None and f.metadata.get(OMIT_WHEN_NONE):
                continue
            out[_json_key(f)] = encode(value)
        return out

    @classmethod
    def from_json(cls, data: JsonValue, where: str = "") -> Self:
        """The inverse of :meth:`to_json`; ``ValueError`` naming the first bad key."""
        if not isinstance(data, Mapping):
            raise ValueError(f"{where or '(root)'}: expected an object, got {_kind(data)}")
        hints = _hints(typing.cast(type, cls))
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            key = _json_key(f)
            path = f"{where}.{key}" if where else key
            if key in data:
                values[f.name] = decode(hints[f.name], data[key], path)
            elif f.metadata.get(OMIT_WHEN_NONE):
                values[f.name] = None
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ValueError(f"{path}: missing")
        return cls(**values)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def encode(value: Any) -> JsonValue:
    """The JSON form of any value of a result tree."""
    if isinstance(value, Node | Estimate):
        return value.to_json()
    if isinstance(value, Enum):
        return encode(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(encode(k)): encode(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    return typing.cast(JsonValue, value)


def _kind(data: object) -> str:
    return "null" if data is None else type(data).__name__


def _decode_union(args: tuple[Any, ...], data: JsonValue, where: str) -> Any:
    if data is None and type(None) in args:
        return None
    options = [a for a in args if a is not type(None)]
    if set(options) <= {int, float}:
        return _decode_scalar(float, data, where)
    if len(options) == 1:
        return decode(options[0], data, where)
    raise TypeError(f"{where}: unsupported union {args}")


def _decode_scalar(tp: type, data: JsonValue, where: str) -> Any:
    if tp is float:
        ok = isinstance(data, int | float) and not isinstance(data, bool)
    elif tp is int:
        ok = isinstance(data, int) and not isinstance(data, bool)
    else:
        ok = isinstance(data, tp)
    if not ok:
        raise ValueError(f"{where}: expected {tp.__name__}, got {_kind(data)}")
    return data


def decode(tp: Any, data: JsonValue, where: str) -> Any:
    """Read ``data`` as a value of type ``tp`` (the inverse of :func:`encode`)."""
    origin = typing.get_origin(tp)
    if tp is JsonValue or tp is Any:
        return data
    if origin in (typing.Union, types.UnionType):
        return _decode_union(typing.get_args(tp), data, where)
    if origin in (Mapping, dict):
        if not isinstance(data, Mapping):
            raise ValueError(f"{where}: expected an object, got {_kind(data)}")
        value_type = typing.get_args(tp)[1]
        return {str(k): decode(value_type, v, f"{where}.{k}") for k, v in data.items()}
    if origin is tuple:
        if not isinstance(data, list):
            raise ValueError(f"{where}: expected a list, got {_kind(data)}")
        item = typing.get_args(tp)[0]
        return tuple(decode(item, v, f"{where}.[]") for v in data)
    if isinstance(tp, type) and issubclass(tp, Node | Estimate):
        return tp.from_json(data, where)
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(data)
        except ValueError:
            raise ValueError(f"{where}: {data!r} is not a {tp.__name__}") from None
    if tp is dt.date:
        try:
            return dt.date.fromisoformat(str(data))
        except ValueError:
            raise ValueError(f"{where}: {data!r} is not an ISO date") from None
    if tp in (int, float, str, bool):
        return _decode_scalar(tp, data, where)
    raise TypeError(f"{where}: cannot decode type {tp!r}")


def lookup(node: object, path: tuple[str, ...]) -> object | None:
    """The value at the JSON key ``path`` below ``node`` (None when a key is absent)."""
    for part in path:
        if isinstance(node, Node):
            fields = {_json_key(f): f.name for f in dataclasses.fields(node)}  # type: ignore[arg-type]
            if part not in fields:
                return None
            node = getattr(node, fields[part])
        elif isinstance(node, Mapping):
            if part not in node:
                return None
            node = node[part]
        else:
            return None
    return node


def replace_estimates(
    node: Any, path: tuple[str, ...], fn: typing.Callable[[Estimate], Estimate]
) -> Any:
    """``node`` with every estimate at the JSON key ``path`` replaced by ``fn`` of it.

    ``*`` in ``path`` matches every key of a mapping; a path that leads nowhere (an
    absent key, a None field) leaves ``node`` unchanged. Nodes and mappings are copied
    along the path only.
    """
    if not path:
        return fn(node) if isinstance(node, Estimate) else node
    head, rest = path[0], path[1:]
    if isinstance(node, Node):
        for f in dataclasses.fields(node):  # type: ignore[arg-type]
            value = getattr(node, f.name)
            if field_json_key(f) == head and value is not None:
                new = replace_estimates(value, rest, fn)
                return dataclasses.replace(node, **{f.name: new})  # type: ignore[type-var]
        return node
    if isinstance(node, Mapping):
        keys = list(node) if head == "*" else [head] if head in node else []
        if not keys:
            return node
        return {k: replace_estimates(v, rest, fn) if k in keys else v for k, v in node.items()}
    return node

"""Hypothesis strategies for whole scenario files, hostile and valid-looking.

:func:`hostile_documents` draws scenario files as a careless or hostile user writes them:
any key of the scenario (or a misspelt one) set to a value of any kind, including
``inf``, ``nan``, huge and tiny numbers, dates at the ends of the calendar, wrong types
and empty tables. :func:`valid_looking_documents` draws values inside each field's
declared range (often at its ends) and the degenerate combinations a sound scenario may
still hold (one population group only, no biometrics anywhere, zero weights), so that
most of them load and the later stages meet them. :func:`toml_text` writes a document as
TOML (the standard library only reads it). The tests that use them are in
:mod:`tests.test_fuzz_scenarios`.
"""

from __future__ import annotations

import datetime as dt
import math
import typing
from collections.abc import Mapping
from enum import Enum
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from interopsim.scenario import Scenario
from synth.scenario_load import preset_names

__all__ = [
    "LEAVES",
    "Leaf",
    "hostile_documents",
    "toml_text",
    "valid_looking_documents",
]

_TINY = 5e-324
_HUGE = 1.7976931348623157e308
_CALENDAR_ENDS = (dt.date(1, 1, 1), dt.date(2, 6, 30), dt.date(1970, 1, 1), dt.date(9999, 12, 31))


class Leaf(typing.NamedTuple):
    """One scalar or list setting of the scenario: its dotted key and what it holds."""

    key: tuple[str, ...]
    kind: Any
    low: float | None
    high: float | None
    low_open: bool


def _bounds(metadata: list[Any]) -> tuple[float | None, float | None, bool]:
    low: float | None = None
    high: float | None = None
    low_open = False
    for item in metadata:
        if getattr(item, "ge", None) is not None:
            low = item.ge
        if getattr(item, "gt", None) is not None:
            low, low_open = item.gt, True
        if getattr(item, "le", None) is not None:
            high = item.le
        if getattr(item, "lt", None) is not None:
            high = item.lt
    return low, high, low_open


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The type behind ``Annotated`` and its constraints (from a FieldInfo or directly)."""
    metadata: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        for item in extra:
            metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        annotation = base
    return annotation, metadata


def _leaves(annotation: Any, value: Any, key: tuple[str, ...], meta: list[Any]) -> list[Leaf]:
    annotation, more = _unwrap(annotation)
    meta = [*meta, *more]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_leaves(annotation, value, key)
    origin = typing.get_origin(annotation)
    if origin in (dict, Mapping) and isinstance(value, Mapping):
        value_type = typing.get_args(annotation)[1]
        out: list[Leaf] = []
        for k, v in value.items():
            name = k.value if isinstance(k, Enum) else str(k)
            out += _leaves(value_type, v, (*key, name), [])
        return out
    low, high, low_open = _bounds(meta)
    return [Leaf(key, annotation, low, high, low_open)]


def _model_leaves(model: type[BaseModel], value: Any, key: tuple[str, ...]) -> list[Leaf]:
    out: list[Leaf] = []
    for name, field in model.model_fields.items():
        out += _leaves(field.annotation, getattr(value, name), (*key, name), list(field.metadata))
    return out


LEAVES: tuple[Leaf, ...] = tuple(_model_leaves(Scenario, Scenario(), ()))
"""Every setting of the default scenario, ``[link]`` and ``[analysis]`` included (weight
tables entry by entry)."""

_SECTIONS = sorted({leaf.key[0] for leaf in LEAVES})


# --- values ------------------------------------------------------------------------------

_any_scalar = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1, 0.0, -0.0, _TINY, -_TINY, _HUGE, -_HUGE, math.inf, math.nan]),
    st.booleans(),
    st.text(max_size=12),
    st.dates(),
    st.sampled_from(_CALENDAR_ENDS),
)
_hostile_value = st.one_of(
    _any_scalar,
    st.lists(_any_scalar, max_size=4),
    st.dictionaries(st.text(max_size=6), _any_scalar, max_size=3),
)


def _number(leaf: Leaf, integer: bool) -> st.SearchStrategy[Any]:
    low = leaf.low if leaf.low is not None else 0.0
    high = leaf.high if leaf.high is not None else 1e6
    if integer:
        lo, hi = math.ceil(low), math.floor(high)
        return st.one_of(st.sampled_from([lo, hi]), st.integers(min_value=lo, max_value=hi))
    ends: list[float] = [high]
    ends.append(_TINY if leaf.low_open and low == 0 else low)
    if leaf.low_open and low > 0:
        ends[-1] = math.nextafter(low, math.inf)
    inside = st.floats(min_value=low, max_value=high, exclude_min=leaf.low_open)
    tiny = [v for v in (1e-9, 1e-3, 0.01) if low < v <= high]
    return st.one_of(st.sampled_from(ends), inside, *([st.sampled_from(tiny)] if tiny else []))


def _valid_value(leaf: Leaf) -> st.SearchStrategy[Any]:
    kind, args = leaf.kind, typing.get_args(leaf.kind)
    if typing.get_origin(kind) is typing.Literal:
        return st.sampled_from(args)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return st.sampled_from([e.value for e in kind])
    if type(None) in args and len(args) == 2 and dt.date not in args:
        (inner,) = (a for a in args if a is not type(None))
        return st.one_of(st.none(), _valid_value(leaf._replace(kind=inner)))
    if typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis:
        if args[0] in (int, float, str):
            item = _valid_value(leaf._replace(kind=args[0]))
            return st.lists(item, max_size=4)
        return st.nothing()
    if kind is bool:
        return st.booleans()
    if kind is int:
        return _number(leaf, integer=True)
    if kind is float:
        return _number(leaf, integer=False)
    if kind is dt.date or dt.date in args:
        dates = st.one_of(st.sampled_from(_CALENDAR_ENDS), st.dates())
        return st.one_of(st.none(), dates) if type(None) in args else dates
    if typing.get_origin(kind) is list:
        item, meta = _unwrap(args[0])
        if isinstance(item, type) and issubclass(item, Enum):
            return st.lists(st.sampled_from([e.value for e in item]), unique=True)
        low, high, low_open = _bounds(meta)
        return st.lists(_number(Leaf(leaf.key, float, low, high, low_open), False), max_size=8)
    if kind is str:
        return st.text(max_size=20)
    return st.nothing()


# --- documents ---------------------------------------------------------------------------


def _set(doc: dict[str, Any], key: tuple[str, ...], value: Any) -> None:
    node = doc
    for part in key[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[key[-1]] = value


def _degenerate() -> st.SearchStrategy[dict[str, Any]]:
    """Whole-scenario corners: one group only, no biometrics, nothing ever recorded."""
    groups = [leaf.key[-1] for leaf in LEAVES if leaf.key[:2] == ("population", "group_shares")]
    systems = sorted({leaf.key[1] for leaf in LEAVES if leaf.key[0] == "systems"})

    def one_group(name: str) -> dict[str, Any]:
        return {"population": {"group_shares": {g: float(g == name) for g in groups}}}

    no_biometrics = {
        "systems": {s: {"fingerprints": False, "face": False} for s in systems},
    }
    no_travel = {"journeys": {"trips_per_year": 0.0}}
    return st.one_of(
        st.sampled_from(groups).map(one_group),
        st.just(no_biometrics),
        st.just(no_travel),
        st.sampled_from(groups).map(lambda g: {**one_group(g), **no_biometrics}),
    )


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(out.get(key), dict) and isinstance(value, Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


_VALID_LEAVES = tuple(leaf for leaf in LEAVES if not _valid_value(leaf).is_empty)


@st.composite
def valid_looking_documents(draw: st.DrawFn, max_persons: int = 50) -> dict[str, Any]:
    """A scenario file whose values lie inside their declared ranges (often at an end)."""
    doc: dict[str, Any] = {}
    if draw(st.booleans()):
        doc["extends"] = draw(st.sampled_from(preset_names()))
    for leaf in draw(st.lists(st.sampled_from(_VALID_LEAVES), max_size=12)):
        _set(doc, leaf.key, draw(_valid_value(leaf)))
    if draw(st.integers(0, 3)) == 0:
        doc = _merge(doc, draw(_degenerate()))
    found = doc.get("world")
    world: dict[str, Any] = found if isinstance(found, dict) else {}
    world["persons"] = draw(st.integers(1, max_persons))
    doc["world"] = world
    return doc


@st.composite
def hostile_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A scenario file with any key set to anything (and some keys that do not exist)."""
    doc: dict[str, Any] = {}
    if draw(st.integers(0, 4)) == 0:
        doc["extends"] = draw(st.one_of(st.sampled_from(preset_names()), _any_scalar))
    for leaf in draw(st.lists(st.sampled_from(LEAVES), max_size=8)):
        value = draw(st.one_of(_valid_value(leaf), _hostile_value))
        _set(doc, leaf.key, value)
    if draw(st.integers(0, 3)) == 0:
        section = draw(st.sampled_from([*_SECTIONS, "world", "bogus"]))
        name = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=10))
        _set(doc, (section, name), draw(_hostile_value))
    if draw(st.integers(0, 5)) == 0:
        doc[draw(st.sampled_from(_SECTIONS))] = draw(_any_scalar)
    world = doc.get("world")
    if isinstance(world, dict) and isinstance(world.get("persons"), int):
        world["persons"] = max(-5, min(world["persons"], 50))
    return doc


# --- TOML --------------------------------------------------------------------------------


def _toml_key(key: str) -> str:
    bare = key and all(c.isalnum() or c in "_-" for c in key) and key.isascii()
    return key if bare else _toml_string(key)


def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else "?")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, Mapping):
        items = ", ".join(
            f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items() if v is not None
        )
        return "{" + items + "}"
    raise TypeError(f"no TOML form for {value!r}")


def toml_text(doc: Mapping[str, Any]) -> str:
    """``doc`` as a TOML document (``None`` values are left out, as TOML has no null)."""
    return "".join(f"{_toml_key(k)} = {_toml_value(v)}\n" for k, v in doc.items() if v is not None)

"""Plain JSON from the typed results of the linkage (private helper of their ``to_json``).

The results of the searches, the detector and the whole link stage are frozen dataclasses;
each one's ``to_json()`` turns itself into JSON with :func:`jsonable`, which knows the
leaves they hold: enums (their value), dates (ISO), numpy scalars, mappings (string keys),
tuples, nested results (their own ``to_json()``) and non-finite floats (``null``: JSON has
no infinities).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from enum import Enum

from pydantic import JsonValue

__all__ = ["JsonObject", "fields_json", "jsonable"]

JsonObject = dict[str, JsonValue]
"""A JSON object: what every ``to_json()`` of the linkage returns."""


def jsonable(value: object) -> JsonValue:
    """``value`` as plain JSON (see the module docstring)."""
    to_json = getattr(value, "to_json", None)
    if callable(to_json) and not isinstance(value, type):
        out: JsonValue = to_json()
        return out
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return fields_json(value)
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, Mapping):
        return {str(jsonable(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, bool | int | float | str):
        return jsonable(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def fields_json(result: object, *, skip: tuple[str, ...] = ()) -> JsonObject:
    """Every field of the dataclass ``result`` (but those in ``skip``), in field order."""
    return {
        f.name: jsonable(getattr(result, f.name))
        for f in dataclasses.fields(result)  # type: ignore[arg-type]
        if f.name not in skip
    }

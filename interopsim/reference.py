"""The scenario keys, read from the configuration models: the reference page and `scenarios show`.

:func:`scenario_keys` walks the scenario model *classes* and lists every key a scenario
file may set: its dotted path (``<placeholder>`` where a table takes keys of its own),
what values it takes, its default and the source of the default (the field's
:class:`~schemas.provenance.Provenance`). :func:`keys_markdown` renders them as the page
``docs/scenario-keys.md`` (a test checks that the page is what this function writes;
regenerate it with ``interopsim scenarios keys --format markdown > docs/scenario-keys.md``).

:func:`resolved_values` lists the values of one resolved scenario (a preset or a file)
with where each comes from: the default's source, or the scenario that set it.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from schemas.provenance import TAG_MEANING, Parameter, provenance_of

__all__ = [
    "KeyDoc",
    "ResolvedValue",
    "keys_markdown",
    "resolved_values",
    "scenario_keys",
]

_LONG_DEFAULT = 60
_PLACEHOLDERS = {"SystemKey": "system", "PopulationGroup": "group", "NoiseType": "noise"}


@dataclass(frozen=True)
class KeyDoc:
    """One key a scenario may set."""

    key: str
    values: str
    default: str
    tag: str
    source: str
    description: str = ""


@dataclass(frozen=True)
class ResolvedValue:
    """One value of a resolved scenario and where it comes from."""

    key: str
    value: Any
    default: Any
    changed: bool
    tag: str
    source: str


def _bounds(metadata: list[Any]) -> str:
    parts = []
    for m in metadata:
        for attr, sign in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<")):
            bound = getattr(m, attr, None)
            if bound is not None and isinstance(m, annotated_types.BaseMetadata | FieldInfo):
                parts.append(f"{sign} {bound}")
        if isinstance(m, FieldInfo):
            parts += [p for p in (_bounds(list(m.metadata)),) if p]
    return ", ".join(parts)


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """``Annotated[T, ...]`` → ``(T, metadata)``; other annotations unchanged."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        inner, more = _unwrap(base)
        return inner, [*more, *meta]
    return annotation, []


def _name(tp: Any) -> str:
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(str(m.value) for m in tp)
    simple = {int: "integer", float: "number", bool: "true or false", str: "text"}
    if tp in simple:
        return simple[tp]
    if tp is dt.date:
        return "date (YYYY-MM-DD)"
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return "one of " + ", ".join(str(a) for a in typing.get_args(tp))
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        optional = len(args) < len(typing.get_args(tp))
        text = " or ".join(_values(a, []) for a in args)
        return f"{text} (or none)" if optional else text
    if origin in (list, tuple):
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        return "list of " + (_values(args[0], []) if args else "values")
    return getattr(tp, "__name__", str(tp))


def _values(annotation: Any, metadata: list[Any]) -> str:
    """What a field takes, in words: ``number ≥ 0, ≤ 1``."""
    tp, meta = _unwrap(annotation)
    bounds = _bounds([*meta, *metadata])
    text = _name(tp)
    return f"{text} {bounds}" if bounds else text


def _default_text(field: FieldInfo) -> str:
    factory = field.default_factory
    value = field.default if factory is None else factory()  # type: ignore[call-arg]
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    try:
        text = json.dumps(value, default=_json_default, ensure_ascii=False)
    except TypeError:
        text = str(value)
    if len(text) > _LONG_DEFAULT:
        size = len(value) if isinstance(value, Mapping | list | tuple) else 0
        return f"({size} entries; see `interopsim scenarios show default`)"
    return text


def _json_default(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _placeholder(key_type: Any) -> str:
    tp, meta = _unwrap(key_type)
    name = getattr(tp, "__name__", "")
    if name in _PLACEHOLDERS:
        return f"<{_PLACEHOLDERS[name]}>"
    for m in meta:
        check = getattr(getattr(m, "func", None), "__name__", "")
        for word in ("nationality", "member_state"):
            if word in check:
                return f"<{word}>"
    return "<key>"


def _table_keys(key: str, annotation: Any) -> tuple[str, Any]:
    """A mapping field's key with placeholders, and the value type of its entries."""
    tp, _ = _unwrap(annotation)
    while typing.get_origin(tp) in (dict, Mapping):
        key_type, tp = typing.get_args(tp)
        key = f"{key}.{_placeholder(key_type)}"
        tp, _ = _unwrap(tp)
    return key, tp


def _field_docs(name: str, field: FieldInfo, prefix: str) -> Iterator[KeyDoc]:
    key = f"{prefix}{name}"
    prov = provenance_of(field)
    annotation = field.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and prov is None:
        yield from scenario_keys(annotation, f"{key}.")
        return
    values = _values(annotation, list(field.metadata))
    if typing.get_origin(_unwrap(annotation)[0]) in (dict, Mapping):
        key, entry = _table_keys(key, annotation)
        values = f"table of {_values(entry, [])}"
    yield KeyDoc(
        key=key,
        values=values,
        default=_default_text(field),
        tag=prov.tag.value if prov else "",
        source=prov.label() if prov else "no stated source",
        description=field.description or "",
    )


def scenario_keys(model: type[BaseModel], prefix: str = "") -> list[KeyDoc]:
    """Every key of ``model`` (nested models walked, tables with placeholders)."""
    return [
        doc
        for name, field in model.model_fields.items()
        for doc in _field_docs(name, field, prefix)
    ]


def resolved_values(parameters: list[Parameter], setter: str) -> list[ResolvedValue]:
    """The values of a resolved scenario with where each comes from."""
    return [
        ResolvedValue(
            key=p.key,
            value=p.value,
            default=p.default,
            changed=p.changed,
            tag=p.provenance.tag.value if p.provenance else "",
            source=p.source_text(setter),
        )
        for p in parameters
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_INTRO = """\
# Scenario keys

Every key a scenario file may set, generated from the scenario models (do not edit by
hand: `interopsim scenarios keys --format markdown > docs/scenario-keys.md` writes this
page, and a test fails when it is out of date). A scenario file holds only what differs
from its base preset:

```toml
extends = "default"            # start from a preset (`interopsim scenarios` lists them)

[world]
persons = 20000

[noise.group_multiplier]       # a table: set only the entries you change
asylum_applicant = 3.0
```

`interopsim scenarios show NAME` prints the resolved value of every key of a preset or a
scenario file, with where each value comes from. A `<placeholder>` in a key stands for
the keys of a table: `<system>` a system (VIS, EES, EURODAC, SIS, ETIAS, ECRIS),
`<group>` a population group, `<noise>` a corruption type, `<nationality>` an ISO
3166 alpha-3 code, `<member_state>` a member state's code, `<key>` a key of its own.
Sources are keys of the project's bibliography (`schemas/bibliography.toml`); the letter
before a source says what kind of claim the default is:

"""


def keys_markdown(sections: list[tuple[str, type[BaseModel]]]) -> str:
    """The reference page of the scenario keys (``docs/scenario-keys.md``)."""
    lines = [_INTRO.rstrip("\n"), ""]
    lines += [f"- **{tag.value}**: {meaning}" for tag, meaning in TAG_MEANING.items()]
    for title, model in sections:
        docs = scenario_keys(model)
        groups: dict[str, list[KeyDoc]] = {}
        for doc in docs:
            head = doc.key.split(".", 1)[0] if "." in doc.key else "(top level)"
            groups.setdefault(head, []).append(doc)
        lines += ["", f"## {title}"]
        for head, rows in groups.items():
            lines += ["", f"### `{head}`" if head != "(top level)" else "### Top level", ""]
            lines += ["| key | values | default | source |", "| --- | --- | --- | --- |"]
            lines += [
                f"| `{_cell(d.key)}` | {_cell(d.values)} | {_cell(d.default)} | {_cell(d.source)} |"
                for d in rows
            ]
    return "\n".join(lines) + "\n"

"""Where a parameter's default comes from, stated once as field metadata.

Every field of a configuration model (:class:`schemas.config.StrictModel`) carries a
:class:`Provenance`: a tag saying what kind of claim its default is, the keys of the
bibliography entries that support it (:mod:`schemas.bibliography`) and a short note in
the project's own words. The report's assumptions table, ``scenarios show`` and the
generated scenario-key reference all read it from here, so a citation lives in exactly
one place and no comment is load-bearing::

    lookalike_share: Probability = sourced(0.02, assumed("no prevalence figure found"))
    fpir_ceiling: Probability = sourced(0.001, cited("eu-2019-329", tag=Tag.SECONDARY))

:func:`parameters` walks a model instance and yields every leaf parameter with its
dotted key, value, default and provenance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel, Field
from pydantic.config import JsonDict
from pydantic.fields import FieldInfo

__all__ = [
    "TAG_MEANING",
    "Parameter",
    "Provenance",
    "Tag",
    "assumed",
    "calibrated",
    "cited",
    "derived",
    "method",
    "parameters",
    "provenance_of",
    "sourced",
]


class Tag(StrEnum):
    """What kind of claim a default value is (the letters used in the report)."""

    VERIFIED = "V"
    SECONDARY = "S"
    RECALLED = "R"
    DERIVED = "E"
    CALIBRATED = "C"
    ASSUMPTION = "A"
    METHOD = "M"


TAG_MEANING: dict[Tag, str] = {
    Tag.VERIFIED: "read in the cited primary source (legal text, official statistics, report)",
    Tag.SECONDARY: "an official figure as reported by a secondary source that cites it",
    Tag.RECALLED: (
        "taken from a primary text that could not be re-read in full here; check before citing"
    ),
    Tag.DERIVED: "derived by this project from cited inputs (the note gives the arithmetic)",
    Tag.CALIBRATED: (
        "set so that the simulation reproduces a published figure (a calibration case of "
        "'interopsim validate')"
    ),
    Tag.ASSUMPTION: "chosen by this project because no published figure was found; vary it",
    Tag.METHOD: "a choice of method (confidence level, sample size), not a claim about the world",
}

_NEEDS_SOURCE = frozenset({Tag.VERIFIED, Tag.SECONDARY, Tag.RECALLED, Tag.DERIVED, Tag.CALIBRATED})
_KEY = "provenance"


@dataclass(frozen=True)
class Provenance:
    """The tag, the bibliography keys and a note behind one default."""

    tag: Tag
    sources: tuple[str, ...] = ()
    note: str = ""
    plausible: tuple[float, float] | None = None
    """For a numeric default: the range of values the sources or the project consider
    plausible (what a sensitivity analysis varies it over)."""

    def __post_init__(self) -> None:
        if self.tag in _NEEDS_SOURCE and not self.sources:
            raise ValueError(f"a {self.tag.name.lower()} default needs at least one source")
        if self.tag is Tag.ASSUMPTION and not self.note:
            raise ValueError("an assumption needs a note saying why this value")
        if self.plausible is not None and not self.plausible[0] <= self.plausible[1]:
            raise ValueError(f"plausible range {self.plausible} is not ordered")

    def to_json(self) -> JsonDict:
        """JSON form, also stored in the model's JSON schema."""
        out: JsonDict = {"tag": self.tag.value, "sources": list(self.sources), "note": self.note}
        if self.plausible is not None:
            out["plausible"] = list(self.plausible)
        return out

    @classmethod
    def from_json(cls, data: Any) -> Provenance | None:
        """The inverse of :meth:`to_json` (None for anything else)."""
        if not isinstance(data, dict) or "tag" not in data:
            return None
        span = data.get("plausible")
        return cls(
            Tag(data["tag"]),
            tuple(data.get("sources", ())),
            str(data.get("note", "")),
            (float(span[0]), float(span[1])) if span else None,
        )

    def label(self) -> str:
        """Short text for tables: ``"A: why"`` or ``"S [@eu-2019-329]: note"``."""
        refs = f" [{'; '.join('@' + s for s in self.sources)}]" if self.sources else ""
        note = f": {self.note}" if self.note else ""
        return f"{self.tag.value}{refs}{note}"


Span = tuple[float, float] | None


def cited(
    *sources: str, tag: Tag = Tag.VERIFIED, note: str = "", plausible: Span = None
) -> Provenance:
    """A default read in (or, with ``tag``, reported by) the bibliography entries named."""
    return Provenance(tag, tuple(sources), note, plausible)


def derived(*sources: str, note: str, plausible: Span = None) -> Provenance:
    """A default this project computed from cited inputs; ``note`` gives the arithmetic."""
    return Provenance(Tag.DERIVED, tuple(sources), note, plausible)


def calibrated(*sources: str, note: str, plausible: Span = None) -> Provenance:
    """A default set so that the simulation reproduces a published figure."""
    return Provenance(Tag.CALIBRATED, tuple(sources), note, plausible)


def assumed(note: str, *sources: str, plausible: Span = None) -> Provenance:
    """A default chosen by this project; ``sources`` may give context, not the value.

    ``plausible`` is the range a sensitivity analysis varies it over.
    """
    return Provenance(Tag.ASSUMPTION, tuple(sources), note, plausible)


def method(note: str) -> Provenance:
    """A methodological setting (confidence level, sample size, resolution)."""
    return Provenance(Tag.METHOD, (), note)


def sourced(
    default: Any = ...,
    provenance: Provenance | None = None,
    *,
    default_factory: Callable[[], Any] | None = None,
    **kwargs: Any,
) -> Any:
    """A pydantic ``Field`` whose metadata carries ``provenance``.

    ``kwargs`` are passed to :func:`pydantic.Field` (``ge``, ``le``, ``description``...).
    """
    if provenance is None:
        raise TypeError("sourced() needs a provenance")
    extra: JsonDict = {_KEY: provenance.to_json()}
    if default_factory is not None:
        return Field(default_factory=default_factory, json_schema_extra=extra, **kwargs)
    return Field(default, json_schema_extra=extra, **kwargs)


def provenance_of(field: FieldInfo) -> Provenance | None:
    """The provenance stored on a model field, if any."""
    extra = field.json_schema_extra
    if not isinstance(extra, dict):
        return None
    return Provenance.from_json(extra.get(_KEY))


@dataclass(frozen=True)
class Parameter:
    """One leaf parameter of a configuration: where it sits, its value and its source."""

    key: str
    value: Any
    default: Any
    provenance: Provenance | None

    @property
    def changed(self) -> bool:
        """True when the value differs from the model's own default."""
        return bool(_plain(self.value) != _plain(self.default))

    def source_text(self, setter: str = "this scenario", changed: bool | None = None) -> str:
        """Where the value comes from, as one line: the default's provenance label, or,
        for a value set elsewhere (``changed``, default :attr:`changed`), who set it and
        the default with its source (which no longer apply)."""
        label = self.provenance.label() if self.provenance else "no stated source"
        if not (self.changed if changed is None else changed):
            return label
        if self.default is None:
            return f"set by {setter} (no default; the default's source: {label})"
        return f"set by {setter} (default {_plain(self.default)}: {label})"


def _plain(value: Any) -> Any:
    """A comparable, JSON-like form of a parameter value."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _default(field: FieldInfo) -> Any:
    if field.default_factory is not None:
        return field.default_factory()  # type: ignore[call-arg]
    return field.default


def parameters(model: BaseModel, prefix: str = "") -> Iterator[Parameter]:
    """Every leaf parameter of ``model``: nested models are walked, other values are leaves.

    A field whose value is a model but that carries its own provenance is a leaf too (its
    source covers the whole sub-model).
    """
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        key = f"{prefix}{name}"
        prov = provenance_of(field)
        if isinstance(value, BaseModel) and prov is None:
            yield from parameters(value, f"{key}.")
        else:
            yield Parameter(key, _plain(value), _plain(_default(field)), prov)

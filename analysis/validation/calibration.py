"""Which defaults were calibrated to what: parameters, their calibration cases and sources.

A parameter is *calibrated* when a calibration case of the registry names it (the case
says which published figure set it), or when its provenance is tagged
:attr:`~schemas.provenance.Tag.CALIBRATED`. :func:`calibrated_defaults` lists them for the
default scenario, link and analysis configurations; :func:`calibration_of` lists them from
the assumption rows of an analysed world (``Metrics.assumptions``), so that a value the
scenario changed is marked: its calibration no longer applies.

:func:`holdout_conflicts` finds, for each validation case, the parameters whose default
cites one of its sources as a value (not as context): such a case must name them in
``shares_source_with`` and its text must say which other figure of the source set them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel, JsonValue

from analysis._tree import Node, omit_if_none
from analysis.assumptions import Assumption
from analysis.config import AnalysisConfig
from analysis.validation.case import ReferenceCase, Role
from analysis.validation.names import NAME_MODEL_DEFAULT
from linkage.config import LinkConfig
from schemas.bibliography import citations
from schemas.provenance import Parameter, Tag, parameters
from synth.scenario import Scenario

__all__ = [
    "CalibratedDefault",
    "calibrated_defaults",
    "calibration_of",
    "default_parameters",
    "holdout_conflicts",
]

#: Tags under which a default's sources state its value (not merely its context).
VALUE_TAGS = frozenset({Tag.VERIFIED, Tag.SECONDARY, Tag.RECALLED, Tag.DERIVED, Tag.CALIBRATED})


@dataclass(frozen=True, kw_only=True)
class CalibratedDefault(Node):
    """A calibrated parameter: its value, tag and the case and sources that set it.

    ``case`` is None for a parameter tagged calibrated that no calibration case claims
    (a defect the registry tests catch). ``value``: the value as JSON text (a table as
    one object). ``changed``: the run set another value, so the calibration no longer
    applies to it. ``recorded``: False when the run did not record the parameter (a stage
    not run, a world built by hand): the default is shown.
    """

    key: str
    value: str
    tag: Tag | None = field(default=None, metadata=omit_if_none())
    changed: bool = False
    recorded: bool = True
    case: str | None = field(default=None, metadata=omit_if_none())
    figure: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Row:
    key: str
    value: JsonValue
    tag: Tag | None
    sources: tuple[str, ...]
    changed: bool = False


def default_parameters() -> dict[str, Parameter]:
    """Every leaf parameter of the default scenario, link and analysis configurations,
    keyed ``scenario.*``, ``link.*`` and ``analysis.*`` (a table is one leaf)."""
    models: tuple[tuple[str, BaseModel], ...] = (
        ("scenario.", Scenario()),
        ("link.", LinkConfig()),
        ("analysis.", AnalysisConfig()),
    )
    return {f"{prefix}{p.key}": p for prefix, model in models for p in parameters(model)}


def _default_rows() -> Iterator[_Row]:
    for key, p in default_parameters().items():
        prov = p.provenance
        yield _Row(key, _json(p.value), prov.tag if prov else None, prov.sources if prov else ())


def _assumption_rows(rows: Iterable[Assumption]) -> Iterator[_Row]:
    for row in rows:
        yield _Row(row.key, row.value, row.tag, tuple(citations(row.source)), row.changed)


def _json(value: object) -> JsonValue:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return str(value)


def _text(value: JsonValue) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _under(key: str, parameter: str) -> bool:
    return key == parameter or key.startswith(parameter + ".")


def _claimed(
    case: ReferenceCase, parameter: str, rows: list[_Row], recorded: bool = True
) -> CalibratedDefault | None:
    """The default ``parameter`` of ``case`` as the rows give it (a table: its entries)."""
    matched = [r for r in rows if _under(r.key, parameter)]
    if not matched:
        return None
    if len(matched) == 1 and matched[0].key == parameter:
        value = matched[0].value
    else:
        value = {r.key[len(parameter) + 1 :]: r.value for r in matched}
    tags = {r.tag for r in matched}
    return CalibratedDefault(
        key=parameter,
        value=_text(value),
        tag=tags.pop() if len(tags) == 1 else None,
        changed=any(r.changed for r in matched),
        recorded=recorded,
        case=case.key,
        figure=case.published.quote,
        sources=case.sources,
    )


def _name_law(case: ReferenceCase, law: str) -> CalibratedDefault:
    """A law of the name model (``synth.names``) that a published statistic set."""
    return CalibratedDefault(
        key=law,
        value=_text(f"the {law.removeprefix(NAME_MODEL_DEFAULT)} law of the name model"),
        tag=Tag.CALIBRATED,
        case=case.key,
        figure=case.published.quote,
        sources=case.sources,
    )


def _calibrated(
    rows: list[_Row], cases: Iterable[ReferenceCase], defaults: list[_Row] | None = None
) -> tuple[CalibratedDefault, ...]:
    """The claimed parameters as ``rows`` give them (else as ``defaults`` give them), then
    any other row tagged calibrated."""
    out: list[CalibratedDefault] = []
    for case in cases:
        if case.role is not Role.CALIBRATION:
            continue
        for p in case.parameters:
            if p.startswith(NAME_MODEL_DEFAULT):
                out.append(_name_law(case, p))
                continue
            d = _claimed(case, p, rows)
            if d is None and defaults is not None:
                d = _claimed(case, p, defaults, recorded=False)
            if d is not None:
                out.append(d)
    claimed = [d.key for d in out]
    for r in rows:
        if r.tag is Tag.CALIBRATED and not any(_under(r.key, k) for k in claimed):
            out.append(
                CalibratedDefault(
                    key=r.key, value=_text(r.value), tag=r.tag, changed=r.changed, sources=r.sources
                )
            )
    return tuple(out)


def _registry(cases: Iterable[ReferenceCase] | None) -> Iterable[ReferenceCase]:
    if cases is not None:
        return cases
    from analysis.validation.registry import CASES

    return CASES


def calibrated_defaults(
    cases: Iterable[ReferenceCase] | None = None,
) -> tuple[CalibratedDefault, ...]:
    """Every calibrated default of the default configurations, with its case and sources."""
    return _calibrated(list(_default_rows()), _registry(cases))


def calibration_of(
    assumptions: Iterable[Assumption], cases: Iterable[ReferenceCase] | None = None
) -> tuple[CalibratedDefault, ...]:
    """The calibrated parameters among an analysed world's assumption rows; a calibrated
    parameter the world did not record is given at its default (``recorded`` False)."""
    rows = list(_assumption_rows(assumptions))
    return _calibrated(rows, _registry(cases), list(_default_rows()))


def holdout_conflicts(
    cases: Iterable[ReferenceCase] | None = None,
) -> dict[str, tuple[str, ...]]:
    """For each validation case, the defaults whose value cites one of its sources."""
    rows = [r for r in _default_rows() if r.tag in VALUE_TAGS]
    out: dict[str, tuple[str, ...]] = {}
    for case in _registry(cases):
        if case.role is Role.VALIDATION:
            out[case.key] = tuple(r.key for r in rows if set(r.sources) & set(case.sources))
    return out

"""Zeros the modelled rules impose: flagged ``structural``, without an interval.

A zero observed in a small world may be chance (its interval says how large the figure
could be); a zero that the rules make certain is not a measurement and gets no interval
(:meth:`analysis.estimate.Estimate.structural_zero`). Two sources:

- **the access rules of the query workload** (:mod:`analysis.queries`): an answer cannot
  hold data collected for another purpose when every system the authority reaches in
  that regime was collected for its own purpose; a false link cannot bring in another
  person's record when the authority sees no links in that regime; no false biometric
  candidate is drawn when the false-match rate used is zero or no reached system holds
  biometrics; nothing at all is returned when the authority reaches no system;
- **the link stage's rules**: the link stage may declare outcomes its rules can never
  produce (``structural_zeros`` in its manifest record, read by
  :attr:`analysis.linkrun.LinkRun.structural_zeros`), e.g. ``false_red_links`` when no
  rule and no verification can turn a link red between honest records.

A figure is only flagged when its value is zero; a non-zero value where the rules say
zero is left as measured (and logged: the rules and the world disagree).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from typing import TypeVar

from analysis._tree import replace_estimates
from analysis.estimate import Estimate
from analysis.queries import QUERY_KINDS, Queries, QueryKind
from schemas.access import AccessModel, Regime
from schemas.systems import SYSTEMS

__all__ = ["DECLARABLE", "declared_structural_zeros", "query_structural_zeros"]

log = logging.getLogger(__name__)
T = TypeVar("T")

_COLLECTED_FOR = {s.key: s.collected_for for s in SYSTEMS}
_HAS_BIOMETRICS = {s.key: s.has_biometrics for s in SYSTEMS}
_PERSON_FIGURES = ("count", "rate", "per_million_records", "per_million_searches")


def _false_links(colour: str) -> tuple[tuple[str, ...], ...]:
    return tuple(
        ("pairs", "links_by_colour", colour, f)
        for f in ("false", "false_share", "false_per_million_records")
    )


_FALSE_RED = (
    *_false_links("red"),
    *(("persons", "false_red", f) for f in _PERSON_FIGURES),
    *(("groups", "*", "*", "false_red", f) for f in _PERSON_FIGURES[1:]),
)

#: Outcomes the link stage may declare impossible, and the figures that are then zero
#: (no red or green link at all means no false one either).
DECLARABLE: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "false_red_links": _FALSE_RED,
    "red_links": _FALSE_RED,
    "false_green_links": _false_links("green"),
    "green_links": _false_links("green"),
    "false_white_links": _false_links("white"),
}


def _zero(why: str, where: str) -> Callable[[Estimate], Estimate]:
    def flag(e: Estimate) -> Estimate:
        if e.value is None or e.value != 0:
            if e.value:
                log.warning("%s: %s, yet the world has %s", where, why, e.value)
            return e
        return dataclasses.replace(
            Estimate.structural_zero(e.unit, why, e.n), count=e.count, formula=e.formula
        )

    return flag


def _regime_rules(
    model: AccessModel, kind: QueryKind, regime: Regime, fmr: float | None
) -> dict[tuple[str, ...], str]:
    """Figures of one kind and regime that the rules make zero, with the reason."""
    systems = {r.system for r in model.rules_for(kind.authority, kind.purpose, regime)}
    own = model.purpose(kind.purpose).own_data
    colours, _ = model.visible_links(kind.authority, kind.purpose, regime)
    out: dict[tuple[str, ...], str] = {}
    if not systems:
        why = f"the authority reaches no system in the {regime.value} regime"
        for key in ("answered", "cross_purpose", "wrong_person", "wrong_person_cross_purpose"):
            out[(key,)] = why
        out[("wrong_person_by_cause", "*")] = why
        return out
    if all(_COLLECTED_FOR[s] in own for s in systems):
        why = f"every system reached in the {regime.value} regime was collected for this purpose"
        for key in (
            "cross_purpose",
            "wrong_person_cross_purpose",
            "cross_purpose_per_million_queries",
            "cross_purpose_records_returned",
        ):
            out[(key,)] = why
    if not colours:
        out[("wrong_person_by_cause", "false_link")] = (
            f"the authority sees no MID link in the {regime.value} regime"
        )
    if not fmr or not any(_HAS_BIOMETRICS[s] for s in systems):
        out[("wrong_person_by_cause", "false_biometric")] = (
            "no false biometric candidate is drawn: the false-match rate used is zero "
            "(no random false biometric match in this world) or no system reached holds "
            "biometrics"
        )
    return out


def query_structural_zeros(queries: Queries, model: AccessModel) -> Queries:
    """``queries`` with the zeros the access rules impose flagged structural."""
    fmr = queries.fmr_used.value
    for kind in QUERY_KINDS:
        for regime in Regime:
            for path, why in _regime_rules(model, kind, regime, fmr).items():
                full = ("kinds", kind.key, "regimes", regime.value, *path)
                queries = replace_estimates(queries, full, _zero(why, ".".join(full)))
    return queries


def declared_structural_zeros(tree: T, declared: Mapping[str, str]) -> T:
    """``tree`` (a metrics node) with the figures of the outcomes the link stage declared
    impossible (name: reason) flagged structural. Names without figures here (e.g.
    ``biometric_links``) are logged and left as measured."""
    for name in sorted(declared):
        paths = DECLARABLE.get(name)
        if paths is None:
            log.info("no figure to flag for the link stage's structural zero %r", name)
            continue
        why = f"the link stage's rules cannot produce {name.replace('_', ' ')}"
        if declared[name]:
            why = f"{why}: {declared[name]}"
        for path in paths:
            tree = replace_estimates(tree, path, _zero(why, ".".join(path)))
    return tree

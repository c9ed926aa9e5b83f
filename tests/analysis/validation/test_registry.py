"""The registry of reference cases: sources resolve, calibration names real parameters,
validation figures are held out, and no figure plays both roles."""

from __future__ import annotations

import dataclasses
import importlib

import pytest

from analysis.validation import (
    CASES,
    WORLDS,
    FigureKind,
    Published,
    ReferenceCase,
    Role,
    Tolerance,
    case,
    cases,
    default_parameters,
    holdout_conflicts,
)
from analysis.validation.names import NAME_MODEL_DEFAULT, name_laws
from schemas.bibliography import citations, unresolved
from schemas.provenance import Tag

PARAMETERS = default_parameters()
IDS = [c.key for c in CASES]


def _texts(c: ReferenceCase) -> str:
    texts = (c.title, c.measures, c.conditions, c.simulated, c.gap, c.not_expressible_because)
    return " ".join((*texts, c.published.quote, c.published.arithmetic, c.tolerance.why))


def _named(parameter: str) -> list[str]:
    """The default parameters a case's parameter key names (itself, or a table's leaves)."""
    return [k for k in PARAMETERS if k == parameter or k.startswith(parameter + ".")]


def test_there_are_cases_of_both_roles() -> None:
    assert cases(Role.CALIBRATION)
    assert cases(Role.VALIDATION)
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("c", CASES, ids=IDS)
def test_every_source_and_citation_resolves(c: ReferenceCase) -> None:
    assert c.sources
    assert not unresolved(c.sources)
    assert not unresolved(citations(_texts(c)))


@pytest.mark.parametrize("c", CASES, ids=IDS)
def test_case_states_its_definition_and_world(c: ReferenceCase) -> None:
    for text in (c.title, c.measures, c.conditions, c.simulated, c.published.quote):
        assert text.strip()
    assert c.world is None or c.world in {w.name for w in WORLDS}
    assert (c.compute is None) == (not c.expressible)
    if not c.expressible:
        assert len(c.not_expressible_because) > 40


def _name_laws() -> frozenset[str]:
    names = importlib.import_module("synth.names")
    return name_laws(getattr(names, "PUBLISHED_NAME_STATISTICS", ()))


@pytest.mark.parametrize("c", cases(Role.CALIBRATION), ids=lambda c: c.key)
def test_calibration_names_existing_parameters_that_cite_it(c: ReferenceCase) -> None:
    assert c.parameters
    for parameter in c.parameters:
        if parameter.startswith(NAME_MODEL_DEFAULT):  # a law of the name model
            assert parameter in _name_laws()
            continue
        named = _named(parameter)
        assert named, f"{c.key}: no parameter {parameter}"
        for key in named:
            prov = PARAMETERS[key].provenance
            assert prov is not None, key
            assert prov.tag is Tag.CALIBRATED or set(prov.sources) & set(c.sources), (
                f"{key} ({prov.label()}) neither is tagged calibrated nor cites {c.sources}"
            )


def test_every_parameter_tagged_calibrated_is_claimed_by_a_case() -> None:
    claimed = [p for c in cases(Role.CALIBRATION) for p in c.parameters]
    tagged = [
        k for k, p in PARAMETERS.items() if p.provenance and p.provenance.tag is Tag.CALIBRATED
    ]
    unclaimed = [k for k in tagged if not any(k == p or k.startswith(p + ".") for p in claimed)]
    assert not unclaimed


def test_no_figure_is_both_calibration_and_validation() -> None:
    def figure(c: ReferenceCase) -> tuple[float, str]:
        return (c.published.value, c.published.unit)

    for cal in cases(Role.CALIBRATION):
        for val in cases(Role.VALIDATION):
            same_source = set(cal.sources) & set(val.sources)
            assert not (same_source and figure(cal) == figure(val)), (cal.key, val.key)


def test_validation_cases_declare_every_default_that_cites_their_sources() -> None:
    conflicts = holdout_conflicts()
    for c in cases(Role.VALIDATION):
        assert set(conflicts[c.key]) == set(c.shares_source_with), (
            f"{c.key}: defaults citing its sources {sorted(conflicts[c.key])}, "
            f"declared {sorted(c.shares_source_with)}"
        )


def test_case_lookup() -> None:
    assert case(IDS[0]) is CASES[0]
    with pytest.raises(KeyError, match="known"):
        case("no.such.case")


_BASE = CASES[0]


@pytest.mark.parametrize(
    "change",
    [
        {"sources": ()},
        {"role": Role.CALIBRATION, "parameters": ()},
        {"role": Role.VALIDATION, "parameters": ("link.biometric.fmr",)},
        {"compute": None},
        {"expressible": False, "compute": None, "not_expressible_because": ""},
    ],
)
def test_an_inconsistent_case_is_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="reference case"):
        dataclasses.replace(_BASE, **change)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": FigureKind.RANGE},
        {"kind": FigureKind.RANGE, "low": 2.0, "high": 3.0},
        {"low": 0.5},
        {"value": float("nan")},
    ],
)
def test_an_inconsistent_figure_is_refused(bad: dict[str, object]) -> None:
    given: dict[str, object] = {"value": 1.0, "unit": "u", "quote": "q", **bad}
    with pytest.raises(ValueError, match=r"range|finite"):
        Published(**given)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [{"factor": 0.5}, {"absolute": -1.0}, {"why": " "}])
def test_an_inconsistent_tolerance_is_refused(bad: dict[str, object]) -> None:
    given: dict[str, object] = {"why": "w", **bad}
    with pytest.raises(ValueError, match="tolerance"):
        Tolerance(**given)  # type: ignore[arg-type]

"""Name-shape cases are built from the name model's table through a small interface."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.validation import (
    Agreement,
    Evidence,
    NameStatistic,
    Role,
    name_cases,
    run_cases,
)
from analysis.validation.names import NAME_CASES


@dataclass(frozen=True)
class _Statistic:
    key: str
    culture: str
    definition: str
    value: float
    unit: str
    quote: str
    sources: tuple[str, ...]
    role: str
    parameters: tuple[str, ...]
    tolerance: float


TABLE = (
    _Statistic(
        "de.surname.top1", "German", "share of the commonest surname", 0.0087, "share",
        "Müller about 0.9 %", ("dfd-german-surnames",), "calibration",
        ("scenario.population.nationality_weights",), 1.2,
    ),
    _Statistic(
        "de.surname.top10", "German", "share of the ten commonest surnames", 0.04, "share",
        "top ten 4.0 %", ("dfd-german-surnames",), "validation", (), 1.5,
    ),
)  # fmt: skip


def _model(statistic: NameStatistic, seed: int) -> float:
    return statistic.value * (1.1 if statistic.role == "validation" else 1.0)


def test_one_case_per_statistic_with_its_role() -> None:
    built = name_cases(TABLE, _model)
    assert [c.key for c in built] == ["names.de.surname.top1", "names.de.surname.top10"]
    assert [c.role for c in built] == [Role.CALIBRATION, Role.VALIDATION]
    assert built[0].parameters == ("scenario.population.nationality_weights",)
    assert built[1].parameters == ()
    assert all(c.expressible and c.sources == ("dfd-german-surnames",) for c in built)


def test_the_cases_compute_the_models_value() -> None:
    report = run_cases(Evidence({}), name_cases(TABLE, _model))
    simulated = [r.simulated.value if r.simulated else None for r in report.cases]
    assert simulated == [0.0087, 0.04 * 1.1]
    assert all(r.agreement is Agreement.WITHIN for r in report.cases)


def test_the_registry_holds_name_cases() -> None:
    assert NAME_CASES
    assert all(c.key.startswith("names.") for c in NAME_CASES)

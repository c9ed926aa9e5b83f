"""Name-shape cases are built from the name model's table through a small interface."""

from __future__ import annotations

import json
from dataclasses import dataclass

from analysis.validation import (
    Agreement,
    Evidence,
    NameStatistic,
    Role,
    calibrated_defaults,
    name_cases,
    run_cases,
)
from analysis.validation.names import NAME_CASES, name_laws


@dataclass(frozen=True)
class _Statistic:
    culture: str
    pool: str
    statistic: str
    value: float
    source: str
    role: str
    note: str
    k: int = 1
    tolerance: float = 0.0


TABLE = (
    _Statistic("german", "surname", "rank_share", 0.0091, "dfd-german-surnames", "calibration",
               "Müller, 256,003 of 28 million entries"),
    _Statistic("german", "surname", "top_share", 0.04, "dfd-german-surnames", "validation",
               "top 10, 4.0 %", k=10, tolerance=0.25),
    _Statistic("latam", "surname", "fisher_alpha", 210.0, "rodriguez-larralde-2000-venezuela",
               "validation", "Venezuela", tolerance=1.0),
    _Statistic("latam", "surname", "fisher_alpha", 602.0, "isonymy-2005-argentina",
               "validation", "Argentina", tolerance=1.0),
)  # fmt: skip


def _model(stat: NameStatistic) -> float:
    return stat.value * (1.2 if stat.role == "validation" else 1.0)


def test_one_case_per_statistic_with_its_role_and_a_unique_key() -> None:
    built = name_cases(TABLE, _model)
    assert [c.key for c in built] == [
        "names.german.surname.rank_share@1",
        "names.german.surname.top_share@10",
        "names.latam.surname.fisher_alpha@1",
        "names.latam.surname.fisher_alpha@1.isonymy-2005-argentina",
    ]
    assert [c.role for c in built] == [Role.CALIBRATION] + [Role.VALIDATION] * 3
    assert built[0].parameters == ("names.german.surname",)
    assert all(c.parameters == () for c in built[1:])
    assert name_laws(TABLE) == {"names.german.surname"}


def test_the_cases_compute_the_models_value_within_its_tolerance() -> None:
    report = run_cases(Evidence({}), name_cases(TABLE, _model))
    simulated = [r.simulated.value if r.simulated else None for r in report.cases]
    assert simulated == [0.0091, 0.04 * 1.2, 210.0 * 1.2, 602.0 * 1.2]
    assert all(r.agreement is Agreement.WITHIN for r in report.cases)
    off = name_cases(TABLE[:1], lambda stat: stat.value * 1.05)
    assert run_cases(Evidence({}), off).cases[0].agreement is Agreement.OUTSIDE


def test_a_name_law_is_listed_among_the_calibrated_defaults() -> None:
    rows = [d for d in calibrated_defaults(name_cases(TABLE, _model)) if d.case is not None]
    assert [(d.key, d.case) for d in rows] == [
        ("names.german.surname", "names.german.surname.rank_share@1")
    ]
    assert "name model" in json.loads(rows[0].value)


def test_the_registry_holds_name_cases() -> None:
    assert NAME_CASES
    assert all(c.key.startswith("names.") for c in NAME_CASES)

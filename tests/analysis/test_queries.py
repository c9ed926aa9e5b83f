"""The simulated query workload on a world built so that every answer is known.

Person 1: VIS and Eurodac records (biometric), linked white.
Person 2: a Eurodac record whose identity (name + birth date) is exactly the identity
          that person 9, never registered, presents at a check.
Person 3: an SIS alert.
Person 4: a VIS record deleted before the as-of date (not stored).
Person 9: never registered.
No false biometric link exists, so no false biometric candidate is drawn (FMR = 0).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analysis import Estimate, analyse_world, make_config
from analysis.queries import Queries, QueryKindFigures
from schemas import World
from tests.analysis.builders import build_world, link, person, record

D = dt.date(2020, 3, 1)


@pytest.fixture(scope="module")
def query_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    persons = [
        person(1),
        person(2),
        person(3),
        person(4),
        person(9, registered=False, surname_latin="Namesake", given_names_latin="Anna"),
    ]
    records = [
        record("VIS-1", 1, D),
        record("EURODAC-1", 1, D + dt.timedelta(days=3)),
        record("EURODAC-2", 2, D, surname="NAMESAKE", given_names="ANNA"),
        record("SIS-3", 3, D),
        record("VIS-4", 4, D, deleted_on=dt.date(2020, 6, 1)),
    ]
    links = [link(1, "EURODAC-1", "VIS-1", "white", D + dt.timedelta(days=3))]
    out = Path(tmp_path_factory.mktemp("queries")) / "world"
    return build_world(out, persons, records, links)


@pytest.fixture(scope="module")
def queries(query_world: World) -> Queries:
    return analyse_world(query_world).queries


def _v(kind: QueryKindFigures, regime: str, key: str) -> float | None:
    figure = getattr(kind.regimes[regime], key)
    assert isinstance(figure, Estimate)
    return figure.value


def test_no_false_biometric_candidates_without_false_matches(queries: Queries) -> None:
    assert queries.fmr_used.value == 0


def test_identity_checks_of_registered_people(queries: Queries) -> None:
    kind = queries.kinds["identity_check_registered"]
    assert _v(kind, "siloed", "queries") == 3  # persons 1, 2, 3 (4 deleted)
    # siloed: only person 3 is found (SIS); interoperable: all three, two with
    # data collected for another purpose (visa and asylum records).
    assert _v(kind, "siloed", "answered") == pytest.approx(1 / 3)
    assert _v(kind, "siloed", "cross_purpose") == 0
    assert _v(kind, "interoperable", "answered") == 1
    assert _v(kind, "interoperable", "cross_purpose") == pytest.approx(2 / 3)
    assert _v(kind, "interoperable", "wrong_person") == 0
    assert kind.creep.cross_purpose.value == pytest.approx(2 / 3)
    assert not kind.creep.cross_purpose.structural  # interoperability grants more access
    fam = kind.regimes["interoperable"].by_collected_for
    assert fam["asylum"].value == pytest.approx(2 / 3)
    assert kind.note == "only 3 eligible subjects in the world"


def test_identity_check_of_a_never_registered_namesake(queries: Queries) -> None:
    kind = queries.kinds["identity_check_unregistered"]
    assert _v(kind, "interoperable", "queries") == 1
    assert _v(kind, "siloed", "answered") == 0
    inter = kind.regimes["interoperable"]
    assert inter.wrong_person.value == 1
    assert inter.wrong_person_by_cause["identity_collision"].value == 1
    assert inter.wrong_person_by_cause["false_link"].value == 0
    assert inter.wrong_person_cross_purpose.value == 1
    assert inter.wrong_person_records_returned.value == 1
    assert kind.creep.wrong_person.value == 1


def test_query_counts_follow_the_parameters(query_world: World) -> None:
    config = make_config(identity_checks_registered=2, identity_checks_unregistered=0)
    q = analyse_world(query_world, config).queries.kinds
    assert _v(q["identity_check_registered"], "siloed", "queries") == 2
    assert _v(q["identity_check_unregistered"], "siloed", "queries") == 0
    assert _v(q["identity_check_unregistered"], "siloed", "answered") is None

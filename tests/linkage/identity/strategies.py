"""Small synthetic inputs for the identity linkage tests (no truth column reaches linkage)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from schemas.rng import stream

SURNAMES = (
    "Smith",
    "Müller",
    "Schmidt",
    "Mohammed",
    "Nguyen",
    "Kowalski",
    "Rossi",
    "Garcia",
    "Haddad",
    "Ivanov",
    "Okafor",
    "Yilmaz",
    "Novak",
    "Dubois",
    "Jansen",
    "Popescu",
)
GIVEN = (
    "Anna",
    "Jürgen",
    "Mustafa",
    "Olga",
    "Pierre",
    "Fatima",
    "Ahmed",
    "Maria",
    "Ivan",
    "Chen",
    "Amina",
    "Luca",
    "Sofia",
    "Omar",
    "Elena",
    "Yusuf",
)
SYSTEMS = ("VIS", "EES", "EURODAC", "ETIAS")


def identity_records(n_persons: int, seed: int) -> pl.DataFrame:
    """Records of ``n_persons`` people in two systems each, with light noise.

    Columns follow ``identity_records``; ``person_id`` is included (truth) so tests can
    check that the search ignores it.
    """
    rng = stream(seed, "tests.identity.records")
    surname = rng.integers(0, len(SURNAMES), n_persons)
    given = rng.integers(0, len(GIVEN), n_persons)
    day0 = dt.date(1950, 1, 1).toordinal()
    birth = rng.integers(0, 20000, n_persons) + day0
    sex = np.where(rng.random(n_persons) < 0.5, "M", "F")
    rows = []
    for p in range(n_persons):
        systems = rng.choice(len(SYSTEMS), size=2, replace=False)
        doc = f"P{rng.integers(10**6, 10**7)}"
        for k, s in enumerate(systems):
            sur, giv = SURNAMES[surname[p]], GIVEN[given[p]]
            bd: dt.date | None = dt.date.fromordinal(int(birth[p]))
            if k == 1 and rng.random() < 0.2:
                sur = sur.upper() + ("E" if rng.random() < 0.5 else "")
            if k == 1 and rng.random() < 0.1 and bd is not None:
                bd = dt.date(bd.year, 1, 1)
            registered = dt.date(2020, 1, 1) + dt.timedelta(days=int(rng.integers(0, 900)))
            rows.append(
                {
                    "record_id": f"{SYSTEMS[s]}-{p:06d}-{k}",
                    "system": SYSTEMS[s],
                    "person_id": p,
                    "surname": sur,
                    "given_names": giv,
                    "surname_at_birth": None,
                    "birth_date": bd,
                    "birth_year": bd.year if bd is not None else None,
                    "sex": str(sex[p]),
                    "nationality": "SYR" if surname[p] % 3 == 0 else "TUR",
                    "place_of_birth": None,
                    "document_number": doc if rng.random() < 0.7 else None,
                    "document_country": "SYR",
                    "registered_on": registered,
                    "member_state": "DE",
                    "deleted_on": None,
                }
            )
    schema = {
        "record_id": pl.String,
        "system": pl.String,
        "person_id": pl.Int64,
        "surname": pl.String,
        "given_names": pl.String,
        "surname_at_birth": pl.String,
        "birth_date": pl.Date,
        "birth_year": pl.Int16,
        "sex": pl.String,
        "nationality": pl.String,
        "place_of_birth": pl.String,
        "document_number": pl.String,
        "document_country": pl.String,
        "registered_on": pl.Date,
        "member_state": pl.String,
        "deleted_on": pl.Date,
    }
    return pl.DataFrame(rows, schema=schema)

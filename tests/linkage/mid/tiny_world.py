"""A tiny hand-built world whose MID links are known in advance."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl

from schemas import World, polars_schema, write_world

AS_OF = dt.date(2026, 6, 30)
D = dt.date

_PEOPLE: dict[int, tuple[str, str, dt.date, str, str]] = {
    # person: surname, given names, birth date, sex, nationality
    0: ("NOWAK", "ANNA", D(1980, 5, 17), "F", "UKR"),
    1: ("ALI", "MOHAMMED", D(1990, 1, 1), "M", "SYR"),
    2: ("TANAKA", "YUKI", D(1975, 11, 2), "F", "JPN"),
    3: ("DIALLO", "AMADOU", D(1988, 7, 7), "M", "SEN"),
    4: ("DIALLO", "AMADOU", D(1988, 7, 7), "M", "SEN"),
    5: ("PETROV", "IVAN", D(1969, 3, 30), "M", "RUS"),
    6: ("SILVA", "JOAO", D(2001, 9, 9), "M", "BRA"),
    7: ("KHAN", "SARA", D(1995, 2, 14), "F", "PAK"),
}

# record_id, person, registered_on, biometrics?, overrides (alias, document, deleted_on)
_RECORDS: list[tuple[str, int, dt.date, bool, dict[str, Any]]] = [
    ("VIS-0", 0, D(2022, 1, 10), True, {}),
    ("EES-0", 0, D(2023, 3, 1), True, {}),
    ("EURODAC-1", 1, D(2021, 5, 1), True, {"document_number": None}),
    (
        "VIS-1",
        1,
        D(2022, 6, 1),
        True,
        {
            "identity_no": 1,
            "surname": "KARIMI",
            "given_names": "AHMAD",
            "birth_date": D(1985, 3, 4),
        },
    ),
    ("EES-2", 2, D(2023, 1, 1), True, {}),
    ("ETIAS-2", 2, D(2024, 1, 1), False, {}),
    ("VIS-3", 3, D(2022, 2, 2), True, {"document_number": "P3333333"}),
    ("EES-4", 4, D(2023, 2, 2), True, {"document_number": "P4444444"}),
    ("SIS-5", 5, D(2021, 1, 1), True, {}),
    ("ECRIS-5", 5, D(2022, 1, 1), True, {}),
    ("EES-6", 6, D(2021, 2, 1), True, {"deleted_on": D(2024, 2, 2)}),
    ("VIS-6", 6, D(2022, 2, 1), True, {}),
    ("VIS-7", 7, D(2022, 4, 1), True, {}),
    ("VIS-8", 7, D(2023, 4, 1), True, {}),
]

EXPECTED: dict[tuple[str, str], str] = {
    ("EES-0", "VIS-0"): "white",  # same biometrics, same identity: Art. 33(a)
    ("VIS-1", "EURODAC-1"): "red",  # same biometrics, other identity, an alias: Art. 32(a)
    ("ETIAS-2", "EES-2"): "white",  # no biometrics in ETIAS, same identity and document: 33(b)
    ("EES-4", "VIS-3"): "green",  # namesakes with different biometrics: Art. 31(a)
    ("ECRIS-5", "SIS-5"): "white",
    # VIS-6 - EES-6 is created white and removed: EES-6 was deleted (Art. 36)
    # VIS-7 - VIS-8 share a system: never compared (Art. 27(5))
}


def identity_records() -> pl.DataFrame:
    """The ``identity_records`` table of the tiny world (truth columns included)."""
    rows = []
    for record_id, person, registered_on, bio, over in _RECORDS:
        surname, given, birth, sex, nationality = _PEOPLE[person]
        row: dict[str, Any] = {
            "record_id": record_id,
            "person_id": person,
            "identity_no": 0,
            "surname": surname,
            "given_names": given,
            "surname_at_birth": None,
            "birth_date": birth,
            "birth_year": birth.year,
            "sex": sex,
            "nationality": nationality,
            "place_of_birth": None,
            "document_number": f"P{person:07d}",
            "document_country": nationality,
            "registered_on": registered_on,
            "member_state": "DE",
            "noise_applied": "",
            "system": record_id.split("-")[0],
            "in_cir": not record_id.startswith("SIS"),
            "has_fingerprints": bio,
            "has_face": bio,
            "deleted_on": None,
        }
        row.update(over)
        if "birth_date" in over:
            row["birth_year"] = over["birth_date"].year
        rows.append(row)
    return pl.DataFrame(rows, schema=polars_schema("identity_records"))


def captures(records: pl.DataFrame) -> pl.DataFrame:
    """One fingerprint and one face capture per record with biometrics."""
    rows = []
    for rec in records.filter(pl.col("has_fingerprints")).iter_rows(named=True):
        person = rec["person_id"]
        sex = rec["sex"]
        for modality, base in (("fingerprint", 1000), ("face", 2000)):
            rows.append(
                {
                    "capture_id": f"{rec['record_id']}-{modality}",
                    "record_id": rec["record_id"],
                    "modality": modality,
                    "quality": 80.0,
                    "captured_on": rec["registered_on"],
                    "age_at_capture": 35,
                    "failed": False,
                    "template_key": base + person,
                    "lookalike_key": None,
                    "phenotype_cell": f"{sex}|35-49|reference",
                }
            )
    return pl.DataFrame(rows, schema=polars_schema("captures"))


def build(
    out: Path,
    *,
    seed: int = 11,
    with_records: bool = True,
    sections: dict[str, Any] | None = None,
) -> World:
    """Write the tiny world to ``out`` and return it; ``sections`` are added to the
    scenario its manifest records (e.g. a ``link`` section)."""
    records = identity_records()
    tables = {"captures": captures(records)}
    if with_records:
        tables["identity_records"] = records
    scenario = {"world": {"as_of": AS_OF.isoformat()}, **(sections or {})}
    return write_world(out, tables, seed=seed, scenario=scenario, as_of=AS_OF)

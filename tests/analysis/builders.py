"""Hand-built worlds whose answers are known, for the analysis tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from schemas import World, polars_schema, write_world
from schemas.manifest import StageRecord

__all__ = [
    "CANONICAL_AS_OF",
    "build_world",
    "canonical_world",
    "captures_for",
    "link",
    "person",
    "record",
]

CANONICAL_AS_OF = dt.date(2021, 1, 1)


def _letters(n: int) -> str:
    """A name suffix made of letters (names are compared on letters only)."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def person(pid: int, **kw: Any) -> dict[str, Any]:
    """A row of ``persons`` with harmless defaults."""
    row: dict[str, Any] = {
        "person_id": pid,
        "sex": "F",
        "birth_date": dt.date(1990, 5, 17),
        "birth_place": "Aleppo",
        "birth_country": "SYR",
        "nationality": "SYR",
        "region": "middle_east",
        "naming_culture": "arabic",
        "script": "arabic",
        "given_names_native": "x",
        "surname_native": "y",
        "given_names_latin": f"Given{_letters(pid)}",
        "surname_latin": f"Surname{_letters(pid)}",
        "family_id": pid,
        "population_group": "asylum_seeker",
        "lookalike_of": None,
        "registered": True,
        "synthetic": True,
    }
    row.update(kw)
    return row


def record(rid: str, pid: int, registered_on: dt.date, **kw: Any) -> dict[str, Any]:
    """A row of ``identity_records``; the system is the record_id prefix."""
    system = rid.split("-", 1)[0]
    row: dict[str, Any] = {
        "record_id": rid,
        "person_id": pid,
        "identity_no": 0,
        "surname": f"Surname{_letters(pid)}",
        "given_names": f"Given{_letters(pid)}",
        "surname_at_birth": None,
        "birth_date": dt.date(1990, 5, 17),
        "birth_year": 1990,
        "sex": "F",
        "nationality": "SYR",
        "place_of_birth": None,
        "document_number": None,
        "document_country": None,
        "registered_on": registered_on,
        "member_state": "DE",
        "noise_applied": "",
        "system": system,
        "in_cir": system != "SIS",
        "has_fingerprints": system != "ETIAS",
        "has_face": system != "ETIAS",
        "deleted_on": None,
    }
    row.update(kw)
    return row


def link(
    lid: int,
    a: str,
    b: str,
    colour: str,
    created_on: dt.date,
    *,
    basis: str = "biometric",
    verified_on: dt.date | None = None,
    **kw: Any,
) -> dict[str, Any]:
    """A row of ``mid_links`` (``verified`` is true when ``verified_on`` is given)."""
    row: dict[str, Any] = {
        "link_id": lid,
        "record_id_a": a,
        "record_id_b": b,
        "basis": basis,
        "biometric_score": 0.9 if "biometric" in basis else None,
        "identity_score": 0.5,
        "identity_class": "same",
        "document_match": False,
        "colour": colour,
        "verified": verified_on is not None,
        "created_on": created_on,
        "verified_on": verified_on,
    }
    row.update(kw)
    return row


def captures_for(
    records: list[dict[str, Any]], cell: str = "F|18-34|middle_east"
) -> list[dict[str, Any]]:
    """One fingerprint and one face capture per record that holds them."""
    out: list[dict[str, Any]] = []
    for i, r in enumerate(records):
        for modality, flag in (("fingerprint", "has_fingerprints"), ("face", "has_face")):
            if r[flag]:
                out.append(
                    {
                        "capture_id": f"{r['record_id']}-{modality[:2].upper()}",
                        "record_id": r["record_id"],
                        "modality": modality,
                        "quality": 70.0,
                        "captured_on": r["registered_on"],
                        "age_at_capture": 30,
                        "failed": False,
                        "template_key": 2 * i + (modality == "face"),
                        "lookalike_key": None,
                        "phenotype_cell": cell,
                    }
                )
    return out


def build_world(
    out: Path,
    persons: list[dict[str, Any]],
    records: list[dict[str, Any]],
    links: list[dict[str, Any]],
    *,
    captures: list[dict[str, Any]] | None = None,
    clusters: list[dict[str, Any]] | None = None,
    stages: dict[str, StageRecord] | None = None,
    seed: int = 7,
) -> World:
    """Write a world holding exactly these rows."""
    tables = {
        "persons": pl.DataFrame(persons, schema=polars_schema("persons")),
        "identity_records": pl.DataFrame(records, schema=polars_schema("identity_records")),
        "mid_links": pl.DataFrame(links, schema=polars_schema("mid_links")),
    }
    if captures is not None:
        tables["captures"] = pl.DataFrame(captures, schema=polars_schema("captures"))
    if clusters is not None:
        tables["identity_clusters"] = pl.DataFrame(
            clusters, schema=polars_schema("identity_clusters")
        )
    scenario = {"name": "hand-built", "as_of": CANONICAL_AS_OF.isoformat()}
    return write_world(
        out, tables, seed=seed, scenario=scenario, as_of=CANONICAL_AS_OF, stages=stages
    )


def _d(month: int, day: int = 1) -> dt.date:
    return dt.date(2020, month, day)


def canonical_world(out: Path) -> World:
    """The world of the analysis tests (answers in ``test_errors.py``).

    Persons 1, 2, 4 have two records each in two systems; 3 has an SIS alert; 5 has an
    ETIAS and an EES record that were never linked; 6 never registered; 7 has an EES
    record under their own identity and a VIS record under an alias (identity_no 1).
    """
    persons = [
        person(1, sex="F", nationality="SYR", population_group="asylum_seeker"),
        person(2, sex="M", nationality="IND", region="south_asia", population_group="traveller"),
        person(3, sex="M", nationality="MAR", region="north_africa", population_group="wanted"),
        person(
            4,
            sex="F",
            nationality="IND",
            region="south_asia",
            population_group="traveller",
            birth_date=dt.date(2010, 3, 1),
        ),
        person(5, sex="M", nationality="USA", region="north_america", population_group="traveller"),
        person(
            6,
            sex="F",
            nationality="USA",
            region="north_america",
            registered=False,
            population_group="resident",
        ),
        person(7, sex="M", nationality="SYR", population_group="asylum_seeker"),
    ]
    records = [
        record("EURODAC-1", 1, _d(1, 10)),
        record("VIS-1", 1, _d(3)),
        record("VIS-2", 2, _d(2)),
        record("EES-2", 2, _d(4)),
        record("SIS-3", 3, _d(1, 5)),
        record("ECRIS-4", 4, _d(1, 20)),
        record("EES-4", 4, _d(5)),
        record("ETIAS-5", 5, _d(2, 10)),
        record("EES-5", 5, _d(6)),
        record("EES-7a", 7, _d(1, 15)),
        record("VIS-7b", 7, _d(7), identity_no=1, surname="Alias", given_names="Other"),
    ]
    links = [
        link(1, "VIS-1", "EURODAC-1", "white", _d(3)),
        link(2, "EES-2", "VIS-2", "white", _d(4), basis="identity"),
        link(3, "EES-2", "SIS-3", "white", _d(4)),
        link(4, "EES-4", "ECRIS-4", "red", _d(5), verified_on=_d(6)),
        link(5, "VIS-1", "ECRIS-4", "yellow", _d(3), basis="identity"),
        link(6, "VIS-7b", "EES-7a", "red", _d(7), verified_on=_d(9)),
        link(7, "EES-5", "VIS-2", "green", _d(6), basis="identity", verified_on=_d(6, 20)),
    ]
    groups = [
        ["EURODAC-1", "VIS-1"],
        ["VIS-2", "EES-2", "SIS-3"],
        ["ECRIS-4", "EES-4"],
        ["ETIAS-5"],
        ["EES-5"],
        ["EES-7a", "VIS-7b"],
    ]
    clusters = [
        {"record_id": r, "cluster_id": i, "cluster_id_one_to_one": i}
        for i, g in enumerate(groups)
        for r in g
    ]
    return build_world(
        out, persons, records, links, clusters=clusters, captures=captures_for(records)
    )


def _random_persons(rng: np.random.Generator, n_persons: int) -> list[dict[str, Any]]:
    return [
        person(
            p,
            sex=str(rng.choice(["F", "M"])),
            nationality=str(rng.choice(["SYR", "IND", "USA"])),
            population_group=str(rng.choice(["traveller", "asylum_seeker"])),
            birth_date=dt.date(1950 + int(rng.integers(0, 60)), 1 + int(rng.integers(0, 12)), 1),
        )
        for p in range(n_persons)
    ]


def _random_records(rng: np.random.Generator, n_persons: int) -> list[dict[str, Any]]:
    """1-3 records in distinct systems per person; the last two persons never register."""
    systems = ["VIS", "EES", "EURODAC", "SIS", "ETIAS", "ECRIS"]
    records: list[dict[str, Any]] = []
    for p in range(n_persons - 2):
        k = int(rng.integers(1, 4))
        for j, s in enumerate(rng.choice(systems, size=k, replace=False).tolist()):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=int(rng.integers(0, 300)))
            deleted = day + dt.timedelta(days=200) if rng.random() < 0.1 else None
            records.append(
                record(
                    f"{s}-{p}-{j}", p, day, deleted_on=deleted, identity_no=int(rng.random() < 0.1)
                )
            )
    return records


def _random_links(
    rng: np.random.Generator, records: list[dict[str, Any]], n_false: int
) -> list[dict[str, Any]]:
    """Most consecutive records of a person linked, and ``n_false`` random pairs tried."""
    links: list[dict[str, Any]] = []

    def add(a: dict[str, Any], b: dict[str, Any]) -> None:
        new, old = (a, b) if a["registered_on"] >= b["registered_on"] else (b, a)
        created = new["registered_on"]
        colour = str(rng.choice(["white", "yellow", "green", "red"], p=[0.6, 0.15, 0.1, 0.15]))
        verified = (
            created + dt.timedelta(days=int(rng.integers(0, 60)))
            if colour not in ("white", "yellow")
            else None
        )
        basis = str(rng.choice(["biometric", "identity", "document", "biometric+identity"]))
        links.append(
            link(
                len(links) + 1, new["record_id"], old["record_id"], colour, created,
                basis=basis, verified_on=verified,
            )
        )  # fmt: skip

    by_person: dict[int, list[dict[str, Any]]] = {}
    for r in records:
        by_person.setdefault(r["person_id"], []).append(r)
    for recs in by_person.values():
        for i in range(1, len(recs)):
            if rng.random() < 0.8:
                add(recs[i], recs[i - 1])
    for _ in range(n_false):
        a, b = rng.choice(len(records), size=2, replace=False)
        if records[a]["person_id"] != records[b]["person_id"]:
            add(records[a], records[b])
    return links


def _clusters_of(
    records: list[dict[str, Any]], links: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Identity clusters: the connected components of the white and red links."""
    parent = {r["record_id"]: r["record_id"] for r in records}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for lk in links:
        if lk["colour"] in ("white", "red"):
            parent[find(lk["record_id_a"])] = find(lk["record_id_b"])
    roots = {root: i for i, root in enumerate(sorted({find(r["record_id"]) for r in records}))}
    return [
        {
            "record_id": r["record_id"],
            "cluster_id": roots[find(r["record_id"])],
            "cluster_id_one_to_one": roots[find(r["record_id"])],
        }
        for r in records
    ]


def random_world(out: Path, seed: int, n_persons: int = 40, n_false: int = 6) -> World:
    """A small random world: persons with 1-3 records, most true pairs linked, some
    random false links of every colour, clusters following the white/red links."""
    rng = np.random.default_rng(seed)
    persons = _random_persons(rng, n_persons)
    records = _random_records(rng, n_persons)
    links = _random_links(rng, records, n_false)
    clusters = _clusters_of(records, links)
    return build_world(out, persons, records, links, clusters=clusters, seed=seed)

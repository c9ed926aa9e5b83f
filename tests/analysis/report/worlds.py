"""A hand-built linked world whose links and their truth are known (report, explain, compare).

Persons 0-5 (synthetic). Records and links:

- person 0: VIS-000 (2019), EURODAC-000 (2020), linked white (correct);
- person 1: VIS-001, EURODAC-001; person 2: VIS-002; EURODAC-001 is linked white to
  VIS-002 (a wrong link: persons 1 and 2); VIS-001 / EURODAC-001 is a missed pair;
- person 3: SIS-003 (an alert), linked red to VIS-004 of person 4 (a false red link);
- person 4: VIS-004, EES-004, linked yellow (pending, same person);
- person 5: ETIAS-005 only, and VIS-005 deleted in 2020 (not stored).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl

from analysis.metrics import METRICS_FILE, analyse_world, write_metrics
from schemas import World, polars_schema, write_world
from schemas.manifest import StageRecord

__all__ = ["AS_OF", "build_analysed_world", "build_linked_world"]

AS_OF = dt.date(2021, 6, 30)

_REGIONS = ["west_africa", "middle_east", "east_asia"]


def _person(pid: int) -> dict[str, Any]:
    return {
        "person_id": pid,
        "sex": "FM"[pid % 2],
        "birth_date": dt.date(1980 + pid, 1 + pid, 10),
        "birth_place": "Town",
        "birth_country": "SYR",
        "nationality": "SYR",
        "region": _REGIONS[pid % 3],
        "naming_culture": "arabic",
        "script": "arabic",
        "given_names_native": "سمير",
        "surname_native": "حداد",
        "given_names_latin": f"Given{chr(65 + pid)}",
        "surname_latin": f"Surname{chr(65 + pid)}",
        "family_id": pid,
        "population_group": ["asylum_applicant", "visa_required"][pid % 2],
        "lookalike_of": None,
        "registered": True,
        "synthetic": True,
    }


def _record(rid: str, pid: int, on: dt.date, **kw: Any) -> dict[str, Any]:
    system = rid.split("-", 1)[0]
    row: dict[str, Any] = {
        "record_id": rid,
        "person_id": pid,
        "identity_no": 0,
        "surname": f"Surname{chr(65 + pid)}",
        "given_names": f"Given{chr(65 + pid)}",
        "surname_at_birth": None,
        "birth_date": dt.date(1980 + pid, 1 + pid, 10),
        "birth_year": 1980 + pid,
        "sex": "FM"[pid % 2],
        "nationality": "SYR",
        "place_of_birth": None,
        "document_number": f"P{pid:07d}",
        "document_country": "SYR",
        "registered_on": on,
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


def _link(lid: int, a: str, b: str, colour: str, on: dt.date, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "link_id": lid,
        "record_id_a": a,
        "record_id_b": b,
        "basis": "biometric",
        "biometric_score": 0.91,
        "identity_score": 0.42,
        "identity_class": "same",
        "document_match": False,
        "colour": colour,
        "verified": False,
        "created_on": on,
        "verified_on": None,
    }
    row.update(kw)
    return row


def build_linked_world(
    out: Path, *, seed: int = 7, mode: str = "shared", link_seed: int | None = None
) -> World:
    """Write the world of the module docstring to ``out`` (linked with ``link_seed``,
    by default the world's seed)."""
    link_seed = seed if link_seed is None else link_seed
    d = dt.date
    records = [
        _record("VIS-000", 0, d(2019, 3, 1)),
        _record("EURODAC-000", 0, d(2020, 2, 1), noise_applied="surname_translit"),
        _record("VIS-001", 1, d(2019, 4, 1)),
        _record("EURODAC-001", 1, d(2020, 5, 1), birth_date=d(1981, 1, 1), noise_applied="dob"),
        _record("VIS-002", 2, d(2019, 5, 1)),
        _record("SIS-003", 3, d(2020, 6, 1)),
        _record("VIS-004", 4, d(2019, 6, 1)),
        _record("EES-004", 4, d(2020, 7, 1)),
        _record("ETIAS-005", 5, d(2020, 8, 1)),
        _record("VIS-005", 5, d(2018, 1, 1), deleted_on=d(2020, 1, 1)),
    ]
    links = [
        _link(1, "EURODAC-000", "VIS-000", "white", d(2020, 2, 1)),
        _link(2, "EURODAC-001", "VIS-002", "white", d(2020, 5, 1), identity_class="similar"),
        _link(
            3,
            "SIS-003",
            "VIS-004",
            "red",
            d(2020, 6, 1),
            verified=True,
            verified_on=d(2020, 6, 20),
            identity_class="different",
        ),
        _link(4, "EES-004", "VIS-004", "yellow", d(2020, 7, 1), identity_class="different"),
    ]
    clusters = [
        {"record_id": r["record_id"], "cluster_id": i, "cluster_id_one_to_one": i}
        for i, r in enumerate(records)
        if r["deleted_on"] is None
    ]
    tables = {
        "persons": pl.DataFrame([_person(p) for p in range(6)], schema=polars_schema("persons")),
        "identity_records": pl.DataFrame(records, schema=polars_schema("identity_records")),
        "mid_links": pl.DataFrame(links, schema=polars_schema("mid_links")),
        "identity_clusters": pl.DataFrame(clusters, schema=polars_schema("identity_clusters")),
    }
    link = StageRecord(
        run_id=f"hand-built-{seed}-{link_seed}",
        finished_at="2021-01-01T00:00:00+00:00",
        seed=link_seed,
        parameters={"mode": mode, "seed": link_seed},
    )
    scenario = {"name": "hand-built", "world": {"persons": 6}}
    return write_world(
        out, tables, seed=seed, scenario=scenario, as_of=AS_OF, stages={"link": link}
    )


def build_analysed_world(
    out: Path, *, seed: int = 7, mode: str = "shared", link_seed: int | None = None
) -> World:
    """The hand-built world with its ``report/metrics.json`` written."""
    world = build_linked_world(out, seed=seed, mode=mode, link_seed=link_seed)
    write_metrics(analyse_world(world), world.path / METRICS_FILE)
    return world

"""Simulated counterparts of the identity-data reference cases: default birth dates and
identity documents, computed from a built world's tables on the publications' definitions.

A *1 January birth date* is a recorded birth date of 1 January (a person truly born on
1 January counts too, as in the registers). The German register counts each foreign
resident once, by nationality: here, a person's most recent stored record made by
Germany, by the nationality it records.
"""

from __future__ import annotations

import polars as pl

from analysis.estimate import Estimate
from analysis.validation.case import CaseUnavailable, Compute
from analysis.validation.evidence import STEADY, Evidence, SimulatedWorld

__all__ = [
    "asylum_adults_with_document",
    "asylum_adults_without_document",
    "asylum_first_time_share",
    "january_first_asylum_applicants",
    "january_first_by_nationality",
    "january_first_records",
    "visa_refusal_share",
]

_JAN1 = (pl.col("birth_date").dt.month() == 1) & (pl.col("birth_date").dt.day() == 1)


def _stored_records(built: SimulatedWorld) -> pl.DataFrame:
    records = built.table("identity_records")
    as_of = built.world.as_of
    stored = pl.col("deleted_on").is_null() | (pl.col("deleted_on") > as_of)
    return records.filter(stored & (pl.col("registered_on") <= as_of))


def _latest(records: pl.DataFrame) -> pl.DataFrame:
    """Each person's most recently registered record."""
    return records.sort("registered_on", "record_id").unique("person_id", keep="last")


def january_first_by_nationality(nationality: str, member_state: str = "DE") -> Compute:
    """A compute function: the share of ``nationality``'s residents of ``member_state``
    whose recorded birth date is 1 January."""

    def compute(ev: Evidence) -> Estimate:
        records = _stored_records(ev.world(STEADY.name)).filter(
            (pl.col("member_state") == member_state) & pl.col("birth_date").is_not_null()
        )
        people = _latest(records).filter(pl.col("nationality") == nationality)
        if people.height == 0:
            raise CaseUnavailable(f"no stored {member_state} record of a {nationality} national")
        k = int(people.select(_JAN1.sum()).item())
        return Estimate.rate(
            k,
            people.height,
            ev.level,
            unit=f"share of {nationality} nationals recorded by {member_state}",
            note=f"{k} of {people.height} persons (latest {member_state} record each)",
        )

    compute.__doc__ = (
        f"1 January birth dates among {nationality} nationals recorded by {member_state}."
    )
    return compute


def january_first_asylum_applicants(ev: Evidence) -> Estimate:
    """Share of asylum applicants whose latest application records 1 January."""
    built = ev.world(STEADY.name)
    applications = built.table("eurodac_records").filter(
        (pl.col("category") == "applicant") & pl.col("birth_date").is_not_null()
    )
    if applications.height == 0:
        raise CaseUnavailable("no asylum application in the world")
    people = _latest(applications)
    k = int(people.select(_JAN1.sum()).item())
    return Estimate.rate(
        k,
        people.height,
        ev.level,
        unit="share of asylum applicants",
        note=f"{k} of {people.height}",
    )


def january_first_records(ev: Evidence) -> Estimate:
    """Share of all stored records (every system) that record 1 January as birth date."""
    records = _stored_records(ev.world(STEADY.name)).filter(pl.col("birth_date").is_not_null())
    k = int(records.select(_JAN1.sum()).item())
    return Estimate.rate(k, records.height, ev.level, unit="share of records")


def asylum_first_time_share(nationality: str) -> Compute:
    """A compute function: the share of ``nationality`` among the persons whose first
    asylum application falls in the world's last twelve months."""

    def compute(ev: Evidence) -> Estimate:
        built = ev.world(STEADY.name)
        as_of = built.world.as_of
        applications = built.table("eurodac_records").filter(pl.col("category") == "applicant")
        first = applications.sort("registered_on", "record_id").unique("person_id", keep="first")
        year = first.filter(pl.col("registered_on") > as_of.replace(year=as_of.year - 1)).filter(
            pl.col("registered_on") <= as_of
        )
        if year.height == 0:
            raise CaseUnavailable("no first-time asylum application in the last year")
        k = int((year["nationality"] == nationality).sum())
        return Estimate.rate(
            k,
            year.height,
            ev.level,
            unit="share of first-time applicants",
            note=f"{k} of {year.height} first-time applicants of the last twelve months",
        )

    compute.__doc__ = f"Share of {nationality} among first-time asylum applicants (last year)."
    return compute


def visa_refusal_share(ev: Evidence) -> Estimate:
    """Share of decided visa applications that were refused (all stored applications)."""
    visas = ev.world(STEADY.name).table("vis_applications")
    decided = visas.filter(pl.col("decision").is_in(["issued", "refused"]))
    if decided.height == 0:
        raise CaseUnavailable("no decided visa application")
    k = int((decided["decision"] == "refused").sum())
    return Estimate.rate(k, decided.height, ev.level, unit="share of decided applications")


def _asylum_adults(built: SimulatedWorld) -> tuple[int, int]:
    """(adult asylum applicants, those holding a genuine document of their own)."""
    as_of = built.world.as_of
    persons = built.table("persons").filter(pl.col("population_group") == "asylum_applicant")
    adult_born = as_of.replace(year=as_of.year - 18)
    adults = persons.filter(pl.col("birth_date") <= adult_born).select("person_id")
    if adults.height == 0:
        raise CaseUnavailable("no adult asylum applicant in the world")
    documents = built.table("documents").filter(~pl.col("fraudulent").fill_null(False))
    holders = documents.select("person_id").unique()
    with_document = adults.join(holders, on="person_id").height
    return adults.height, with_document


def asylum_adults_without_document(ev: Evidence) -> Estimate:
    """Share of adult asylum applicants without an identity document of their own."""
    adults, with_document = _asylum_adults(ev.world(STEADY.name))
    return Estimate.rate(adults - with_document, adults, ev.level, unit="share of adult applicants")


def asylum_adults_with_document(ev: Evidence) -> Estimate:
    """Share of adult asylum applicants holding an identity document of their own."""
    adults, with_document = _asylum_adults(ev.world(STEADY.name))
    return Estimate.rate(with_document, adults, ev.level, unit="share of adult applicants")

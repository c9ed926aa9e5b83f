"""Typed SQLAlchemy models of every table in a world.

These models are the single declaration of the world's tables: the SQL schema is
created from them and the Parquet/polars schemas are derived from them
(:func:`polars_schema`). Column ``info`` marks two special kinds of column:

- ``truth``: the hidden truth (``person_id`` and friends). Only ``synth`` writes them and
  only ``analysis`` reads them; ``linkage`` never does.
- ``biometric_content``: what a biometric sample physically carries (an opaque template
  key, the subject's phenotype cell). The score model of ``linkage`` reads them to draw
  genuine or impostor scores, as a real matcher's output depends on the real bodies;
  no decision rule reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from sqlalchemy import Boolean, Date, Float, Integer, SmallInteger, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import BigInteger, TypeEngine

__all__ = [
    "TABLES",
    "Base",
    "Capture",
    "Document",
    "EcrisRecord",
    "EesCrossing",
    "EesFile",
    "EtiasApplication",
    "EurodacRecord",
    "IdentityCluster",
    "IdentityRecord",
    "MidLink",
    "Person",
    "SisAlert",
    "VisApplication",
    "biometric_columns",
    "polars_schema",
    "sql_table",
    "truth_columns",
]

TRUTH: dict[str, Any] = {"truth": True}
BIOMETRIC: dict[str, Any] = {"biometric_content": True}


class Base(DeclarativeBase):
    """Declarative base of all world tables."""


class Person(Base):
    """A synthetic person: the truth. Names are generated and labelled synthetic."""

    __tablename__ = "persons"

    person_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, info=TRUTH)
    sex: Mapped[str] = mapped_column(String(1), info=TRUTH)
    birth_date: Mapped[dt.date] = mapped_column(Date, info=TRUTH)
    birth_place: Mapped[str] = mapped_column(String(64), info=TRUTH)
    birth_country: Mapped[str] = mapped_column(String(3), info=TRUTH)
    nationality: Mapped[str] = mapped_column(String(3), info=TRUTH)
    region: Mapped[str] = mapped_column(String(32), info=TRUTH)
    naming_culture: Mapped[str] = mapped_column(String(32), info=TRUTH)
    script: Mapped[str] = mapped_column(String(16), info=TRUTH)
    given_names_native: Mapped[str] = mapped_column(String(128), info=TRUTH)
    surname_native: Mapped[str] = mapped_column(String(128), info=TRUTH)
    given_names_latin: Mapped[str] = mapped_column(String(128), info=TRUTH)
    surname_latin: Mapped[str] = mapped_column(String(128), info=TRUTH)
    family_id: Mapped[int] = mapped_column(BigInteger, info=TRUTH)
    population_group: Mapped[str] = mapped_column(String(32), info=TRUTH)
    lookalike_of: Mapped[int | None] = mapped_column(BigInteger, info=TRUTH)
    registered: Mapped[bool] = mapped_column(Boolean, info=TRUTH)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=True, info=TRUTH)


class Document(Base):
    """A travel document, genuine or fraudulent."""

    __tablename__ = "documents"

    document_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(BigInteger, info=TRUTH)
    number: Mapped[str] = mapped_column(String(16))
    document_type: Mapped[str] = mapped_column(String(16))
    issuing_country: Mapped[str] = mapped_column(String(3))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    expiry: Mapped[dt.date] = mapped_column(Date)
    fraudulent: Mapped[bool] = mapped_column(Boolean, info=TRUTH)
    genuine_holder_id: Mapped[int | None] = mapped_column(BigInteger, info=TRUTH)


class IdentityColumns:
    """Identity data as a system records them (possibly corrupted), plus the truth."""

    record_id: Mapped[str] = mapped_column(String(32), primary_key=True, sort_order=-1)
    person_id: Mapped[int] = mapped_column(BigInteger, info=TRUTH, sort_order=-1)
    identity_no: Mapped[int] = mapped_column(SmallInteger, info=TRUTH, sort_order=-1)
    surname: Mapped[str | None] = mapped_column(String(128), sort_order=-1)
    given_names: Mapped[str | None] = mapped_column(String(128), sort_order=-1)
    surname_at_birth: Mapped[str | None] = mapped_column(String(128), sort_order=-1)
    birth_date: Mapped[dt.date | None] = mapped_column(Date, sort_order=-1)
    birth_year: Mapped[int | None] = mapped_column(SmallInteger, sort_order=-1)
    sex: Mapped[str | None] = mapped_column(String(1), sort_order=-1)
    nationality: Mapped[str | None] = mapped_column(String(3), sort_order=-1)
    place_of_birth: Mapped[str | None] = mapped_column(String(64), sort_order=-1)
    document_number: Mapped[str | None] = mapped_column(String(16), sort_order=-1)
    document_country: Mapped[str | None] = mapped_column(String(3), sort_order=-1)
    registered_on: Mapped[dt.date] = mapped_column(Date, sort_order=-1)
    member_state: Mapped[str] = mapped_column(String(2), sort_order=-1)
    noise_applied: Mapped[str] = mapped_column(String(256), info=TRUTH, sort_order=-1)

    @declared_attr.directive
    def __table_args__(cls) -> dict[str, Any]:
        return {"info": {"identity_table": True}}


class VisApplication(IdentityColumns, Base):
    """A VIS application file."""

    __tablename__ = "vis_applications"

    visa_type: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(String(16))


class EesFile(IdentityColumns, Base):
    """An EES individual file."""

    __tablename__ = "ees_files"

    traveller_type: Mapped[str] = mapped_column(String(16))
    overstayer: Mapped[bool] = mapped_column(Boolean)


class EesCrossing(Base):
    """An EES entry, exit or refusal record, attached to an individual file."""

    __tablename__ = "ees_crossings"

    crossing_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[int] = mapped_column(BigInteger, info=TRUTH)
    kind: Mapped[str] = mapped_column(String(8))
    crossed_on: Mapped[dt.date] = mapped_column(Date)
    member_state: Mapped[str] = mapped_column(String(2))


class EurodacRecord(IdentityColumns, Base):
    """A Eurodac data set under the 2024 recast."""

    __tablename__ = "eurodac_records"

    category: Mapped[str] = mapped_column(String(32))


class SisAlert(IdentityColumns, Base):
    """An SIS alert on a person."""

    __tablename__ = "sis_alerts"

    alert_type: Mapped[str] = mapped_column(String(32))
    review_on: Mapped[dt.date] = mapped_column(Date)


class EtiasApplication(IdentityColumns, Base):
    """An ETIAS travel-authorisation application (no biometrics)."""

    __tablename__ = "etias_applications"

    status: Mapped[str] = mapped_column(String(16))
    valid_until: Mapped[dt.date | None] = mapped_column(Date)


class EcrisRecord(IdentityColumns, Base):
    """An ECRIS-TCN record of a conviction."""

    __tablename__ = "ecris_records"

    offence_category: Mapped[str] = mapped_column(String(32))
    sentence_months: Mapped[int] = mapped_column(Integer)
    serious_offence_flag: Mapped[bool] = mapped_column(Boolean)


class Capture(Base):
    """A biometric capture attached to a record (no image: what the score model needs)."""

    __tablename__ = "captures"

    capture_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(32))
    modality: Mapped[str] = mapped_column(String(16))
    quality: Mapped[float | None] = mapped_column(Float)
    captured_on: Mapped[dt.date] = mapped_column(Date)
    age_at_capture: Mapped[int] = mapped_column(SmallInteger)
    failed: Mapped[bool] = mapped_column(Boolean)
    template_key: Mapped[int] = mapped_column(BigInteger, info=BIOMETRIC)
    lookalike_key: Mapped[int | None] = mapped_column(BigInteger, info=BIOMETRIC)
    phenotype_cell: Mapped[str] = mapped_column(String(48), info=BIOMETRIC)


class IdentityRecord(IdentityColumns, Base):
    """The CIR view: every record's identity data in one shape (SIS marked not in CIR)."""

    __tablename__ = "identity_records"

    system: Mapped[str] = mapped_column(String(8))
    in_cir: Mapped[bool] = mapped_column(Boolean)
    has_fingerprints: Mapped[bool] = mapped_column(Boolean)
    has_face: Mapped[bool] = mapped_column(Boolean)
    deleted_on: Mapped[dt.date | None] = mapped_column(Date)


class MidLink(Base):
    """A link of the multiple-identity detector."""

    __tablename__ = "mid_links"

    link_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    record_id_a: Mapped[str] = mapped_column(String(32))
    record_id_b: Mapped[str] = mapped_column(String(32))
    basis: Mapped[str] = mapped_column(String(32))
    biometric_score: Mapped[float | None] = mapped_column(Float)
    identity_score: Mapped[float | None] = mapped_column(Float)
    identity_class: Mapped[str] = mapped_column(String(16))
    document_match: Mapped[bool] = mapped_column(Boolean)
    colour: Mapped[str] = mapped_column(String(8))
    verified: Mapped[bool] = mapped_column(Boolean)
    created_on: Mapped[dt.date] = mapped_column(Date)
    verified_on: Mapped[dt.date | None] = mapped_column(Date)
    # The evidence and the reasons, so that a link can be explained and audited
    # (optional: frames without them are written with nulls).
    system_a: Mapped[str | None] = mapped_column(String(8))
    system_b: Mapped[str | None] = mapped_column(String(8))
    biometric_state: Mapped[str | None] = mapped_column(String(16))
    created_rule: Mapped[str | None] = mapped_column(String(32))
    rule: Mapped[str | None] = mapped_column(String(32))
    rule_article: Mapped[str | None] = mapped_column(String(32))
    rule_foreseen: Mapped[bool | None] = mapped_column(Boolean)
    verifying_authority: Mapped[str | None] = mapped_column(String(32))
    conclusion: Mapped[str | None] = mapped_column(String(32))


class IdentityCluster(Base):
    """Identity clusters over white and red links (connected and one-to-one variants)."""

    __tablename__ = "identity_clusters"

    record_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(BigInteger)
    cluster_id_one_to_one: Mapped[int] = mapped_column(BigInteger)


#: The typed model of every table of a world, by table name.
TABLES: dict[str, Table] = {
    name: table for name, table in Base.metadata.tables.items() if isinstance(table, Table)
}


def sql_table(name: str) -> Table:
    """The SQLAlchemy table called ``name``."""
    from schemas.errors import WorldError

    try:
        return TABLES[name]
    except KeyError:
        raise WorldError(f"unknown table {name!r}; known: {', '.join(TABLES)}") from None


def _polars_dtype(sql_type: TypeEngine[Any]) -> pl.DataType:
    if isinstance(sql_type, BigInteger):
        return pl.Int64()
    if isinstance(sql_type, SmallInteger):
        return pl.Int16()
    if isinstance(sql_type, Integer):
        return pl.Int32()
    if isinstance(sql_type, Float):
        return pl.Float64()
    if isinstance(sql_type, Boolean):
        return pl.Boolean()
    if isinstance(sql_type, Date):
        return pl.Date()
    if isinstance(sql_type, String):
        return pl.String()
    raise TypeError(f"no polars type for {sql_type!r}")


def polars_schema(name: str) -> pl.Schema:
    """The polars schema of table ``name``, derived from its SQL model (column order kept)."""
    table = sql_table(name)
    return pl.Schema({c.name: _polars_dtype(c.type) for c in table.columns})


def truth_columns(name: str) -> list[str]:
    """Columns of table ``name`` that hold the hidden truth."""
    return [c.name for c in sql_table(name).columns if c.info.get("truth")]


def biometric_columns(name: str) -> list[str]:
    """Columns of table ``name`` that stand for biometric sample content."""
    return [c.name for c in sql_table(name).columns if c.info.get("biometric_content")]

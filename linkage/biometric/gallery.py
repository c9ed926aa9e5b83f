"""The enrolled templates of a world, in the order they were enrolled.

One entry per record that holds at least one usable template (a capture that did not fail).
Per record and modality the enrolled template is its earliest usable capture (ties broken by
capture_id). Entries are sorted by ``(registered_on, record_id)``: the index of an entry is
its enrolment rank, and a record's 1:N search at ``registered_on`` runs against the entries
of lower rank still stored that day (``deleted_on`` null or later). Records deleted on or
before their own registration date are searched but never stored.

Only identity-record columns and the biometric-content columns of ``captures`` are read
(``schemas/tables.py`` documents ``template_key`` as what the body physically is).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import polars as pl

from linkage.biometric.cells import PhenotypeCell, parse_cells
from linkage.biometric.config import SearchMode
from linkage.biometric.scores import FACE, FINGERPRINT
from schemas.errors import WorldError
from schemas.systems import Modality
from schemas.tables import polars_schema

__all__ = [
    "NEVER",
    "Gallery",
    "GalleryCounts",
    "GallerySize",
    "ModalityTemplates",
    "build_gallery",
]

logger = logging.getLogger(__name__)

NEVER = np.iinfo(np.int32).max
"""Day number standing for "not deleted"."""

RECORD_COLUMNS = ("record_id", "system", "registered_on", "deleted_on")
CAPTURE_COLUMNS: tuple[str, ...] = tuple(polars_schema("captures"))
"""Every column of the ``captures`` model: what the score model reads."""
_PER_MODALITY = (
    "quality",
    "captured_on",
    "age_at_capture",
    "template_key",
    "lookalike_key",
    "phenotype_cell",
)


@dataclass(frozen=True)
class ModalityTemplates:
    """The enrolled template of one modality per gallery entry (arrays aligned to entries)."""

    present: np.ndarray  # bool
    key: np.ndarray  # int64 template_key (0 where absent)
    lookalike: np.ndarray  # int64 lookalike_key (0 where absent)
    has_lookalike: np.ndarray  # bool
    quality: np.ndarray  # float64, NaN where absent or not measured
    captured_day: np.ndarray  # int32 days since 1970-01-01
    age: np.ndarray  # float64 age at capture, NaN where absent


@dataclass(frozen=True)
class Gallery:
    """Enrolment-ordered templates of a world (see module docstring)."""

    record_id: pl.Series
    reg_day: np.ndarray  # int32 days since 1970-01-01
    del_day: np.ndarray  # int32, NEVER when not deleted
    in_gallery: np.ndarray  # bool: stored after its search (deleted after registration)
    partition: np.ndarray  # int32 index into partitions
    partitions: tuple[str, ...]
    avail: np.ndarray  # int8 modality bits (1 fingerprint, 2 face)
    cell: np.ndarray  # int32 index into cells
    cells: tuple[PhenotypeCell, ...]
    fingerprint: ModalityTemplates
    face: ModalityTemplates

    @property
    def size(self) -> int:
        """Number of entries (records with at least one usable template)."""
        return len(self.reg_day)

    def modality(self, bit: int) -> ModalityTemplates:
        """The templates of modality ``bit`` (FINGERPRINT or FACE)."""
        return self.fingerprint if bit == FINGERPRINT else self.face


def _require(frame: pl.DataFrame, columns: tuple[str, ...], table: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise WorldError(f"{table} lacks column(s) {', '.join(missing)}")


def _templates(frame: pl.DataFrame, prefix: str) -> ModalityTemplates:
    present = frame[f"{prefix}template_key"].is_not_null().to_numpy()
    lookalike = frame[f"{prefix}lookalike_key"]
    return ModalityTemplates(
        present=present,
        key=frame[f"{prefix}template_key"].fill_null(0).cast(pl.Int64).to_numpy(),
        lookalike=lookalike.fill_null(0).cast(pl.Int64).to_numpy(),
        has_lookalike=lookalike.is_not_null().to_numpy(),
        quality=frame[f"{prefix}quality"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
        captured_day=frame[f"{prefix}captured_on"]
        .cast(pl.Int32)
        .fill_null(0)
        .to_numpy()
        .astype(np.int32),
        age=frame[f"{prefix}age_at_capture"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
    )


@dataclass(frozen=True)
class GallerySize:
    """Templates of one gallery: stored at most, stored at the last search, entries."""

    max: int
    at_last_search: int
    entries: int


@dataclass(frozen=True)
class GalleryCounts:
    """What building the gallery read and left out."""

    records: int
    records_without_templates: int
    captures_used: int
    captures_of_unknown_records: int
    failed_captures: int


def _check_inputs(records: pl.DataFrame, captures: pl.DataFrame) -> None:
    _require(records, RECORD_COLUMNS, "identity_records")
    _require(captures, CAPTURE_COLUMNS, "captures")
    known = {m.value for m in Modality}
    bad = set(captures["modality"].unique().drop_nulls().to_list()) - known
    if bad:
        raise WorldError(f"captures has unknown modality values {sorted(bad)}")
    if records["record_id"].n_unique() != records.height:
        raise WorldError("identity_records has duplicate record_id values")


def _enrolled_templates(captures: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Per record and modality the earliest usable capture (ties broken by capture_id);
    and the number of failed captures."""
    usable = captures.select(CAPTURE_COLUMNS).filter(~pl.col("failed").fill_null(True))
    failed = captures.height - usable.height
    if usable.select(pl.struct("record_id", "modality").is_duplicated().any()).item():
        usable = usable.sort(["record_id", "modality", "captured_on", "capture_id"]).unique(
            subset=["record_id", "modality"], keep="first", maintain_order=True
        )
    return usable, failed


def _entries(records: pl.DataFrame, first: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """One wide row per record holding a template, in enrolment order; and the captures
    that belong to no record."""
    wide = records.select(RECORD_COLUMNS)
    for modality, prefix in ((Modality.FINGERPRINT, "fp_"), (Modality.FACE, "face_")):
        part = first.filter(pl.col("modality") == modality.value).select(
            "record_id", *[pl.col(c).alias(prefix + c) for c in _PER_MODALITY]
        )
        wide = wide.join(part, on="record_id", how="left")
    wide = wide.filter(
        pl.col("fp_template_key").is_not_null() | pl.col("face_template_key").is_not_null()
    )
    matched = int(wide["fp_template_key"].is_not_null().sum())
    matched += int(wide["face_template_key"].is_not_null().sum())
    unknown = first.height - matched
    if unknown:
        logger.warning("%d captures belong to no identity record; ignored", unknown)
    wide = wide.with_columns(
        pl.coalesce("fp_phenotype_cell", "face_phenotype_cell").alias("cell")
    ).sort(["registered_on", "record_id"])
    if wide["cell"].null_count():
        raise WorldError("captures with a template but no phenotype_cell")
    if wide["registered_on"].null_count():
        raise WorldError("identity_records with a null registered_on")
    return wide, unknown


def _partitions(wide: pl.DataFrame, mode: SearchMode) -> tuple[tuple[str, ...], np.ndarray]:
    """The galleries searched (one sBMS, or one per system) and each entry's gallery."""
    if mode is SearchMode.SHARED:
        return ("sBMS",), np.zeros(wide.height, dtype=np.int32)
    partitions = tuple(sorted(set(wide["system"].drop_nulls().unique().to_list())))
    codes = {k: i for i, k in enumerate(partitions)}
    partition = wide["system"].replace_strict(codes, default=-1, return_dtype=pl.Int32).to_numpy()
    if (partition < 0).any():
        raise WorldError("identity_records with a null system")
    return partitions, partition.astype(np.int32)


def build_gallery(
    records: pl.DataFrame, captures: pl.DataFrame, mode: SearchMode
) -> tuple[Gallery, GalleryCounts]:
    """Enrolment-ordered gallery of ``records`` from ``captures``, and counts about it.

    ``mode`` ``shared`` puts every entry in one partition; ``siloed`` makes one partition
    per system.
    """
    _check_inputs(records, captures)
    first, failed = _enrolled_templates(captures)
    wide, unknown = _entries(records, first)
    cell_keys = sorted(set(wide["cell"].unique().to_list()))
    cell_code = {k: i for i, k in enumerate(cell_keys)}
    partitions, partition = _partitions(wide, mode)
    reg_day = wide["registered_on"].cast(pl.Int32).to_numpy().astype(np.int32)
    del_day = wide["deleted_on"].cast(pl.Int32).fill_null(NEVER).to_numpy().astype(np.int32)
    fp, face = _templates(wide, "fp_"), _templates(wide, "face_")
    gallery = Gallery(
        record_id=wide["record_id"],
        reg_day=reg_day,
        del_day=del_day,
        in_gallery=del_day > reg_day,
        partition=partition,
        partitions=partitions,
        avail=(fp.present * FINGERPRINT + face.present * FACE).astype(np.int8),
        cell=wide["cell"]
        .replace_strict(cell_code, return_dtype=pl.Int32)
        .to_numpy()
        .astype(np.int32),
        cells=tuple(parse_cells(cell_keys)),
        fingerprint=fp,
        face=face,
    )
    counts = GalleryCounts(
        records=records.height,
        records_without_templates=records.height - wide.height,
        captures_used=int(fp.present.sum() + face.present.sum()),
        captures_of_unknown_records=int(unknown),
        failed_captures=failed,
    )
    return gallery, counts

"""Phenotype cells: the demographic description of a body that impostor scores depend on.

A cell key reads ``'F|18-34|west_africa'``: sex | age band | origin (the capture model's
demographic group of the body). Age bands are ``'lo-hi'`` (inclusive) or ``'lo+'``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from linkage.biometric.config import ImpostorScores
from schemas.errors import WorldError

__all__ = ["PhenotypeCell", "log10_multipliers", "parse_cell", "parse_cells"]

_BAND = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)|(\+))\s*$")


@dataclass(frozen=True)
class PhenotypeCell:
    """A parsed phenotype cell."""

    key: str
    sex: str
    age_low: int
    age_high: int | None
    origin: str

    def is_child(self, impostor: ImpostorScores) -> bool:
        """True when the whole age band is at most ``child_max_age``."""
        return self.age_high is not None and self.age_high <= impostor.child_max_age

    def is_elderly(self, impostor: ImpostorScores) -> bool:
        """True when the whole age band is at least ``elderly_min_age``."""
        return self.age_low >= impostor.elderly_min_age


def parse_cell(key: str) -> PhenotypeCell:
    """Parse ``'sex|age band|origin'``; raise :class:`WorldError` when malformed."""
    parts = key.split("|")
    if len(parts) != 3:
        raise WorldError(f"phenotype_cell {key!r} is not 'sex|age band|origin'")
    sex, band, origin = (p.strip() for p in parts)
    match = _BAND.match(band)
    if match is None:
        raise WorldError(f"phenotype_cell {key!r}: age band {band!r} is not 'lo-hi' or 'lo+'")
    low = int(match.group(1))
    high = None if match.group(3) else int(match.group(2))
    if high is not None and high < low:
        raise WorldError(f"phenotype_cell {key!r}: age band {band!r} is empty")
    return PhenotypeCell(key=key, sex=sex, age_low=low, age_high=high, origin=origin)


def parse_cells(keys: Iterable[str]) -> list[PhenotypeCell]:
    """Parse several cell keys (in order)."""
    return [parse_cell(k) for k in keys]


def _group_log10(cell: PhenotypeCell, imp: ImpostorScores) -> float:
    value = math.log10(imp.sex_multiplier.get(cell.sex, 1.0))
    value += math.log10(imp.origin_multiplier.get(cell.origin, 1.0))
    if cell.is_child(imp):
        value += math.log10(imp.child_multiplier)
    if cell.is_elderly(imp):
        value += math.log10(imp.elderly_multiplier)
    return value


def log10_multipliers(
    probe_cells: Sequence[PhenotypeCell],
    gallery_cells: Sequence[PhenotypeCell],
    impostor: ImpostorScores,
) -> np.ndarray:
    """``log10`` of the FMR multiplier of every (probe cell, gallery cell) pair.

    Returns a float64 matrix ``len(probe_cells) x len(gallery_cells)``: half the sum of the
    two bodies' group multipliers plus the cross-attribute factors where they differ.
    """
    gp = np.array([_group_log10(c, impostor) for c in probe_cells], dtype=np.float64)
    gg = np.array([_group_log10(c, impostor) for c in gallery_cells], dtype=np.float64)
    out = 0.5 * (gp[:, None] + gg[None, :])
    attrs = (
        ("sex", math.log10(impostor.cross_sex_factor)),
        ("band", math.log10(impostor.cross_age_band_factor)),
        ("origin", math.log10(impostor.cross_origin_factor)),
    )
    for attr, log_factor in attrs:
        if log_factor == 0.0:
            continue
        pv = np.array([_attr(c, attr) for c in probe_cells], dtype=object)
        gv = np.array([_attr(c, attr) for c in gallery_cells], dtype=object)
        out += np.where(pv[:, None] != gv[None, :], log_factor, 0.0)
    return out


def _attr(cell: PhenotypeCell, attr: str) -> str:
    if attr == "sex":
        return cell.sex
    if attr == "origin":
        return cell.origin
    return f"{cell.age_low}-{cell.age_high}"

"""Event batches: aligned arrays of events, drawn per family and expanded to its members.

Travel parties (families) apply, travel, cross and are apprehended together, so journeys
draw their events once per family (a ``fam`` column) and :func:`to_persons` repeats each
event for every member (a ``person`` column).
"""

from __future__ import annotations

import numpy as np

from synth.groups import GROUP_BY_KEY, PopulationGroup
from synth.population import People
from synth.vector import explode

__all__ = ["Batch", "concat", "families", "select", "to_persons"]

Batch = dict[str, np.ndarray]


def families(people: People, group: PopulationGroup) -> np.ndarray:
    """The families of population group ``group``."""
    out: np.ndarray = np.flatnonzero(people.fam_group == GROUP_BY_KEY[group].code)
    return out


def to_persons(people: People, fam_batch: Batch) -> Batch:
    """Family-level events repeated for every family member (``fam`` becomes ``person``)."""
    fam = fam_batch["fam"]
    event, rank = explode(people.fam_size[fam])
    out = {k: v[event] for k, v in fam_batch.items() if k != "fam"}
    out["person"] = people.fam_start[fam[event]] + rank
    return out


def concat(batches: list[Batch]) -> Batch:
    """The rows of every batch, in order (columns all of them have)."""
    keys = [k for k in batches[0] if all(k in b for b in batches)]
    return {k: np.concatenate([b[k] for b in batches]) for k in keys}


def select(batch: Batch, keep: np.ndarray) -> Batch:
    """The rows of ``batch`` where ``keep`` is true."""
    return {k: v[keep] for k, v in batch.items()}

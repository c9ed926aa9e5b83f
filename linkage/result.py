"""What ``link_world`` returns: the links, the clusters and typed figures about the run.

:class:`LinkResult` holds the tables the link stage wrote and its figures;
:class:`LinkSummary` holds the counts that are also stored in the world's manifest (the
``summary`` of its ``link`` stage record), ``LinkSummary.to_json()`` being exactly what is
stored there. Every figure is a field of a frozen dataclass; JSON comes from ``to_json()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from linkage._json import JsonObject, fields_json, jsonable
from linkage.biometric import BiometricSearchStats, SearchMode
from linkage.config import LinkConfig
from linkage.identity.search import PassCount
from linkage.mid import MidStats
from linkage.mid.authorities import VERIFYING_AUTHORITIES
from linkage.mid.structural import StructuralZero
from schemas.world import World

__all__ = [
    "CandidateFlow",
    "ClusterFigures",
    "LinkCounts",
    "LinkResult",
    "LinkSummary",
]


@dataclass(frozen=True)
class LinkCounts:
    """Links stored at the as-of date: in total, per colour (every colour) and per basis
    (which searches reported the match: ``"biometric+identity"``...)."""

    total: int
    by_colour: Mapping[str, int]
    by_basis: Mapping[str, int]

    def to_json(self) -> JsonObject:
        """As ``links``, ``links_by_colour`` and ``links_by_basis``."""
        return {
            "links": self.total,
            "links_by_colour": jsonable(self.by_colour),
            "links_by_basis": jsonable(self.by_basis),
        }


@dataclass(frozen=True)
class ClusterFigures:
    """Identity clusters of the stored records: how many, and the largest (records)."""

    connected: int
    one_to_one: int
    largest_connected: int
    largest_one_to_one: int


@dataclass(frozen=True)
class CandidateFlow:
    """How the searches' candidate pairs became the MID input.

    ``biometric_hits``: every sBMS candidate; ``biometric_hits_across_systems``: those
    between two systems (the MID's scope); ``hits_not_reported_by_identity_search``: of
    these, the ones the identity search did not report (their identity data are compared
    afterwards, or not, per ``LinkConfig.score_unreported_hits``); ``mid_candidate_pairs``:
    the union handed to the detector.
    """

    per_pass: tuple[PassCount, ...]
    biometric_hits: int
    biometric_hits_across_systems: int
    hits_not_reported_by_identity_search: int
    mid_candidate_pairs: int

    def to_json(self) -> JsonObject:
        """Flat, with ``candidate_pairs_per_pass`` keyed by blocking rule."""
        per_pass: JsonObject = {
            p.rule: {"pairs": p.pairs, "new_pairs": p.new_pairs} for p in self.per_pass
        }
        return {"candidate_pairs_per_pass": per_pass, **fields_json(self, skip=("per_pass",))}


@dataclass(frozen=True)
class LinkSummary:
    """The counts of a link run, as stored in the manifest's ``link`` stage record.

    ``records_stored``: records still stored at ``as_of`` (the clustered ones); ``oracle``:
    whether the verifier could learn the truth (else yellow links stay unverified);
    ``structural_zeros``: the counts the configuration makes zero by construction, with
    their reasons (:mod:`linkage.mid.structural`): not measurements, so no interval.
    """

    mode: SearchMode
    seed: int
    as_of: dt.date
    records: int
    records_stored: int
    links: LinkCounts
    mid: MidStats
    clusters: ClusterFigures
    candidates: CandidateFlow
    oracle: bool
    structural_zeros: tuple[StructuralZero, ...] = ()

    def to_json(self) -> JsonObject:
        """The manifest summary: links, MID counts, verification, clusters, candidates,
        and the structural zeros (count: reason)."""
        mid = self.mid.to_json()
        for nested in ("links_by_basis", "verification"):
            mid.pop(nested)
        skip = ("links", "mid", "clusters", "candidates", "oracle", "structural_zeros")
        return {
            **fields_json(self, skip=skip),
            **self.links.to_json(),
            "mid": mid,
            "verification": self.mid.verification.to_json(),
            "clusters": fields_json(self.clusters),
            **self.candidates.to_json(),
            "oracle": self.oracle,
            "structural_zeros": {z.count.value: z.reason for z in self.structural_zeros},
        }


@dataclass(frozen=True)
class LinkResult:
    """What ``link_world`` did: the world with its new tables, the links, the clusters,
    the verification queues and the figures.

    ``links``: :data:`linkage.mid.LINK_COLUMNS` (the ``mid_links`` table plus the evidence
    and the rule behind each colour); ``clusters``: the ``identity_clusters`` table;
    ``backlog``: per verifying authority and day, cases arriving, closed and waiting;
    ``identity``: the identity search's own figures as it reports them (JSON);
    ``timings``: seconds per step of the stage.
    """

    world: World
    config: LinkConfig
    links: pl.DataFrame
    clusters: pl.DataFrame
    backlog: pl.DataFrame
    summary: LinkSummary
    biometric: BiometricSearchStats
    identity: JsonObject
    timings: Mapping[str, float]

    def backlog_by_day(self) -> pl.DataFrame:
        """The verification queues of all authorities together, one row per day."""
        return (
            self.backlog.group_by("day")
            .agg(pl.col("arrivals", "served", "backlog").sum())
            .sort("day")
        )

    def to_json(self) -> JsonObject:
        """Every figure (what ``interopsim link`` prints): the summary, the verifying
        authorities, both searches' figures and the timings."""
        out = self.summary.to_json()
        verification = out["verification"]
        assert isinstance(verification, dict)
        verification["authorities"] = {a.key: a.name for a in VERIFYING_AUTHORITIES}
        out["biometric"] = self.biometric.to_json()
        out["identity"] = self.identity
        out["timings"] = jsonable(self.timings)
        return out

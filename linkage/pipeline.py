"""``link_world``: run the interoperability layer over a world and store its links.

Reads the world's ``identity_records`` (never its truth columns) and ``captures``, runs
the sBMS 1:N biometric search (:mod:`linkage.biometric`) and the identity-data search
(:mod:`linkage.identity`), unites their candidate pairs into the MID input, runs the
multiple-identity detector (:mod:`linkage.mid`) and writes ``mid_links`` and
``identity_clusters`` into the world (Parquet and SQL, atomically).

Modes: ``shared`` searches one gallery for all systems (the sBMS), so the MID knows for
every pair of records that both hold comparable biometric data whether they match.
``siloed`` searches each system's own gallery only, as before interoperability: the MID
then has no biometric comparison across systems (``biometric_match`` null and no
biometric data on either side as far as the MID can tell) and links on identity and
travel-document data alone.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import polars as pl

from linkage._json import JsonObject
from linkage.biometric import BiometricResult, SearchMode, search_world
from linkage.config import ConfigSource, LinkConfig
from linkage.identity import IdentityResult, IdentityStats, search_identities
from linkage.mid import (
    CANDIDATE_SCHEMA,
    Colour,
    MidResult,
    MidStats,
    Oracle,
    detect,
    identity_clusters,
)
from linkage.mid.authorities import VERIFYING_AUTHORITIES
from linkage.mid.structural import StructuralZero, structural_zeros
from linkage.result import (
    CandidateFlow,
    ClusterFigures,
    LinkCounts,
    LinkResult,
    LinkSummary,
)
from schemas.errors import WorldError
from schemas.progress import Progress
from schemas.rng import stream
from schemas.stage import run_stage
from schemas.tables import polars_schema, truth_columns
from schemas.world import World, add_tables

__all__ = ["STEPS", "LinkResult", "link_world", "read_captures", "read_records"]

log = logging.getLogger(__name__)

RECORD_COLUMNS: tuple[str, ...] = tuple(
    c for c in polars_schema("identity_records") if c not in truth_columns("identity_records")
)
"""The columns of ``identity_records`` the linkage reads (no truth column among them)."""

STAGE = "link"
STEPS = (
    "read world",
    "biometric search",
    "identity search",
    "MID input",
    "detect",
    "clusters",
    "write",
)
"""The named steps of the link stage, in order (the keys of ``LinkResult.timings``)."""
_IDENTITY_COLUMNS = (
    "record_id_a",
    "record_id_b",
    "identity_score",
    "identity_class",
    "document_match",
)


def read_records(world: World) -> pl.DataFrame:
    """``identity_records`` without its truth columns; :class:`WorldError` if absent."""
    if not world.has_table("identity_records"):
        raise WorldError(
            f"world {world.path} has no identity_records table; generate the world first"
        )
    scan = world.scan("identity_records")
    try:
        present = scan.collect_schema().names()
        missing = [c for c in RECORD_COLUMNS if c not in present]
        if missing:
            raise WorldError(f"identity_records of {world.path} lacks columns {missing}")
        return scan.select(RECORD_COLUMNS).collect()
    except (OSError, pl.exceptions.ComputeError) as exc:
        raise WorldError(f"identity_records of {world.path} cannot be read: {exc}") from exc


def read_captures(world: World) -> pl.DataFrame:
    """The ``captures`` table (empty when the world has none)."""
    if not world.has_table("captures"):
        log.warning("world %s has no captures: no biometric search", world.path)
        return pl.DataFrame(schema=polars_schema("captures"))
    try:
        return world.scan("captures").select(list(polars_schema("captures"))).collect()
    except (OSError, pl.exceptions.ComputeError) as exc:
        raise WorldError(f"captures of {world.path} cannot be read: {exc}") from exc


def _modalities(records: pl.DataFrame, captures: pl.DataFrame) -> pl.DataFrame:
    """Per record: whether it holds a usable fingerprint and face template."""
    usable = (
        captures.filter(~pl.col("failed").fill_null(True))
        .group_by("record_id")
        .agg(
            _fp=(pl.col("modality") == "fingerprint").any(),
            _face=(pl.col("modality") == "face").any(),
        )
    )
    return (
        records.select("record_id")
        .join(usable, on="record_id", how="left")
        .select(
            "record_id",
            pl.col("_fp").fill_null(False),
            pl.col("_face").fill_null(False),
        )
    )


def _unordered(frame: pl.DataFrame) -> pl.DataFrame:
    lo = pl.min_horizontal("record_id_a", "record_id_b")
    hi = pl.max_horizontal("record_id_a", "record_id_b")
    return frame.with_columns(_lo=lo, _hi=hi).drop("record_id_a", "record_id_b")


def _with_records(
    pairs: pl.DataFrame, records: pl.DataFrame, modalities: pl.DataFrame
) -> pl.DataFrame:
    """``pairs`` (``_lo``, ``_hi``) with each side's system, dates and modalities, suffixed
    ``_lo`` and ``_hi``; pairs within one system are left out (the MID would drop them)."""
    attrs = records.select("record_id", "system", "registered_on", "deleted_on").join(
        modalities, on="record_id", how="left"
    )

    def side(suffix: str) -> pl.DataFrame:
        renamed = attrs.rename({c: f"{c}{suffix}" for c in attrs.columns})
        return renamed.rename({f"record_id{suffix}": suffix})

    frame = pairs.join(side("_lo"), on="_lo").join(side("_hi"), on="_hi")
    return frame.filter(pl.col("system_lo") != pl.col("system_hi"))


def _biometric_evidence(shared: bool) -> dict[str, pl.Expr]:
    """What the MID knows of the biometrics of a pair: with the shared gallery, a pair that
    is not a hit was compared without a match when both hold a template of a common
    modality; siloed, there is no biometric comparison across systems at all."""
    if not shared:
        nothing = pl.lit(False)
        return {
            "has_biometrics_a": nothing,
            "has_biometrics_b": nothing,
            "biometric_match": pl.lit(None, dtype=pl.Boolean),
            "biometric_score": pl.lit(None, dtype=pl.Float64),
        }
    comparable = (pl.col("_fp_lo") & pl.col("_fp_hi")) | (pl.col("_face_lo") & pl.col("_face_hi"))
    return {
        "has_biometrics_a": pl.col("_fp_lo") | pl.col("_face_lo"),
        "has_biometrics_b": pl.col("_fp_hi") | pl.col("_face_hi"),
        "biometric_match": pl.when(comparable).then(pl.col("biometric_match").fill_null(False)),
        "biometric_score": pl.col("biometric_score"),
    }


def _mid_input(
    records: pl.DataFrame,
    modalities: pl.DataFrame,
    hits: pl.DataFrame,
    identity_pairs: pl.DataFrame,
    *,
    shared: bool,
) -> pl.DataFrame:
    """The MID input (:data:`linkage.mid.CANDIDATE_SCHEMA`): the union of biometric hits
    and identity/document candidates, each pair once, between two systems.

    ``hits``: record_id_a, record_id_b, biometric_score, biometric_match.
    ``identity_pairs``: record_id_a, record_id_b, identity_score, identity_class,
    document_match (scored for every pair of the union). ``modalities``: record_id,
    ``_fp``, ``_face``.
    """
    hit = _unordered(
        hits.select("record_id_a", "record_id_b", "biometric_score", "biometric_match")
    )
    idn = _unordered(identity_pairs.select(_IDENTITY_COLUMNS))
    pairs = hit.join(idn, on=["_lo", "_hi"], how="full", coalesce=True)
    evidence = _biometric_evidence(shared)
    return (
        _with_records(pairs, records, modalities)
        .select(
            record_id_a=pl.col("_lo"),
            record_id_b=pl.col("_hi"),
            system_a=pl.col("system_lo"),
            system_b=pl.col("system_hi"),
            registered_on_a=pl.col("registered_on_lo"),
            registered_on_b=pl.col("registered_on_hi"),
            has_biometrics_a=evidence["has_biometrics_a"],
            has_biometrics_b=evidence["has_biometrics_b"],
            biometric_match=evidence["biometric_match"],
            biometric_score=evidence["biometric_score"],
            identity_class=pl.col("identity_class"),
            identity_score=pl.col("identity_score"),
            document_match=pl.col("document_match"),
            deleted_on_a=pl.col("deleted_on_lo"),
            deleted_on_b=pl.col("deleted_on_hi"),
        )
        .cast(CANDIDATE_SCHEMA, strict=False)
    )


@dataclass(frozen=True)
class _Run:
    """What every step of one link run knows."""

    world: World
    config: LinkConfig
    mode: SearchMode
    seed: int
    oracle: Oracle | None
    source: ConfigSource


def link_world(
    world: World,
    config: LinkConfig | None = None,
    mode: SearchMode | str = SearchMode.SHARED,
    seed: int | None = None,
    progress: Progress | None = None,
    *,
    oracle: Oracle | None = None,
    config_source: ConfigSource | None = None,
) -> LinkResult:
    """Link ``world`` and add ``mid_links`` and ``identity_clusters`` to it.

    ``seed`` defaults to the world's seed. ``oracle`` tells the simulated verifier what
    the evidence of a yellow link would show (:mod:`linkage.mid.verification`); without
    it yellow links stay unverified. ``config_source`` says where ``config`` came from
    (recorded with the stage; default: ``given``, or ``defaults`` without a config).
    Raises :class:`WorldError` for a world without
    ``identity_records`` and :class:`ConfigError` for an unknown mode.
    """
    run_seed = world.seed if seed is None else int(seed)
    source = config_source or (ConfigSource.DEFAULTS if config is None else ConfigSource.GIVEN)
    run = _Run(world, config or LinkConfig(), SearchMode.parse(mode), run_seed, oracle, source)
    with run_stage(STAGE, progress, STEPS) as stage:
        records, captures = stage.run("read world", _read_world, world)
        biometric = stage.run(
            "biometric search", _search_biometrics, run, records, captures, stage.progress
        )
        cross_hits = _across_systems(biometric.hits, records)
        identity = stage.run(
            "identity search", _search_identities, run, records, cross_hits, stage.progress
        )
        candidates = stage.run(
            "MID input", _mid_candidates, run, records, captures, cross_hits, identity
        )
        mid = stage.run("detect", _detect, run, records, candidates)
        stored, clusters = stage.run("clusters", _clusters, run, records, mid)
        summary = _summary(run, records, stored, biometric, candidates, identity, mid, clusters)
        updated = stage.run("write", _write, run, summary, mid.links, clusters)
    return LinkResult(
        world=updated,
        config=run.config,
        links=mid.links,
        clusters=clusters,
        backlog=mid.backlog,
        summary=summary,
        biometric=biometric.stats,
        identity=identity.stats.to_json(),
        timings=dict(stage.timings),
    )


def _read_world(world: World) -> tuple[pl.DataFrame, pl.DataFrame]:
    return read_records(world), read_captures(world)


def _search_biometrics(
    run: _Run, records: pl.DataFrame, captures: pl.DataFrame, progress: Progress
) -> BiometricResult:
    return search_world(records, captures, run.config.biometric, run.mode, run.seed, progress)


def _across_systems(hits: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """The biometric hits between records of two different systems (the MID's scope)."""
    systems = records.select("record_id", "system")
    return (
        hits.join(systems.rename({"record_id": "record_id_a", "system": "_sa"}), on="record_id_a")
        .join(systems.rename({"record_id": "record_id_b", "system": "_sb"}), on="record_id_b")
        .filter(pl.col("_sa") != pl.col("_sb"))
        .drop("_sa", "_sb")
    )


def _search_identities(
    run: _Run, records: pl.DataFrame, cross_hits: pl.DataFrame, progress: Progress
) -> IdentityResult:
    """The identity search; biometric hits across systems are scored in the same prepared
    pass, so that those it does not report can still be compared (see _mid_candidates)."""
    config = run.config
    extra = (
        cross_hits.select("record_id_a", "record_id_b") if config.score_unreported_hits else None
    )
    return search_identities(records, config.identity, progress, extra_pairs=extra)


@dataclass(frozen=True)
class _Candidates:
    """The MID input and how many biometric hits the identity search had not reported."""

    frame: pl.DataFrame
    cross_hits: int
    unreported_hits: int


def _mid_candidates(
    run: _Run,
    records: pl.DataFrame,
    captures: pl.DataFrame,
    cross_hits: pl.DataFrame,
    identity: IdentityResult,
) -> _Candidates:
    """The union of the biometric hits and the identity/document candidates.

    Biometric hits the identity search did not report have their identity data compared
    with the same fitted model (``identity.extra``) when it was asked to score them.
    """
    unscored = _unordered(cross_hits.select("record_id_a", "record_id_b")).join(
        _unordered(identity.pairs.select("record_id_a", "record_id_b")),
        on=["_lo", "_hi"],
        how="anti",
    )
    parts = [identity.pairs.select(_IDENTITY_COLUMNS)]
    if unscored.height and identity.extra is not None:
        extra = (
            _unordered(identity.extra.select(_IDENTITY_COLUMNS))
            .join(unscored, on=["_lo", "_hi"], how="semi")
            .select(
                pl.col("_lo").alias("record_id_a"),
                pl.col("_hi").alias("record_id_b"),
                *_IDENTITY_COLUMNS[2:],
            )
        )
        parts.append(extra)
    frame = _mid_input(
        records,
        _modalities(records, captures),
        cross_hits,
        pl.concat(parts),
        shared=run.mode is SearchMode.SHARED,
    )
    return _Candidates(frame, cross_hits.height, unscored.height)


def _detect(run: _Run, records: pl.DataFrame, candidates: _Candidates) -> MidResult:
    """The MID over the candidates; the world's stored records set its share of the real
    verifiers, the sBMS threshold is what the verifiers read biometric scores against."""
    rng = stream(run.seed, "linkage.mid.verification")
    return detect(
        candidates.frame,
        run.config.mid,
        oracle=run.oracle,
        rng=rng,
        as_of=run.world.as_of,
        world_records=_stored(records, run.world.as_of).height,
        threshold=run.config.biometric.threshold,
    )


def _stored(records: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """The records still stored at ``as_of``."""
    return records.filter(pl.col("deleted_on").is_null() | (pl.col("deleted_on") > as_of))


def _clusters(run: _Run, records: pl.DataFrame, mid: MidResult) -> tuple[int, pl.DataFrame]:
    """The identity clusters of the records still stored at the as-of date (and their number)."""
    stored = _stored(records, run.world.as_of)
    record_ids = stored.sort("record_id")["record_id"]
    colours = run.config.mid.cluster_colours
    return record_ids.len(), identity_clusters(record_ids, mid.links, colours)


def _summary(
    run: _Run,
    records: pl.DataFrame,
    stored: int,
    biometric: BiometricResult,
    candidates: _Candidates,
    identity: IdentityResult,
    mid: MidResult,
    clusters: pl.DataFrame,
) -> LinkSummary:
    return LinkSummary(
        mode=run.mode,
        seed=run.seed,
        as_of=run.world.as_of,
        records=records.height,
        records_stored=stored,
        links=_link_counts(mid.stats),
        mid=mid.stats,
        clusters=_cluster_figures(clusters),
        candidates=_candidate_flow(biometric, candidates, identity.stats),
        oracle=run.oracle is not None,
        structural_zeros=_structural_zeros(run, mid.stats.verification.world_share),
    )


def _structural_zeros(run: _Run, world_share: float) -> tuple[StructuralZero, ...]:
    """The counts this run's configuration, mode and oracle make zero by construction."""
    verification = run.config.mid.verification
    capacity = any(verification.capacity(a.key, world_share) > 0 for a in VERIFYING_AUTHORITIES)
    return structural_zeros(
        run.config.mid,
        shared=run.mode is SearchMode.SHARED,
        oracle=run.oracle is not None,
        capacity=capacity,
    )


def _write(run: _Run, summary: LinkSummary, links: pl.DataFrame, clusters: pl.DataFrame) -> World:
    """Add mid_links and identity_clusters, with the whole link configuration and where it
    came from as the stage's parameters (the analysis lists them as assumptions) and the
    counts as its summary."""
    parameters: JsonObject = {
        "mode": run.mode.value,
        "seed": run.seed,
        "config_source": run.source.value,
        **run.config.model_dump(mode="json"),
    }
    tables = {
        "mid_links": links.select(list(polars_schema("mid_links"))),
        "identity_clusters": clusters,
    }
    return add_tables(
        run.world, tables, STAGE, seed=run.seed, parameters=parameters, summary=summary.to_json()
    )


def _link_counts(mid: MidStats) -> LinkCounts:
    by_colour = {c.value: mid.links_by_colour.get(c.value, 0) for c in Colour}
    return LinkCounts(total=mid.links, by_colour=by_colour, by_basis=mid.links_by_basis)


def _cluster_figures(clusters: pl.DataFrame) -> ClusterFigures:
    return ClusterFigures(
        connected=int(clusters["cluster_id"].n_unique()),
        one_to_one=int(clusters["cluster_id_one_to_one"].n_unique()),
        largest_connected=_largest(clusters["cluster_id"]),
        largest_one_to_one=_largest(clusters["cluster_id_one_to_one"]),
    )


def _largest(labels: pl.Series) -> int:
    if labels.len() == 0:
        return 0
    return int(labels.value_counts()["count"].max() or 0)  # type: ignore[arg-type]


def _candidate_flow(
    biometric: BiometricResult, candidates: _Candidates, identity_stats: IdentityStats
) -> CandidateFlow:
    return CandidateFlow(
        per_pass=identity_stats.passes,
        biometric_hits=biometric.hits.height,
        biometric_hits_across_systems=candidates.cross_hits,
        hits_not_reported_by_identity_search=candidates.unreported_hits,
        mid_candidate_pairs=candidates.frame.height,
    )

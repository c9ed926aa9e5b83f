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

import logging
import math
import time
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from linkage.biometric import SearchMode, search_world
from linkage.biometric.gallery import CAPTURE_COLUMNS
from linkage.config import LinkConfig
from linkage.identity import search_identities
from linkage.mid import (
    CANDIDATE_SCHEMA,
    MidResult,
    Oracle,
    colour_counts,
    detect,
    identity_clusters,
)
from schemas.errors import ConfigError, WorldError
from schemas.progress import Progress, silent
from schemas.rng import stream
from schemas.tables import polars_schema, truth_columns
from schemas.world import World, add_tables

__all__ = [
    "CAPTURE_COLUMNS",
    "RECORD_COLUMNS",
    "LinkResult",
    "link_world",
    "mid_input",
    "read_captures",
    "read_records",
]

log = logging.getLogger(__name__)

RECORD_COLUMNS: tuple[str, ...] = tuple(
    c for c in polars_schema("identity_records") if c not in truth_columns("identity_records")
)
"""The columns of ``identity_records`` the linkage reads (no truth column among them)."""


STAGE = "link"


@dataclass(frozen=True)
class LinkResult:
    """What ``link_world`` did: the links, clusters, the verification queues and figures.

    ``stats`` holds everything (including the daily backlog series under
    ``stats["verification"]["backlog_series"]``); :meth:`summary` leaves the series out.
    """

    world: World
    links: pl.DataFrame
    clusters: pl.DataFrame
    backlog: pl.DataFrame
    stats: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """The figures without the daily series: small enough to print or store."""
        out = dict(self.stats)
        verification = dict(out.get("verification", {}))
        verification.pop("backlog_series", None)
        out["verification"] = verification
        return out


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
        return pl.DataFrame(schema=polars_schema("captures")).select(CAPTURE_COLUMNS)
    try:
        return world.scan("captures").select(CAPTURE_COLUMNS).collect()
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


def mid_input(
    records: pl.DataFrame,
    modalities: pl.DataFrame,
    hits: pl.DataFrame,
    identity_pairs: pl.DataFrame,
    *,
    shared: bool,
) -> pl.DataFrame:
    """The MID input: the union of biometric hits and identity/document candidates.

    ``hits``: record_id_a, record_id_b, biometric_score, biometric_match.
    ``identity_pairs``: record_id_a, record_id_b, identity_score, identity_class,
    document_match (scored for every pair of the union). ``modalities``: record_id,
    ``_fp``, ``_face``. Pairs within one system are kept out (the MID would drop them).
    A pair that is not a hit was compared by the sBMS without a match when both records
    hold a template of a common modality (shared mode only).
    """
    hit = _unordered(
        hits.select("record_id_a", "record_id_b", "biometric_score", "biometric_match")
    )
    idn = _unordered(
        identity_pairs.select(
            "record_id_a", "record_id_b", "identity_score", "identity_class", "document_match"
        )
    )
    pairs = hit.join(idn, on=["_lo", "_hi"], how="full", coalesce=True)
    attrs = records.select("record_id", "system", "registered_on", "deleted_on").join(
        modalities, on="record_id", how="left"
    )

    def side(suffix: str, key: str) -> pl.DataFrame:
        return attrs.rename({c: f"{c}{suffix}" for c in attrs.columns}).rename(
            {f"record_id{suffix}": key}
        )

    frame = pairs.join(side("_lo", "_lo"), on="_lo").join(side("_hi", "_hi"), on="_hi")
    frame = frame.filter(pl.col("system_lo") != pl.col("system_hi"))
    comparable = (pl.col("_fp_lo") & pl.col("_fp_hi")) | (pl.col("_face_lo") & pl.col("_face_hi"))
    match: pl.Expr
    if shared:
        match = pl.when(comparable).then(pl.col("biometric_match").fill_null(False))
        has_lo = pl.col("_fp_lo") | pl.col("_face_lo")
        has_hi = pl.col("_fp_hi") | pl.col("_face_hi")
    else:
        match = pl.lit(None, dtype=pl.Boolean)
        has_lo = has_hi = pl.lit(False)
    return frame.select(
        record_id_a=pl.col("_lo"),
        record_id_b=pl.col("_hi"),
        system_a=pl.col("system_lo"),
        system_b=pl.col("system_hi"),
        registered_on_a=pl.col("registered_on_lo"),
        registered_on_b=pl.col("registered_on_hi"),
        has_biometrics_a=has_lo,
        has_biometrics_b=has_hi,
        biometric_match=match,
        biometric_score=pl.col("biometric_score") if shared else pl.lit(None, dtype=pl.Float64),
        identity_class=pl.col("identity_class"),
        identity_score=pl.col("identity_score"),
        document_match=pl.col("document_match"),
        deleted_on_a=pl.col("deleted_on_lo"),
        deleted_on_b=pl.col("deleted_on_hi"),
    ).cast(CANDIDATE_SCHEMA, strict=False)


def _series(backlog: pl.DataFrame) -> dict[str, list[Any]]:
    total = backlog.group_by("day").agg(pl.col("arrivals", "served", "backlog").sum()).sort("day")
    return {
        "day": [d.isoformat() for d in total["day"].to_list()],
        "arrivals": total["arrivals"].to_list(),
        "served": total["served"].to_list(),
        "backlog": total["backlog"].to_list(),
    }


def link_world(
    world: World,
    config: LinkConfig | None = None,
    mode: SearchMode | str = SearchMode.SHARED,
    seed: int | None = None,
    progress: Progress | None = None,
    *,
    oracle: Oracle | None = None,
) -> LinkResult:
    """Link ``world`` and add ``mid_links`` and ``identity_clusters`` to it.

    ``seed`` defaults to the world's seed. ``oracle`` tells the simulated verifier what
    the evidence of a yellow link would show (:mod:`linkage.mid.verification`); without
    it yellow links stay unverified. Raises :class:`WorldError` for a world without
    ``identity_records`` and :class:`ConfigError` for an unknown mode.
    """
    config = config or LinkConfig()
    progress = progress or silent
    try:
        search_mode = SearchMode(mode)
    except ValueError:
        known = ", ".join(m.value for m in SearchMode)
        raise ConfigError(f"unknown mode {mode!r}; known: {known}") from None
    run_seed = world.seed if seed is None else int(seed)
    timings: dict[str, float] = {}
    start = time.perf_counter()

    progress("read world", 0, 1)
    records = read_records(world)
    captures = read_captures(world)
    as_of = world.as_of
    progress("read world", 1, 1)
    timings["read"] = time.perf_counter() - start

    mark = time.perf_counter()
    biometric = search_world(records, captures, config.biometric, search_mode, run_seed, progress)
    timings["biometric_search"] = time.perf_counter() - mark

    hits = biometric.hits
    systems = records.select("record_id", "system")
    cross_hits = (
        hits.join(systems.rename({"record_id": "record_id_a", "system": "_sa"}), on="record_id_a")
        .join(systems.rename({"record_id": "record_id_b", "system": "_sb"}), on="record_id_b")
        .filter(pl.col("_sa") != pl.col("_sb"))
        .drop("_sa", "_sb")
    )

    mark = time.perf_counter()
    # Biometric hits across systems are scored in the same prepared pass as the search;
    # only those the search does not report are used below.
    identity = search_identities(
        records,
        config.identity,
        progress,
        extra_pairs=(
            cross_hits.select("record_id_a", "record_id_b")
            if config.score_unreported_hits
            else None
        ),
    )
    timings["identity_search"] = time.perf_counter() - mark

    mark = time.perf_counter()
    progress("MID", 0, 3)
    modalities = _modalities(records, captures)
    unscored = _unordered(cross_hits.select("record_id_a", "record_id_b")).join(
        _unordered(identity.pairs.select("record_id_a", "record_id_b")),
        on=["_lo", "_hi"],
        how="anti",
    )
    columns = ("record_id_a", "record_id_b", "identity_score", "identity_class", "document_match")
    parts = [identity.pairs.select(columns)]
    if unscored.height and identity.extra is not None:
        # Biometric hits the identity search did not report: their identity data are
        # compared with the same fitted model.
        extra = (
            _unordered(identity.extra.select(columns))
            .join(unscored, on=["_lo", "_hi"], how="semi")
            .select(
                pl.col("_lo").alias("record_id_a"), pl.col("_hi").alias("record_id_b"), *columns[2:]
            )
        )
        parts.append(extra)
    identity_pairs = pl.concat(parts)
    candidates = mid_input(
        records, modalities, cross_hits, identity_pairs, shared=search_mode is SearchMode.SHARED
    )
    progress("MID", 1, 3)
    mid: MidResult = detect(
        candidates,
        config.mid,
        oracle=oracle,
        rng=stream(run_seed, "linkage.mid.verification"),
        as_of=as_of,
    )
    progress("MID", 2, 3)
    stored = records.filter(pl.col("deleted_on").is_null() | (pl.col("deleted_on") > as_of)).sort(
        "record_id"
    )["record_id"]
    clusters = identity_clusters(stored, mid.links, config.mid.cluster_colours)
    progress("MID", 3, 3)
    timings["mid"] = time.perf_counter() - mark

    mid_stats = dict(mid.stats)
    verification = dict(mid_stats.pop("verification"))
    verification["backlog_series"] = _series(mid.backlog)
    stats: dict[str, Any] = {
        "mode": search_mode.value,
        "seed": run_seed,
        "as_of": as_of.isoformat(),
        "records": records.height,
        "records_stored": stored.len(),
        "links": mid.links.height,
        "links_by_colour": colour_counts(mid.links),
        "links_by_basis": mid_stats.pop("links_by_basis"),
        "mid": mid_stats,
        "verification": verification,
        "clusters": {
            "connected": int(clusters["cluster_id"].n_unique()),
            "one_to_one": int(clusters["cluster_id_one_to_one"].n_unique()),
            "largest_connected": _largest(clusters["cluster_id"]),
            "largest_one_to_one": _largest(clusters["cluster_id_one_to_one"]),
        },
        "biometric": _jsonable(biometric.stats),
        "identity": _jsonable(identity.stats.to_json()),
        "candidate_pairs_per_pass": _per_pass(identity.stats.to_json()),
        "biometric_hits": hits.height,
        "biometric_hits_across_systems": cross_hits.height,
        "hits_not_reported_by_identity_search": unscored.height,
        "mid_candidate_pairs": candidates.height,
        "oracle": oracle is not None,
    }

    mark = time.perf_counter()
    progress("write", 0, 1)
    model = list(polars_schema("mid_links"))
    tables = {"mid_links": mid.links.select(model), "identity_clusters": clusters}
    info = {k: v for k, v in stats.items() if k not in ("verification", "biometric", "identity")}
    # The parameters behind the links, so that the analysis can list them as assumptions.
    info["config"] = {
        "mode": search_mode.value,
        "seed": run_seed,
        "biometric": config.biometric.model_dump(mode="json"),
        "mid": config.mid.model_dump(mode="json"),
    }
    info["verification"] = {
        k: v for k, v in verification.items() if k not in ("backlog_series", "authorities")
    }
    parameters = info.pop("config")
    updated = add_tables(
        world, tables, STAGE, seed=run_seed, parameters=parameters, summary=_jsonable(info)
    )
    progress("write", 1, 1)
    timings["write"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - start
    stats["timings"] = timings
    return LinkResult(
        world=updated, links=mid.links, clusters=clusters, backlog=mid.backlog, stats=stats
    )


def _per_pass(identity_stats: dict[str, Any]) -> dict[str, Any]:
    """Candidate pairs of each blocking pass, counted before comparison, and new ones."""
    out: dict[str, Any] = {}
    for row in identity_stats.get("passes", []):
        if isinstance(row, dict) and "rule" in row:
            out[str(row["rule"])] = {
                "pairs": _jsonable(row.get("pairs")),
                "new_pairs": _jsonable(row.get("new_pairs")),
            }
    return out


def _largest(labels: pl.Series) -> int:
    if labels.len() == 0:
        return 0
    return int(labels.value_counts()["count"].max() or 0)  # type: ignore[arg-type]


def _jsonable(value: Any) -> Any:
    """``value`` with numpy scalars, infinities and other non-JSON leaves made plain."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, bool | int | float | str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no infinities
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)

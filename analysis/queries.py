"""A simulated query workload: what real queries would return, and about whom.

Each :class:`QueryKind` is one authority acting for one purpose on a kind of subject
(registered or never-registered people). For a sample of subjects and each regime, a
query runs as IO Art. 20 describes a police identity check (domain.md §2.6 [1c]):

1. a biometric query with data taken live: it finds every stored record of the subject
   with biometrics in the systems the authority reaches (biometric misses are ignored,
   an assumption), plus false biometric candidates: a Poisson number with mean
   ``FMR * N`` (``FMR`` from :mod:`analysis.scaling`, ``N`` the biometric records in
   reach), drawn uniformly among them;
2. if the biometric query found nothing, an identity-data query with the name and
   birth date the subject presents (their true identity): every stored record in reach
   with the same normalised name + birth date key answers;
3. MID links the authority sees in that regime add the records at their other end
   (one hop, as in :mod:`analysis.creep`).

An answer returns *data collected for another purpose* when a returned record's
system was collected for a family outside the purpose's own (``schemas.access``), and
is *about the wrong person* when a returned record belongs to someone else, through a
false biometric candidate, an identity collision or a false link. The creep of each
figure is ``interoperable - siloed``. Query counts are parameters whose defaults are
assumptions of this project (``analysis.config``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from analysis.config import AnalysisConfig
from analysis.creep import stored_links
from analysis.figures import Figure, count_figure, per_million, rate_figure, size_figure
from analysis.truth import WorldData, identity_key
from schemas.access import AccessModel, AuthorityKey, PurposeKey, Regime
from schemas.rng import stream

__all__ = ["QUERY_KINDS", "QueryKind", "query_metrics"]


@dataclass(frozen=True)
class QueryKind:
    """A kind of query of the simulated workload."""

    key: str
    authority: AuthorityKey
    purpose: PurposeKey
    subjects: str  # "registered" or "unregistered"
    count_parameter: str  # field of AnalysisConfig holding the number of queries
    description: str
    source: str


QUERY_KINDS: tuple[QueryKind, ...] = (
    QueryKind(
        "identity_check_registered",
        AuthorityKey.POLICE_IDENTITY_CHECK,
        PurposeKey.IDENTITY_CHECK,
        "registered",
        "identity_checks_registered",
        "Police identity check of a person registered in at least one system",
        "domain.md §2.6 [1c] IO Art. 20 (V)",
    ),
    QueryKind(
        "identity_check_unregistered",
        AuthorityKey.POLICE_IDENTITY_CHECK,
        PurposeKey.IDENTITY_CHECK,
        "unregistered",
        "identity_checks_unregistered",
        "Police identity check of a person never registered in any system",
        "domain.md §2.6 [1c] IO Art. 20 (V)",
    ),
    QueryKind(
        "law_enforcement",
        AuthorityKey.LAW_ENFORCEMENT,
        PurposeKey.SERIOUS_CRIME,
        "registered",
        "law_enforcement_queries",
        "Designated law-enforcement query about a registered person (serious crime)",
        "domain.md §2.7 [2h] IO Art. 22 (V)",
    ),
)

_CAUSES = ("false_biometric", "identity_collision", "false_link")


def _subjects(data: WorldData, kind: QueryKind, n: int, seed: int) -> pl.DataFrame:
    persons = data.persons
    pool = (
        persons.filter(pl.col("n_stored") > 0)
        if kind.subjects == "registered"
        else persons.filter(pl.col("n_records") == 0)
    ).select("person_id", "surname_latin", "given_names_latin", "birth_date")
    take = min(n, pool.height)
    rng = stream(seed, f"analysis.queries.{kind.key}.subjects")
    chosen = (
        np.sort(rng.choice(pool.height, size=take, replace=False))
        if take
        else np.array([], dtype=np.int64)
    )
    picked: pl.DataFrame = pool[chosen.tolist()]
    return picked.select(
        "person_id",
        identity_key(
            pl.col("surname_latin"), pl.col("given_names_latin"), pl.col("birth_date")
        ).alias("key"),
        pl.int_range(pl.len(), dtype=pl.Int64).alias("query_id"),
    )


def _run(
    data: WorldData,
    stored: pl.DataFrame,
    both_ways: pl.DataFrame,
    subjects: pl.DataFrame,
    model: AccessModel,
    kind: QueryKind,
    regime: Regime,
    fmr: float,
    seed: int,
) -> pl.DataFrame:
    """One row per (query, returned record) with ``cause`` and the record's owner."""
    systems = sorted(
        {r.system.value for r in model.rules_for(kind.authority, kind.purpose, regime)}
    )
    reach = stored.filter(pl.col("system").is_in(systems))
    bio = reach.filter(pl.col("has_bio"))
    own_bio = subjects.join(bio.select("person_id", "idx"), on="person_id").select(
        "query_id", "idx", pl.lit("own_biometric").alias("cause")
    )
    # Same stream in both regimes: equal access gives equal draws (creep exactly 0).
    rng = stream(seed, f"analysis.queries.{kind.key}.false_biometric")
    k = (
        rng.poisson(fmr * bio.height, size=subjects.height)
        if bio.height
        else np.zeros(subjects.height, dtype=np.int64)
    )
    total = int(k.sum())
    picks = rng.integers(0, bio.height, size=total) if total else np.array([], dtype=np.int64)
    false_bio = pl.DataFrame(
        {
            "query_id": np.repeat(subjects["query_id"].to_numpy(), k),
            "idx": bio["idx"].to_numpy()[picks] if total else np.array([], dtype=np.uint32),
        },
        schema={"query_id": pl.Int64, "idx": pl.UInt32},
    ).with_columns(pl.lit("false_biometric").alias("cause"))
    hit = pl.concat([own_bio, false_bio])["query_id"].unique()
    fallback = subjects.filter(
        ~pl.col("query_id").is_in(hit.implode()) & pl.col("key").is_not_null()
    )
    by_identity = fallback.join(
        reach.filter(pl.col("key").is_not_null()).select("key", "idx"), on="key"
    ).select("query_id", "idx", pl.lit("identity").alias("cause"))
    hits = pl.concat([own_bio, false_bio, by_identity])
    colours, _channel = model.visible_links(kind.authority, kind.purpose, regime)
    parts = [hits]
    if colours:
        vis = both_ways.filter(pl.col("colour").is_in(sorted(colours)))
        linked = hits.join(vis.select("origin", "target"), left_on="idx", right_on="origin").select(
            "query_id", pl.col("target").alias("idx"), pl.lit("link").alias("cause")
        )
        parts.append(linked)
    answers = pl.concat(parts)
    return answers.join(
        stored.select("idx", pl.col("person_id").alias("owner"), "collected_for"), on="idx"
    ).join(subjects.select("query_id", "person_id"), on="query_id")


def _figures(answers: pl.DataFrame, n: int, own_data: list[str], level: float) -> dict[str, Any]:
    a = answers.with_columns(
        (pl.col("owner") != pl.col("person_id")).alias("wrong"),
        ~pl.col("collected_for").is_in(own_data).alias("cross"),
    )
    per_q = a.group_by("query_id").agg(
        pl.col("cross").any().alias("cross"),
        pl.col("wrong").any().alias("wrong"),
        (pl.col("wrong") & pl.col("cross")).any().alias("wrong_cross"),
        (pl.col("wrong") & (pl.col("cause") == "false_biometric")).any().alias("false_biometric"),
        (pl.col("wrong") & (pl.col("cause") == "identity")).any().alias("identity_collision"),
        (pl.col("wrong") & (pl.col("cause") == "link")).any().alias("false_link"),
    )

    def share(col: str | None) -> Figure:
        k = per_q.height if col is None else int(per_q[col].sum())
        return rate_figure(k, n, level, unit="share of queries")

    records = a.unique(["query_id", "idx"])
    out: dict[str, Any] = {
        "queries": size_figure(n, "queries").to_json(),
        "answered": share(None).to_json(),
        "cross_purpose": share("cross").to_json(),
        "wrong_person": share("wrong").to_json(),
        "wrong_person_cross_purpose": share("wrong_cross").to_json(),
        "wrong_person_by_cause": {c: share(c).to_json() for c in _CAUSES},
        "cross_purpose_per_million_queries": per_million(
            int(per_q["cross"].sum()), n, "answers per million queries", level
        ).to_json(),
        "wrong_person_per_million_queries": per_million(
            int(per_q["wrong"].sum()), n, "answers per million queries", level
        ).to_json(),
        "records_returned": count_figure(records.height, "records", level).to_json(),
        "cross_purpose_records_returned": count_figure(
            int(records["cross"].sum()), "records", level
        ).to_json(),
        "wrong_person_records_returned": count_figure(
            int(records["wrong"].sum()), "records", level
        ).to_json(),
        "by_collected_for": {
            fam: rate_figure(
                records.filter(pl.col("collected_for") == fam)["query_id"].n_unique(),
                n,
                level,
                unit="share of queries",
            ).to_json()
            for fam in sorted(records["collected_for"].unique().to_list())
        },
    }
    return out


def query_metrics(
    data: WorldData, config: AnalysisConfig, fmr: float | None, seed: int
) -> dict[str, Any]:
    """Simulate the query workload of :data:`QUERY_KINDS` in both regimes."""
    model = config.access_model
    stored = data.records.filter(pl.col("stored")).select(
        "idx", "person_id", "system", "collected_for", "has_bio", "key"
    )
    both_ways = stored_links(data)
    out: dict[str, Any] = {
        "fmr_used": Figure(
            fmr, None, None, None, "estimate", "false matches per comparison"
        ).to_json(),
        "kinds": {},
    }
    for kind in QUERY_KINDS:
        n_wanted = int(getattr(config, kind.count_parameter))
        subjects = _subjects(data, kind, n_wanted, seed)
        own = sorted(model.purpose(kind.purpose).own_data)
        regimes = {}
        for regime in Regime:
            answers = _run(data, stored, both_ways, subjects, model, kind, regime, fmr or 0.0, seed)
            regimes[regime.value] = _figures(answers, subjects.height, own, config.level)
        creep: dict[str, Any] = {}
        for key in ("answered", "cross_purpose", "wrong_person", "wrong_person_cross_purpose"):
            s, i = regimes["siloed"][key], regimes["interoperable"][key]
            diff = None if s["value"] is None or i["value"] is None else i["value"] - s["value"]
            creep[key] = Figure(
                diff, None, None, subjects.height, "difference", "difference of shares of queries"
            ).to_json()
        out["kinds"][kind.key] = {
            "description": kind.description,
            "authority": kind.authority.value,
            "purpose": kind.purpose.value,
            "source": kind.source,
            "requested": n_wanted,
            "note": None
            if subjects.height == n_wanted
            else f"only {subjects.height} eligible subjects in the world",
            "regimes": regimes,
            "creep": creep,
        }
    return out

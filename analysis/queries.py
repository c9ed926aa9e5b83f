"""A simulated query workload: what real queries would return, and about whom.

Each :class:`QueryKind` is one authority acting for one purpose on a kind of subject
(registered or never-registered people). For a sample of subjects and each regime, a
query runs as IO Art. 20 describes a police identity check [@eu-2019-818]:

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

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from analysis._tree import Node
from analysis.config import AnalysisConfig
from analysis.creep import stored_links
from analysis.estimate import Estimate, Method, clean_number
from analysis.truth import WorldData, identity_key
from schemas.access import AccessModel, AuthorityKey, PurposeKey, Regime
from schemas.rng import stream

__all__ = [
    "QUERY_KINDS",
    "Queries",
    "QueryCreep",
    "QueryFigures",
    "QueryKind",
    "QueryKindFigures",
    "query_figures",
]


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
        "IO Art. 20 [@eu-2019-818] (V)",
    ),
    QueryKind(
        "identity_check_unregistered",
        AuthorityKey.POLICE_IDENTITY_CHECK,
        PurposeKey.IDENTITY_CHECK,
        "unregistered",
        "identity_checks_unregistered",
        "Police identity check of a person never registered in any system",
        "IO Art. 20 [@eu-2019-818] (V)",
    ),
    QueryKind(
        "law_enforcement",
        AuthorityKey.LAW_ENFORCEMENT,
        PurposeKey.SERIOUS_CRIME,
        "registered",
        "law_enforcement_queries",
        "Designated law-enforcement query about a registered person (serious crime)",
        "IO Art. 22 [@eu-2019-817] (V)",
    ),
)

_CAUSES = ("false_biometric", "identity_collision", "false_link")
_SHARE = "share of queries"


@dataclass(frozen=True, kw_only=True)
class QueryFigures(Node):
    """What the queries of one kind returned in one regime."""

    queries: Estimate
    answered: Estimate
    cross_purpose: Estimate
    wrong_person: Estimate
    wrong_person_cross_purpose: Estimate
    wrong_person_by_cause: Mapping[str, Estimate]
    cross_purpose_per_million_queries: Estimate
    wrong_person_per_million_queries: Estimate
    records_returned: Estimate
    cross_purpose_records_returned: Estimate
    wrong_person_records_returned: Estimate
    by_collected_for: Mapping[str, Estimate]


@dataclass(frozen=True, kw_only=True)
class QueryCreep(Node):
    """Interoperable minus siloed shares of queries."""

    answered: Estimate
    cross_purpose: Estimate
    wrong_person: Estimate
    wrong_person_cross_purpose: Estimate


@dataclass(frozen=True, kw_only=True)
class QueryKindFigures(Node):
    """One kind of query in both regimes (``regimes`` keyed by regime value)."""

    description: str
    authority: str
    purpose: str
    source: str
    requested: int
    note: str | None
    regimes: Mapping[str, QueryFigures]
    creep: QueryCreep


@dataclass(frozen=True, kw_only=True)
class Queries(Node):
    """The simulated query workload and the FMR its false candidates were drawn with."""

    fmr_used: Estimate
    kinds: Mapping[str, QueryKindFigures]


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


def _systems_reached(model: AccessModel, kind: QueryKind, regime: Regime) -> list[str]:
    return sorted({r.system.value for r in model.rules_for(kind.authority, kind.purpose, regime)})


def _false_biometric(
    bio: pl.DataFrame, subjects: pl.DataFrame, kind: QueryKind, fmr: float, seed: int
) -> pl.DataFrame:
    """False biometric candidates: a Poisson number with mean ``FMR * N`` per query."""
    # Same stream in both regimes: equal access gives equal draws (creep exactly 0).
    rng = stream(seed, f"analysis.queries.{kind.key}.false_biometric")
    k = (
        rng.poisson(fmr * bio.height, size=subjects.height)
        if bio.height
        else np.zeros(subjects.height, dtype=np.int64)
    )
    total = int(k.sum())
    picks = rng.integers(0, bio.height, size=total) if total else np.array([], dtype=np.int64)
    return pl.DataFrame(
        {
            "query_id": np.repeat(subjects["query_id"].to_numpy(), k),
            "idx": bio["idx"].to_numpy()[picks] if total else np.array([], dtype=np.uint32),
        },
        schema={"query_id": pl.Int64, "idx": pl.UInt32},
    ).with_columns(pl.lit("false_biometric").alias("cause"))


def _direct_hits(
    reach: pl.DataFrame, subjects: pl.DataFrame, kind: QueryKind, fmr: float, seed: int
) -> pl.DataFrame:
    """The biometric query, then the identity-data query for subjects it found nothing for."""
    bio = reach.filter(pl.col("has_bio"))
    own_bio = subjects.join(bio.select("person_id", "idx"), on="person_id").select(
        "query_id", "idx", pl.lit("own_biometric").alias("cause")
    )
    false_bio = _false_biometric(bio, subjects, kind, fmr, seed)
    hit = pl.concat([own_bio, false_bio])["query_id"].unique()
    fallback = subjects.filter(
        ~pl.col("query_id").is_in(hit.implode()) & pl.col("key").is_not_null()
    )
    by_identity = fallback.join(
        reach.filter(pl.col("key").is_not_null()).select("key", "idx"), on="key"
    ).select("query_id", "idx", pl.lit("identity").alias("cause"))
    return pl.concat([own_bio, false_bio, by_identity])


def _run(
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
    reach = stored.filter(pl.col("system").is_in(_systems_reached(model, kind, regime)))
    hits = _direct_hits(reach, subjects, kind, fmr, seed)
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


def _figures(answers: pl.DataFrame, n: int, own_data: list[str], level: float) -> QueryFigures:
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

    def share(col: str | None) -> Estimate:
        k = per_q.height if col is None else int(per_q[col].sum())
        return Estimate.rate(k, n, level, unit=_SHARE)

    records = a.unique(["query_id", "idx"])
    return QueryFigures(
        queries=Estimate.size(n, "queries"),
        answered=share(None),
        cross_purpose=share("cross"),
        wrong_person=share("wrong"),
        wrong_person_cross_purpose=share("wrong_cross"),
        wrong_person_by_cause={c: share(c) for c in _CAUSES},
        cross_purpose_per_million_queries=Estimate.per_million(
            int(per_q["cross"].sum()), n, "answers per million queries", level
        ),
        wrong_person_per_million_queries=Estimate.per_million(
            int(per_q["wrong"].sum()), n, "answers per million queries", level
        ),
        records_returned=Estimate.events(records.height, "records", level),
        cross_purpose_records_returned=Estimate.events(
            int(records["cross"].sum()), "records", level
        ),
        wrong_person_records_returned=Estimate.events(
            int(records["wrong"].sum()), "records", level
        ),
        by_collected_for={
            fam: Estimate.rate(
                records.filter(pl.col("collected_for") == fam)["query_id"].n_unique(),
                n,
                level,
                unit=_SHARE,
            )
            for fam in sorted(records["collected_for"].unique().to_list())
        },
    )


def _creep(siloed: QueryFigures, inter: QueryFigures, n: int, structural: bool) -> QueryCreep:
    def diff(s: Estimate, i: Estimate) -> Estimate:
        # the difference of the shares as metrics.json shows them
        a, b = clean_number(s.value), clean_number(i.value)
        value = None if a is None or b is None else b - a
        return Estimate(
            value,
            None,
            None,
            n,
            Method.DIFFERENCE,
            "difference of shares of queries",
            structural=structural,
        )

    return QueryCreep(
        answered=diff(siloed.answered, inter.answered),
        cross_purpose=diff(siloed.cross_purpose, inter.cross_purpose),
        wrong_person=diff(siloed.wrong_person, inter.wrong_person),
        wrong_person_cross_purpose=diff(
            siloed.wrong_person_cross_purpose, inter.wrong_person_cross_purpose
        ),
    )


def _same_access(model: AccessModel, kind: QueryKind) -> bool:
    """Both regimes reach the same systems and see the same links: equal answers."""
    regimes = (Regime.SILOED, Regime.INTEROPERABLE)
    systems = {tuple(_systems_reached(model, kind, r)) for r in regimes}
    links = {model.visible_links(kind.authority, kind.purpose, r) for r in regimes}
    return len(systems) == 1 and len(links) == 1


def _kind_figures(
    data: WorldData,
    stored: pl.DataFrame,
    both_ways: pl.DataFrame,
    config: AnalysisConfig,
    kind: QueryKind,
    fmr: float | None,
    seed: int,
) -> QueryKindFigures:
    model = config.access_model
    n_wanted = int(getattr(config, kind.count_parameter))
    subjects = _subjects(data, kind, n_wanted, seed)
    own = sorted(model.purpose(kind.purpose).own_data)
    regimes = {
        regime.value: _figures(
            _run(stored, both_ways, subjects, model, kind, regime, fmr or 0.0, seed),
            subjects.height,
            own,
            config.level,
        )
        for regime in Regime
    }
    return QueryKindFigures(
        description=kind.description,
        authority=kind.authority.value,
        purpose=kind.purpose.value,
        source=kind.source,
        requested=n_wanted,
        note=None
        if subjects.height == n_wanted
        else f"only {subjects.height} eligible subjects in the world",
        regimes=regimes,
        creep=_creep(
            regimes[Regime.SILOED.value],
            regimes[Regime.INTEROPERABLE.value],
            subjects.height,
            _same_access(model, kind),
        ),
    )


def query_figures(data: WorldData, config: AnalysisConfig, fmr: float | None, seed: int) -> Queries:
    """Simulate the query workload of :data:`QUERY_KINDS` in both regimes."""
    stored = data.records.filter(pl.col("stored")).select(
        "idx", "person_id", "system", "collected_for", "has_bio", "key"
    )
    both_ways = stored_links(data)
    return Queries(
        fmr_used=Estimate(fmr, None, None, None, Method.ESTIMATE, "false matches per comparison"),
        kinds={
            kind.key: _kind_figures(data, stored, both_ways, config, kind, fmr, seed)
            for kind in QUERY_KINDS
        },
    )

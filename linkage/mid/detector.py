"""The multiple-identity detector: from candidate pairs to coloured, verified links.

Input is the union of the candidate pairs the searches produced (the "MID input" of the
linkage contract): record_id_a, record_id_b, system_a, system_b, registered_on_a,
registered_on_b, has_biometrics_a, has_biometrics_b, biometric_match (null when no
biometric comparison was possible), biometric_score, identity_class, identity_score,
document_match; optionally deleted_on_a and deleted_on_b (retention deletions).

What the detector does (IO Arts. 27-29 [@eu-2019-817; @eu-2019-818]):

1. A new record is compared only with records of *other* systems (IO Art. 27(5)):
   pairs within one system are dropped. Each pair is oriented so that ``record_id_a``
   is the newer record (the one whose creation triggered the detection) and
   ``record_id_b`` the earlier one, in the enrolment order of the sBMS gallery
   (``registered_on``, then ``record_id``: on the same day the larger record_id is the
   newer); a pair that several searches found becomes one candidate.
2. A pair whose earlier record was already deleted when the newer one was created was
   never compared and is dropped.
3. A link is created only for a *match*: the sBMS reported the same biometric data, or
   the identity data are the same or similar, or the travel documents are the same
   (Art. 28). Its colour is set by the automatic rules of :mod:`linkage.mid.rules`.
4. Yellow links are verified by :func:`linkage.mid.verification.resolve_yellow`.
5. Links of which one record has been deleted at the as-of date are removed: links
   are kept only while the linked data are stored in two or more systems (Art. 36).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from linkage._json import JsonObject, fields_json
from linkage.mid.config import MidConfig
from linkage.mid.rules import (
    RULE_BY_KEY,
    IdentityClass,
    Uncovered,
    apply_rules,
    automatic_rules,
    biometric_state,
)
from linkage.mid.verification import Oracle, VerificationFigures, resolve_yellow

__all__ = ["CANDIDATE_SCHEMA", "LINK_COLUMNS", "CandidateCounts", "MidResult", "MidStats", "detect"]

log = logging.getLogger(__name__)

CANDIDATE_SCHEMA = pl.Schema(
    {
        "record_id_a": pl.String(),
        "record_id_b": pl.String(),
        "system_a": pl.String(),
        "system_b": pl.String(),
        "registered_on_a": pl.Date(),
        "registered_on_b": pl.Date(),
        "has_biometrics_a": pl.Boolean(),
        "has_biometrics_b": pl.Boolean(),
        "biometric_match": pl.Boolean(),
        "biometric_score": pl.Float64(),
        "identity_class": pl.String(),
        "identity_score": pl.Float64(),
        "document_match": pl.Boolean(),
    }
)
"""The MID input (optional extra columns: deleted_on_a, deleted_on_b as Date)."""

LINK_COLUMNS: tuple[str, ...] = (
    "link_id",
    "record_id_a",
    "record_id_b",
    "basis",
    "biometric_score",
    "identity_score",
    "identity_class",
    "document_match",
    "colour",
    "verified",
    "created_on",
    "verified_on",
    # beyond the mid_links model: the evidence and the reasons
    "system_a",
    "system_b",
    "biometric_state",
    "created_rule",
    "rule",
    "rule_article",
    "rule_foreseen",
    "verifying_authority",
    "conclusion",
    "deleted_on_a",
    "deleted_on_b",
)
"""Columns of :attr:`MidResult.links` (the first twelve are the ``mid_links`` model)."""

_CLASS_RANK = {c.value: i for i, c in enumerate(IdentityClass)}
_RANK_CLASS = {i: c for c, i in _CLASS_RANK.items()}
_PAIRED = ("record_id", "system", "registered_on", "has_biometrics", "deleted_on")


@dataclass(frozen=True)
class CandidateCounts:
    """What preparing the MID input kept and dropped."""

    candidates: int
    same_system_dropped: int
    unique_pairs: int
    identity_class_missing: int
    earlier_record_already_deleted: int


@dataclass(frozen=True)
class MidStats:
    """Figures of one detector run: input, links created, retained and verified.

    Counts by key (colour, basis, ``"article|colour"`` of the rule, ``"system_a|system_b"``)
    list only the keys present, sorted.
    """

    prepared: CandidateCounts
    no_match: int
    uncovered_no_link: int
    links_created: int
    links_created_by_colour: Mapping[str, int]
    removed_by_retention: int
    removed_by_retention_by_colour: Mapping[str, int]
    links: int
    links_by_colour: Mapping[str, int]
    links_by_basis: Mapping[str, int]
    links_by_rule: Mapping[str, int]
    links_by_system_pair: Mapping[str, int]
    links_not_foreseen_by_law: int
    uncovered_policy: Uncovered
    verification: VerificationFigures

    def to_json(self) -> JsonObject:
        """Flat JSON: the input counts appear next to the link counts."""
        return {**fields_json(self.prepared), **fields_json(self, skip=("prepared",))}


@dataclass(frozen=True)
class MidResult:
    """Links after colouring, verification and retention, the queue series, figures."""

    links: pl.DataFrame
    backlog: pl.DataFrame
    stats: MidStats


def _swap(columns: list[str]) -> list[pl.Expr]:
    swap = (pl.col("registered_on_a") < pl.col("registered_on_b")) | (
        (pl.col("registered_on_a") == pl.col("registered_on_b"))
        & (pl.col("record_id_a") < pl.col("record_id_b"))
    )
    exprs = []
    for stem in _PAIRED:
        a, b = f"{stem}_a", f"{stem}_b"
        if a in columns:
            exprs.append(pl.when(swap).then(pl.col(b)).otherwise(pl.col(a)).alias(a))
            exprs.append(pl.when(swap).then(pl.col(a)).otherwise(pl.col(b)).alias(b))
    return exprs


def _typed(candidates: pl.DataFrame) -> pl.DataFrame:
    """The candidates cast to :data:`CANDIDATE_SCHEMA` (plus the deletion dates)."""
    missing = [c for c in CANDIDATE_SCHEMA if c not in candidates.columns]
    if missing:
        raise ValueError(f"MID candidates lack columns {missing}")
    extra = [c for c in ("deleted_on_a", "deleted_on_b") if c in candidates.columns]
    frame = candidates.select(
        [pl.col(c).cast(t) for c, t in CANDIDATE_SCHEMA.items()]
        + [pl.col(c).cast(pl.Date) for c in extra]
    )
    if not extra:
        frame = frame.with_columns(
            deleted_on_a=pl.lit(None, dtype=pl.Date), deleted_on_b=pl.lit(None, dtype=pl.Date)
        )
    allowed = [c.value for c in IdentityClass]
    bad = frame.filter(
        pl.col("identity_class").is_not_null() & ~pl.col("identity_class").is_in(allowed)
    )
    if bad.height:
        raise ValueError(
            f"identity_class must be one of {allowed}; got {bad['identity_class'].unique()[:3]}"
        )
    return frame


def _merge_pairs(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per oriented pair: the evidence of every search that reported it."""
    return (
        frame.group_by("record_id_a", "record_id_b")
        .agg(
            *(pl.col(c).first() for c in frame.columns if c.endswith(("_a", "_b"))
              and c not in ("record_id_a", "record_id_b")),
            # Several searches may report one pair: a match from any of them counts.
            pl.col("biometric_match").drop_nulls().max(),
            pl.col("biometric_score").max(),
            # The closest identity class any search reported (order-independent).
            pl.col("identity_class")
            .replace_strict(_CLASS_RANK, default=None, return_dtype=pl.Int8)
            .min()
            .replace_strict(_RANK_CLASS, default=None, return_dtype=pl.String)
            .alias("identity_class"),
            pl.col("identity_score").max(),
            pl.col("document_match").drop_nulls().max(),
        )
        .sort("record_id_a", "record_id_b")
    )  # fmt: skip


def _prepare_candidates(candidates: pl.DataFrame) -> tuple[pl.DataFrame, CandidateCounts]:
    """Check, orient and merge candidate pairs; drop pairs within one system.

    Returns the prepared frame (one row per unordered pair, newer record as ``a``) and
    counts of what was dropped or filled in.
    """
    frame = _typed(candidates)
    same_system = frame["system_a"] == frame["system_b"]
    merged = _merge_pairs(frame.filter(~same_system).with_columns(_swap(frame.columns)))
    missing_class = int(merged["identity_class"].null_count())
    merged = merged.with_columns(
        identity_class=pl.col("identity_class").fill_null(IdentityClass.DIFFERENT.value),
        document_match=pl.col("document_match").fill_null(False),
    )
    never_compared = pl.col("deleted_on_b").is_not_null() & (
        pl.col("deleted_on_b") <= pl.col("registered_on_a")
    )
    counts = CandidateCounts(
        candidates=frame.height,
        same_system_dropped=int(same_system.sum()),
        unique_pairs=merged.height,
        identity_class_missing=missing_class,
        earlier_record_already_deleted=int(merged.select(never_compared.sum()).item()),
    )
    return merged.filter(~never_compared), counts


def _basis(frame: pl.DataFrame) -> pl.Series:
    """Which searches reported the match: 'biometric', 'identity', 'document', joined by '+'."""
    parts = [
        pl.when(pl.col("biometric_match").fill_null(False)).then(pl.lit("biometric")),
        pl.when(pl.col("identity_class").is_in(["same", "similar"])).then(pl.lit("identity")),
        pl.when(pl.col("document_match")).then(pl.lit("document")),
    ]
    return frame.select(pl.concat_str(parts, separator="+", ignore_nulls=True).alias("basis"))[
        "basis"
    ]


def _rule_columns(rule: pl.Expr) -> list[pl.Expr]:
    return [
        rule.replace_strict({k: r.article for k, r in RULE_BY_KEY.items()}).alias("rule_article"),
        rule.replace_strict({k: r.foreseen for k, r in RULE_BY_KEY.items()}).alias("rule_foreseen"),
    ]


def _counts(frame: pl.DataFrame, *keys: str) -> dict[str, int]:
    if frame.height == 0:
        return {}
    grouped = frame.group_by(*keys).len().sort(*keys)
    return {"|".join(str(v) for v in row[:-1]): int(row[-1]) for row in grouped.iter_rows()}


def _create_links(frame: pl.DataFrame, uncovered: Uncovered) -> tuple[pl.DataFrame, int, int]:
    """Links for the matches (Art. 28), coloured by the automatic rules, numbered in
    creation order; and how many pairs were no match or matched no rule."""
    frame = frame.with_columns(biometric_state=biometric_state(pl.col("biometric_match")))
    is_match = (
        pl.col("biometric_match").fill_null(False)
        | pl.col("identity_class").is_in([IdentityClass.SAME.value, IdentityClass.SIMILAR.value])
        | pl.col("document_match")
    )
    no_match = int(frame.select((~is_match).sum()).item())
    frame = frame.filter(is_match)
    rule = apply_rules(frame, automatic_rules(uncovered))
    frame = frame.with_columns(created_rule=rule).filter(pl.col("created_rule").is_not_null())
    links = (
        frame.with_columns(
            basis=_basis(frame),
            colour=pl.col("created_rule").replace_strict(
                {k: r.colour.value for k, r in RULE_BY_KEY.items()}
            ),
            created_on=pl.col("registered_on_a"),
            rule=pl.col("created_rule"),
            verified=pl.lit(False),
            verified_on=pl.lit(None, dtype=pl.Date),
        )
        .sort("created_on", "record_id_a", "record_id_b")
        .with_row_index("link_id", offset=1)
        .with_columns(pl.col("link_id").cast(pl.Int64))
    )
    return links, no_match, int(rule.null_count())


def _retain(links: pl.DataFrame, as_of: dt.date | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(kept, removed): a link is kept while both its records are stored (Art. 36)."""
    deleted = pl.col("deleted_on_a").is_not_null() | pl.col("deleted_on_b").is_not_null()
    if as_of is not None:
        deleted = (pl.col("deleted_on_a") <= as_of) | (pl.col("deleted_on_b") <= as_of)
    deleted = deleted.fill_null(False)
    return links.filter(~deleted).select(LINK_COLUMNS), links.filter(deleted)


def detect(
    candidates: pl.DataFrame,
    config: MidConfig,
    *,
    oracle: Oracle | None,
    rng: np.random.Generator,
    as_of: dt.date | None = None,
    world_records: int | None = None,
    threshold: float | None = None,
) -> MidResult:
    """Colour, verify and retain MID links from candidate pairs (see the module doc).

    ``oracle`` tells the simulated verifier what the evidence would show
    (:mod:`linkage.mid.verification`); ``rng`` draws the verifier's errors; ``as_of``
    is the world's date (the verification queues stop there and links to records
    deleted by then are removed); ``world_records`` (the world's stored records) sets
    the world's share of the real verifiers; ``threshold`` is the sBMS decision
    threshold the verifier compares biometric scores with.
    """
    frame, prepared = _prepare_candidates(candidates)
    created, no_match, uncovered = _create_links(frame, config.uncovered)
    verification = resolve_yellow(
        created,
        oracle,
        config.verification,
        rng,
        as_of=as_of,
        world_records=world_records,
        threshold=threshold,
    )
    links, removed = _retain(verification.links.with_columns(_rule_columns(pl.col("rule"))), as_of)
    stats = MidStats(
        prepared=prepared,
        no_match=no_match,
        uncovered_no_link=uncovered,
        links_created=links.height + removed.height,
        links_created_by_colour=_counts(created, "colour"),
        removed_by_retention=removed.height,
        removed_by_retention_by_colour=_counts(removed, "colour"),
        links=links.height,
        links_by_colour=_counts(links, "colour"),
        links_by_basis=_counts(links, "basis"),
        links_by_rule=_counts(links, "rule_article", "colour"),
        links_by_system_pair=_counts(links, "system_a", "system_b"),
        links_not_foreseen_by_law=int((~links["rule_foreseen"]).sum()),
        uncovered_policy=config.uncovered,
        verification=verification.stats,
    )
    log.info("MID: %d links (%s)", links.height, stats.links_by_colour)
    return MidResult(links=links, backlog=verification.backlog, stats=stats)

"""The world-level identity-data search of the CIR / ESP, as multiple-identity detection runs it.

:func:`search_identities` takes a world's ``identity_records`` (never its truth columns)
and returns every candidate pair of records that the alphanumeric search would report:

- records are compared only with records of **other** systems (IO Art. 27(5)
  [@eu-2019-818]); SIS records take part although they are not in the CIR (the CIR and
  SIS both use the ESP, IO Art. 27(3));
- each pair is oriented by chronology: ``record_id_a`` is the later record (the one whose
  creation triggered the search), ``record_id_b`` the earlier one; on equal dates
  ``record_id_a`` is the lexicographically smaller id. With ``respect_deletion`` a pair is
  dropped when the earlier record had been deleted (retention) by the day the later one
  was registered: the search could not have found it;
- candidates come from several blocking passes (:data:`DEFAULT_PASSES`), among them a
  document-number pass, the *separate* travel-document search of IO Art. 27(4);
- pairs are compared (:data:`DEFAULT_COMPARISONS`), scored by Fellegi-Sunter (u from
  random pairs of records of different systems, m and the prior by EM over the candidate
  pairs, term-frequency adjustment of names) and classified same / similar / different by
  the field rules of :mod:`linkage.identity.classify` (or by match probability).

``identity_score`` is the Fellegi-Sunter **match probability** in [0, 1] (the match weight
in bits is in ``match_weight``); ``document_match`` is true when both records hold the same
normalised document number and the same issuing country.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl
from pydantic import ConfigDict, field_validator

from linkage.identity.blocking import BlockingRule, CandidatePairs, block_on
from linkage.identity.classify import (
    DEFAULT_MID_RULES,
    IdentityCategory,
    ProbabilityThresholds,
    category_names,
    classify_probability,
)
from linkage.identity.compare import (
    Comparison,
    DateComparison,
    DocumentComparison,
    ExactMatch,
    StringComparison,
)
from linkage.identity.linker import Linker, ScoredPairs, Timings
from linkage.identity.model import Model
from linkage.identity.names import NameComparison
from linkage.identity.normalise import (
    basic_name,
    birth_year,
    first_token,
    fold_name,
    normalise_code,
    normalise_document,
    phonetic_key,
    sorted_pair_key,
)
from linkage.identity.spec import LinkSpec
from schemas.config import StrictModel, parse
from schemas.errors import ConfigError
from schemas.progress import Progress, silent
from schemas.provenance import assumed, method, sourced

__all__ = [
    "DEFAULT_COMPARISONS",
    "DEFAULT_PASSES",
    "IDENTITY_COLUMNS",
    "ClassCounts",
    "IdentityResult",
    "IdentitySearchConfig",
    "IdentityStats",
    "PassCount",
    "score_pairs",
    "search_identities",
]

log = logging.getLogger(__name__)

#: The columns of ``identity_records`` the search reads (no truth column among them).
IDENTITY_COLUMNS: tuple[str, ...] = (
    "record_id",
    "system",
    "surname",
    "given_names",
    "surname_at_birth",
    "birth_date",
    "birth_year",
    "sex",
    "nationality",
    "place_of_birth",
    "document_number",
    "document_country",
    "registered_on",
    "deleted_on",
)
_REQUIRED = ("record_id", "system", "registered_on")

_SURNAME_KEY = phonetic_key(pl.col("surname"))
_GIVEN_KEY = phonetic_key(first_token(basic_name(pl.col("given_names"))))
_YEAR = birth_year(pl.col("birth_date"), pl.col("birth_year"))

_SURNAME = fold_name(pl.col("surname"))
_GIVEN = first_token(fold_name(pl.col("given_names")))

#: Default blocking passes (which passes to run is the project's choice, an assumption of
#: this project). Each pass pairs records that agree on a tight key, so that the number of
#: candidate pairs grows about linearly with the population and no common name or common
#: (default) birth date makes a block of millions of pairs:
#:
#: - phonetic surname key + full birth date (spelling and transliteration variants of the
#:   surname), phonetic first given name + full birth date (variants of the surname,
#:   a changed surname);
#: - document number (the separate travel-document search of IO Art. 27(4));
#: - phonetic surname key + phonetic first given name + birth year (a wrong, swapped or
#:   default 1 January birth date, also with a variant name); folded surname + folded first
#:   given name in sorted order + birth year (surname and given names swapped).
#:
#: Measured on the default world at 300k persons (0.6M records, seed 1): 1.7M candidate
#: pairs, of which true pairs classed same or similar 361,020 and false ones 31,535;
#: the earlier passes (surname key + birth year, surname + nationality, birth date + sex,
#: blocks above 1M pairs skipped) made 61.5M pairs for 361,590 true (+0.16 %) and 53,105
#: false same-or-similar pairs: their extra true pairs have different names or dates,
#: which the field rules class "different" anyway.
DEFAULT_PASSES: tuple[BlockingRule, ...] = (
    block_on(_SURNAME_KEY, pl.col("birth_date"), name="surname_key+birth_date"),
    block_on(_GIVEN_KEY, pl.col("birth_date"), name="given_key+birth_date"),
    block_on(normalise_document(pl.col("document_number")), name="document_number"),
    block_on(_SURNAME_KEY, _GIVEN_KEY, _YEAR, name="name_keys+birth_year"),
    block_on(sorted_pair_key(_SURNAME, _GIVEN), _YEAR, name="swapped_names+birth_year"),
)

#: Default comparisons: the identity data of IO Art. 27(3) and the travel document.
DEFAULT_COMPARISONS: tuple[Comparison, ...] = (
    NameComparison("surname", "given_names", name="name"),
    DateComparison("birth_date", year_column="birth_year", name="birth_date"),
    ExactMatch("sex", normalise=normalise_code),
    ExactMatch("nationality", normalise=normalise_code),
    StringComparison(
        "place_of_birth", "jarowinkler", (0.92,), name="place_of_birth", normalise=fold_name
    ),
    DocumentComparison("document_number", country_column="document_country", name="document"),
)


def default_search_spec() -> LinkSpec:
    """The identity search's spec: the default passes and comparisons, MID field rules."""
    return LinkSpec(
        comparisons=DEFAULT_COMPARISONS,
        blocking=DEFAULT_PASSES,
        link_type="link_only",
        id_column="record_id",
        rules=DEFAULT_MID_RULES,
        max_block_pairs=1_000_000,
        prior_init=0.01,
    )


class IdentitySearchConfig(StrictModel):
    """Parameters of the identity search: its :class:`LinkSpec` and what it reports.

    In a TOML table, ``spec`` takes the spec's scalar settings (``[identity.spec]
    u_sample_pairs = ...``); passes, comparisons and rules are set in Python.

    >>> config = IdentitySearchConfig.from_mapping({"spec": {"seed": 2}, "keep": "all"})
    >>> config.spec.seed, config.keep, len(config.spec.blocking)
    (2, 'all', 5)
    """

    model_config = ConfigDict(**StrictModel.model_config, arbitrary_types_allowed=True)

    spec: LinkSpec = sourced(
        default_factory=default_search_spec,
        provenance=assumed(
            "the passes and comparisons are this project's choice (see DEFAULT_PASSES); "
            "the MID field rules are assumptions (the annex thresholds were not read)",
            "eu-2023-333",
        ),
    )
    classify_by: Literal["rules", "probability"] = sourced(
        "rules", method("same/similar/different from the field rules or match probability")
    )
    probability_thresholds: ProbabilityThresholds = sourced(
        default_factory=ProbabilityThresholds,
        provenance=method("used when classify_by is 'probability'"),
    )
    keep: Literal["matches", "all"] = sourced(
        "matches",
        method(
            "'matches' returns the pairs classed same or similar or with a document match "
            "(what the search reports to the MID); 'all' every candidate pair"
        ),
    )
    respect_deletion: bool = sourced(
        True, method("drop pairs whose earlier record was deleted by the later one's date")
    )

    @field_validator("spec", mode="before")
    @classmethod
    def _spec_settings(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return default_search_spec().with_settings(value, prefix="spec.")
        return value

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> IdentitySearchConfig:
        """A config from a mapping (e.g. a TOML table); every problem in one ConfigError."""
        data = dict(data)
        problems: list[str] = []
        if isinstance(data.get("spec"), Mapping):
            try:
                data["spec"] = default_search_spec().with_settings(
                    data["spec"], prefix="identity.spec."
                )
            except ConfigError as exc:
                problems.append(str(exc).removeprefix("invalid link spec: "))
                data.pop("spec")
        try:
            config = parse(cls, data, what="identity search configuration", prefix="identity.")
        except ConfigError as exc:
            problems.append(str(exc).removeprefix("invalid identity search configuration: "))
        if problems:
            raise ConfigError(f"invalid identity search configuration: {'; '.join(problems)}")
        return config

    def search_spec(self) -> LinkSpec:
        """The spec the search runs: records of different systems, ids in ``record_id``,
        field rules only when classifying by them."""
        rules = self.spec.rules if self.classify_by == "rules" else None
        if self.classify_by == "rules" and not rules:
            raise ConfigError("classify_by='rules' needs field rules in spec.rules")
        return self.spec.model_copy(
            update={"link_type": "link_only", "id_column": "record_id", "rules": rules}
        )


@dataclass(frozen=True)
class PassCount:
    """Candidate pairs of one blocking pass (:func:`linkage.identity.blocking.candidate_pairs`)."""

    rule: str
    pairs: int
    oversized_blocks: int
    pairs_kept: int
    new_pairs: int


@dataclass(frozen=True)
class ClassCounts:
    """Pairs classed same, similar and different."""

    same: int = 0
    similar: int = 0
    different: int = 0

    @classmethod
    def of(cls, classes: npt.NDArray[np.int8]) -> ClassCounts:
        """Counts of category codes (0 same, 1 similar, 2 different)."""
        counts = np.bincount(classes.astype(np.int64), minlength=3)
        return cls(int(counts[0]), int(counts[1]), int(counts[2]))

    def to_json(self) -> dict[str, int]:
        """``{"same": .., "similar": .., "different": ..}``."""
        return {c.value: getattr(self, c.value) for c in IdentityCategory}


@dataclass(frozen=True)
class ExtraStats:
    """The given pairs scored with the search's model."""

    pairs: int
    classes: ClassCounts
    timings: Timings

    def to_json(self) -> dict[str, Any]:
        """The form of 0.1's ``stats["extra_pairs"]`` dict."""
        return {"pairs": self.pairs, "classes": self.classes.to_json(), **self.timings.to_json()}


@dataclass(frozen=True)
class IdentityStats:
    """What one identity search did: pairs per pass, classes, timings, the model.

    >>> IdentityStats(records=3, note="fewer than 2 systems").to_json()
    {'records': 3, 'candidate_pairs': 0, 'note': 'fewer than 2 systems'}
    """

    records: int
    systems: tuple[str, ...] = ()
    passes: tuple[PassCount, ...] = ()
    candidate_pairs: int = 0
    dropped_earlier_record_deleted: int = 0
    compared_pairs: int = 0
    reported_pairs: int = 0
    classes: ClassCounts = field(default_factory=ClassCounts)
    document_matches: int = 0
    blocking_s: float = 0.0
    timings: Timings = field(default_factory=Timings)
    total_s: float = 0.0
    model: Model | None = None
    extra: ExtraStats | None = None
    note: str | None = None

    @property
    def comparisons_per_s(self) -> float | None:
        """Compared pairs per second of comparing."""
        t = self.timings.compare_s
        return self.compared_pairs / t if t > 0 else None

    def to_json(self) -> dict[str, Any]:
        """The same structure as 0.1's ``stats`` dict (``model`` as :meth:`Model.to_json`)."""
        if self.note is not None:
            return {"records": self.records, "candidate_pairs": 0, "note": self.note}
        out: dict[str, Any] = {
            "records": self.records,
            "systems": list(self.systems),
            "passes": [vars(p) | {} for p in self.passes],
            "candidate_pairs": self.candidate_pairs,
            "dropped_earlier_record_deleted": self.dropped_earlier_record_deleted,
            "compared_pairs": self.compared_pairs,
            "reported_pairs": self.reported_pairs,
            "classes": self.classes.to_json(),
            "document_matches": self.document_matches,
            "blocking_s": self.blocking_s,
            **self.timings.to_json(),
            "comparisons_per_s": self.comparisons_per_s,
            "total_s": self.total_s,
            "model": self.model.to_json() if self.model is not None else None,
        }
        if self.extra is not None:
            out["extra_pairs"] = self.extra.to_json()
        return out


@dataclass(frozen=True, eq=False)
class IdentityResult:
    """Scored pairs (see the module docstring for columns), statistics and the model.

    ``extra``: the ``extra_pairs`` given to :func:`search_identities`, scored as
    :func:`score_pairs` would (null when none were given or no model could be fitted).

    >>> import datetime as dt
    >>> import polars as pl
    >>> one_system = pl.DataFrame({"record_id": ["VIS-1"], "system": ["VIS"],
    ...     "registered_on": [dt.date(2024, 1, 2)], "surname": ["Berg"],
    ...     "given_names": ["Anna"], "birth_date": [dt.date(1990, 1, 2)],
    ...     "birth_year": [1990], "sex": ["F"], "nationality": ["NOR"],
    ...     "place_of_birth": ["Oslo"], "document_number": ["X1"],
    ...     "document_country": ["NOR"]})
    >>> result = search_identities(one_system)
    >>> result.pairs.height, result.model, result.stats.note
    (0, None, 'fewer than 2 systems')
    """

    pairs: pl.DataFrame
    stats: IdentityStats
    model: Model | None
    extra: pl.DataFrame | None = None


def _pair_schema(comparisons: tuple[Comparison, ...]) -> dict[str, pl.DataType]:
    schema: dict[str, pl.DataType] = {
        "record_id_a": pl.String(),
        "record_id_b": pl.String(),
        "identity_score": pl.Float64(),
        "match_weight": pl.Float64(),
        "identity_class": pl.String(),
        "document_match": pl.Boolean(),
        "rule": pl.String(),
    }
    for c in comparisons:
        schema[f"{c.name}_level"] = pl.Int8()
    return schema


def _records(records: pl.DataFrame, config: IdentitySearchConfig) -> pl.DataFrame:
    missing = [c for c in _REQUIRED if c not in records.columns]
    needed = {c for comp in config.spec.comparisons for c in comp.columns}
    missing += sorted(needed - set(records.columns))
    if missing:
        raise ConfigError(f"identity records lack columns {missing}")
    keep = [c for c in dict.fromkeys([*IDENTITY_COLUMNS, *sorted(needed)]) if c in records.columns]
    out = records.select(keep)
    if "deleted_on" not in out.columns:
        out = out.with_columns(pl.lit(None, dtype=pl.Date).alias("deleted_on"))
    if out["record_id"].is_duplicated().any():
        raise ConfigError("record_id must be unique in the identity records")
    return out


def _linker(records: pl.DataFrame, spec: LinkSpec, progress: Progress) -> Linker:
    by_system = {
        str(key[0]): frame
        for key, frame in sorted(
            records.partition_by("system", as_dict=True, maintain_order=True).items(),
            key=lambda kv: str(kv[0][0]),
        )
    }
    return Linker(by_system, spec, progress)


@dataclass(frozen=True, eq=False)
class _RecordDays:
    """Per record (linker order): registration and deletion day, id rank, document code."""

    registered_day: npt.NDArray[np.int64]
    deleted: npt.NDArray[np.int64]  # int64 max when never deleted
    id_rank: npt.NDArray[np.int64]
    document: npt.NDArray[np.int64]  # 0 when number or country is missing

    def document_match(self, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> Any:
        """Same normalised document number and issuing country."""
        return (self.document[a] > 0) & (self.document[a] == self.document[b])


def _record_days(linker: Linker) -> _RecordDays:
    f = linker.frame
    days = f.select(
        pl.col("registered_on").cast(pl.Date).cast(pl.Int64).alias("reg"),
        pl.col("deleted_on")
        .cast(pl.Date)
        .cast(pl.Int64)
        .fill_null(np.iinfo(np.int64).max)
        .alias("del"),
        (pl.col("record_id").rank("dense").cast(pl.Int64)).alias("idrank"),
        normalise_document(pl.col("document_number")).alias("doc"),
        normalise_code(pl.col("document_country")).alias("country")
        if "document_country" in f.columns
        else pl.lit(None, dtype=pl.String).alias("country"),
    )
    doc = days.select(
        pl.when(pl.col("doc").is_null() | pl.col("country").is_null())
        .then(None)
        .otherwise(pl.concat_str(["doc", "country"], separator="|"))
        .rank("dense")
        .fill_null(0)
        .cast(pl.Int64)
    ).to_series()
    return _RecordDays(
        registered_day=days["reg"].to_numpy(),
        deleted=days["del"].to_numpy(),
        id_rank=days["idrank"].to_numpy(),
        document=doc.to_numpy(),
    )


def _orient(
    pairs: CandidatePairs, days: _RecordDays, respect_deletion: bool
) -> tuple[CandidatePairs, int]:
    """Pairs as (later, earlier) records; drop those whose earlier record was deleted."""
    reg, idrank = days.registered_day, days.id_rank
    left, right = pairs.left, pairs.right
    rl, rr = reg[left], reg[right]
    left_is_a = (rl > rr) | ((rl == rr) & (idrank[left] < idrank[right]))
    a = np.where(left_is_a, left, right)
    b = np.where(left_is_a, right, left)
    oriented = CandidatePairs(a, b, pairs.rule, pairs.stats, pairs.block_ids)
    if not respect_deletion:
        return oriented, 0
    gone = days.deleted[b] <= reg[a]
    return oriented.subset(~gone), int(gone.sum())


def _frame(
    linker: Linker,
    scored: ScoredPairs,
    classes: npt.NDArray[np.int8],
    doc_match: npt.NDArray[np.bool_],
    keep: npt.NDArray[np.bool_] | None,
    sort: bool = True,
) -> pl.DataFrame:
    a, b = scored.pairs.left, scored.pairs.right
    rule = scored.pairs.rule.astype(np.int64)
    prob, weight, levels = scored.probability(keep), scored.match_weight, scored.levels
    if keep is not None:
        a, b, rule, weight = a[keep], b[keep], rule[keep], weight[keep]
        classes, doc_match = classes[keep], doc_match[keep]
        levels = [lv[keep] for lv in levels]
    rule_names = pl.Series([r.name for r in linker.spec.blocking], dtype=pl.String)
    cols = [
        linker.ids.gather(a).alias("record_id_a"),
        linker.ids.gather(b).alias("record_id_b"),
        pl.Series("identity_score", prob, dtype=pl.Float64),
        pl.Series("match_weight", weight, dtype=pl.Float64),
        pl.Series("identity_class", category_names(classes), dtype=pl.String),
        pl.Series("document_match", doc_match, dtype=pl.Boolean),
        rule_names.gather(rule).alias("rule"),
    ]
    cols += [
        pl.Series(f"{c.name}_level", lv, dtype=pl.Int8)
        for c, lv in zip(linker.spec.comparisons, levels, strict=True)
    ]
    out = pl.DataFrame(cols)
    return out.sort("record_id_a", "record_id_b") if sort else out


def _classes(scored: ScoredPairs, config: IdentitySearchConfig) -> npt.NDArray[np.int8]:
    if config.classify_by == "rules":
        assert scored.identity_class is not None
        return scored.identity_class
    return classify_probability(scored.probability(), config.probability_thresholds)


def search_identities(
    records: pl.DataFrame,
    config: IdentitySearchConfig | None = None,
    progress: Progress | None = None,
    *,
    extra_pairs: pl.DataFrame | None = None,
) -> IdentityResult:
    """Alphanumeric search of every record against the records of other systems.

    ``records``: the world's ``identity_records`` (truth columns are not read). The
    :class:`IdentityResult` holds the ``pairs`` (``record_id_a`` the later record), their
    :class:`IdentityStats` and the fitted ``model``. ``extra_pairs`` (``record_id_a``,
    ``record_id_b``, e.g. biometric hits) are scored with that model on the prepared
    records and returned in ``extra`` as :func:`score_pairs` returns them.

    >>> import datetime as dt
    >>> import polars as pl
    >>> records = pl.DataFrame({
    ...     "record_id": ["VIS-1", "VIS-2", "EES-1", "EES-2"],
    ...     "system": ["VIS", "VIS", "EES", "EES"],
    ...     "registered_on": [dt.date(2024, 1, 2)] * 2 + [dt.date(2025, 3, 4)] * 2,
    ...     "surname": ["Berg", "Haddad", "BERG", "Hadad"],
    ...     "given_names": ["Anna", "Omar", "ANNA", "Omar"],
    ...     "birth_date": [dt.date(1990, 1, 2), dt.date(1975, 6, 30)] * 2,
    ...     "birth_year": [1990, 1975] * 2, "sex": ["F", "M"] * 2,
    ...     "nationality": ["NOR", "SYR"] * 2, "place_of_birth": ["Oslo", "Homs"] * 2,
    ...     "document_number": ["X1", "Y2", "X1", None],
    ...     "document_country": ["NOR", "SYR", "NOR", None]})
    >>> config = IdentitySearchConfig(spec={"u_sample_pairs": 1_000}, keep="all")
    >>> found = search_identities(records, config)
    >>> found.pairs.select("record_id_a", "record_id_b", "document_match").rows()
    [('EES-1', 'VIS-1', True), ('EES-2', 'VIS-2', False)]
    >>> found.stats.candidate_pairs
    2
    """
    config = config or IdentitySearchConfig()
    progress = progress or silent
    t_start = time.perf_counter()
    frame = _records(records, config)
    if frame["system"].n_unique() < 2:
        return _nothing_to_compare(frame, config)
    linker = _linker(frame, config.search_spec(), progress)
    t0 = time.perf_counter()
    pairs, t_block = linker.candidates(), time.perf_counter() - t0
    days = _record_days(linker)
    pairs, dropped_deleted = _orient(pairs, days, config.respect_deletion)
    scored, model = linker.score(pairs)
    classes = _classes(scored, config)
    doc_match = days.document_match(pairs.left, pairs.right)
    keep = ((classes <= 1) | doc_match) if config.keep == "matches" else None
    out = _frame(linker, scored, classes, doc_match, keep)
    extra, extra_stats = _score_extra(linker, days, extra_pairs, config, model)
    stats = _search_stats(
        linker, pairs, out, classes, doc_match, scored, model, extra_stats,
        blocking_s=t_block, dropped_deleted=dropped_deleted, t_start=t_start,
    )  # fmt: skip
    log.info("identity search: %d candidate pairs, %d reported", len(pairs), out.height)
    return IdentityResult(out, stats, model, extra)


def _nothing_to_compare(frame: pl.DataFrame, config: IdentitySearchConfig) -> IdentityResult:
    """The empty result of a search over records of fewer than two systems."""
    stats = IdentityStats(records=frame.height, note="fewer than 2 systems")
    return IdentityResult(pl.DataFrame(schema=_pair_schema(config.spec.comparisons)), stats, None)


def _search_stats(
    linker: Linker,
    pairs: CandidatePairs,
    out: pl.DataFrame,
    classes: npt.NDArray[np.int8],
    doc_match: npt.NDArray[np.bool_],
    scored: ScoredPairs,
    model: Model,
    extra_stats: ExtraStats | None,
    *,
    blocking_s: float,
    dropped_deleted: int,
    t_start: float,
) -> IdentityStats:
    """The search's counts per pass and class, its timings and its model."""
    return IdentityStats(
        records=linker.n_records,
        systems=linker.source_names,
        passes=tuple(PassCount(**row) for row in pairs.stats.to_dicts()),
        candidate_pairs=int(pairs.stats["new_pairs"].sum()),
        dropped_earlier_record_deleted=dropped_deleted,
        compared_pairs=len(pairs),
        reported_pairs=out.height,
        classes=ClassCounts.of(classes),
        document_matches=int(doc_match.sum()),
        blocking_s=blocking_s,
        timings=scored.timings,
        total_s=time.perf_counter() - t_start,
        model=model,
        extra=extra_stats,
    )


def _given_indices(linker: Linker, pairs: pl.DataFrame) -> tuple[npt.NDArray[np.int64], ...]:
    """Record indices of given pairs (``record_id_a``, ``record_id_b``), in their order."""
    for col in ("record_id_a", "record_id_b"):
        if col not in pairs.columns:
            raise ConfigError(f"pairs lack column {col!r}")
    index = pl.DataFrame({"record_id": linker.ids, "_i": np.arange(linker.n_records)})
    joined = pairs.select("record_id_a", "record_id_b")
    for side in ("a", "b"):
        joined = joined.join(
            index.rename({"record_id": f"record_id_{side}", "_i": f"_i_{side}"}),
            on=f"record_id_{side}",
            how="left",
            maintain_order="left",
        )
    unknown = joined.filter(pl.col("_i_a").is_null() | pl.col("_i_b").is_null())
    if unknown.height:
        ids = unknown.select(pl.concat_list("record_id_a", "record_id_b")).to_series().head(3)
        raise ConfigError(f"{unknown.height} pairs name unknown record ids, e.g. {ids.to_list()}")
    return joined["_i_a"].to_numpy().astype(np.int64), joined["_i_b"].to_numpy().astype(np.int64)


def _score_extra(
    linker: Linker,
    days: _RecordDays,
    pairs: pl.DataFrame | None,
    config: IdentitySearchConfig,
    model: Model,
) -> tuple[pl.DataFrame | None, ExtraStats | None]:
    """:func:`_score_given` for the caller's extra pairs, when there are any."""
    return (None, None) if pairs is None else _score_given(linker, days, pairs, config, model)


def _score_given(
    linker: Linker,
    days: _RecordDays,
    pairs: pl.DataFrame,
    config: IdentitySearchConfig,
    model: Model,
) -> tuple[pl.DataFrame, ExtraStats]:
    """Given pairs (record ids) scored with ``model``, in the given order and orientation."""
    a, b = _given_indices(linker, pairs)
    cand = CandidatePairs(a, b, np.zeros(a.size, dtype=np.int8), pl.DataFrame())
    scored, _ = linker.score(cand, model)
    classes = _classes(scored, config)
    out = _frame(linker, scored, classes, days.document_match(a, b), None, sort=False)
    out = out.with_columns(pl.lit(None, dtype=pl.String).alias("rule"))
    return out, ExtraStats(out.height, ClassCounts.of(classes), scored.timings)


def score_pairs(
    records: pl.DataFrame,
    pairs: pl.DataFrame,
    config: IdentitySearchConfig | None = None,
    model: Model | None = None,
    progress: Progress | None = None,
) -> IdentityResult:
    """Score given pairs (``record_id_a``, ``record_id_b``), e.g. biometric hits.

    Every given pair is returned, in the given orientation, with the columns of
    :func:`search_identities` (``rule`` is null). Without ``model`` one is fitted first
    by :func:`search_identities` on ``records``.

    >>> import datetime as dt
    >>> import polars as pl
    >>> records = pl.DataFrame({
    ...     "record_id": ["VIS-1", "EES-1", "EES-2"], "system": ["VIS", "EES", "EES"],
    ...     "registered_on": [dt.date(2024, 1, 2)] * 3,
    ...     "surname": ["Berg", "BERG", "Dahl"], "given_names": ["Anna", "ANNA", "Ola"],
    ...     "birth_date": [dt.date(1990, 1, 2)] * 2 + [dt.date(1960, 5, 5)],
    ...     "birth_year": [1990, 1990, 1960], "sex": ["F", "F", "M"],
    ...     "nationality": ["NOR"] * 3, "place_of_birth": ["Oslo"] * 3,
    ...     "document_number": [None] * 3, "document_country": [None] * 3})
    >>> hits = pl.DataFrame({"record_id_a": ["EES-2"], "record_id_b": ["VIS-1"]})
    >>> config = IdentitySearchConfig(spec={"u_sample_pairs": 1_000})
    >>> score_pairs(records, hits, config).pairs["name_level"].to_list()  # 0: different
    [0]
    """
    config = config or IdentitySearchConfig()
    progress = progress or silent
    for col in ("record_id_a", "record_id_b"):
        if col not in pairs.columns:
            raise ConfigError(f"pairs lack column {col!r}")
    frame = _records(records, config)
    if model is None:
        model = search_identities(records, config, progress).model
    if model is None:
        raise ConfigError("no model: the records hold fewer than two systems")
    spec = config.search_spec().model_copy(update={"link_type": "link_and_dedupe"})
    linker = Linker(frame, spec, progress)
    out, extra = _score_given(linker, _record_days(linker), pairs, config, model)
    stats = IdentityStats(records=frame.height, reported_pairs=out.height, extra=extra)
    return IdentityResult(out, stats, model)

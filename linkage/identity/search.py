"""The world-level identity-data search of the CIR / ESP, as multiple-identity detection runs it.

:func:`search_identities` takes a world's ``identity_records`` (never its truth columns)
and returns every candidate pair of records that the alphanumeric search would report:

- records are compared only with records of **other** systems (IO Art. 27(5), domain.md
  §2.3 [1]); SIS records take part although they are not in the CIR (the CIR and SIS both
  use the ESP, IO Art. 27(3));
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

import difflib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from linkage.identity.api import Linker, LinkSpec, ScoredPairs
from linkage.identity.blocking import BlockingRule, CandidatePairs, block_on
from linkage.identity.classify import (
    DEFAULT_MID_RULES,
    FieldRule,
    IdentityCategory,
    ProbabilityThresholds,
    category_names,
    classify_probability,
)
from linkage.identity.names import NameComparison
from linkage.identity.compare import (
    Comparison,
    DateComparison,
    DocumentComparison,
    ExactMatch,
    StringComparison,
)
from linkage.identity.fellegi_sunter import FellegiSunterModel
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
from schemas.errors import ConfigError
from schemas.progress import Progress, silent

__all__ = [
    "DEFAULT_COMPARISONS",
    "DEFAULT_PASSES",
    "IDENTITY_COLUMNS",
    "IdentityResult",
    "IdentitySearchConfig",
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


@dataclass(frozen=True, eq=False)
class IdentitySearchConfig:
    """Parameters of the identity search. Defaults marked (A) are assumptions of this
    project, not published figures (the MID annex thresholds were not read, domain.md §2.3).

    - ``passes`` / ``comparisons``: blocking passes and comparisons (see above).
    - ``rules``: same / similar / different field rules (A), used when
      ``classify_by="rules"``; ``probability_thresholds`` (A) when ``"probability"``.
    - ``max_block_pairs`` (A): blocks with more pairs are skipped and logged.
    - ``u_sample_pairs``: random pairs for u; ``prior_init``, ``em_max_iter``, ``em_tol``: EM.
    - ``keep``: ``"matches"`` returns pairs classed same or similar or with a document
      match (what the search reports to the MID); ``"all"`` every candidate pair.
    - ``respect_deletion``: drop pairs whose earlier record was deleted by then.
    - ``chunk_pairs``, ``workers``, ``threads``: batching and parallelism (see LinkSpec);
      ``seed``: random pairs.
    """

    passes: tuple[BlockingRule, ...] = DEFAULT_PASSES
    comparisons: tuple[Comparison, ...] = DEFAULT_COMPARISONS
    rules: tuple[FieldRule, ...] = DEFAULT_MID_RULES
    classify_by: Literal["rules", "probability"] = "rules"
    probability_thresholds: ProbabilityThresholds = field(default_factory=ProbabilityThresholds)
    max_block_pairs: int | None = 1_000_000
    u_sample_pairs: int = 1_000_000
    prior_init: float = 0.01
    em_max_iter: int = 500
    em_tol: float = 1e-5
    em_max_pairs: int = 2_000_000
    keep: Literal["matches", "all"] = "matches"
    respect_deletion: bool = True
    chunk_pairs: int = 4_000_000
    workers: int = -1
    threads: int | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        if self.classify_by not in ("rules", "probability"):
            raise ConfigError(
                f"classify_by must be 'rules' or 'probability', not {self.classify_by!r}"
            )
        if self.keep not in ("matches", "all"):
            raise ConfigError(f"keep must be 'matches' or 'all', not {self.keep!r}")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> IdentitySearchConfig:
        """A config from a mapping of its scalar settings (e.g. a TOML table).

        Keys are the field names except ``passes``, ``comparisons`` and ``rules`` (set
        those in Python); ``probability_thresholds`` takes ``{"same": .., "similar": ..}``.
        Every unknown key or bad value is reported in one :class:`ConfigError`.
        """
        allowed = {f.name for f in fields(cls)} - {"passes", "comparisons", "rules"}
        problems = []
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(f"identity.{key}: unknown setting{hint}")
        values = {k: v for k, v in data.items() if k in allowed}
        if isinstance(values.get("probability_thresholds"), Mapping):
            try:
                values["probability_thresholds"] = ProbabilityThresholds(
                    **values["probability_thresholds"]
                )
            except (TypeError, ConfigError) as exc:
                problems.append(f"identity.probability_thresholds: {exc}")
                values.pop("probability_thresholds")
        for key in ("max_block_pairs", "u_sample_pairs", "em_max_iter", "em_max_pairs"):
            value = values.get(key)
            if value is not None and (not isinstance(value, int) or value < 1):
                problems.append(f"identity.{key}: {value!r} is not a positive integer")
        if problems:
            raise ConfigError("; ".join(problems))
        try:
            return cls(**values)
        except (TypeError, ConfigError) as exc:
            raise ConfigError(f"identity: {exc}") from exc

    def spec(self) -> LinkSpec:
        """The :class:`LinkSpec` of this search (records of different systems only)."""
        return LinkSpec(
            comparisons=self.comparisons,
            blocking=self.passes,
            link_type="link_only",
            id_column="record_id",
            rules=self.rules if self.classify_by == "rules" else None,
            max_block_pairs=self.max_block_pairs,
            u_method="random_sampling",
            u_sample_pairs=self.u_sample_pairs,
            prior_init=self.prior_init,
            em_max_iter=self.em_max_iter,
            em_tol=self.em_tol,
            em_max_pairs=self.em_max_pairs,
            chunk_pairs=self.chunk_pairs,
            workers=self.workers,
            threads=self.threads,
            seed=self.seed,
        )


@dataclass(frozen=True, eq=False)
class IdentityResult:
    """Scored pairs (see the module docstring for columns), statistics and the model.

    ``extra``: the ``extra_pairs`` given to :func:`search_identities`, scored as
    :func:`score_pairs` would (null when none were given or no model could be fitted).
    """

    pairs: pl.DataFrame
    stats: dict[str, Any]
    model: FellegiSunterModel | None
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
    needed = {c for comp in config.comparisons for c in comp.columns}
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


def _linker(records: pl.DataFrame, config: IdentitySearchConfig, progress: Progress) -> Linker:
    by_system = {
        str(key[0]): frame
        for key, frame in sorted(
            records.partition_by("system", as_dict=True, maintain_order=True).items(),
            key=lambda kv: str(kv[0][0]),
        )
    }
    return Linker(by_system, config.spec(), progress)


def _record_arrays(linker: Linker) -> dict[str, npt.NDArray[Any]]:
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
    return {
        "reg": days["reg"].to_numpy(),
        "del": days["del"].to_numpy(),
        "idrank": days["idrank"].to_numpy(),
        "doc": doc.to_numpy(),
    }


def _orient(
    pairs: CandidatePairs, arrays: dict[str, npt.NDArray[Any]], respect_deletion: bool
) -> tuple[CandidatePairs, int]:
    """Pairs as (later, earlier) records; drop those whose earlier record was deleted."""
    reg, idrank = arrays["reg"], arrays["idrank"]
    left, right = pairs.left, pairs.right
    rl, rr = reg[left], reg[right]
    left_is_a = (rl > rr) | ((rl == rr) & (idrank[left] < idrank[right]))
    a = np.where(left_is_a, left, right)
    b = np.where(left_is_a, right, left)
    oriented = CandidatePairs(a, b, pairs.rule, pairs.stats, pairs.block_ids)
    if not respect_deletion:
        return oriented, 0
    gone = arrays["del"][b] <= reg[a]
    return oriented.subset(~gone), int(gone.sum())


def _frame(
    linker: Linker,
    scored: ScoredPairs,
    classes: npt.NDArray[np.int8],
    doc_match: npt.NDArray[np.bool_],
    keep: npt.NDArray[np.bool_] | None,
    comparisons: tuple[Comparison, ...],
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
        for c, lv in zip(comparisons, levels, strict=True)
    ]
    out = pl.DataFrame(cols)
    return out.sort("record_id_a", "record_id_b") if sort else out


def _classes(scored: ScoredPairs, config: IdentitySearchConfig) -> npt.NDArray[np.int8]:
    if config.classify_by == "rules":
        assert scored.identity_class is not None
        return scored.identity_class
    return classify_probability(scored.probability(), config.probability_thresholds)


def _class_counts(classes: npt.NDArray[np.int8]) -> dict[str, int]:
    counts = np.bincount(classes.astype(np.int64), minlength=3)
    return {c.value: int(counts[i]) for i, c in enumerate(IdentityCategory)}


def search_identities(
    records: pl.DataFrame,
    config: IdentitySearchConfig | None = None,
    progress: Progress | None = None,
    *,
    extra_pairs: pl.DataFrame | None = None,
) -> IdentityResult:
    """Alphanumeric search of every record against the records of other systems.

    ``records``: the world's ``identity_records`` (truth columns, if present, are not
    read). Returns an :class:`IdentityResult`: ``pairs`` (record_id_a the later record,
    record_id_b, identity_score = match probability, match_weight, identity_class,
    document_match, rule, and one ``<comparison>_level`` column per comparison);
    ``stats`` (candidate pairs per blocking pass counted before comparison, pairs
    after the chronology filter, comparisons per second, EM parameters, timings);
    ``model`` (the fitted Fellegi-Sunter model, for :func:`score_pairs`).

    ``extra_pairs`` (``record_id_a``, ``record_id_b``, e.g. biometric hits) are scored
    with the fitted model on the records already prepared for the search, and returned
    in ``extra`` as :func:`score_pairs` returns them (saves preparing every record again).
    """
    config = config or IdentitySearchConfig()
    progress = progress or silent
    t_start = time.perf_counter()
    frame = _records(records, config)
    schema = _pair_schema(config.comparisons)
    if frame["system"].n_unique() < 2:
        empty = {"records": frame.height, "candidate_pairs": 0, "note": "fewer than 2 systems"}
        return IdentityResult(pl.DataFrame(schema=schema), empty, None)
    linker = _linker(frame, config, progress)
    t0 = time.perf_counter()
    pairs = linker.candidates()
    t_block = time.perf_counter() - t0
    arrays = _record_arrays(linker)
    pairs, dropped_deleted = _orient(pairs, arrays, config.respect_deletion)
    scored, model = linker.score(pairs)
    classes = _classes(scored, config)
    doc = arrays["doc"]
    doc_match = (doc[pairs.left] > 0) & (doc[pairs.left] == doc[pairs.right])
    keep = None
    if config.keep == "matches":
        keep = (classes <= 1) | doc_match
    out = _frame(linker, scored, classes, doc_match, keep, config.comparisons)
    n = len(pairs)
    t_compare = scored.timings["compare_s"]
    stats: dict[str, Any] = {
        "records": frame.height,
        "systems": list(linker.source_names),
        "passes": pairs.stats.to_dicts(),
        "candidate_pairs": int(pairs.stats["new_pairs"].sum()),
        "dropped_earlier_record_deleted": dropped_deleted,
        "compared_pairs": n,
        "reported_pairs": out.height,
        "classes": _class_counts(classes),
        "document_matches": int(doc_match.sum()),
        "blocking_s": t_block,
        **scored.timings,
        "comparisons_per_s": n / t_compare if t_compare > 0 else None,
        "total_s": time.perf_counter() - t_start,
        "model": model.to_dict(),
    }
    extra = None
    if extra_pairs is not None:
        extra, extra_stats = _score_given(linker, arrays, extra_pairs, config, model)
        stats["extra_pairs"] = extra_stats
    stats["total_s"] = time.perf_counter() - t_start
    log.info("identity search: %d candidate pairs, %d reported", n, out.height)
    return IdentityResult(out, stats, model, extra)


def _score_given(
    linker: Linker,
    arrays: dict[str, npt.NDArray[Any]],
    pairs: pl.DataFrame,
    config: IdentitySearchConfig,
    model: FellegiSunterModel,
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Given pairs (record ids) scored with ``model``, in the given order and orientation."""
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
    a = joined["_i_a"].to_numpy().astype(np.int64)
    b = joined["_i_b"].to_numpy().astype(np.int64)
    cand = CandidatePairs(a, b, np.zeros(a.size, dtype=np.int8), pl.DataFrame())
    scored, _ = linker.score(cand, model)
    classes = _classes(scored, config)
    doc = arrays["doc"]
    doc_match = (doc[a] > 0) & (doc[a] == doc[b])
    out = _frame(linker, scored, classes, doc_match, None, config.comparisons, sort=False)
    out = out.with_columns(pl.lit(None, dtype=pl.String).alias("rule"))
    summary = {"pairs": out.height, "classes": _class_counts(classes), **scored.timings}
    return out, summary


def score_pairs(
    records: pl.DataFrame,
    pairs: pl.DataFrame,
    config: IdentitySearchConfig | None = None,
    model: FellegiSunterModel | None = None,
    progress: Progress | None = None,
) -> IdentityResult:
    """Score given pairs (``record_id_a``, ``record_id_b``), e.g. biometric hits.

    Every given pair is returned, in the given orientation, with the columns of
    :func:`search_identities` (``rule`` is null). Without ``model`` one is fitted first
    by :func:`search_identities` on ``records``.
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
    linker = Linker(frame, replace(config.spec(), link_type="link_and_dedupe"), progress)
    out, summary = _score_given(linker, _record_arrays(linker), pairs, config, model)
    return IdentityResult(out, summary, model)

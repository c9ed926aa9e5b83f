"""Identity-data search (CIR / ESP alphanumeric search) and a general record-linkage API.

- :func:`link` / :class:`Linker` / :class:`LinkSpec`: link two or more polars frames (or
  deduplicate one) with multi-pass blocking, multi-level comparisons, Fellegi-Sunter
  (u by random sampling, m by EM, term-frequency adjustment) and optional
  same / similar / different rules.
- :func:`search_identities` / :func:`score_pairs`: the world-level search the
  multiple-identity detector runs over ``identity_records``.
"""

from linkage.identity.api import Frames, Linker, LinkSpec, ScoredPairs, link
from linkage.identity.blocking import (
    BlockingRule,
    CandidatePairs,
    LinkType,
    block_ids,
    block_on,
    candidate_pairs,
    count_comparisons,
)
from linkage.identity.classify import (
    DEFAULT_MID_RULES,
    FieldRule,
    IdentityCategory,
    ProbabilityThresholds,
    classify_probability,
    classify_rules,
)
from linkage.identity.names import NameComparison
from linkage.identity.compare import (
    MISSING,
    Comparison,
    DateComparison,
    DocumentComparison,
    ExactMatch,
    StringComparison,
    term_frequencies,
)
from linkage.identity.fellegi_sunter import (
    FellegiSunterModel,
    TfAdjustment,
    expectation_maximisation,
    match_probability,
    match_weights,
    pattern_counts,
    u_from_levels,
)
from linkage.identity.romanise import CYRILLIC_ICAO
from linkage.identity.normalise import (

    ROMANISATION_RULES,
    RomanisationRule,
    basic_name,
    birth_year,
    first_token,
    fold_name,
    fold_tokens,
    normalise_code,
    normalise_document,
    phonetic_key,
    sorted_pair_key,
    soundex,
    token_set_key,
)
from linkage.identity.search import (
    DEFAULT_COMPARISONS,
    DEFAULT_PASSES,
    IDENTITY_COLUMNS,
    IdentityResult,
    IdentitySearchConfig,
    score_pairs,
    search_identities,
)
from linkage.identity.strings import (
    EncodedStrings,
    StringMethod,
    encode_strings,
    pair_similarity,
    string_similarity,
)

__all__ = [
    "CYRILLIC_ICAO",
    "DEFAULT_COMPARISONS",
    "DEFAULT_MID_RULES",
    "DEFAULT_PASSES",
    "IDENTITY_COLUMNS",
    "MISSING",
    "ROMANISATION_RULES",
    "BlockingRule",
    "CandidatePairs",
    "Comparison",
    "DateComparison",
    "DocumentComparison",
    "EncodedStrings",
    "ExactMatch",
    "FellegiSunterModel",
    "FieldRule",
    "Frames",
    "IdentityCategory",
    "IdentityResult",
    "IdentitySearchConfig",
    "LinkSpec",
    "LinkType",
    "Linker",
    "NameComparison",
    "ProbabilityThresholds",
    "RomanisationRule",
    "ScoredPairs",
    "StringComparison",
    "StringMethod",
    "TfAdjustment",
    "basic_name",
    "birth_year",
    "block_ids",
    "block_on",
    "candidate_pairs",
    "classify_probability",
    "classify_rules",
    "count_comparisons",
    "encode_strings",
    "expectation_maximisation",
    "first_token",
    "fold_name",
    "fold_tokens",
    "link",
    "match_probability",
    "match_weights",
    "normalise_code",
    "normalise_document",
    "pair_similarity",
    "pattern_counts",
    "phonetic_key",
    "score_pairs",
    "search_identities",
    "sorted_pair_key",
    "soundex",
    "string_similarity",
    "term_frequencies",
    "token_set_key",
    "u_from_levels",
]

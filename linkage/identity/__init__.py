"""Record linkage for polars frames, and the CIR / ESP identity-data search built on it.

The public API (pinned by a test; everything else lives in the submodules and may
change):

- linking: :func:`link`, :func:`dedupe`, :class:`LinkSpec`, :class:`Linker`;
  :class:`Predictions` (pairs, :meth:`~Predictions.explain`, waterfall charts,
  :meth:`~Predictions.clusters`, threshold curves, :meth:`~Predictions.evaluate`),
  :class:`Model` (:meth:`~Model.save` / :meth:`~Model.load`), :class:`Evaluation`,
  :func:`clusters`;
- blocking: :func:`block_on`, :class:`BlockingRule`;
- comparisons: :class:`Comparison` (the base of your own), :class:`ExactMatch`,
  :class:`StringComparison`, :class:`NameComparison` (names in any script),
  :class:`DateComparison`, :class:`DocumentComparison`;
- same / similar / different: :class:`FieldRule`, :class:`IdentityCategory`;
- names: :func:`romanise`, :func:`basic_name`, :func:`fold_name`, :func:`phonetic_key`;
- the world's identity search: :func:`search_identities`, :func:`score_pairs`,
  :class:`IdentitySearchConfig`, :class:`IdentityResult`, :class:`IdentityStats`.

Importing this package loads neither the biometric layer nor SQLAlchemy (tested).
"""

from linkage.identity.api import dedupe, link
from linkage.identity.blocking import BlockingRule, block_on
from linkage.identity.classify import FieldRule, IdentityCategory
from linkage.identity.compare import (
    Comparison,
    DateComparison,
    DocumentComparison,
    ExactMatch,
    StringComparison,
)
from linkage.identity.evaluation import Evaluation, clusters
from linkage.identity.linker import Linker
from linkage.identity.model import Model
from linkage.identity.names import NameComparison
from linkage.identity.normalise import basic_name, fold_name, phonetic_key
from linkage.identity.predictions import Predictions
from linkage.identity.romanise import romanise
from linkage.identity.search import (
    IdentityResult,
    IdentitySearchConfig,
    IdentityStats,
    score_pairs,
    search_identities,
)
from linkage.identity.spec import LinkSpec

__all__ = [
    "BlockingRule",
    "Comparison",
    "DateComparison",
    "DocumentComparison",
    "Evaluation",
    "ExactMatch",
    "FieldRule",
    "IdentityCategory",
    "IdentityResult",
    "IdentitySearchConfig",
    "IdentityStats",
    "LinkSpec",
    "Linker",
    "Model",
    "NameComparison",
    "Predictions",
    "StringComparison",
    "basic_name",
    "block_on",
    "clusters",
    "dedupe",
    "fold_name",
    "link",
    "phonetic_key",
    "romanise",
    "score_pairs",
    "search_identities",
]

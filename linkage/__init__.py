"""The interoperability layer: sBMS biometric search, CIR/ESP identity search and the MID.

Nothing in this package reads the hidden truth; the one actor that learns it, the
simulated verifier of yellow links, receives it from the caller as an ``oracle``.
"""

from __future__ import annotations

from linkage.biometric import (
    BiometricConfig,
    BiometricResult,
    SearchMode,
    fpir,
    search_virtual,
    search_world,
)
from linkage.config import LinkConfig
from linkage.identity import (
    IdentityResult,
    IdentitySearchConfig,
    Linker,
    LinkSpec,
    link,
    score_pairs,
    search_identities,
)
from linkage.mid import Colour, MidConfig, Oracle, detect, identity_clusters, resolve_yellow
from linkage.pipeline import LinkResult, link_world

__all__ = [
    "BiometricConfig",
    "BiometricResult",
    "Colour",
    "IdentityResult",
    "IdentitySearchConfig",
    "LinkConfig",
    "LinkResult",
    "LinkSpec",
    "Linker",
    "MidConfig",
    "Oracle",
    "SearchMode",
    "detect",
    "fpir",
    "identity_clusters",
    "link",
    "link_world",
    "resolve_yellow",
    "score_pairs",
    "search_identities",
    "search_virtual",
    "search_world",
]

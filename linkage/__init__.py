"""The interoperability layer: sBMS biometric search, CIR/ESP identity search and the MID.

Nothing in this package reads the hidden truth; the one actor that learns it, the
simulated verifier of yellow links, receives it from the caller as an ``oracle``.

The names below are loaded on first use (PEP 562): ``import linkage.identity`` (the
record-linkage library) does not load the biometric layer, the MID or SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOME: dict[str, str] = {
    **dict.fromkeys(
        (
            "BiometricConfig",
            "BiometricResult",
            "SearchMode",
            "fpir",
            "search_virtual",
            "search_world",
        ),
        "linkage.biometric",
    ),
    "LinkConfig": "linkage.config",
    **dict.fromkeys(
        (
            "IdentityResult",
            "IdentitySearchConfig",
            "Linker",
            "LinkSpec",
            "link",
            "score_pairs",
            "search_identities",
        ),
        "linkage.identity",
    ),
    **dict.fromkeys(
        ("Colour", "MidConfig", "Oracle", "detect", "identity_clusters", "resolve_yellow"),
        "linkage.mid",
    ),
    **dict.fromkeys(("LinkResult", "link_world"), "linkage.pipeline"),
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'linkage' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


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

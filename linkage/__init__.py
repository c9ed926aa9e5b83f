"""The interoperability layer: sBMS biometric search, CIR/ESP identity search and the MID.

:func:`link_world` runs the whole layer over a world and returns a :class:`LinkResult`
(:mod:`linkage.result`); :class:`LinkConfig` configures it. The parts live in
:mod:`linkage.biometric`, :mod:`linkage.identity` and :mod:`linkage.mid`.

Nothing in this package reads the hidden truth; the one actor that learns it, the
simulated verifier of yellow links, receives it from the caller as an ``oracle``.

The names below are loaded on first use (PEP 562): ``import linkage.identity`` (the
record-linkage library) does not load the biometric layer, the MID or SQLAlchemy.
"""

from __future__ import annotations

import importlib
import typing

if typing.TYPE_CHECKING:
    from linkage.biometric import SearchMode
    from linkage.config import LinkConfig
    from linkage.mid import Oracle
    from linkage.pipeline import link_world
    from linkage.result import LinkResult, LinkSummary

_HOME: dict[str, str] = {
    "SearchMode": "linkage.biometric",
    "LinkConfig": "linkage.config",
    "Oracle": "linkage.mid",
    "link_world": "linkage.pipeline",
    "LinkResult": "linkage.result",
    "LinkSummary": "linkage.result",
}


def __getattr__(name: str) -> typing.Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'linkage' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


__all__ = ["LinkConfig", "LinkResult", "LinkSummary", "Oracle", "SearchMode", "link_world"]

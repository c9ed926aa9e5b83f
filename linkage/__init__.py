"""The interoperability layer: sBMS biometric search, CIR/ESP identity search and the MID.

:func:`link_world` runs the whole layer over a world and returns a :class:`LinkResult`
(:mod:`linkage.result`); :class:`LinkConfig` configures it. The parts live in
:mod:`linkage.biometric`, :mod:`linkage.identity` and :mod:`linkage.mid`.

Nothing in this package reads the hidden truth; the one actor that learns it, the
simulated verifier of yellow links, receives it from the caller as an ``oracle``.
"""

from __future__ import annotations

from linkage.biometric import SearchMode
from linkage.config import LinkConfig
from linkage.mid import Oracle
from linkage.pipeline import link_world
from linkage.result import LinkResult, LinkSummary

__all__ = ["LinkConfig", "LinkResult", "LinkSummary", "Oracle", "SearchMode", "link_world"]

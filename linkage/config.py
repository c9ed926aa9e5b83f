"""The configuration of a whole ``interopsim link`` run: searches and detector together.

Validate user input with :func:`schemas.config.parse` (``parse(LinkConfig, data,
what="link configuration")``): every problem is reported at once with its dotted key.
"""

from __future__ import annotations

from pydantic import ConfigDict, Field

from linkage.biometric import BiometricConfig
from linkage.identity import IdentitySearchConfig
from linkage.mid import MidConfig
from schemas.config import StrictModel
from schemas.provenance import method, sourced

__all__ = ["LinkConfig"]


class LinkConfig(StrictModel):
    """The sBMS search, the identity-data search and the MID, each with its defaults.

    The parts' fields state their own sources; the identity search's configuration
    belongs to :mod:`linkage.identity`.
    """

    # The identity search's configuration is not a pydantic model of this package.
    model_config = ConfigDict(arbitrary_types_allowed=True)

    biometric: BiometricConfig = Field(default_factory=BiometricConfig)
    identity: IdentitySearchConfig = Field(default_factory=IdentitySearchConfig)
    mid: MidConfig = Field(default_factory=MidConfig)
    score_unreported_hits: bool = sourced(
        True,
        method(
            "compare the identity data of biometric hits the identity search did not report "
            "(as the MID compares the linked files); False treats them as 'different' without "
            "a score: faster, but a hit whose records share only an oversized or no blocking "
            "key is then classed 'different'"
        ),
    )

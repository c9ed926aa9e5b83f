"""The configuration of a whole ``interopsim link`` run: searches and detector together."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from linkage.biometric import BiometricConfig
from linkage.identity import IdentitySearchConfig
from linkage.mid import MidConfig
from schemas.errors import ConfigError

__all__ = ["LinkConfig"]


class LinkConfig(BaseModel):
    """The sBMS search, the identity-data search and the MID, each with its defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    biometric: BiometricConfig = Field(default_factory=BiometricConfig)
    identity: IdentitySearchConfig = Field(default_factory=IdentitySearchConfig)
    mid: MidConfig = Field(default_factory=MidConfig)
    score_unreported_hits: bool = Field(
        True,
        description=(
            "Compare the identity data of biometric hits that the identity search did not "
            "report (as the MID compares the linked files). False treats them as "
            "'different' without a score: faster, but a hit whose records only share an "
            "oversized or no blocking key is then classed 'different'."
        ),
    )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> LinkConfig:
        """Validate a nested mapping (e.g. a TOML table); every problem in one ConfigError."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']} "
                f"(got {err.get('input')!r})"
                for err in exc.errors()
            )
            raise ConfigError(f"invalid link configuration: {problems}") from None

"""The configuration of a whole ``interopsim link`` run: searches and detector together.

Validate user input with :func:`schemas.config.parse` (``parse(LinkConfig, data,
what="link configuration")``): every problem is reported at once with its dotted key.
A scenario file sets it in its ``[link]`` table (:mod:`interopsim.scenario`); the link
stage records it, and where it came from (:class:`ConfigSource`), in the world's manifest.

The configuration round-trips through JSON: the identity search's comparisons, blocking
passes and field rules are Python objects, so its JSON form holds its scalar settings
only (what a TOML table can set) and is read back with
:meth:`~linkage.identity.IdentitySearchConfig.from_mapping`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_serializer, field_validator

from linkage._json import jsonable
from linkage.biometric import BiometricConfig
from linkage.identity import IdentitySearchConfig
from linkage.mid import MidConfig
from schemas.config import StrictModel
from schemas.provenance import method, sourced

__all__ = ["ConfigSource", "LinkConfig", "identity_settings"]

#: Settings of the identity search that are code (set in Python), not TOML-settable values.
_CODE = frozenset({"passes", "comparisons", "blocking", "rules", "link_type", "id_column"})


class ConfigSource(StrEnum):
    """Where the configuration of a stage came from (recorded with the stage)."""

    SCENARIO = "scenario"
    """The world's scenario, as its manifest records it (its ``[link]`` or ``[analysis]``)."""
    OVERRIDES = "scenario+overrides"
    """The world's scenario with keys given to the call merged over it."""
    GIVEN = "given"
    """A configuration object given to the call (the scenario's section is not used)."""
    DEFAULTS = "defaults"
    """The model's defaults: the world records no such section (made by an older version)."""


def _without_code(node: JsonValue) -> JsonValue:
    if isinstance(node, dict):
        return {k: _without_code(v) for k, v in node.items() if k not in _CODE}
    return node


def identity_settings(config: IdentitySearchConfig) -> dict[str, JsonValue]:
    """The TOML-settable settings of an identity search configuration, as JSON.

    What :meth:`IdentitySearchConfig.from_mapping` reads back; comparisons, blocking
    passes and rules (Python objects) are left out.
    """
    data: JsonValue
    if isinstance(config, BaseModel):
        data = config.model_dump(mode="json")
    else:
        data = {
            f.name: jsonable(getattr(config, f.name))
            for f in dataclasses.fields(config)
            if f.name not in _CODE
        }
    out = _without_code(data)
    assert isinstance(out, dict)
    return out


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

    @field_validator("identity", mode="before")
    @classmethod
    def _identity_from_table(cls, value: Any) -> Any:
        """A TOML table (mapping) of the identity search's settings."""
        if isinstance(value, Mapping):
            return IdentitySearchConfig.from_mapping(value)
        return value

    @field_serializer("identity")
    def _identity_to_json(self, value: IdentitySearchConfig) -> dict[str, JsonValue]:
        return identity_settings(value)

"""What the analysis reads from the record the link stage left in the world's manifest.

``interopsim link`` records its configuration (``parameters``: mode, seed, the biometric
score model, the MID and its verification model) and a summary of its run (``summary``:
yellow cases, wrong verification conclusions, ...) as the world's ``link`` stage
(:class:`schemas.manifest.StageRecord`). This module is the one place that knows where
those values sit; the analysis uses them as the defaults of its own parameters.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import JsonValue

from linkage.biometric import BiometricConfig
from schemas.config import parse
from schemas.errors import ConfigError
from schemas.manifest import Manifest
from schemas.world import World

__all__ = ["LinkRun", "link_run"]


def _get(tree: object, *path: str) -> JsonValue:
    node: object = tree
    for part in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return typing.cast(JsonValue, node)


def _number(x: JsonValue) -> float | None:
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else None


def _count(x: JsonValue) -> int | None:
    return x if isinstance(x, int) and not isinstance(x, bool) else None


@dataclass(frozen=True)
class LinkRun:
    """The link stage's record, read once: its configuration and what it counted."""

    parameters: Mapping[str, JsonValue]
    summary: Mapping[str, JsonValue]

    @property
    def mode(self) -> str | None:
        """``shared`` or ``siloed`` biometric matching, when recorded."""
        mode = self.parameters.get("mode", self.summary.get("mode"))
        return str(mode) if mode else None

    @property
    def biometric(self) -> BiometricConfig | None:
        """The biometric score model the links were made with, when recorded and valid."""
        node = self.parameters.get("biometric")
        if not isinstance(node, Mapping):
            return None
        try:
            return parse(BiometricConfig, node, what="recorded biometric configuration")
        except ConfigError:
            return None

    @property
    def minutes_per_case(self) -> float | None:
        """Minutes of manual work per verification of the link stage's model."""
        configured = _number(_get(self.parameters, "mid", "verification", "minutes_per_case"))
        if configured is not None:
            return configured
        return _number(_get(self.summary, "verification", "minutes_per_case"))

    @property
    def yellow_cases(self) -> int | None:
        """Yellow links ever created (including those later removed with their records)."""
        return _count(_get(self.summary, "verification", "yellow_cases"))

    @property
    def wrong_conclusions(self) -> int | None:
        """Verifications that reached the wrong conclusion, over all cases."""
        return _count(_get(self.summary, "verification", "wrong_conclusions"))

    @property
    def structural_zeros(self) -> Mapping[str, str]:
        """Outcomes the link stage made zero by construction (count key: reason), as it
        declared them in ``summary.structural_zeros`` (keys:
        ``linkage.mid.structural.Count``; a bare list of keys gives empty reasons). They
        are labelled structural, not measured."""
        node = self.summary.get("structural_zeros", self.parameters.get("structural_zeros"))
        if isinstance(node, Mapping):
            return {str(k): str(v) for k, v in node.items()}
        if isinstance(node, list):
            return {x: "" for x in node if isinstance(x, str)}
        return {}

    @classmethod
    def of(cls, manifest: Manifest) -> LinkRun | None:
        """The link stage recorded in ``manifest`` (None when the world was never linked)."""
        record = manifest.stages.get("link")
        if record is None:
            return None
        return cls(parameters=record.parameters, summary=record.summary)


def link_run(world: World) -> LinkRun | None:
    """The record of the link stage of ``world`` (None when the world was never linked)."""
    return LinkRun.of(world.manifest)

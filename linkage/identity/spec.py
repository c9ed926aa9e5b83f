"""What to compare, how to block and how to estimate: the :class:`LinkSpec`.

A spec is a configuration model (:class:`schemas.config.StrictModel`: frozen, unknown
keys refused); each setting states where its default comes from
(:mod:`schemas.provenance`). Comparisons and blocking rules are Python objects
(:mod:`linkage.identity.compare`, :mod:`linkage.identity.blocking`), so a spec is built
in Python; :meth:`LinkSpec.with_settings` changes its scalar settings from a mapping
(e.g. a TOML table), every problem reported at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ConfigDict, field_serializer, model_validator

from linkage.identity.blocking import BlockingRule, LinkType
from linkage.identity.classify import FieldRule
from linkage.identity.compare import Comparison
from schemas.config import StrictModel, parse
from schemas.provenance import assumed, method, sourced

__all__ = ["DEFAULT_THRESHOLD", "LinkSpec", "LinkType"]


#: The match probability at or above which :func:`~linkage.identity.link` keeps a pair
#: unless told otherwise: a pair is kept when a match is more likely than not (the
#: threshold that minimises the expected number of wrong decisions when a false link and
#: a missed one cost the same). ``None`` keeps every candidate pair.
DEFAULT_THRESHOLD = 0.5


class LinkSpec(StrictModel):
    """What to compare, how to block, how to estimate the model.

    >>> from linkage.identity import ExactMatch, LinkSpec, block_on
    >>> spec = LinkSpec(comparisons=[ExactMatch("surname")], blocking=[block_on("city")])
    >>> spec.link_type, spec.u_sample_pairs, spec.m_floor
    ('link_only', 1000000, 0.001)
    >>> spec.with_settings({"seed": 3}).seed
    3
    """

    model_config = ConfigDict(**StrictModel.model_config, arbitrary_types_allowed=True)

    comparisons: tuple[Comparison, ...] = sourced(
        ..., method("the comparisons are the user's model of the data")
    )
    blocking: tuple[BlockingRule, ...] = sourced(
        ..., method("blocking passes, united; a pair found by several is compared once")
    )
    link_type: LinkType = sourced(
        "link_only",
        method(
            "link_only pairs records of different frames only, dedupe_only takes one "
            "frame, link_and_dedupe pairs any two records (Splink's names)"
        ),
    )
    id_column: str | None = sourced(
        None, method("record id column; None numbers the records of each frame from 0")
    )
    rules: tuple[FieldRule, ...] | None = sourced(
        None, method("optional same/similar/different field rules (identity_class column)")
    )
    max_block_pairs: int | None = sourced(
        None, method("blocks with more pairs are skipped and logged; None keeps all"), ge=1
    )
    u_sample_pairs: int = sourced(
        1_000_000,
        method("random pairs compared to estimate u; more pairs resolve rarer levels"),
        ge=1,
    )
    m_floor: float = sourced(
        0.001,
        assumed(
            "no comparison level is rarer than 1 in 1,000 among true matches: one "
            "disagreeing field then costs at most log2(0.001 / u) bits (about -10), so it "
            "cannot veto a pair every other field supports (EM alone drove such levels "
            "to 1e-12 and below on data it was not tuned to)"
        ),
        ge=0.0,
        lt=0.5,
    )
    u_prior_pairs: float = sourced(
        1_000.0,
        method(
            "weight, in pairs, of the prior that keeps each EM session's u near the "
            "random-pair u (it matters only for sessions with few non-matches)"
        ),
        ge=0.0,
    )
    prior_init: float = sourced(0.1, method("EM's starting share of matches"), gt=0.0, lt=1.0)
    em_max_iter: int = sourced(500, method("EM iterations per session at most"), ge=1)
    em_tol: float = sourced(
        1e-5, method("EM stops when no probability moves by more than this"), gt=0.0
    )
    em_max_pairs: int = sourced(
        2_000_000,
        method("pairs per EM session at most (a seeded sample of a larger rule)"),
        ge=1,
    )
    tf_minimum: float = sourced(
        0.0, method("floor of a value's frequency in term-frequency adjustment"), ge=0.0
    )
    chunk_pairs: int = sourced(
        4_000_000, method("pairs compared per batch (bounds temporary memory)"), ge=1
    )
    threads: int | None = sourced(
        None, method("threads that block and compare side by side; None: all cores"), ge=1
    )
    seed: int = sourced(0, method("seed of the random pairs and EM samples"), ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> LinkSpec:
        if not self.comparisons:
            raise ValueError("a LinkSpec needs at least one comparison")
        if not self.blocking:
            raise ValueError("a LinkSpec needs at least one blocking rule")
        names = [c.name for c in self.comparisons]
        if len(set(names)) != len(names):
            raise ValueError(f"comparison names must be unique, got {names}")
        return self

    @field_serializer("comparisons", "blocking", "rules")
    def _describe(self, value: tuple[Any, ...] | None) -> list[str] | None:
        """Comparisons, rules and blocking passes are code: JSON holds their names."""
        if value is None:
            return None
        return [
            getattr(v, "name", None) or getattr(v, "comparison", None) or repr(v) for v in value
        ]

    def with_settings(self, settings: Mapping[str, Any], *, prefix: str = "") -> LinkSpec:
        """This spec with scalar settings replaced; every problem in one ConfigError."""
        current = {name: getattr(self, name) for name in type(self).model_fields}
        return parse(LinkSpec, {**current, **settings}, what="link spec", prefix=prefix)

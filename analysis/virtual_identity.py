"""Identity collisions at real scale from a virtual gallery drawn from the population model.

The world's own identity collisions (:mod:`analysis.scaling`) come from a population of a
few hundred thousand records; the CIR holds up to 300 million
[@statewatch-2019-interoperability-irregular]. As :mod:`analysis.biomodel` does for
biometric templates, this module searches a **probe sample** of the world's stored CIR
records (their identity data as recorded, noise included) against a **virtual gallery**
of ``M`` identities drawn from the same population model
(:func:`synth.sample_identities`, one CIR record each, written with the member state's
spelling and the scenario's noise; the gallery's population groups in the proportions
of the world's stored CIR records), through the identity search the linkage runs
(:func:`linkage.identity.search_identities`: its blocking passes, comparisons and MID
same / similar field rules). Probe and gallery persons are unrelated, so every gallery
record classed *same* or *similar* to a probe is a random identity collision.

- ``q``: same-or-similar gallery records per probe per gallery record; its interval is a
  percentile bootstrap over the probes (a probe with a common name and a default birth
  date draws many matches at once, so the matches are not a Poisson count);
- at a gallery of ``N`` records: ``N q`` matches per search, and ``1 - exp(-N q)`` of the
  searches with at least one (a Poisson number of matches per search with the mean
  ``N q``; with people of unequal name frequency it over-states the share, never the
  mean);
- ``points``: the same searched in nested parts of the virtual gallery (its first
  ``f M`` identities), where the share with a match is counted directly;
- ``direct``: the world's own random collisions (same-or-similar MID links between
  stored CIR records of unrelated persons, :mod:`analysis.mechanisms`) per pair of
  stored CIR records of two systems, against ``q``: where both run, the virtual estimate
  should agree with the direct simulation.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from analysis._tree import Node
from analysis.estimate import Estimate, Method
from analysis.intervals import design_effect
from analysis.mechanisms import PRIORITY, Mechanism
from analysis.truth import WorldData
from linkage.identity import IdentitySearchConfig, Linker
from linkage.identity.classify import DEFAULT_MID_RULES, classify_rules
from schemas.errors import ConfigError
from schemas.rng import stream
from schemas.world import World
from synth import sample_identities
from synth.groups import PopulationGroup
from synth.scenario import Scenario
from synth.scenario_load import scenario_from_dict

__all__ = [
    "SAME_OR_SIMILAR",
    "DirectComparison",
    "VirtualIdentityAt",
    "VirtualIdentityPoint",
    "VirtualIdentityScaling",
    "virtual_identity_scaling",
]

log = logging.getLogger(__name__)

#: The identity classes that make a MID link (white when nothing contradicts them).
SAME_OR_SIMILAR = ("same", "similar")
_PROBE, _GALLERY = "PROBE", "GALLERY"
_COLUMNS = (
    "surname",
    "given_names",
    "surname_at_birth",
    "birth_date",
    "birth_year",
    "sex",
    "nationality",
    "place_of_birth",
    "document_number",
    "document_country",
)
_SHARE = "share of searches"
_PER_SEARCH = "same-or-similar records per search"
_FRACTIONS = (1 / 16, 1 / 8, 1 / 4, 1 / 2, 1.0)
_BOOTSTRAP = 400
_Q_UNIT = "same-or-similar matches per probe per gallery record"
_SOURCE = (
    "probe sample of the world's stored CIR records searched against a virtual gallery "
    "drawn from the scenario's population model (synth.sample_identities) by the linkage's "
    "identity search and MID same/similar rules (linkage.identity.search_identities)"
)


@dataclass(frozen=True, kw_only=True)
class VirtualIdentityPoint(Node):
    """Searches on a part of the virtual gallery: counted directly and from ``q``."""

    gallery_size: float
    searches: float
    share_with_match: Estimate
    share_formula: Estimate
    share_poisson: Estimate
    matches_per_search: Estimate


@dataclass(frozen=True, kw_only=True)
class VirtualIdentityAt(Node):
    """The estimate at one gallery size (extrapolated above the virtual gallery's)."""

    label: str
    gallery_size: float
    extrapolated: bool
    matches_per_search: Estimate
    share_with_match: Estimate
    share_poisson: Estimate


@dataclass(frozen=True, kw_only=True)
class DirectComparison(Node):
    """The world's own random collisions against the virtual gallery's ``q``.

    ``gallery_per_search``: the stored CIR records of other systems a search of the world
    compares with (on average); ``agrees``: the intervals of the two rates overlap.
    """

    random_pairs: Estimate
    compared_pairs: Estimate
    q: Estimate
    gallery_per_search: float
    matches_per_search: Estimate
    virtual_matches_per_search: Estimate
    ratio: Estimate
    agrees: bool


@dataclass(frozen=True, kw_only=True)
class VirtualIdentityScaling(Node):
    """Same-or-similar identity matches per search on virtual galleries (module doc)."""

    source: str
    formula: str
    probes: Estimate
    gallery_size: Estimate
    matches: Estimate
    q: Estimate
    q_same: Estimate
    points: tuple[VirtualIdentityPoint, ...]
    at_sizes: tuple[VirtualIdentityAt, ...]
    at_reference_sizes: Mapping[str, VirtualIdentityAt]
    direct: DirectComparison


# -- probes and gallery -----------------------------------------------------------------------


def _stored_cir(data: WorldData) -> pl.DataFrame:
    """Stored CIR records with their person's population group."""
    groups = data.persons.select("person_id", "population_group")
    return (
        data.records.filter(pl.col("stored") & pl.col("in_cir"))
        .select("record_id", "person_id")
        .join(groups, on="person_id", how="left")
    )


def _probes(world: World, stored: pl.DataFrame, n: int, seed: int) -> pl.DataFrame:
    """The identity columns of a random sample of ``n`` stored CIR records."""
    rng = stream(seed, "analysis.virtual_identity.probes")
    take = min(n, stored.height)
    chosen = np.sort(rng.choice(stored.height, size=take, replace=False))
    ids = stored["record_id"].gather(chosen)
    schema = world.scan("identity_records").collect_schema()
    cols = [c for c in _COLUMNS if c in schema]
    return (
        world.scan("identity_records")
        .filter(pl.col("record_id").is_in(ids.implode()))
        .select("record_id", *cols)
        .collect()
        .sort("record_id")
    )


def _group_counts(stored: pl.DataFrame, m: int) -> dict[str | None, int]:
    """Gallery identities per population group, in the proportions of the stored CIR
    records (``None``: groups the population model does not know, drawn from all)."""
    known = {g.value for g in PopulationGroup}
    shares = (
        stored.with_columns(
            pl.when(pl.col("population_group").is_in(sorted(known)))
            .then(pl.col("population_group"))
            .otherwise(None)
            .alias("g")
        )
        .group_by("g")
        .len()
        .sort("g", nulls_last=True)
    )
    total = max(int(shares["len"].sum()), 1)
    counts = {g: round(m * n / total) for g, n in shares.iter_rows()}
    return {g: c for g, c in counts.items() if c > 0}


_STAGE_SECTIONS = frozenset({"link", "analysis"})


def _scenario(world: World) -> Scenario | None:
    """The world's resolved scenario, or None when its manifest holds no valid one (a
    world built by hand): there is then no population model to draw a gallery from."""
    # The whole scenario's link and analysis sections do not shape the population.
    data = {k: v for k, v in world.manifest.scenario.items() if k not in _STAGE_SECTIONS}
    try:
        return scenario_from_dict(data, "the world's scenario")
    except ConfigError as exc:
        log.info("no virtual identity gallery for %s: %s", world.path, exc)
        return None


def _gallery(scenario: Scenario, stored: pl.DataFrame, m: int, seed: int) -> pl.DataFrame:
    """``m`` recorded identities of the population model (see the module doc)."""
    parts = []
    for group, count in _group_counts(stored, m).items():
        frame = sample_identities(
            scenario,
            seed,
            count,
            groups=None if group is None else [group],
            stream_name=f"analysis.virtual_identity.gallery.{group or 'all'}",
            recorded=True,
        )
        parts.append(frame.drop("system"))
    gallery = pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame()
    # one shuffled order, so that every prefix is a random part of the gallery
    order = stream(seed, "analysis.virtual_identity.order").permutation(gallery.height)
    return gallery.select(pl.all().gather(pl.Series(order)))


def _frames(probes: pl.DataFrame, gallery: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Probes and gallery as the two sources of the search, with every identity column."""

    def shaped(frame: pl.DataFrame) -> pl.DataFrame:
        missing = [c for c in _COLUMNS if c not in frame.columns]
        out = frame.with_columns(pl.lit(None, pl.String).alias(c) for c in missing)
        return out.select(_COLUMNS)

    return {_PROBE: shaped(probes), _GALLERY: shaped(gallery)}


@dataclass(frozen=True)
class _Hits:
    """Per probe, the gallery positions of its same-or-similar matches."""

    probe: npt.NDArray[np.int64]
    gallery: npt.NDArray[np.int64]
    same: npt.NDArray[np.bool_]
    probes: int
    gallery_size: int

    def per_probe(self, limit: int | None = None, same_only: bool = False) -> npt.NDArray[np.int64]:
        """Matches of each probe among the first ``limit`` gallery identities."""
        keep = np.ones(self.probe.size, dtype=bool)
        if limit is not None:
            keep &= self.gallery < limit
        if same_only:
            keep &= self.same
        return np.bincount(self.probe[keep], minlength=self.probes).astype(np.int64)


def _search(probes: pl.DataFrame, gallery: pl.DataFrame) -> _Hits:
    """The identity search of the linkage between probes and gallery: its blocking passes
    and comparisons, classed by its MID field rules (no model is fitted: the classes do
    not depend on one); keep the same-or-similar pairs."""
    spec = IdentitySearchConfig().spec
    linker = Linker(_frames(probes, gallery), spec.model_copy(update={"id_column": None}))
    pairs = linker.candidates()
    levels = linker.compare(pairs.left, pairs.right)
    comparisons = spec.comparisons
    classes = classify_rules(
        {c.name: lv for c, lv in zip(comparisons, levels, strict=True)},
        {c.name: c.labels for c in comparisons},
        spec.rules or DEFAULT_MID_RULES,
    )
    keep = classes <= 1
    left, right = pairs.left[keep], pairs.right[keep]
    n_probes = probes.height
    probe = np.where(left < n_probes, left, right)
    other = np.where(left < n_probes, right, left) - n_probes
    return _Hits(
        probe=probe.astype(np.int64),
        gallery=other.astype(np.int64),
        same=classes[keep] == 0,
        probes=n_probes,
        gallery_size=gallery.height,
    )


# -- estimates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Law:
    """Matches per probe ``h`` of a gallery of ``m`` identities, and the laws they give.

    Poisson: ``h ~ Poisson(M q)`` for every probe, so ``1 - exp(-N q)`` searches with a
    match at ``N``. Gamma-Poisson: a probe's own rate ``q_i`` varies (common and rare
    names) as a gamma law of shape ``k`` and scale ``theta``, fitted to the mean and the
    variance of ``h`` (``k = E^2 / (V - E)``, ``theta = (V - E) / (M E)``), so
    ``1 - (1 + N theta)^-k`` searches with a match (the Poisson law when ``V <= E``).
    ``boot`` holds the bootstrap resamples' (mean, variance) of ``h``.
    """

    h: npt.NDArray[np.int64]
    m: float
    boot: npt.NDArray[np.float64]

    @classmethod
    def of(cls, h: npt.NDArray[np.int64], m: float, seed: int, name: str) -> _Law:
        rng = stream(seed, f"analysis.virtual_identity.bootstrap.{name}")
        boot = np.empty((_BOOTSTRAP, 2))
        for b in range(_BOOTSTRAP):
            x = h[rng.integers(0, h.size, h.size)] if h.size else h
            boot[b] = (x.mean(), x.var()) if h.size else (np.nan, np.nan)
        return cls(h=h, m=m, boot=boot)

    @staticmethod
    def share(mean: float, var: float, m: float, n: float, poisson: bool) -> float:
        if not mean > 0:
            return 0.0
        if poisson or var <= mean:
            return -math.expm1(-n * mean / m)
        theta = (var - mean) / (m * mean)
        k = mean * mean / (var - mean)
        return -math.expm1(-k * math.log1p(n * theta))

    def estimate(
        self, f: Callable[[float, float], float], unit: str, level: float, **kw: object
    ) -> Estimate:
        """``f(mean, variance)`` with its percentile bootstrap interval."""
        if self.h.size == 0:
            return Estimate(None, None, None, 0, Method.BOOTSTRAP, unit)
        value = f(float(self.h.mean()), float(self.h.var()))
        values = np.array([f(float(a), float(b)) for a, b in self.boot])
        tail = (1.0 - level) / 2.0
        lo, hi = np.quantile(values, [tail, 1.0 - tail])
        return Estimate(
            value,
            min(float(lo), value),
            max(float(hi), value),
            int(self.h.size),
            Method.BOOTSTRAP,
            unit,
            **kw,  # type: ignore[arg-type]
        )

    def q(self, level: float) -> Estimate:
        return self.estimate(lambda mean, _v: mean / self.m, _Q_UNIT, level)

    def at(self, n: float, label: str, level: float) -> VirtualIdentityAt:
        """The laws at a gallery of ``n`` records (extrapolated above ``m``)."""
        extra = n > self.m
        kw: dict[str, object] = {"extrapolated": extra}
        return VirtualIdentityAt(
            label=label,
            gallery_size=n,
            extrapolated=extra,
            matches_per_search=self.estimate(
                lambda mean, _v: n * mean / self.m, _PER_SEARCH, level, formula="N q", **kw
            ),
            share_with_match=self.estimate(
                lambda mean, v: self.share(mean, v, self.m, n, poisson=False),
                _SHARE,
                level,
                formula="1 - (1 + N theta)^-k",
                **kw,
            ),
            share_poisson=self.estimate(
                lambda mean, v: self.share(mean, v, self.m, n, poisson=True),
                _SHARE,
                level,
                formula="1 - exp(-N q)",
                **kw,
            ),
        )


def _points(hits: _Hits, level: float, seed: int) -> tuple[VirtualIdentityPoint, ...]:
    """Nested parts of the virtual gallery: the share of probes with a match counted,
    against the laws fitted on the whole gallery."""
    law = _Law.of(hits.per_probe(), float(hits.gallery_size), seed, "all")
    out = []
    for f in _FRACTIONS:
        size = max(round(f * hits.gallery_size), 1)
        h = hits.per_probe(limit=size)
        at = law.at(float(size), f"{f:g}", level)
        out.append(
            VirtualIdentityPoint(
                gallery_size=float(size),
                searches=float(hits.probes),
                share_with_match=Estimate.rate(int((h > 0).sum()), hits.probes, level, unit=_SHARE),
                share_formula=at.share_with_match,
                share_poisson=at.share_poisson,
                matches_per_search=_Law.of(h, float(size), seed, f"{f:g}").estimate(
                    lambda mean, _v: mean, _PER_SEARCH, level
                ),
            )
        )
    return tuple(out)


def _cross_pairs(stored: pl.DataFrame, records: pl.DataFrame) -> float:
    """Pairs of stored CIR records held by two different systems."""
    per_system = records.join(stored.select("record_id"), on="record_id").group_by("system").len()
    n = per_system["len"].to_numpy().astype(np.float64)
    return float((n.sum() ** 2 - (n * n).sum()) / 2)


def _direct(
    data: WorldData,
    links: pl.DataFrame,
    stored: pl.DataFrame,
    law: _Law,
    level: float,
) -> DirectComparison:
    """The world's random same-or-similar links between stored CIR records, as a rate per
    pair of records of two systems, against the virtual gallery's ``q``."""
    random = {
        PRIORITY.index(m) for m in (Mechanism.IDENTITY_COLLISION, Mechanism.BIOMETRIC_FALSE_MATCH)
    }
    cir = data.records.filter(pl.col("stored") & pl.col("in_cir")).select("idx")
    sel = (
        links.filter(
            pl.col("rank").is_in(sorted(random)) & pl.col("identity_class").is_in(SAME_OR_SIMILAR)
        )
        .join(cir.rename({"idx": "idx_a"}), on="idx_a", how="semi")
        .join(cir.rename({"idx": "idx_b"}), on="idx_b", how="semi")
    )
    persons = pl.concat([sel["person_id_a"], sel["person_id_b"]]).unique().sort()
    labels = np.searchsorted(persons.to_numpy(), sel["person_id_a"].to_numpy())
    deff = design_effect(np.bincount(labels)) if labels.size else None
    pairs = _cross_pairs(stored, data.records)
    r = float(stored.height)
    per_search = 2.0 * pairs / r if r else math.nan
    q = law.q(level)
    q_direct = Estimate.scaled_events(
        sel.height, 1.0 / pairs if pairs else math.nan, q.unit, level, design_effect=deff
    )
    virtual = law.at(per_search, "world", level).matches_per_search
    ratio_bounds = (
        None if not (q.lower and q_direct.upper) else q.lower / q_direct.upper,
        None if not (q.value and q_direct.value) else q.value / q_direct.value,
        None if not (q.upper and q_direct.lower) else q.upper / q_direct.lower,
    )
    overlap = (
        None not in (q.lower, q.upper, q_direct.lower, q_direct.upper)
        and (q.lower or 0.0) <= (q_direct.upper or 0.0)
        and (q_direct.lower or 0.0) <= (q.upper or 0.0)
    )
    return DirectComparison(
        random_pairs=Estimate.events(sel.height, "pairs", level, design_effect=deff),
        compared_pairs=Estimate.size(pairs, "pairs of stored CIR records of two systems"),
        q=q_direct,
        gallery_per_search=per_search,
        matches_per_search=Estimate.scaled_events(
            2 * sel.height, 1.0 / r if r else math.nan, _PER_SEARCH, level, design_effect=deff
        ),
        virtual_matches_per_search=virtual,
        ratio=Estimate(
            ratio_bounds[1], ratio_bounds[0], ratio_bounds[2], None, Method.RATIO,
            "virtual q / direct q",
        ),
        agrees=bool(overlap),
    )  # fmt: skip


def virtual_identity_scaling(
    world: World,
    data: WorldData,
    links: pl.DataFrame,
    *,
    gallery_size: int,
    probes: int,
    references: Mapping[str, float],
    seed: int,
    level: float = 0.95,
) -> VirtualIdentityScaling | None:
    """Same-or-similar identity matches on virtual galleries (None when switched off).

    ``links``: the world's links with their mechanism rank
    (:func:`analysis.mechanisms.link_mechanisms`); ``references``: real sizes to
    extrapolate to (``{"cir": 3e8}``).
    """
    stored = _stored_cir(data)
    if gallery_size <= 0 or probes <= 0 or stored.height == 0:
        return None
    scenario = _scenario(world)
    if scenario is None:
        return None
    hits = _search(
        _probes(world, stored, probes, seed), _gallery(scenario, stored, gallery_size, seed)
    )
    m = float(hits.gallery_size)
    law = _Law.of(hits.per_probe(), m, seed, "all")
    same = _Law.of(hits.per_probe(same_only=True), m, seed, "same")
    r = float(stored.height)
    sizes = sorted({r, *(10.0**k for k in range(6, 9)), m})
    return VirtualIdentityScaling(
        source=_SOURCE,
        formula=(
            "matches per search N q; searches with a match 1 - (1 + N theta)^-k "
            "(gamma-Poisson: probes of unequal name frequency), 1 - exp(-N q) (Poisson)"
        ),
        probes=Estimate.size(hits.probes, "searches"),
        gallery_size=Estimate.size(m, "virtual identities"),
        matches=Estimate.events(float(hits.probe.size), "matches", level),
        q=law.q(level),
        q_same=same.q(level),
        points=_points(hits, level, seed),
        at_sizes=tuple(
            law.at(n, "world" if n == r else "virtual gallery" if n == m else f"{n:g}", level)
            for n in sizes
        ),
        at_reference_sizes={k: law.at(n, k, level) for k, n in references.items()},
        direct=_direct(data, links, stored, law, level),
    )

"""How erroneous matches grow with the size of the gallery or population.

**Biometric** (:func:`biometric_scaling`). Every record with biometrics is a 1:N search
of the shared gallery when it is created; the MID links it only to records of *other*
systems (IO Art. 27(5) [@eu-2019-818]) and keeps a link only while both records are
stored (Art. 36), so the count is made over the records still stored at the as-of date
(any two of them were both stored when the later one was searched):

- the impostor comparisons that could have produced a link: for each probe, the stored
  biometric records of other systems registered before it (same-day records count one
  half), minus the true pairs;
- the false biometric matches: links whose basis includes ``biometric`` between records
  of two different persons. Matches between persistent look-alikes (``persons.lookalike_of``:
  relatives, twins) are counted apart: they happen whatever the gallery size, so they add
  a constant per-search rate rather than one that grows with ``N`` (the correlated
  populations that the independence assumption misses [@daugman-identification]).

The ratio of the other (random impostor) false matches to the comparisons estimates the
effective per-comparison false-match rate ``FMR`` of the simulated matcher (after fusion
and threshold, pooled over demographic groups). The simulated points re-count false
matches in sub-worlds that keep a random share of the persons (nested subsamples), and
give the share of searches with at least one false match at each mean gallery size.
The analytic curve is Daugman's ``FPIR(N) = 1 - (1 - FMR)^N`` [@daugman-identification];
it is evaluated at the simulated sizes (as the mean over probes of
``1 - (1 - FMR)^G_i``) and extrapolated to the real sBMS (~400 M templates
[@commission-2025-sbms-launch]) and CIR (up to 300 M records
[@statewatch-2019-interoperability-irregular]) sizes. The formula assumes independent
comparisons: it over-states FPIR for high-quality multi-finger templates and
under-states it for correlated populations.

**Identity data** (:func:`identity_scaling`). Pairs of stored CIR records of two
different persons with the same name and birth date (normalised surname, given names,
full birth date) are identity collisions. For a random population mix the number of
colliding pairs grows as ``C(R) = q * R (R - 1) / 2`` with ``R`` records and ``q`` the
per-pair collision probability; ``q`` is estimated on the whole world, the exponent is
checked by a log-log fit over the subsamples, and ``C``, the expected colliding records
per search ``q (R - 1)`` and the share of searches with a collision
``1 - (1 - q)^(R - 1)`` are extrapolated to the CIR size. This assumes the real
population has the world's mix of names and birth dates (including default 1 January
dates [@bamf-2020-january-first]).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from analysis._tree import Node, omit_if_none
from analysis.biomodel import CurvePoint, ScoreModelScaling
from analysis.estimate import Estimate, Method
from analysis.intervals import design_effect, wilson_interval
from analysis.mechanisms import FigureCounts, Mechanism, key_counts, stored_key_counts
from analysis.truth import WorldData
from analysis.virtual_identity import VirtualIdentityScaling
from schemas.rng import stream

__all__ = [
    "DAUGMAN",
    "BiometricPoint",
    "BiometricScaling",
    "IdentityAtSize",
    "IdentityPoint",
    "IdentityScaling",
    "Scaling",
    "biometric_scaling",
    "identity_scaling",
    "person_draws",
]

#: Daugman's formula of the false-positive identification rate at gallery size N.
DAUGMAN = "FPIR(N) = 1 - (1 - FMR)^N"
_FPIR_UNIT = "share of searches"


@dataclass(frozen=True, kw_only=True)
class BiometricPoint(Node):
    """A simulated sub-world: its mean gallery size and false biometric matches."""

    fraction: float
    gallery_size: float
    searches: float
    extrapolated: bool
    fpir: Estimate
    false_matches: Estimate
    fpir_analytic: Estimate


@dataclass(frozen=True, kw_only=True)
class BiometricScaling(Node):
    """The world's own false biometric matches, their FMR and Daugman's curve."""

    formula: str
    fmr: Estimate
    searches: Estimate
    impostor_comparisons: Estimate
    false_matches: Estimate
    lookalike_false_matches: Estimate
    lookalike_searches: Estimate
    mean_gallery_size: Estimate
    points: tuple[BiometricPoint, ...]
    extrapolation: tuple[CurvePoint, ...]
    at_reference_sizes: Mapping[str, CurvePoint]


@dataclass(frozen=True, kw_only=True)
class IdentityPoint(Node):
    """A simulated sub-population: identity collisions counted and from the formula."""

    fraction: float
    records: float
    extrapolated: bool
    colliding_pairs: Estimate
    share_of_records_colliding: Estimate
    colliding_pairs_formula: Estimate


@dataclass(frozen=True, kw_only=True)
class IdentityAtSize(Node):
    """Identity collisions at a population size (the world's, or extrapolated)."""

    records: float
    extrapolated: bool
    colliding_pairs: Estimate
    collisions_per_search: Estimate
    searches_with_collision: Estimate


@dataclass(frozen=True, kw_only=True)
class IdentityScaling(Node):
    """Records sharing name and birth date with another person's, and their growth."""

    formula: str
    key: str
    records: Estimate
    colliding_pairs: Estimate
    share_of_records_colliding: Estimate
    q: Estimate
    exponent: Estimate
    points: tuple[IdentityPoint, ...]
    at_reference_sizes: Mapping[str, IdentityAtSize]
    q_random: Estimate | None = field(default=None, metadata=omit_if_none())
    related_per_search: Estimate | None = field(default=None, metadata=omit_if_none())


@dataclass(frozen=True, kw_only=True)
class Scaling(Node):
    """Errors versus gallery or population size: the world's own biometric matches, the
    score model's, the world's identity collisions and (unless switched off) the virtual
    identity gallery's (:mod:`analysis.virtual_identity`)."""

    biometric: BiometricScaling
    biometric_model: ScoreModelScaling
    identity: IdentityScaling
    identity_virtual: VirtualIdentityScaling | None = field(default=None, metadata=omit_if_none())


def person_draws(persons: pl.Series, seed: int, name: str) -> pl.DataFrame:
    """One uniform draw per person (nested subsamples keep persons with ``u < f``)."""
    rng = stream(seed, name)
    ids = persons.sort()
    return pl.DataFrame({"person_id": ids, "u": rng.random(ids.len())})


# -- biometric ---------------------------------------------------------------------------------


def _days(s: pl.Series) -> npt.NDArray[np.int64]:
    return s.cast(pl.Int64).to_numpy()


def _gallery_sizes(bio: pl.DataFrame) -> npt.NDArray[np.float64]:
    """For each probe, the records of other systems in ``bio`` registered before it
    (same-day records count one half, so the sizes sum to the cross-system pairs)."""
    reg = _days(bio["registered_on"])
    codes = bio["system"].cast(pl.Categorical).to_physical().to_numpy()
    total = np.zeros(bio.height, dtype=np.float64)
    for s in np.unique(codes):
        mask = codes == s
        r_s = np.sort(reg[mask])
        before = np.searchsorted(r_s, reg, side="left").astype(np.float64)
        same_day = np.searchsorted(r_s, reg, side="right") - before
        total += np.where(mask, 0.0, before + 0.5 * same_day)
    return total


def _curve_point(fmr: Estimate, n: float, label: str) -> CurvePoint:
    """Daugman's formula at gallery size ``n`` (its interval from the FMR interval)."""

    def fpir(rate: float | None) -> float | None:
        return None if rate is None else -math.expm1(n * math.log1p(-rate))

    def times_n(rate: float | None) -> float | None:
        return None if rate is None else n * rate

    return CurvePoint(
        label=label,
        gallery_size=n,
        extrapolated=True,
        fpir=Estimate(
            fpir(fmr.value),
            fpir(fmr.lower),
            fpir(fmr.upper),
            None,
            Method.EXTRAPOLATION,
            _FPIR_UNIT,
            extrapolated=True,
            formula=DAUGMAN,
        ),
        false_matches_per_search=Estimate(
            times_n(fmr.value),
            times_n(fmr.lower),
            times_n(fmr.upper),
            None,
            Method.EXTRAPOLATION,
            "false candidates per search",
            extrapolated=True,
            formula="N * FMR",
        ),
    )


def _extrapolation_sizes(
    largest: float, references: Mapping[str, float]
) -> list[tuple[str, float]]:
    """Powers of ten above the world's gallery up to the largest reference, then those."""
    out: list[tuple[str, float]] = []
    top = max(references.values())
    k = math.floor(math.log10(max(largest, 1.0))) + 1
    while 10.0**k < top:
        out.append((f"1e{k}", 10.0**k))
        k += 1
    out += sorted(references.items(), key=lambda kv: kv[1])
    return out


@dataclass(frozen=True)
class _FalseMatches:
    """The world's false biometric links between stored records, split by look-alikes."""

    random: pl.DataFrame  # probe (record idx), person_id_a, person_id_b
    lookalike: pl.DataFrame


def _false_matches(data: WorldData) -> _FalseMatches:
    links = data.links.filter(pl.col("stored_a") & pl.col("stored_b"))
    mates = data.persons.select(
        pl.col("person_id").alias("person_id_a"), pl.col("lookalike_of").alias("_mate")
    )
    all_false = (
        links.filter(pl.col("basis_biometric") & ~pl.col("same"))
        .select(pl.col("idx_a").alias("probe"), "person_id_a", "person_id_b")
        .join(mates, on="person_id_a", how="left")
        .with_columns(
            (pl.col("_mate") == pl.col("person_id_b")).fill_null(False).alias("lookalike")
        )
        .drop("_mate")
    )
    return _FalseMatches(
        random=all_false.filter(~pl.col("lookalike")),
        lookalike=all_false.filter(pl.col("lookalike")),
    )


def _simulated_points(
    bio: pl.DataFrame,
    false_bio: pl.DataFrame,
    draws: pl.DataFrame,
    g_all: npt.NDArray[np.float64],
    fmr: Estimate,
    fractions: tuple[float, ...],
    level: float,
) -> tuple[BiometricPoint, ...]:
    """False matches re-counted in nested sub-worlds keeping a share of the persons."""
    u = draws.rename({"u": "u_a", "person_id": "person_id_a"})
    fb = (
        false_bio.join(u, on="person_id_a", how="left")
        .join(u.rename({"u_a": "u_b", "person_id_a": "person_id_b"}), on="person_id_b", how="left")
        .with_columns(pl.max_horizontal("u_a", "u_b").alias("u_max"))
    )
    points: list[BiometricPoint] = []
    for f in fractions:
        keep = bio.filter(pl.col("u") < f) if f < 1.0 else bio
        if keep.height == 0:
            continue
        g = _gallery_sizes(keep) if f < 1.0 else g_all
        fb_f = fb.filter(pl.col("u_max") < f) if f < 1.0 else fb
        hits = int(keep["idx"].is_in(fb_f["probe"].unique().implode()).sum())
        analytic = (
            None if fmr.value is None else float(np.mean(-np.expm1(g * math.log1p(-fmr.value))))
        )
        points.append(
            BiometricPoint(
                fraction=f,
                gallery_size=float(g.mean()),
                searches=keep.height,
                extrapolated=False,
                fpir=Estimate.rate(hits, keep.height, level, unit=_FPIR_UNIT),
                false_matches=Estimate.size(fb_f.height, "pairs"),
                fpir_analytic=Estimate.point(
                    analytic, _FPIR_UNIT, Method.FORMULA, formula="mean_i 1 - (1 - FMR)^G_i"
                ),
            )
        )
    return tuple(points)


def biometric_scaling(
    data: WorldData,
    pairs: pl.DataFrame,
    fractions: tuple[float, ...],
    references: Mapping[str, float],
    seed: int,
    level: float = 0.95,
) -> BiometricScaling:
    """Biometric false matches versus gallery size (see the module docstring)."""
    draws = person_draws(data.persons["person_id"], seed, "analysis.scaling.biometric")
    bio = (
        data.records.filter(pl.col("has_bio") & pl.col("stored"))
        .select("idx", "person_id", "system", "registered_on")
        .join(draws, on="person_id", how="left")
    )
    false = _false_matches(data)
    g_all = _gallery_sizes(bio)
    mated = pairs.filter(pl.col("both_bio")).height
    comparisons = max(float(g_all.sum()) - mated, 0.0)
    fmr = Estimate.rate(
        false.random.height,
        comparisons,
        level,
        unit="false matches per comparison",
        note="effective per-comparison false-match rate of the simulated matcher",
    )
    largest = float(g_all.mean()) if g_all.size else 1.0
    lookalike_probes = bio["idx"].is_in(false.lookalike["probe"].unique().implode())
    return BiometricScaling(
        formula=f"{DAUGMAN} (Daugman; [@daugman-identification])",
        fmr=fmr,
        searches=Estimate.size(bio.height, "searches"),
        impostor_comparisons=Estimate.size(comparisons, "comparisons"),
        false_matches=Estimate.size(false.random.height, "pairs"),
        lookalike_false_matches=Estimate.size(false.lookalike.height, "pairs"),
        lookalike_searches=Estimate.rate(
            int(lookalike_probes.sum()), bio.height, level, unit=_FPIR_UNIT
        ),
        mean_gallery_size=Estimate.size(largest, "templates"),
        points=_simulated_points(bio, false.random, draws, g_all, fmr, fractions, level),
        extrapolation=tuple(
            _curve_point(fmr, n, label) for label, n in _extrapolation_sizes(largest, references)
        ),
        at_reference_sizes={label: _curve_point(fmr, n, label) for label, n in references.items()},
    )


# -- identity data -----------------------------------------------------------------------------


def _pairs_and_colliding(per: pl.DataFrame) -> tuple[int, int]:
    """(colliding pairs of different persons, records colliding) of (key, person) counts."""
    shared = per.filter(pl.len().over("h") > 1)  # a key of one person collides with no one
    if shared.height == 0:
        return 0, 0
    by_key = shared.group_by("h").agg(
        pl.col("c").sum().alias("n"), (pl.col("c") ** 2).sum().alias("s2")
    )
    pairs = by_key.select(((pl.col("n") ** 2 - pl.col("s2")) // 2).sum()).item()
    return int(pairs or 0), int(by_key["n"].sum() or 0)


def _collisions_from_counts(per: pl.DataFrame) -> tuple[int, int, int]:
    """(records with a key, colliding pairs of different persons, records colliding)."""
    if per.height == 0:
        return 0, 0, 0
    return (int(per["c"].sum()), *_pairs_and_colliding(per))


def _collisions(recs: pl.DataFrame) -> tuple[int, int, int]:
    """(records with a key, colliding pairs of different persons, records colliding)."""
    return _collisions_from_counts(key_counts(recs))


def _pair_design_effect(per: pl.DataFrame) -> float:
    """Design effect of the colliding pairs: they come in clusters of one key each."""
    shared = per.filter(pl.len().over("h") > 1)
    if shared.height == 0:
        return 1.0
    by_key = shared.group_by("h").agg(
        ((pl.col("c").sum() ** 2 - (pl.col("c") ** 2).sum()) // 2).alias("pairs")
    )
    return design_effect(by_key["pairs"].to_numpy())


def _identity_points(
    per: pl.DataFrame, law: _IdentityLaw, fractions: tuple[float, ...], level: float
) -> tuple[IdentityPoint, ...]:
    """Collisions re-counted in nested sub-populations keeping a share of the persons."""
    points: list[IdentityPoint] = []
    shared = per.filter(pl.len().over("h") > 1)  # only these keys can collide in a part
    for f in fractions:
        kept = pl.col("u") < f
        r = int(per.filter(kept)["c"].sum()) if f < 1.0 else int(per["c"].sum())
        if r == 0:
            continue
        c, colliding = _pairs_and_colliding(shared.filter(kept) if f < 1.0 else shared)
        points.append(
            IdentityPoint(
                fraction=f,
                records=r,
                extrapolated=False,
                colliding_pairs=Estimate.size(c, "pairs"),
                share_of_records_colliding=Estimate.rate(colliding, r, level),
                colliding_pairs_formula=Estimate.point(
                    None
                    if law.q.value is None
                    else (law.c.value or 0.0) * r / 2 + law.q.value * r * (r - 1) / 2,
                    "pairs",
                    Method.FORMULA,
                    formula=_PAIRS,
                ),
            )
        )
    return tuple(points)


def _growth_exponent(points: tuple[IdentityPoint, ...]) -> Estimate:
    """The exponent b of ``C = a R^b`` fitted by least squares on the log-log points."""
    unit = "exponent b of C = a R^b"
    xy = [
        (math.log(p.records), math.log(c))
        for p in points
        if (c := p.colliding_pairs.value or 0.0) > 0 and p.records > 1
    ]
    x_arr, y_arr = np.asarray([x for x, _ in xy]), np.asarray([y for _, y in xy])
    if x_arr.size < 2 or float(np.ptp(x_arr)) <= 0:
        return Estimate.point(None, unit, Method.FIT)
    xc = x_arr - x_arr.mean()
    slope = float((xc * (y_arr - y_arr.mean())).sum() / (xc * xc).sum())
    return Estimate.point(slope, unit, Method.FIT, note="least squares on log-log points")


@dataclass(frozen=True)
class _IdentityLaw:
    """Collisions per search ``c`` from related persons (constant) and the per-pair rate
    ``q`` of random collisions: ``C(R) = c R / 2 + q R (R - 1) / 2``."""

    c: Estimate
    q: Estimate

    def bounds(self) -> list[tuple[float, float]]:
        """(c, q) at the value, the lower and the upper bound (None read as 0)."""
        return [
            (cv or 0.0, qv or 0.0)
            for cv, qv in (
                (self.c.value, self.q.value),
                (self.c.lower, self.q.lower),
                (self.c.upper, self.q.upper),
            )
        ]


_PAIRS = "c R / 2 + q R (R - 1) / 2"
_PER_SEARCH = "c + q (R - 1)"
_AT_LEAST_ONE = "1 - (1 - c) (1 - q)^(R - 1)"


def _identity_at(law: _IdentityLaw, label: str, size: float) -> IdentityAtSize:
    """Collisions at ``size`` records from the law (bounds from the bounds of c and q)."""
    extrapolated = label != "world"
    method = Method.EXTRAPOLATION if extrapolated else Method.FORMULA
    if law.q.value is None:
        none = Estimate(None, None, None, None, method, "", extrapolated=extrapolated)
        return IdentityAtSize(
            records=size,
            extrapolated=extrapolated,
            colliding_pairs=none,
            collisions_per_search=none,
            searches_with_collision=none,
        )

    def at(formula: str, unit: str, f: Callable[[float, float, float], float]) -> Estimate:
        v, lo, hi = (f(c, q, size) for c, q in law.bounds())
        return Estimate(v, lo, hi, None, method, unit, extrapolated=extrapolated, formula=formula)

    return IdentityAtSize(
        records=size,
        extrapolated=extrapolated,
        colliding_pairs=at(_PAIRS, "pairs", lambda c, q, r: c * r / 2 + q * r * (r - 1) / 2),
        collisions_per_search=at(
            _PER_SEARCH, "colliding records per search", lambda c, q, r: c + q * (r - 1)
        ),
        searches_with_collision=at(
            _AT_LEAST_ONE,
            _FPIR_UNIT,
            _at_least_one,
        ),
    )


def _at_least_one(c: float, q: float, r: float) -> float:
    """``1 - (1 - c) (1 - q)^(R - 1)`` (1 when ``c`` or ``q`` reaches 1)."""
    if c >= 1.0 or q >= 1.0:
        return 1.0
    return -math.expm1(math.log1p(-c) + (r - 1) * math.log1p(-q))


def _split_law(counts: FigureCounts, r: int, level: float) -> _IdentityLaw:
    """The law's ``c`` and ``q`` from the world's collisions by mechanism (clustered
    Poisson intervals: a common name and birth date makes many pairs at once)."""
    world = {m: c[-1] for m, c in counts.counts.items()}
    random = world[Mechanism.IDENTITY_COLLISION]
    related = sum(v for m, v in world.items() if m is not Mechanism.IDENTITY_COLLISION)
    deff_random = counts.design_effects[Mechanism.IDENTITY_COLLISION] / 2.0
    deff_related = max(
        (d for m, d in counts.design_effects.items() if m is not Mechanism.IDENTITY_COLLISION),
        default=1.0,
    )
    pairs = r * (r - 1) / 2
    q = Estimate.scaled_events(
        random / 2.0,
        1.0 / pairs if pairs else math.nan,
        "random colliding pairs per record pair",
        level,
        design_effect=max(deff_random, 1.0),
    )
    c = Estimate.scaled_events(
        related,
        1.0 / r if r else math.nan,
        "colliding records per search from related persons",
        level,
        design_effect=deff_related,
    )
    return _IdentityLaw(c=c, q=q)


def identity_scaling(
    data: WorldData,
    fractions: tuple[float, ...],
    cir_records: float,
    seed: int,
    level: float = 0.95,
    counts: FigureCounts | None = None,
    keys: pl.DataFrame | None = None,
) -> IdentityScaling:
    """Identity-data (name + birth date) collisions versus population size.

    With ``counts`` (the collisions by mechanism of :mod:`analysis.mechanisms`) the
    collisions between related persons (an impostor and the real holder of the identity,
    relatives, look-alikes) grow linearly and only the random ones quadratically;
    without, every collision is taken as random. ``keys``: the stored records' key
    counts (:func:`analysis.mechanisms.stored_key_counts`) when already computed.
    """
    draws = person_draws(data.persons["person_id"], seed, "analysis.scaling.identity")
    keys = stored_key_counts(data) if keys is None else keys
    per = keys.join(draws, on="person_id", how="left")
    r_all, c_all, colliding_all = _collisions_from_counts(per)
    q = Estimate.rate(
        c_all,
        r_all * (r_all - 1) / 2,
        level,
        unit="colliding pairs per record pair",
        design_effect=_pair_design_effect(per),
        note="pairs share records, so the interval is approximate",
    )
    if counts is None:
        law = _IdentityLaw(c=Estimate.point(0.0, "colliding records per search"), q=q)
    else:
        law = _split_law(counts, r_all, level)
    points = _identity_points(per, law, fractions, level)
    lo, hi = wilson_interval(colliding_all, max(r_all, 1), level)
    return IdentityScaling(
        formula=f"C(R) = {_PAIRS} (c: related persons, q: random mix of the world's identities)",
        key="normalised surname | given names | full birth date",
        records=Estimate.size(r_all, "records"),
        colliding_pairs=Estimate.size(c_all, "pairs"),
        share_of_records_colliding=Estimate(
            colliding_all / r_all if r_all else None,
            float(lo) if r_all else None,
            float(hi) if r_all else None,
            r_all,
            Method.WILSON,
            "share",
            count=colliding_all,
        ),
        q=q,
        q_random=law.q,
        related_per_search=law.c,
        exponent=_growth_exponent(points),
        points=points,
        at_reference_sizes={
            label: _identity_at(law, label, size)
            for label, size in (("world", float(r_all)), ("cir", cir_records))
        },
    )

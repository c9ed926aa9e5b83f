"""How erroneous matches grow with the size of the gallery or population.

**Biometric** (:func:`biometric_scaling`). Every record with biometrics is a 1:N search
of the shared gallery when it is created; the MID links it only to records of *other*
systems (IO Art. 27(5), domain.md §2.3) and keeps a link only while both records are
stored (Art. 36), so the count is made over the records still stored at the as-of date
(any two of them were both stored when the later one was searched):

- the impostor comparisons that could have produced a link: for each probe, the stored
  biometric records of other systems registered before it (same-day records count one
  half), minus the true pairs;
- the false biometric matches: links whose basis includes ``biometric`` between records
  of two different persons. Matches between persistent look-alikes (``persons.lookalike_of``:
  relatives, twins) are counted apart: they happen whatever the gallery size, so they add
  a constant per-search rate rather than one that grows with ``N`` (the correlated
  populations of domain.md §3.6).

The ratio of the other (random impostor) false matches to the comparisons estimates the
effective per-comparison false-match rate ``FMR`` of the simulated matcher (after fusion
and threshold, pooled over demographic groups). The simulated points re-count false
matches in sub-worlds that keep a random share of the persons (nested subsamples), and
give the share of searches with at least one false match at each mean gallery size.
The analytic curve is Daugman's ``FPIR(N) = 1 - (1 - FMR)^N`` (domain.md §3.6 [30]);
it is evaluated at the simulated sizes (as the mean over probes of
``1 - (1 - FMR)^G_i``) and extrapolated to the real sBMS (~400 M templates, §2.1 [19])
and CIR (up to 300 M records, §2.1 [37]) sizes. The formula assumes independent
comparisons: it over-states FPIR for high-quality multi-finger templates and
under-states it for correlated populations (§3.6).

**Identity data** (:func:`identity_scaling`). Pairs of stored CIR records of two
different persons with the same name and birth date (normalised surname, given names,
full birth date) are identity collisions. For a random population mix the number of
colliding pairs grows as ``C(R) = q * R (R - 1) / 2`` with ``R`` records and ``q`` the
per-pair collision probability; ``q`` is estimated on the whole world, the exponent is
checked by a log-log fit over the subsamples, and ``C``, the expected colliding records
per search ``q (R - 1)`` and the share of searches with a collision
``1 - (1 - q)^(R - 1)`` are extrapolated to the CIR size. This assumes the real
population has the world's mix of names and birth dates (including default 1 January
dates, §3.7).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from analysis.figures import Figure, point_figure, rate_figure, size_figure
from analysis.intervals import wilson_interval
from analysis.truth import WorldData
from schemas.rng import stream

__all__ = ["biometric_scaling", "identity_scaling", "person_draws"]


def person_draws(persons: pl.Series, seed: int, name: str) -> pl.DataFrame:
    """One uniform draw per person (nested subsamples keep persons with ``u < f``)."""
    rng = stream(seed, name)
    ids = persons.sort()
    return pl.DataFrame({"person_id": ids, "u": rng.random(ids.len())})


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


def _curve_point(fmr: Figure, n: float, label: str) -> dict[str, Any]:
    def fpir(rate: float | None) -> float | None:
        return None if rate is None else -math.expm1(n * math.log1p(-rate))

    fig = Figure(
        fpir(fmr.value),
        fpir(fmr.lower),
        fpir(fmr.upper),
        None,
        "extrapolation",
        "share of searches",
        extrapolated=True,
        formula="FPIR(N) = 1 - (1 - FMR)^N",
    )
    expected = Figure(
        None if fmr.value is None else n * fmr.value,
        None if fmr.lower is None else n * fmr.lower,
        None if fmr.upper is None else n * fmr.upper,
        None,
        "extrapolation",
        "false candidates per search",
        extrapolated=True,
        formula="N * FMR",
    )
    return {
        "label": label,
        "gallery_size": n,
        "extrapolated": True,
        "fpir": fig.to_json(),
        "false_matches_per_search": expected.to_json(),
    }


def _extrapolation_sizes(largest: float, references: dict[str, float]) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    top = max(references.values())
    k = math.floor(math.log10(max(largest, 1.0))) + 1
    while 10.0**k < top:
        out.append((f"1e{k}", 10.0**k))
        k += 1
    out += sorted(references.items(), key=lambda kv: kv[1])
    return out


def biometric_scaling(
    data: WorldData,
    pairs: pl.DataFrame,
    fractions: tuple[float, ...],
    references: dict[str, float],
    seed: int,
    level: float = 0.95,
) -> dict[str, Any]:
    """Biometric false matches versus gallery size (see the module docstring)."""
    recs = data.records
    bio = recs.filter(pl.col("has_bio") & pl.col("stored")).select(
        "idx", "person_id", "system", "registered_on"
    )
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
    lookalike_bio = all_false.filter(pl.col("lookalike"))
    false_bio = all_false.filter(~pl.col("lookalike"))
    mated_pairs = pairs.filter(pl.col("both_bio"))
    draws = person_draws(data.persons["person_id"], seed, "analysis.scaling.biometric")
    bio = bio.join(draws, on="person_id", how="left")
    g_all = _gallery_sizes(bio)
    comparisons = max(float(g_all.sum()) - mated_pairs.height, 0.0)
    fmr = rate_figure(false_bio.height, comparisons, level, unit="false matches per comparison")
    fmr = Figure(
        fmr.value,
        fmr.lower,
        fmr.upper,
        int(comparisons),
        "wilson",
        "false matches per comparison",
        count=false_bio.height,
        note="effective per-comparison false-match rate of the simulated matcher",
    )
    u = draws.rename({"u": "u_a", "person_id": "person_id_a"})
    fb = (
        false_bio.join(u, on="person_id_a", how="left")
        .join(u.rename({"u_a": "u_b", "person_id_a": "person_id_b"}), on="person_id_b", how="left")
        .with_columns(pl.max_horizontal("u_a", "u_b").alias("u_max"))
    )
    points: list[dict[str, Any]] = []
    for f in fractions:
        keep = bio.filter(pl.col("u") < f) if f < 1.0 else bio
        if keep.height == 0:
            continue
        g = _gallery_sizes(keep) if f < 1.0 else g_all
        fb_f = fb.filter(pl.col("u_max") < f) if f < 1.0 else fb
        hit_probes = fb_f["probe"].unique()
        probes = keep.height
        hits = int(keep["idx"].is_in(hit_probes.implode()).sum())
        sim = rate_figure(hits, probes, level, unit="share of searches")
        analytic = (
            None if fmr.value is None else float(np.mean(-np.expm1(g * math.log1p(-fmr.value))))
        )
        points.append(
            {
                "fraction": f,
                "gallery_size": float(g.mean()),
                "searches": probes,
                "extrapolated": False,
                "fpir": sim.to_json(),
                "false_matches": size_figure(fb_f.height, "pairs").to_json(),
                "fpir_analytic": point_figure(
                    analytic, "share of searches", "formula", formula="mean_i 1 - (1 - FMR)^G_i"
                ).to_json(),
            }
        )
    largest = float(g_all.mean()) if g_all.size else 1.0
    extrapolated = [
        _curve_point(fmr, n, label) for label, n in _extrapolation_sizes(largest, references)
    ]
    at = {label: _curve_point(fmr, n, label) for label, n in references.items()}
    return {
        "formula": "FPIR(N) = 1 - (1 - FMR)^N (Daugman; domain.md §3.6 [30])",
        "fmr": fmr.to_json(),
        "searches": size_figure(bio.height, "searches").to_json(),
        "impostor_comparisons": size_figure(comparisons, "comparisons").to_json(),
        "false_matches": size_figure(false_bio.height, "pairs").to_json(),
        "lookalike_false_matches": size_figure(lookalike_bio.height, "pairs").to_json(),
        "lookalike_searches": rate_figure(
            int(bio["idx"].is_in(lookalike_bio["probe"].unique().implode()).sum()),
            bio.height,
            level,
            unit="share of searches",
        ).to_json(),
        "mean_gallery_size": size_figure(largest, "templates").to_json(),
        "points": points,
        "extrapolation": extrapolated,
        "at_reference_sizes": at,
    }


def _key_counts(recs: pl.DataFrame) -> pl.DataFrame:
    """Records per (key, person), the key replaced by its 64-bit hash for speed (a hash
    collision between two of a few million keys has a probability below 1e-6)."""
    return (
        recs.filter(pl.col("key").is_not_null())
        .group_by(pl.col("key").hash().alias("h"), "person_id")
        .agg(pl.len().alias("c"))
    )


def _collisions_from_counts(per: pl.DataFrame) -> tuple[int, int, int]:
    """(records with a key, colliding pairs of different persons, records colliding)."""
    if per.height == 0:
        return 0, 0, 0
    by_key = per.group_by("h").agg(
        pl.col("c").sum().alias("n"), (pl.col("c") ** 2).sum().alias("s2"), pl.len().alias("p")
    )
    pairs = by_key.select(((pl.col("n") ** 2 - pl.col("s2")) // 2).sum()).item()
    colliding = by_key.filter(pl.col("p") > 1)["n"].sum()
    return int(per["c"].sum()), int(pairs or 0), int(colliding or 0)


def _collisions(recs: pl.DataFrame) -> tuple[int, int, int]:
    """(records with a key, colliding pairs of different persons, records colliding)."""
    return _collisions_from_counts(_key_counts(recs))


def identity_scaling(
    data: WorldData,
    fractions: tuple[float, ...],
    cir_records: float,
    seed: int,
    level: float = 0.95,
) -> dict[str, Any]:
    """Identity-data (name + birth date) collisions versus population size."""
    recs = data.records.filter(pl.col("stored") & pl.col("in_cir")).select("person_id", "key")
    draws = person_draws(data.persons["person_id"], seed, "analysis.scaling.identity")
    per = _key_counts(recs).join(draws, on="person_id", how="left")
    r_all, c_all, colliding_all = _collisions_from_counts(per)
    total_pairs = r_all * (r_all - 1) / 2
    q = rate_figure(c_all, total_pairs, level, unit="colliding pairs per record pair")
    q = Figure(
        q.value,
        q.lower,
        q.upper,
        int(total_pairs),
        "wilson",
        "colliding pairs per record pair",
        count=c_all,
        note="pairs share records, so the interval is approximate",
    )
    points: list[dict[str, Any]] = []
    xs: list[float] = []
    ys: list[float] = []
    for f in fractions:
        sub = per.filter(pl.col("u") < f) if f < 1.0 else per
        r, c, colliding = _collisions_from_counts(sub)
        if r == 0:
            continue
        points.append(
            {
                "fraction": f,
                "records": r,
                "extrapolated": False,
                "colliding_pairs": size_figure(c, "pairs").to_json(),
                "share_of_records_colliding": rate_figure(colliding, r, level).to_json(),
                "colliding_pairs_formula": point_figure(
                    None if q.value is None else q.value * r * (r - 1) / 2,
                    "pairs",
                    "formula",
                    formula="q * R (R - 1) / 2",
                ).to_json(),
            }
        )
        if c > 0 and r > 1:
            xs.append(math.log(r))
            ys.append(math.log(c))
    exponent: dict[str, Any]
    x_arr, y_arr = np.asarray(xs), np.asarray(ys)
    if x_arr.size >= 2 and float(np.ptp(x_arr)) > 0:
        xc = x_arr - x_arr.mean()
        slope = float((xc * (y_arr - y_arr.mean())).sum() / (xc * xc).sum())
        exponent = point_figure(
            float(slope), "exponent b of C = a R^b", "fit", note="least squares on log-log points"
        ).to_json()
    else:
        exponent = point_figure(None, "exponent b of C = a R^b", "fit").to_json()

    def extrapolate(qv: float | None, r: float) -> tuple[float | None, float | None, float | None]:
        if qv is None:
            return None, None, None
        return qv * r * (r - 1) / 2, qv * (r - 1), -math.expm1((r - 1) * math.log1p(-qv))

    at: dict[str, Any] = {}
    references: tuple[tuple[str, float], ...] = (("world", float(r_all)), ("cir", cir_records))
    for label, size in references:
        vals = [extrapolate(x, size) for x in (q.value, q.lower, q.upper)]
        names = (
            ("colliding_pairs", "pairs", "q * R (R - 1) / 2"),
            ("collisions_per_search", "colliding records per search", "q * (R - 1)"),
            ("searches_with_collision", "share of searches", "1 - (1 - q)^(R - 1)"),
        )
        entry: dict[str, Any] = {"records": size, "extrapolated": label != "world"}
        for i, (key, unit, formula) in enumerate(names):
            entry[key] = Figure(
                vals[0][i],
                vals[1][i],
                vals[2][i],
                None,
                "extrapolation" if label != "world" else "formula",
                unit,
                extrapolated=label != "world",
                formula=formula,
            ).to_json()
        at[label] = entry
    lo, hi = wilson_interval(colliding_all, max(r_all, 1), level)
    return {
        "formula": "C(R) = q * R (R - 1) / 2 (random mix of the world's identities)",
        "key": "normalised surname | given names | full birth date",
        "records": size_figure(r_all, "records").to_json(),
        "colliding_pairs": size_figure(c_all, "pairs").to_json(),
        "share_of_records_colliding": Figure(
            colliding_all / r_all if r_all else None,
            float(lo) if r_all else None,
            float(hi) if r_all else None,
            r_all,
            "wilson",
            "share",
            count=colliding_all,
        ).to_json(),
        "q": q.to_json(),
        "exponent": exponent,
        "points": points,
        "at_reference_sizes": at,
    }

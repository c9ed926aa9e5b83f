"""Simulated counterparts of the biometric reference cases.

Each function takes the built worlds (:class:`Evidence`) and returns an
:class:`~analysis.estimate.Estimate`. They read the score model the default world was
linked with (``LinkResult.config.biometric``), the score-model scaling of its
:class:`~analysis.Metrics` (``scaling.biometric_model``), its tables and its links with
the truth, and ask the score model through :func:`linkage.biometric.expected_by_cell`.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from analysis.estimate import Estimate, Method
from analysis.intervals import poisson_interval
from analysis.validation.case import CaseUnavailable
from analysis.validation.evidence import STEADY, Evidence
from linkage.biometric import BiometricConfig, expected_by_cell
from linkage.biometric.config import EES_FMR_1TO1, NIST_HIGH_FMR_ORIGINS

__all__ = [
    "EURODAC_2008_GALLERY",
    "NIST_FACE_GALLERY",
    "REFERENCE_ORIGIN",
    "eurodac_false_hits_per_search",
    "face_fnir_rank_one",
    "face_fnmr_1to1",
    "face_origin_ratio",
    "face_sex_ratio",
    "fingerprint_fnir_at_threshold",
    "fingerprint_fnmr_1to1",
    "fnir_gallery_ratio",
    "fpir_at_sbms_size",
    "fpir_log_slope",
    "mated_pairs_missed",
    "sis_false_hit_share",
    "virtual_search_over_law",
]

REFERENCE_ORIGIN = "eastern_europe"
"""The origin group NISTIR 8280's face false-match ratios are stated against (its lowest)."""

EURODAC_2008_GALLERY = 1.5e6
"""Gallery size assumed for Eurodac in 2007-2008: the number of searches of the period
(the gallery size itself is not in the bibliography; an assumption of this project)."""

_CONDITIONS = "reference conditions (adults, good captures, both taken the same day)"


def _score_model(ev: Evidence) -> BiometricConfig:
    return ev.biometric


def fingerprint_fnmr_1to1(ev: Evidence) -> Estimate:
    """Fingerprint verification FNMR at FMR 5e-4 under reference conditions."""
    fnmr = _score_model(ev).fingerprint.genuine.fnmr(EES_FMR_1TO1)
    return Estimate.point(fnmr, "share of genuine comparisons", Method.FORMULA, note=_CONDITIONS)


def face_fnmr_1to1(ev: Evidence) -> Estimate:
    """Face verification FNMR at FMR 5e-4 under reference conditions."""
    fnmr = _score_model(ev).face.genuine.fnmr(EES_FMR_1TO1)
    return Estimate.point(fnmr, "share of genuine comparisons", Method.FORMULA, note=_CONDITIONS)


def fingerprint_fnir_at_threshold(ev: Evidence) -> Estimate:
    """Fingerprint FNIR at the sBMS decision threshold under reference conditions."""
    model = _score_model(ev)
    fnir = model.fingerprint.genuine.fnmr(model.fmr)
    return Estimate.point(
        fnir,
        "share of mated searches",
        Method.FORMULA,
        note=f"{_CONDITIONS}; decision threshold FMR {model.fmr:.3g} per comparison",
    )


def _biometric_model(ev: Evidence) -> object:
    scaling = ev.world(STEADY.name).metrics.scaling
    model = getattr(scaling, "biometric_model", None)
    if model is None or not getattr(model, "curve", ()):
        raise CaseUnavailable("the metrics hold no score-model curve (no biometric captures)")
    return model


def fpir_at_sbms_size(ev: Evidence) -> Estimate:
    """FPIR of the score model at the sBMS size, with the world's demographic mix."""
    model = _biometric_model(ev)
    point = getattr(model, "at_reference_sizes", {}).get("sbms")
    if point is None:
        raise CaseUnavailable("the metrics hold no FPIR at the sBMS size")
    fpir: Estimate = point.fpir
    return fpir


def fpir_log_slope(ev: Evidence) -> Estimate:
    """Slope of log FPIR against log gallery size between 1e5 and 1e7 (1 = linear)."""
    curve = getattr(_biometric_model(ev), "curve", ())
    pts = [
        (p.gallery_size, p.fpir.value)
        for p in curve
        if 1e5 <= p.gallery_size <= 1e7 and p.fpir.value is not None and p.fpir.value > 0
    ]
    if len(pts) < 2:
        raise CaseUnavailable("fewer than two FPIR points between 1e5 and 1e7")
    x = np.log10([n for n, _ in pts])
    y = np.log10([f for _, f in pts])
    slope = float(np.polyfit(x, y, 1)[0])
    sizes = ", ".join(f"{n:.3g}" for n, _ in pts)
    return Estimate.point(
        slope, "d log FPIR / d log N", Method.FIT, note=f"score model at gallery sizes {sizes}"
    )


NIST_FACE_GALLERY = 12.3e6
"""People in the gallery of the NIST face identification test of 2018 [@nistir-8238]."""


def face_fnir_rank_one(ev: Evidence) -> Estimate:
    """Face-only FNIR at the threshold where a search of 12.3 million returns about one
    impostor: the model's stand-in for a rank-one miss."""
    fmr = 1.0 / NIST_FACE_GALLERY
    fnir = _score_model(ev).face.genuine.fnmr(fmr)
    return Estimate.point(
        fnir,
        "share of mated searches",
        Method.FORMULA,
        note=f"{_CONDITIONS}; face only, threshold FMR {fmr:.2g} per comparison (about one "
        "impostor per search of 12.3 million)",
    )


def fnir_gallery_ratio(ev: Evidence) -> Estimate:
    """FNIR at 6e6 over FNIR at 1e5: the model's decision threshold does not depend on N."""
    model = _score_model(ev)
    fnir = model.fingerprint.genuine.fnmr(model.fmr)
    return Estimate.point(
        fnir / fnir if fnir > 0 else None,
        "FNIR(6e6) / FNIR(1e5)",
        Method.FORMULA,
        structural=True,
        note="the decision threshold is fixed, and genuine scores do not depend on the "
        "gallery, so FNIR is the same at every size",
    )


def virtual_search_over_law(ev: Evidence) -> Estimate:
    """False matches drawn on the virtual galleries over those the law expects (pooled)."""
    points = getattr(_biometric_model(ev), "virtual_points", ())
    hits = sum(float(p.fpir.count or 0.0) for p in points)
    expected = sum(float(p.fpir_expected.value or 0.0) * p.searches for p in points)
    if expected <= 0:
        raise CaseUnavailable("no virtual-gallery search with an expected false match")
    lo, hi = poisson_interval(hits, ev.level)
    return Estimate(
        hits / expected,
        float(lo) / expected,
        float(hi) / expected,
        int(sum(p.searches for p in points)),
        Method.POISSON,
        "searches with a false match: simulated / expected",
        count=hits,
        note=f"{hits:.0f} simulated against {expected:.2f} expected, over "
        f"{len(points)} virtual gallery sizes",
    )


def _common_cell(ev: Evidence) -> tuple[str, str]:
    """The sex-independent part (age band) of the world's most common phenotype cell."""
    caps = ev.world(STEADY.name).table("captures")
    cells = caps["phenotype_cell"].drop_nulls().value_counts(sort=True, name="n")
    if cells.height == 0:
        raise CaseUnavailable("the world has no phenotype cells")
    _, band, region = str(cells["phenotype_cell"][0]).split("|")
    return band, region


def _matched_face_fmr(config: BiometricConfig, cell: str) -> float:
    """Face false matches per comparison of demographically matched impostors of ``cell``."""
    frame = expected_by_cell({cell: 1}, {cell: 1_000_000}, config, modalities="face")
    return float(frame["false_hits_expected"][0]) / 1_000_000


def _ratio(num: float, den: float, unit: str, note: str) -> Estimate:
    value = num / den if den > 0 else None
    return Estimate.point(value, unit, Method.RATIO, formula="expected_by_cell", note=note)


def face_sex_ratio(ev: Evidence) -> Estimate:
    """Face FMR of matched female impostor pairs over that of matched male pairs."""
    band, _ = _common_cell(ev)
    config = _score_model(ev)
    women = _matched_face_fmr(config, f"F|{band}|{REFERENCE_ORIGIN}")
    men = _matched_face_fmr(config, f"M|{band}|{REFERENCE_ORIGIN}")
    by_sex = getattr(_biometric_model(ev), "by_group_at_sbms", {}).get("sex", {})
    fused = ""
    if "F" in by_sex and "M" in by_sex and by_sex["M"].value:
        fused = (
            f"; fused fingerprint + face FPIR at the sBMS size, women / men: "
            f"{by_sex['F'].value / by_sex['M'].value:.2f}"
        )
    note = f"face only, age band {band}, origin {REFERENCE_ORIGIN}{fused}"
    return _ratio(women, men, "face FMR ratio, women / men", note)


def face_origin_ratio(ev: Evidence) -> Estimate:
    """Face FMR of matched impostors of a high-FMR origin over the reference origin."""
    band, _ = _common_cell(ev)
    config = _score_model(ev)
    high = NIST_HIGH_FMR_ORIGINS[0]
    num = _matched_face_fmr(config, f"M|{band}|{high}")
    den = _matched_face_fmr(config, f"M|{band}|{REFERENCE_ORIGIN}")
    note = f"face only, men, age band {band}: {high} / {REFERENCE_ORIGIN}"
    return _ratio(num, den, f"face FMR ratio, {high} / {REFERENCE_ORIGIN}", note)


def mated_pairs_missed(ev: Evidence) -> Estimate:
    """Share of true cross-system pairs with biometrics both sides that the sBMS missed."""
    data = ev.world(STEADY.name).data
    pairs = data.pairs.filter(pl.col("both_bio"))
    if pairs.height == 0:
        raise CaseUnavailable("no true pair with biometrics on both sides")
    links = data.links.select("lo", "hi", "biometric_state")
    joined = pairs.join(links, on=["lo", "hi"], how="left")
    failed = int((joined["biometric_state"] == "not_compared").sum())
    compared = joined.filter(pl.col("biometric_state").ne("not_compared").fill_null(True))
    missed = int(compared["biometric_state"].ne("same").fill_null(True).sum())
    return Estimate.rate(
        missed,
        compared.height,
        ev.level,
        unit="share of mated pairs without a biometric match",
        note=f"{compared.height} true cross-system pairs with biometrics on both sides "
        f"({failed} more where a capture failed are left out)",
    )


def sis_false_hit_share(ev: Evidence) -> Estimate:
    """Share of the sBMS matches involving a SIS record that join two different persons."""
    links = ev.world(STEADY.name).data.links
    sis = links.filter(
        pl.col("basis_biometric") & (pl.col("system_a").eq("SIS") | pl.col("system_b").eq("SIS"))
    )
    false = int((~sis["same"]).sum())
    return Estimate.rate(
        false,
        sis.height,
        ev.level,
        unit="share of biometric matches with a SIS record that are false",
        note="MID links whose basis includes an sBMS match, one end a SIS alert",
    )


def eurodac_false_hits_per_search(ev: Evidence) -> Estimate:
    """Expected fingerprint false matches per Eurodac search at the 2008 gallery size."""
    caps = ev.world(STEADY.name).table("captures")
    cells = (
        caps.filter(
            pl.col("record_id").str.starts_with("EURODAC") & ~pl.col("failed").fill_null(True)
        )
        .unique("record_id")["phenotype_cell"]
        .drop_nulls()
    )
    if cells.len() == 0:
        raise CaseUnavailable("no Eurodac capture in the world")
    counts = cells.value_counts(name="n")
    probes = dict(zip(counts["phenotype_cell"].to_list(), counts["n"].to_list(), strict=True))
    total = float(cells.len())
    gallery = {c: round(n / total * EURODAC_2008_GALLERY) for c, n in probes.items()}
    frame = expected_by_cell(probes, gallery, _score_model(ev), modalities="fingerprint")
    w = frame["probes"].to_numpy().astype(np.float64)
    per_search = float(w @ frame["false_hits_expected"].to_numpy() / w.sum())
    return Estimate.point(
        per_search if math.isfinite(per_search) else None,
        "false matches per search",
        Method.EXTRAPOLATION,
        extrapolated=True,
        formula="expected_by_cell",
        note=f"fingerprints only, Eurodac records' demographic mix, gallery "
        f"{EURODAC_2008_GALLERY:.3g} (assumed); look-alikes not included",
    )

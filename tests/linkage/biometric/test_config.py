"""Configuration of the sBMS score model: defaults, calibration, validation, presets."""

from __future__ import annotations

import math
from statistics import NormalDist

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkage.biometric import BiometricConfig
from linkage.biometric.config import (
    EES_FMR_1TO1,
    EES_FNIR_FINGERPRINT,
    EES_FNMR_FACE,
    EES_FNMR_FINGERPRINT,
    PRESETS,
    SBMS_FMR,
    SBMS_FMR_PLAUSIBLE,
    FusionRule,
    GenuineScores,
    calibrate_genuine,
)
from linkage.biometric.scores import raw_threshold
from schemas.config import parse
from schemas.errors import ConfigError
from schemas.provenance import Tag, parameters


def test_default_fmr_holds_the_ees_fpir_at_sbms_scale() -> None:
    # FPIR 1e-3 at N = 4e8 under independence needs FMR ~ 2.5e-12.
    assert pytest.approx(2.5e-12, rel=1e-3) == SBMS_FMR
    config = BiometricConfig()
    assert config.fmr == SBMS_FMR
    assert 10**-config.threshold == pytest.approx(config.fmr, rel=1e-12)
    assert config.candidate_threshold == config.threshold


def test_the_fmr_has_a_plausible_range_around_the_ees_derivation() -> None:
    """One decade either side: a matcher ten times better than the EES ceiling at sBMS
    size, or the ceiling met only at a tenth of it (what the real-scale interval uses)."""
    provenance = {p.key: p.provenance for p in parameters(BiometricConfig())}["fmr"]
    assert provenance is not None
    assert provenance.plausible == SBMS_FMR_PLAUSIBLE
    low, high = SBMS_FMR_PLAUSIBLE
    assert low == pytest.approx(SBMS_FMR / 10, rel=1e-3)
    assert high == pytest.approx(SBMS_FMR * 10, rel=1e-3)


def test_every_numeric_score_assumption_has_a_plausible_range() -> None:
    for p in parameters(BiometricConfig()):
        prov = p.provenance
        assert prov is not None, p.key
        if prov.tag is Tag.ASSUMPTION and isinstance(p.value, float):
            assert prov.plausible is not None, p.key
            assert prov.plausible[0] <= p.value <= prov.plausible[1], p.key


def test_default_genuine_laws_meet_the_ees_targets() -> None:
    config = BiometricConfig()
    fp, face = config.fingerprint.genuine, config.face.genuine
    assert fp.fnmr(EES_FMR_1TO1) == pytest.approx(EES_FNMR_FINGERPRINT, rel=1e-9)
    assert fp.fnmr(SBMS_FMR) == pytest.approx(EES_FNIR_FINGERPRINT, rel=1e-9)
    assert face.fnmr(EES_FMR_1TO1) == pytest.approx(EES_FNMR_FACE, rel=1e-9)
    # Fused fingerprint + face (sum rule, independent genuine scores): EES wants FNIR <= 1 %.
    x_t = raw_threshold(config.threshold, FusionRule.SUM)
    fused_fnir = NormalDist(fp.mean + face.mean, math.hypot(fp.sd, face.sd)).cdf(x_t)
    assert fused_fnir < 0.01


def test_penalties_raise_the_false_non_match_rate() -> None:
    fp = BiometricConfig().fingerprint.genuine
    assert fp.fnmr(SBMS_FMR, penalty_sd=1.0) > fp.fnmr(SBMS_FMR)


@given(
    mean=st.floats(5, 200),
    sd=st.floats(0.5, 80),
    t1=st.floats(1, 8),
    gap=st.floats(1, 10),
)
def test_calibration_recovers_a_normal_law(mean: float, sd: float, t1: float, gap: float) -> None:
    t2 = t1 + gap
    law = NormalDist(mean, sd)
    f1, f2 = law.cdf(t1), law.cdf(t2)
    if not (1e-12 < f1 < f2 < 1 - 1e-12) or f2 - f1 < 1e-6:
        return
    got_mean, got_sd = calibrate_genuine(((10**-t1, f1), (10**-t2, f2)))
    assert got_mean == pytest.approx(mean, rel=1e-4, abs=1e-4)
    assert got_sd == pytest.approx(sd, rel=1e-4)


def test_calibration_rejects_inconsistent_points() -> None:
    with pytest.raises(ConfigError, match="increasing"):
        calibrate_genuine(((1e-3, 0.05), (1e-6, 0.01)))
    with pytest.raises(ConfigError):
        calibrate_genuine(((0.0, 0.05), (1e-6, 0.01)))


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"fmr": 0.0}, "fmr"),
        ({"fmr": 1.5}, "fmr"),
        ({"fmr": 1e-6, "candidate_fmr": 1e-7}, "candidate_fmr"),
        ({"fusion": "product"}, "fusion"),
        ({"threshold_typo": 3}, "threshold_typo"),
    ],
)
def test_invalid_values_raise_config_error_naming_the_key(
    kwargs: dict[str, object], key: str
) -> None:
    with pytest.raises(ConfigError, match=key):
        parse(BiometricConfig, kwargs, what="biometric configuration")


def test_nested_errors_name_the_dotted_key() -> None:
    data = BiometricConfig().model_dump()
    data["face"]["impostor"]["cross_sex_factor"] = -1
    with pytest.raises(ConfigError, match=r"face\.impostor\.cross_sex_factor"):
        parse(BiometricConfig, data, what="biometric configuration")
    data = BiometricConfig().model_dump()
    data["face"]["impostor"]["origin_multiplier"] = {"east_asia": 0.0}
    with pytest.raises(ConfigError, match="origin_multiplier"):
        parse(BiometricConfig, data, what="biometric configuration")
    with pytest.raises(ConfigError, match=r"link\.biometric\.sd: 0\.0 is not allowed"):
        parse(GenuineScores, {"mean": 3.0, "sd": 0.0}, what="score model", prefix="link.biometric.")


def test_config_round_trips_through_a_mapping() -> None:
    config = BiometricConfig(fmr=1e-6, fusion=FusionRule.MAX)
    assert parse(BiometricConfig, config.model_dump(), what="biometric configuration") == config
    assert parse(BiometricConfig, config.model_dump(mode="json"), what="JSON") == config


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_build(name: str) -> None:
    config = BiometricConfig.preset(name)
    assert isinstance(config, BiometricConfig)
    assert PRESETS[name].description


def test_presets_differ_where_they_say() -> None:
    low = BiometricConfig.preset("ees").face.impostor
    high = BiometricConfig.preset("nist8280_high").face.impostor
    none = BiometricConfig.preset("no_differentials").face.impostor
    assert high.sex_multiplier["F"] > low.sex_multiplier["F"] >= 2
    assert high.origin_multiplier["west_africa"] == 100
    assert not none.sex_multiplier
    assert none.cross_sex_factor == 1
    assert BiometricConfig.preset("ees", fmr=1e-5).fmr == 1e-5


def test_unknown_preset_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="nist8280_high"):
        BiometricConfig.preset("nist")

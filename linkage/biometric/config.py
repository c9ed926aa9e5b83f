"""Parameters of the simulated shared Biometric Matching Service (sBMS).

Scores are *calibrated*: a comparison score ``s`` is ``-log10`` of the probability that a
reference impostor pair scores ``s`` or more. The reference impostor pair is two different
bodies of the reference group (male, adult, a reference origin) that share sex, age band and
origin, the "demographically matched" impostors that published FMR figures are measured on.
So a threshold ``t`` has a per-comparison false match rate ``FMR = 10**-t`` for that pair,
and every other pair's FMR is a multiple of it (:class:`ImpostorScores`).

Every field states where its default comes from as field metadata
(:func:`schemas.provenance.sourced`). The models are :class:`schemas.config.StrictModel`
s; :func:`schemas.config.parse` turns invalid input into a :class:`ConfigError` naming
every dotted key, the value and what is allowed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist
from typing import Any

from pydantic import Field, model_validator

from schemas.config import StrictModel, parse
from schemas.errors import ConfigError
from schemas.provenance import Tag, assumed, cited, derived, method, sourced

__all__ = [
    "EES_FMR_1TO1",
    "EES_FNIR_FINGERPRINT",
    "EES_FNMR_FACE",
    "EES_FNMR_FINGERPRINT",
    "EES_FPIR",
    "PRESETS",
    "SBMS_FMR_PLAUSIBLE",
    "SBMS_TEMPLATES",
    "BiometricConfig",
    "FaceScores",
    "FusionRule",
    "GenuineScores",
    "ImpostorScores",
    "LookalikeScores",
    "ModalityScores",
    "Preset",
    "SearchMode",
    "calibrate_genuine",
]

# --- Published operating points: the EES accuracy requirements of Implementing Decision
# (EU) 2019/329, Annex 1.2 [@eu-2019-329], as reported by [@biometricupdate-2019-ees-standards].
EES_FMR_1TO1 = 5e-4
"""EES verification (1:1) FMR at which the FNMR targets hold."""
EES_FNMR_FINGERPRINT = 0.005
"""EES fingerprint verification FNMR < 0.5 % at FMR 0.05 %."""
EES_FNMR_FACE = 0.01
"""EES face verification FNMR < 1 % at FMR 0.05 %."""
EES_FPIR = 1e-3
"""EES fingerprint identification (1:N) FPIR 0.1 %."""
EES_FNIR_FINGERPRINT = 0.015
"""EES fingerprint identification FNIR 1.5 % at FPIR 0.1 %."""
SBMS_TEMPLATES = 4e8
"""Templates held by the sBMS, about 400 million [@commission-2025-sbms-launch]."""


def _fmr_for_fpir(fpir: float, n: float) -> float:
    # Same formula as linkage.biometric.scaling.fmr_for_fpir (kept here to avoid a cycle).
    return -math.expm1(math.log1p(-fpir) / n)


SBMS_FMR = _fmr_for_fpir(EES_FPIR, SBMS_TEMPLATES)
"""FPIR 1e-3 at N = 4e8 under independence [@daugman-identification] needs FMR ~ 2.5e-12."""

SBMS_FMR_PLAUSIBLE = (_fmr_for_fpir(1e-4, SBMS_TEMPLATES), _fmr_for_fpir(EES_FPIR, 4e7))
"""The range of the per-comparison FMR a sensitivity analysis varies: from a matcher ten
times better than the EES ceiling at the sBMS size (FPIR 1e-4 at 4e8: ~2.5e-13) to one
that meets the ceiling only at a gallery ten times smaller (FPIR 1e-3 at 4e7: ~2.5e-11)."""


class FusionRule(StrEnum):
    """How the two modalities' scores are fused when both were compared."""

    SUM = "sum"
    """Sum of the calibrated scores (Fisher's combination of the two false-match
    probabilities), re-calibrated so the fused score is again -log10 of the reference
    pair's false-match probability. With exponential impostor tails the calibrated score is
    the impostor log-density up to a constant, so this is a sum of log-likelihood terms."""
    MAX = "max"
    """The larger calibrated score (OR rule), re-calibrated the same way."""


class SearchMode(StrEnum):
    """Which gallery a new enrolment is searched against."""

    SHARED = "shared"
    """One gallery for all systems: the sBMS of the interoperability regulations."""
    SILOED = "siloed"
    """Each system searches only its own gallery, as before interoperability."""

    @classmethod
    def parse(cls, value: SearchMode | str) -> SearchMode:
        """``value`` as a mode; :class:`ConfigError` naming the known modes otherwise."""
        try:
            return cls(value)
        except ValueError:
            known = ", ".join(m.value for m in cls)
            raise ConfigError(f"unknown search mode {value!r}; known: {known}") from None


OperatingPoints = tuple[tuple[float, float], tuple[float, float]]
"""Two ``(fmr, fnmr)`` operating points."""


def calibrate_genuine(points: OperatingPoints) -> tuple[float, float]:
    """Mean and sd of a normal genuine-score law through two ``(fmr, fnmr)`` operating points.

    A point says: at the threshold whose reference-pair FMR is ``fmr`` (score
    ``-log10(fmr)``), a share ``fnmr`` of genuine comparisons falls below it.
    """
    (fmr1, fnmr1), (fmr2, fnmr2) = points
    for fmr, fnmr in points:
        if not (0 < fmr < 1 and 0 < fnmr < 1):
            raise ConfigError(f"operating point ({fmr}, {fnmr}) must lie in (0, 1) x (0, 1)")
    t1, t2 = -math.log10(fmr1), -math.log10(fmr2)
    z1, z2 = NormalDist().inv_cdf(fnmr1), NormalDist().inv_cdf(fnmr2)
    if (t2 - t1) * (z2 - z1) <= 0:
        raise ConfigError(
            f"operating points must have FNMR increasing as FMR decreases; got {points!r}"
        )
    sd = (t2 - t1) / (z2 - z1)
    return t1 - z1 * sd, sd


_EES_POINTS = cited(
    "eu-2019-329",
    "biometricupdate-2019-ees-standards",
    tag=Tag.SECONDARY,
    note="EES operating points: verification FNMR 0.5 % (fingerprint) / 1 % (face) at FMR "
    "0.05 %, identification FNIR 1.5 % at FPIR 0.1 %",
)
_CALIBRATED = derived(
    "eu-2019-329",
    "biometricupdate-2019-ees-standards",
    "commission-2025-sbms-launch",
    note="per modality, the normal law through two EES operating points: FNMR at FMR 5e-4 "
    "(1:1) and FNIR 1.5 % at the sBMS-scale FMR ~2.5e-12 (see BiometricConfig.fmr); the face "
    "reuses the fingerprint FNIR because the EES sets no face-only 1:N figure",
)
_NO_PENALTY_SOURCE = (
    "capture conditions shift genuine scores down; age and capture quality are the main "
    "factors for fingerprints [@jrc-2013-children-fingerprints; @jrc-2018-children-to-elderly], "
    "but no figure of the size of the shift per unit was found; per modality"
)


class GenuineScores(StrictModel):
    """Genuine (mated) comparison scores: normal, shifted down by poor capture conditions.

    ``score = mean + sd * (Z - penalty)``, ``Z`` standard normal, with ``penalty`` (in sd
    units) the sum of: ``quality_sd_per_point * max(0, quality_reference - min(q_a, q_b))``;
    ``ageing_sd_per_year * years between the captures`` (times ``child_ageing_factor`` when
    the earlier capture was taken before ``child_age``); and, for each capture,
    ``child_sd_per_year * max(0, child_age - age)`` and
    ``elderly_sd_per_year * max(0, age - elderly_age)``. Reference conditions (no penalty):
    both qualities at least ``quality_reference``, adults, captured the same day. ``mean``
    and ``sd`` come from the EES operating points (:func:`calibrate_genuine`).
    """

    mean: float = sourced(provenance=_CALIBRATED, description="mean score at reference conditions")
    sd: float = sourced(provenance=_CALIBRATED, gt=0, description="standard deviation")
    quality_reference: float = sourced(
        60.0,
        assumed(
            "capture quality (0-100) from which quality costs nothing; " + _NO_PENALTY_SOURCE,
            plausible=(40.0, 80.0),
        ),
        ge=0,
        le=100,
    )
    quality_sd_per_point: float = sourced(
        0.02,
        assumed(
            "score shift per quality point below the reference; " + _NO_PENALTY_SOURCE,
            plausible=(0.0, 0.05),
        ),
        ge=0,
    )
    ageing_sd_per_year: float = sourced(
        0.01,
        assumed(
            "score shift per year between the two captures (fingerprint 0.01, face 0.05: faces "
            "age faster); " + _NO_PENALTY_SOURCE,
            plausible=(0.0, 0.1),
        ),
        ge=0,
    )
    child_ageing_factor: float = sourced(
        3.0,
        assumed(
            "ageing counts this many times when the earlier capture is a child's; "
            + _NO_PENALTY_SOURCE,
            plausible=(1.0, 5.0),
        ),
        ge=0,
    )
    child_age: int = sourced(
        12,
        assumed("age below which a capture is penalised as a child's; " + _NO_PENALTY_SOURCE),
        ge=0,
        le=120,
    )
    child_sd_per_year: float = sourced(
        0.1,
        assumed(
            "score shift per year under child_age (fingerprint 0.1, face 0.05); "
            + _NO_PENALTY_SOURCE,
            plausible=(0.0, 0.2),
        ),
        ge=0,
    )
    elderly_age: int = sourced(
        65,
        assumed(
            "age above which a capture is penalised as an elderly person's (the lower end "
            "of the elderly ages of [@jrc-2018-children-to-elderly]); " + _NO_PENALTY_SOURCE
        ),
        ge=0,
        le=120,
    )
    elderly_sd_per_year: float = sourced(
        0.02,
        assumed(
            "score shift per year over elderly_age (fingerprint 0.02, face 0.01); "
            + _NO_PENALTY_SOURCE,
            plausible=(0.0, 0.05),
        ),
        ge=0,
    )

    @classmethod
    def from_operating_points(cls, points: OperatingPoints, **penalties: Any) -> GenuineScores:
        """A model whose reference-condition FNMR passes through two ``(fmr, fnmr)`` points."""
        mean, sd = calibrate_genuine(points)
        return cls(mean=mean, sd=sd, **penalties)

    def fnmr(self, fmr: float, penalty_sd: float = 0.0) -> float:
        """Share of genuine comparisons below the threshold of ``fmr`` (given a penalty)."""
        t = -math.log10(fmr)
        return NormalDist().cdf((t - self.mean) / self.sd + penalty_sd)


_UNMATCHED = assumed(
    "demographically unmatched impostors match less often than matched ones, the direction "
    "[@nistir-8280] reports, but no factor was read there: face 0.1 (sex, origin) and 0.5 "
    "(age band), fingerprint 1 (no differential)",
    "nistir-8280",
    plausible=(0.01, 1.0),
)


class ImpostorScores(StrictModel):
    """Impostor (non-mated) scores and their demographic differentials.

    The score of an impostor pair is ``log10(m) + E`` with ``P(E >= e) = 10**-e``, so its
    FMR at threshold ``t`` is exactly ``min(1, m * 10**-t)``, and the score above ``t`` is
    ``max(t, log10 m)`` plus a fresh ``E`` (memoryless tail). The multiplier of the pair
    (probe body ``p``, gallery body ``g``) is ``sqrt(m_p * m_g)`` times a factor per
    attribute on which the two bodies differ, where ``m_x`` is the product of the group
    multipliers of body ``x`` (sex, origin, child, elderly). Two bodies of one group get
    that group's multiplier; demographically matched pairs of the reference group get 1.

    Face defaults follow NISTIR 8280 [@nistir-8280]; fingerprints have no demographic
    multiplier by default because no comparable study was found: their evidence concerns
    age and capture quality, modelled in :class:`GenuineScores`.
    """

    sex_multiplier: dict[str, float] = sourced(
        provenance=cited(
            "nistir-8280",
            tag=Tag.SECONDARY,
            note="face false matches 2-5x higher for women, as reported of NISTIR 8280: 2 "
            "(lower bound); fingerprint none (no comparable study found)",
        ),
        default_factory=dict,
    )
    origin_multiplier: dict[str, float] = sourced(
        provenance=cited(
            "nistir-8280",
            tag=Tag.RECALLED,
            note="face false matches 10-100x higher for West and East African and East Asian "
            "people: 10 (lower bound); fingerprint none",
        ),
        default_factory=dict,
    )
    child_multiplier: float = sourced(
        1.0,
        assumed(
            "higher false matches for the youngest, reported without a usable figure "
            "[@nistir-8280]: face 2, fingerprint 1",
            "nistir-8280",
            plausible=(1.0, 10.0),
        ),
        gt=0,
    )
    elderly_multiplier: float = sourced(
        1.0,
        assumed(
            "higher false matches for the oldest, reported without a usable figure "
            "[@nistir-8280]: face 2, fingerprint 1",
            "nistir-8280",
            plausible=(1.0, 10.0),
        ),
        gt=0,
    )
    child_max_age: int = sourced(
        17, method("age bands ending at or below this count as children (minors)"), ge=0, le=120
    )
    elderly_min_age: int = sourced(
        55,
        assumed("the capture model's top age band (55+) counts as elderly"),
        ge=0,
        le=120,
    )
    cross_sex_factor: float = sourced(1.0, _UNMATCHED, gt=0)
    cross_age_band_factor: float = sourced(1.0, _UNMATCHED, gt=0)
    cross_origin_factor: float = sourced(1.0, _UNMATCHED, gt=0)

    @model_validator(mode="after")
    def _positive_multipliers(self) -> ImpostorScores:
        for name in ("sex_multiplier", "origin_multiplier"):
            for key, value in getattr(self, name).items():
                if not (value > 0 and math.isfinite(value)):
                    raise ValueError(f"{name}[{key!r}] must be a positive number, got {value}")
        return self


_LOOKALIKE = (
    "no published figure for how alike the faces of persistent look-alikes (mostly "
    "identical twins) score"
)


class LookalikeScores(StrictModel):
    """Face scores of a body against its persistent look-alike (the same wrong pair).

    ``score = mean + sd_pair * Z_pair + sd_noise * Z`` where ``Z_pair`` is fixed for the pair
    of bodies (derived from their template keys and the seed), so a pair that matches once
    tends to match at every encounter, and ``Z`` is fresh per comparison.

    **How many look-alikes** there are is not a parameter of the link stage: the world
    draws them (the scenario's ``population.lookalike_share``, bounded by twin-birth
    rates [@smits-monden-2011-twinning]) and records them as the ``lookalike_key`` of
    face captures; the sBMS sees a look-alike pair only there, so the prevalence the
    biometric layer works with is the world's, whatever it is. Fingerprints have no
    look-alike model: the world gives no fingerprint a look-alike (the ridge detail of
    twins differs), and a look-alike key on a fingerprint capture would be scored as
    any other impostor pair.
    """

    mean: float = sourced(
        14.0,
        assumed(
            _LOOKALIKE + ": 14, above the 1:N threshold of about 11.6 in most encounters (face "
            "recognition confuses identical twins)",
            plausible=(8.0, 20.0),
        ),
    )
    sd_pair: float = sourced(
        3.0, assumed(_LOOKALIKE + ": spread between pairs", plausible=(1.0, 5.0)), ge=0
    )
    sd_noise: float = sourced(
        1.0, assumed(_LOOKALIKE + ": spread between encounters", plausible=(0.5, 2.0)), ge=0
    )


class ModalityScores(StrictModel):
    """The score model of one modality (each part's fields state their sources)."""

    genuine: GenuineScores
    impostor: ImpostorScores = Field(default_factory=ImpostorScores)

    @property
    def persistent_lookalike(self) -> LookalikeScores | None:
        """The look-alike score model (faces only; None for a modality without one)."""
        return None


class FaceScores(ModalityScores):
    """The face's score model: genuine, impostor and persistent look-alike scores."""

    lookalike: LookalikeScores = Field(default_factory=LookalikeScores)

    @property
    def persistent_lookalike(self) -> LookalikeScores | None:
        """The look-alike score model of faces."""
        return self.lookalike


def _default_fingerprint() -> ModalityScores:
    return ModalityScores(
        # Reference conditions meet both EES fingerprint targets exactly: FNMR 0.5 % at
        # FMR 5e-4 (1:1) and FNIR 1.5 % at the 1:N threshold SBMS_FMR.
        genuine=GenuineScores.from_operating_points(
            ((EES_FMR_1TO1, EES_FNMR_FINGERPRINT), (SBMS_FMR, EES_FNIR_FINGERPRINT)),
            quality_sd_per_point=0.02,
            ageing_sd_per_year=0.01,
            child_ageing_factor=3.0,
            child_age=12,
            child_sd_per_year=0.1,
            elderly_age=65,
            elderly_sd_per_year=0.02,
        ),
        impostor=ImpostorScores(),
    )


NIST_HIGH_FMR_ORIGINS = ("west_africa", "east_africa", "east_asia")
"""Origins with the highest face FMR in NISTIR 8280 [@nistir-8280]."""


def _face_impostor(sex: float, origin: float, age: float) -> ImpostorScores:
    return ImpostorScores(
        sex_multiplier={"F": sex},
        origin_multiplier=dict.fromkeys(NIST_HIGH_FMR_ORIGINS, origin),
        child_multiplier=age,
        elderly_multiplier=age,
        cross_sex_factor=0.1,
        cross_age_band_factor=0.5,
        cross_origin_factor=0.1,
    )


def _default_face() -> FaceScores:
    return FaceScores(
        # FNMR 1 % at FMR 5e-4 (EES face 1:1); at the 1:N threshold the fingerprint FNIR
        # 1.5 % is reused (the EES sets no face-only 1:N figure). The fused fingerprint +
        # face FNIR is then well under the 1 % EES target.
        genuine=GenuineScores.from_operating_points(
            ((EES_FMR_1TO1, EES_FNMR_FACE), (SBMS_FMR, EES_FNIR_FINGERPRINT)),
            quality_sd_per_point=0.02,
            ageing_sd_per_year=0.05,
            child_ageing_factor=3.0,
            child_age=12,
            child_sd_per_year=0.05,
            elderly_age=65,
            elderly_sd_per_year=0.01,
        ),
        # NISTIR 8280: women 2-5x -> 2, West/East African and East Asian 10-100x -> 10
        # (lower bounds); children and elderly "elevated" without a figure -> 2.
        impostor=_face_impostor(sex=2.0, origin=10.0, age=2.0),
        lookalike=LookalikeScores(),
    )


class BiometricConfig(StrictModel):
    """Configuration of the simulated sBMS: threshold, fusion and per-modality score models.

    ``fmr`` is the per-comparison false match rate of the reference impostor pair at the
    decision threshold (``threshold = -log10(fmr)``), for one modality or for the fused
    score alike. The default holds the EES FPIR ceiling of 0.1 % at the sBMS size of 4e8
    templates under independence (FMR ~ 2.5e-12). ``candidate_fmr`` (>= ``fmr``) sets a
    lower candidate-list threshold: pairs between the two thresholds are returned with
    ``biometric_match = False``; by default it equals ``fmr``.
    """

    fmr: float = sourced(
        SBMS_FMR,
        derived(
            "eu-2019-329",
            "biometricupdate-2019-ees-standards",
            "commission-2025-sbms-launch",
            "daugman-identification",
            note="the EES identification ceiling FPIR 0.1 % held at the sBMS size of about 4e8 "
            "templates under independence: FMR = 1 - (1 - 1e-3)^(1/4e8) ~ 2.5e-12; plausible "
            "from FPIR 1e-4 at 4e8 (a matcher ten times better than the ceiling, ~2.5e-13) to "
            "FPIR 1e-3 at 4e7 (the ceiling met only at a tenth of the size, ~2.5e-11)",
            plausible=SBMS_FMR_PLAUSIBLE,
        ),
        gt=0,
        lt=1,
    )
    candidate_fmr: float | None = sourced(
        None,
        method("candidate-list threshold; None: the decision threshold (no near misses)"),
        gt=0,
        lt=1,
    )
    fusion: FusionRule = sourced(
        FusionRule.SUM,
        assumed(
            "how the sBMS fuses fingerprint and face scores is not published; the sum of "
            "calibrated scores (Fisher's combination) is this project's choice"
        ),
    )
    fingerprint: ModalityScores = Field(default_factory=_default_fingerprint)
    face: FaceScores = Field(default_factory=_default_face)

    @model_validator(mode="after")
    def _candidate_not_stricter(self) -> BiometricConfig:
        if self.candidate_fmr is not None and self.candidate_fmr < self.fmr:
            raise ValueError(f"candidate_fmr ({self.candidate_fmr}) must be >= fmr ({self.fmr})")
        return self

    @property
    def threshold(self) -> float:
        """Decision threshold on the calibrated score: ``-log10(fmr)``."""
        return -math.log10(self.fmr)

    @property
    def candidate_threshold(self) -> float:
        """Candidate-list threshold on the calibrated score: ``-log10(candidate_fmr)``."""
        return -math.log10(self.candidate_fmr if self.candidate_fmr is not None else self.fmr)

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> BiometricConfig:
        """The configuration of preset ``name`` (see :data:`PRESETS`), with overrides."""
        try:
            spec = PRESETS[name]
        except KeyError:
            raise ConfigError(
                f"unknown biometric preset {name!r}; known: {', '.join(PRESETS)}"
            ) from None
        base = spec.build().model_dump()
        base.update(overrides)
        return parse(cls, base, what=f"biometric preset {name!r}")


@dataclass(frozen=True)
class Preset:
    """A named scenario of the score model."""

    name: str
    description: str
    build: Callable[[], BiometricConfig]


def _nist_high() -> BiometricConfig:
    face = _default_face().model_copy(update={"impostor": _face_impostor(5.0, 100.0, 2.0)})
    return BiometricConfig(face=face)


def _no_differentials() -> BiometricConfig:
    return BiometricConfig(
        face=_default_face().model_copy(update={"impostor": ImpostorScores()}),
    )


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "ees",
            "EES targets [@eu-2019-329], sBMS scale FMR, NISTIR 8280 face differentials at "
            "the low end of the published ranges [@nistir-8280]",
            BiometricConfig,
        ),
        Preset(
            "nist8280_high",
            "as 'ees' with face differentials at the high end of the NISTIR 8280 ranges: "
            "women x5, West/East African and East Asian x100 [@nistir-8280] (a scenario, "
            "not a measurement)",
            _nist_high,
        ),
        Preset(
            "no_differentials",
            "as 'ees' without any demographic differential (every impostor pair at the "
            "reference FMR): the independence baseline [@daugman-identification]",
            _no_differentials,
        ),
    )
}

"""Parameters of the simulated shared Biometric Matching Service (sBMS).

Scores are *calibrated*: a comparison score ``s`` is ``-log10`` of the probability that a
reference impostor pair scores ``s`` or more. The reference impostor pair is two different
bodies of the reference group (male, adult, a reference origin) that share sex, age band and
origin, the "demographically matched" impostors that published FMR figures are measured on.
So a threshold ``t`` has a per-comparison false match rate ``FMR = 10**-t`` for that pair,
and every other pair's FMR is a multiple of it (:class:`ImpostorScores`).

Every default names its source in ``shared/reference/domain.md`` (``§`` section, ``[n]``
source, confidence tag) or says "assumption, not a published figure".

All models are frozen pydantic models; an invalid value raises
:class:`schemas.errors.ConfigError` naming the dotted key, the value and what is allowed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from schemas.errors import ConfigError

__all__ = [
    "EES_FMR_1TO1",
    "EES_FNIR_FINGERPRINT",
    "EES_FNMR_FACE",
    "EES_FNMR_FINGERPRINT",
    "EES_FPIR",
    "PRESETS",
    "SBMS_TEMPLATES",
    "BiometricConfig",
    "FusionRule",
    "GenuineScores",
    "ImpostorScores",
    "LookalikeScores",
    "ModalityScores",
    "Preset",
    "SearchMode",
    "calibrate_genuine",
]

# --- Published operating points (domain.md §3.2: Commission Implementing Decision (EU)
# 2019/329 Annex 1.2 [V table of contents][4], values as summarised by [S][5]) -------------
EES_FMR_1TO1 = 5e-4
"""EES verification (1:1) FMR at which the FNMR targets hold (domain.md §3.2 [S][5])."""
EES_FNMR_FINGERPRINT = 0.005
"""EES fingerprint verification FNMR < 0.5 % at FMR 0.05 % (domain.md §3.2 [S][5])."""
EES_FNMR_FACE = 0.01
"""EES face verification FNMR < 1 % at FMR 0.05 % (domain.md §3.2 [S][5])."""
EES_FPIR = 1e-3
"""EES fingerprint identification (1:N) FPIR 0.1 % (domain.md §3.2 [S][5])."""
EES_FNIR_FINGERPRINT = 0.015
"""EES fingerprint identification FNIR 1.5 % at FPIR 0.1 % (domain.md §3.2 [S][5])."""
SBMS_TEMPLATES = 4e8
"""Templates held by the sBMS, about 400 million (domain.md §2.1 [S][19])."""


def _fmr_for_fpir(fpir: float, n: float) -> float:
    # Same formula as linkage.biometric.scaling.fmr_for_fpir (kept here to avoid a cycle).
    return -math.expm1(math.log1p(-fpir) / n)


SBMS_FMR = _fmr_for_fpir(EES_FPIR, SBMS_TEMPLATES)
"""[E] domain.md §3.6: FPIR 1e-3 at N = 4e8 under independence needs FMR ~ 2.5e-12."""


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


def _problems(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(root)"
        got = repr(err.get("input"))
        got = got if len(got) <= 60 else got[:57] + "..."
        parts.append(f"{key}: {err['msg']} (got {got})")
    return "; ".join(parts)


_VALIDATING: ContextVar[bool] = ContextVar("linkage.biometric.config.validating", default=False)


class _Model(BaseModel):
    # Pydantic calls a custom __init__ for nested models too: only the outermost call turns
    # the (merged, located) ValidationError into a ConfigError.
    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, **data: Any) -> None:
        if _VALIDATING.get():
            super().__init__(**data)
            return
        token = _VALIDATING.set(True)
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise ConfigError(f"invalid {type(self).__name__}: {_problems(exc)}") from None
        finally:
            _VALIDATING.reset(token)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Self:
        """Validate a (nested) mapping, e.g. a scenario's TOML table."""
        token = _VALIDATING.set(True)
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            raise ConfigError(f"invalid {cls.__name__}: {_problems(exc)}") from None
        finally:
            _VALIDATING.reset(token)


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


class GenuineScores(_Model):
    """Genuine (mated) comparison scores: normal, shifted down by poor capture conditions.

    ``score = mean + sd * (Z - penalty)``, ``Z`` standard normal, with ``penalty`` (in sd
    units) the sum of: ``quality_sd_per_point * max(0, quality_reference - min(q_a, q_b))``;
    ``ageing_sd_per_year * years between the captures`` (times ``child_ageing_factor`` when
    the earlier capture was taken before ``child_age``); and, for each capture,
    ``child_sd_per_year * max(0, child_age - age)`` and
    ``elderly_sd_per_year * max(0, age - elderly_age)``. Reference conditions (no penalty):
    both qualities at least ``quality_reference``, adults, captured the same day. The
    penalty defaults are assumptions of this project, not published figures; ``mean`` and
    ``sd`` come from the EES operating points (:func:`calibrate_genuine`).
    """

    mean: float = Field(description="mean score at reference conditions")
    sd: float = Field(gt=0, description="standard deviation of the score")
    quality_reference: float = Field(default=60.0, ge=0, le=100)
    quality_sd_per_point: float = Field(default=0.02, ge=0)
    ageing_sd_per_year: float = Field(default=0.01, ge=0)
    child_ageing_factor: float = Field(default=3.0, ge=0)
    child_age: int = Field(default=12, ge=0, le=120)
    child_sd_per_year: float = Field(default=0.1, ge=0)
    elderly_age: int = Field(default=65, ge=0, le=120)
    elderly_sd_per_year: float = Field(default=0.02, ge=0)

    @classmethod
    def from_operating_points(cls, points: OperatingPoints, **penalties: Any) -> GenuineScores:
        """A model whose reference-condition FNMR passes through two ``(fmr, fnmr)`` points."""
        mean, sd = calibrate_genuine(points)
        return cls(mean=mean, sd=sd, **penalties)

    def fnmr(self, fmr: float, penalty_sd: float = 0.0) -> float:
        """Share of genuine comparisons below the threshold of ``fmr`` (given a penalty)."""
        t = -math.log10(fmr)
        return NormalDist().cdf((t - self.mean) / self.sd + penalty_sd)


class ImpostorScores(_Model):
    """Impostor (non-mated) scores and their demographic differentials.

    The score of an impostor pair is ``log10(m) + E`` with ``P(E >= e) = 10**-e``, so its
    FMR at threshold ``t`` is exactly ``min(1, m * 10**-t)``, and the score above ``t`` is
    ``max(t, log10 m)`` plus a fresh ``E`` (memoryless tail). The multiplier of the pair
    (probe body ``p``, gallery body ``g``) is ``sqrt(m_p * m_g)`` times a factor per
    attribute on which the two bodies differ, where ``m_x`` is the product of the group
    multipliers of body ``x`` (sex, origin, child, elderly). Two bodies of one group get
    that group's multiplier; demographically matched pairs of the reference group get 1.

    Face defaults follow NISTIR 8280 (domain.md §3.4); fingerprints have no demographic
    multiplier by default because no comparable NIST study exists (domain.md §3.5, gap):
    their evidence concerns age and capture quality, modelled in :class:`GenuineScores`.
    """

    sex_multiplier: dict[str, float] = Field(default_factory=dict)
    origin_multiplier: dict[str, float] = Field(default_factory=dict)
    child_multiplier: float = Field(default=1.0, gt=0)
    elderly_multiplier: float = Field(default=1.0, gt=0)
    child_max_age: int = Field(default=17, ge=0, le=120, description="band upper bound")
    # Assumption: the top age band of the capture model ('55+') counts as elderly.
    elderly_min_age: int = Field(default=55, ge=0, le=120, description="band lower bound")
    cross_sex_factor: float = Field(default=1.0, gt=0)
    cross_age_band_factor: float = Field(default=1.0, gt=0)
    cross_origin_factor: float = Field(default=1.0, gt=0)

    @model_validator(mode="after")
    def _positive_multipliers(self) -> ImpostorScores:
        for name in ("sex_multiplier", "origin_multiplier"):
            for key, value in getattr(self, name).items():
                if not (value > 0 and math.isfinite(value)):
                    raise ValueError(f"{name}[{key!r}] must be a positive number, got {value}")
        return self


class LookalikeScores(_Model):
    """Scores of a body against its persistent look-alike (the same wrong pair).

    ``score = mean + sd_pair * Z_pair + sd_noise * Z`` where ``Z_pair`` is fixed for the pair
    of bodies (derived from their template keys and the seed), so a pair that matches once
    tends to match at every encounter, and ``Z`` is fresh per comparison.
    """

    mean: float
    sd_pair: float = Field(default=3.0, ge=0)
    sd_noise: float = Field(default=1.0, ge=0)


class ModalityScores(_Model):
    """The score model of one modality."""

    genuine: GenuineScores
    impostor: ImpostorScores = Field(default_factory=ImpostorScores)
    lookalike: LookalikeScores


def _default_fingerprint() -> ModalityScores:
    return ModalityScores(
        # Reference conditions meet both EES fingerprint targets exactly (domain.md §3.2):
        # FNMR 0.5 % at FMR 5e-4 (1:1) and FNIR 1.5 % at the 1:N threshold SBMS_FMR.
        genuine=GenuineScores.from_operating_points(
            ((EES_FMR_1TO1, EES_FNMR_FINGERPRINT), (SBMS_FMR, EES_FNIR_FINGERPRINT)),
            # Penalties: assumptions, not published figures (domain.md §3.5: age and
            # capture quality are the main factors for fingerprints [V][45][45c]).
            quality_sd_per_point=0.02,
            ageing_sd_per_year=0.01,
            child_ageing_factor=3.0,
            child_age=12,
            child_sd_per_year=0.1,
            elderly_age=65,
            elderly_sd_per_year=0.02,
        ),
        # No NIST demographic study of fingerprints exists (domain.md §3.5, gap): no
        # demographic multipliers by default.
        impostor=ImpostorScores(),
        # Assumption, not a published figure: a look-alike's fingerprints are only mildly
        # more similar than a stranger's (well below the 1:N threshold).
        lookalike=LookalikeScores(mean=6.0, sd_pair=1.0, sd_noise=1.0),
    )


NIST_HIGH_FMR_ORIGINS = ("west_africa", "east_africa", "east_asia")
"""Origins with the highest face FMR in NISTIR 8280 (domain.md §3.4 [R])."""


def _face_impostor(sex: float, origin: float, age: float) -> ImpostorScores:
    return ImpostorScores(
        sex_multiplier={"F": sex},
        origin_multiplier=dict.fromkeys(NIST_HIGH_FMR_ORIGINS, origin),
        child_multiplier=age,
        elderly_multiplier=age,
        # Assumptions, not published figures: demographically unmatched impostors match
        # less often than matched ones (the direction NISTIR 8280 reports, no figure read).
        cross_sex_factor=0.1,
        cross_age_band_factor=0.5,
        cross_origin_factor=0.1,
    )


def _default_face() -> ModalityScores:
    return ModalityScores(
        # FNMR 1 % at FMR 5e-4 (EES face 1:1, domain.md §3.2 [S][5]); at the 1:N threshold
        # the fingerprint FNIR 1.5 % is reused (assumption: the EES sets no face-only 1:N
        # figure). The fused fingerprint + face FNIR is then well under the 1 % EES target.
        genuine=GenuineScores.from_operating_points(
            ((EES_FMR_1TO1, EES_FNMR_FACE), (SBMS_FMR, EES_FNIR_FINGERPRINT)),
            # Penalties: assumptions, not published figures (face ages faster than
            # fingerprints; children's faces change fastest).
            quality_sd_per_point=0.02,
            ageing_sd_per_year=0.05,
            child_ageing_factor=3.0,
            child_age=12,
            child_sd_per_year=0.05,
            elderly_age=65,
            elderly_sd_per_year=0.01,
        ),
        # NISTIR 8280 (domain.md §3.4): women 2-5x [S][27b] -> 2 (lower bound); West/East
        # African and East Asian 10-100x [R][28] -> 10 (lower bound); children and elderly
        # "elevated" without a figure [S][27c] -> 2 (assumption, not a published figure).
        impostor=_face_impostor(sex=2.0, origin=10.0, age=2.0),
        # Assumption, not a published figure: a persistent look-alike crosses the default
        # 1:N threshold (11.6) in most encounters.
        lookalike=LookalikeScores(mean=14.0, sd_pair=3.0, sd_noise=1.0),
    )


class BiometricConfig(_Model):
    """Configuration of the simulated sBMS: threshold, fusion and per-modality score models.

    ``fmr`` is the per-comparison false match rate of the reference impostor pair at the
    decision threshold (``threshold = -log10(fmr)``), for one modality or for the fused
    score alike. The default holds the EES FPIR ceiling of 0.1 % at the sBMS size of 4e8
    templates under independence ([E] domain.md §3.6: FMR ~ 2.5e-12). ``candidate_fmr``
    (>= ``fmr``) sets a lower candidate-list threshold: pairs between the two thresholds are
    returned with ``biometric_match = False``; by default it equals ``fmr``.
    """

    fmr: float = Field(default=SBMS_FMR, gt=0, lt=1)
    candidate_fmr: float | None = Field(default=None, gt=0, lt=1)
    fusion: FusionRule = FusionRule.SUM
    fingerprint: ModalityScores = Field(default_factory=_default_fingerprint)
    face: ModalityScores = Field(default_factory=_default_face)

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
        return cls.from_mapping(base)


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
            "EES targets (domain.md §3.2), sBMS scale FMR (§3.6 [E]), NISTIR 8280 face "
            "differentials at the low end of the published ranges (§3.4)",
            BiometricConfig,
        ),
        Preset(
            "nist8280_high",
            "as 'ees' with face differentials at the high end of the NISTIR 8280 ranges: "
            "women x5, West/East African and East Asian x100 (domain.md §3.4; a scenario, "
            "not a measurement)",
            _nist_high,
        ),
        Preset(
            "no_differentials",
            "as 'ees' without any demographic differential (every impostor pair at the "
            "reference FMR): the independence baseline of domain.md §3.6",
            _no_differentials,
        ),
    )
}

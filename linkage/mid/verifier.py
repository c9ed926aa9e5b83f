"""How a verifier of a yellow link reaches a conclusion from the evidence in front of it.

A verifying authority (IO Art. 29 [@eu-2019-817; @eu-2019-818]) answers two questions
about a yellow link: are the two records **one person or two**, and is the situation
**justified or not** (:class:`~linkage.mid.rules.Conclusion`). The oracle tells the
simulated verifier the right answers (what a careful examination would show); how
often the verifier reaches them depends on the evidence, in log-odds
(:class:`~linkage.mid.config.EvidenceWeights`):

- **One person or two.** The evidence for "one person" is
  ``e = biometric + identity + document``: a reported biometric match adds
  ``biometric_match`` plus ``per_decade_above_threshold`` per unit of the calibrated
  score above the threshold, no match where both were compared subtracts
  ``biometric_no_match``; identity data the same add, different subtract ``identity``
  (similar: 0); the same travel document adds ``document``. The verifier's insight is
  ``logit(accuracy)``, plus ``presence`` when the person is present (the new record's
  system is one of ``present_systems``). The verifier concludes "one person" with
  probability ``sigmoid(insight + e)`` when they are one person and
  ``sigmoid(-insight + e)`` when they are two: errors are rare when the evidence agrees
  with the truth and common when it misleads (a look-alike's biometric match, one
  person's records with very different identity data).
- **Justified or not.** Suspicion ``u`` is ``identity_difference_suspicion`` when the
  identity data are different plus ``shared_document_suspicion`` when one document sits
  on two records with different biometrics. With insight ``logit(justification_accuracy)``
  (plus ``presence``), a lawful situation is judged unjustified with probability
  ``sigmoid(-insight + u)``, an unlawful one justified with ``sigmoid(-insight - u)``.
  So an honest person whose records differ a lot can be judged "unjustified": a false
  red link.

With every weight 0 the verifier is right with probability ``accuracy`` on the first
question and ``justification_accuracy`` on the second, whatever the evidence. Every
parameter is an assumption of this project (no published figure on verification
accuracy was found); their provenance gives the range to vary them over.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from linkage.mid.config import VerificationConfig
from linkage.mid.rules import BiometricState, Conclusion, IdentityClass

__all__ = ["Verdicts", "conclude"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Columns of the cases :func:`conclude` reads (``biometric_score`` may be absent).
EVIDENCE_COLUMNS = ("system_a", "biometric_state", "identity_class", "document_match")


@dataclass(frozen=True)
class Verdicts:
    """The verifier's conclusions on the cases, and which of them are wrong.

    ``p_wrong``: per case, the probability that at least one of the two answers is
    wrong (its mean is the expected share of wrong conclusions).
    """

    conclusions: pl.Series
    wrong_person: BoolArray
    wrong_justification: BoolArray
    p_wrong: FloatArray

    @property
    def wrong(self) -> BoolArray:
        """Cases where at least one of the two answers is wrong."""
        return np.asarray(self.wrong_person | self.wrong_justification)


def _logit(p: float) -> float:
    with np.errstate(divide="ignore"):
        return float(np.log(p) - np.log1p(-p))


def _sigmoid(x: FloatArray) -> FloatArray:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * x)))


def _same_person_evidence(
    cases: pl.DataFrame, config: VerificationConfig, threshold: float | None
) -> FloatArray:
    """Log-odds the evidence adds to "one person" (biometrics, identity, document)."""
    w = config.evidence
    state = cases["biometric_state"].to_numpy()
    margin = np.zeros(cases.height)
    if threshold is not None and "biometric_score" in cases.columns:
        score = cases["biometric_score"].cast(pl.Float64).fill_null(np.nan).to_numpy()
        margin = np.nan_to_num(score - threshold, nan=0.0)
    biometric = np.where(
        state == BiometricState.SAME.value,
        w.biometric_match + w.per_decade_above_threshold * np.maximum(margin, 0.0),
        np.where(state == BiometricState.DIFFERENT.value, -w.biometric_no_match, 0.0),
    )
    identity_class = cases["identity_class"].to_numpy()
    identity = np.where(
        identity_class == IdentityClass.SAME.value,
        w.identity,
        np.where(identity_class == IdentityClass.DIFFERENT.value, -w.identity, 0.0),
    )
    document = np.where(cases["document_match"].fill_null(False).to_numpy(), w.document, 0.0)
    return np.asarray(biometric + identity + document, dtype=np.float64)


def _suspicion(cases: pl.DataFrame, config: VerificationConfig) -> FloatArray:
    """Log-odds the evidence adds to "unjustified" (different identity, shared document)."""
    w = config.evidence
    different = cases["identity_class"].to_numpy() == IdentityClass.DIFFERENT.value
    shared = cases["document_match"].fill_null(False).to_numpy() & (
        cases["biometric_state"].to_numpy() == BiometricState.DIFFERENT.value
    )
    return np.asarray(
        w.identity_difference_suspicion * different + w.shared_document_suspicion * shared,
        dtype=np.float64,
    )


def _presence(cases: pl.DataFrame, config: VerificationConfig) -> FloatArray:
    present = cases["system_a"].is_in([s.value for s in config.present_systems]).to_numpy()
    return np.asarray(config.evidence.presence * present, dtype=np.float64)


def conclude(
    cases: pl.DataFrame,
    right: pl.Series,
    config: VerificationConfig,
    rng: np.random.Generator,
    *,
    threshold: float | None = None,
) -> Verdicts:
    """The verifier's conclusion on each case, given the ``right`` one (Conclusion values).

    ``cases`` holds :data:`EVIDENCE_COLUMNS` (and ``biometric_score``, compared with the
    sBMS decision ``threshold``: without either, a match counts as at the threshold).
    Two uniform draws per case, in order, decide the two answers.
    """
    truth = right.cast(pl.String).to_numpy()
    same = np.isin(truth, [Conclusion.SAME_JUSTIFIED.value, Conclusion.SAME_UNJUSTIFIED.value])
    lawful = np.isin(truth, [Conclusion.SAME_JUSTIFIED.value, Conclusion.DIFFERENT_JUSTIFIED.value])
    presence = _presence(cases, config)
    evidence = _same_person_evidence(cases, config, threshold)
    insight = _logit(config.accuracy) + presence
    p_person = _sigmoid(-insight - np.where(same, evidence, -evidence))
    suspicion = _suspicion(cases, config)
    insight_j = _logit(config.justification_accuracy) + presence
    p_justification = _sigmoid(-insight_j + np.where(lawful, suspicion, -suspicion))
    wrong_person = rng.random(cases.height) < p_person
    wrong_justification = rng.random(cases.height) < p_justification
    concluded_same = same ^ wrong_person
    concluded_lawful = lawful ^ wrong_justification
    c = Conclusion
    conclusions = np.where(
        concluded_same,
        np.where(concluded_lawful, c.SAME_JUSTIFIED.value, c.SAME_UNJUSTIFIED.value),
        np.where(concluded_lawful, c.DIFFERENT_JUSTIFIED.value, c.DIFFERENT_UNJUSTIFIED.value),
    )
    return Verdicts(
        conclusions=pl.Series("conclusion", conclusions.astype(str), dtype=pl.String),
        wrong_person=np.asarray(wrong_person),
        wrong_justification=np.asarray(wrong_justification),
        p_wrong=np.asarray(1.0 - (1.0 - p_person) * (1.0 - p_justification)),
    )

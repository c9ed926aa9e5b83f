"""The verifier's error model: errors follow the evidence, false red links can happen."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.mid import Conclusion, EvidenceWeights, VerificationConfig
from linkage.mid.verifier import conclude

C = Conclusion


def _cases(
    n: int,
    *,
    system: str = "ETIAS",
    state: str = "same",
    identity: str = "similar",
    document: bool = False,
    score: float | None = None,
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "system_a": [system] * n,
            "biometric_state": [state] * n,
            "biometric_score": pl.Series([score] * n, dtype=pl.Float64),
            "identity_class": [identity] * n,
            "document_match": [document] * n,
        }
    )


def _p_wrong(
    right: Conclusion, config: VerificationConfig | None = None, **evidence: object
) -> float:
    cases = _cases(1, **evidence)  # type: ignore[arg-type]
    truth = pl.Series([right.value])
    verdicts = conclude(
        cases, truth, config or VerificationConfig(), np.random.default_rng(0), threshold=10.0
    )
    return float(verdicts.p_wrong[0])


def test_misleading_evidence_makes_errors_likelier() -> None:
    # Two persons: a strong biometric match misleads more than a weak one, no match least.
    look_alike = _p_wrong(C.DIFFERENT_JUSTIFIED, state="same", score=11.0)
    strong = _p_wrong(C.DIFFERENT_JUSTIFIED, state="same", score=18.0)
    no_match = _p_wrong(C.DIFFERENT_JUSTIFIED, state="different")
    assert no_match < look_alike < strong
    # One person: identity data that differ mislead, the same document reassures.
    differ = _p_wrong(C.SAME_JUSTIFIED, state="not_compared", identity="different")
    agree = _p_wrong(C.SAME_JUSTIFIED, state="not_compared", identity="same", document=True)
    assert agree < differ


def test_presence_helps() -> None:
    for right in (C.SAME_JUSTIFIED, C.DIFFERENT_UNJUSTIFIED):
        absent = _p_wrong(right, system="ETIAS", identity="different")
        present = _p_wrong(right, system="EES", identity="different")
        assert present < absent


def test_an_honest_person_with_very_different_records_can_be_judged_unjustified() -> None:
    n = 20_000
    cases = _cases(n, state="same", identity="different", score=20.0)
    truth = pl.Series([C.SAME_JUSTIFIED.value] * n)
    verdicts = conclude(cases, truth, VerificationConfig(), np.random.default_rng(1), threshold=10)
    unjustified = int((verdicts.conclusions == C.SAME_UNJUSTIFIED.value).sum())
    assert unjustified > 0  # B same, I different, "one person, unjustified": Art. 32(a), red
    assert unjustified == int((verdicts.wrong_justification & ~verdicts.wrong_person).sum())
    perfect = VerificationConfig(justification_accuracy=1.0)
    sure = conclude(cases, truth, perfect, np.random.default_rng(1), threshold=10)
    assert not (sure.conclusions == C.SAME_UNJUSTIFIED.value).any()


@settings(max_examples=40, deadline=None)
@given(
    weight=st.floats(0.0, 3.0),
    accuracy=st.floats(0.55, 0.99),
    right=st.sampled_from(list(Conclusion)),
    seed=st.integers(0, 2**31),
)
def test_realised_errors_match_their_probabilities(
    weight: float, accuracy: float, right: Conclusion, seed: int
) -> None:
    """The share resolved wrongly is an output of the evidence: the realised wrong
    conclusions agree with the per-case probabilities within binomial tolerance."""
    evidence = EvidenceWeights(**dict.fromkeys(EvidenceWeights.model_fields, weight))
    config = VerificationConfig(accuracy=accuracy, evidence=evidence)
    n = 4_000
    rng = np.random.default_rng(seed)
    cases = pl.DataFrame(
        {
            "system_a": rng.choice(["EES", "ETIAS", "SIS"], n),
            "biometric_state": rng.choice(["same", "different", "not_compared"], n),
            "biometric_score": rng.uniform(10.0, 20.0, n),
            "identity_class": rng.choice(["same", "similar", "different"], n),
            "document_match": rng.random(n) < 0.3,
        }
    )
    truth = pl.Series([right.value] * n)
    verdicts = conclude(cases, truth, config, rng, threshold=11.6)
    expected = float(verdicts.p_wrong.sum())
    variance = float((verdicts.p_wrong * (1 - verdicts.p_wrong)).sum())
    assert abs(int(verdicts.wrong.sum()) - expected) <= 5 * math.sqrt(variance) + 1
    wrong = verdicts.conclusions != right.value
    assert (wrong.to_numpy() == verdicts.wrong).all()


def test_perfect_accuracy_is_never_wrong_whatever_the_evidence() -> None:
    config = VerificationConfig(accuracy=1.0, justification_accuracy=1.0)
    for right in Conclusion:
        for state in ("same", "different", "not_compared"):
            assert _p_wrong(right, config, state=state, identity="different") == 0.0


@pytest.mark.parametrize("right", list(Conclusion))
def test_conclusions_are_deterministic_for_a_seed(right: Conclusion) -> None:
    cases = _cases(500, identity="different")
    truth = pl.Series([right.value] * 500)
    runs = [
        conclude(cases, truth, VerificationConfig(), np.random.default_rng(s), threshold=10)
        for s in (5, 5, 6)
    ]
    assert runs[0].conclusions.equals(runs[1].conclusions)
    assert not runs[0].conclusions.equals(runs[2].conclusions)

"""The colour rules against the conditions of IO Arts. 30-33, pattern by pattern."""

from __future__ import annotations

import itertools

import polars as pl
import pytest

from linkage.mid.config import MidConfig
from linkage.mid.rules import (
    AUTOMATIC_RULES,
    RULE_BY_KEY,
    RULES,
    VERIFICATION_RULES,
    BiometricState,
    Colour,
    Conclusion,
    IdentityClass,
    Stage,
    Uncovered,
    apply_rules,
    automatic_rules,
)
from schemas.provenance import parameters

S, D, N = "same", "different", "not_compared"
SAME, SIM, DIFF = "same", "similar", "different"

# Written from the conditions of Arts. 30-33 (white before yellow per Art. 28), not
# from the rule table: (B, I, T) -> (colour, article) at creation; None = no rule.
EXPECTED_AUTOMATIC: dict[tuple[str, str, bool], tuple[str, str] | None] = {
    (S, SAME, True): ("white", "Art. 33(a)"),
    (S, SAME, False): ("white", "Art. 33(a)"),
    (S, SIM, True): ("white", "Art. 33(a)"),
    (S, SIM, False): ("white", "Art. 33(a)"),
    (S, DIFF, True): ("yellow", "Art. 30(a)"),
    (S, DIFF, False): ("yellow", "Art. 30(a)"),
    (D, SAME, True): ("yellow", "Art. 30(c)"),
    (D, SAME, False): ("yellow", "Art. 30(c)"),
    (D, SIM, True): ("yellow", "Art. 30(d)"),
    (D, SIM, False): None,  # uncovered
    (D, DIFF, True): ("yellow", "Art. 30(d)"),
    (D, DIFF, False): None,  # no match at all
    (N, SAME, True): ("white", "Art. 33(b)"),
    (N, SAME, False): None,  # uncovered
    (N, SIM, True): ("white", "Art. 33(b)"),
    (N, SIM, False): None,  # uncovered
    (N, DIFF, True): ("yellow", "Art. 30(b)"),
    (N, DIFF, False): None,  # no match at all
}
UNCOVERED = {(D, SIM, False), (N, SAME, False), (N, SIM, False)}


def _patterns(conclusions: list[str | None] | None = None) -> pl.DataFrame:
    keys = list(EXPECTED_AUTOMATIC)
    rows = [
        {"biometric_state": b, "identity_class": i, "document_match": t, "conclusion": c}
        for (b, i, t), c in itertools.product(keys, conclusions or [None])
    ]
    return pl.DataFrame(rows, schema_overrides={"conclusion": pl.String})


def test_rule_table_is_consistent() -> None:
    assert len({r.key for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.key.split("_")[0] == rule.colour.value
        assert rule.source
        assert rule.biometric
        assert rule.identity
        assert rule.document
    assert {r.colour for r in AUTOMATIC_RULES} == {Colour.WHITE, Colour.YELLOW}
    assert {r.colour for r in VERIFICATION_RULES} == {Colour.WHITE, Colour.GREEN, Colour.RED}
    assert all(r.stage is Stage.AUTOMATIC for r in AUTOMATIC_RULES)
    assert all(r.conclusions for r in VERIFICATION_RULES)
    # Every lettered condition of Arts. 30-33 is declared once.
    articles = {r.article for r in RULES if r.foreseen and r.article.startswith("Art. 3")}
    expected = {f"Art. 30({x})" for x in "abcd"} | {f"Art. 31({x})" for x in "abc"}
    expected |= {f"Art. 32({x})" for x in "abcd"} | {f"Art. 33({x})" for x in "abcd"}
    assert articles == expected


def test_automatic_colour_of_every_pattern() -> None:
    frame = _patterns()
    keys = apply_rules(frame, automatic_rules(Uncovered.NO_LINK)).to_list()
    for (b, i, t), key in zip(EXPECTED_AUTOMATIC, keys, strict=True):
        expected = EXPECTED_AUTOMATIC[(b, i, t)]
        got = None if key is None else (RULE_BY_KEY[key].colour.value, RULE_BY_KEY[key].article)
        assert got == expected, (b, i, t)


@pytest.mark.parametrize("policy", list(Uncovered))
def test_uncovered_patterns_follow_the_policy(policy: Uncovered) -> None:
    frame = _patterns()
    keys = apply_rules(frame, automatic_rules(policy)).to_list()
    for pattern, key in zip(EXPECTED_AUTOMATIC, keys, strict=True):
        if pattern not in UNCOVERED:
            continue
        if policy is Uncovered.NO_LINK:
            assert key is None
            continue
        assert key is not None
        colour = RULE_BY_KEY[key].colour.value
        if policy is Uncovered.WHITE_UNLESS_BIOMETRICS_DIFFER:
            assert colour == ("yellow" if pattern[0] == D else "white"), pattern
        else:
            assert colour == policy.value


def test_no_automatic_white_without_same_or_similar_identity() -> None:
    frame = _patterns()
    for policy in Uncovered:
        keys = apply_rules(frame, automatic_rules(policy))
        colours = keys.replace_strict({k: r.colour.value for k, r in RULE_BY_KEY.items()})
        white = frame.filter((colours == "white").fill_null(False))
        assert set(white["identity_class"]) <= {SAME, SIM}


def test_verified_colour_follows_the_conclusion() -> None:
    conclusions: list[str | None] = [c.value for c in Conclusion]
    frame = _patterns(conclusions)
    keys = apply_rules(frame, VERIFICATION_RULES)
    assert keys.null_count() == 0  # every conclusion gives a colour
    for row, key in zip(frame.iter_rows(named=True), keys.to_list(), strict=True):
        rule = RULE_BY_KEY[key]
        conclusion = Conclusion(row["conclusion"])
        if not conclusion.justified:
            assert rule.colour is Colour.RED
        elif conclusion.same_person:
            assert rule.colour is Colour.WHITE
        else:
            assert rule.colour is Colour.GREEN


@pytest.mark.parametrize(
    ("pattern", "conclusion", "article"),
    [
        ((S, DIFF, False), Conclusion.SAME_JUSTIFIED, "Art. 33(d)"),
        ((S, SIM, True), Conclusion.SAME_UNJUSTIFIED, "Art. 32(a)"),
        ((D, SAME, False), Conclusion.DIFFERENT_JUSTIFIED, "Art. 31(a)"),
        ((D, DIFF, True), Conclusion.DIFFERENT_JUSTIFIED, "Art. 31(b)"),
        ((N, DIFF, True), Conclusion.DIFFERENT_JUSTIFIED, "Art. 31(c)"),
        ((D, SIM, True), Conclusion.DIFFERENT_UNJUSTIFIED, "Art. 32(b)"),
        ((D, SAME, False), Conclusion.DIFFERENT_UNJUSTIFIED, "Art. 32(c)"),
        ((N, DIFF, True), Conclusion.SAME_UNJUSTIFIED, "Art. 32(d)"),
        # A biometric false match verified as two persons: Art. 31 does not foresee it.
        ((S, DIFF, False), Conclusion.DIFFERENT_JUSTIFIED, "none"),
    ],
)
def test_verification_articles(
    pattern: tuple[str, str, bool], conclusion: Conclusion, article: str
) -> None:
    b, i, t = pattern
    frame = pl.DataFrame(
        {
            "biometric_state": [b],
            "identity_class": [i],
            "document_match": [t],
            "conclusion": [conclusion.value],
        }
    )
    rule = RULE_BY_KEY[apply_rules(frame, VERIFICATION_RULES).item()]
    assert rule.article == article
    assert rule.foreseen == (article != "none")


def test_enums_cover_the_values_used_by_the_rules() -> None:
    for rule in RULES:
        assert rule.biometric <= set(BiometricState)
        assert rule.identity <= set(IdentityClass)


def test_the_default_for_uncovered_matches_is_the_colour_of_article_28() -> None:
    """Art. 28(3) [@eu-2019-817]: same or similar identity data give a white link; every
    uncovered pattern has same or similar identity data, so the default makes it white,
    as a rule the law foresees and that names the article."""
    assert MidConfig().uncovered is Uncovered.WHITE
    frame = _patterns()
    keys = apply_rules(frame, automatic_rules(MidConfig().uncovered)).to_list()
    for pattern, key in zip(EXPECTED_AUTOMATIC, keys, strict=True):
        if pattern in UNCOVERED:
            assert pattern[1] in (SAME, SIM)
            rule = RULE_BY_KEY[key]
            assert (rule.colour, rule.foreseen, rule.article) == (Colour.WHITE, True, "Art. 28(3)")
            assert "Art. 28(3)" in rule.source
    provenance = {p.key: p.provenance for p in parameters(MidConfig())}["uncovered"]
    assert provenance is not None
    assert "eu-2019-817" in provenance.sources
    assert "Art. 28(3)" in provenance.note

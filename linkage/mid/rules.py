"""The MID link colours and the conditions that set them, declared once as data.

Each :class:`ColourRule` is one lettered condition of IO-B/IO-P Arts. 30-33
[@eu-2019-817; @eu-2019-818] (identical in both regulations), written
over three pieces of evidence about a pair of records:

- **B**, the biometric state: ``same`` (the sBMS reported a match), ``different`` (both
  records hold comparable biometric data and the sBMS reported no match) or
  ``not_compared`` (at least one system holds no biometric data on the person, so no
  comparison was possible);
- **I**, the identity class: ``same``, ``similar`` or ``different``;
- **T**, the travel document: ``True`` when both records carry the same document number
  and issuing country.

Automatic rules (``stage == "automatic"``) set a colour when the link is created; white
rules come first because Art. 28 [@eu-2019-817] makes a link white whenever the
identity data are the same or similar (so the "similar" half of Art. 30(a) never fires).
Verification rules (``stage == "verification"``) turn a yellow link into white, green or
red from the verifier's conclusion (:class:`Conclusion`).

**Matches Arts. 30-33 do not list.** Two evidence patterns produce a match (Art. 28(2))
that no lettered case of Art. 30 (yellow) or Art. 33 (white) covers: biometrics compared
and different, identity data similar, documents different; and no biometric comparison,
identity data same or similar, documents different. Their colour is read from Art. 28
itself, in the consolidated text of Regulation (EU) 2019/817 (same numbering in 2019/818)
[@eu-2019-817; @eu-2019-818]: Art. 28(3) creates a **white** link "where the identity data
in the linked files are the same or similar"; Art. 28(4) creates a **yellow** link, with
the manual verification of Art. 29, where they "cannot be considered to be similar";
Arts. 30 and 33 then list the combinations in detail. So the colour at creation follows
identity similarity alone, and both uncovered patterns (identity same or similar) are
white by default (:attr:`Uncovered.WHITE`). The other readings stay available as
options: send them to verification (:attr:`Uncovered.YELLOW`, by analogy with Art. 30(c),
which makes the closer case "identity same, biometrics different" yellow), make only the
pattern without a biometric comparison white and the one whose biometrics differ
yellow (:attr:`Uncovered.WHITE_UNLESS_BIOMETRICS_DIFFER`), or create no link
(:attr:`Uncovered.NO_LINK`). The literal reading has a cost the report should show: a
white link between records whose biometrics were compared and differ.

Where Arts. 30-33 do not say what a *verification* concludes for the evidence at hand,
the table holds rules marked ``foreseen=False``: their colour follows the conclusion (a
choice of this project), and the links they produce are counted separately so that a
report can show how often the legal text is silent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import polars as pl

__all__ = [
    "AUTOMATIC_RULES",
    "RULES",
    "RULE_BY_KEY",
    "VERIFICATION_RULES",
    "BiometricState",
    "Colour",
    "ColourRule",
    "Conclusion",
    "IdentityClass",
    "Stage",
    "Uncovered",
    "apply_rules",
    "automatic_rules",
    "biometric_state",
]


class Colour(StrEnum):
    """Link colours of the MID (IO Arts. 30-33 [@eu-2019-817])."""

    WHITE = "white"
    YELLOW = "yellow"
    GREEN = "green"
    RED = "red"


class BiometricState(StrEnum):
    """What the sBMS said about a pair (the biometric data, "B")."""

    SAME = "same"
    DIFFERENT = "different"
    NOT_COMPARED = "not_compared"


class IdentityClass(StrEnum):
    """How the identity data of a pair compare (the identity data, "I") [@eu-2023-333]."""

    SAME = "same"
    SIMILAR = "similar"
    DIFFERENT = "different"


class Conclusion(StrEnum):
    """What a verifying authority concludes about a yellow link (Arts. 31-33)."""

    SAME_JUSTIFIED = "same_justified"
    """One person; the differences are explained (e.g. a spelling variant)."""
    SAME_UNJUSTIFIED = "same_unjustified"
    """One person using several identities (multiple identity)."""
    DIFFERENT_JUSTIFIED = "different_justified"
    """Two different persons, lawfully holding what they hold."""
    DIFFERENT_UNJUSTIFIED = "different_unjustified"
    """Two persons, at least one unjustifiably using the other's document or identity."""

    @property
    def same_person(self) -> bool:
        """True when the conclusion is that both records are of one person."""
        return self in (Conclusion.SAME_JUSTIFIED, Conclusion.SAME_UNJUSTIFIED)

    @property
    def justified(self) -> bool:
        """True when the verifier found the situation lawful."""
        return self in (Conclusion.SAME_JUSTIFIED, Conclusion.DIFFERENT_JUSTIFIED)


class Stage(StrEnum):
    """When a rule applies."""

    AUTOMATIC = "automatic"
    VERIFICATION = "verification"


class Uncovered(StrEnum):
    """What to do with a match whose evidence no rule of Arts. 30 and 33 covers.

    The uncovered patterns are: B different, I similar, T different; and no biometric
    comparison with I same or similar but T different (see the module docstring).
    """

    WHITE = "white"
    """The colour of Art. 28(3) [@eu-2019-817]: the identity data are the same or similar,
    so a white link (default; Art. 28(4) gives yellow only where they are not similar)."""
    YELLOW = "yellow"
    """A yellow link for a verifier to resolve, by analogy with Art. 30(c) (a choice of
    this project, not the Regulation's text)."""
    WHITE_UNLESS_BIOMETRICS_DIFFER = "white_unless_biometrics_differ"
    """White under Art. 28(3) where no biometric comparison was possible; yellow where the
    biometrics were compared and differ, a fortiori from Art. 30(c) (which makes even
    same identity data with different biometrics yellow): a choice of this project."""
    NO_LINK = "no_link"
    """Create no link."""


B = BiometricState
ID = IdentityClass
C = Conclusion
_ANY_B = frozenset(BiometricState)
_ANY_I = frozenset(IdentityClass)
_ANY_T = frozenset({True, False})
_SAME_OR_SIMILAR = frozenset({ID.SAME, ID.SIMILAR})
_SIMILAR_OR_DIFFERENT = frozenset({ID.SIMILAR, ID.DIFFERENT})


@dataclass(frozen=True)
class ColourRule:
    """One condition that gives a link a colour.

    A pair satisfies the rule when its biometric state is in ``biometric``, its identity
    class in ``identity``, its document match in ``document`` and (verification rules
    only) the verifier's conclusion in ``conclusions``. Rules are tried in the order of
    :data:`RULES`; the first that holds sets the colour.
    """

    key: str
    colour: Colour
    stage: Stage
    article: str
    text: str
    biometric: frozenset[BiometricState] = _ANY_B
    identity: frozenset[IdentityClass] = _ANY_I
    document: frozenset[bool] = _ANY_T
    conclusions: frozenset[Conclusion] = frozenset()
    foreseen: bool = True
    source: str = "[@eu-2019-817; @eu-2019-818] Arts. 30-33"


def _rule(
    key: str,
    colour: Colour,
    stage: Stage,
    article: str,
    text: str,
    *,
    b: Sequence[BiometricState] | frozenset[BiometricState] = _ANY_B,
    i: Sequence[IdentityClass] | frozenset[IdentityClass] = _ANY_I,
    t: Sequence[bool] | frozenset[bool] = _ANY_T,
    c: Sequence[Conclusion] = (),
    foreseen: bool = True,
    source: str = "[@eu-2019-817; @eu-2019-818] Arts. 30-33",
) -> ColourRule:
    return ColourRule(
        key=key,
        colour=colour,
        stage=stage,
        article=article,
        text=text,
        biometric=frozenset(b),
        identity=frozenset(i),
        document=frozenset(t),
        conclusions=frozenset(c),
        foreseen=foreseen,
        source=source,
    )


_A = Stage.AUTOMATIC
_V = Stage.VERIFICATION
_W, _Y, _G, _R = Colour.WHITE, Colour.YELLOW, Colour.GREEN, Colour.RED
_NOT_FORESEEN = "assumption of this project: Arts. 30-33 do not cover this case"

AUTOMATIC_RULES: tuple[ColourRule, ...] = (
    _rule("white_a", _W, _A, "Art. 33(a)", "B same and I same or similar",
          b=[B.SAME], i=_SAME_OR_SIMILAR),
    _rule("white_b", _W, _A, "Art. 33(b)",
          "I same or similar, T same, at least one system without biometric data",
          b=[B.NOT_COMPARED], i=_SAME_OR_SIMILAR, t=[True]),
    _rule("white_c", _W, _A, "Art. 33(c)", "B same, T same and I similar (within (a))",
          b=[B.SAME], i=[ID.SIMILAR], t=[True]),
    _rule("yellow_a", _Y, _A, "Art. 30(a)", "B same but I similar or different",
          b=[B.SAME], i=_SIMILAR_OR_DIFFERENT),
    _rule("yellow_b", _Y, _A, "Art. 30(b)",
          "I different but T same, at least one system without biometric data",
          b=[B.NOT_COMPARED], i=[ID.DIFFERENT], t=[True]),
    _rule("yellow_c", _Y, _A, "Art. 30(c)", "I same but B different",
          b=[B.DIFFERENT], i=[ID.SAME]),
    _rule("yellow_d", _Y, _A, "Art. 30(d)", "I similar or different and T same, but B different",
          b=[B.DIFFERENT], i=_SIMILAR_OR_DIFFERENT, t=[True]),
)  # fmt: skip

_UNCOVERED_TEXT = (
    "a match that Arts. 30 and 33 do not cover: (B different, I similar, T different) or "
    "(no biometric comparison, I same or similar, T different)"
)
_ARTICLE_28 = "[@eu-2019-817; @eu-2019-818] Art. 28(3)-(4)"


def _uncovered_rule(
    colour: Colour, biometric: tuple[BiometricState, ...] = (B.DIFFERENT, B.NOT_COMPARED)
) -> ColourRule:
    """The rule for the uncovered patterns (or those of them with the given biometric
    states): white under Art. 28(3) (their identity data are the same or similar), or
    yellow by this project's analogy with Art. 30(c)."""
    suffix = "" if len(biometric) == 2 else f"_{biometric[0].value}"
    return _rule(
        f"{colour.value}_uncovered{suffix}",
        colour,
        _A,
        "Art. 28(3)" if colour is _W else "none",
        _UNCOVERED_TEXT,
        b=biometric,
        i=_SAME_OR_SIMILAR,
        t=[False],
        foreseen=colour is _W,
        source=_ARTICLE_28 if colour is _W else _NOT_FORESEEN,
    )


_SPLIT_RULES = (_uncovered_rule(_W, (B.NOT_COMPARED,)), _uncovered_rule(_Y, (B.DIFFERENT,)))


VERIFICATION_RULES: tuple[ColourRule, ...] = (
    _rule("white_d", _W, _V, "Art. 33(d)",
          "B same, I similar or different, verified as the same person, justified",
          b=[B.SAME], i=_SIMILAR_OR_DIFFERENT, c=[C.SAME_JUSTIFIED]),
    _rule("red_a", _R, _V, "Art. 32(a)",
          "B same, I similar or different, the same person, unjustified (multiple identity)",
          b=[B.SAME], i=_SIMILAR_OR_DIFFERENT, c=[C.SAME_UNJUSTIFIED]),
    _rule("green_a", _G, _V, "Art. 31(a)", "B different, I same, two different persons",
          b=[B.DIFFERENT], i=[ID.SAME], c=[C.DIFFERENT_JUSTIFIED]),
    _rule("green_b", _G, _V, "Art. 31(b)",
          "B different, I similar or different, T same, two different persons",
          b=[B.DIFFERENT], i=_SIMILAR_OR_DIFFERENT, t=[True], c=[C.DIFFERENT_JUSTIFIED]),
    _rule("green_c", _G, _V, "Art. 31(c)",
          "I different, T same, at least one system without biometric data, two persons",
          b=[B.NOT_COMPARED], i=[ID.DIFFERENT], t=[True], c=[C.DIFFERENT_JUSTIFIED]),
    _rule("red_b", _R, _V, "Art. 32(b)",
          "T same but B different: two persons, one using the document unjustifiably",
          b=[B.DIFFERENT], t=[True], c=[C.DIFFERENT_UNJUSTIFIED]),
    _rule("red_c", _R, _V, "Art. 32(c)",
          "I same but B different and T different or absent: two persons, identity theft",
          b=[B.DIFFERENT], i=[ID.SAME], t=[False], c=[C.DIFFERENT_UNJUSTIFIED]),
    _rule("red_d", _R, _V, "Art. 32(d)",
          "I different but T same, one system without biometric data: one person, unjustified",
          b=[B.NOT_COMPARED], i=[ID.DIFFERENT], t=[True], c=[C.SAME_UNJUSTIFIED]),
    # Conclusions the articles do not foresee for the evidence at hand; the colour follows
    # the conclusion (e.g. a biometric false match verified as two persons becomes green).
    _rule("white_unforeseen", _W, _V, "none", "the same person, justified (not foreseen)",
          c=[C.SAME_JUSTIFIED], foreseen=False, source=_NOT_FORESEEN),
    _rule("red_unforeseen", _R, _V, "none", "an unjustified situation (not foreseen)",
          c=[C.SAME_UNJUSTIFIED, C.DIFFERENT_UNJUSTIFIED], foreseen=False,
          source=_NOT_FORESEEN),
    _rule("green_unforeseen", _G, _V, "none", "two different persons (not foreseen)",
          c=[C.DIFFERENT_JUSTIFIED], foreseen=False, source=_NOT_FORESEEN),
)  # fmt: skip

RULES: tuple[ColourRule, ...] = (
    *AUTOMATIC_RULES,
    *(_uncovered_rule(c) for c in (_Y, _W)),
    *_SPLIT_RULES,
    *VERIFICATION_RULES,
)
"""Every rule, automatic ones first, each stage in the order it is tried."""


def automatic_rules(uncovered: Uncovered) -> tuple[ColourRule, ...]:
    """The automatic rules in the order tried, with the rule for uncovered matches."""
    if uncovered is Uncovered.NO_LINK:
        return AUTOMATIC_RULES
    if uncovered is Uncovered.WHITE_UNLESS_BIOMETRICS_DIFFER:
        return (*AUTOMATIC_RULES, *_SPLIT_RULES)
    return (*AUTOMATIC_RULES, _uncovered_rule(Colour(uncovered.value)))


def biometric_state(match: pl.Expr) -> pl.Expr:
    """B from the sBMS decision (True match, False no match, null not compared)."""
    return (
        pl.when(match.is_null())
        .then(pl.lit(B.NOT_COMPARED.value))
        .when(match)
        .then(pl.lit(B.SAME.value))
        .otherwise(pl.lit(B.DIFFERENT.value))
    )


def _rule_condition(
    rule: ColourRule,
    *,
    biometric: str = "biometric_state",
    identity: str = "identity_class",
    document: str = "document_match",
    conclusion: str = "conclusion",
) -> pl.Expr:
    """The rule as a boolean polars expression over columns of candidate pairs."""
    expr = pl.lit(True)
    if rule.biometric != _ANY_B:
        expr = expr & pl.col(biometric).is_in(sorted(rule.biometric))
    if rule.identity != _ANY_I:
        expr = expr & pl.col(identity).is_in(sorted(rule.identity))
    if rule.document != _ANY_T:
        expr = expr & (pl.col(document) == next(iter(rule.document)))
    if rule.stage is Stage.VERIFICATION:
        expr = expr & pl.col(conclusion).is_in(sorted(rule.conclusions))
    return expr


def apply_rules(frame: pl.DataFrame, rules: Sequence[ColourRule]) -> pl.Series:
    """The key of the first rule that holds for each row (null when none holds).

    ``frame`` needs the columns ``biometric_state``, ``identity_class``,
    ``document_match`` and, for verification rules, ``conclusion``.
    """
    first_holding = pl.coalesce(
        [pl.when(_rule_condition(r)).then(pl.lit(r.key)) for r in rules]
        + [pl.lit(None, dtype=pl.String)]
    )
    return frame.select(first_holding.alias("rule"))["rule"]


RULE_BY_KEY: dict[str, ColourRule] = {r.key: r for r in RULES}

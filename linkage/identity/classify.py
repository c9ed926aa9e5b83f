"""Same / similar / different identity data, as the multiple-identity detector needs it.

The MID colours a link white when the identity data of the linked files are the *same or
similar* and yellow when they *cannot be considered similar* (IO Art. 28, 30, 33;
[@eu-2019-817] [@eu-2019-818]). "Same" and "similar" are defined per data category
(names, date of birth, sex, nationality) in the annexes of Commission Delegated
Regulations (EU) 2023/333 (IO-B) and 2023/332 (IO-P) [@eu-2023-333] [@eu-2023-332]; the
one example we could read is the Commission glossary's: "Smith" vs "Smieth" similar,
"Smith" vs "Johnsson" different [@commission-glossary-similar-identity-data]. **The annex
thresholds themselves were not read** (a documented gap), so every default below is an
assumption of this project, labelled as such, and every one is a parameter.

Two classifiers:

- :func:`classify_rules`: each field's comparison level is mapped to a category by a
  :class:`FieldRule`; a pair's category is the worst over the fields
  (same < similar < different).
- :func:`classify_probability`: Fellegi-Sunter match probability at two thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from pydantic import model_validator

from schemas.config import StrictModel
from schemas.errors import ConfigError
from schemas.provenance import Provenance, assumed, sourced

__all__ = [
    "CATEGORY_NAMES",
    "DEFAULT_MID_RULES",
    "FieldRule",
    "IdentityCategory",
    "ProbabilityThresholds",
    "category_names",
    "classify_probability",
    "classify_rules",
]


class IdentityCategory(StrEnum):
    """How the identity data of two records compare, in MID terms.

    >>> IdentityCategory("similar") is IdentityCategory.SIMILAR
    True
    """

    SAME = "same"
    SIMILAR = "similar"
    DIFFERENT = "different"


#: Category codes (the order is the severity: the worst field decides).
CATEGORY_NAMES: tuple[str, ...] = tuple(c.value for c in IdentityCategory)
_CODE = {c: i for i, c in enumerate(IdentityCategory)}


_USER_RULE = assumed("a rule of the user's, not a published figure")


@dataclass(frozen=True)
class FieldRule:
    """How the levels of one comparison map to same / similar / different.

    Levels in ``same`` are same, in ``similar`` similar, any other level different;
    ``missing`` is the category when the field is missing on either side.
    ``provenance`` says where the rule comes from (all defaults: assumptions of this
    project).

    >>> rule = FieldRule("sex", same=frozenset({"exact"}), similar=frozenset(),
    ...                  missing=IdentityCategory.SAME)
    >>> rule.lookup(("different", "exact")).tolist()  # missing, different, exact
    [0, 2, 0]
    """

    comparison: str
    same: frozenset[str]
    similar: frozenset[str]
    missing: IdentityCategory
    provenance: Provenance = _USER_RULE

    def __post_init__(self) -> None:
        both = self.same & self.similar
        if both:
            raise ConfigError(
                f"field rule {self.comparison!r}: levels {sorted(both)} are both same and similar"
            )

    def lookup(self, labels: Sequence[str]) -> npt.NDArray[np.int8]:
        """Category code per level, indexed by ``level + 1`` (index 0 is missing)."""
        unknown = (self.same | self.similar) - set(labels)
        if unknown:
            raise ConfigError(
                f"field rule {self.comparison!r}: unknown levels {sorted(unknown)}; "
                f"the comparison has {list(labels)}"
            )
        table = [_CODE[self.missing]]
        for label in labels:
            if label in self.same:
                table.append(_CODE[IdentityCategory.SAME])
            elif label in self.similar:
                table.append(_CODE[IdentityCategory.SIMILAR])
            else:
                table.append(_CODE[IdentityCategory.DIFFERENT])
        return np.asarray(table, dtype=np.int8)


_ANNEX = ("eu-2023-333", "eu-2023-332")

#: Default rules for the default identity comparisons of :mod:`linkage.identity.search`
#: (comparison names ``name``, ``birth_date``, ``sex``, ``nationality``). Each line is an
#: assumption of this project; the glossary example (Smith/Smieth similar, Smith/Johnsson
#: different) holds under them (tested).
DEFAULT_MID_RULES: tuple[FieldRule, ...] = (
    FieldRule(
        "name",
        same=frozenset({"exact"}),
        similar=frozenset({"variant", "reordered", "fuzzy_high", "reordered_fuzzy"}),
        missing=IdentityCategory.DIFFERENT,
        provenance=assumed(
            "names: transliteration variants, swaps and Jaro-Winkler >= 0.92 on both parts "
            "are similar (the annex thresholds were not read)",
            *_ANNEX,
        ),
    ),
    FieldRule(
        "birth_date",
        same=frozenset({"exact"}),
        similar=frozenset({"day_month_swapped", "year_only_or_1_january", "one_part_differs"}),
        missing=IdentityCategory.SIMILAR,
        provenance=assumed(
            "dates: swaps, 1 January / year-only defaults and a typo in one part are "
            "similar; an unknown date cannot be same (the annex thresholds were not read)",
            *_ANNEX,
            "bamf-2020-january-first",
        ),
    ),
    FieldRule(
        "sex",
        same=frozenset({"exact"}),
        similar=frozenset(),
        missing=IdentityCategory.SAME,
        provenance=assumed(
            "sex: a difference makes the data different, a missing value is neutral",
            *_ANNEX,
        ),
    ),
    FieldRule(
        "nationality",
        same=frozenset({"exact"}),
        similar=frozenset({"different"}),
        missing=IdentityCategory.SAME,
        provenance=assumed(
            "nationality: people hold or change nationalities, so a difference is similar, "
            "not different; a missing value is neutral",
            *_ANNEX,
        ),
    ),
)


def classify_rules(
    levels: Mapping[str, npt.NDArray[np.int8]],
    labels: Mapping[str, Sequence[str]],
    rules: Sequence[FieldRule] = DEFAULT_MID_RULES,
) -> npt.NDArray[np.int8]:
    """Category code per pair (0 same, 1 similar, 2 different): the worst field decides.

    ``levels`` maps comparison names to level arrays, ``labels`` to their level labels.
    """
    if not rules:
        raise ConfigError("at least one field rule is needed")
    out: npt.NDArray[np.int8] | None = None
    for rule in rules:
        if rule.comparison not in levels:
            raise ConfigError(
                f"field rule for {rule.comparison!r}: no such comparison; "
                f"known: {', '.join(levels)}"
            )
        code = rule.lookup(labels[rule.comparison])[levels[rule.comparison].astype(np.int64) + 1]
        out = code if out is None else np.maximum(out, code)
    assert out is not None
    return out


class ProbabilityThresholds(StrictModel):
    """Match probability at or above ``same`` is same, at or above ``similar`` similar."""

    same: float = sourced(
        0.999,
        assumed("a pair at least 999 times as likely a match as not has the same data"),
        gt=0.0,
        le=1.0,
    )
    similar: float = sourced(
        0.5, assumed("a pair more likely a match than not has similar data"), gt=0.0, le=1.0
    )

    @model_validator(mode="after")
    def _ordered(self) -> ProbabilityThresholds:
        if self.similar > self.same:
            raise ValueError(
                f"probability thresholds need similar <= same, got similar={self.similar}, "
                f"same={self.same}"
            )
        return self


def classify_probability(
    probability: npt.NDArray[np.float64], thresholds: ProbabilityThresholds
) -> npt.NDArray[np.int8]:
    """Category code per pair (0 same, 1 similar, 2 different) from match probabilities."""
    out = np.full(probability.size, _CODE[IdentityCategory.DIFFERENT], dtype=np.int8)
    out[probability >= thresholds.similar] = _CODE[IdentityCategory.SIMILAR]
    out[probability >= thresholds.same] = _CODE[IdentityCategory.SAME]
    return out


def category_names(codes: npt.NDArray[np.int8]) -> npt.NDArray[np.str_]:
    """Category names for category codes."""
    return np.asarray(CATEGORY_NAMES)[codes.astype(np.int64)]

"""The name comparison: surname and given names in any script, transliteration-aware.

Each name part (surname, given names) is prepared once per *distinct* value
(:func:`_part_forms`): its exact key (the native form for a name in a non-Latin script,
the upper-case ASCII form otherwise), its folded romanised forms with and without the
two-letter expansions of Ä, Ö, Ü, Ø, Å, its consonant skeleton and its script. The levels
of a batch of pairs are then set with numpy on integer codes; only the pairs no code
settles go to Jaro-Winkler (:func:`~linkage.identity.strings.pair_levels`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from linkage.identity.compare import (
    MISSING,
    Comparison,
    Index,
    Levels,
    check_thresholds,
    level_table_for,
)
from linkage.identity.normalise import (
    ROMANISATION_RULES,
    RomanisationRule,
    basic_values,
    collapse_doubles,
    consonant_skeleton,
    fold_values,
    native_key,
    sorted_tokens,
)
from linkage.identity.romanise import NON_LATIN
from linkage.identity.strings import (
    EncodedStrings,
    LevelTable,
    StringMethod,
    dense_codes,
    encode_strings,
    pair_levels,
)

__all__ = ["NameComparison"]

Codes = npt.NDArray[np.int32]


@dataclass(frozen=True, eq=False)
class _Part:
    """One name part of every record, as integer codes (-1: null)."""

    exact: Codes  # native form (non-Latin) or upper-case ASCII form (Latin)
    fold: Codes  # folded romanised form ...
    fold_x: Codes  # ... with Ä Ö Ü Ø Å expanded (same code space as ``fold``)
    skeleton: Codes  # consonant skeleton of ``fold``; -1 when it has no consonant
    latin: npt.NDArray[np.bool_]  # written in Latin letters only
    folded: EncodedStrings  # ``fold`` as strings, for Jaro-Winkler
    record: Codes  # per record: its distinct raw value (-1 null)
    tokens: pl.Series  # per distinct raw value: its folded tokens, space-separated


def _dense(series: pl.Series) -> Codes:
    return dense_codes(series)[0]


def _per_record(value_codes: Codes, record_codes: Codes) -> Codes:
    out = np.full(record_codes.size, -1, dtype=np.int32)
    known = record_codes >= 0
    out[known] = value_codes[record_codes[known]]
    return out


def _part_forms(column: pl.Series, rules: tuple[RomanisationRule, ...]) -> _Part:
    """Codes of every form of one name part; each form computed once per distinct value."""
    record, values = dense_codes(column.cast(pl.String))
    tokens = fold_values(values, rules, expand=False, spaces=True)
    forms = pl.DataFrame({"v": values, "tokens": tokens}).select(
        pl.col("tokens"),
        pl.coalesce(native_key(pl.col("v")), pl.lit(basic_values(values, expand=False))).alias(
            "exact"
        ),
        collapse_doubles(pl.col("tokens").str.replace_all(" ", "", literal=True)).alias("fold"),
        pl.lit(fold_values(values, rules, expand=True, spaces=False)).alias("fold_x"),
        (~pl.col("v").str.contains(NON_LATIN)).alias("latin"),
    )
    skeleton = consonant_skeleton(pl.col("fold"))
    forms = forms.with_columns(
        pl.when(skeleton.str.len_chars() >= 1).then(skeleton).alias("skeleton")
    )
    both = _dense(pl.concat([forms["fold"], forms["fold_x"]]))
    n = forms.height
    return _Part(
        exact=_per_record(_dense(forms["exact"]), record),
        fold=_per_record(both[:n], record),
        fold_x=_per_record(both[n:], record),
        skeleton=_per_record(_dense(forms["skeleton"]), record),
        latin=np.where(record >= 0, forms["latin"].to_numpy()[np.maximum(record, 0)], True),
        folded=encode_strings(forms["fold"], record),
        record=record,
        tokens=forms["tokens"],
    )


def _shares(codes: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.float64]:
    """Per record: the share of non-null records with the same code (NaN if null)."""
    known = codes >= 0
    out = np.full(codes.size, np.nan)
    if known.any():
        _, inverse, counts = np.unique(codes[known], return_inverse=True, return_counts=True)
        out[known] = counts[inverse] / known.sum()
    return out


def _variant(p: _Part, a: Index, b: Index) -> npt.NDArray[np.bool_]:
    """Equal folded forms (either with the expansions), or, across two scripts, equal
    consonant skeletons."""
    fa, fb, xa, xb = p.fold[a], p.fold[b], p.fold_x[a], p.fold_x[b]
    same = (fa == fb) | (fa == xb) | (xa == fb) | (xa == xb)
    sa = p.skeleton[a]
    cross = (p.latin[a] != p.latin[b]) & (sa >= 0) & (sa == p.skeleton[b])
    out: npt.NDArray[np.bool_] = (same | cross) & (fa >= 0) & (fb >= 0)
    return out


@dataclass(frozen=True, eq=False)
class _NamePrepared:
    surname: _Part
    given: _Part
    tokens: EncodedStrings
    surname_table: LevelTable | None
    given_table: LevelTable | None
    tokens_table: LevelTable | None
    tf: list[tuple[int, npt.NDArray[np.float64]]]


@dataclass(frozen=True, eq=False)
class NameComparison(Comparison):
    """Surname and given names together, in any script, transliteration-aware.

    Levels, strongest first:

    - ``exact``: both parts equal, in their own script: two names in the same non-Latin
      script compare as written ("张伟" / "张伟"); Latin names after upper-casing and
      stripping diacritics (:func:`~linkage.identity.normalise.basic_name`);
    - ``variant``: both parts equal after romanisation and folding
      (:func:`~linkage.identity.normalise.fold_name`), either with the two-letter
      expansions of Ä, Ö, Ü, Ø, Å ("Müller Jürgen" / "MUELLER JUERGEN"), or, for names in
      two different scripts, with the same consonant skeleton ("Мюллер" / "MUELLER",
      "محمد" / "MOHAMMED");
    - ``reordered``: the same name tokens in another order or split (swapped surname and
      given names, multi-part names);
    - ``fuzzy_high``: Jaro-Winkler of both folded parts >= ``high``;
    - ``reordered_fuzzy``: Jaro-Winkler of the sorted token strings >= ``high``;
    - ``fuzzy_low``: both parts >= ``low``;
    - ``surname_only`` / ``given_only``: one part >= ``high``;
    - ``different``.

    Missing when either record has no name token at all. With ``tf_adjust``, the exact
    and variant levels are adjusted by the frequency of the folded full name,
    ``surname_only`` by the surname's, ``given_only`` by the given names'. The default
    thresholds are assumptions of this project (Splink's name template uses Jaro-Winkler
    0.92 and 0.88 [@splink]), not published figures.

    >>> import polars as pl
    >>> from linkage.identity import NameComparison
    >>> records = pl.DataFrame({
    ...     "surname": ["张", "张", "Müller", "MUELLER", "Мюллер", "MUELLER"],
    ...     "given_names": ["伟", "伟", "Jürgen", "JUERGEN", "Анна", "Anna"],
    ... })
    >>> names = NameComparison("surname", "given_names")
    >>> prepared = names.prepare(records)
    >>> import numpy as np
    >>> levels = names.levels(prepared, np.array([0, 2, 4, 0]), np.array([1, 3, 5, 5]))
    >>> [names.labels[level] for level in levels]
    ['exact', 'variant', 'variant', 'different']
    """

    surname: str = "surname"
    given_names: str = "given_names"
    name: str = "name"
    high: float = 0.92
    low: float = 0.85
    rules: tuple[RomanisationRule, ...] = field(default=ROMANISATION_RULES)
    tf_adjust: bool = True

    def __post_init__(self) -> None:
        check_thresholds((self.high, self.low), False, self.name)

    @property
    def labels(self) -> tuple[str, ...]:
        return (
            "different",
            "given_only",
            "surname_only",
            "fuzzy_low",
            "reordered_fuzzy",
            "fuzzy_high",
            "reordered",
            "variant",
            "exact",
        )

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.surname, self.given_names)

    def prepare(self, frame: pl.DataFrame) -> Any:
        surname = _part_forms(frame[self.surname], self.rules)
        given = _part_forms(frame[self.given_names], self.rules)
        tokens = self._tokens(surname, given)
        jw, both = StringMethod.JARO_WINKLER, (self.high, self.low)
        return _NamePrepared(
            surname=surname,
            given=given,
            tokens=tokens,
            surname_table=level_table_for(surname.folded, frame.height, jw, both),
            given_table=level_table_for(given.folded, frame.height, jw, both),
            tokens_table=level_table_for(tokens, frame.height, jw, (self.high,)),
            tf=self._tf(surname, given) if self.tf_adjust else [],
        )

    @staticmethod
    def _tf(surname: _Part, given: _Part) -> list[tuple[int, npt.NDArray[np.float64]]]:
        full = np.where(
            (surname.fold >= 0) & (given.fold >= 0),
            surname.fold.astype(np.int64) * (int(given.fold.max(initial=0)) + 1) + given.fold,
            -1,
        )
        tf_full = _shares(full)
        return [(8, tf_full), (7, tf_full), (2, _shares(surname.fold)), (1, _shares(given.fold))]

    def _tokens(self, surname: _Part, given: _Part) -> EncodedStrings:
        """The sorted-token key of every record, computed once per (surname, given) pair.

        Most names are one token a part: their key is the two tokens in order, by a
        string comparison; only the others split and sort lists.
        """
        width = given.tokens.len() + 1
        pairs = surname.record.astype(np.int64) * width + given.record + 1
        combos, record = np.unique(pairs, return_inverse=True)
        s_index = pl.Series(combos // width, dtype=pl.Int64)
        g_index = pl.Series(combos % width - 1, dtype=pl.Int64)
        parts = pl.DataFrame(
            {
                "s": surname.tokens.gather(
                    pl.select(pl.when(s_index >= 0).then(s_index)).to_series()
                ),
                "g": given.tokens.gather(
                    pl.select(pl.when(g_index >= 0).then(g_index)).to_series()
                ),
            }
        )
        s, g = pl.col("s"), pl.col("g")
        single = ~(s.str.contains(" ", literal=True) | g.str.contains(" ", literal=True))
        key = parts.select(
            pl.when(s.is_null() | g.is_null())
            .then(sorted_tokens(pl.coalesce(s, g)))
            .when(single)
            .then(
                pl.when(s <= g)
                .then(pl.concat_str([s, g], separator=" "))
                .otherwise(pl.concat_str([g, s], separator=" "))
            )
            .otherwise(sorted_tokens(pl.concat_str([s, g], separator=" ")))
        ).to_series()
        return encode_strings(key, record.astype(np.int32))

    def levels(self, prepared: Any, left: Index, right: Index, workers: int = -1) -> Levels:
        p: _NamePrepared = prepared
        out = np.zeros(left.size, dtype=np.int8)
        ta, tb = p.tokens.codes[left], p.tokens.codes[right]
        out[(ta < 0) | (tb < 0)] = MISSING
        s, g = p.surname, p.given
        sa, sb, ga, gb = s.exact[left], s.exact[right], g.exact[left], g.exact[right]
        both = (sa >= 0) & (ga >= 0) & (sb >= 0) & (gb >= 0)
        out[both & (sa == sb) & (ga == gb)] = 8
        maybe = np.flatnonzero((out == 0) & both)
        la, lb = left[maybe], right[maybe]
        out[maybe[_variant(s, la, lb) & _variant(g, la, lb)]] = 7
        out[(out == 0) & (ta == tb)] = 6
        todo = np.flatnonzero(out == 0)
        if todo.size:
            out[todo] = self._fuzzy(p, left[todo], right[todo], workers)
        return out

    def _fuzzy(self, p: _NamePrepared, lt: Index, rt: Index, workers: int) -> Levels:
        """Levels 0-5 of pairs that no code settled, from Jaro-Winkler of folded forms."""
        jw, hi_lo = StringMethod.JARO_WINKLER, (self.high, self.low)
        # Per part: 0 below low, 1 >= low, 2 >= high, 3 equal, -1 missing.
        js = pair_levels(p.surname.folded, lt, rt, jw, hi_lo, p.surname_table, workers)
        jg = pair_levels(p.given.folded, lt, rt, jw, hi_lo, p.given_table, workers)
        level = np.zeros(lt.size, dtype=np.int8)
        level[(js >= 2) & (jg >= 2)] = 5
        rest = np.flatnonzero(level == 0)
        jt = pair_levels(p.tokens, lt[rest], rt[rest], jw, (self.high,), p.tokens_table, workers)
        level[rest[jt >= 1]] = 4
        level[(level == 0) & (js >= 1) & (jg >= 1)] = 3
        level[(level == 0) & (js >= 2)] = 2
        level[(level == 0) & (jg >= 2)] = 1
        return level

    def tf_adjustments(self, prepared: Any) -> list[tuple[int, npt.NDArray[np.float64]]]:
        tf: list[tuple[int, npt.NDArray[np.float64]]] = prepared.tf
        return tf

"""The long tail of rare names: rank -> name, composed from the culture's name parts.

A pool's named head holds a few hundred names; the rarer ranks are composed, the same
rank always giving the same name. Parts come from the head names themselves:

- ``split`` (alphabetic scripts whose romanisation works letter by letter: Latin, Cyrillic,
  Georgian): each head name is cut after its first syllable (``Mül|ler``, ``Ив|анов``);
  a tail name is a first part of one name and a second part of another (``Mül`` +
  ``anov`` ...). Each part is romanised once by the culture's own rules
  (:func:`synth.names.transliteration.latin_spellings`); the Latin spellings of a tail name
  are those of its parts, joined. Feminine surnames take the feminine ending of the name
  the second part comes from (``Иван|ов`` / ``Иван|ова``), so masculine and feminine forms
  stay aligned rank by rank;
- ``chars`` (Chinese): single characters not used as a head surname, then two characters;
- ``words`` (scripts written without vowels, or romanised from phonemic keys: Arabic,
  Persian, Pashto/Dari, Ge'ez, Somali): two head names side by side, the way a father's
  and grandfather's name or a compound family name is recorded.

Beyond all pairs come triples (a first part used again inside the name: ``Hof`` + ``mül``
+ ``ler``; three words), then two pair-names joined (double-barrelled). A rank is mapped to a pair
through a fixed permutation of the pairs, so consecutive ranks do not share a first part.
Composed names can, rarely, repeat another name's spelling; that only adds to a name's
frequency in the far tail.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from synth.names.cultures import NamingCulture
from synth.names.latin import is_mrz
from synth.names.transliteration import latin_spellings

__all__ = ["MAX_PARTS", "PartBook", "TailRule", "TailStrings", "build_parts", "split_name"]

#: First and second parts kept per pool (the pairs then number up to MAX_PARTS ** 2).
MAX_PARTS = 120
_SPLIT_FAMILIES = frozenset({"cyrillic", "georgian", "latin", "south_asian", "wolof"})
_VOWELS = frozenset("aeiouyаеёиоуыэюяіїєўაეიოუ")


@functools.lru_cache(maxsize=4096)
def _is_vowel(ch: str) -> bool:
    base = unicodedata.normalize("NFD", ch.lower())[:1]
    return base in _VOWELS or ch.lower() in _VOWELS


def split_name(native: str) -> tuple[str, str] | None:
    """``native`` cut after its first syllable (a vowel group and one consonant), or in
    the middle when that leaves a second part of fewer than two letters; None for names
    that are not one plain word of at least four letters."""
    if len(native) < 4 or not native.isalpha():
        return None
    cut = None
    for i in range(1, len(native)):
        if _is_vowel(native[i - 1]) and not _is_vowel(native[i]):
            cut = i + 1
            break
    if cut is None or cut < 2 or len(native) - cut < 2:
        cut = len(native) // 2
    return native[:cut], native[cut:]


@dataclass
class PartBook:
    """Every name part of the table: native text and Latin spellings (flat)."""

    native: list[str]
    offset: list[int]
    count: list[int]
    variants: list[str]

    @classmethod
    def empty(cls) -> PartBook:
        return cls([], [], [], [])

    def add(self, native: str, spellings: Sequence[str]) -> int:
        """Append a part; its index."""
        self.native.append(native)
        self.offset.append(len(self.variants))
        self.count.append(len(spellings))
        self.variants.extend(spellings)
        return len(self.native) - 1


@dataclass(frozen=True)
class TailRule:
    """How one pool composes its tail: parts by index into the :class:`PartBook`."""

    singles: np.ndarray
    left: np.ndarray
    right: np.ndarray
    join: str  # between the parts (native and Latin)
    double_join: str  # between two pair-names
    middle: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def n1(self) -> int:
        return int(self.singles.size)

    @property
    def n2(self) -> int:
        return int(self.left.size * self.right.size)

    @property
    def n3(self) -> int:
        return self.n2 * int(self.middle.size)

    @property
    def capacity(self) -> int:
        """Number of distinct tail names (single parts, pairs, triples, double pairs)."""
        return self.n1 + self.n2 + self.n3 + self.n2 * self.n2

    def multiplier(self) -> int:
        """A multiplier coprime with the number of pairs (the pair permutation)."""
        n = max(self.n2, 1)
        m = max(1, int(n * 0.6180339887) | 1)
        while math.gcd(m, n) != 1:
            m += 2
        return m

    def pairs(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(left part, right part) of pair number ``index`` (after the permutation)."""
        n = max(self.n2, 1)
        s = (index.astype(np.int64) % n * self.multiplier() + n // 3) % n
        return self.left[s // self.right.size], self.right[s % self.right.size]

    def decode(self, t: np.ndarray) -> tuple[np.ndarray, ...]:
        """Parts (l1, m1, r1, l2, r2) of tail names ``t`` (-1 where unused): a single
        part (l1), a pair (l1, r1), a triple (l1, m1, r1) or two pairs."""
        t = np.asarray(t, dtype=np.int64)
        l1 = np.full(t.size, -1, dtype=np.int64)
        m1, r1, l2, r2 = l1.copy(), l1.copy(), l1.copy(), l1.copy()
        single = t < self.n1
        if single.any():
            l1[single] = self.singles[t[single]]
        pair = ~single & (t < self.n1 + self.n2)
        if pair.any():
            l1[pair], r1[pair] = self.pairs(t[pair] - self.n1)
        triple = ~single & ~pair & (t < self.n1 + self.n2 + self.n3)
        if triple.any():
            s = t[triple] - self.n1 - self.n2
            n = max(self.n2, 1)
            l1[triple], r1[triple] = self.pairs(s % n)
            m1[triple] = self.middle[(s // n) % max(self.middle.size, 1)]
        double = ~single & ~pair & ~triple
        if double.any():
            s = t[double] - self.n1 - self.n2 - self.n3
            n = max(self.n2, 1)
            l1[double], r1[double] = self.pairs(s % n)
            l2[double], r2[double] = self.pairs((s // n) % n)
        return l1, m1, r1, l2, r2


@functools.lru_cache(maxsize=65536)
def _spelled(culture: NamingCulture, native: str, kind: str) -> tuple[str, ...] | None:
    """The Latin spellings of a name part (None when the culture's rules cannot spell it)."""
    try:
        out = tuple(s for s in latin_spellings(culture, native, kind) if is_mrz(s))
    except ValueError:
        return None
    return out or None


def _split_parts(
    culture: NamingCulture,
    natives: Sequence[str],
    feminine: Sequence[str] | None,
    kind: str,
    book: PartBook,
) -> tuple[list[int], list[int], list[int] | None]:
    """First parts, second parts (and their feminine forms, aligned) of ``natives``."""
    lefts: dict[str, int] = {}
    rights: dict[str, tuple[int, int]] = {}
    for i, native in enumerate(natives):
        if len(lefts) >= MAX_PARTS and len(rights) >= MAX_PARTS:
            break
        cut = split_name(native)
        if cut is None:
            continue
        first, second = cut
        fem_second = second
        if feminine is not None and feminine[i].startswith(first):
            fem_second = feminine[i][len(first) :] or second
        if first not in lefts and len(lefts) < MAX_PARTS:
            spelled = _spelled(culture, first, kind)
            if spelled:
                lefts[first] = book.add(first, spelled)
        if second not in rights and len(rights) < MAX_PARTS:
            spelled = _spelled(culture, second, kind)
            fem_spelled = _spelled(culture, fem_second, kind) if fem_second != second else spelled
            if spelled and fem_spelled:
                right = book.add(second, spelled)
                fem = right if fem_second == second else book.add(fem_second, fem_spelled)
                rights[second] = (right, fem)
    fem_rights = [f for _, f in rights.values()] if feminine is not None else None
    return list(lefts.values()), [r for r, _ in rights.values()], fem_rights


def _middles(left: Sequence[int], book: PartBook) -> list[int]:
    """First parts reused inside a name (``Mül`` -> ``mül``: ``Hof`` + ``mül`` + ``ler``)."""
    out = []
    for i in left:
        native = book.native[i]
        lower = native.lower()
        if lower == native:
            out.append(i)
            continue
        start, count = book.offset[i], book.count[i]
        out.append(book.add(lower, book.variants[start : start + count]))
    return out


def _ints(values: Sequence[int]) -> np.ndarray:
    return np.asarray(list(values), dtype=np.int64)


def build_parts(
    culture: NamingCulture,
    kind: str,
    entries: Sequence[tuple[str, Sequence[str]]],
    feminine: Sequence[tuple[str, Sequence[str]]] | None,
    book: PartBook,
    extra_words: Sequence[tuple[str, Sequence[str]]] = (),
) -> tuple[TailRule, TailRule | None]:
    """The tail rule of a pool with head ``entries`` (native, Latin spellings), and of its
    feminine pool when ``feminine`` (aligned with ``entries``) is given."""
    family = culture.romanisation.partition(":")[0]
    hyphen = "-" if culture.script in ("Latn", "Cyrl", "Geor") else " "
    if family == "chinese":
        head = {native for native, _ in entries}
        chars: dict[str, int] = {}
        for native, _ in (*entries, *extra_words):
            for ch in native:
                if ch not in chars and len(chars) < 4 * MAX_PARTS:
                    spelled = _spelled(culture, ch, kind)
                    if spelled:
                        chars[ch] = book.add(ch, spelled)
        singles = [i for ch, i in chars.items() if ch not in head] if kind == "surname" else []
        every = _ints(list(chars.values()))
        return TailRule(_ints(singles), every, every, "", ""), None
    if family in _SPLIT_FAMILIES:
        natives = [n for n, _ in entries]
        fem = [n for n, _ in feminine] if feminine is not None else None
        left, right, fem_right = _split_parts(culture, natives, fem, kind, book)
        if left and right:
            middle = _ints(_middles(left, book))
            rule = TailRule(_ints([]), _ints(left), _ints(right), "", hyphen, middle)
            fem_rule = None
            if fem_right is not None:
                fem_rule = TailRule(_ints([]), _ints(left), _ints(fem_right), "", hyphen, middle)
            return rule, fem_rule
    words = [book.add(native, spellings) for native, spellings in (*entries, *extra_words)]
    every = _ints(words[: 4 * MAX_PARTS])
    rule = TailRule(_ints([]), every, every, " ", " ", every)
    return rule, (rule if feminine is not None else None)


@dataclass(frozen=True)
class TailStrings:
    """Vectorised text of tail names from a finished part book."""

    native: np.ndarray  # object
    offset: np.ndarray
    count: np.ndarray
    variants: np.ndarray  # object

    @classmethod
    def of(cls, book: PartBook) -> TailStrings:
        def objects(values: list[str]) -> np.ndarray:
            out = np.empty(len(values), dtype=object)
            out[:] = values
            return out

        return cls(
            objects(book.native),
            np.asarray(book.offset, dtype=np.int64),
            np.asarray(book.count, dtype=np.int64),
            objects(book.variants),
        )

    def n_variants(self, parts: tuple[np.ndarray, ...]) -> np.ndarray:
        """Spellings of composed names: the most any of their parts has."""
        out = np.ones(parts[0].size, dtype=np.int64)
        for p in parts:
            used = p >= 0
            out[used] = np.maximum(out[used], self.count[p[used]])
        return out

    def _part_text(self, p: np.ndarray, variant: np.ndarray | None) -> np.ndarray:
        out = np.full(p.size, "", dtype=object)
        used = p >= 0
        if variant is None:
            out[used] = self.native[p[used]]
        else:
            k = variant[used] % self.count[p[used]]
            out[used] = self.variants[self.offset[p[used]] + k]
        return out

    def text(
        self, rule: TailRule, parts: tuple[np.ndarray, ...], variant: np.ndarray | None
    ) -> np.ndarray:
        """Native text (``variant`` None) or the Latin spelling ``variant`` of names."""
        l1, m1, r1, l2, r2 = parts
        join = np.where(r1 >= 0, rule.join, "").astype(object)
        mid_join = np.where(m1 >= 0, rule.join, "").astype(object)
        double = np.where(l2 >= 0, rule.double_join, "").astype(object)
        t = self._part_text
        out: np.ndarray = t(l1, variant) + mid_join + t(m1, variant) + join + t(r1, variant)
        second: np.ndarray = t(l2, variant) + join + t(r2, variant)
        has_second = l2 >= 0
        if has_second.any():
            out = np.where(has_second, out + double + second, out)
        return out

"""Latin spellings of names from scripts without written short vowels, by tradition.

Arabic, Persian and Pashto/Dari script leave short vowels unwritten, so a native-script
name cannot be romanised reliably by table ("a variety of schemes which lead to much
confusion and mismatching" [@icao-2008-arabic-transliteration]). Our own name tables
therefore give each name a *key*: a small phonemic spelling (lowercase ASCII plus ``ä``
and ``ə``) from which each romanisation tradition renders its Latin spelling by rule:

========  ===========================================================================
ENG       English practice of the Levant, Iraq and the Gulf (MUHAMMAD, HUSAYN, AL-)
EGY       Egyptian / Sudanese practice: J->G, short i->E, u->O, EL- (MOHAMED, GAMAL)
FRA       French practice of the Maghreb: OU, SH->CH, J->DJ, Q->K, W->OU, -ANE, E{sun}
GER       German practice: SH->SCH, J->DSCH, KH->CH, Y->J (JUSSUF, DSCHAMAL)
PER       Iranian English practice: OU, EI, GH, -EH (HOSSEIN, MAHMOUD, ZADEH)
AFG       Afghan English practice: OO, EE, Q/GH, UL (NOOR, ABDUL, GHULAM)
ETH       Ethiopian/Eritrean practice for Ge'ez-script names: ä->E/A, ə->I/E (GEBRE)
SOM       Somali English practice from Somali orthography (x->H, c dropped)
========  ===========================================================================

Key alphabet: vowels ``a ä i u e o ə`` (short), ``aa ii uu ee oo`` (long), diphthongs
``ay aw ey ow`` (only when no vowel follows); consonants are plain letters and the digraphs
``kh sh th dh gh ch zh ts ny``; ``'`` is the ʿayn or hamza; a doubled consonant is a
geminate; ``al-`` at the start of a word is the Arabic article; ``.`` separates letters
that must not form a digraph (``is.haaq``). ``ä`` is a short *a* that colloquial
pronunciations raise to *e* (``aHmäd`` -> AHMAD / AHMED).

Each tradition lists, for each token type, its renderings (first = its usual one); variants
switch one token type at a time to another rendering. Which renderings each tradition
lists is an assumption of this project, written from common real-world spellings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from synth.names.latin import unique_mrz

__all__ = [
    "TRADITIONS",
    "Tradition",
    "phonemic_variants",
    "render",
    "tokenize",
]

_VOWEL_CHARS = frozenset("aäiueoə")
_LONG = frozenset({"aa", "ii", "uu", "ee", "oo"})
_DIPHTHONGS = frozenset({"ay", "aw", "ey", "ow"})
_DIGRAPHS = frozenset({"kh", "sh", "th", "dh", "gh", "ch", "zh", "ts", "ny"})
VOWELS = frozenset(set(_VOWEL_CHARS) | _LONG | _DIPHTHONGS)
# Arabic "sun letters": the article's L assimilates to them (al-rahman -> ar-rahman).
_SUN = frozenset({"t", "th", "d", "dh", "r", "z", "s", "sh", "l", "n"})
_FRONT = frozenset({"ä", "e", "i", "ee", "ii"})
ARTICLE = "al-"


def tokenize(word: str) -> list[str]:
    """The key tokens of one word (without its article)."""
    out: list[str] = []
    i = 0
    while i < len(word):
        two = word[i : i + 2]
        after = word[i + 2] if i + 2 < len(word) else ""
        if two in _LONG or (two in _DIPHTHONGS and after not in _VOWEL_CHARS) or two in _DIGRAPHS:
            out.append(two)
            i += 2
        elif word[i] == ".":
            i += 1
        else:
            out.append(word[i])
            i += 1
    return out


Choices = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Tradition:
    """A romanisation tradition: renderings per token type (first = preferred)."""

    key: str
    choices: Choices

    def options(self, token_type: str) -> tuple[str, ...]:
        """Renderings of ``token_type`` (a key token or a context type)."""
        if token_type in self.choices:
            return self.choices[token_type]
        if token_type in _BASE:
            return _BASE[token_type]
        return (token_type.upper(),)


# Context token types (besides the key tokens themselves):
#   s_vv     s between vowels          double   geminate: "2" keep, "1" single
#   i_cl     short i in a final closed syllable        u_cl  the same for short u
#   art0     article at the start of the name  art1  article after 'abd (ABDUL, ABDEL)
#   art2     article after any other word (NUR AL-DIN, NOUREDDINE, NURUDDIN)
#            ("{S}" = the next word's first consonant if a sun letter, else "L")
#   fin_n    added after a word-final n that follows a long vowel (French -ANE, -INE)
#   g_front  g before a front vowel            h_final  word-final h after a short a/e
#   ii_end   word-final long i (Egyptian -Y)   w_u      w before u (French DAOUD)
#   sep      space between two words of a name (not before an article)
_BASE: Choices = {
    "a": ("A",), "ä": ("A", "E"), "aa": ("A", "AA"), "i": ("I", "E"), "ii": ("I", "EE"),
    "u": ("U", "O"), "uu": ("U", "OO", "OU"), "e": ("E",), "o": ("O",), "ee": ("E", "EE"),
    "oo": ("O", "OO"), "ə": ("I", "E", ""), "ay": ("AY", "AI", "EI", "EY"),
    "aw": ("AW", "AU", "OU"), "ey": ("EY", "EI"), "ow": ("OW", "OU", "O"), "'": ("", "'"),
    "th": ("TH", "T"), "dh": ("DH", "Z", "D"), "q": ("Q", "K"), "zh": ("ZH", "J"),
    "ny": ("NY", "GN"), "v": ("V", "W"), "s_vv": ("S", "SS"), "double": ("2", "1"),
    "i_cl": ("I", "E"), "u_cl": ("U", "O"), "art0": ("AL-", "AL ", "EL-", "AL", ""),
    "art1": (" AL-", "UL ", "UL", " AL ", "U{S}"), "art2": (" AL-", "U{S}", " AL ", " EL-"),
    "fin_n": ("",), "g_front": ("G",),
    "h_final": ("H", ""), "sep": (" ", "", "-"), "ii_end": ("I", "Y"), "w_u": ("W",),
}  # fmt: skip

TRADITIONS: Mapping[str, Tradition] = {
    t.key: t
    for t in (
        Tradition("ENG", {}),
        Tradition(
            "EGY",
            {
                "ä": ("E", "A"),
                "i": ("E", "I"),
                "i_cl": ("E", "I"),
                "u": ("O", "U"),
                "u_cl": ("E", "O"),
                "uu": ("OU", "U"),
                "j": ("G", "J"),
                "q": ("K", "Q"),
                "th": ("S", "TH", "T"),
                "dh": ("Z", "DH"),
                "ay": ("EI", "AY", "AI"),
                "aw": ("AW", "OU"),
                "s_vv": ("SS", "S"),
                "ii_end": ("Y", "I"),
                "art0": ("EL-", "EL ", "AL-", "EL"),
                "art1": ("EL ", "EL", " EL-", " AL-", "UL "),
                "art2": (" EL ", " EL-", "E{S}", " AL-"),
            },
        ),
        Tradition(
            "FRA",
            {
                "ä": ("E", "A"),
                "i": ("I", "E"),
                "i_cl": ("E", "I"),
                "u": ("OU", "O", "U"),
                "u_cl": ("E", "OU"),
                "uu": ("OU",),
                "ii": ("I",),
                "aa": ("A",),
                "ay": ("AI", "EI", "AY"),
                "aw": ("AOU", "AW"),
                "sh": ("CH",),
                "j": ("DJ", "J"),
                "ch": ("TCH",),
                "zh": ("J",),
                "q": ("K", "Q"),
                "w": ("OU", "W"),
                "w_u": ("", "W"),
                "ii_end": ("I",),
                "th": ("T", "TH"),
                "dh": ("D", "DH"),
                "s_vv": ("SS", "S"),
                "fin_n": ("E", ""),
                "art0": ("EL ", "EL-", "EL", "AL "),
                "art1": ("E{S}", "EL ", "EL", " EL "),
                "art2": ("E{S}", " EL ", " EL-"),
                "'": ("",),
            },
        ),
        Tradition(
            "GER",
            {
                "sh": ("SCH", "SH"),
                "j": ("DSCH", "DJ", "J"),
                "ch": ("TSCH",),
                "kh": ("CH", "KH"),
                "zh": ("SCH", "SH"),
                "y": ("J", "Y"),
                "v": ("W", "V"),
                "ii": ("I", "IE"),
                "ay": ("EI", "AI"),
                "aw": ("AU",),
                "ey": ("EI",),
                "ow": ("AU", "OU"),
                "q": ("K", "Q"),
                "th": ("TH", "S"),
                "dh": ("DH", "D"),
                "s_vv": ("SS", "S"),
                "ii_end": ("I",),
                "art0": ("AL-", "EL-", "AL "),
                "art1": (" AL-", "UL ", "UL", " EL-"),
                "art2": (" AL-", "U{S}", " ED-"),
                "'": ("",),
            },
        ),
        Tradition(
            "PER",
            {
                "o": ("O", "U"),
                "u": ("U", "O"),
                "uu": ("OU", "U", "OO"),
                "ii": ("I", "EE"),
                "ey": ("EI", "EY", "AY"),
                "ow": ("OW", "O", "AU"),
                "gh": ("GH", "Q"),
                "q": ("GH", "Q"),
                "w": ("V", "W"),
                "s_vv": ("S", "SS"),
                "ii_end": ("I",),
                "'": ("", "'"),
                "art1": ("OL", "AL", "UL", " AL-"),
                "art2": ("O{S}", "U{S}", " AL-"),
            },
        ),
        Tradition(
            "AFG",
            {
                "uu": ("U", "OO", "OU"),
                "ii": ("I", "EE"),
                "o": ("O", "U"),
                "q": ("Q", "GH", "K"),
                "ay": ("AI", "AY", "EI"),
                "ey": ("EY", "EI", "AI"),
                "ow": ("OW", "AU"),
                "v": ("W", "V"),
                "h_final": ("", "H"),
                "art1": ("UL ", "UL", " AL-", "U{S}"),
                "art2": ("U{S}", " AL-", " UL "),
            },
        ),
        Tradition(
            "ETH",
            {
                "ä": ("E", "A"),
                "ə": ("I", "E", ""),
                "e": ("E",),
                "ts": ("TS", "TZ", "S"),
                "q": ("K", "Q"),
                "kh": ("KH", "K", "H"),
                "ny": ("GN", "NY", "N"),
                "'": ("",),
                "g_front": ("G", "GH"),
                "ay": ("AY", "AI"),
                "h_final": ("H",),
            },
        ),
        Tradition(
            "SOM",
            {
                "aa": ("A", "AA"),
                "ee": ("E", "EE"),
                "ii": ("I", "EE"),
                "oo": ("O", "OO"),
                "uu": ("U", "OO"),
                "'": ("",),
                "i": ("I",),
                "i_cl": ("I",),
                "u_cl": ("U",),
                "ii_end": ("I",),
                "dh": ("DH", "D"),
                "q": ("Q", "K", "G"),
                "double": ("2", "1"),
                "ay": ("AY", "AI"),
                "aw": ("AW", "AU"),
                "h_final": ("H",),
            },
        ),
    )
}


@dataclass(frozen=True)
class _Word:
    tokens: tuple[str, ...]
    article: bool


def _parse(key: str) -> list[_Word]:
    words: list[_Word] = []
    for raw in key.split():
        article = raw.startswith(ARTICLE) and len(raw) > len(ARTICLE)
        body = raw[len(ARTICLE) :] if article else raw
        words.append(_Word(tuple(tokenize(body)), article))
    return words


def _types(tokens: Sequence[str], i: int) -> str:
    """The token type that decides the rendering of ``tokens[i]``."""
    tok = tokens[i]
    prev = tokens[i - 1] if i > 0 else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if tok == prev and tok not in VOWELS and tok != "'":
        return "double"
    if tok == "s" and prev in VOWELS and nxt in VOWELS:
        return "s_vv"
    if tok == "g" and nxt in _FRONT:
        return "g_front"
    if tok == "h" and nxt == "" and prev in ("a", "e", "ä"):
        return "h_final"
    if tok == "ii" and nxt == "" and i > 0:
        return "ii_end"
    if tok == "w" and nxt in ("u", "uu"):
        return "w_u"
    if tok in ("i", "u") and i + 2 == len(tokens) and nxt not in VOWELS and nxt != "'":
        return f"{tok}_cl"
    return tok


def _render_word(tokens: Sequence[str], trad: Tradition, pick: Mapping[str, int]) -> str:
    out: list[str] = []
    for i, tok in enumerate(tokens):
        kind = _types(tokens, i)
        opts = trad.options(kind)
        choice = opts[min(pick.get(kind, 0), len(opts) - 1)]
        if kind == "double":
            prev = out[-1] if out else ""
            # a geminate digraph (DJ, SH, KH) is written once
            out.append(prev if choice == "2" and len(prev) == 1 else "")
        else:
            out.append(choice)
        if (
            i == len(tokens) - 1
            and tok == "n"
            and len(tokens) > 1
            and tokens[i - 1] in ("aa", "ii", "uu")
        ):
            fin = trad.options("fin_n")
            out.append(fin[min(pick.get("fin_n", 0), len(fin) - 1)])
    return "".join(out)


def _article_slot(words: Sequence[_Word], w_no: int) -> str:
    if w_no == 0:
        return "art0"
    return "art1" if words[w_no - 1].tokens == ("'", "a", "b", "d") else "art2"


def _used_types(words: Sequence[_Word]) -> list[str]:
    seen: dict[str, None] = {}
    for w_no, w in enumerate(words):
        if w.article:
            seen[_article_slot(words, w_no)] = None
        elif w_no > 0:
            seen["sep"] = None
        for i in range(len(w.tokens)):
            seen[_types(w.tokens, i)] = None
        if len(w.tokens) > 1 and w.tokens[-1] == "n" and w.tokens[-2] in ("aa", "ii", "uu"):
            seen["fin_n"] = None
    return list(seen)


def render(key: str, tradition: str | Tradition, pick: Mapping[str, int] | None = None) -> str:
    """The Latin spelling of ``key`` in ``tradition`` (uppercase, not yet MRZ-normalised).

    ``pick`` chooses, per token type, which of the tradition's renderings to use (default
    the first of each).
    """
    trad = TRADITIONS[tradition] if isinstance(tradition, str) else tradition
    chosen: Mapping[str, int] = pick or {}
    words = _parse(key)
    parts: list[str] = []
    for w_no, w in enumerate(words):
        body = _render_word(w.tokens, trad, chosen)
        if w.article:
            slot = _article_slot(words, w_no)
            opts = trad.options(slot)
            form = opts[min(chosen.get(slot, 0), len(opts) - 1)]
            first = w.tokens[0] if w.tokens else ""
            sun = _render_word(w.tokens[:1], trad, chosen) if first in _SUN else "L"
            parts.append(form.replace("{S}", sun) + body)
        else:
            if w_no > 0:
                seps = trad.options("sep")
                parts.append(seps[min(chosen.get("sep", 0), len(seps) - 1)])
            parts.append(body)
    return "".join(parts)


def phonemic_variants(
    key: str,
    primary: str,
    others: Sequence[str] = (),
    extras: Iterable[str] = (),
    canon: Mapping[str, str] | None = None,
    cap: int = 16,
) -> list[str]:
    """Distinct Latin spellings of ``key``: ``primary``'s first (canonical), then the others.

    Order: canonical of ``primary`` (``canon[primary]`` when given, else the rendering with
    every first choice), canonical renderings of ``others``, the hand-written ``extras``, then
    renderings that switch one token type at a time to another of its renderings (the
    primary tradition first). At most ``cap`` spellings.
    """
    fixed = canon or {}
    words = _parse(key)
    types = _used_types(words)
    candidates: list[str] = []
    traditions = (primary, *others)
    for t in traditions:
        if t in fixed:
            candidates.append(fixed[t])
        candidates.append(render(key, t))
    if primary in fixed:
        # the hand-written canonical stays first; the rule rendering follows the others
        candidates.insert(0, fixed[primary])
    candidates.extend(extras)
    for t in traditions:
        trad = TRADITIONS[t]
        for kind in types:
            for k in range(1, len(trad.options(kind))):
                candidates.append(render(key, trad, {kind: k}))
    return unique_mrz(candidates, cap)

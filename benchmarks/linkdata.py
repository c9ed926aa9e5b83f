"""Two synthetic person lists to link, built independently of the project's world generator.

Nothing here comes from ``synth``: people are drawn from Faker locales in many scripts
(Latin with diacritics, Cyrillic, Greek, Georgian, Armenian, Arabic, Persian, Hebrew,
Devanagari, Bengali, Thai, Hangul, Han, Japanese kana), and each list records them through
its own noise model:

- **names**: system A writes a name in its own script (or, for some people, romanised);
  system B romanises it with one of several schemes of this module's own (German, French
  or English-style Cyrillic, ELOT-like or older Greek, pinyin or Wade-Giles-like Chinese,
  Hepburn with or without long vowels, diacritics stripped or expanded) or keeps the
  native script for scripts without a scheme here; then typos (substitution, deletion,
  insertion, transposition), swapped surname and given names, a dropped second given
  name, a missing given name;
- **birth dates**: day and month swapped, 1 January recorded for an unknown date, a year
  off by one, one part mistyped, missing;
- **other fields**: sex missing or wrong, another nationality (dual nationals), a new
  document number, a mistyped or missing one.

Each list holds a random 90 % of the people, so about 81 % of the records of either list
have a partner in the other. :data:`MIXES` scale the noise (``light``, ``standard``,
``heavy``, ``scripts``: many native-script records and scheme changes, ``dates``).
The romanisation schemes here are deliberately not the linkage library's (which uses
ICAO, ELOT 743, pypinyin and anyascii), so neither side was tuned to the other.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl

__all__ = ["LOCALES", "MIXES", "LocaleSpec", "Mix", "make_lists"]


@dataclass(frozen=True)
class LocaleSpec:
    """A Faker locale, the nationality of its people, their script and share."""

    locale: str
    nationality: str
    script: str
    weight: float


LOCALES: tuple[LocaleSpec, ...] = (
    LocaleSpec("de_DE", "DEU", "latin", 6), LocaleSpec("tr_TR", "TUR", "latin", 4),
    LocaleSpec("pl_PL", "POL", "latin", 3), LocaleSpec("fr_FR", "FRA", "latin", 4),
    LocaleSpec("es_ES", "ESP", "latin", 3), LocaleSpec("en_GB", "GBR", "latin", 4),
    LocaleSpec("no_NO", "NOR", "latin", 1), LocaleSpec("sv_SE", "SWE", "latin", 1),
    LocaleSpec("az_AZ", "AZE", "latin", 1), LocaleSpec("vi_VN", "VNM", "latin", 1),
    LocaleSpec("ru_RU", "RUS", "cyrillic", 4), LocaleSpec("uk_UA", "UKR", "cyrillic", 3),
    LocaleSpec("bg_BG", "BGR", "cyrillic", 1), LocaleSpec("el_GR", "GRC", "greek", 2),
    LocaleSpec("ka_GE", "GEO", "georgian", 1), LocaleSpec("hy_AM", "ARM", "armenian", 1),
    LocaleSpec("ar_AA", "SYR", "native", 3), LocaleSpec("fa_IR", "IRN", "native", 2),
    LocaleSpec("he_IL", "ISR", "native", 1), LocaleSpec("hi_IN", "IND", "native", 2),
    LocaleSpec("bn_BD", "BGD", "native", 1), LocaleSpec("th_TH", "THA", "native", 1),
    LocaleSpec("ko_KR", "KOR", "native", 1), LocaleSpec("zh_CN", "CHN", "han", 3),
    LocaleSpec("ja_JP", "JPN", "japanese", 1),
)  # fmt: skip


@dataclass(frozen=True)
class Mix:
    """Noise rates (per record of list B; list A gets ``a_share`` of each)."""

    name_typo: float = 0.12
    swap_names: float = 0.02
    drop_second_given: float = 0.05
    missing_given: float = 0.01
    other_scheme: float = 0.3  # B romanises with a scheme other than the first
    native_in_a: float = 0.5  # A keeps the native script (non-Latin locales)
    date_swap: float = 0.03
    date_jan1: float = 0.04
    date_year: float = 0.02
    date_part: float = 0.03
    date_missing: float = 0.02
    sex_missing: float = 0.03
    sex_wrong: float = 0.005
    nationality_other: float = 0.03
    nationality_missing: float = 0.05
    document_new: float = 0.25
    document_typo: float = 0.03
    document_missing: float = 0.2
    a_share: float = 0.3


MIXES: dict[str, Mix] = {
    "light": Mix(name_typo=0.05, other_scheme=0.1, date_jan1=0.02, document_new=0.1),
    "standard": Mix(),
    "heavy": Mix(
        name_typo=0.25, swap_names=0.05, drop_second_given=0.1, date_swap=0.06,
        date_jan1=0.08, date_part=0.06, nationality_other=0.06, document_new=0.4,
        document_missing=0.3, a_share=0.5,
    ),
    "scripts": Mix(other_scheme=0.7, native_in_a=0.9, name_typo=0.08),
    "dates": Mix(date_swap=0.1, date_jan1=0.12, date_year=0.06, date_part=0.08, date_missing=0.05),
}  # fmt: skip

# -- romanisation schemes of this generator (not the linkage library's) -------------

_CYRILLIC_BASE = dict(zip("абвгдезиклмнопрстуфыэ", "abvgdeziklmnoprstufye", strict=True))
_CYRILLIC: dict[str, dict[str, str]] = {
    "english": {**_CYRILLIC_BASE, "ё": "yo", "ж": "zh", "й": "y", "х": "kh", "ц": "ts",
                "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "", "ю": "yu", "я": "ya",
                "і": "i", "ї": "yi", "є": "ye", "ґ": "g"},
    "german": {**_CYRILLIC_BASE, "в": "w", "е": "je", "ё": "jo", "ж": "sch", "з": "s",
               "й": "j", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch",
               "ъ": "", "ь": "", "ю": "ju", "я": "ja", "і": "i", "ї": "ji", "є": "je",
               "ґ": "g", "с": "ss"},
    "french": {**_CYRILLIC_BASE, "ё": "io", "ж": "j", "й": "i", "у": "ou", "х": "kh",
               "ц": "ts", "ч": "tch", "ш": "ch", "щ": "chtch", "ъ": "", "ь": "", "ю": "iou",
               "я": "ia", "і": "i", "ї": "i", "є": "ie", "ґ": "g"},
}  # fmt: skip
_GREEK_BASE = dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω", "avgdeziθiklmnxoprsstyfχψo", strict=True))
_GREEK: dict[str, dict[str, str]] = {
    "modern": {**_GREEK_BASE, "θ": "th", "χ": "ch", "ψ": "ps", "ου": "ou", "μπ": "b"},
    "classic": {**_GREEK_BASE, "β": "b", "η": "e", "θ": "th", "υ": "u", "φ": "ph", "χ": "kh",
                "ψ": "ps", "ω": "o", "ου": "u"},
}  # fmt: skip
_GEORGIAN_LETTERS = "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ"
_GEORGIAN: dict[str, dict[str, str]] = {
    "national": dict(zip(_GEORGIAN_LETTERS, [
        "a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh", "r",
        "s", "t", "u", "p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", "h",
    ], strict=True)),
    "german": dict(zip(_GEORGIAN_LETTERS, [
        "a", "b", "g", "d", "e", "w", "s", "t", "i", "k", "l", "m", "n", "o", "p", "sh", "r",
        "s", "t", "u", "p", "k", "gh", "k", "sch", "tsch", "z", "ds", "z", "tsch", "ch", "dsch",
        "h",
    ], strict=True)),
}  # fmt: skip
_ARMENIAN_LETTERS = "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ"
_ARMENIAN: dict[str, dict[str, str]] = {
    "standard": dict(zip(_ARMENIAN_LETTERS, [
        "a", "b", "g", "d", "e", "z", "e", "y", "t", "zh", "i", "l", "kh", "ts", "k", "h",
        "dz", "gh", "ch", "m", "y", "n", "sh", "o", "ch", "p", "j", "r", "s", "v", "t", "r",
        "ts", "v", "p", "k", "o", "f",
    ], strict=True)),
    "french": dict(zip(_ARMENIAN_LETTERS, [
        "a", "p", "k", "t", "e", "z", "e", "e", "t", "j", "i", "l", "kh", "dz", "g", "h",
        "tz", "gh", "dj", "m", "y", "n", "ch", "o", "tch", "b", "dj", "r", "s", "v", "d", "r",
        "ts", "ou", "p", "k", "o", "f",
    ], strict=True)),
}  # fmt: skip
_LATIN_EXPAND = {"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "å": "aa", "æ": "ae", "ß": "ss"}
_WADE_GILES = (("zh", "ch"), ("x", "hs"), ("q", "ch"), ("j", "ch"), ("z", "ts"), ("c", "ts"),
               ("ian", "ien"), ("ong", "ung"), ("r", "j"))  # fmt: skip


def _by_table(text: str, table: dict[str, str]) -> str:
    """Longest-match-first replacement of lower-cased ``text`` by ``table``."""
    low = unicodedata.normalize("NFD", text.lower())
    low = "".join(ch for ch in low if not unicodedata.combining(ch))
    keys = sorted(table, key=len, reverse=True)
    out, i = [], 0
    while i < len(low):
        for key in keys:
            if low.startswith(key, i):
                out.append(table[key])
                i += len(key)
                break
        else:
            out.append(low[i] if low[i].isascii() else "")
            i += 1
    return "".join(out).upper()


def _strip(text: str) -> str:
    nfd = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in nfd if not unicodedata.combining(ch)).upper()


def _expand(text: str) -> str:
    return _strip("".join(_LATIN_EXPAND.get(ch, ch) for ch in text.lower()))


@cache
def _pinyin(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="ignore")).upper()


def _wade_giles(text: str) -> str:
    out = _pinyin(text).lower()
    for a, b in _WADE_GILES:
        out = out.replace(a, b)
    return out.upper()


def _schemes(script: str) -> list[Callable[[str], str]]:
    """The romanisations list B uses for a script, the first being the most common."""
    if script == "latin":
        return [_strip, _expand]
    tables = {"cyrillic": _CYRILLIC, "greek": _GREEK, "georgian": _GEORGIAN,
              "armenian": _ARMENIAN}  # fmt: skip
    if script in tables:
        return [lambda t, tb=tb: _by_table(t, tb) for tb in tables[script].values()]
    if script == "han":
        return [_pinyin, _wade_giles]
    return []  # native only (Arabic, Persian, Hebrew, Indic, Thai, Hangul) and Japanese


def _japanese_variant(roman: str) -> str:
    out = roman.upper().replace("OU", "O").replace("UU", "U")
    return out + "H" if out.endswith("O") else out


# -- people ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Pool:
    """Names of one locale: surnames, male and female given names (most common first)."""

    spec: LocaleSpec
    surname: list[str]
    male: list[str]
    female: list[str]
    roman: dict[str, str]  # Japanese: kana -> Faker's romanisation


def _pool(spec: LocaleSpec, seed: int, size: int) -> _Pool:
    from faker import Faker

    fake = Faker(spec.locale)
    fake.seed_instance(seed)
    roman: dict[str, str] = {}

    def draw(method: str) -> list[str]:
        if spec.script == "japanese":
            pairs = [getattr(fake, f"{method}_pair")() for _ in range(size)]
            roman.update({kana: rom for _, kana, rom in pairs})
            return list(dict.fromkeys(kana for _, kana, _ in pairs))
        names = (getattr(fake, method)() for _ in range(size))
        return list(dict.fromkeys(n for n in names if n.strip()))

    return _Pool(spec, draw("last_name"), draw("first_name_male"), draw("first_name_female"), roman)


def _zipf(rng: np.random.Generator, n: int, size: int) -> np.ndarray:
    p = 1.0 / (np.arange(n) + 3.0)
    return rng.choice(n, size=size, p=p / p.sum())


def _people(n: int, seed: int) -> tuple[pl.DataFrame, list[_Pool]]:
    rng = np.random.default_rng([seed, 1])
    pools = [_pool(spec, seed * 1000 + i, 500) for i, spec in enumerate(LOCALES)]
    weights = np.array([s.weight for s in LOCALES], dtype=np.float64)
    loc = rng.choice(len(LOCALES), size=n, p=weights / weights.sum())
    sex = np.where(rng.random(n) < 0.5, "M", "F")
    surname = np.empty(n, dtype=object)
    given = np.empty(n, dtype=object)
    second = np.full(n, None, dtype=object)
    for li, pool in enumerate(pools):
        sel = np.flatnonzero(loc == li)
        surname[sel] = np.asarray(pool.surname, dtype=object)[
            _zipf(rng, len(pool.surname), sel.size)
        ]
        for s, names in (("M", pool.male), ("F", pool.female)):
            part = sel[sex[sel] == s]
            arr = np.asarray(names, dtype=object)
            given[part] = arr[_zipf(rng, arr.size, part.size)]
            two = part[rng.random(part.size) < 0.2]
            second[two] = arr[_zipf(rng, arr.size, two.size)]
    start, stop = np.datetime64("1940-01-01").astype(int), np.datetime64("2007-01-01").astype(int)
    letters = np.array(list("ABCDEFGHJKLMNPRSTUVWXYZ"))
    doc = [
        f"{a}{b}{d:07d}"
        for a, b, d in zip(
            letters[rng.integers(0, letters.size, n)],
            letters[rng.integers(0, letters.size, n)],
            rng.integers(0, 10**7, n),
            strict=True,
        )
    ]
    people = pl.DataFrame(
        {
            "entity": np.arange(n),
            "locale": loc,
            "surname": surname.tolist(),
            "given": given.tolist(),
            "second": second.tolist(),
            "sex": sex.tolist(),
            "birth_date": rng.integers(start, stop, n).astype("datetime64[D]"),
            "document_number": doc,
        }
    )
    return people, pools


# -- noise -------------------------------------------------------------------------


def _typo(text: str, rng: np.random.Generator) -> str:
    """One substitution, deletion, insertion or transposition, in the text's own letters."""
    if len(text) < 2:
        return text
    i = int(rng.integers(0, len(text) - 1))
    kind = int(rng.integers(0, 4))
    other = text[int(rng.integers(0, len(text)))]
    if kind == 0:
        return text[:i] + other + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[:i] + other + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _written(
    names: Sequence[str | None],
    pools: Sequence[_Pool],
    loc: np.ndarray,
    scheme: np.ndarray,
) -> list[str | None]:
    """Each name as a list writes it: ``scheme`` -1 native, else that romanisation."""
    memo: dict[tuple[str, int, int], str] = {}
    out: list[str | None] = []
    for name, li, k in zip(names, loc.tolist(), scheme.tolist(), strict=True):
        if name is None or k < 0:
            out.append(name)
            continue
        key = (name, li, k)
        if key not in memo:
            pool = pools[li]
            if pool.spec.script == "japanese":
                rom = pool.roman.get(name, name).upper()
                memo[key] = rom if k == 0 else _japanese_variant(rom)
            else:
                schemes = _schemes(pool.spec.script)
                memo[key] = schemes[min(k, len(schemes) - 1)](name) if schemes else name
        out.append(memo[key])
    return out


def _scheme_choice(
    people: pl.DataFrame, pools: Sequence[_Pool], side: str, mix: Mix, rng: np.random.Generator
) -> np.ndarray:
    """Per record: -1 native script, 0 the usual romanisation, 1 another one."""
    n = people.height
    script = np.array([pools[i].spec.script for i in people["locale"].to_list()])
    romanisable = (script != "native") & (script != "latin")
    scheme = np.where(rng.random(n) < mix.other_scheme, 1, 0)
    if side == "a":
        native = romanisable & (rng.random(n) < mix.native_in_a)
        scheme = np.where(native | (script == "latin"), -1, 0)
    scheme[script == "native"] = -1
    return scheme


def _names(
    people: pl.DataFrame, pools: Sequence[_Pool], side: str, mix: Mix, rng: np.random.Generator
) -> tuple[list[str | None], list[str | None]]:
    n = people.height
    rate = 1.0 if side == "b" else mix.a_share
    loc = people["locale"].to_numpy()
    scheme = _scheme_choice(people, pools, side, mix, rng)
    surname = _written(people["surname"].to_list(), pools, loc, scheme)
    given = _written(people["given"].to_list(), pools, loc, scheme)
    second = _written(people["second"].to_list(), pools, loc, scheme)
    drop = rng.random(n) < mix.drop_second_given * rate
    full_given: list[str | None] = [
        g if s is None or d else f"{g} {s}" for g, s, d in zip(given, second, drop, strict=True)
    ]
    for names in (surname, full_given):
        for i in np.flatnonzero(rng.random(n) < mix.name_typo * rate):
            value = names[i]
            names[i] = None if value is None else _typo(value, rng)
    for i in np.flatnonzero(rng.random(n) < mix.swap_names * rate):
        surname[i], full_given[i] = full_given[i], surname[i]
    for i in np.flatnonzero(rng.random(n) < mix.missing_given * rate):
        full_given[i] = None
    return surname, full_given


def _dates(people: pl.DataFrame, rate: float, mix: Mix, rng: np.random.Generator) -> pl.Expr:
    n = people.height

    def flag(p: float) -> pl.Series:
        return pl.Series(rng.random(n) < p * rate)

    d = pl.col("birth_date")
    y, m, day = d.dt.year(), d.dt.month(), d.dt.day()
    shift = pl.Series(rng.choice([-1, 1], n))
    part = pl.Series(rng.integers(1, 29, n))
    return (
        pl.when(flag(mix.date_missing))
        .then(None)
        .when(flag(mix.date_jan1))
        .then(pl.date(y, 1, 1))
        .when(flag(mix.date_swap) & (day <= 12))
        .then(pl.date(y, day, m))
        .when(flag(mix.date_year))
        .then(pl.date(y + shift, m, day.clip(1, 28)))
        .when(flag(mix.date_part))
        .then(pl.date(y, m, part))
        .otherwise(d)
        .alias("birth_date")
    )


def _others(people: pl.DataFrame, pools: Sequence[_Pool], rate: float, mix: Mix,
            rng: np.random.Generator) -> list[pl.Expr]:  # fmt: skip
    n = people.height

    def flag(p: float) -> pl.Series:
        return pl.Series(rng.random(n) < p * rate)

    nationality = pl.Series([pools[i].spec.nationality for i in people["locale"].to_list()])
    others = pl.Series(np.array([s.nationality for s in LOCALES])[rng.integers(0, len(LOCALES), n)])
    new_doc = pl.Series([f"N{x:08d}" for x in rng.integers(0, 10**8, n)])
    digit = pl.Series(rng.integers(0, 10, n).astype(str))
    at = pl.Series(rng.integers(2, 9, n))
    doc = pl.col("document_number")
    typo = pl.concat_str([doc.str.slice(0, at), digit, doc.str.slice(at + 1)])
    return [
        pl.when(flag(mix.sex_missing))
        .then(None)
        .when(flag(mix.sex_wrong))
        .then(pl.when(pl.col("sex") == "M").then(pl.lit("F")).otherwise(pl.lit("M")))
        .otherwise(pl.col("sex"))
        .alias("sex"),
        pl.when(flag(mix.nationality_missing))
        .then(None)
        .when(flag(mix.nationality_other))
        .then(others)
        .otherwise(nationality)
        .alias("nationality"),
        pl.when(flag(mix.document_missing))
        .then(None)
        .when(flag(mix.document_new))
        .then(new_doc)
        .when(flag(mix.document_typo))
        .then(typo)
        .otherwise(doc)
        .alias("document_number"),
    ]


def _records(
    people: pl.DataFrame, pools: Sequence[_Pool], side: str, mix: Mix, seed: int
) -> pl.DataFrame:
    rng = np.random.default_rng([seed, 2 if side == "a" else 3])
    people = people.filter(pl.Series(rng.random(people.height) < 0.9))
    rate = 1.0 if side == "b" else mix.a_share
    surname, given = _names(people, pools, side, mix, rng)
    out = people.select(
        pl.concat_str([pl.lit(f"{side}-"), pl.col("entity").cast(pl.String)]).alias("unique_id"),
        "entity",
        pl.Series("surname", surname, dtype=pl.String),
        pl.Series("given_name", given, dtype=pl.String),
        _dates(people, rate, mix, rng),
        *_others(people, pools, rate, mix, rng),
    )
    order = rng.permutation(out.height)
    return out[order]


def make_lists(
    n_people: int, *, seed: int = 0, mix: str | Mix = "standard"
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Lists A and B (``unique_id``, ``entity`` = the truth, ``surname``, ``given_name``,
    ``birth_date``, ``sex``, ``nationality``, ``document_number``) over ``n_people``.

    >>> a, b = make_lists(300, seed=1)
    >>> 0.8 < a.height / 300 < 1.0 and set(a["entity"]) & set(b["entity"]) != set()
    True
    """
    chosen = MIXES[mix] if isinstance(mix, str) else mix
    people, pools = _people(n_people, seed)
    return _records(people, pools, "a", chosen, seed), _records(people, pools, "b", chosen, seed)

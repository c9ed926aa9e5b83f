"""Name pools: the named head of each culture's names, ranked, with Latin spellings.

A pool is the list of names of one ``(culture, kind, sex)``, most common first. The names
a source publishes as the commonest (:data:`synth.names.shapes.HEAD_NAMES`: Müller, Smith,
王, Silva, ...) come first; then names from Faker (a seeded ``Faker(locale)`` instance per
locale, called a few hundred times; the names it returns most often rank first, ties in
order of first appearance) or from our own tables (:mod:`synth.names.data`, ranked in
table order). How often each rank is drawn is the pool's rank law
(:mod:`synth.names.shapes`), and ranks after the named head are composed names
(:mod:`synth.names.tail`).

Assumption of this project: two-character Chinese given names composed from characters of
Faker's pool, since Faker has few Chinese given names (ranked after Faker's own names).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from schemas.rng import stable_hash, stream
from synth.names.cultures import CULTURES, NamingCulture
from synth.names.cyrillic import feminine_cyrillic_surname
from synth.names.data import NameRow, arabic, belarusian, ethiopic, iranian, latin_tables, somali
from synth.names.latin import feminine_latin_surname
from synth.names.shapes import HEAD_NAMES
from synth.names.transliteration import latin_spellings, row_spellings

__all__ = [
    "FAKER_DRAWS",
    "KINDS",
    "MAX_POOL",
    "Pool",
    "PoolEntry",
    "build_pools",
    "culture_pools",
    "own_rows",
]

log = logging.getLogger(__name__)

KINDS: tuple[str, ...] = ("given", "surname")
#: Calls of each Faker name method per pool (split between a culture's locales).
FAKER_DRAWS = 800
#: Largest pool kept per (culture, kind, sex).
MAX_POOL = 400
#: Extra composed Chinese given names per sex (assumption, see module docstring).
CHINESE_COMPOSED = 200

_CYRILLIC_GENDER = frozenset({"ru", "uk", "be", "bg"})
_PERSON_PROVIDER = "faker.providers.person"


@dataclass(frozen=True)
class PoolEntry:
    """One name: native spelling and its Latin spellings (canonical first)."""

    native: str
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class Pool:
    """The ranked names of one (culture, kind, sex); ``sex`` is "M", "F" or "U"."""

    culture: str
    kind: str
    sex: str
    entries: tuple[PoolEntry, ...]


def _faker_seed(seed: int, culture: str, locale: str) -> int:
    return stable_hash(f"names:{seed}:{culture}:{locale}") % (2**32)


def _faker_ranked(culture: NamingCulture, method: str, fakers: dict[str, object]) -> list[str]:
    """Distinct names from ``method`` of the culture's locales, most frequent first."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    per_locale = max(1, FAKER_DRAWS // len(culture.faker_locales))
    for locale in culture.faker_locales:
        fake = fakers[locale]
        call = getattr(fake, method)
        for _ in range(per_locale):
            name = str(call()).strip()
            if name:
                counts[name] += 1
                first.setdefault(name, len(first))
    return sorted(counts, key=lambda n: (-counts[n], first[n]))


def _fakers(culture: NamingCulture, seed: int) -> dict[str, object]:
    from faker import Faker  # imported here: Faker is slow to import and only needed to build

    out: dict[str, object] = {}
    for locale in culture.faker_locales:
        # Only the person provider: building every provider of a locale is slow.
        fake = Faker(locale, providers=[_PERSON_PROVIDER])
        fake.seed_instance(_faker_seed(seed, culture.key, locale))
        out[locale] = fake
    return out


def _entries(
    culture: NamingCulture, natives: Sequence[str], kind: str, limit: int = MAX_POOL
) -> list[PoolEntry]:
    out: list[PoolEntry] = []
    seen: set[str] = set()
    for native in natives:
        if native in seen:
            continue
        seen.add(native)
        try:
            spellings = latin_spellings(culture, native, kind)
        except ValueError as exc:
            log.debug("names: skipped %r in %s: %s", native, culture.key, exc)
            continue
        if spellings:
            out.append(PoolEntry(native, tuple(spellings)))
        if len(out) >= limit:
            break
    return out


def _row_entries(culture: NamingCulture, rows: Sequence[NameRow], kind: str) -> list[PoolEntry]:
    out: list[PoolEntry] = []
    seen: set[str] = set()
    for row in rows:
        if row.native in seen:
            continue
        seen.add(row.native)
        spellings = row_spellings(culture, row, kind)
        if not spellings:
            raise ValueError(f"no Latin spelling for {row.native!r} in {culture.key}")
        out.append(PoolEntry(row.native, tuple(spellings)))
    return out


def own_rows(
    table: str,
) -> tuple[tuple[NameRow, ...], tuple[NameRow, ...], tuple[NameRow, ...] | None]:
    """(male given, female given, surnames or None for patronymic) rows of an own table."""
    name, _, tag = table.partition(":")

    def plain(names: Sequence[str]) -> tuple[NameRow, ...]:
        return tuple(NameRow(n) for n in names)

    def tagged(rows: Sequence[NameRow]) -> tuple[NameRow, ...]:
        return tuple(r for r in rows if r.used_by(tag))

    if name == "arabic":
        return tagged(arabic.GIVEN_MALE), tagged(arabic.GIVEN_FEMALE), tagged(arabic.SURNAMES)
    if name == "persian":
        return iranian.PERSIAN_MALE, iranian.PERSIAN_FEMALE, iranian.PERSIAN_SURNAMES
    if name == "afghan":
        return iranian.AFGHAN_MALE, iranian.AFGHAN_FEMALE, iranian.AFGHAN_SURNAMES
    if name == "ethiopic":
        return tagged(ethiopic.GIVEN_MALE), tagged(ethiopic.GIVEN_FEMALE), None
    if name == "somali":
        return somali.GIVEN_MALE, somali.GIVEN_FEMALE, None
    if name == "belarusian":
        return (
            plain(belarusian.GIVEN_MALE),
            plain(belarusian.GIVEN_FEMALE),
            plain(belarusian.SURNAMES),
        )
    latin = {
        "albanian": "ALBANIAN",
        "wolof": "WOLOF",
        "congolese": "CONGOLESE",
        "bangladeshi": "BANGLADESHI",
    }
    if name in latin:
        prefix = latin[name]
        return (
            plain(getattr(latin_tables, f"{prefix}_MALE")),
            plain(getattr(latin_tables, f"{prefix}_FEMALE")),
            plain(getattr(latin_tables, f"{prefix}_SURNAMES")),
        )
    raise ValueError(f"unknown own name table {table!r}")


def _feminine(masculine: str, lang: str) -> str:
    if lang in _CYRILLIC_GENDER:
        return feminine_cyrillic_surname(masculine, lang)
    return feminine_latin_surname(masculine, lang)


def _gendered_surnames(
    culture: NamingCulture, masculine: Sequence[PoolEntry]
) -> tuple[list[PoolEntry], list[PoolEntry]]:
    """Aligned masculine and feminine surname pools (index i = the same family name)."""
    male: list[PoolEntry] = []
    female: list[PoolEntry] = []
    for entry in masculine:
        fem = _feminine(entry.native, culture.surname_gender)
        if fem == entry.native:
            fem_entry = entry
        else:
            try:
                fem_entry = PoolEntry(fem, tuple(latin_spellings(culture, fem, "surname")))
            except ValueError:
                continue
        male.append(entry)
        female.append(fem_entry)
    return male, female


def _chinese_composed(
    entries: Sequence[PoolEntry], culture: NamingCulture, seed: int, sex: str
) -> list[PoolEntry]:
    chars = sorted({ch for e in entries for ch in e.native})
    if len(chars) < 2:
        return []
    rng = stream(seed, f"names.chinese_given.{sex}")
    have = {e.native for e in entries}
    natives: list[str] = []
    for _ in range(CHINESE_COMPOSED * 3):
        a, b = rng.integers(0, len(chars), 2)
        name = chars[int(a)] + chars[int(b)]
        if a != b and name not in have:
            have.add(name)
            natives.append(name)
        if len(natives) >= CHINESE_COMPOSED:
            break
    return _entries(culture, natives, "given")


def _named_first(
    culture: NamingCulture, entries: Sequence[PoolEntry], pool: str, kind: str
) -> list[PoolEntry]:
    """``entries`` with the published commonest names of the pool first, in rank order
    (added when the source pool lacks them)."""
    wanted = HEAD_NAMES.get((culture.key, pool), ())
    if not wanted:
        return list(entries)
    by_native = {e.native: e for e in entries}
    head = []
    for native in wanted:
        entry = by_native.get(native)
        if entry is None:
            entry = PoolEntry(native, tuple(latin_spellings(culture, native, kind)))
        head.append(entry)
    return head + [e for e in entries if e.native not in wanted]


def culture_pools(culture: NamingCulture, seed: int) -> list[Pool]:
    """The pools of one culture: given M, given F, then surname U (or surname M and F)."""
    if culture.own_table:
        male_rows, female_rows, surname_rows = own_rows(culture.own_table)
        given_m = _row_entries(culture, male_rows, "given")
        given_f = _row_entries(culture, female_rows, "given")
        surnames = (
            given_m if surname_rows is None else _row_entries(culture, surname_rows, "surname")
        )
    else:
        fakers = _fakers(culture, seed)
        given_m = _entries(culture, _faker_ranked(culture, "first_name_male", fakers), "given")
        given_f = _entries(culture, _faker_ranked(culture, "first_name_female", fakers), "given")
        method = "last_name_male" if culture.surname_gender else "last_name"
        surnames = _entries(culture, _faker_ranked(culture, method, fakers), "surname")
        if culture.key == "chinese":
            given_m += _chinese_composed(given_m, culture, seed, "M")
            given_f += _chinese_composed(given_f, culture, seed, "F")
    key = culture.key
    given_m = _named_first(culture, given_m, "given_M", "given")
    given_f = _named_first(culture, given_f, "given_F", "given")
    if not culture.patronymic:
        surnames = _named_first(culture, surnames, "surname", "surname")
    pools = [Pool(key, "given", "M", tuple(given_m)), Pool(key, "given", "F", tuple(given_f))]
    if culture.patronymic:
        pools.append(Pool(key, "surname", "U", tuple(given_m)))
    elif culture.surname_gender:
        male, female = _gendered_surnames(culture, surnames)
        pools += [Pool(key, "surname", "M", tuple(male)), Pool(key, "surname", "F", tuple(female))]
    else:
        pools.append(Pool(key, "surname", "U", tuple(surnames)))
    for pool in pools:
        if not pool.entries:
            raise ValueError(f"empty name pool {pool.culture}/{pool.kind}/{pool.sex}")
    return pools


def build_pools(seed: int, cultures: Sequence[NamingCulture] = CULTURES) -> list[Pool]:
    """Every pool of every culture, in registry order."""
    pools: list[Pool] = []
    for culture in cultures:
        pools += culture_pools(culture, seed)
    log.info("names: built %d pools for %d cultures", len(pools), len(cultures))
    return pools

"""The synthetic population: the truth about every person.

People come in families (travel parties) that share a surname, a nationality, a
population group, a main member state and their journeys. Everything is drawn with
whole-array numpy operations; the only Python loops run over population groups.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from schemas.rng import stream
from synth.groups import GROUPS, PopulationGroup
from synth.member_states import MEMBER_STATES
from synth.names import CULTURE_BY_KEY, NameTable
from synth.nationalities import NATIONALITIES
from synth.places import place_table
from synth.scenario import Scenario
from synth.scenario_population import PopulationConfig
from synth.vector import (
    YEAR_DAYS,
    age_years,
    choice,
    day_of,
    explode,
    normalised,
    pair_within,
    take,
    to_date_series,
)

__all__ = [
    "AGE_BANDS",
    "People",
    "age_band",
    "allocate",
    "build_people",
    "draw_people",
    "persons_frame",
]

log = logging.getLogger(__name__)

NAT_CODE = np.array([n.code for n in NATIONALITIES], dtype=object)
NAT_REGION = np.array([n.region for n in NATIONALITIES], dtype=object)
NAT_CULTURE = np.array([n.culture for n in NATIONALITIES], dtype=object)
NAT_VISA = np.array([n.visa_required for n in NATIONALITIES], dtype=bool)
_NAT_INDEX = {n.code: i for i, n in enumerate(NATIONALITIES)}
REGIONS = sorted({n.region for n in NATIONALITIES})
NAT_REGION_INDEX = np.array([REGIONS.index(r) for r in NAT_REGION], dtype=np.int64)
# Age bands of the phenotype cells (lower bounds, inclusive) and their labels.
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "0-11"),
    (12, "12-17"),
    (18, "18-34"),
    (35, "35-54"),
    (55, "55+"),
)
_MAX_AGE = 95.0
_WIDE_SCRIPTS = frozenset({"Hani", "Jpan", "Hang", "Kore"})


def _reflect(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Fold ``values`` back into [low, high] by reflection at the bounds.

    Clipping would pile every out-of-range draw onto the bound itself (for instance a
    birth date exactly 18 years before the as-of date), which is both unrealistic and a
    spurious identity collision; reflection keeps the density continuous.
    """
    span = high - low
    folded = np.mod(values - low, 2.0 * span)
    out: np.ndarray = low + np.where(folded > span, 2.0 * span - folded, folded)
    return out


def age_band(age: np.ndarray) -> np.ndarray:
    """Index into :data:`AGE_BANDS` of each age in full years."""
    bounds = np.array([b for b, _ in AGE_BANDS[1:]])
    out: np.ndarray = np.searchsorted(bounds, age, side="right")
    return out


@dataclass(frozen=True)
class People:
    """Person-level arrays (index = person_id) and family-level arrays."""

    group: np.ndarray  # int64 group code (synth.groups GroupSpec.code)
    family: np.ndarray  # int64 family id
    role: np.ndarray  # int64 rank within the family (0 = first adult)
    nationality: np.ndarray  # int64 index into NATIONALITIES
    male: np.ndarray  # bool
    birth: np.ndarray  # int64 day
    given_id: np.ndarray  # int64 name ids; given_id2 / surname_id2 -1 when absent
    given_id2: np.ndarray
    surname_id: np.ndarray
    surname_id2: np.ndarray
    place: np.ndarray  # int64 index into place_table().names
    home_ms: np.ndarray  # int64 index into MEMBER_STATES
    lookalike: np.ndarray  # int64 partner person id, -1 when none
    fam_start: np.ndarray  # int64 first person of each family
    fam_size: np.ndarray  # int64 members of each family
    fam_group: np.ndarray  # int64 group code of each family

    @property
    def n(self) -> int:
        return int(self.group.size)

    @property
    def sex(self) -> np.ndarray:
        out: np.ndarray = np.where(self.male, "M", "F").astype(object)
        return out

    @property
    def culture(self) -> np.ndarray:
        out: np.ndarray = NAT_CULTURE[self.nationality]
        return out


def allocate(total: int, shares: Mapping[PopulationGroup, float]) -> dict[PopulationGroup, int]:
    """Largest-remainder split of ``total`` persons over groups."""
    groups = [g.key for g in GROUPS]
    w = normalised([shares.get(g, 0.0) for g in groups]) * total
    base = np.floor(w).astype(np.int64)
    rest = total - int(base.sum())
    order = np.argsort(-(w - base), kind="stable")[:rest]
    base[order] += 1
    return {g: int(c) for g, c in zip(groups, base, strict=True)}


def _family_sizes(rng: np.random.Generator, n: int, weights: list[float]) -> np.ndarray:
    """Family sizes (1, 2, ...) summing exactly to ``n``."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    p = normalised(weights)
    mean = float((np.arange(1, p.size + 1) * p).sum())
    sizes = np.zeros(0, dtype=np.int64)
    while sizes.sum() < n:
        more = rng.choice(p.size, size=int(n / mean * 1.1) + 16, p=p) + 1
        sizes = np.concatenate([sizes, more])
    cum = np.cumsum(sizes)
    last = int(np.searchsorted(cum, n))
    sizes = sizes[: last + 1].copy()
    sizes[-1] -= int(cum[last]) - n
    return sizes


@dataclass(frozen=True)
class _Families:
    """Family-level draws: size, group code, nationality and the first adult's age and sex."""

    size: np.ndarray
    group: np.ndarray
    nationality: np.ndarray
    head_age: np.ndarray
    head_male: np.ndarray


def _draw_families(
    rng: np.random.Generator, pop: PopulationConfig, counts: Mapping[PopulationGroup, int]
) -> _Families:
    """Families of every group: sizes summing to the group's persons, then per family a
    nationality, the first adult's age (normal, folded into [18, 95]) and sex."""
    sizes, fam_group, fam_nat, head_age, head_male = [], [], [], [], []
    for spec in GROUPS:
        s = _family_sizes(rng, counts[spec.key], list(pop.family_size_weights))
        codes, idx = choice(rng, pop.nationality_weights[spec.key] or {"": 1.0}, s.size)
        nat_index = np.array([_NAT_INDEX.get(c, 0) for c in codes], dtype=np.int64)
        age_spec = pop.head_age[spec.key]
        sizes.append(s)
        fam_group.append(np.full(s.size, spec.code, dtype=np.int64))
        fam_nat.append(nat_index[idx])
        head_age.append(_reflect(rng.normal(age_spec.mean, age_spec.sd, s.size), 18.0, _MAX_AGE))
        head_male.append(rng.random(s.size) < pop.male_share.get(spec.key, 0.5))
    return _Families(
        size=np.concatenate(sizes),
        group=np.concatenate(fam_group),
        nationality=np.concatenate(fam_nat),
        head_age=np.concatenate(head_age),
        head_male=np.concatenate(head_male),
    )


def _sex_and_age(
    rng: np.random.Generator, fams: _Families, family: np.ndarray, role: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sex and age in years: the first adult, a partner of the other sex, then children."""
    n = family.size
    f_male, f_age = fams.head_male[family], fams.head_age[family]
    coin = rng.random(n) < 0.5
    male = np.where(role == 0, f_male, np.where(role == 1, ~f_male, coin))
    partner_age = _reflect(f_age + rng.normal(0.0, 4.0, n), 18.0, _MAX_AGE)
    child_span = np.clip(f_age - 18.0, 0.0, 30.0)
    child_age = rng.random(n) * child_span
    age = np.where(role == 0, f_age, np.where(role == 1, partner_age, child_age))
    return male, age


@dataclass(frozen=True)
class _NameIds:
    given: np.ndarray  # per person
    given2: np.ndarray  # per person, -1: none
    surname: np.ndarray  # per family
    surname2: np.ndarray  # per family, -1: none


def _draw_names(
    rng: np.random.Generator,
    names: NameTable,
    pop: PopulationConfig,
    fam_culture: np.ndarray,
    culture: np.ndarray,
    male: np.ndarray,
) -> _NameIds:
    """A family surname (compound in some cultures), and given names for every person
    (a second one for some, in cultures that write the given name first)."""
    n_fam, n = fam_culture.size, culture.size
    sex = np.where(male, "M", "F").astype(object)
    surname_id = names.draw(fam_culture, "surname", np.full(n_fam, "U", dtype=object), rng)
    compound = np.array([CULTURE_BY_KEY[c].compound_surname_share for c in fam_culture])
    has_second = rng.random(n_fam) < compound
    surname_id2 = np.full(n_fam, -1, dtype=np.int64)
    if has_second.any():
        surname_id2[has_second] = names.draw(
            fam_culture[has_second], "surname", np.full(int(has_second.sum()), "U", object), rng
        )
    given_id = names.draw(culture, "given", sex, rng)
    given_first = np.array([CULTURE_BY_KEY[c].name_order == "given_first" for c in culture])
    second = given_first & (rng.random(n) < pop.second_given_name_share)
    given_id2 = np.full(n, -1, dtype=np.int64)
    if second.any():
        given_id2[second] = names.draw(culture[second], "given", sex[second], rng)
    return _NameIds(given_id.astype(np.int64), given_id2, surname_id, surname_id2)


def _member_surnames(
    names: NameTable, ids: _NameIds, family: np.ndarray, male: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The family surname in each member's own form (IVANOV / IVANOVA in gendered cultures)."""
    sex_codes = np.where(male, "M", "F")
    surname = names.surname_form(ids.surname.astype(np.int64)[family], sex_codes)
    surname2 = ids.surname2[family]
    second = surname2 >= 0
    surname2[second] = names.surname_form(surname2[second], sex_codes[second])
    return surname.astype(np.int64), surname2.astype(np.int64)


def _lookalikes(
    rng: np.random.Generator,
    share: float,
    male: np.ndarray,
    birth: np.ndarray,
    nationality: np.ndarray,
    as_of: int,
) -> np.ndarray:
    """Persistent look-alikes: random pairs within the same sex, age band and region."""
    n = male.size
    band = age_band(age_years(birth, np.full(n, as_of)))
    cell = (male.astype(np.int64) * 8 + band) * 64 + NAT_REGION_INDEX[nationality]
    return pair_within(cell, rng.random(n) < share, rng)


def build_people(scenario: Scenario, seed: int, names: NameTable) -> People:
    """Draw the population of ``scenario`` (families, identities, look-alikes)."""
    pop = scenario.population
    counts = allocate(scenario.world.persons, dict(pop.group_shares))
    return draw_people(scenario, stream(seed, "population"), names, counts)


def draw_people(
    scenario: Scenario,
    rng: np.random.Generator,
    names: NameTable,
    counts: Mapping[PopulationGroup, int],
) -> People:
    """Draw ``counts[group]`` persons of every group from the population model of
    ``scenario``: families, identities and look-alikes, all from ``rng``.

    The world draws its persons with this function (:func:`build_people`), and so does
    :func:`synth.sample_identities`: both follow the same model.
    """
    pop = scenario.population
    as_of = day_of(scenario.world.as_of)
    fams = _draw_families(rng, pop, counts)
    family, role = explode(fams.size)
    male, age = _sex_and_age(rng, fams, family, role)
    birth = as_of - np.round(age * YEAR_DAYS).astype(np.int64)
    nationality = fams.nationality[family]
    ids = _draw_names(
        rng, names, pop, NAT_CULTURE[fams.nationality], NAT_CULTURE[nationality], male
    )
    place = place_table().draw(nationality, rng)
    ms_codes, ms_idx = choice(rng, dict(pop.member_state_weights), fams.size.size)
    ms_index = np.array([MEMBER_STATES.index(c) for c in ms_codes], dtype=np.int64)
    lookalike = _lookalikes(rng, pop.lookalike_share, male, birth, nationality, as_of)
    surname, surname2 = _member_surnames(names, ids, family, male)
    log.info("population: %d persons in %d families", family.size, fams.size.size)
    return People(
        group=fams.group[family],
        family=family,
        role=role,
        nationality=nationality,
        male=male,
        birth=birth,
        given_id=ids.given,
        given_id2=ids.given2,
        surname_id=surname,
        surname_id2=surname2,
        place=place,
        home_ms=ms_index[ms_idx][family],
        lookalike=lookalike,
        fam_start=np.cumsum(fams.size) - fams.size,
        fam_size=fams.size,
        fam_group=fams.group,
    )


def _join(first: pl.Series, second: pl.Series, separator: pl.Expr | str) -> pl.Series:
    frame = pl.DataFrame({"a": first, "b": second})
    if isinstance(separator, str):
        both = pl.concat_str(["a", "b"], separator=separator, ignore_nulls=True)
        return frame.select(both).to_series()
    joined = pl.concat_str([pl.col("a"), separator, pl.col("b")])
    return frame.select(
        pl.when(pl.col("b").is_null()).then(pl.col("a")).otherwise(joined)
    ).to_series()


def name_strings(
    names: NameTable, ids: np.ndarray, ids2: np.ndarray, native: bool, separator: pl.Expr | str
) -> pl.Series:
    """Canonical Latin (or native) spelling of one or two name parts, joined."""
    lookup = names.native_series if native else names.latin_series
    first = lookup.gather(ids)
    has2 = ids2 >= 0
    second = lookup.gather(np.where(has2, ids2, 0))
    second = pl.select(pl.when(pl.Series(has2)).then(second).otherwise(None)).to_series()
    return _join(first, second, separator)


def persons_frame(people: People, registered: np.ndarray, names: NameTable) -> pl.DataFrame:
    """The ``persons`` table (the truth), in person_id order."""
    n = people.n
    culture = people.culture
    scripts = {c.key: c.script for c in CULTURE_BY_KEY.values()}
    script = np.array([scripts[c] for c in culture], dtype=object)
    wide = pl.Series(np.isin(script, list(_WIDE_SCRIPTS)))
    native_sep: pl.Expr = pl.when(wide).then(pl.lit("")).otherwise(pl.lit(" "))
    codes = take(NAT_CODE, people.nationality)
    groups = np.array([g.key.value for g in sorted(GROUPS, key=lambda g: g.code)], dtype=object)
    lookalike = pl.Series(people.lookalike, dtype=pl.Int64)
    return pl.DataFrame(
        {
            "person_id": np.arange(n, dtype=np.int64),
            "sex": take(("F", "M"), people.male.astype(np.int64)),
            "birth_date": to_date_series("birth_date", people.birth),
            "birth_place": take(place_table().names, people.place),
            "birth_country": codes,
            "nationality": codes,
            "region": take(NAT_REGION, people.nationality),
            "naming_culture": pl.Series(culture, dtype=pl.String),
            "script": pl.Series(script, dtype=pl.String),
            "given_names_native": name_strings(
                names, people.given_id, people.given_id2, True, native_sep
            ),
            "surname_native": name_strings(
                names, people.surname_id, people.surname_id2, True, native_sep
            ),
            "given_names_latin": name_strings(names, people.given_id, people.given_id2, False, " "),
            "surname_latin": name_strings(names, people.surname_id, people.surname_id2, False, " "),
            "family_id": people.family,
            "population_group": take(groups, people.group),
            "lookalike_of": pl.select(pl.when(lookalike >= 0).then(lookalike)).to_series(),
            "registered": registered,
            "synthetic": np.ones(n, dtype=bool),
        }
    )

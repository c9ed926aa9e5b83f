"""Virtual identities: persons drawn from the world's population model, without a world.

:func:`sample_identities` draws ``n`` synthetic identities from exactly the model the world
generator uses for its ``persons`` (:func:`synth.population.draw_people`: groups, families,
nationalities, naming cultures, sex, birth dates with their registration property, names
and their Latin spellings, look-alikes), with no journeys and no records. With
``recorded=True`` every identity is also written down once, as a CIR record of the system
the person's group first meets, with the member state's spelling convention and the
scenario's noise, the way the world records a CIR identity.

Uses: a probe sample or a virtual gallery of any size for real-scale estimates, name
statistics of a population, test data.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import polars as pl

from schemas.errors import ConfigError
from schemas.rng import stream
from schemas.systems import SystemKey
from synth.corruption import NoiseType
from synth.groups import GROUP_BY_KEY, PopulationGroup
from synth.names import NameTable, build_name_table
from synth.population import People, allocate, draw_people, persons_frame
from synth.records import (
    SYSTEM_CODE,
    SYSTEM_ORDER,
    IdentityRows,
    identity_columns,
    noise_rates,
    recorded_identity,
)
from synth.scenario import Scenario
from synth.vector import take, to_date_series

__all__ = ["CIR_COLUMNS", "FIRST_SYSTEM", "sample_identities"]

G = PopulationGroup

#: The identity columns of a CIR record the sample carries (recorded or not).
CIR_COLUMNS: tuple[str, ...] = (
    "surname",
    "given_names",
    "birth_date",
    "birth_year",
    "sex",
    "nationality",
)

#: The system whose record stands for a group's CIR identity when ``recorded=True``:
#: where the group's members are first registered (EU residents and the never-registered
#: are only ever searched for; they are recorded as a visa application would record them).
FIRST_SYSTEM: dict[PopulationGroup, SystemKey] = {
    G.VISA_REQUIRED: SystemKey.VIS,
    G.VISA_EXEMPT: SystemKey.ETIAS,
    G.ASYLUM_APPLICANT: SystemKey.EURODAC,
    G.IRREGULAR_CROSSER: SystemKey.EURODAC,
    G.OVERSTAYER: SystemKey.EES,
    G.EU_RESIDENT: SystemKey.VIS,
    G.UNREGISTERED: SystemKey.VIS,
}

_TRUTH_RENAMES = {"sex": "true_sex", "nationality": "true_nationality"}
_TRUTH_COLUMNS = (
    "person_id",
    "family_id",
    "population_group",
    "region",
    "naming_culture",
    "script",
    "true_nationality",
    "true_sex",
    "true_birth_date",
    "birth_place",
    "surname_native",
    "given_names_native",
    "surname_latin",
    "given_names_latin",
    "lookalike_of",
)


def _counts(scenario: Scenario, n: int, groups: Iterable[G | str] | None) -> dict[G, int]:
    """``n`` persons split over ``groups`` (all by default) by the scenario's group shares."""
    shares = dict(scenario.population.group_shares)
    if groups is not None:
        try:
            wanted = {G(g) for g in groups}
        except ValueError as exc:
            raise ConfigError(f"groups: {exc}; allowed: {[g.value for g in G]}") from None
        shares = {g: s for g, s in shares.items() if g in wanted}
        if not wanted:
            raise ConfigError("groups: give at least one population group (or None for all)")
    if not sum(shares.values()) > 0:
        raise ConfigError(f"groups: the scenario gives the groups {sorted(shares)} no persons")
    return allocate(n, shares)


def _system_codes(people: People, system: SystemKey | str | None) -> np.ndarray:
    """Per person, the index (records.SYSTEM_ORDER) of the system that records it."""
    if system is not None:
        try:
            key = SystemKey(system)
        except ValueError:
            raise ConfigError(
                f"system: {system!r} is not one of {[k.value for k in SystemKey]}"
            ) from None
        return np.full(people.n, SYSTEM_CODE[key], dtype=np.int64)
    by_code = np.zeros(max(spec.code for spec in GROUP_BY_KEY.values()) + 1, dtype=np.int64)
    for group, key in FIRST_SYSTEM.items():
        by_code[GROUP_BY_KEY[group].code] = SYSTEM_CODE[key]
    out: np.ndarray = by_code[people.group]
    return out


def _identity_rows(people: People, system: np.ndarray) -> IdentityRows:
    return IdentityRows(
        given=people.given_id,
        given2=people.given_id2,
        surname=people.surname_id,
        surname2=people.surname_id2,
        birth=people.birth,
        male=people.male,
        nationality=people.nationality,
        place=people.place,
        ms=people.home_ms,
        system=system,
    )


def _recorded_columns(
    scenario: Scenario,
    seed: int,
    stream_name: str,
    people: People,
    names: NameTable,
    system: SystemKey | str | None,
) -> pl.DataFrame:
    """One CIR record per person: the member state's spelling, then the scenario's noise."""
    codes = _system_codes(people, system)
    rng = stream(seed, f"{stream_name}/recorded")
    rates = noise_rates(scenario, people.group, codes)
    translit = rng.random(people.n) < rates.pop(NoiseType.TRANSLITERATION, np.zeros(people.n))
    nulls = pl.Series(values=[None] * people.n, dtype=pl.String)
    frame = identity_columns(_identity_rows(people, codes), names, translit, nulls, nulls)
    noisy = recorded_identity(scenario, frame, codes, rates, translit, names, rng)
    return noisy.select(*CIR_COLUMNS, "noise_applied").with_columns(
        system=take([k.value for k in SYSTEM_ORDER], codes),
    )


def _plain_columns(truth: pl.DataFrame, people: People) -> pl.DataFrame:
    """The CIR columns of the identity as registered, without noise."""
    years = people.birth.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return pl.DataFrame(
        {
            "surname": truth["surname_latin"],
            "given_names": truth["given_names_latin"],
            "birth_date": to_date_series("birth_date", people.birth),
            "birth_year": pl.Series(years, dtype=pl.Int16),
            "sex": truth["true_sex"],
            "nationality": truth["true_nationality"],
        }
    )


def sample_identities(
    scenario: Scenario,
    seed: int,
    n: int,
    *,
    groups: Iterable[PopulationGroup | str] | None = None,
    stream_name: str = "identities",
    recorded: bool = False,
    system: SystemKey | str | None = None,
) -> pl.DataFrame:
    """``n`` synthetic identities drawn from the population model of ``scenario``.

    The same model as the world's ``persons`` (:func:`synth.population.draw_people`):
    persons come in families (sharing a surname), split over ``groups`` (every group by
    default) by the scenario's group shares. Deterministic for (scenario, seed, n, groups,
    stream_name); ``sample_identities(s, seed, s.world.persons, stream_name="population")``
    draws exactly the persons of the world of (s, seed). Use another ``stream_name`` for
    samples independent of that world.

    Columns: the truth (``person_id``, ``family_id``, ``population_group``, ``region``,
    ``naming_culture``, ``script``, ``true_nationality``, ``true_sex``,
    ``true_birth_date``, ``birth_place``, ``surname_native``, ``given_names_native``,
    ``surname_latin`` and ``given_names_latin`` (canonical Latin spelling),
    ``lookalike_of``), then the CIR identity columns :data:`CIR_COLUMNS` (``surname``,
    ``given_names``, ``birth_date``, ``birth_year``, ``sex``, ``nationality``). Without
    ``recorded`` the CIR columns are the identity as registered, with no noise. With
    ``recorded=True`` they are one record of ``system`` (default: the system each group
    first meets, :data:`FIRST_SYSTEM`) made in the person's main member state: the member
    state's Latin spelling convention and the scenario's noise rates, as the world applies
    them; columns ``noise_applied`` and ``system`` are added.
    """
    if n < 0:
        raise ConfigError(f"n must be >= 0, got {n}")
    if n == 0:
        one = sample_identities(
            scenario,
            seed,
            1,
            groups=groups,
            stream_name=stream_name,
            recorded=recorded,
            system=system,
        )
        return one.clear()
    names = build_name_table(seed)
    counts = _counts(scenario, n, groups)
    people = draw_people(scenario, stream(seed, stream_name), names, counts)
    truth = persons_frame(people, np.zeros(people.n, dtype=bool), names)
    truth = truth.rename({**_TRUTH_RENAMES, "birth_date": "true_birth_date"}).select(_TRUTH_COLUMNS)
    if recorded:
        cir = _recorded_columns(scenario, seed, stream_name, people, names, system)
    else:
        cir = _plain_columns(truth, people)
    return pl.concat([truth, cir], how="horizontal")

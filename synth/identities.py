"""Multiple identities: aliases and impostors travelling on another person's passport.

Identity 0 is a person's truth. Identity 1 is an alias the person invented (other names,
another birth date, sometimes another nationality and a forged document). Identity 2 is
the true identity of another person (the genuine holder) whose passport an impostor uses;
the holder is preferably the impostor's look-alike, else a traveller of the same sex and
region.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synth.documents import DocumentBook
from synth.groups import GROUPS, PopulationGroup, group_array
from synth.names import NameTable
from synth.places import place_table
from synth.population import EXACT, NAT_CULTURE, NAT_REGION_INDEX, People, january_first
from synth.scenario import Scenario
from synth.vector import YEAR_DAYS, years_to_days

__all__ = ["ALIAS", "BORROWED", "TRUE", "Identities", "build_identities"]

TRUE, ALIAS, BORROWED = 0, 1, 2
_TRAVELLERS = (PopulationGroup.VISA_REQUIRED, PopulationGroup.VISA_EXEMPT)


@dataclass(frozen=True)
class Identities:
    """Person-level identity arrays: ``alias_*`` hold each alias holder's alias (other
    persons keep their own values); ``holder`` is the impostor's genuine holder or -1."""

    has_alias: np.ndarray
    alias_given_id: np.ndarray
    alias_given_id2: np.ndarray
    alias_surname_id: np.ndarray
    alias_surname_id2: np.ndarray
    alias_birth: np.ndarray
    alias_nationality: np.ndarray
    alias_place: np.ndarray
    alias_forged: np.ndarray  # bool: the alias comes with a forged passport
    holder: np.ndarray


def _holders(
    people: People, impostor: np.ndarray, owns: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """A genuine document holder for every impostor (-1 if nobody fits)."""
    codes = [g.code for g in GROUPS if g.key in _TRAVELLERS]
    candidate = np.isin(people.group, codes) & owns
    cell = people.male.astype(np.int64) * 64 + NAT_REGION_INDEX[people.nationality]
    cands = np.flatnonzero(candidate)
    order = cands[np.argsort(cell[cands], kind="stable")]
    sorted_cells = cell[order]
    # With no candidate at all every count below is 0; index a stand-in, never used.
    pool = order if order.size else np.full(1, -1, dtype=np.int64)
    who = np.flatnonzero(impostor)
    lo = np.searchsorted(sorted_cells, cell[who], side="left")
    hi = np.searchsorted(sorted_cells, cell[who], side="right")
    count = hi - lo
    pick = lo + np.floor(rng.random(who.size) * np.maximum(count, 1)).astype(np.int64)
    holder = np.where(count > 0, pool[np.minimum(pick, pool.size - 1)], -1)
    # Never oneself: take the next candidate of the cell when possible.
    clash = holder == who
    nxt = np.where(pick + 1 < hi, pick + 1, lo)
    holder = np.where(clash & (count > 1), pool[np.minimum(nxt, pool.size - 1)], holder)
    holder = np.where(holder == who, -1, holder)
    mate = people.lookalike[who]
    usable = (mate >= 0) & candidate[np.maximum(mate, 0)]
    holder = np.where(usable, mate, holder)
    out = np.full(people.n, -1, dtype=np.int64)
    out[who] = holder
    return out


def build_identities(
    scenario: Scenario,
    people: People,
    names: NameTable,
    book: DocumentBook,
    rng: np.random.Generator,
) -> Identities:
    """Draw who holds an alias or uses another's passport, and the alias data."""
    f = scenario.fraud
    n = people.n
    has_alias = rng.random(n) < group_array(f.alias_rate)[people.group]
    impostor = rng.random(n) < group_array(f.fraudulent_document_rate)[people.group]
    who = np.flatnonzero(has_alias)
    # The alias may claim another nationality of the person's group.
    nationality = people.nationality.copy()
    change = who[rng.random(who.size) < f.alias_nationality_change_share]
    donors = people.nationality[rng.integers(0, n, change.size)] if n else change
    same_group = people.group[rng.integers(0, n, change.size)] == people.group[change]
    nationality[change] = np.where(same_group, donors, nationality[change])
    culture = NAT_CULTURE[nationality[who]]
    sex = np.where(people.male[who], "M", "F").astype(object)
    given = people.given_id.copy()
    given2 = people.given_id2.copy()
    surname = people.surname_id.copy()
    surname2 = people.surname_id2.copy()
    given[who] = names.draw(culture, "given", sex, rng)
    given2[who] = -1
    surname[who] = names.draw(culture, "surname", np.full(who.size, "U", dtype=object), rng)
    surname2[who] = -1
    birth = people.birth.copy()
    shift_years = f.alias_birth_shift_years
    if shift_years > 0:
        magnitude = rng.uniform(0.5, shift_years, who.size) * YEAR_DAYS
        sign = np.where(rng.random(who.size) < 0.5, -1, 1)
        birth[who] = people.birth[who] + (sign * magnitude).astype(np.int64)
    else:
        birth[who] = people.birth[who] + rng.integers(1, 365, who.size)
    # An alias registered by someone whose dates are registered by default gets one too.
    default = who[people.birth_kind[who] != EXACT]
    birth[default] = january_first(birth[default])
    place = people.place.copy()
    place[who] = place_table().draw(nationality[who], rng)
    forged = np.zeros(n, dtype=bool)
    forged[who] = rng.random(who.size) < f.alias_forged_document_share
    return Identities(
        has_alias=has_alias,
        alias_given_id=given,
        alias_given_id2=given2,
        alias_surname_id=surname,
        alias_surname_id2=surname2,
        alias_birth=birth,
        alias_nationality=nationality,
        alias_place=place,
        alias_forged=forged,
        holder=_holders(people, impostor, book.owns, rng),
    )


def forged_documents(
    scenario: Scenario, book: DocumentBook, ids: Identities, first_use: np.ndarray
) -> np.ndarray:
    """Add a forged passport for each alias that has one; person-level doc id (or -1)."""
    who = np.flatnonzero(ids.alias_forged & (first_use >= 0))
    validity = years_to_days(scenario.population.passport_validity_years)
    issued = first_use[who] - validity // 4
    new = book.add_forged(who, issued, issued + validity - 1, ids.alias_nationality[who])
    out = np.full(ids.holder.size, -1, dtype=np.int64)
    out[who] = new
    return out

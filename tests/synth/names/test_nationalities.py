"""The nationality registry: coverage, regions, cultures and visa status."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.errors import ConfigError
from synth.names import CULTURE_BY_KEY, CULTURES, SCRIPTS
from synth.nationalities import (
    NATIONALITIES,
    NATIONALITY_BY_CODE,
    REGIONS,
    culture_of,
    third_country_codes,
)


def test_every_nationality_has_a_known_culture_and_region() -> None:
    assert {n.culture for n in NATIONALITIES} <= set(CULTURE_BY_KEY)
    assert {n.region for n in NATIONALITIES} <= set(REGIONS)


def test_codes_are_unique_iso3() -> None:
    codes = [n.code for n in NATIONALITIES]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 3 and c.isalpha() and c.isupper() for c in codes)
    assert set(NATIONALITY_BY_CODE) == set(codes)


def test_at_least_25_third_countries_and_some_eu_states() -> None:
    assert len(third_country_codes()) >= 25
    eu = [n for n in NATIONALITIES if n.member_state]
    assert len(eu) >= 3
    assert not any(n.visa_required for n in eu)


def test_every_script_family_is_used_by_a_third_country() -> None:
    scripts = {CULTURE_BY_KEY[n.culture].script for n in NATIONALITIES if not n.member_state}
    assert scripts == set(SCRIPTS)


def test_required_naming_cultures_are_covered() -> None:
    cultures = {n.code: n.culture for n in NATIONALITIES}
    # several Arabic cultures, French-style romanisation in the Maghreb
    arabic = {c for c in cultures.values() if c.startswith("arabic_")}
    assert len(arabic) >= 3
    assert CULTURE_BY_KEY[cultures["MAR"]].romanisation.startswith("phonemic:FRA")
    assert CULTURE_BY_KEY[cultures["ERI"]].script == "Ethi"
    assert CULTURE_BY_KEY[cultures["CHN"]].name_order == "surname_first"
    assert {CULTURE_BY_KEY[cultures[c]].script for c in ("RUS", "UKR", "BLR")} == {"Cyrl"}
    assert CULTURE_BY_KEY[cultures["GEO"]].script == "Geor"
    african = {"west_africa", "east_africa", "central_africa", "southern_africa"}
    assert len({n.culture for n in NATIONALITIES if n.region in african}) >= 6


@pytest.mark.parametrize("code", ["RUS", "CHN", "TUR", "SYR", "AFG", "NGA", "IRN", "ERI"])
def test_annex_i_nationals_need_a_visa(code: str) -> None:
    assert NATIONALITY_BY_CODE[code].visa_required


@pytest.mark.parametrize("code", ["UKR", "GEO", "ALB", "COL", "BRA", "USA", "VEN"])
def test_annex_ii_nationals_are_visa_exempt(code: str) -> None:
    assert not NATIONALITY_BY_CODE[code].visa_required


def test_every_culture_is_used_by_some_nationality() -> None:
    used = {n.culture for n in NATIONALITIES}
    assert used == {c.key for c in CULTURES}


@given(st.lists(st.sampled_from([n.code for n in NATIONALITIES]), max_size=50))
def test_culture_of_maps_each_code(codes: list[str]) -> None:
    out = culture_of(np.array(codes, dtype=object))
    assert out.tolist() == [NATIONALITY_BY_CODE[c].culture for c in codes]


def test_culture_of_rejects_unknown_codes() -> None:
    with pytest.raises(ConfigError, match="XXX"):
        culture_of(np.array(["SYR", "XXX"], dtype=object))

"""Nationalities of the synthetic population: region, naming culture, visa requirement.

``visa_required`` is the Schengen short-stay visa requirement for ordinary passport holders
under Regulation (EU) 2018/1806 (Annex I: visa required; Annex II: visa-exempt), as the
project understands it for 2026: Ukraine and Georgia visa-exempt since 2017, Albania since
2010, Colombia since 2015, Peru since 2016; Venezuela, Brazil, Mexico, the United Kingdom and
the United States on Annex II;
the other third countries listed here on Annex I. Check EUR-Lex for the consolidated text
before citing a figure that depends on it (the annexes change by amendment).

``region`` groups countries for biometric phenotype cells and reports. The grouping is an
assumption of this project (broadly UN M49 subregions, with Western Asia and Northern
Africa merged into ``middle_east_north_africa``, Iran counted there, the Caucasus and the
Western Balkans counted in ``eastern_europe``).

Some nationalities borrow the naming culture of a neighbour that is modelled (an
assumption of this project): Saudi Arabia the Iraqi Arabic culture (Gulf and Mesopotamian
names, tribal family names or a father's name), Peru the Latin American Spanish one, the
United Kingdom the English (United States) one, Mali the Senegalese one (West African names
in French spelling).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from schemas.errors import ConfigError

__all__ = [
    "NATIONALITIES",
    "NATIONALITY_BY_CODE",
    "REGIONS",
    "Nationality",
    "culture_of",
    "third_country_codes",
]

REGIONS: tuple[str, ...] = (
    "west_africa",
    "east_africa",
    "central_africa",
    "southern_africa",
    "middle_east_north_africa",
    "south_asia",
    "central_asia",
    "east_asia",
    "eastern_europe",
    "western_europe",
    "latin_america",
    "north_america",
)


@dataclass(frozen=True)
class Nationality:
    """One nationality (ISO 3166-1 alpha-3) with its region and naming culture."""

    code: str
    name: str
    region: str
    culture: str
    visa_required: bool
    member_state: bool


def _tc(code: str, name: str, region: str, culture: str, visa: bool) -> Nationality:
    return Nationality(code, name, region, culture, visa, member_state=False)


def _eu(code: str, name: str, region: str, culture: str) -> Nationality:
    return Nationality(code, name, region, culture, visa_required=False, member_state=True)


_MENA = "middle_east_north_africa"

NATIONALITIES: tuple[Nationality, ...] = (
    # Arabic-speaking (Annex I)
    _tc("SYR", "Syria", _MENA, "arabic_levant", True),
    _tc("LBN", "Lebanon", _MENA, "arabic_levant", True),
    _tc("JOR", "Jordan", _MENA, "arabic_levant", True),
    _tc("IRQ", "Iraq", _MENA, "arabic_iraq", True),
    _tc("EGY", "Egypt", _MENA, "arabic_egypt", True),
    _tc("SDN", "Sudan", _MENA, "arabic_sudan", True),
    _tc("SAU", "Saudi Arabia", _MENA, "arabic_iraq", True),
    _tc("MAR", "Morocco", _MENA, "arabic_maghreb", True),
    _tc("DZA", "Algeria", _MENA, "arabic_maghreb", True),
    _tc("TUN", "Tunisia", _MENA, "arabic_maghreb", True),
    # Persian, Pashto/Dari, Turkic (Annex I)
    _tc("IRN", "Iran", _MENA, "persian", True),
    _tc("AFG", "Afghanistan", "south_asia", "pashto_dari", True),
    _tc("TUR", "Turkey", _MENA, "turkish", True),
    _tc("AZE", "Azerbaijan", "eastern_europe", "azerbaijani", True),
    _tc("UZB", "Uzbekistan", "central_asia", "uzbek", True),
    # Cyrillic and Georgian
    _tc("RUS", "Russia", "eastern_europe", "russian", True),
    _tc("BLR", "Belarus", "eastern_europe", "belarusian", True),
    _tc("UKR", "Ukraine", "eastern_europe", "ukrainian", False),
    _tc("GEO", "Georgia", "eastern_europe", "georgian", False),
    # East Asia
    _tc("CHN", "China", "east_asia", "chinese", True),
    # Latin script, visa-exempt (Annex II)
    _tc("ALB", "Albania", "eastern_europe", "albanian", False),
    _tc("COL", "Colombia", "latin_america", "hispanic_latam", False),
    _tc("VEN", "Venezuela", "latin_america", "hispanic_latam", False),
    _tc("MEX", "Mexico", "latin_america", "hispanic_latam", False),
    _tc("PER", "Peru", "latin_america", "hispanic_latam", False),
    _tc("BRA", "Brazil", "latin_america", "portuguese_brazil", False),
    _tc("USA", "United States", "north_america", "english_us", False),
    _tc("GBR", "United Kingdom", "western_europe", "english_us", False),
    # South Asia (Annex I)
    _tc("PAK", "Pakistan", "south_asia", "pakistani", True),
    _tc("BGD", "Bangladesh", "south_asia", "bangladeshi", True),
    _tc("IND", "India", "south_asia", "indian", True),
    # Sub-Saharan Africa (Annex I)
    _tc("NGA", "Nigeria", "west_africa", "nigerian", True),
    _tc("GHA", "Ghana", "west_africa", "akan", True),
    _tc("SEN", "Senegal", "west_africa", "wolof", True),
    _tc("MLI", "Mali", "west_africa", "wolof", True),
    _tc("ETH", "Ethiopia", "east_africa", "amharic", True),
    _tc("ERI", "Eritrea", "east_africa", "tigrinya", True),
    _tc("SOM", "Somalia", "east_africa", "somali", True),
    _tc("KEN", "Kenya", "east_africa", "swahili", True),
    _tc("TZA", "Tanzania", "east_africa", "swahili", True),
    _tc("ZAF", "South Africa", "southern_africa", "zulu", True),
    _tc("COD", "DR Congo", "central_africa", "congolese", True),
    # EU member states (EU residents' nationalities)
    _eu("DEU", "Germany", "western_europe", "german"),
    _eu("FRA", "France", "western_europe", "french"),
    _eu("ITA", "Italy", "western_europe", "italian"),
    _eu("ESP", "Spain", "western_europe", "spanish"),
    _eu("POL", "Poland", "eastern_europe", "polish"),
    _eu("ROU", "Romania", "eastern_europe", "romanian"),
    _eu("BGR", "Bulgaria", "eastern_europe", "bulgarian"),
)

NATIONALITY_BY_CODE: dict[str, Nationality] = {n.code: n for n in NATIONALITIES}


def third_country_codes() -> tuple[str, ...]:
    """ISO3 codes of the non-EU nationalities."""
    return tuple(n.code for n in NATIONALITIES if not n.member_state)


_CULTURE_LOOKUP = {n.code: n.culture for n in NATIONALITIES}


def culture_of(codes: np.ndarray) -> np.ndarray:
    """Naming-culture key per ISO3 nationality code (object array of str), vectorised.

    Raises :class:`schemas.errors.ConfigError` for an unknown (or missing) code.
    """
    values = np.asarray(codes, dtype=object).reshape(-1)
    series = pl.Series(values, dtype=pl.String)
    mapped = series.replace_strict(_CULTURE_LOOKUP, default=None, return_dtype=pl.String)
    if mapped.null_count():
        bad = sorted({str(v) for v in series.filter(mapped.is_null()).to_list()})
        raise ConfigError(f"unknown nationality code(s) {bad}; known: {sorted(_CULTURE_LOOKUP)}")
    out: np.ndarray = mapped.to_numpy().astype(object)
    return out

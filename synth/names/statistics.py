"""Published name statistics, and the same statistics computed from the name model.

:data:`PUBLISHED_NAME_STATISTICS` holds every published figure about the shape of a
naming culture's names that the project uses: its value, the population it refers to,
its source key and its role. A **calibration** figure sets a default of the name model
(the pinned shares of the commonest names, and the tail exponent fitted on a count of
distinct names); a **validation** figure sets nothing and is only compared with the model
(:func:`synth.names.shapes.name_shape_cases`, which ``interopsim validate`` lists). No
figure has both roles.

:func:`model_statistic` computes a statistic from the model's law of the culture's pool,
the way the published figure counts: per surname field, or counting every surname a
person carries (Brazil), or one of the names in either of two surname fields (Mexico).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from synth.names.cultures import CULTURE_BY_KEY
from synth.names.frequency import RankLaw

__all__ = [
    "PUBLISHED_NAME_STATISTICS",
    "Counting",
    "NameShapeCase",
    "NameStatistic",
    "Role",
    "Statistic",
    "model_statistic",
    "per_field_head",
]


class Statistic(StrEnum):
    """What a published figure measures."""

    RANK_SHARE = "rank_share"  # share of persons bearing the name of rank k
    TOP_SHARE = "top_share"  # share of persons bearing one of the k commonest names
    DISTINCT = "distinct"  # names borne by at least k of `population` persons
    FEW_BEARERS = "few_bearers"  # share of the distinct names borne by fewer than k persons
    FISHER_ALPHA = "fisher_alpha"  # inverse of random isonymy, 1 / sum of squared shares


class Role(StrEnum):
    """Whether a figure sets a default (calibration) or is only compared (validation)."""

    CALIBRATION = "calibration"
    VALIDATION = "validation"


class Counting(StrEnum):
    """How a figure counts persons with compound surnames."""

    PER_FIELD = "per_field"  # one surname field (the first surname, or the only one)
    CARRIED = "carried"  # a person counts for every surname they carry
    EITHER_FIELD = "either_field"  # persons with the name(s) in the first or second field


@dataclass(frozen=True)
class NameStatistic:
    """One published figure about the names of one pool of one naming culture.

    ``pool`` is ``"surname"``, ``"given_M"`` or ``"given_F"``; ``population`` is the
    number of persons (or directory entries) the figure refers to, where it matters;
    ``tolerance`` is the relative difference a validation figure accepts (as a ratio, see
    :attr:`NameShapeCase.within_tolerance`).
    """

    culture: str
    pool: str
    statistic: Statistic
    value: float
    source: str
    role: Role
    note: str
    k: int = 1
    population: float | None = None
    counting: Counting = Counting.PER_FIELD
    tolerance: float = 0.0

    @property
    def key(self) -> str:
        """A stable label: culture, pool, statistic and k."""
        return f"{self.culture}.{self.pool}.{self.statistic.value}@{self.k}"


_CAL, _VAL = Role.CALIBRATION, Role.VALIDATION
_S, _T, _D, _F, _A = (
    Statistic.RANK_SHARE,
    Statistic.TOP_SHARE,
    Statistic.DISTINCT,
    Statistic.FEW_BEARERS,
    Statistic.FISHER_ALPHA,
)
_FISHER_NOTE = (
    "Fisher's alpha of the whole country as a weighted average over regions; compared with "
    "the inverse random isonymy of the model's national law (regional structure makes the "
    "published value lower), hence the wide tolerance"
)

#: Every published name-shape figure the project uses (see the module docstring).
PUBLISHED_NAME_STATISTICS: tuple[NameStatistic, ...] = (
    # Germany: 2005 telephone directory, 28 M entries (no official statistics exist).
    NameStatistic("german", "surname", _S, 256_003 / 28e6, "dfd-german-surnames", _CAL,
                  "Müller, 256,003 of 28 million directory entries", population=28e6),
    NameStatistic("german", "surname", _D, 800_000, "dfd-german-surnames", _CAL,
                  "about 800,000 distinct surnames among the 28 million entries",
                  population=28e6),
    NameStatistic("german", "surname", _T, 1_128_558 / 28e6, "dfd-german-surnames", _VAL,
                  "top 10 surnames, 1,128,558 of 28 million entries", k=10, tolerance=0.25),
    NameStatistic("german", "surname", _A, 2855, "rodriguez-larralde-2000-venezuela", _VAL,
                  _FISHER_NOTE, tolerance=1.0),
    # France: births 1891-1990 (secondary summary of the Fordant atlas).
    NameStatistic("french", "surname", _S, 0.0036, "fordant-french-surnames", _CAL,
                  "Martin, about 0.36 % (secondary), 228,857 births 1891-1990"),
    NameStatistic("french", "surname", _D, 1_000_000, "fordant-french-surnames", _CAL,
                  "about one million surnames among the births 1891-1990; births counted as "
                  "228,857 / 0.36 % (Martin's count over its share)",
                  population=228_857 / 0.0036),
    NameStatistic("french", "surname", _F, 0.802, "fordant-french-surnames", _VAL,
                  "80.2 % of surnames have fewer than 50 bearers", k=50,
                  population=228_857 / 0.0036, tolerance=0.15),
    # Italy: SEAT telephone subscribers 1999.
    NameStatistic("italian", "surname", _S, 68_365 / 20_112_690, "seat-1999-italian-surnames",
                  _CAL, "Rossi, 68,365 of 20,112,690 subscribers", population=20_112_690),
    NameStatistic("italian", "surname", _D, 340_000, "seat-1999-italian-surnames", _CAL,
                  "about 340,000 surnames in Italy, read as counted in the same subscriber "
                  "archive", population=20_112_690),
    NameStatistic("italian", "surname", _A, 5855, "rodriguez-larralde-2000-venezuela", _VAL,
                  _FISHER_NOTE, tolerance=1.0),
    # Spain: municipal register 2006, per surname field.
    NameStatistic("spanish", "surname", _S, 0.033, "ine-2006-spanish-surnames", _CAL,
                  "García, 33 per 1,000 residents as first surname"),
    NameStatistic("spanish", "surname", _T, 0.20, "ine-2006-spanish-surnames", _VAL,
                  "the eleven commonest first surnames cover one resident in five", k=11,
                  tolerance=0.25),
    # Poland: PESEL register 2020.
    NameStatistic("polish", "surname", _S, 0.0054, "pesel-2020-polish-surnames", _CAL,
                  "Nowak, 203,980 persons, about 0.54 %"),
    NameStatistic("polish", "surname", _D, 290_000, "pesel-2020-polish-surnames", _CAL,
                  "more than 290,000 surnames; persons counted as 203,980 / 0.54 %",
                  population=203_980 / 0.0054),
    NameStatistic("polish", "surname", _T, 0.029, "pesel-2020-polish-surnames", _VAL,
                  "top 10 surnames, 1,103,244 persons, about 2.9 %", k=10, tolerance=0.25),
    # United States: census 2010.
    NameStatistic("english_us", "surname", _S, 2.44e6 / 295e6, "census-2016-surnames-2010",
                  _CAL, "Smith, about 2.44 million of about 295 million", population=295e6),
    NameStatistic("english_us", "surname", _D, 6.3e6, "census-2016-surnames-2010", _CAL,
                  "about 6.3 million distinct surnames", population=295e6),
    NameStatistic("english_us", "surname", _F, 0.62, "census-2016-surnames-2010", _VAL,
                  "62 % of the surnames were reported only once", k=2, population=295e6,
                  tolerance=0.15),
    # Turkey: address-based population register.
    NameStatistic("turkish", "surname", _S, 1_174_516 / 85.3e6, "nvi-turkish-surnames", _CAL,
                  "Yılmaz, 1,174,516 persons (about 1.4 % of about 85.3 million)"),
    NameStatistic("turkish", "surname", _T, 7.42e6 / 85.3e6, "nvi-turkish-surnames", _VAL,
                  "top 10 surnames, about 7.4 million persons (about 8.7 %)", k=10,
                  tolerance=0.25),
    NameStatistic("turkish", "given_M", _S, 1_285_141 / (85.3e6 / 2), "nvi-turkish-surnames",
                  _CAL, "Mehmet, 1,285,141 persons; men counted as half the population"),
    NameStatistic("turkish", "given_M", _S, 1_066_554 / (85.3e6 / 2), "nvi-turkish-surnames",
                  _CAL, "Mustafa, 1,066,554 persons", k=2),
    NameStatistic("turkish", "given_M", _S, 863_817 / (85.3e6 / 2), "nvi-turkish-surnames",
                  _CAL, "Ahmet, 863,817 persons", k=3),
    NameStatistic("turkish", "given_F", _S, 1_164_268 / (85.3e6 / 2), "nvi-turkish-surnames",
                  _CAL, "Fatma, 1,164,268 persons; women counted as half the population"),
    NameStatistic("turkish", "given_F", _S, 915_587 / (85.3e6 / 2), "nvi-turkish-surnames",
                  _CAL, "Ayşe, 915,587 persons", k=2),
    # Iran: national organisation for civil registration.
    NameStatistic("persian", "surname", _S, 0.011, "ncr-iran-surnames", _CAL,
                  "Mohammadi, 960,505 persons, about 1.1 %"),
    NameStatistic("persian", "surname", _S, 0.011 * 661_824 / 960_505, "ncr-iran-surnames",
                  _CAL, "Hosseini, 661,824 persons (share scaled from Mohammadi's)", k=2),
    NameStatistic("persian", "surname", _S, 0.011 * 614_399 / 960_505, "ncr-iran-surnames",
                  _CAL, "Ahmadi, 614,399 persons (share scaled from Mohammadi's)", k=3),
    # Brazil: census 2022, every surname a person carries counts.
    NameStatistic("portuguese_brazil", "surname", _S, 0.1676, "ibge-2025-nomes-no-brasil", _CAL,
                  "Silva, 34,030,104 persons (16.76 %)", counting=Counting.CARRIED),
    NameStatistic("portuguese_brazil", "surname", _S, 0.1052, "ibge-2025-nomes-no-brasil", _CAL,
                  "Santos, 10.52 %", k=2, counting=Counting.CARRIED),
    NameStatistic("portuguese_brazil", "surname", _S, 0.0577, "ibge-2025-nomes-no-brasil", _CAL,
                  "Oliveira, 5.77 %", k=3, counting=Counting.CARRIED),
    NameStatistic("portuguese_brazil", "surname", _D, 200_000, "ibge-2025-nomes-no-brasil", _CAL,
                  "more than 200,000 surnames published, each with at least 20 bearers; "
                  "persons counted as 34,030,104 / 16.76 %", k=20,
                  population=34_030_104 / 0.1676, counting=Counting.CARRIED),
    NameStatistic("portuguese_brazil", "given_F", _S, 0.0605 * 2, "ibge-2025-nomes-no-brasil",
                  _CAL, "Maria, 6.05 % of the population; women counted as half of it"),
    NameStatistic("portuguese_brazil", "given_M", _S, 0.0254 * 2, "ibge-2025-nomes-no-brasil",
                  _CAL, "José, 2.54 % of the population; men counted as half of it"),
    # Mexico (and Latin America): electoral roll 2016; Chile and Argentina isonymy studies.
    NameStatistic("hispanic_latam", "surname", _S, 3.4e6 / 83e6, "ine-mexico-2016-surnames",
                  _CAL, "Hernández, about 3.4 million of about 83 million electors as first "
                  "surname"),
    NameStatistic("hispanic_latam", "surname", _D, 72_667, "isonymy-2012-chile", _CAL,
                  "Chile (dual surname system): 72,667 surnames among 8,178,209 persons",
                  population=8_178_209, counting=Counting.CARRIED),
    NameStatistic("hispanic_latam", "surname", _T, 24e6 / 83e6, "ine-mexico-2016-surnames",
                  _VAL, "more than 24 million of 83 million electors carry Hernández, García, "
                  "Martínez, López or González in first or second position", k=5,
                  counting=Counting.EITHER_FIELD, tolerance=0.25),
    NameStatistic("hispanic_latam", "surname", _A, 210, "rodriguez-larralde-2000-venezuela",
                  _VAL, "Venezuela; " + _FISHER_NOTE, tolerance=1.0),
    NameStatistic("hispanic_latam", "surname", _A, 602, "isonymy-2005-argentina", _VAL,
                  "Argentina; " + _FISHER_NOTE, tolerance=1.0),
    NameStatistic("hispanic_latam", "surname", _A, 309, "isonymy-2012-chile", _VAL,
                  "Chile; " + _FISHER_NOTE, tolerance=1.0),
    # China: Ministry of Public Security household registers.
    NameStatistic("chinese", "surname", _S, 0.0725, "mps-2007-china-surnames", _CAL,
                  "王 (Wang), 7.25 % (2007)"),
    NameStatistic("chinese", "surname", _S, 0.0719, "mps-2007-china-surnames", _CAL,
                  "李 (Li), 7.19 % (2007)", k=2),
    NameStatistic("chinese", "surname", _S, 0.0683, "mps-2007-china-surnames", _CAL,
                  "张 (Zhang), 6.83 % (2007)", k=3),
    NameStatistic("chinese", "surname", _D, 6150, "mps-2020-china-name-report", _CAL,
                  "6,150 surnames in use (2018 report) in the register of about 1.4 billion",
                  population=1.4e9),
    NameStatistic("chinese", "surname", _T, 0.8477, "mps-2007-china-surnames", _VAL,
                  "the 100 commonest surnames cover 84.77 % (2007; 85.9 % in 2019)", k=100,
                  tolerance=0.05),
    NameStatistic("chinese", "surname", _T, 0.308, "mps-2020-china-name-report", _VAL,
                  "the five commonest surnames cover 30.8 % (2020 report)", k=5,
                  tolerance=0.15),
)  # fmt: skip


def _per_field(share: float, compound: float) -> float:
    """The per-field share ``p`` of a name carried by ``share`` of the persons when a
    share ``compound`` of them carry a second, independent surname:
    1 - (1 - p) (1 - compound p) = share."""
    if compound == 0.0:
        return share
    b = 1.0 + compound
    return (b - math.sqrt(b * b - 4.0 * compound * share)) / (2.0 * compound)


def _carried(p: float, compound: float) -> float:
    """Share of persons carrying a name of per-field share ``p`` in any of their fields."""
    return 1.0 - (1.0 - p) * (1.0 - compound * p)


def per_field_head(stats: tuple[NameStatistic, ...]) -> tuple[float, ...]:
    """The pinned head shares (per surname field) given by rank-share figures, by rank."""
    ranks = sorted((s for s in stats if s.statistic is _S), key=lambda s: s.k)
    if [s.k for s in ranks] != list(range(1, len(ranks) + 1)):
        raise ValueError(f"rank shares must cover ranks 1..k without gaps: {ranks}")
    out = []
    for s in ranks:
        compound = _compound(s)
        out.append(_per_field(s.value, compound) if s.counting is Counting.CARRIED else s.value)
    return tuple(out)


def _compound(stat: NameStatistic) -> float:
    return CULTURE_BY_KEY[stat.culture].compound_surname_share if stat.pool == "surname" else 0.0


def _bearers(stat: NameStatistic) -> float:
    """Name tokens behind a count of names among ``population`` persons."""
    population = stat.population or 0.0
    if stat.counting is Counting.CARRIED:
        return population * (1.0 + _compound(stat))
    return population


def model_statistic(stat: NameStatistic, law: RankLaw) -> float:
    """``stat`` computed from ``law`` (the model's law of the statistic's pool)."""
    compound = _compound(stat)
    if stat.statistic is Statistic.RANK_SHARE:
        p = float(law.pmf(np.array([stat.k]))[0])
        return _carried(p, compound) if stat.counting is Counting.CARRIED else p
    if stat.statistic is Statistic.TOP_SHARE:
        top = law.top_share(stat.k)
        if stat.counting is Counting.PER_FIELD:
            return top
        return _carried(top, compound)
    if stat.statistic is Statistic.DISTINCT:
        return law.distinct_with_at_least(_bearers(stat), stat.k)
    if stat.statistic is Statistic.FEW_BEARERS:
        n = _bearers(stat)
        return 1.0 - law.distinct_with_at_least(n, stat.k) / law.expected_distinct(n)
    return 1.0 / law.isonymy()


@dataclass(frozen=True)
class NameShapeCase:
    """A published figure next to the model's value of it."""

    statistic: NameStatistic
    model: float

    @property
    def relative_error(self) -> float:
        """(model - published) / published."""
        return (self.model - self.statistic.value) / self.statistic.value

    @property
    def within_tolerance(self) -> bool:
        """For a validation figure: the model is within its stated tolerance, as a ratio
        (``tolerance`` 0.25: between 1 / 1.25 and 1.25 times the published value; 1.0:
        within a factor 2). For a calibration figure: the fit reproduces it within 1 %."""
        limit = self.statistic.tolerance if self.statistic.role is _VAL else 0.01
        return abs(math.log(self.model / self.statistic.value)) <= math.log1p(limit)

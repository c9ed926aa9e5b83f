"""The shape of every name law: pinned head, head slope, tail exponent, with provenance.

Each pool of the name table (a culture's surnames, male and female given names) draws
ranks from a :class:`~synth.names.frequency.RankLaw`. Its parameters come from here:

- calibrated: the head is pinned to the published shares of the commonest names
  (calibration figures of :data:`~synth.names.statistics.PUBLISHED_NAME_STATISTICS`), and
  the tail exponent ``alpha`` is fitted on the published count of distinct names
  (:data:`CALIBRATED_ALPHA`, checked against a fresh fit by the tests);
- assumed: where no statistic exists, the share of the commonest name and the tail
  exponent are assumptions with a plausible range and a reason.

Cultures without family names fill the surname field from the male given-name law
(:data:`PATRONYMIC_SHARE`: the share of families whose "surname" is a father's or
grandfather's given name).
"""

from __future__ import annotations

import functools
import statistics as stats
from collections import defaultdict
from dataclasses import dataclass

from schemas.provenance import Provenance, assumed, calibrated, derived
from synth.names.cultures import CULTURE_BY_KEY, CULTURES
from synth.names.frequency import RankLaw, fit_alpha
from synth.names.statistics import (
    PUBLISHED_NAME_STATISTICS,
    NameShapeCase,
    NameStatistic,
    Role,
    Statistic,
    model_statistic,
    per_field_head,
)

__all__ = [
    "CALIBRATED_ALPHA",
    "GAMMA_CONCENTRATED",
    "GAMMA_DISPERSED",
    "HEAD_NAMES",
    "PATRONYMIC_SHARE",
    "POOLS",
    "NameShape",
    "calibration_statistics",
    "fit_calibrated_alpha",
    "law_of",
    "name_shape",
    "name_shape_cases",
    "patronymic_share",
]

#: The pools of a culture a shape describes.
POOLS: tuple[str, ...] = ("surname", "given_M", "given_F")

#: Cultures whose surnames are a small set of clan names held by most of the population.
_CONCENTRATED = frozenset({"chinese"})

GAMMA_DISPERSED = 0.5
_GAMMA_DISPERSED = assumed(
    "log-log slope of the share of the common names on their rank (family-name systems): "
    "the Iranian register's three commonest surnames fall with slope 0.41 from rank 1 to 3, "
    "the Turkish male given names with 0.36",
    "ncr-iran-surnames",
    "nvi-turkish-surnames",
    plausible=(0.35, 0.65),
)
GAMMA_CONCENTRATED = 0.94
_GAMMA_CONCENTRATED = assumed(
    "log-log slope of the common names in clan-name systems where a few surnames cover "
    "most people: the Vietnamese surnames of rank 2 to 6 fall with slope 0.94 in secondary "
    "compilations (no official source found)",
    plausible=(0.8, 1.0),
)

#: Tail exponents fitted on the calibration figures (:func:`fit_calibrated_alpha`).
CALIBRATED_ALPHA: dict[tuple[str, str], float] = {
    ("german", "surname"): 1.64264,
    ("french", "surname"): 2.26175,
    ("italian", "surname"): 3.56009,
    ("polish", "surname"): 2.96618,
    ("english_us", "surname"): 1.50379,
    ("portuguese_brazil", "surname"): 1.27314,
    ("hispanic_latam", "surname"): 1.95324,
    ("chinese", "surname"): 6.72770,
}

_DISPERSED_ALPHAS = [a for (c, _), a in CALIBRATED_ALPHA.items() if c not in _CONCENTRATED]
DEFAULT_ALPHA = round(stats.median(_DISPERSED_ALPHAS), 4)
_DEFAULT_ALPHA = derived(
    *sorted(
        {s.source for s in PUBLISHED_NAME_STATISTICS if s.statistic is Statistic.DISTINCT}
        - {"mps-2020-china-name-report"}
    ),
    note="median of the tail exponents calibrated on published counts of distinct surnames "
    "(Germany, France, Italy, Poland, United States, Brazil, Latin America); used for "
    "surnames and given names of cultures without such a count (Sweden counts as many "
    "distinct given names as a heavy surname tail: 149,872 male, 179,014 female in 2011)",
    plausible=(min(_DISPERSED_ALPHAS), max(_DISPERSED_ALPHAS)),
)
_DEFAULT_ALPHA_GIVEN = assumed(
    "as the median calibrated surname tail; no count of distinct given names was found for "
    "a modelled culture (Sweden: 149,872 male and 179,014 female given names in 2011)",
    "scb-name-statistics",
    plausible=(min(_DISPERSED_ALPHAS), 4.0),
)

_SURNAME_HEAD = assumed(
    "share of the commonest surname where no statistic was found: about 1 % as in most "
    "countries with one (Germany 0.9 %, United States 0.8 %, Iran 1.1 %, Turkey 1.4 %, "
    "Poland 0.54 %)",
    "dfd-german-surnames",
    "census-2016-surnames-2010",
    "ncr-iran-surnames",
    "nvi-turkish-surnames",
    "pesel-2020-polish-surnames",
    plausible=(0.003, 0.04),
)
_GIVEN_HEAD = assumed(
    "share of the commonest given name of one sex where no statistic was found: Mehmet has "
    "3.0 % of Turkish men, Fatma 2.7 % of women, José 5.1 % of Brazilian men, Maria 12 % of "
    "women",
    "nvi-turkish-surnames",
    "ibge-2025-nomes-no-brasil",
    plausible=(0.01, 0.12),
)
_MUHAMMAD_HEAD = assumed(
    "share of the commonest male given name (Muhammad and its spellings) in Muslim-majority "
    "naming cultures; no register figure found (a press figure for Egypt, not used, is "
    "higher)",
    plausible=(0.03, 0.15),
)
_MUHAMMAD_CULTURES = frozenset(
    {
        "arabic_levant",
        "arabic_iraq",
        "arabic_egypt",
        "arabic_maghreb",
        "arabic_sudan",
        "persian",
        "pashto_dari",
        "somali",
        "pakistani",
        "bangladeshi",
    }
)

#: Names at the top ranks where the source names them (native script; ranks 1, 2, ...).
HEAD_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("german", "surname"): ("Müller",),
    ("french", "surname"): ("Martin",),
    ("italian", "surname"): ("Rossi",),
    ("spanish", "surname"): ("García",),
    ("polish", "surname"): ("Nowak",),
    ("english_us", "surname"): ("Smith",),
    ("turkish", "surname"): ("Yılmaz",),
    ("turkish", "given_M"): ("Mehmet", "Mustafa", "Ahmet"),
    ("turkish", "given_F"): ("Fatma", "Ayşe"),
    ("persian", "surname"): ("محمدی", "حسینی", "احمدی"),
    ("portuguese_brazil", "surname"): ("Silva", "Santos", "Oliveira"),
    ("portuguese_brazil", "given_F"): ("Maria",),
    ("portuguese_brazil", "given_M"): ("José",),
    ("hispanic_latam", "surname"): ("Hernández",),
    ("chinese", "surname"): ("王", "李", "张"),
}

_PATRONYMIC_AFGHAN = assumed(
    "most Afghans have no family name and are known by a father's name, tribe, place or "
    "title; family names are more common in urban and educated families",
    "megerdoomian-2009-afghan-names",
    plausible=(0.5, 0.9),
)
_PATRONYMIC_ARABIC = assumed(
    "Egyptian and Iraqi names are often a given name followed by the father's and "
    "grandfather's names, recorded as the surname; others carry a family or tribal name",
    plausible=(0.2, 0.8),
)
_PATRONYMIC_NONE = assumed(
    "names of this culture are a personal name followed by the father's (and "
    "grandfather's) names, without a family name",
    "uk-2006-naming-practices",
    plausible=(1.0, 1.0),
)

#: Share of families whose surname field holds a father's given name, where not 0.
PATRONYMIC_SHARE: dict[str, tuple[float, Provenance]] = {
    "pashto_dari": (0.7, _PATRONYMIC_AFGHAN),
    "arabic_egypt": (0.5, _PATRONYMIC_ARABIC),
    "arabic_iraq": (0.5, _PATRONYMIC_ARABIC),
    **{c.key: (1.0, _PATRONYMIC_NONE) for c in CULTURES if c.patronymic},
}


def patronymic_share(culture: str) -> float:
    """Share of the culture's families whose surname is a male given name."""
    return PATRONYMIC_SHARE.get(culture, (0.0, _PATRONYMIC_NONE))[0]


@dataclass(frozen=True)
class NameShape:
    """The parameters of one pool's law and where each comes from."""

    culture: str
    pool: str
    head: tuple[float, ...]
    gamma: float
    alpha: float
    head_names: tuple[str, ...]
    head_source: Provenance
    gamma_source: Provenance
    alpha_source: Provenance

    @property
    def law(self) -> RankLaw:
        """The rank law of these parameters."""
        return _law(self.head, self.gamma, self.alpha)


@functools.lru_cache(maxsize=256)
def _law(head: tuple[float, ...], gamma: float, alpha: float) -> RankLaw:
    return RankLaw(head, gamma, alpha)


def calibration_statistics() -> dict[tuple[str, str], tuple[NameStatistic, ...]]:
    """The calibration figures of each (culture, pool)."""
    out: dict[tuple[str, str], list[NameStatistic]] = defaultdict(list)
    for stat in PUBLISHED_NAME_STATISTICS:
        if stat.role is Role.CALIBRATION:
            out[(stat.culture, stat.pool)].append(stat)
    return {key: tuple(v) for key, v in out.items()}


def _calibrated_source(stats_: tuple[NameStatistic, ...], what: str) -> Provenance:
    sources = sorted({s.source for s in stats_})
    notes = "; ".join(s.note for s in stats_)
    return calibrated(*sources, note=f"{what}: {notes}")


def _default_head(culture: str, pool: str) -> tuple[tuple[float, ...], Provenance]:
    if pool == "surname":
        return (0.01,), _SURNAME_HEAD
    if pool == "given_M" and culture in _MUHAMMAD_CULTURES:
        return (0.08,), _MUHAMMAD_HEAD
    return (0.03,), _GIVEN_HEAD


@functools.cache
def name_shape(culture: str, pool: str) -> NameShape:
    """The shape of ``pool`` ("surname", "given_M", "given_F") of ``culture``."""
    if culture not in CULTURE_BY_KEY or pool not in POOLS:
        raise ValueError(f"no name pool {culture}/{pool}")
    if pool == "surname" and CULTURE_BY_KEY[culture].patronymic:
        return name_shape(culture, "given_M")  # the surname field holds a father's name
    cal = calibration_statistics().get((culture, pool), ())
    shares = tuple(s for s in cal if s.statistic is Statistic.RANK_SHARE)
    if shares:
        head, head_source = per_field_head(shares), _calibrated_source(shares, "head shares")
    else:
        head, head_source = _default_head(culture, pool)
    concentrated = culture in _CONCENTRATED and pool == "surname"
    gamma = GAMMA_CONCENTRATED if concentrated else GAMMA_DISPERSED
    gamma_source = _GAMMA_CONCENTRATED if concentrated else _GAMMA_DISPERSED
    if (culture, pool) in CALIBRATED_ALPHA:
        counts = tuple(s for s in cal if s.statistic is Statistic.DISTINCT)
        alpha = CALIBRATED_ALPHA[(culture, pool)]
        alpha_source = _calibrated_source(counts, "tail exponent fitted on")
    else:
        alpha = DEFAULT_ALPHA
        alpha_source = _DEFAULT_ALPHA if pool == "surname" else _DEFAULT_ALPHA_GIVEN
    names = HEAD_NAMES.get((culture, pool), ())
    return NameShape(
        culture, pool, head, gamma, alpha, names, head_source, gamma_source, alpha_source
    )


def fit_calibrated_alpha(culture: str, pool: str) -> float:
    """Fit the tail exponent of a calibrated pool afresh on its calibration figures (the
    head shares and the count of distinct names): what :data:`CALIBRATED_ALPHA` holds."""
    cal = calibration_statistics()[(culture, pool)]
    count = next(s for s in cal if s.statistic is Statistic.DISTINCT)
    shape = name_shape(culture, pool)
    return fit_alpha(shape.head, shape.gamma, lambda law: model_statistic(count, law), count.value)


def law_of(culture: str, pool: str) -> RankLaw:
    """The rank law of ``pool`` of ``culture``."""
    return name_shape(culture, pool).law


def name_shape_cases(role: Role | None = None) -> list[NameShapeCase]:
    """Every published name figure (of ``role``, or all) next to the model's value of it."""
    return [
        NameShapeCase(stat, model_statistic(stat, law_of(stat.culture, stat.pool)))
        for stat in PUBLISHED_NAME_STATISTICS
        if role is None or stat.role is role
    ]

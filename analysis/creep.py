"""Function creep: what each authority can reach, siloed versus interoperable.

For every (authority, purpose) of the access model (:mod:`schemas.access`) and each
regime, the records stored at the as-of date are classified by what the authority can
learn about them:

- ``data``: their data (a direct query of the system, the CIR's identity data, or the
  identity data of a record at the other end of a visible MID link), including access
  granted only case by case under conditions;
- ``data_unconditional``: the same without conditional access;
- ``known``: at least their existence, i.e. which system holds data on the person,
  without conditions (unconditional data plus hit flags, IO Art. 22).

Links are followed one hop, from every record the authority reaches, along the link
colours it sees in that regime (data of the linked record only when the origin's data
are visible and the link opens data, not only a flag). Each measure is broken down by
the purpose the data were collected for (``SystemSpec.collected_for``); records of a
family outside the purpose's own families are *collected for another purpose*.
**Exposure through false links** counts records the authority does not reach directly
but sees because a link joins them to a record of *another person*.

The creep of a measure is ``interoperable - siloed`` (zero when both regimes grant the
same access) and the creep ratio ``interoperable / siloed`` (null when siloed is 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from analysis._tree import Node, omit_if_none
from analysis.estimate import Estimate, Method
from analysis.truth import WorldData
from schemas.access import AccessModel, AuthorityKey, Channel, Purpose, PurposeKey, Regime
from schemas.systems import SYSTEMS, system

__all__ = [
    "MEASURES",
    "AuthorityReach",
    "Change",
    "Creep",
    "CreepChange",
    "Exposure",
    "ExposureChange",
    "FamilyCounts",
    "FamilyReach",
    "MeasureCounts",
    "Reach",
    "ReachBase",
    "ReachChange",
    "ReachCounts",
    "RegimeReach",
    "counts_from_flags",
    "creep_figures",
    "fast_counts",
    "reach_base",
    "reach_flags",
    "same_access",
    "stored_links",
]

MEASURES = ("data", "data_unconditional", "known")
FAMILIES = tuple(dict.fromkeys(s.collected_for for s in SYSTEMS))
_REACH_KEYS = ("records", "persons", "cross_purpose_records", "cross_purpose_persons")


# -- the typed result --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class FamilyReach(Node):
    """Reachable records of one purpose family (the purpose they were collected for)."""

    records: Estimate
    persons: Estimate
    share_of_records: Estimate
    collected_for_another_purpose: bool


@dataclass(frozen=True, kw_only=True)
class Reach(Node):
    """What one measure reaches: records, their persons, and those of another purpose.

    ``by_collected_for`` (per family) is given for ``data`` and ``known`` only.
    """

    records: Estimate
    persons: Estimate
    cross_purpose_records: Estimate
    cross_purpose_persons: Estimate
    by_collected_for: Mapping[str, FamilyReach] | None = field(
        default=None, metadata=omit_if_none()
    )


@dataclass(frozen=True, kw_only=True)
class Exposure(Node):
    """Records (and their owners) seen only through a link to another person's record."""

    records: Estimate
    persons: Estimate


@dataclass(frozen=True, kw_only=True)
class RegimeReach(Node):
    """Everything one authority reaches for one purpose in one regime."""

    data: Reach
    data_unconditional: Reach
    known: Reach
    exposed_by_false_links: Exposure


@dataclass(frozen=True, kw_only=True)
class Change(Node):
    """Interoperable minus siloed (``added``) and interoperable over siloed (``ratio``)."""

    added: Estimate
    ratio: Estimate


@dataclass(frozen=True, kw_only=True)
class ReachChange(Node):
    """The creep of one measure."""

    records: Change
    persons: Change
    cross_purpose_records: Change
    cross_purpose_persons: Change


@dataclass(frozen=True, kw_only=True)
class ExposureChange(Node):
    """The creep of the exposure through false links."""

    records: Change
    persons: Change


@dataclass(frozen=True, kw_only=True)
class CreepChange(Node):
    """The creep of every measure between the two regimes."""

    data: ReachChange
    data_unconditional: ReachChange
    known: ReachChange
    exposed_by_false_links: ExposureChange


@dataclass(frozen=True, kw_only=True)
class AuthorityReach(Node):
    """One authority acting for one purpose: reach per regime and the creep.

    ``regimes`` is keyed by :class:`schemas.access.Regime` value (``siloed``,
    ``interoperable``).
    """

    authority: str
    purpose: str
    own_data: tuple[str, ...]
    regimes: Mapping[str, RegimeReach]
    creep: CreepChange


@dataclass(frozen=True, kw_only=True)
class Creep(Node):
    """Function creep: ``authorities[authority][purpose]`` under the access ``model``."""

    model: str
    stored_records: Mapping[str, Estimate]
    authorities: Mapping[str, Mapping[str, AuthorityReach]]


# -- reach counts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureCounts:
    """Records and distinct persons reached by one measure, overall and cross-purpose."""

    records: int
    persons: int
    cross_records: int
    cross_persons: int


@dataclass(frozen=True)
class FamilyCounts:
    """Records and distinct persons of one purpose family reached by one measure."""

    records: int
    persons: int


@dataclass(frozen=True)
class ReachCounts:
    """What an authority reaches in one regime, as counts.

    ``families[family][measure]``; ``exposed_*``: records seen only through a link to
    another person's record, and their owners.
    """

    measures: Mapping[str, MeasureCounts]
    families: Mapping[str, Mapping[str, FamilyCounts]]
    exposed_records: int
    exposed_persons: int


@dataclass(frozen=True)
class _SystemSets:
    """Systems whose records an authority reaches, per measure."""

    data: frozenset[str]
    data_unconditional: frozenset[str]
    known: frozenset[str]  # unconditional existence, not counting data_unconditional

    def of(self, measure: str) -> list[str]:
        """Systems reached directly by ``measure`` (``known`` includes unconditional data)."""
        if measure == "known":
            return sorted(self.known | self.data_unconditional)
        return sorted(getattr(self, measure))


def _system_sets(
    model: AccessModel, authority: AuthorityKey, purpose: PurposeKey, regime: Regime
) -> _SystemSets:
    data: set[str] = set()
    uncond: set[str] = set()
    known: set[str] = set()
    for r in model.rules_for(authority, purpose, regime):
        s = r.system.value
        if r.channel.reveals_data:
            data.add(s)
            if not r.conditional:
                uncond.add(s)
                known.add(s)
        elif not r.conditional:
            known.add(s)
    return _SystemSets(frozenset(data), frozenset(uncond), frozenset(known))


def stored_links(data: WorldData) -> pl.DataFrame:
    """Links whose two records are still stored, in both directions (origin -> target)."""
    links = data.links.filter(pl.col("stored_a") & pl.col("stored_b"))
    cols = ["colour", "same"]
    return pl.concat(
        [
            links.select(
                pl.col("idx_a").alias("origin"),
                pl.col("system_a").alias("origin_system"),
                pl.col("idx_b").alias("target"),
                *cols,
            ),
            links.select(
                pl.col("idx_b").alias("origin"),
                pl.col("system_b").alias("origin_system"),
                pl.col("idx_a").alias("target"),
                *cols,
            ),
        ]
    )


_LINKED = ("l_data", "l_data_unconditional", "l_known", "l_false")


def _linked_flags(
    both_ways: pl.DataFrame, sets: _SystemSets, colours: frozenset[str], channel: Channel
) -> pl.DataFrame:
    """Per record at the end of a visible link: what the link opens on it (``l_*``)."""
    opens_data = channel is not Channel.HIT_FLAG
    o = pl.col("origin_system")
    return (
        both_ways.filter(pl.col("colour").is_in(sorted(colours)))
        .with_columns(
            (o.is_in(sorted(sets.data)) & opens_data).alias("l_data"),
            (o.is_in(sorted(sets.data_unconditional)) & opens_data).alias("l_data_unconditional"),
            o.is_in(sets.of("known")).alias("l_known"),
        )
        .with_columns((pl.col("l_data") & ~pl.col("same")).alias("l_false"))
        .group_by("target")
        .agg(pl.col(*_LINKED).any())
        .rename({"target": "idx"})
    )


def reach_flags(
    records: pl.DataFrame,
    both_ways: pl.DataFrame,
    model: AccessModel,
    authority: AuthorityKey,
    purpose: PurposeKey,
    regime: Regime,
) -> pl.DataFrame:
    """Stored records with boolean columns ``data``, ``data_unconditional``, ``known``
    and ``exposed`` (reached only through a link to another person's record)."""
    sets = _system_sets(model, authority, purpose, regime)
    out = records.with_columns(
        pl.col("system").is_in(sets.of("data")).alias("d_data"),
        pl.col("system").is_in(sets.of("data_unconditional")).alias("d_data_unconditional"),
        pl.col("system").is_in(sets.of("known")).alias("d_known"),
    )
    colours, channel = model.visible_links(authority, purpose, regime)
    if colours and channel is not None:
        linked = _linked_flags(both_ways, sets, frozenset(colours), channel)
        out = out.join(linked, on="idx", how="left").with_columns(pl.col(*_LINKED).fill_null(False))
    else:
        out = out.with_columns(pl.lit(False).alias(c) for c in _LINKED)
    return out.select(
        "idx",
        "person_id",
        "system",
        "collected_for",
        (pl.col("d_data") | pl.col("l_data")).alias("data"),
        (pl.col("d_data_unconditional") | pl.col("l_data_unconditional")).alias(
            "data_unconditional"
        ),
        (pl.col("d_known") | pl.col("l_known") | pl.col("l_data_unconditional")).alias("known"),
        (pl.col("l_false") & ~pl.col("d_data")).alias("exposed"),
    )


def counts_from_flags(flags: pl.DataFrame, purpose: Purpose) -> ReachCounts:
    """Reach counts from record-level flags (:func:`reach_flags`): the reference method."""
    cross = ~pl.col("collected_for").is_in(sorted(purpose.own_data))

    def persons(where: pl.Expr) -> pl.Expr:
        return pl.col("person_id").filter(where).n_unique()

    aggs = [
        pl.col("exposed").sum().alias("exposed_records"),
        persons(pl.col("exposed")).alias("exposed_persons"),
    ]
    for m in MEASURES:
        aggs += [
            pl.col(m).sum().alias(f"{m}|records"),
            persons(pl.col(m)).alias(f"{m}|persons"),
            (pl.col(m) & cross).sum().alias(f"{m}|cross_records"),
            persons(pl.col(m) & cross).alias(f"{m}|cross_persons"),
        ]
    row = {k: int(v or 0) for k, v in flags.select(aggs).row(0, named=True).items()}
    fam = flags.group_by("collected_for").agg(
        *(pl.col(m).sum().alias(f"{m}|records") for m in MEASURES),
        *(persons(pl.col(m)).alias(f"{m}|persons") for m in MEASURES),
    )
    return ReachCounts(
        measures={
            m: MeasureCounts(
                row[f"{m}|records"],
                row[f"{m}|persons"],
                row[f"{m}|cross_records"],
                row[f"{m}|cross_persons"],
            )
            for m in MEASURES
        },
        families={
            r["collected_for"]: {
                m: FamilyCounts(int(r[f"{m}|records"] or 0), int(r[f"{m}|persons"] or 0))
                for m in MEASURES
            }
            for r in fam.iter_rows(named=True)
        },
        exposed_records=row["exposed_records"],
        exposed_persons=row["exposed_persons"],
    )


_BIT = {s.key.value: 1 << i for i, s in enumerate(SYSTEMS)}
_FAMILY_SYSTEM = {s.collected_for: s.key.value for s in SYSTEMS}
_LINK_COLOURS = ("white", "yellow", "green", "red")


@dataclass(frozen=True)
class ReachBase:
    """What every reach computation shares, computed once per world.

    ``sys_records`` / ``sys_persons``: stored records and distinct persons per system;
    ``masks``: persons per bit mask of the systems holding their stored records;
    ``targets``: every record at the end of a stored link, with the bit masks of the
    systems at the other end per colour (``m_<colour>``) and over links to another
    person's record only (``f_<colour>``).
    """

    sys_records: dict[str, int]
    sys_persons: dict[str, int]
    masks: pl.DataFrame
    targets: pl.DataFrame

    def persons_with(self, mask: int) -> int:
        """Persons with a stored record in at least one system of ``mask``."""
        if mask == 0:
            return 0
        return int(self.masks.filter((pl.col("pmask") & mask) != 0)["n"].sum())

    def records_in(self, mask: int) -> int:
        """Stored records of the systems of ``mask``."""
        return sum(self.sys_records.get(s, 0) for s, b in _BIT.items() if b & mask)


def _origin_masks(
    both_ways: pl.DataFrame, n: int
) -> tuple[npt.NDArray[np.bool_], dict[str, npt.NDArray[np.int64]]]:
    """Per target record: the bit masks of the systems linked to it, per colour (``m_``)
    and over links to another person's record (``f_``).

    A bitwise OR with numpy: a polars ``bitwise_or`` aggregation over a million groups
    is several times slower.
    """
    target = both_ways["target"].to_numpy().astype(np.int64)
    obit = both_ways["origin_system"].replace_strict(_BIT, return_dtype=pl.Int64).to_numpy()
    colour = both_ways["colour"].to_numpy()
    same = both_ways["same"].to_numpy().astype(bool)
    present = np.zeros(n, dtype=bool)
    present[target] = True
    columns: dict[str, npt.NDArray[np.int64]] = {}
    for c in _LINK_COLOURS:
        for name, sel in ((f"m_{c}", colour == c), (f"f_{c}", (colour == c) & ~same)):
            acc = np.zeros(n, dtype=np.int64)
            np.bitwise_or.at(acc, target[sel], obit[sel])
            columns[name] = acc[present]
    return present, columns


def reach_base(records: pl.DataFrame, both_ways: pl.DataFrame) -> ReachBase:
    """Precompute the :class:`ReachBase` of stored ``records`` and their links."""
    bits = pl.col("system").replace_strict(_BIT, return_dtype=pl.Int64)
    rec = records.with_columns(bits.alias("bit"))
    persons, inverse = np.unique(rec["person_id"].to_numpy(), return_inverse=True)
    acc = np.zeros(persons.size, dtype=np.int64)
    np.bitwise_or.at(acc, inverse, rec["bit"].to_numpy())
    pmask = pl.DataFrame({"person_id": persons, "pmask": acc})
    sys_records = {s: int(n) for s, n in rec.group_by("system").len().iter_rows()}
    sys_persons = {s: int(np.count_nonzero(acc & b)) for s, b in _BIT.items() if s in sys_records}
    masks = pmask.group_by("pmask").agg(pl.len().alias("n"))
    n = int(records["idx"].cast(pl.Int64).max() or 0) + 1 if records.height else 0  # type: ignore[arg-type]
    present, columns = _origin_masks(both_ways, n)
    targets = (
        pl.DataFrame({"idx": pl.Series(np.flatnonzero(present), dtype=pl.UInt32), **columns})
        .join(rec.select("idx", "person_id", "system", "bit"), on="idx")
        .join(pmask, on="person_id")
    )
    return ReachBase(sys_records, sys_persons, masks, targets)


def _mask(systems: list[str]) -> int:
    return sum(_BIT[s] for s in set(systems))


@dataclass(frozen=True)
class _LinkView:
    """The links an authority sees in one regime, as expressions over ``ReachBase.targets``."""

    origin: pl.Expr  # systems at the other end of a visible link
    false_origin: pl.Expr  # the same over links to another person's record
    visible: bool
    opens: bool  # the links open data, not only a hit flag

    def hits(self, mask: int, needs_data: bool) -> pl.Expr:
        """Targets linked to a record of a system of ``mask`` (opening data if needed)."""
        if not self.visible or (needs_data and not self.opens):
            return pl.lit(False)
        return (self.origin & mask) != 0


def _link_view(
    model: AccessModel, authority: AuthorityKey, purpose: PurposeKey, regime: Regime
) -> _LinkView:
    colours, channel = model.visible_links(authority, purpose, regime)
    origin = pl.lit(0, dtype=pl.Int64)
    false_origin = pl.lit(0, dtype=pl.Int64)
    for c in sorted(colours):
        origin = origin | pl.col(f"m_{c}")
        false_origin = false_origin | pl.col(f"f_{c}")
    return _LinkView(
        origin,
        false_origin,
        visible=channel is not None and bool(colours),
        opens=channel is not None and channel is not Channel.HIT_FLAG,
    )


def _linked_exprs(view: _LinkView, level_mask: Mapping[str, int], cross_mask: int) -> list[pl.Expr]:
    """Counts of records (and persons) reached *only* through links, per measure and
    family, and of the records exposed through false links."""
    linked = {
        "data": view.hits(level_mask["data"], True),
        "data_unconditional": view.hits(level_mask["data_unconditional"], True),
        "known": view.hits(level_mask["known"], False)
        | view.hits(level_mask["data_unconditional"], True),
    }
    exprs = []
    for m in MEASURES:
        lm = level_mask[m]
        new = linked[m] & ((pl.col("bit") & lm) == 0)
        new_cross = new & ((pl.col("bit") & cross_mask) != 0)
        exprs += [
            new.sum().alias(f"{m}|records"),
            pl.col("person_id")
            .filter(new & ((pl.col("pmask") & lm) == 0))
            .n_unique()
            .alias(f"{m}|persons"),
            new_cross.sum().alias(f"{m}|cross_records"),
            pl.col("person_id")
            .filter(new_cross & ((pl.col("pmask") & (lm & cross_mask)) == 0))
            .n_unique()
            .alias(f"{m}|cross_persons"),
        ]
        for f, s in _FAMILY_SYSTEM.items():
            if not _BIT[s] & lm:  # a family reached directly is counted from the base
                new_f = new & (pl.col("system") == s)
                exprs += [
                    new_f.sum().alias(f"{m}|{f}|records"),
                    pl.col("person_id").filter(new_f).n_unique().alias(f"{m}|{f}|persons"),
                ]
    data_mask = level_mask["data"]
    exposed_by_false = (
        (view.false_origin & data_mask) != 0 if view.visible and view.opens else pl.lit(False)
    )
    exposed = view.hits(data_mask, True) & exposed_by_false & ((pl.col("bit") & data_mask) == 0)
    return [
        *exprs,
        exposed.sum().alias("exposed_records"),
        pl.col("person_id").filter(exposed).n_unique().alias("exposed_persons"),
    ]


def _family_counts(
    base: ReachBase, linked: Mapping[str, int], measure: str, mask: int
) -> dict[str, FamilyCounts]:
    out = {}
    for f, s in _FAMILY_SYSTEM.items():
        if _BIT[s] & mask:
            out[f] = FamilyCounts(base.sys_records.get(s, 0), base.sys_persons.get(s, 0))
        else:
            out[f] = FamilyCounts(
                linked[f"{measure}|{f}|records"], linked[f"{measure}|{f}|persons"]
            )
    return out


def fast_counts(
    base: ReachBase,
    model: AccessModel,
    authority: AuthorityKey,
    purpose: Purpose,
    regime: Regime,
) -> ReachCounts:
    """Reach counts from system bit masks (same result as :func:`counts_from_flags`)."""
    sets = _system_sets(model, authority, purpose.key, regime)
    level_mask = {m: _mask(sets.of(m)) for m in MEASURES}
    cross_mask = sum(b for s, b in _BIT.items() if system(s).collected_for not in purpose.own_data)
    view = _link_view(model, authority, purpose.key, regime)
    exprs = _linked_exprs(view, level_mask, cross_mask)
    if view.visible:
        row = base.targets.lazy().select(exprs).collect().row(0, named=True)
        linked = {k: int(v or 0) for k, v in row.items()}
    else:  # nothing is reached through links
        linked = {str(e.meta.output_name()): 0 for e in exprs}
    measures = {
        m: MeasureCounts(
            records=base.records_in(lm) + linked[f"{m}|records"],
            persons=base.persons_with(lm) + linked[f"{m}|persons"],
            cross_records=base.records_in(lm & cross_mask) + linked[f"{m}|cross_records"],
            cross_persons=base.persons_with(lm & cross_mask) + linked[f"{m}|cross_persons"],
        )
        for m, lm in level_mask.items()
    }
    by_measure = {m: _family_counts(base, linked, m, lm) for m, lm in level_mask.items()}
    return ReachCounts(
        measures=measures,
        families={f: {m: by_measure[m][f] for m in MEASURES} for f in _FAMILY_SYSTEM},
        exposed_records=linked["exposed_records"],
        exposed_persons=linked["exposed_persons"],
    )


# -- figures -----------------------------------------------------------------------------------


def _by_family(
    counts: ReachCounts, measure: str, purpose: Purpose, totals: Mapping[str, int]
) -> dict[str, FamilyReach]:
    out = {}
    for f in FAMILIES:
        row = counts.families.get(f, {}).get(measure, FamilyCounts(0, 0))
        out[f] = FamilyReach(
            records=Estimate.size(row.records, "records"),
            persons=Estimate.size(row.persons, "persons"),
            share_of_records=Estimate.point(
                row.records / totals[f] if totals.get(f) else None, "share of stored records"
            ),
            collected_for_another_purpose=f not in purpose.own_data,
        )
    return out


def _reach(
    counts: ReachCounts, purpose: Purpose, totals: Mapping[str, int], level: float
) -> RegimeReach:
    def measure(m: str) -> Reach:
        c = counts.measures[m]
        return Reach(
            records=Estimate.size(c.records, "records"),
            persons=Estimate.size(c.persons, "persons"),
            cross_purpose_records=Estimate.size(c.cross_records, "records"),
            cross_purpose_persons=Estimate.size(c.cross_persons, "persons"),
            by_collected_for=None
            if m == "data_unconditional"
            else _by_family(counts, m, purpose, totals),
        )

    return RegimeReach(
        data=measure("data"),
        data_unconditional=measure("data_unconditional"),
        known=measure("known"),
        exposed_by_false_links=Exposure(
            records=Estimate.events(counts.exposed_records, "records", level),
            persons=Estimate.events(counts.exposed_persons, "persons", level),
        ),
    )


def _change(siloed: Estimate, interoperable: Estimate, unit: str, same_access: bool) -> Change:
    va, vb = siloed.value or 0.0, interoperable.value or 0.0
    return Change(
        added=Estimate(vb - va, None, None, None, Method.DIFFERENCE, unit, structural=same_access),
        ratio=Estimate(
            vb / va if va else None,
            None,
            None,
            None,
            Method.RATIO,
            "interoperable / siloed",
            note=None if va else "siloed reach is zero",
        ),
    )


def _creep(siloed: RegimeReach, inter: RegimeReach, same_access: bool) -> CreepChange:
    """Interoperable minus siloed for every figure of :class:`RegimeReach`."""

    def reach(a: Reach, b: Reach) -> ReachChange:
        changes = {
            k: _change(getattr(a, k), getattr(b, k), getattr(a, k).unit, same_access)
            for k in _REACH_KEYS
        }
        return ReachChange(**changes)

    a, b = siloed.exposed_by_false_links, inter.exposed_by_false_links
    return CreepChange(
        data=reach(siloed.data, inter.data),
        data_unconditional=reach(siloed.data_unconditional, inter.data_unconditional),
        known=reach(siloed.known, inter.known),
        exposed_by_false_links=ExposureChange(
            records=_change(a.records, b.records, "records", same_access),
            persons=_change(a.persons, b.persons, "persons", same_access),
        ),
    )


def same_access(model: AccessModel, authority: AuthorityKey, purpose: PurposeKey) -> bool:
    """True when the two regimes grant ``authority`` exactly the same access for ``purpose``
    (then every creep figure is zero by the rules, not by chance)."""
    siloed, inter = Regime.SILOED, Regime.INTEROPERABLE
    return _system_sets(model, authority, purpose, siloed) == _system_sets(
        model, authority, purpose, inter
    ) and model.visible_links(authority, purpose, siloed) == model.visible_links(
        authority, purpose, inter
    )


def creep_figures(data: WorldData, model: AccessModel, level: float = 0.95) -> Creep:
    """Reach per authority, purpose and regime, and the creep between the regimes."""
    records = data.records.filter(pl.col("stored")).select(
        "idx", "person_id", "system", "collected_for"
    )
    base = reach_base(records, stored_links(data))
    totals = dict(records.group_by("collected_for").len().iter_rows())
    authorities: dict[str, dict[str, AuthorityReach]] = {}
    for authority, purpose in model.pairs():
        regimes = {
            regime.value: _reach(
                fast_counts(base, model, authority.key, purpose, regime), purpose, totals, level
            )
            for regime in Regime
        }
        equal = same_access(model, authority.key, purpose.key)
        authorities.setdefault(authority.key.value, {})[purpose.key.value] = AuthorityReach(
            authority=authority.name,
            purpose=purpose.description,
            own_data=tuple(sorted(purpose.own_data)),
            regimes=regimes,
            creep=_creep(regimes[Regime.SILOED.value], regimes[Regime.INTEROPERABLE.value], equal),
        )
    return Creep(
        model=model.name,
        stored_records={f: Estimate.size(int(totals.get(f, 0)), "records") for f in FAMILIES},
        authorities=authorities,
    )

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

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from analysis.figures import Figure, count_figure, point_figure, size_figure
from analysis.truth import WorldData
from schemas.access import AccessModel, Channel, Purpose, Regime
from schemas.systems import SYSTEMS, system

__all__ = [
    "MEASURES",
    "ReachBase",
    "counts_from_flags",
    "creep_metrics",
    "fast_counts",
    "reach_base",
    "reach_flags",
    "stored_links",
]

MEASURES = ("data", "data_unconditional", "known")
FAMILIES = tuple(dict.fromkeys(s.collected_for for s in SYSTEMS))


def _system_sets(
    model: AccessModel, authority: Any, purpose: Any, regime: Regime
) -> dict[str, list[str]]:
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
    return {"data": sorted(data), "data_unconditional": sorted(uncond), "known": sorted(known)}


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


def reach_flags(
    records: pl.DataFrame,
    both_ways: pl.DataFrame,
    model: AccessModel,
    authority: Any,
    purpose: Any,
    regime: Regime,
) -> pl.DataFrame:
    """Stored records with boolean columns ``data``, ``data_unconditional``, ``known``
    and ``exposed`` (reached only through a link to another person's record)."""
    sets = _system_sets(model, authority, purpose, regime)
    direct = {m: pl.col("system").is_in(sets[m]) for m in MEASURES}
    out = records.with_columns(
        direct["data"].alias("d_data"),
        direct["data_unconditional"].alias("d_data_unconditional"),
        (direct["known"] | direct["data_unconditional"]).alias("d_known"),
    )
    colours, channel = model.visible_links(authority, purpose, regime)
    if colours and channel is not None:
        opens_data = channel is not Channel.HIT_FLAG
        vis = both_ways.filter(pl.col("colour").is_in(sorted(colours)))
        o = pl.col("origin_system")
        linked = (
            vis.with_columns(
                (o.is_in(sets["data"]) & opens_data).alias("l_data"),
                (o.is_in(sets["data_unconditional"]) & opens_data).alias("l_data_unconditional"),
                (o.is_in(sets["known"]) | o.is_in(sets["data_unconditional"])).alias("l_known"),
            )
            .with_columns((pl.col("l_data") & ~pl.col("same")).alias("l_false"))
            .group_by("target")
            .agg(pl.col("l_data", "l_data_unconditional", "l_known", "l_false").any())
            .rename({"target": "idx"})
        )
        out = out.join(linked, on="idx", how="left").with_columns(
            pl.col("l_data", "l_data_unconditional", "l_known", "l_false").fill_null(False)
        )
    else:
        out = out.with_columns(
            pl.lit(False).alias(c) for c in ("l_data", "l_data_unconditional", "l_known", "l_false")
        )
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


Counts = dict[str, Any]


def counts_from_flags(flags: pl.DataFrame, purpose: Purpose) -> Counts:
    """Reach counts from record-level flags (:func:`reach_flags`): the reference method."""
    cross = ~pl.col("collected_for").is_in(sorted(purpose.own_data))
    aggs = []
    for m in (*MEASURES, "exposed"):
        aggs += [
            pl.col(m).sum().alias(f"{m}_records"),
            pl.col("person_id").filter(pl.col(m)).n_unique().alias(f"{m}_persons"),
            (pl.col(m) & cross).sum().alias(f"{m}_cross_records"),
            pl.col("person_id").filter(pl.col(m) & cross).n_unique().alias(f"{m}_cross_persons"),
        ]
    counts: Counts = {k: int(v or 0) for k, v in flags.select(aggs).row(0, named=True).items()}
    fam = flags.group_by("collected_for").agg(
        *(pl.col(m).sum().alias(f"{m}_records") for m in MEASURES),
        *(pl.col("person_id").filter(pl.col(m)).n_unique().alias(f"{m}_persons") for m in MEASURES),
    )
    counts["fam"] = {
        r["collected_for"]: {k: int(v or 0) for k, v in r.items() if k != "collected_for"}
        for r in fam.iter_rows(named=True)
    }
    return counts


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
    # Bitwise OR of the origin systems per target and colour, with numpy (a polars
    # bitwise_or aggregation over a million groups is several times slower).
    n = int(records["idx"].cast(pl.Int64).max() or 0) + 1 if records.height else 0  # type: ignore[arg-type]
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
    targets = (
        pl.DataFrame({"idx": pl.Series(np.flatnonzero(present), dtype=pl.UInt32), **columns})
        .join(rec.select("idx", "person_id", "system", "bit"), on="idx")
        .join(pmask, on="person_id")
    )
    return ReachBase(sys_records, sys_persons, masks, targets)


def _mask(systems: list[str]) -> int:
    return sum(_BIT[s] for s in set(systems))


def fast_counts(
    base: ReachBase,
    model: AccessModel,
    authority: Any,
    purpose: Purpose,
    regime: Regime,
) -> Counts:
    """Reach counts from system bit masks (same result as :func:`counts_from_flags`)."""
    sets = _system_sets(model, authority, purpose.key, regime)
    level_mask = {
        "data": _mask(sets["data"]),
        "data_unconditional": _mask(sets["data_unconditional"]),
        "known": _mask(sets["known"] + sets["data_unconditional"]),
    }
    cross_mask = sum(b for s, b in _BIT.items() if system(s).collected_for not in purpose.own_data)
    colours, channel = model.visible_links(authority, purpose.key, regime)
    t = base.targets
    origin = pl.lit(0, dtype=pl.Int64)
    false_origin = pl.lit(0, dtype=pl.Int64)
    for c in sorted(colours):
        origin = origin | pl.col(f"m_{c}")
        false_origin = false_origin | pl.col(f"f_{c}")
    opens = channel is not None and channel is not Channel.HIT_FLAG
    visible = channel is not None and bool(colours)

    def hits(mask: int, needs_data: bool) -> pl.Expr:
        if not visible or (needs_data and not opens):
            return pl.lit(False)
        return (origin & mask) != 0

    linked = {
        "data": hits(level_mask["data"], True),
        "data_unconditional": hits(level_mask["data_unconditional"], True),
        "known": hits(level_mask["known"], False) | hits(level_mask["data_unconditional"], True),
    }
    masks = base.masks
    counts: Counts = {"fam": {}}
    exprs = []
    for m in MEASURES:
        lm = level_mask[m]
        new = linked[m] & ((pl.col("bit") & lm) == 0)
        new_cross = new & ((pl.col("bit") & cross_mask) != 0)
        exprs += [
            new.sum().alias(f"{m}_records"),
            pl.col("person_id")
            .filter(new & ((pl.col("pmask") & lm) == 0))
            .n_unique()
            .alias(f"{m}_persons"),
            new_cross.sum().alias(f"{m}_cross_records"),
            pl.col("person_id")
            .filter(new_cross & ((pl.col("pmask") & (lm & cross_mask)) == 0))
            .n_unique()
            .alias(f"{m}_cross_persons"),
        ]
        for f, s in _FAMILY_SYSTEM.items():
            if _BIT[s] & lm:
                continue  # the whole family is reached directly
            new_f = new & (pl.col("system") == s)
            exprs += [
                new_f.sum().alias(f"{m}|{f}|records"),
                pl.col("person_id").filter(new_f).n_unique().alias(f"{m}|{f}|persons"),
            ]
    exposed = (
        hits(level_mask["data"], True)
        & ((false_origin & level_mask["data"]) != 0 if visible and opens else pl.lit(False))
        & ((pl.col("bit") & level_mask["data"]) == 0)
    )
    exprs += [
        exposed.sum().alias("exposed_records"),
        pl.col("person_id").filter(exposed).n_unique().alias("exposed_persons"),
    ]
    if visible:
        row = t.lazy().select(exprs).collect().row(0, named=True)
        linked_counts = {k: int(v or 0) for k, v in row.items()}
    else:  # nothing is reached through links
        linked_counts = {str(e.meta.output_name()): 0 for e in exprs}

    def persons_with(mask: int) -> int:
        if mask == 0:
            return 0
        return int(masks.filter((pl.col("pmask") & mask) != 0)["n"].sum())

    for m in MEASURES:
        lm = level_mask[m]
        direct_systems = [s for s, b in _BIT.items() if b & lm]
        counts[f"{m}_records"] = (
            sum(base.sys_records.get(s, 0) for s in direct_systems) + linked_counts[f"{m}_records"]
        )
        counts[f"{m}_persons"] = persons_with(lm) + linked_counts[f"{m}_persons"]
        counts[f"{m}_cross_records"] = (
            sum(base.sys_records.get(s, 0) for s in direct_systems if _BIT[s] & cross_mask)
            + linked_counts[f"{m}_cross_records"]
        )
        counts[f"{m}_cross_persons"] = (
            persons_with(lm & cross_mask) + linked_counts[f"{m}_cross_persons"]
        )
        for f, s in _FAMILY_SYSTEM.items():
            fam = counts["fam"].setdefault(f, {})
            if _BIT[s] & lm:
                fam[f"{m}_records"] = base.sys_records.get(s, 0)
                fam[f"{m}_persons"] = base.sys_persons.get(s, 0)
            else:
                fam[f"{m}_records"] = linked_counts[f"{m}|{f}|records"]
                fam[f"{m}_persons"] = linked_counts[f"{m}|{f}|persons"]
    counts["exposed_records"] = linked_counts["exposed_records"]
    counts["exposed_persons"] = linked_counts["exposed_persons"]
    return counts


def _reach(
    counts: Counts, purpose: Purpose, totals: dict[str, int], level: float
) -> dict[str, Any]:
    fam_rows: dict[str, dict[str, int]] = counts["fam"]
    total = counts
    out: dict[str, Any] = {}
    for m in MEASURES:
        by_family: dict[str, Any] = {}
        for f in FAMILIES if m != "data_unconditional" else ():
            row = fam_rows.get(f, {})
            k = int(row.get(f"{m}_records", 0) or 0)
            by_family[f] = {
                "records": size_figure(k, "records").to_json(),
                "persons": size_figure(int(row.get(f"{m}_persons", 0) or 0), "persons").to_json(),
                "share_of_records": point_figure(
                    k / totals[f] if totals.get(f) else None, "share of stored records"
                ).to_json(),
                "collected_for_another_purpose": f not in purpose.own_data,
            }
        out[m] = {
            "records": size_figure(total[f"{m}_records"], "records").to_json(),
            "persons": size_figure(total[f"{m}_persons"], "persons").to_json(),
            "cross_purpose_records": size_figure(total[f"{m}_cross_records"], "records").to_json(),
            "cross_purpose_persons": size_figure(total[f"{m}_cross_persons"], "persons").to_json(),
        }
        if by_family:
            out[m]["by_collected_for"] = by_family
    out["exposed_by_false_links"] = {
        "records": count_figure(total["exposed_records"], "records", level).to_json(),
        "persons": count_figure(total["exposed_persons"], "persons", level).to_json(),
    }
    return out


def _diff(a: dict[str, Any], b: dict[str, Any], unit: str) -> dict[str, Any]:
    va, vb = a["value"], b["value"]
    added = Figure(vb - va, None, None, None, "difference", unit).to_json()
    ratio = Figure(
        vb / va if va else None,
        None,
        None,
        None,
        "ratio",
        "interoperable / siloed",
        note=None if va else "siloed reach is zero",
    ).to_json()
    return {"added": added, "ratio": ratio}


def creep_metrics(data: WorldData, model: AccessModel, level: float = 0.95) -> dict[str, Any]:
    """Reach per authority, purpose and regime, and the creep between the regimes."""
    records = data.records.filter(pl.col("stored")).select(
        "idx", "person_id", "system", "collected_for"
    )
    both_ways = stored_links(data)
    base = reach_base(records, both_ways)
    totals = dict(records.group_by("collected_for").len().iter_rows())
    out: dict[str, Any] = {
        "model": model.name,
        "stored_records": {
            f: size_figure(int(totals.get(f, 0)), "records").to_json() for f in FAMILIES
        },
        "authorities": {},
    }
    for authority, purpose in model.pairs():
        regimes = {
            regime.value: _reach(
                fast_counts(base, model, authority.key, purpose, regime), purpose, totals, level
            )
            for regime in Regime
        }
        sil, inter = regimes[Regime.SILOED.value], regimes[Regime.INTEROPERABLE.value]
        creep: dict[str, Any] = {}
        for m in MEASURES:
            creep[m] = {
                key: _diff(sil[m][key], inter[m][key], sil[m][key]["unit"])
                for key in ("records", "persons", "cross_purpose_records", "cross_purpose_persons")
            }
        creep["exposed_by_false_links"] = {
            key: _diff(
                sil["exposed_by_false_links"][key], inter["exposed_by_false_links"][key], key
            )
            for key in ("records", "persons")
        }
        entry = out["authorities"].setdefault(authority.key.value, {})
        entry[purpose.key.value] = {
            "authority": authority.name,
            "purpose": purpose.description,
            "own_data": sorted(purpose.own_data),
            "regimes": regimes,
            "creep": creep,
        }
    return out

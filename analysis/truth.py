"""Join what the linkage wrote with the hidden truth of the world.

This is the only place that reads both the MID output and the truth columns
(``person_id``, ``identity_no``, documents' ``fraudulent``). Everything downstream works
on the frames of :class:`WorldData`:

``records``
    one row per record ever created: ``idx`` (dense integer id, in record_id order),
    record_id, system, collected_for, person_id, identity_no, fraud (the record carries a
    false identity or a fraudulent document), registered_on, deleted_on, stored (still
    stored at the as-of date), in_cir, has_bio (fingerprints or face), key (normalised
    surname | given names | birth date, null when one is missing).
``persons``
    one row per person of the truth table with the group labels (``age_band`` at the as-of
    date), the identity the person presents at a check (``surname_latin``,
    ``given_names_latin``, ``birth_date``; :func:`identity_key` makes its key),
    ``lookalike_of``, ``n_records`` and ``n_stored``.
``links``
    one row per MID link with both ends' truth and the verdict: ``same`` (both records
    belong to one person) and ``correct`` (the link's colour tells the truth; null for
    pending yellow links). See :func:`link_verdict` for the rules.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass

import numpy as np
import polars as pl

from analysis.config import AnalysisConfig
from linkage.mid import Conclusion, Oracle
from schemas.errors import WorldError
from schemas.systems import SYSTEMS
from schemas.world import World

__all__ = [
    "COLOURS",
    "COLOUR_IS_TRUE",
    "WorldData",
    "age_band_labels",
    "identity_key",
    "link_verdict",
    "load_world_data",
    "true_conclusion",
    "true_pairs",
    "truth_oracle",
    "with_fraud_flag",
]

log = logging.getLogger(__name__)

COLOURS = ("white", "yellow", "green", "red")
COLLECTED_FOR: dict[str, str] = {s.key.value: s.collected_for for s in SYSTEMS}

_RECORD_COLUMNS = [
    "record_id",
    "system",
    "person_id",
    "identity_no",
    "surname",
    "given_names",
    "birth_date",
    "document_number",
    "document_country",
    "registered_on",
    "in_cir",
    "has_fingerprints",
    "has_face",
    "deleted_on",
]


def _norm(col: pl.Expr) -> pl.Expr:
    """Upper-case ASCII letters only (accents stripped), so 'Zoé-Anne' == 'ZOEANNE'."""
    return col.str.normalize("NFKD").str.to_uppercase().str.replace_all(r"[^A-Z]", "")


def identity_key(surname: pl.Expr, given_names: pl.Expr, birth_date: pl.Expr) -> pl.Expr:
    """The name + birth-date key of identity collisions (null when a part is missing).

    Each part is normalised once; an empty part becomes null, and ``concat_str`` of a
    null part is null.
    """
    parts = [
        _norm(surname).replace("", None),
        _norm(given_names).replace("", None),
        birth_date.cast(pl.String),
    ]
    return pl.concat_str(parts, separator="|")


def age_band_labels(edges: tuple[int, ...]) -> list[str]:
    """Labels of the bands cut at ``edges``: (6, 12) -> ['0-5', '6-11', '12+']."""
    lows = (0, *edges)
    labels = [f"{lo}-{hi - 1}" for lo, hi in zip(lows, edges, strict=False)]
    return [*labels, f"{edges[-1]}+"]


#: Which true conclusions make a link of each colour tell the truth (IO Arts. 30-33
#: [@eu-2019-817]): white claims one person, green two lawful persons, red an identity
#: fraud (one person under two identities, or someone using another's identity or document).
COLOUR_IS_TRUE: dict[str, frozenset[Conclusion]] = {
    "white": frozenset(c for c in Conclusion if c.same_person),
    "green": frozenset(c for c in Conclusion if not c.same_person),
    "red": frozenset(c for c in Conclusion if not c.justified),
}


def link_verdict() -> pl.Expr:
    """Whether a link's colour tells the truth (null for pending yellow links).

    The link's colour is compared with the conclusion a careful verifier reaches on its
    two records (:func:`true_conclusion`), through :data:`COLOUR_IS_TRUE`: a white link
    is true when both records belong to one person, a green one when they belong to two,
    and a red one when one person holds two identities or one of two persons uses a false
    identity or a fraudulent document. A red link on noisy data of one honest person, or
    between two honest namesakes, is false: someone is suspected of fraud that is not
    theirs. Reads ``colour`` and the columns :func:`true_conclusion` reads.
    """
    conclusion = true_conclusion()

    def true_for(colour: str) -> pl.Expr:
        return conclusion.is_in(sorted(c.value for c in COLOUR_IS_TRUE[colour]))

    colour = pl.col("colour")
    return (
        pl.when(colour == "white")
        .then(true_for("white"))
        .when(colour == "green")
        .then(true_for("green"))
        .when(colour == "red")
        .then(true_for("red"))
        .otherwise(None)
    )


@dataclass(frozen=True)
class WorldData:
    """The world's records, persons and links joined with the truth (see module doc)."""

    records: pl.DataFrame
    persons: pl.DataFrame
    links: pl.DataFrame
    clusters: pl.DataFrame | None
    as_of: dt.date

    @functools.cached_property
    def pairs(self) -> pl.DataFrame:
        """True cross-system pairs of records (computed once, see :func:`true_pairs`)."""
        return true_pairs(self.records)


def with_fraud_flag(world: World, records: pl.DataFrame) -> pl.DataFrame:
    """``records`` with a ``fraud`` column: a false identity (identity_no > 0) or a
    document that the truth marks fraudulent (same number and issuing country)."""
    fraud = pl.col("identity_no") > 0
    if not (world.has_table("documents") and records.height):
        return records.with_columns(fraud.alias("fraud"))
    bad = (
        world.scan("documents")
        .filter(pl.col("fraudulent"))
        .select(
            pl.col("number").alias("document_number"),
            pl.col("issuing_country").alias("document_country"),
            pl.lit(True).alias("_bad_doc"),
        )
        .unique(["document_number", "document_country"])
        .collect()
    )
    return (
        records.join(bad, on=["document_number", "document_country"], how="left")
        .with_columns((fraud | pl.col("_bad_doc").fill_null(False)).alias("fraud"))
        .drop("_bad_doc")
    )


def true_conclusion() -> pl.Expr:
    """The conclusion a careful verifier reaches on a pair (``Conclusion`` values).

    Reads ``person_id``, ``identity_no`` and ``fraud`` of both sides (suffixes ``_a`` and
    ``_b``); :func:`link_verdict` judges links by the same conclusions:

    - one person, both records under the same identity: the same person, justified;
    - one person under two identities (an alias): the same person, unjustified;
    - two persons, one of whom uses an alias or a fraudulent document: two persons,
      unjustified;
    - two persons otherwise: two different persons, justified.
    """
    same = pl.col("person_id_a") == pl.col("person_id_b")
    return (
        pl.when(same & (pl.col("identity_no_a") == pl.col("identity_no_b")))
        .then(pl.lit(Conclusion.SAME_JUSTIFIED.value))
        .when(same)
        .then(pl.lit(Conclusion.SAME_UNJUSTIFIED.value))
        .when(pl.col("fraud_a") | pl.col("fraud_b"))
        .then(pl.lit(Conclusion.DIFFERENT_UNJUSTIFIED.value))
        .otherwise(pl.lit(Conclusion.DIFFERENT_JUSTIFIED.value))
    )


def truth_oracle(world: World) -> Oracle:
    """The verifier's oracle: what examining the documents and the person would show.

    The verifier of yellow links is the only actor of the simulation that learns whose
    records are whose, as a real verifier does by examining documents and interviewing
    the person. The linkage layer never reads the truth, so it is handed this oracle.
    """
    if not world.has_table("identity_records"):
        raise WorldError(f"world {world.path} has no identity_records table")
    try:
        records = (
            world.scan("identity_records")
            .select("record_id", "person_id", "identity_no", "document_number", "document_country")
            .collect()
        )
        table = with_fraud_flag(world, records).select(
            "record_id", "person_id", "identity_no", "fraud"
        )
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise WorldError(f"the truth of {world.path} cannot be read: {exc}") from exc

    def oracle(cases: pl.DataFrame) -> pl.Series:
        frame = cases.select("record_id_a", "record_id_b").with_row_index("_row")
        for side in ("a", "b"):
            frame = frame.join(
                table.rename({c: f"{c}_{side}" for c in table.columns}),
                on=f"record_id_{side}",
                how="left",
            )
        out = frame.sort("_row").select(true_conclusion().alias("conclusion"))["conclusion"]
        if out.len() != cases.height:
            raise WorldError("mid_links name records missing from identity_records")
        return out

    return oracle


def _load_records(world: World, as_of: dt.date | None) -> tuple[pl.DataFrame, dt.date]:
    if not world.has_table("identity_records"):
        raise WorldError(f"world {world.path} has no identity_records table")
    # Rows keep the order of the (deterministic) table file; ``idx`` numbers them.
    rec = world.scan("identity_records").select(_RECORD_COLUMNS).collect()
    if as_of is None:
        as_of = world.as_of
    rec = with_fraud_flag(world, rec)
    systems = pl.DataFrame(
        {"system": list(COLLECTED_FOR), "collected_for": list(COLLECTED_FOR.values())}
    )
    rec = (
        rec.with_columns(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("idx"),
            (pl.col("deleted_on").is_null() | (pl.col("deleted_on") > as_of)).alias("stored"),
            (
                pl.col("has_fingerprints").fill_null(False) | pl.col("has_face").fill_null(False)
            ).alias("has_bio"),
            identity_key(pl.col("surname"), pl.col("given_names"), pl.col("birth_date")).alias(
                "key"
            ),
            pl.col("in_cir").fill_null(False),
        )
        .join(systems, on="system", how="left")
        .select(
            "idx",
            "record_id",
            "system",
            "collected_for",
            "person_id",
            "identity_no",
            "fraud",
            "registered_on",
            "deleted_on",
            "stored",
            "in_cir",
            "has_bio",
            "key",
        )
    )
    unknown = rec.filter(pl.col("collected_for").is_null())["system"].unique().to_list()
    if unknown:
        raise WorldError(f"identity_records names unknown systems {sorted(unknown)}")
    return rec, as_of


def _load_persons(
    world: World, records: pl.DataFrame, config: AnalysisConfig, as_of: dt.date
) -> pl.DataFrame:
    counts = records.group_by("person_id").agg(
        pl.len().alias("n_records"), pl.col("stored").sum().alias("n_stored")
    )
    if world.has_table("persons"):
        wanted = [
            "person_id",
            "sex",
            "birth_date",
            "nationality",
            "region",
            "population_group",
            "naming_culture",
            "surname_latin",
            "given_names_latin",
            "lookalike_of",
        ]
        persons = world.scan("persons").select(wanted).collect()
    else:
        log.warning("world %s has no persons table; groups are unknown", world.path)
        persons = counts.select("person_id").with_columns(
            pl.lit(None, pl.String).alias(c)
            for c in ("sex", "nationality", "region", "population_group", "naming_culture")
        )
        persons = persons.with_columns(
            pl.lit(None, pl.Date).alias("birth_date"),
            pl.lit(None, pl.String).alias("surname_latin"),
            pl.lit(None, pl.String).alias("given_names_latin"),
            pl.lit(None, pl.Int64).alias("lookalike_of"),
        )
    missing = counts.join(persons.select("person_id"), on="person_id", how="anti")
    if missing.height:
        raise WorldError(
            f"{missing.height} person_id values of identity_records are not in persons "
            f"(e.g. {missing['person_id'][0]})"
        )
    return (
        _with_age_band(persons, as_of, config.age_bands)
        .join(counts, on="person_id", how="left")
        .with_columns(
            pl.col("n_records").fill_null(0).cast(pl.UInt32),
            pl.col("n_stored").fill_null(0).cast(pl.UInt32),
        )
        .sort("person_id")
    )


def _with_age_band(persons: pl.DataFrame, as_of: dt.date, edges: tuple[int, ...]) -> pl.DataFrame:
    """``persons`` with their ``age`` and ``age_band`` at the as-of date."""
    bd = pl.col("birth_date")
    before = (bd.dt.month() > as_of.month) | (
        (bd.dt.month() == as_of.month) & (bd.dt.day() > as_of.day)
    )
    persons = persons.with_columns(
        (as_of.year - bd.dt.year() - before.cast(pl.Int32)).alias("age"),
    )
    labels = pl.Series(age_band_labels(edges), dtype=pl.String)
    ages = persons["age"].cast(pl.Float64).fill_null(0.0).to_numpy()
    band_idx = np.searchsorted(np.asarray(edges), ages, side="right")
    return persons.with_columns(
        pl.when(pl.col("age").is_not_null())
        .then(pl.lit(labels.gather(pl.Series(band_idx))))
        .otherwise(None)
        .alias("age_band")
    )


def _load_links(world: World, records: pl.DataFrame) -> pl.DataFrame:
    if not world.has_table("mid_links"):
        raise WorldError(f"world {world.path} has no mid_links table; run `interopsim link` first")
    # The systems of both ends come from identity_records (the stored copy in mid_links
    # may be absent in hand-built worlds).
    links = world.table("mid_links").drop("system_a", "system_b", strict=False)
    side = records.select(
        "record_id", "idx", "system", "person_id", "identity_no", "fraud", "stored"
    )
    for s in ("a", "b"):
        links = links.join(
            side.rename({c: f"{c}_{s}" for c in side.columns}),
            on=f"record_id_{s}",
            how="left",
        )
    orphans = links.filter(pl.col("idx_a").is_null() | pl.col("idx_b").is_null())
    if orphans.height:
        raise WorldError(
            f"{orphans.height} mid_links name records missing from identity_records "
            f"(e.g. link {orphans['link_id'][0]})"
        )
    basis = pl.col("basis").str.to_lowercase()
    return (
        links.with_columns(
            (pl.col("person_id_a") == pl.col("person_id_b")).alias("same"),
            pl.min_horizontal("idx_a", "idx_b").alias("lo"),
            pl.max_horizontal("idx_a", "idx_b").alias("hi"),
            pl.when(pl.col("system_a") <= pl.col("system_b"))
            .then(pl.concat_str(["system_a", "system_b"], separator="|"))
            .otherwise(pl.concat_str(["system_b", "system_a"], separator="|"))
            .alias("system_pair"),
            basis.str.contains("biometric").alias("basis_biometric"),
            basis.str.contains("identity").alias("basis_identity"),
            basis.str.contains("document").alias("basis_document"),
            (pl.col("verified").fill_null(False) | (pl.col("colour") == "yellow")).alias(
                "needed_verification"
            ),
        )
        .with_columns(link_verdict().alias("correct"))
        .sort("link_id")
    )


def _load_clusters(world: World, records: pl.DataFrame) -> pl.DataFrame | None:
    if not world.has_table("identity_clusters"):
        return None
    clusters = world.table("identity_clusters")
    return clusters.join(
        records.select("record_id", "idx", "person_id", "system"), on="record_id", how="inner"
    )


def load_world_data(world: World, config: AnalysisConfig) -> WorldData:
    """Read a linked world and join it with its truth (see the module docstring)."""
    records, as_of = _load_records(world, config.as_of)
    persons = _load_persons(world, records, config, as_of)
    links = _load_links(world, records)
    clusters = _load_clusters(world, records)
    return WorldData(records, persons, links, clusters, as_of)


def true_pairs(records: pl.DataFrame) -> pl.DataFrame:
    """Every cross-system pair of stored records of one person: the links the MID should hold.

    The MID compares a new record only with records of *other* systems (IO Art. 27(5)
    [@eu-2019-818]), and links are kept only as long as the linked data are stored in
    two systems (Art. 36), so at the as-of date a true pair is two records of the
    same person in two different systems, both still stored. Columns: lo, hi (record
    idx, lo < hi), system_pair, person_id, both_bio.
    """
    side = records.filter(pl.col("stored")).select("idx", "person_id", "system", "has_bio")
    multi = side.filter(pl.len().over("person_id") > 1)
    joined = multi.join(multi, on="person_id", suffix="_r").filter(
        (pl.col("idx") < pl.col("idx_r")) & (pl.col("system") != pl.col("system_r"))
    )
    return joined.select(
        pl.col("idx").alias("lo"),
        pl.col("idx_r").alias("hi"),
        pl.when(pl.col("system") <= pl.col("system_r"))
        .then(pl.concat_str(["system", "system_r"], separator="|"))
        .otherwise(pl.concat_str(["system_r", "system"], separator="|"))
        .alias("system_pair"),
        "person_id",
        (pl.col("has_bio") & pl.col("has_bio_r")).alias("both_bio"),
    )

"""Identity linkage throughput and accuracy: interopsim's engine versus Splink + DuckDB.

Builds a synthetic benchmark in the spirit of peers.md §8 "Splink scale": entities with
names drawn (Zipf-weighted) from Faker pools of several locales, a birth date, sex,
nationality and a document number; two records per entity, one in each of two tables.
Records carry realistic noise: typos, romanisation variants, 1 January default and
day/month-swapped birth dates, year-only dates, missing or mistyped document numbers.

Both engines get the same input columns, the same six blocking rules (on precomputed key
columns, so the candidate pairs are identical; the script checks the counts) and six
comparable comparisons (surname and given names Jaro-Winkler 0.92/0.8, birth date, sex,
nationality, document number Levenshtein 1/2). Each engine trains once (u from 1e6
random pairs, then EM), then predicts (block + compare + score, pairs with match
probability >= 0.5 returned) several times; throughput is candidate pairs / median
predict wall time (and, less sensitive to other load on the machine, candidate pairs per
CPU second of the process: DuckDB runs in-process). F1 is pairwise against the entity
truth. A third measurement runs
interopsim's richer identity spec (transliteration-aware name comparison with
term-frequency adjustment, default-date-aware birth dates, document with country).

Prints one JSON line. Usage::

    .venv/bin/python benchmarks/bench_identity.py [--entities 150000] [--runs 3] [--no-splink]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import time
from typing import Any

import numpy as np
import polars as pl

from linkage.identity import (
    DateComparison,
    DocumentComparison,
    ExactMatch,
    Linker,
    LinkSpec,
    NameComparison,
    StringComparison,
    basic_name,
    block_on,
    phonetic_key,
)
from linkage.identity.normalise import first_token
from schemas.rng import stream

LOCALES: dict[str, str] = {
    # Faker locale -> ISO3 nationality used for its people
    "en_GB": "GBR",
    "de_DE": "DEU",
    "fr_FR": "FRA",
    "es_ES": "ESP",
    "it_IT": "ITA",
    "pl_PL": "POL",
    "tr_TR": "TUR",
    "nl_NL": "NLD",
    "pt_BR": "BRA",
    "ro_RO": "ROU",
    "uk_UA": "UKR",
    "id_ID": "IDN",
}
# Romanisation variants written into noisy copies (the inverse of the folding rules).
VARIANTS: tuple[tuple[str, str], ...] = (
    ("U", "OU"),
    ("F", "PH"),
    ("I", "EE"),
    ("H", "KH"),
    ("J", "DJ"),
    ("SH", "SCH"),
    ("L", "LL"),
    ("S", "SS"),
)


def _pools(seed: int, per_locale: int) -> dict[str, dict[str, list[str]]]:
    from faker import Faker

    pools: dict[str, dict[str, list[str]]] = {}
    for i, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed + i)
        pools[locale] = {
            "surname": sorted({fake.last_name() for _ in range(per_locale)}),
            "M": sorted({fake.first_name_male() for _ in range(per_locale)}),
            "F": sorted({fake.first_name_female() for _ in range(per_locale)}),
        }
    return pools


def _zipf_index(rng: np.random.Generator, n: int, size: int, offset: float = 5.0) -> np.ndarray:
    p = 1.0 / (np.arange(n) + offset)
    return rng.choice(n, size=size, p=p / p.sum())


def entities(n: int, seed: int) -> pl.DataFrame:
    """``n`` synthetic entities (truth) with Zipf-weighted names from Faker pools."""
    rng = stream(seed, "bench.identity.entities")
    pools = _pools(seed, 600)
    locale_names = list(LOCALES)
    weights = 1.0 / (np.arange(len(locale_names)) + 2.0)
    loc = rng.choice(len(locale_names), size=n, p=weights / weights.sum())
    sex = np.where(rng.random(n) < 0.5, "M", "F")
    surname = np.empty(n, dtype=object)
    given = np.empty(n, dtype=object)
    for li, locale in enumerate(locale_names):
        for s in ("M", "F"):
            sel = np.flatnonzero((loc == li) & (sex == s))
            sur = np.asarray(pools[locale]["surname"], dtype=object)
            giv = np.asarray(pools[locale][s], dtype=object)
            surname[sel] = sur[_zipf_index(rng, sur.size, sel.size)]
            first = giv[_zipf_index(rng, giv.size, sel.size)]
            second = giv[_zipf_index(rng, giv.size, sel.size)]
            two = rng.random(sel.size) < 0.15
            given[sel] = np.where(two, first + " " + second, first)
    days = rng.integers(
        np.datetime64("1940-01-01").astype(int), np.datetime64("2006-01-01").astype(int), n
    )
    letters = np.array(list("ABCDEFGHJKLMNPRSTUVWXYZ"))
    prefix = letters[rng.integers(0, letters.size, (n, 2))]
    digits = rng.integers(0, 10, (n, 7)).astype(str)
    doc = np.char.add(
        np.char.add(prefix[:, 0], prefix[:, 1]), np.apply_along_axis("".join, 1, digits)
    )
    return pl.DataFrame(
        {
            "entity": np.arange(n),
            "surname": surname.tolist(),
            "given_name": given.tolist(),
            "sex": sex.tolist(),
            "nationality": [LOCALES[locale_names[i]] for i in loc],
            "birth_date": days.astype("datetime64[D]"),
            "document_number": doc.tolist(),
        }
    )


def _edit(expr: pl.Expr, kind: pl.Expr, pos: pl.Expr, char: pl.Expr) -> pl.Expr:
    """One typo at ``pos``: 0 substitute, 1 delete, 2 insert, 3 transpose."""
    head, rest = expr.str.slice(0, pos), expr.str.slice(pos)
    return (
        pl.when(kind == 0)
        .then(pl.concat_str([head, char, rest.str.slice(1)]))
        .when(kind == 1)
        .then(pl.concat_str([head, rest.str.slice(1)]))
        .when(kind == 2)
        .then(pl.concat_str([head, char, rest]))
        .otherwise(
            pl.concat_str([head, rest.str.slice(1, 1), rest.str.slice(0, 1), rest.str.slice(2)])
        )
    )


def records(truth: pl.DataFrame, seed: int, name: str, rate: float) -> pl.DataFrame:
    """One noisy record per entity; ``rate`` scales every noise probability."""
    rng = stream(seed, f"bench.identity.noise.{name}")
    n = truth.height

    def draw(p: float) -> pl.Series:
        return pl.Series(rng.random(n) < p * rate)

    def ints(hi: int) -> pl.Series:
        return pl.Series(rng.integers(0, hi, n))

    chars = pl.Series(np.array(list("abcdefghijklmnopqrstuvwxyz"))[rng.integers(0, 26, n)])
    dchars = pl.Series(np.array(list("0123456789"))[rng.integers(0, 10, n)])
    variant = ints(len(VARIANTS))
    frame = truth.with_columns(
        _typo_s=draw(0.15),
        _typo_g=draw(0.15),
        _var_s=draw(0.10),
        _var_g=draw(0.05),
        _kind_s=ints(4),
        _kind_g=ints(4),
        _pos_s=pl.Series(rng.random(n)),
        _pos_g=pl.Series(rng.random(n)),
        _char=chars,
        _variant=variant,
        _jan1=draw(0.08),
        _swap=draw(0.03),
        _year_only=draw(0.02),
        _doc_missing=draw(0.15),
        _doc_typo=draw(0.05),
        _doc_pos=ints(9),
        _dchar=dchars,
        _sex_missing=draw(0.02),
        _nat_other=draw(0.02),
        _swap_names=draw(0.01),
    )

    def noisy(col: str, typo: str, kind: str, pos: str, var: str) -> pl.Expr:
        base = pl.col(col)
        at = (pl.col(pos) * base.str.len_chars()).floor().cast(pl.Int64)
        out = (
            pl.when(pl.col(typo))
            .then(_edit(base, pl.col(kind), at, pl.col("_char")))
            .otherwise(base)
        )
        for i, (a, b) in enumerate(VARIANTS):
            out = (
                pl.when(pl.col(var) & (pl.col("_variant") == i))
                .then(out.str.to_uppercase().str.replace(a, b, literal=True))
                .otherwise(out)
            )
        return out

    date = pl.col("birth_date")
    y, m, d = date.dt.year(), date.dt.month(), date.dt.day()
    frame = frame.with_columns(
        noisy("surname", "_typo_s", "_kind_s", "_pos_s", "_var_s").alias("surname"),
        noisy("given_name", "_typo_g", "_kind_g", "_pos_g", "_var_g").alias("given_name"),
        pl.when(pl.col("_year_only"))
        .then(None)
        .when(pl.col("_jan1"))
        .then(pl.date(y, 1, 1))
        .when(pl.col("_swap") & (d <= 12))
        .then(pl.date(y, d, m))
        .otherwise(date)
        .alias("birth_date"),
        y.cast(pl.Int32).alias("birth_year"),
        pl.when(pl.col("_doc_missing"))
        .then(None)
        .when(pl.col("_doc_typo"))
        .then(
            pl.concat_str(
                [
                    pl.col("document_number").str.slice(0, pl.col("_doc_pos")),
                    pl.col("_dchar"),
                    pl.col("document_number").str.slice(pl.col("_doc_pos") + 1),
                ]
            )
        )
        .otherwise(pl.col("document_number"))
        .alias("document_number"),
        pl.when(pl.col("_sex_missing")).then(None).otherwise(pl.col("sex")).alias("sex"),
        pl.when(pl.col("_nat_other"))
        .then(pl.lit("SYR"))
        .otherwise(pl.col("nationality"))
        .alias("nationality"),
    )
    frame = frame.with_columns(
        pl.when(pl.col("_swap_names"))
        .then(pl.col("given_name"))
        .otherwise(pl.col("surname"))
        .alias("surname"),
        pl.when(pl.col("_swap_names"))
        .then(pl.col("surname"))
        .otherwise(pl.col("given_name"))
        .alias("given_name"),
    )
    frame = frame.select(
        pl.concat_str([pl.lit(f"{name}-"), pl.col("entity").cast(pl.String)]).alias("unique_id"),
        "entity",
        "surname",
        "given_name",
        "birth_date",
        "birth_year",
        "sex",
        "nationality",
        "document_number",
    )
    # Shared preprocessing for both engines: upper-case ASCII names and blocking keys.
    return frame.with_columns(
        basic_name(pl.col("surname")).alias("surname"),
        basic_name(pl.col("given_name")).alias("given_name"),
    ).with_columns(
        phonetic_key(pl.col("surname")).alias("surname_sx"),
        phonetic_key(first_token(pl.col("given_name"))).alias("given_sx"),
    )


BLOCKING_COLUMNS: tuple[tuple[str, ...], ...] = (
    ("surname_sx", "birth_year"),
    ("given_sx", "birth_date"),
    ("document_number",),
    ("surname_sx", "given_sx"),
    ("given_sx", "birth_year"),
    ("birth_year", "sex", "nationality"),
)


# The precomputed key columns stand for these comparison columns (EM leaves them out of
# the session that blocks on them).
COVERS = {"surname_sx": "surname", "given_sx": "given_name"}


def simple_spec() -> LinkSpec:
    """The six comparisons both engines run."""
    return LinkSpec(
        comparisons=(
            StringComparison("surname", "jarowinkler", (0.92, 0.8)),
            StringComparison("given_name", "jarowinkler", (0.92, 0.8)),
            DateComparison("birth_date", year_column="birth_year"),
            ExactMatch("sex"),
            ExactMatch("nationality"),
            StringComparison("document_number", "levenshtein_distance", (1, 2)),
        ),
        blocking=tuple(
            block_on(*cols, covers=tuple(COVERS[c] for c in cols if c in COVERS))
            for cols in BLOCKING_COLUMNS
        ),
        link_type="link_only",
        id_column="unique_id",
        prior_init=0.01,
    )


def rich_spec() -> LinkSpec:
    """interopsim's identity comparisons (transliteration-aware, TF-adjusted names)."""
    base = simple_spec()
    return LinkSpec(
        comparisons=(
            NameComparison("surname", "given_name", name="name"),
            DateComparison("birth_date", year_column="birth_year"),
            ExactMatch("sex"),
            ExactMatch("nationality"),
            DocumentComparison("document_number"),
        ),
        blocking=base.blocking,
        link_type="link_only",
        id_column="unique_id",
        prior_init=0.01,
    )


def _f1(pred_a: pl.Series, pred_b: pl.Series, n_true: int) -> dict[str, float]:
    same = (pred_a.str.split("-").list.last() == pred_b.str.split("-").list.last()).sum()
    tp = int(same)
    precision = tp / len(pred_a) if len(pred_a) else 0.0
    recall = tp / n_true
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def run_ours(a: pl.DataFrame, b: pl.DataFrame, spec: LinkSpec, runs: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    model = Linker({"a": a, "b": b}, spec).predict(threshold_match_probability=0.5).model
    train_s = time.perf_counter() - t0
    times = []
    cpu = []
    out = pl.DataFrame()
    n_pairs = 0
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = Linker({"a": a, "b": b}, spec).predict(model, threshold_match_probability=0.5)
        out = result.pairs
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        n_pairs = result.candidate_pairs
    median = statistics.median(times)
    return {
        "candidate_pairs": n_pairs,
        "predict_s": median,
        "predict_runs_s": times,
        "pairs_per_s": n_pairs / median,
        "predict_cpu_s": statistics.median(cpu),
        "pairs_per_cpu_s": n_pairs / statistics.median(cpu),
        "train_s": train_s,
        "em_iterations": model.iterations,
        **_f1(out["id_a"], out["id_b"], a.height),
    }


def run_splink(a: pl.DataFrame, b: pl.DataFrame, runs: int, seed: int) -> dict[str, Any]:
    try:
        import duckdb
        import splink
        import splink.comparison_library as cl
        from splink import DuckDBAPI, SettingsCreator
        from splink import Linker as SplinkLinker
        from splink import block_on as splink_block_on
        from splink.blocking_analysis import count_comparisons_from_blocking_rules
    except ImportError as exc:  # pragma: no cover - optional
        return {"error": f"splink not installed: {exc}"}

    logging.getLogger("splink").setLevel(logging.ERROR)
    cols = [c for c in a.columns if c != "entity"]
    pa, pb = a.select(cols).to_arrow(), b.select(cols).to_arrow()
    rules: list[Any] = [splink_block_on(*c) for c in BLOCKING_COLUMNS]
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.JaroWinklerAtThresholds("surname", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("given_name", [0.92, 0.8]),
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nationality"),
            cl.LevenshteinAtThresholds("document_number", [1, 2]),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    con = duckdb.connect()
    con.execute("SET threads = 2")
    db = DuckDBAPI(con)
    ta, tb = db.register(pa, table_name="bench_a"), db.register(pb, table_name="bench_b")
    counts = count_comparisons_from_blocking_rules(
        [ta, tb], blocking_rules=rules, link_type="link_only", record_sample_proportion=1.0
    )
    n_comparisons = int(sum(r["marginal_comparison_count"] for r in counts))
    t0 = time.perf_counter()
    linker = SplinkLinker([ta, tb], settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [splink_block_on("surname", "given_name", "birth_date")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(
        splink_block_on("surname_sx", "birth_year")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        splink_block_on("birth_date")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        splink_block_on("document_number")
    )
    train_s = time.perf_counter() - t0
    times = []
    cpu = []
    result = None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        predictions = linker.inference.predict(threshold_match_probability=0.5)
        result = predictions.as_duckdbpyrelation().pl()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    median = statistics.median(times)
    assert result is not None
    return {
        "version": splink.__version__,
        "duckdb": duckdb.__version__,
        "candidate_pairs": n_comparisons,
        "predict_s": median,
        "predict_runs_s": times,
        "pairs_per_s": n_comparisons / median,
        "predict_cpu_s": statistics.median(cpu),
        "pairs_per_cpu_s": n_comparisons / statistics.median(cpu),
        "train_s": train_s,
        **_f1(result["unique_id_l"], result["unique_id_r"], a.height),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=150_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-splink", action="store_true")
    args = parser.parse_args()
    t0 = time.perf_counter()
    truth = entities(args.entities, args.seed)
    a = records(truth, args.seed, "a", 0.3)
    b = records(truth, args.seed, "b", 1.0)
    build_s = time.perf_counter() - t0
    ours = run_ours(a, b, simple_spec(), args.runs)
    rich = run_ours(a, b, rich_spec(), args.runs)
    splink = {"skipped": True} if args.no_splink else run_splink(a, b, args.runs, args.seed)
    figures: dict[str, Any] = {
        "benchmark": "identity_linkage",
        "machine": f"{platform.machine()} {os.cpu_count()} cpu",
        "load_average_1min_at_end": os.getloadavg()[0],
        "records": a.height + b.height,
        "entities": args.entities,
        "comparison_columns": 6,
        "runs": args.runs,
        "build_s": build_s,
        "interopsim": ours,
        "interopsim_rich": rich,
        "splink": splink,
    }
    if "pairs_per_s" in splink:
        figures["speedup_vs_splink"] = ours["pairs_per_s"] / splink["pairs_per_s"]
        figures["cpu_efficiency_vs_splink"] = ours["pairs_per_cpu_s"] / splink["pairs_per_cpu_s"]
        figures["same_candidate_pairs"] = ours["candidate_pairs"] == splink["candidate_pairs"]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

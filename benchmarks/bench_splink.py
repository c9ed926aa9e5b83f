"""interopsim's linkage library against Splink + DuckDB on lists neither was tuned to.

The lists come from :mod:`benchmarks.linkdata` (Faker people in many scripts, this
module's own noise), never from the project's world generator. Both engines get the same
columns and the same blocking rules, on key columns computed once beforehand (so their
candidate pairs are identical; the script checks the counts):

- interopsim runs the README's style of spec with ``link()``'s defaults (names compared
  together and transliteration-aware, birth date, sex, nationality, document number);
- Splink runs its own tutorial style: name comparisons with term-frequency adjustment on
  each name, ``DateOfBirthComparison``, exact sex and nationality, Levenshtein on the
  document, u by random sampling, the prior from a deterministic rule, EM on two
  blocking rules. Splink's input names are upper-cased with accents stripped, as a Splink
  user would clean them (it has no romanisation of its own).

``quality`` runs several seeds and noise mixes at a moderate size and prints F1 per run
(Splink at its tutorial threshold 0.9 and at 0.5; interopsim at its default 0.5 and at
0.9). ``scale`` runs one size (default 800,000 people a side) ``--runs`` times per engine,
each run in a fresh process, and reports medians of wall time, peak resident memory
(``ru_maxrss`` of the process) and F1, and the share of interopsim's time spent on
romanisation.

Prints JSON lines. Usage::

    python benchmarks/bench_splink.py quality [--people 20000] [--seeds 3]
    python benchmarks/bench_splink.py scale [--people 800000] [--runs 3] [--lists DIR]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

from benchmarks.linkdata import MIXES, make_lists
from linkage.identity import (
    DateComparison,
    DocumentComparison,
    ExactMatch,
    LinkSpec,
    NameComparison,
    block_on,
    link,
    phonetic_key,
)
from linkage.identity.normalise import first_token

#: Blocking rules of both engines, on key columns computed by :func:`with_keys`.
BLOCKING: tuple[tuple[str, ...], ...] = (
    ("surname_sx", "birth_year"),
    ("given_sx", "birth_date"),
    ("document_number",),
    ("surname_sx", "given_sx", "birth_decade"),
)
COVERS = {"surname_sx": ("surname",), "given_sx": ("given_name",)}


def with_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """The blocking key columns (phonetic keys of romanised names, year, decade)."""
    return frame.with_columns(
        phonetic_key(pl.col("surname")).alias("surname_sx"),
        phonetic_key(first_token(pl.col("given_name").str.to_uppercase())).alias("given_sx"),
        pl.col("birth_date").dt.year().alias("birth_year"),
        (pl.col("birth_date").dt.year() // 10).alias("birth_decade"),
    )


def spec() -> LinkSpec:
    """The README's style of spec over these lists."""
    return LinkSpec(
        comparisons=(
            NameComparison("surname", "given_name"),
            DateComparison("birth_date"),
            ExactMatch("sex"),
            ExactMatch("nationality"),
            DocumentComparison("document_number"),
        ),
        blocking=tuple(
            block_on(*cols, covers=tuple(c for k in cols for c in COVERS.get(k, ())))
            for cols in BLOCKING
        ),
        id_column="unique_id",
    )


def f1(id_a: pl.Series, id_b: pl.Series, n_true: int) -> dict[str, float]:
    """Pairwise precision, recall and F1 (ids are ``a-<entity>`` / ``b-<entity>``)."""
    tp = int((id_a.str.slice(2) == id_b.str.slice(2)).sum())
    precision = tp / id_a.len() if id_a.len() else 1.0
    recall = tp / n_true if n_true else 1.0
    f = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"precision": precision, "recall": recall, "f1": f}


def run_ours(a: pl.DataFrame, b: pl.DataFrame) -> dict[str, Any]:
    n_true = len(set(a["entity"].to_list()) & set(b["entity"].to_list()))
    t0 = time.perf_counter()
    result = link({"a": a.drop("entity"), "b": b.drop("entity")}, spec())
    wall = time.perf_counter() - t0
    p = result.pairs
    at_09 = p.filter(pl.col("match_probability") >= 0.9)
    return {
        "engine": "interopsim",
        "wall_s": wall,
        "candidate_pairs": result.candidate_pairs,
        "at_0.5": f1(p["id_a"], p["id_b"], n_true),
        "at_0.9": f1(at_09["id_a"], at_09["id_b"], n_true),
        "warnings": list(result.model.warnings),
    }


def _splink_settings() -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator
    from splink import block_on as splink_block_on

    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nationality"),
            cl.LevenshteinAtThresholds("document_number", [1, 2]),
        ],
        blocking_rules_to_generate_predictions=[splink_block_on(*c) for c in BLOCKING],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def _splink_clean(frame: pl.DataFrame) -> pl.DataFrame:
    """Upper case, accents stripped: the cleaning a Splink user does."""

    def clean(col: str) -> pl.Expr:
        return (
            pl.col(col)
            .str.normalize("NFKD")
            .str.replace_all(r"\p{Mn}", "")
            .str.to_uppercase()
            .str.strip_chars()
        )

    return frame.with_columns(clean("surname"), clean("given_name"))


def run_splink(a: pl.DataFrame, b: pl.DataFrame, seed: int) -> dict[str, Any]:
    import duckdb
    import splink
    from splink import DuckDBAPI
    from splink import Linker as SplinkLinker
    from splink import block_on as splink_block_on
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    logging.getLogger("splink").setLevel(logging.ERROR)
    n_true = len(set(a["entity"].to_list()) & set(b["entity"].to_list()))
    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads = 2")
    db = DuckDBAPI(con)
    ta = db.register(_splink_clean(a.drop("entity")).to_arrow(), table_name="list_a")
    tb = db.register(_splink_clean(b.drop("entity")).to_arrow(), table_name="list_b")
    linker = SplinkLinker([ta, tb], _splink_settings(), log_level=logging.WARNING)
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
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    result = predictions.as_duckdbpyrelation().pl()
    wall = time.perf_counter() - t0
    at_09 = result.filter(pl.col("match_probability") >= 0.9)
    rules = [splink_block_on(*c) for c in BLOCKING]
    counts = count_comparisons_from_blocking_rules(
        [ta, tb], blocking_rules=rules, link_type="link_only", record_sample_proportion=1.0
    )
    return {
        "engine": f"splink {splink.__version__} + duckdb {duckdb.__version__}",
        "wall_s": wall,
        "candidate_pairs": int(sum(r["marginal_comparison_count"] for r in counts)),
        "at_0.9": f1(at_09["unique_id_l"], at_09["unique_id_r"], n_true),
        "at_0.5": f1(result["unique_id_l"], result["unique_id_r"], n_true),
    }


def quality(people: int, seeds: int, splink: bool) -> None:
    for mix in MIXES:
        for seed in range(seeds):
            a, b = make_lists(people, seed=seed, mix=mix)
            a, b = with_keys(a), with_keys(b)
            row: dict[str, Any] = {"mix": mix, "seed": seed, "people": people}
            row["interopsim"] = run_ours(a, b)
            if splink:
                row["splink"] = run_splink(a, b, seed)
            print(json.dumps(row), flush=True)


def _romanisation_timer() -> list[float]:
    """Wrap the romaniser so that the seconds spent in it add up in the returned list."""
    from linkage.identity import normalise

    spent = [0.0]
    inner = normalise.romanise_series

    def timed(series: pl.Series) -> pl.Series:
        t0 = time.perf_counter()
        try:
            return inner(series)
        finally:
            spent[0] += time.perf_counter() - t0

    normalise.romanise_series = timed
    return spent


def one_run(engine: str, directory: Path, seed: int) -> None:
    """One timed run in this process (called by :func:`scale` in a fresh process)."""
    a = pl.read_parquet(directory / "a.parquet")
    b = pl.read_parquet(directory / "b.parquet")
    spent = _romanisation_timer() if engine == "interopsim" else [0.0]
    out = run_ours(a, b) if engine == "interopsim" else run_splink(a, b, seed)
    out["romanisation_s"] = spent[0]
    out["peak_rss_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    print(json.dumps(out), flush=True)


def scale(people: int, runs: int, seed: int, mix: str, lists: Path | None = None) -> None:
    t0 = time.perf_counter()
    if lists is not None:  # lists written by an earlier run (same people, seed and mix)
        a, b = pl.read_parquet(lists / "a.parquet"), pl.read_parquet(lists / "b.parquet")
    else:
        a, b = make_lists(people, seed=seed, mix=mix)
        a, b = with_keys(a), with_keys(b)
    build_s = time.perf_counter() - t0
    results: dict[str, list[dict[str, Any]]] = {"interopsim": [], "splink": []}
    with tempfile.TemporaryDirectory() as tmp:
        a.write_parquet(Path(tmp) / "a.parquet")
        b.write_parquet(Path(tmp) / "b.parquet")
        for _ in range(runs):
            for engine in results:
                cmd = [sys.executable, __file__, "_one", engine, tmp, "--seed", str(seed)]
                done = subprocess.run(cmd, capture_output=True, text=True, check=True)
                results[engine].append(json.loads(done.stdout.strip().splitlines()[-1]))
    summary: dict[str, Any] = {
        "benchmark": "linkage_vs_splink",
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()} {os.cpu_count()} cpu",
        "load_average_1min_at_end": os.getloadavg()[0],
        "people": people,
        "records": [a.height, b.height],
        "mix": mix,
        "runs": runs,
        "build_s": build_s,
    }
    for engine, rows in results.items():
        summary[engine] = {
            "wall_s_median": statistics.median(r["wall_s"] for r in rows),
            "wall_s_runs": [r["wall_s"] for r in rows],
            "peak_rss_gb_median": statistics.median(r["peak_rss_gb"] for r in rows),
            "romanisation_s_median": statistics.median(r["romanisation_s"] for r in rows),
            "candidate_pairs": rows[0]["candidate_pairs"],
            "at_0.5": rows[0]["at_0.5"],
            "at_0.9": rows[0]["at_0.9"],
        }
    ours, theirs = summary["interopsim"], summary["splink"]
    summary["speedup"] = theirs["wall_s_median"] / ours["wall_s_median"]
    summary["memory_ratio"] = ours["peak_rss_gb_median"] / theirs["peak_rss_gb_median"]
    summary["romanisation_share"] = ours["romanisation_s_median"] / ours["wall_s_median"]
    print(json.dumps(summary), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["quality", "scale", "_one"])
    parser.add_argument("args", nargs="*")
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mix", default="standard", choices=sorted(MIXES))
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--lists", type=Path, default=None, help="reuse a.parquet/b.parquet")
    args = parser.parse_args()
    if args.what == "quality":
        quality(args.people or 20_000, args.seeds, not args.no_splink)
    elif args.what == "scale":
        scale(args.people or 800_000, args.runs, args.seed, args.mix, args.lists)
    else:
        one_run(args.args[0], Path(args.args[1]), args.seed)


if __name__ == "__main__":
    main()

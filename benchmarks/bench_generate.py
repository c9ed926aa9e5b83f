"""Benchmark of `interopsim generate`: generation + Parquet, then the SQLite write.

Prints one JSON line of figures (medians over --runs). The SQLite write is timed from the
moment ``write_world`` starts writing SQL (its progress callback) to the end.

    .venv/bin/python benchmarks/bench_generate.py --persons 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from schemas.world import write_world
from synth.generate import build_tables
from synth.scenario_load import load_scenario, scenario_dict


def _one_run(persons: int, preset: str, seed: int, workdir: Path) -> dict[str, Any]:
    scenario = load_scenario(preset=preset, overrides={"world": {"persons": persons}})
    marks: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "write SQL" and "sql" not in marks:
            marks["sql"] = time.perf_counter()

    started = time.perf_counter()
    tables, stats = build_tables(scenario, seed)
    generated = time.perf_counter()
    out = workdir / f"world-{seed}"
    write_world(out, tables, seed=seed, scenario=scenario_dict(scenario),
                as_of=scenario.world.as_of, generator=stats, overwrite=True,
                progress=progress)  # fmt: skip
    finished = time.perf_counter()
    records = tables["identity_records"].height
    rows = sum(df.height for df in tables.values())
    gen_parquet = marks["sql"] - started
    shutil.rmtree(out, ignore_errors=True)
    return {
        "generate_seconds": generated - started,
        "parquet_seconds": marks["sql"] - generated,
        "generate_parquet_seconds": gen_parquet,
        "sqlite_seconds": finished - marks["sql"],
        "identity_records": records,
        "rows_all_tables": rows,
        "identity_records_per_second": records / gen_parquet,
        "rows_per_second": rows / gen_parquet,
        "stage_seconds": stats["seconds"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--preset", default="default")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=1, help="runs; the median is printed")
    parser.add_argument("--workdir", type=Path, default=None, help="where worlds are written")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-generate-"))
    load = os.getloadavg()[0]
    runs = [_one_run(args.persons, args.preset, args.seed + i, workdir) for i in range(args.runs)]
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    figures: dict[str, Any] = {
        "benchmark": "generate",
        "persons": args.persons,
        "preset": args.preset,
        "runs": args.runs,
    }
    for key in runs[0]:
        if key == "stage_seconds":
            figures[key] = {s: statistics.median(r[key][s] for r in runs) for s in runs[0][key]}
        else:
            figures[key] = round(statistics.median(r[key] for r in runs), 3)
    figures["peak_rss_gb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6, 3)
    figures["machine"] = {
        "cpus": os.cpu_count(),
        "load_average_at_start": round(load, 2),
        "python": platform.python_version(),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

"""Time :func:`synth.corruption.apply_noise` on synthetic records at the default rates.

Usage: ``.venv/bin/python benchmarks/bench_corruption.py [--rows N] [--runs K]``.
Prints one JSON line: rows, runs, median wall-clock seconds and records per second of the
median run, plus the median CPU seconds (all threads) and the load average, since the
reference machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemas.rng import stream
from synth.corruption import apply_noise, default_rates
from synth.corruption.sample import sample_records
from synth.names import build_name_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    names, table = build_name_table(0), "synth.names.build_name_table(0)"
    records = sample_records(args.rows, names, stream(0, "bench-corruption-records"))
    rates = default_rates(records.height)
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    applied_share = 0.0
    for run in range(args.runs):
        rng = stream(run, "bench-corruption")
        start, start_cpu = time.perf_counter(), time.process_time()
        out = apply_noise(records, rates, rng, names)
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - start_cpu)
        applied_share = float(np.mean(out.get_column("noise_applied").to_numpy() != ""))
    median = statistics.median(seconds)
    print(
        json.dumps(
            {
                "benchmark": "corruption.apply_noise",
                "rows": records.height,
                "runs": args.runs,
                "rates": "default",
                "median_seconds": round(median, 4),
                "records_per_second": round(records.height / median),
                "min_seconds": round(min(seconds), 4),
                "max_seconds": round(max(seconds), 4),
                "median_cpu_seconds": round(statistics.median(cpu_seconds), 4),
                "load_average_1min": round(os.getloadavg()[0], 2),
                "rows_with_noise_share": round(applied_share, 4),
                "name_table": table,
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "numpy": np.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()

"""Wall time and peak memory of ``interopsim link`` on a generated world.

Generates a world once (default: the default scenario at 1,000,000 persons, seed 42),
then runs ``interopsim link DIR --quiet`` several times, each in a fresh process, and
reports the median wall time and the largest peak resident memory (the process's own
``ru_maxrss``). Each run replaces the world's ``mid_links`` and ``identity_clusters``.
Targets (the project issue): <= 5 min wall and <= 8 GB peak at 1,000,000 persons.

Prints one JSON line. Usage::

    .venv/bin/python benchmarks/bench_link.py [--persons 1000000] [--runs 3]
        [--preset default] [--seed 42] [--world DIR] [--mode shared|siloed]

With ``--world DIR`` an existing world is linked (generated there first if absent).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from linkage.biometric import SearchMode

_RUN_LINK = """
import json, resource, sys, time
from click.testing import CliRunner
from cli.main import main
start = time.perf_counter()
result = CliRunner().invoke(main, ["link", sys.argv[1], "--quiet", "--mode", sys.argv[2]])
wall = time.perf_counter() - start
if result.exit_code != 0:
    sys.stderr.write(result.output)
    raise SystemExit(result.exit_code)
summary = json.loads(result.stdout)
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"wall_s": wall, "peak_rss_kb": peak_kb, "summary": summary}))
"""


def _generate(out: Path, preset: str, persons: int, seed: int) -> float:
    from synth.generate import generate_world
    from synth.scenario_load import load_scenario

    scenario = load_scenario(preset=preset, overrides={"world": {"persons": persons}})
    start = time.perf_counter()
    generate_world(scenario, seed, out)
    return time.perf_counter() - start


def _link_once(world: Path, mode: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN_LINK, str(world), mode],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--preset", default="default")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--mode", default=SearchMode.SHARED.value, choices=[m.value for m in SearchMode]
    )
    parser.add_argument("--world", type=Path, default=None)
    args = parser.parse_args()

    tmp: Path | None = None
    if args.world is None:
        tmp = Path(tempfile.mkdtemp(prefix="bench-link-"))
        world = tmp / "world"
    else:
        world = args.world
    generate_s = None
    try:
        if not (world / "manifest.json").exists():
            generate_s = _generate(world, args.preset, args.persons, args.seed)
        runs = [_link_once(world, args.mode) for _ in range(args.runs)]
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    walls = [r["wall_s"] for r in runs]
    summary = runs[-1]["summary"]
    timings = {
        stage: statistics.median(r["summary"]["timings"][stage] for r in runs)
        for stage in summary["timings"]
    }
    print(
        json.dumps(
            {
                "bench": "link",
                "persons": args.persons,
                "preset": args.preset,
                "mode": args.mode,
                "records": summary["records"],
                "links": summary["links"],
                "links_by_colour": summary["links_by_colour"],
                "biometric_hits": summary["biometric_hits"],
                "mid_candidate_pairs": summary["mid_candidate_pairs"],
                "runs": len(runs),
                "link_wall_s_median": statistics.median(walls),
                "link_wall_s_runs": walls,
                "stage_s_median": timings,
                "peak_rss_gb_max": max(r["peak_rss_kb"] for r in runs) / 2**20,
                "generate_s": generate_s,
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
            }
        )
    )


if __name__ == "__main__":
    main()

"""Speed of ``interopsim run``: generate, link, analyse and report one world end to end.

Runs the real command in a fresh process (start-up and imports included, as a user sees
it) ``--repeat`` times and prints one JSON line: the median wall-clock seconds of the
whole command and the median seconds of each step as the command reports them. Target
(issue): the default preset, 100,000 persons, in at most 2 minutes on the 2-core
reference machine.

With ``--analyse-report DIR`` it instead times ``interopsim analyse DIR`` followed by
``interopsim report DIR`` on an existing linked world (target: at most 90 s for the
1,000,000-person world; build it once with
``interopsim run --preset large --seed 42 --out DIR``).

With ``--startup`` it times ``interopsim --version`` and ``interopsim --help`` (a fresh
process each, interpreter start included; target: under 0.5 s, which holds only while
the group loads no command module for them).

Run: ``.venv/bin/python benchmarks/bench_run.py [--repeat 3] [--persons 100000]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CLI = [sys.executable, "-c", "from cli.main import main; main()"]
ROOT = Path(__file__).resolve().parents[1]


def _timed(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"interopsim {' '.join(args)} failed:\n{done.stderr}")
    return seconds, done.stdout


def bench_run(preset: str, persons: int | None, seed: int, repeat: int) -> dict[str, Any]:
    walls: list[float] = []
    steps: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        out = Path(tmp) / "world"
        for _ in range(repeat):
            args = ["run", "--preset", preset, "--seed", str(seed), "--out", str(out)]
            args += ["--overwrite", "--quiet"]
            if persons is not None:
                args += ["--persons", str(persons)]
            wall, stdout = _timed(args)
            walls.append(wall)
            for step, secs in json.loads(stdout)["seconds"].items():
                steps.setdefault(step, []).append(float(secs))
            shutil.rmtree(out, ignore_errors=True)
    return {
        "benchmark": "run",
        "preset": preset,
        "persons": persons,
        "seed": seed,
        "repeat": repeat,
        "wall_seconds_median": round(statistics.median(walls), 2),
        "wall_seconds": [round(w, 2) for w in walls],
        "step_seconds_median": {k: round(statistics.median(v), 2) for k, v in steps.items()},
        "target_seconds": 120 if persons in (None, 100_000) and preset == "default" else None,
    }


def bench_analyse_report(world: Path, repeat: int) -> dict[str, Any]:
    analyse: list[float] = []
    report: list[float] = []
    for _ in range(repeat):
        analyse.append(_timed(["analyse", str(world), "--quiet"])[0])
        report.append(_timed(["report", str(world), "--quiet"])[0])
    total = [a + r for a, r in zip(analyse, report, strict=True)]
    return {
        "benchmark": "analyse+report",
        "world": str(world),
        "repeat": repeat,
        "analyse_seconds_median": round(statistics.median(analyse), 2),
        "report_seconds_median": round(statistics.median(report), 2),
        "total_seconds_median": round(statistics.median(total), 2),
        "target_seconds": 90,
    }


def bench_startup(repeat: int) -> dict[str, Any]:
    version = [_timed(["--version"])[0] for _ in range(repeat)]
    help_ = [_timed(["--help"])[0] for _ in range(repeat)]
    return {
        "benchmark": "startup",
        "repeat": repeat,
        "version_seconds_median": round(statistics.median(version), 3),
        "help_seconds_median": round(statistics.median(help_), 3),
        "target_seconds": 0.5,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs to take the median of")
    parser.add_argument("--preset", default="default", help="scenario preset")
    parser.add_argument("--persons", type=int, default=None, help="override world.persons")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--analyse-report", type=Path, default=None, metavar="DIR",
        help="time analyse + report on this existing linked world instead",
    )  # fmt: skip
    parser.add_argument("--startup", action="store_true", help="time --version and --help")
    ns = parser.parse_args()
    if ns.startup:
        figures = bench_startup(max(ns.repeat, 5))
    elif ns.analyse_report is not None:
        figures = bench_analyse_report(ns.analyse_report, ns.repeat)
    else:
        figures = bench_run(ns.preset, ns.persons, ns.seed, ns.repeat)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

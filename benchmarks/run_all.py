"""Run every benchmark once and print its JSON line (``make bench``).

By default each script runs at a size that finishes in minutes on the 2-core reference
machine (100,000 persons or records, one run each), which is enough to see a regression;
``--full`` runs each at its own documented default (the 1,000,000-person figures of
BENCHMARKS.md, an hour or more). The Splink comparison runs only when the ``bench`` extra
is installed. Each line is the script's own JSON object with ``"script"`` added; a script
that fails prints ``{"script": ..., "error": ...}`` and the exit status is 1.

Run: ``.venv/bin/python benchmarks/run_all.py [--full] [--only NAME ...]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: Each benchmark script and its arguments for a quick run (``--full`` drops them).
QUICK: dict[str, list[str]] = {
    "bench_run.py --startup": ["--repeat", "5"],
    "bench_generate.py": ["--persons", "100000", "--runs", "1"],
    "bench_corruption.py": ["--rows", "100000", "--runs", "1"],
    "bench_biometric.py": ["--repeat", "1", "--probes", "100000", "--records", "100000"],
    "bench_identity.py": ["--entities", "20000", "--runs", "1"],
    "bench_link.py": ["--persons", "100000", "--runs", "1"],
    "bench_analyse.py": ["--persons", "100000", "--runs", "1"],
    "bench_run.py": ["--repeat", "1"],
}


def _command(name: str, full: bool) -> list[str]:
    script, *fixed = name.split()
    args = [] if full else QUICK[name]
    if script == "bench_identity.py" and importlib.util.find_spec("splink") is None:
        args = [*args, "--no-splink"]
    return [sys.executable, str(HERE / script), *fixed, *args]


def run_one(name: str, full: bool) -> dict[str, object]:
    """The JSON line of benchmark ``name``, or the error that stopped it."""
    done = subprocess.run(_command(name, full), capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"script": name, "error": f"exit status {done.returncode}: {tail}"}
    figures: dict[str, object] = json.loads(lines[-1])
    return {"script": name, **figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="each script at its own defaults")
    parser.add_argument("--only", nargs="+", choices=list(QUICK), help="run only these")
    ns = parser.parse_args()
    failed = False
    for name in ns.only or QUICK:
        result = run_one(name, ns.full)
        failed |= "error" in result
        print(json.dumps(result), flush=True)
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()

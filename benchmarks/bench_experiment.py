"""Speed of ``interopsim experiment`` on a local Dask cluster.

Three measurements, each printed as one JSON line (with the date and the load average):

- ``full``: the README's experiment (``examples/interoperable-vs-siloed.toml``: 2 arms x
  10 seeds of 100,000-person worlds; 10 worlds, 20 link runs) on a LocalCluster of
  ``--workers`` processes. Target: at most 5 minutes on the 2-core reference machine.
  Also the peak resident memory of each worker (``ru_maxrss``) against that of one plain
  ``generate + link + analyse`` of the same world (``--plain``), and the paired
  difference of the people wrongly linked.
- ``scaling``: the same experiment at ``--scaling-persons`` and ``--scaling-seeds`` with 1
  worker and with 2 workers (fresh directories): throughput ratio. Target: >= 1.7x.
- ``overhead``: Dask's own cost per task (round trip of 200 empty tasks) and the
  experiment's per-run bookkeeping (copy of the world, persons' outcomes, record, atomic
  install) as a share of a run's link + analysis time. Target: <= 5 %.

Run: ``.venv/bin/python benchmarks/bench_experiment.py [full|scaling|overhead] ...``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "interoperable-vs-siloed.toml"


def _header(kind: str) -> dict[str, Any]:
    return {
        "benchmark": f"experiment-{kind}",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "cores": len(os.sched_getaffinity(0)),
    }


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _experiment_file(tmp: Path, persons: int | None, seeds: int | None) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    if persons is not None:
        text = text.replace('scenario = "default"', f'scenario = "default"\npersons = {persons}')
    if seeds is not None:
        text = text.replace("seeds = 10 ", f"seeds = {seeds} ")
    path = tmp / "experiment.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(file: Path, out: Path, workers: int) -> dict[str, Any]:
    from interopsim.experiment import dask_client, run_experiment

    with dask_client(workers=workers) as client:
        started = time.perf_counter()
        result = run_experiment(file, out=out, client=client)
        wall = time.perf_counter() - started
        rss = client.run(_max_rss_mb)
    diff = next(d for d in result.report.differences if d.figure == "persons_wrongly_linked")
    return {
        "wall_seconds": round(wall, 1),
        "runs": len(result.plan.runs),
        "worlds": len(result.plan.worlds),
        "failures": len(result.failures),
        "worker_peak_rss_mb": sorted(round(v) for v in rss.values()),
        "wrongly_linked_difference": {
            "a": diff.a.value,
            "b": diff.b.value,
            "difference": diff.difference.value,
            "lower": diff.difference.lower,
            "upper": diff.difference.upper,
            "unpaired_lower": diff.unpaired.lower,
            "unpaired_upper": diff.unpaired.upper,
            "excludes_zero": diff.excludes_zero,
            "replicates_needed": diff.replicates_needed,
        },
    }


def _plain(persons: int | None) -> dict[str, Any]:
    """One world generated, linked and analysed in this process (peak memory, seconds)."""
    import interopsim

    with tempfile.TemporaryDirectory(prefix="bench-plain-") as tmp:
        started = time.perf_counter()
        world = interopsim.generate("default", seed=1, out=Path(tmp) / "w", persons=persons)
        linked = interopsim.link(world, mode="shared", seed=1)
        interopsim.analyse(linked, write=False)
        seconds = time.perf_counter() - started
    return {"plain_seconds": round(seconds, 1), "plain_peak_rss_mb": round(_max_rss_mb())}


def bench_full(workers: int, persons: int | None, seeds: int | None, keep: Path | None) -> None:
    out: dict[str, Any] = {**_header("full"), "workers": workers}
    with tempfile.TemporaryDirectory(prefix="bench-exp-") as tmp:
        file = _experiment_file(Path(tmp), persons, seeds)
        target = keep or Path(tmp) / "out"
        out |= _run(file, target, workers)
    out["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out), flush=True)


def bench_scaling(persons: int, seeds: int) -> None:
    out: dict[str, Any] = {**_header("scaling"), "persons": persons, "seeds": seeds}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        file = _experiment_file(Path(tmp), persons, seeds)
        for workers in (1, 2):
            target = Path(tmp) / f"out-{workers}"
            out[f"workers_{workers}"] = _run(file, target, workers)["wall_seconds"]
            shutil.rmtree(target, ignore_errors=True)
    out["speedup"] = round(out["workers_1"] / out["workers_2"], 2)
    out["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out), flush=True)


def _noop(x: int) -> int:
    return x


def bench_overhead(persons: int) -> None:
    from interopsim.experiment import dask_client, plan_experiment
    from interopsim.experiment.tasks import build_world, run_arm

    out: dict[str, Any] = {**_header("overhead"), "persons": persons}
    with dask_client(workers=1) as client:
        client.submit(_noop, -1, pure=False).result()
        started = time.perf_counter()
        for i in range(200):
            client.submit(_noop, i, pure=False).result()
        out["dask_round_trip_ms"] = round((time.perf_counter() - started) / 200 * 1000, 2)
    with tempfile.TemporaryDirectory(prefix="bench-over-") as tmp:
        file = _experiment_file(Path(tmp), persons, 1)
        plan = plan_experiment(file, out=Path(tmp) / "out")
        build_world(plan.worlds[0])
        shares = []
        for task in plan.runs:
            done = run_arm(task)
            s = done.seconds
            work = s["link"] + s["analyse"]
            shares.append((s["total"] - work) / work)
            out[f"run_{task.arm}_seconds"] = {k: round(v, 2) for k, v in s.items()}
    out["bookkeeping_share"] = round(statistics.mean(shares), 4)
    out["dask_share"] = round(out["dask_round_trip_ms"] / 1000 / work, 5)
    out["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out), flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=("full", "scaling", "overhead"), nargs="?", default="full")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--persons", type=int, default=None, help="full: override 100,000")
    parser.add_argument("--seeds", type=int, default=None, help="full: override 10 seeds")
    parser.add_argument("--keep", type=Path, default=None, help="full: keep the output here")
    parser.add_argument("--plain", action="store_true", help="full: also one plain run")
    parser.add_argument("--scaling-persons", type=int, default=20_000)
    parser.add_argument("--scaling-seeds", type=int, default=4)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.kind == "full":
        if args.plain:
            print(json.dumps({**_header("plain"), **_plain(args.persons)}), flush=True)
        bench_full(args.workers, args.persons, args.seeds, args.keep)
    elif args.kind == "scaling":
        bench_scaling(args.scaling_persons, args.scaling_seeds)
    else:
        bench_overhead(args.persons or 100_000)


if __name__ == "__main__":
    main()

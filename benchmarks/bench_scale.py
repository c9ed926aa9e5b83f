"""Real-scale estimates: do the stated scale laws and the virtual gallery hold?

For each size of ``--sizes`` (default 100,000, 300,000 and 1,000,000 persons of the
default preset, each with its own seed that nothing was tuned to), generates and links a
world (kept in ``--workdir`` and reused), then:

1. **Scale-law check.** Analyses the world (``interopsim analyse`` with the default
   parameters, timed in a fresh process) and reads, from its ``mechanisms`` section, the
   share of registered people wrongly linked and its scale law. Every world's law is
   evaluated at every other world's size (``mechanisms.figures.wrongly_linked.at_sizes``)
   and compared with what that world observed: agreement when the law's interval and the
   observed interval overlap.
2. **Virtual gallery against direct simulation.** Searches a probe sample of the
   world's stored CIR records against a virtual gallery of ``--virtual-gallery``
   identities drawn from the population model (:mod:`analysis.virtual_identity`, timed)
   and compares the rate of same-or-similar matches per pair with the world's own random
   identity collisions.

Prints one JSON line (also written to ``--out``) with the tables, the timings, the peak
memory of each step and the load average. Usage::

    .venv/bin/python benchmarks/bench_scale.py [--sizes 100000,300000,1000000]
        [--seeds 2001,2002,2003] [--virtual-gallery 1000000] [--virtual-probes 50000]
        [--workdir DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_STEP = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
step, path, arg = sys.argv[2], sys.argv[3], sys.argv[4:]
start = time.perf_counter()
out = {}
if step == "generate":
    from synth.generate import generate_world
    from synth.scenario_load import load_scenario
    scenario = load_scenario(preset=arg[0], overrides={"world": {"persons": int(arg[1])}})
    generate_world(scenario, int(arg[2]), path)
elif step == "link":
    from analysis.truth import truth_oracle
    from linkage.pipeline import link_world
    from schemas import open_world
    world = open_world(path)
    link_world(world, seed=int(arg[0]), oracle=truth_oracle(world))
elif step == "analyse":
    from analysis import analyse_world, make_config
    from analysis.metrics import METRICS_FILE, write_metrics
    from schemas import open_world
    from pathlib import Path
    config = make_config(virtual_identity_gallery=int(arg[0]))
    write_metrics(analyse_world(open_world(path), config), Path(path) / METRICS_FILE)
elif step == "virtual":
    from analysis.config import AnalysisConfig
    from analysis.mechanisms import link_mechanisms, load_relations
    from analysis.truth import load_world_data
    from analysis.virtual_identity import virtual_identity_scaling
    from schemas import open_world
    world = open_world(path)
    data = load_world_data(world, AnalysisConfig())
    links = link_mechanisms(data.links, load_relations(world, data))
    t0 = time.perf_counter()
    v = virtual_identity_scaling(world, data, links, gallery_size=int(arg[0]),
                                 probes=int(arg[1]), references={"cir": 3e8}, seed=7)
    out["search_s"] = time.perf_counter() - t0
    out["virtual"] = None if v is None else v.to_json()
out["wall_s"] = time.perf_counter() - start
out["peak_rss_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
print(json.dumps(out))
"""


def _step(step: str, path: Path, *args: object) -> dict[str, Any]:
    """Run one step in a fresh process; its JSON line (wall time, peak memory, ...)."""
    cmd = [sys.executable, "-c", _STEP, str(ROOT), step, str(path), *map(str, args)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{step} {path} failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["load_average"] = os.getloadavg()[0]
    return result


def _figure(est: dict[str, Any]) -> dict[str, Any]:
    return {k: est.get(k) for k in ("value", "lower", "upper", "method", "design_effect")}


def _world(workdir: Path, preset: str, persons: int, seed: int, steps: dict[str, Any]) -> Path:
    path = workdir / f"{preset}-{persons}-s{seed}"
    if not (path / "manifest.json").exists():
        steps["generate"] = _step("generate", path, preset, persons, seed)
    if not (path / "tables" / "mid_links.parquet").exists():
        steps["link"] = _step("link", path, seed)
    return path


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    lo = [x for x in (a.get("lower"), b.get("lower")) if x is not None]
    hi = [x for x in (a.get("upper"), b.get("upper")) if x is not None]
    return bool(lo and hi) and max(lo) <= min(hi)


def _law_table(worlds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every world's law at every world's size against what that world observed."""
    rows = []
    for target in worlds:
        for source in worlds:
            n = float(target["persons_in_world"])
            near = [
                p["law"] for p in source["law"]["at_sizes"] if abs(p["persons"] - n) <= 0.01 * n
            ]
            if not near:
                continue
            law = near[0]
            rows.append(
                {
                    "persons": target["persons"],
                    "observed": target["observed"],
                    "law_from_world_of": source["persons"],
                    "law": _figure(law),
                    "agrees": _overlap(target["observed"], law),
                }
            )
    return rows


def _analysed(path: Path, persons: int, steps: dict[str, Any]) -> dict[str, Any]:
    metrics_file = path / "report" / "metrics.json"
    if not metrics_file.exists():
        steps["analyse"] = _step("analyse", path, 50_000)
    metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
    figure = metrics["mechanisms"]["figures"]["wrongly_linked"]
    return {
        "persons": persons,
        "persons_in_world": metrics["mechanisms"]["persons"],
        "observed": _figure(figure["observed"]),
        "law": {
            "law": figure["law"],
            "depends_on_n": figure["depends_on_n"],
            "at_sizes": figure["at_sizes"],
            "at_real_scale": _figure(figure["at_real_scale"]),
            "mechanisms": {
                k: {"law": v["law"], "observed": _figure(v["observed"])}
                for k, v in figure["mechanisms"].items()
            },
        },
    }


def _virtual(path: Path, gallery: int, probes: int, steps: dict[str, Any]) -> dict[str, Any]:
    result = _step("virtual", path, gallery, probes)
    steps["virtual"] = {k: v for k, v in result.items() if k != "virtual"}
    v = result["virtual"]
    direct = v["direct"]
    return {
        "gallery": gallery,
        "probes": probes,
        "q_virtual": _figure(v["q"]),
        "q_direct": _figure(direct["q"]),
        "ratio": _figure(direct["ratio"]),
        "agrees": direct["agrees"],
        "matches_per_search_direct": _figure(direct["matches_per_search"]),
        "matches_per_search_virtual": _figure(direct["virtual_matches_per_search"]),
        "at_cir": {
            k: _figure(e) for k, e in v["at_reference_sizes"]["cir"].items() if isinstance(e, dict)
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--seeds", default="2001,2002,2003,2004")
    parser.add_argument("--preset", default="default")
    parser.add_argument("--virtual-gallery", type=int, default=1_000_000)
    parser.add_argument("--virtual-probes", type=int, default=50_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/interopsim-scale"))
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    worlds, virtual, timings = [], [], {}
    for persons, seed in zip(sizes, seeds, strict=False):
        steps: dict[str, Any] = {}
        path = _world(args.workdir, args.preset, persons, seed, steps)
        worlds.append({"seed": seed, **_analysed(path, persons, steps)})
        if args.virtual_gallery > 0:
            virtual.append(
                {
                    "persons": persons,
                    **_virtual(path, args.virtual_gallery, args.virtual_probes, steps),
                }
            )
        timings[str(persons)] = steps
    result = {
        "benchmark": "scale",
        "date": time.strftime("%Y-%m-%d"),
        "preset": args.preset,
        "worlds": worlds,
        "law_check": _law_table(worlds),
        "virtual_vs_direct": virtual,
        "timings": timings,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    line = json.dumps(result)
    print(line)
    if args.out is not None:
        args.out.write_text(line + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

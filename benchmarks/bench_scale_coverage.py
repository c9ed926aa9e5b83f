"""Do the reported intervals cover the spread from seed to seed?

Generates, links and analyses ``--seeds`` replicate worlds of one scenario (default: the
default preset at 30,000 persons, seeds 1001...), then for each checked figure compares
the worlds' spread with their intervals (:func:`analysis.replicates.interval_coverage`):

- ``clustered``: the intervals the metrics report (clustered where the events come in
  clusters, see ``analysis.mechanisms``);
- ``plain``: the same figures with the plain Wilson / Poisson interval of their count
  (what 0.1 reported), recomputed from the count;
- ``replicate_t``: groups of ``--group`` worlds combined with the Student-t interval of
  ``analyse --replicate`` (each group's interval against the mean of the other worlds).

``ratio`` is the seed-to-seed standard deviation over the standard error the intervals
imply (about 1 when they are right); ``share_covered`` the share of worlds (groups)
whose interval holds the mean of the others (about 0.95 when they are right).

Worlds are kept in ``--workdir`` and reused (generation and linking are the slow part).
Prints one JSON line and writes it to ``--out``. Usage::

    .venv/bin/python benchmarks/bench_scale_coverage.py [--persons 30000] [--seeds 12]
        [--group 3] [--preset default] [--workdir DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import Estimate, Metrics, analyse_world, make_config  # noqa: E402
from analysis._tree import lookup  # noqa: E402
from analysis.metrics import METRICS_FILE, read_metrics, write_metrics  # noqa: E402
from analysis.replicates import combine_estimates, interval_coverage  # noqa: E402
from analysis.truth import truth_oracle  # noqa: E402
from linkage.pipeline import link_world  # noqa: E402
from schemas import World, open_world  # noqa: E402
from synth.generate import generate_world  # noqa: E402
from synth.scenario_load import load_scenario  # noqa: E402

#: The figures checked: (name, path in the metrics).
FIGURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("persons wrongly linked (share)", ("persons", "wrongly_linked", "rate")),
    ("persons merged (share)", ("persons", "merged", "rate")),
    ("persons with a missed link (share)", ("persons", "missed", "rate")),
    ("false MID links (count)", ("pairs", "false_links")),
    ("identity collisions q", ("scaling", "identity", "q")),
    (
        "wrongly linked by random identity collision (share)",
        ("mechanisms", "figures", "wrongly_linked", "mechanisms", "identity_collision", "observed"),
    ),
)


def _world(workdir: Path, preset: str, persons: int, seed: int) -> tuple[World, dict[str, float]]:
    """The linked world of ``seed`` in ``workdir`` (generated and linked when absent)."""
    path = workdir / f"{preset}-{persons}-s{seed}"
    times: dict[str, float] = {}
    if not (path / "manifest.json").exists():
        scenario = load_scenario(preset=preset, overrides={"world": {"persons": persons}})
        start = time.perf_counter()
        generate_world(scenario, seed, path)
        times["generate_s"] = time.perf_counter() - start
    world = open_world(path)
    if not world.has_table("mid_links"):
        start = time.perf_counter()
        world = link_world(world, seed=seed, oracle=truth_oracle(world)).world
        times["link_s"] = time.perf_counter() - start
    return world, times


def _metrics(world: World) -> tuple[Metrics, float | None]:
    path = world.path / METRICS_FILE
    if path.exists():
        return read_metrics(path), None
    start = time.perf_counter()
    metrics = analyse_world(world, make_config(virtual_identity_gallery=0))
    elapsed = time.perf_counter() - start
    write_metrics(metrics, path)
    return metrics, elapsed


def _plain(e: Estimate) -> Estimate:
    """The plain Wilson / Poisson interval of the figure's count (no design effect)."""
    if e.count is not None and e.n:
        return Estimate.rate(e.count, e.n, unit=e.unit)
    if e.value is not None and e.n is None and e.count is None:
        return Estimate.events(e.value, e.unit)
    return e


def _check(figures: list[Metrics], group: int, path: tuple[str, ...]) -> dict[str, Any]:
    estimates = [e for m in figures if isinstance(e := lookup(m, path), Estimate)]
    clustered = interval_coverage("clustered", estimates)
    plain = interval_coverage("plain", [_plain(e) for e in estimates])
    groups = [estimates[i : i + group] for i in range(0, len(estimates) - group + 1, group)]
    combined = [combine_estimates(g) for g in groups]
    values = [e.value for e in estimates if e.value is not None]
    covered = 0
    for i, c in enumerate(combined):
        others = [v for j, v in enumerate(values) if not i * group <= j < (i + 1) * group]
        target = sum(others) / len(others) if others else float("nan")
        covered += int((c.lower or 0.0) <= target <= (c.upper or 0.0))
    return {
        "clustered": clustered.to_json(),
        "plain": plain.to_json(),
        "replicate_t": {"groups": len(combined), "group_size": group, "covered": covered},
        "design_effect": [e.design_effect for e in estimates],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=30_000)
    parser.add_argument("--seeds", type=int, default=12)
    parser.add_argument("--first-seed", type=int, default=1001)
    parser.add_argument("--group", type=int, default=3)
    parser.add_argument("--preset", default="default")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/interopsim-coverage"))
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = time.time()
    metrics, timings = [], []
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        world, times = _world(args.workdir, args.preset, args.persons, seed)
        m, analyse_s = _metrics(world)
        metrics.append(m)
        timings.append({"seed": seed, **times, "analyse_s": analyse_s})
    checks = {name: _check(metrics, args.group, path) for name, path in FIGURES}
    result = {
        "benchmark": "scale_coverage",
        "date": time.strftime("%Y-%m-%d"),
        "preset": args.preset,
        "persons": args.persons,
        "seeds": args.seeds,
        "checks": checks,
        "timings": timings,
        "wall_s": round(time.time() - started, 1),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
    }
    line = json.dumps(result)
    print(line)
    if args.out is not None:
        args.out.write_text(line + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

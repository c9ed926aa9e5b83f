"""Wall time and peak memory of ``interopsim analyse`` on a linked world.

Target (the project issue): ``analyse`` plus the report on the 1,000,000-person world in
at most 90 s on the 2-core reference machine.

With ``--world DIR`` an existing linked world is analysed as it is. Otherwise a world is
generated with ``synth`` (``--preset``, ``--persons``, ``--seed``) in a temporary
directory and linked:

- ``--link real`` runs ``interopsim link`` (tens of minutes at 1,000,000 persons);
- ``--link mock`` (default) writes MID links drawn from the truth with plausible
  volumes instead: 97 % of the true cross-system pairs of stored records get a link
  (93 % white, 2 % yellow, 1 % green, 4 % red) and random record pairs of two persons
  amounting to 0.4 % of the stored records get a false link; identity clusters are the
  connected components of white and red links. The analysis does the same work on
  these links as on real ones; only the figures are meaningless.

Each run is ``interopsim analyse DIR --quiet`` in a fresh process; the script prints one
JSON line with the median wall time over ``--runs`` runs and the largest peak resident
memory. Usage::

    .venv/bin/python benchmarks/bench_analyse.py [--persons 1000000] [--runs 3]
        [--preset default] [--seed 42] [--world DIR] [--link mock|real] [--keep DIR]
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

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schemas import World, add_tables, open_world, polars_schema  # noqa: E402
from schemas.rng import stream  # noqa: E402

_RUN = """
import json, resource, sys, time
from click.testing import CliRunner
from cli.main import main
start = time.perf_counter()
result = CliRunner().invoke(main, ["analyse", sys.argv[1], "--quiet"])
wall = time.perf_counter() - start
if result.exit_code != 0:
    sys.stderr.write(result.output)
    raise SystemExit(result.exit_code)
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"wall_s": wall, "peak_rss_kb": peak_kb}))
"""


def _generate(out: Path, preset: str, persons: int, seed: int) -> float:
    from synth.generate import generate_world
    from synth.scenario_load import load_scenario

    scenario = load_scenario(preset=preset, overrides={"world": {"persons": persons}})
    start = time.perf_counter()
    generate_world(scenario, seed, out)
    return time.perf_counter() - start


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of ``n`` nodes and edges (a, b): min-label propagation."""
    label = np.arange(n, dtype=np.int64)
    while True:
        low = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]  # pointer jumping
        if np.array_equal(new, label):
            return label
        label = new


def _mock_edges(rec: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """97 % of the true cross-system pairs (``t``) and random false pairs of two persons."""
    multi = rec.filter(pl.len().over("person_id") > 1)
    true = (
        multi.join(multi, on="person_id", suffix="_b")
        .filter((pl.col("system") != pl.col("system_b")) & (pl.col("i") > pl.col("i_b")))
        .select(a="i", b="i_b")
    )
    true = true.filter(pl.Series(rng.random(true.height) < 0.97))
    n_false = int(0.004 * rec.height)
    fa = rng.integers(0, rec.height, n_false)
    fb = rng.integers(0, rec.height, n_false)
    person = rec["person_id"].to_numpy()
    system = rec["system"].to_numpy()
    keep = (person[fa] != person[fb]) & (system[fa] != system[fb])
    false = pl.DataFrame({"a": fa[keep], "b": fb[keep]}, schema={"a": pl.UInt32, "b": pl.UInt32})
    return pl.concat(
        [true.with_columns(pl.lit(True).alias("t")), false.with_columns(pl.lit(False).alias("t"))]
    )


def _mock_links(
    rec: pl.DataFrame, edges: pl.DataFrame, rng: np.random.Generator
) -> tuple[pl.DataFrame, np.ndarray]:
    """The ``mid_links`` rows of ``edges`` (colours by truth) and their colours."""
    n = edges.height
    colours = ["white", "yellow", "green", "red"]
    colour = np.where(
        edges["t"].to_numpy(),
        rng.choice(colours, n, p=[0.93, 0.02, 0.01, 0.04]),
        rng.choice(colours, n, p=[0.5, 0.3, 0.15, 0.05]),
    )
    basis = rng.choice(
        ["biometric+identity", "identity", "biometric", "identity+document", "document"], n
    )
    reg = rec["registered_on"].to_numpy()
    a, b = edges["a"].to_numpy(), edges["b"].to_numpy()
    created = np.maximum(reg[a], reg[b])
    verified = (
        (colour == "green") | (colour == "red") | ((colour == "white") & (rng.random(n) < 0.1))
    )
    delay = rng.integers(0, 30, n).astype("timedelta64[D]")
    rid = rec["record_id"].to_numpy()
    links = pl.DataFrame(
        {
            "link_id": np.arange(1, n + 1, dtype=np.int64),
            "record_id_a": rid[a],
            "record_id_b": rid[b],
            "basis": basis,
            "biometric_score": np.where(
                np.char.find(basis.astype(str), "biometric") >= 0, 9.0, np.nan
            ),
            "identity_score": rng.random(n),
            "identity_class": rng.choice(["same", "similar", "different"], n),
            "document_match": rng.random(n) < 0.3,
            "colour": colour,
            "verified": verified,
            "created_on": created,
            "verified_on": np.where(verified, created + delay, np.datetime64("NaT")),
        }
    ).with_columns(pl.col("biometric_score").fill_nan(None))
    schema = polars_schema("mid_links")
    return links.select([pl.col(c).cast(t) for c, t in schema.items()]), colour


def mock_link(world: World, seed: int) -> World:
    """Write mock ``mid_links`` and ``identity_clusters`` drawn from the truth."""
    rng = stream(seed, "benchmarks.mock_link")
    as_of = world.as_of
    rec = (
        world.scan("identity_records")
        .select("record_id", "person_id", "system", "registered_on", "deleted_on")
        .filter(pl.col("deleted_on").is_null() | (pl.col("deleted_on") > as_of))
        .collect()
        .with_row_index("i")
    )
    edges = _mock_edges(rec, rng)
    links, colour = _mock_links(rec, edges, rng)
    cluster_edges = np.isin(colour, ["white", "red"])
    a, b = edges["a"].to_numpy(), edges["b"].to_numpy()
    label = _components(rec.height, a[cluster_edges], b[cluster_edges])
    rid = rec["record_id"].to_numpy()
    clusters = pl.DataFrame({"record_id": rid, "cluster_id": label, "cluster_id_one_to_one": label})
    return add_tables(
        world,
        {"mid_links": links, "identity_clusters": clusters},
        "link",
        seed=seed,
        parameters={"mode": "mock", "seed": seed},
        summary={"links": edges.height},
    )


def _analyse_once(world: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(world)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"analyse failed: {done.stderr.strip()}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--preset", default="default")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--world", type=Path, default=None)
    parser.add_argument("--link", choices=("mock", "real"), default="mock")
    parser.add_argument("--keep", type=Path, default=None, help="keep the built world here")
    return parser.parse_args()


def _build(args: argparse.Namespace, path: Path) -> dict[str, Any]:
    """Generate and link the world at ``path``; the seconds each step took."""
    built = {"generate_s": round(_generate(path, args.preset, args.persons, args.seed), 1)}
    start = time.perf_counter()
    if args.link == "real":
        subprocess.run(
            [sys.executable, "-m", "cli.main", "link", str(path), "--quiet"],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
    else:
        mock_link(open_world(path), args.seed)
    built["link_s"] = round(time.perf_counter() - start, 1)
    return built


def _rows(world: World, table: str) -> int | None:
    entry = world.manifest.tables.get(table)
    return None if entry is None else entry.rows


def _result(world: World, link_kind: str, runs: list[dict[str, Any]]) -> dict[str, Any]:
    walls = [r["wall_s"] for r in runs]
    return {
        "benchmark": "analyse",
        "world": str(world.path),
        "links": link_kind,
        "persons": _rows(world, "persons"),
        "records": _rows(world, "identity_records"),
        "mid_links": _rows(world, "mid_links"),
        "runs": len(runs),
        "wall_s_median": round(statistics.median(walls), 2),
        "wall_s": [round(w, 2) for w in walls],
        "peak_rss_mb": round(max(r["peak_rss_kb"] for r in runs) / 1024, 1),
        "target_s": 90,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


def main() -> None:
    args = _parse()
    tmp: Path | None = None
    built: dict[str, Any] = {}
    if args.world is not None:
        path, link_kind = args.world, "existing"
    else:
        tmp = Path(tempfile.mkdtemp(prefix="bench-analyse-"))
        path, link_kind = args.keep or tmp / "world", args.link
        built = _build(args, path)
    try:
        runs = [_analyse_once(path) for _ in range(args.runs)]
        print(json.dumps({**_result(open_world(path), link_kind, runs), **built}))
    finally:
        if tmp is not None and args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

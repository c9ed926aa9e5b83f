"""Speed of the simulated sBMS: virtual-gallery 1:N search and chronological world search.

Prints one JSON line of figures (medians over ``--repeat`` runs):

- ``virtual_*``: 1,000,000 non-mated probes against a virtual gallery of 100,000,000
  templates (cell counts only, nothing stored), at the default sBMS threshold and at a
  stress threshold (FMR 1e-8: about one false candidate per search);
- ``world_*``: ``search_world`` over synthetic captures of about 1,000,000 records.

Run: ``.venv/bin/python benchmarks/bench_biometric.py [--repeat 3] [--records 1000000]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkage.biometric import BiometricConfig, search_virtual, search_world
from tests.linkage.biometric.synthetic import make_world

SEXES = ("M", "F")
BANDS = ("0-11", "12-17", "18-34", "35-64", "65+")
ORIGINS = (
    "west_africa",
    "east_africa",
    "middle_east_north_africa",
    "south_asia",
    "central_asia",
    "east_asia",
    "eastern_europe",
    "western_europe",
    "latin_america",
    "north_america",
)


def _cells() -> list[str]:
    return [f"{s}|{b}|{o}" for s in SEXES for b in BANDS for o in ORIGINS]


def _timed(fn, repeat: int):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--probes", type=int, default=1_000_000)
    parser.add_argument("--gallery", type=int, default=100_000_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    cells = _cells()
    weights = rng.dirichlet(np.ones(len(cells)))
    gallery = dict(zip(cells, rng.multinomial(args.gallery, weights).tolist(), strict=True))
    probes = np.asarray(cells, dtype=object)[rng.choice(len(cells), args.probes, p=weights)]
    figures: dict[str, object] = {"probes": args.probes, "gallery": args.gallery}
    for label, config in (
        ("default", BiometricConfig()),
        ("stress", BiometricConfig(fmr=1e-8)),
    ):
        seconds, res = _timed(
            lambda config=config: search_virtual(probes.tolist(), gallery, config, seed=1),
            args.repeat,
        )
        figures[f"virtual_{label}_s"] = round(seconds, 3)
        figures[f"virtual_{label}_fpir"] = res.fpir
        figures[f"virtual_{label}_fpir_expected"] = res.fpir_expected
        figures[f"virtual_{label}_false_hits"] = res.false_hits
    bodies = int(args.records / 1.5)
    records, captures = make_world(bodies, 1, days=3650, retention_days=1100)
    figures["world_records"] = records.height
    figures["world_captures"] = captures.height
    for label, config in (
        ("default", BiometricConfig()),
        ("stress", BiometricConfig(fmr=1e-7)),
    ):
        seconds, res = _timed(
            lambda config=config: search_world(records, captures, config, "shared", seed=1),
            args.repeat,
        )
        figures[f"world_{label}_s"] = round(seconds, 3)
        figures[f"world_{label}_hits"] = res.stats.hits
        figures[f"world_{label}_impostor_hits"] = res.stats.impostor_hits
    seconds, res = _timed(
        lambda: search_world(records, captures, BiometricConfig(), "siloed", seed=1), args.repeat
    )
    figures["world_siloed_s"] = round(seconds, 3)
    figures["repeat"] = args.repeat
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

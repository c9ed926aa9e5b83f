"""A small experiment report built from made-up per-seed values (no world is generated)."""

from __future__ import annotations

import numpy as np
import polars as pl

from analysis.estimate import Estimate, Method
from analysis.paired import paired_difference, person_changes, person_shift
from analysis.report.experiment_model import (
    ArmRow,
    CiteWorld,
    ExperimentReport,
    PersonComparison,
    SensitivityBlock,
    SweepSeries,
)
from analysis.sensitivity import (
    Factor,
    morris_design,
    morris_effects,
    tornado_bars,
    uncertainty_band,
)

SEEDS = (1, 2, 3, 4, 5)
FACTORS = (
    Factor("link.mid.verification.accuracy", 0.85, 0.99, 0.95, range_source="experiment file"),
    Factor("link.mid.verification.minutes_per_case", 5.0, 30.0, 15.0, note="A: assumed"),
)


def _persons(seed: int, shared: bool) -> pl.DataFrame:
    rng = np.random.default_rng([seed, int(shared)])
    n = 200
    return pl.DataFrame(
        {
            "person_id": list(range(n)),
            "registered": [True] * n,
            "wrongly_linked": (rng.random(n) < (0.12 if shared else 0.08)).tolist(),
            "nationality": rng.choice(["SYR", "AFG", "UKR"], n).tolist(),
            "sex": rng.choice(["F", "M"], n).tolist(),
        }
    )


def _sensitivity() -> SensitivityBlock:
    matrix = morris_design(FACTORS, 4, 4, 0)
    outputs = 100 - 200 * (matrix[:, 0] - 0.95) + 0.1 * matrix[:, 1]
    effects = morris_effects(FACTORS, matrix, outputs, "persons_wrongly_linked", 4)
    tornado = tornado_bars(FACTORS, "persons_wrongly_linked", [(112.0, 84.0), (99.0, 101.5)], 100.0)
    band = uncertainty_band(
        "persons_wrongly_linked", [99.0, 101.0, 100.5], list(outputs), [2.0] * len(outputs)
    )
    label = "People wrongly linked to someone else"
    return SensitivityBlock(
        "shared", "persons_wrongly_linked", label, "morris", tuple(effects), tuple(tornado), band
    )


def experiment_report() -> ExperimentReport:
    """Two arms, five seeds, a sweep and a sensitivity block."""
    worlds = {s: 240.0 + 10 * s for s in SEEDS}
    siloed = dict(worlds.items())
    shared = {s: w + 11 + (s % 2) for s, w in worlds.items()}
    label = "People wrongly linked to someone else"
    diffs = (
        paired_difference(
            siloed,
            shared,
            figure="persons_wrongly_linked",
            label=label,
            arms=("siloed", "shared"),
            unit="persons",
        ),
        paired_difference(
            dict.fromkeys(SEEDS, 0.003),
            {s: 0.0031 + s * 1e-5 for s in SEEDS},
            figure="persons_wrongly_linked_rate",
            label="Share wrongly linked",
            arms=("siloed", "shared"),
            unit="share",
        ),
    )
    changes = {
        s: person_changes(
            _persons(s, False), _persons(s, True), "wrongly_linked", ["nationality", "sex"]
        )
        for s in SEEDS
    }
    registered = {s: _persons(s, True) for s in SEEDS}
    shift, groups = person_shift(
        changes,
        registered,
        outcome="wrongly_linked",
        arms=("siloed", "shared"),
        dims=["nationality", "sex"],
        exact=True,
    )
    sweep = tuple(
        SweepSeries(
            "persons_wrongly_linked",
            label,
            "scenario.noise.rates.transliteration",
            arm,
            (0.0, 0.05, 0.1),
            tuple(Estimate(v, v - 5, v + 5, 5, Method.REPLICATE_T, "persons") for v in values),
        )
        for arm, values in (("siloed", (200.0, 230.0, 260.0)), ("shared", (210.0, 245.0, 280.0)))
    )
    return ExperimentReport(
        name="interoperable-vs-siloed",
        question="How many more people are wrongly linked when the systems share one gallery?",
        version="0.1.0",
        arms=(
            ArmRow("siloed", "each system its own gallery", "default", "siloed", "defaults"),
            ArmRow("shared", "one gallery (sBMS)", "default", "shared", "defaults"),
        ),
        seeds=SEEDS,
        runs=10,
        worlds=5,
        differences=diffs,
        persons=(
            PersonComparison(shift, tuple(groups), "base", ((1, 17, "only_b", "nationality=SYR"),)),
        ),
        sweeps=sweep,
        factors=FACTORS,
        sensitivity=(_sensitivity(),),
        cite=tuple(CiteWorld(s, "ab" * 32, f"world{s}", "siloed, shared") for s in SEEDS),
        failures=("arm shared seed 6: KilledWorker: worker died",),
        command="interopsim experiment e.toml --out exp",
        level=0.95,
        results_files=("results.parquet", "results.csv"),
    )

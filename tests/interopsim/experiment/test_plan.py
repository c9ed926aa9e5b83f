"""The plan: shared worlds for arms that differ only in linkage, points, estimates."""

from __future__ import annotations

from pathlib import Path

import pytest

from interopsim.experiment import plan_experiment

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "e.toml"
    path.write_text('scenario = "small"\npersons = 300\n' + text, encoding="utf-8")
    return path


def test_arms_differing_in_linkage_share_worlds_and_seeds(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "[replicates]\nseeds = 3\n[arms.siloed]\nmode = 'siloed'\n[arms.shared]\n"
        "[arms.strict.link.mid.verification]\naccuracy = 0.9\n",
    )
    plan = plan_experiment(path, out=tmp_path / "out")
    assert len(plan.worlds) == 3
    assert len(plan.runs) == 9
    for seed in (1, 2, 3):
        runs = [r for r in plan.runs if r.seed == seed]
        assert len({r.world.path for r in runs}) == 1  # one world per seed for every arm
        assert len({r.fingerprint for r in runs}) == 3
    assert plan.pairs == (("siloed", "shared"), ("siloed", "strict"))


def test_arms_with_different_scenarios_get_their_own_worlds(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "[replicates]\nseeds = 2\n[arms.a]\n[arms.b.overrides.systems.EURODAC]\n"
        "fingerprint_min_age = 14\nface_min_age = 14\n",
    )
    plan = plan_experiment(path, out=tmp_path / "out")
    assert len(plan.worlds) == 4
    hashes = {r.arm: r.world.scenario_hash for r in plan.runs}
    assert hashes["a"] != hashes["b"]


def test_a_grid_sweep_crosses_every_arm_and_seed(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "[replicates]\nseeds = 2\n[arms.siloed]\nmode = 'siloed'\n[arms.shared]\n"
        "[sweep.values]\n'scenario.noise.rates.transliteration' = [0.0, 0.1, 0.2]\n"
        "'link.mid.verification.accuracy' = [0.9, 1.0]\n",
    )
    plan = plan_experiment(path, out=tmp_path / "out")
    assert [p.design for p in plan.design.points] == ["grid"] * 6
    assert len(plan.runs) == 2 * 6 * 2
    assert len(plan.worlds) == 3 * 2  # link parameters never need a new world
    est = plan.estimate(workers=2)
    assert est.worlds_to_make == 6
    assert est.runs_to_make == 24
    assert est.wall_seconds == pytest.approx(est.cpu_seconds / 2)
    assert est.disk_bytes > 0


def test_a_sampled_sweep_stays_in_its_ranges_and_rounds_integers(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "[sweep]\ndesign = 'sample'\nsamples = 7\n[sweep.ranges]\n"
        "'scenario.journeys.stay_days_max' = [10, 50]\n",
    )
    plan = plan_experiment(path, out=tmp_path / "out")
    values = [p.value_map()["scenario.journeys.stay_days_max"] for p in plan.design.points]
    assert len(values) == 7
    assert all(isinstance(v, int) and 10 <= v <= 50 for v in values)


def test_sensitivity_points_are_baseline_tornado_and_morris(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "[sensitivity]\nparameters = ['link.mid.verification.accuracy', "
        "'link.mid.verification.minutes_per_case']\ntrajectories = 3\n"
        "[sensitivity.ranges]\n'link.mid.verification.accuracy' = [0.8, 1.0]\n"
        "'link.mid.verification.minutes_per_case' = [5.0, 30.0]\n",
    )
    plan = plan_experiment(path, out=tmp_path / "out")
    designs = [p.design for p in plan.design.points]
    assert designs == ["base"] + ["tornado"] * 4 + ["morris"] * 3 * 3
    sens = plan.design.sensitivity
    assert sens is not None
    assert [f.range_source for f in sens.factors] == ["experiment file"] * 2
    assert len(plan.worlds) == len(plan.config.replicates.values())


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_example_plans(example: Path, tmp_path: Path) -> None:
    plan = plan_experiment(example, out=tmp_path / "out")
    assert plan.runs
    assert plan.worlds
    assert plan.to_json(2)["runs"] == len(plan.runs)

"""The experiment file is validated like a scenario: dotted keys, did-you-mean, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from interopsim.experiment import load_experiment, plan_experiment
from interopsim.experiment.config import ReplicatesConfig
from schemas.config import parse
from schemas.errors import ConfigError


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "e.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_minimal_file_has_one_shared_arm_and_five_seeds(tmp_path: Path) -> None:
    config, base = load_experiment(_file(tmp_path, ""))
    assert config.name == "e"
    assert list(config.arms) == ["shared"]
    assert config.replicates.values() == (1, 2, 3, 4, 5)
    assert base == tmp_path


def test_every_problem_is_named_by_its_dotted_key(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        """
        persns = 10
        [replicates]
        seeds = 0
        [arms.a]
        mode = "sharded"
        qustion = "x"
        """,
    )
    with pytest.raises(ConfigError) as err:
        load_experiment(path)
    text = str(err.value)
    assert "persns: unknown key, did you mean 'persons'?" in text
    assert "arms.a.qustion: unknown key, did you mean 'question'?" in text
    assert "arms.a.mode" in text
    assert "'sharded'" in text
    assert "replicates" in text
    assert "at least 1" in text


def test_seeds_as_a_list() -> None:
    assert parse(ReplicatesConfig, {"seeds": [7, 3]}, what="x").values() == (7, 3)
    with pytest.raises(ConfigError, match="distinct"):
        parse(ReplicatesConfig, {"seeds": [7, 7]}, what="x")


def test_compare_must_name_existing_arms(tmp_path: Path) -> None:
    path = _file(tmp_path, '[arms.a]\n[arms.b]\n[compare]\nbaseline = "c"\n')
    with pytest.raises(ConfigError, match=r"unknown arms \['c'\]"):
        load_experiment(path)


def test_sobol_needs_a_power_of_two(tmp_path: Path) -> None:
    path = _file(tmp_path, '[sensitivity]\nmethod = "sobol"\nsamples = 12\n')
    with pytest.raises(ConfigError, match="not a power of two"):
        load_experiment(path)


def test_a_misspelt_parameter_is_suggested(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        '[sweep]\n[sweep.values]\n"scenario.noise.rates.transliteraton" = [0.0, 0.1]\n',
    )
    with pytest.raises(ConfigError) as err:
        plan_experiment(path, out=tmp_path / "out")
    assert "sweep.values" in str(err.value)
    assert "did you mean 'noise.rates.transliteration'?" in str(err.value)


def test_a_parameter_needs_a_known_prefix(tmp_path: Path) -> None:
    path = _file(tmp_path, '[sweep]\n[sweep.values]\n"linkk.mid.uncovered" = ["yellow"]\n')
    with pytest.raises(ConfigError, match="did you mean 'link'"):
        plan_experiment(path, out=tmp_path / "out")


def test_an_arm_override_error_names_the_arm(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "[arms.a]\n[arms.a.overrides.systems.EURODAC]\nfingerprint_min_agee = 6\n"
        "[arms.b.link.mid.verification]\naccuracy = 2.0\n",
    )
    with pytest.raises(ConfigError) as err:
        plan_experiment(path, out=tmp_path / "out")
    text = str(err.value)
    assert text.startswith("arms.a:")
    assert "fingerprint_min_agee: unknown key, did you mean 'fingerprint_min_age'?" in text


def test_a_link_setting_error_is_a_dotted_key_of_the_arm(tmp_path: Path) -> None:
    path = _file(tmp_path, "[arms.b.link.mid.verification]\naccuracy = 2.0\n")
    with pytest.raises(ConfigError, match=r"arms\.b\.link\.mid\.verification\.accuracy: 2\.0"):
        plan_experiment(path, out=tmp_path / "out")


def test_sensitivity_without_ranges_says_where_to_give_them(tmp_path: Path) -> None:
    path = _file(tmp_path, '[sensitivity]\nparameters = ["scenario.journeys.trips_per_year"]\n')
    with pytest.raises(ConfigError, match=r"declares no plausible range.*sensitivity\.ranges"):
        plan_experiment(path, out=tmp_path / "out")

"""synth.sample_identities: virtual identities from the world's population model."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from schemas.errors import ConfigError
from synth import build_tables, sample_identities
from synth.sampler import CIR_COLUMNS
from tests.synth.conftest import small_scenario

SEED = 11
N = 3000


@pytest.fixture(scope="module")
def world_persons() -> pl.DataFrame:
    tables, _ = build_tables(small_scenario(persons=N), SEED)
    return tables["persons"]


def test_the_population_stream_draws_exactly_the_worlds_persons(
    world_persons: pl.DataFrame,
) -> None:
    sample = sample_identities(small_scenario(persons=N), SEED, N, stream_name="population")
    renamed = sample.drop(CIR_COLUMNS).rename(
        {"true_sex": "sex", "true_nationality": "nationality", "true_birth_date": "birth_date"}
    )
    shared = [c for c in renamed.columns if c in world_persons.columns]
    assert len(shared) == renamed.width
    assert renamed.equals(world_persons.select(shared))


def test_same_seed_same_sample_and_streams_are_independent() -> None:
    scenario = small_scenario()
    a = sample_identities(scenario, SEED, 500)
    assert a.equals(sample_identities(scenario, SEED, 500))
    b = sample_identities(scenario, SEED, 500, stream_name="other")
    assert not a["surname_latin"].equals(b["surname_latin"])


def _chi2_p(a: pl.Series, b: pl.Series) -> float:
    """p-value of a chi-square test that ``a`` and ``b`` come from one distribution."""
    both = pl.concat([a, b]).unique().sort()
    ca = a.value_counts().rename({a.name: "v"})
    cb = b.value_counts().rename({b.name: "v"})
    table = (
        pl.DataFrame({"v": both})
        .join(ca, on="v", how="left")
        .join(cb, on="v", how="left", suffix="_b")
        .fill_null(0)
    )
    counts = np.array([table["count"].to_numpy(), table["count_b"].to_numpy()])
    counts = counts[:, counts.sum(axis=0) >= 10]  # pool sparse cells away
    return float(stats.chi2_contingency(counts)[1])


@pytest.mark.parametrize(
    "column", ["population_group", "nationality", "naming_culture", "sex", "birth_decade"]
)
def test_marginals_equal_the_worlds_persons(world_persons: pl.DataFrame, column: str) -> None:
    sample = sample_identities(small_scenario(persons=N), SEED, N, stream_name="probe")
    # Whole families are drawn, so counts are clustered: use family heads only for the
    # family-level columns, every person for sex and birth decade.
    decade = (pl.col("birth_date").dt.year() // 10).alias("birth_decade")
    world = world_persons.with_columns(decade)
    ours = sample.select(
        "population_group",
        "naming_culture",
        "family_id",
        nationality="true_nationality",
        sex="true_sex",
        birth_date="true_birth_date",
    ).with_columns(decade)
    if column in ("population_group", "nationality", "naming_culture"):
        world = world.unique("family_id", keep="first", maintain_order=True)
        ours = ours.unique("family_id", keep="first", maintain_order=True)
    assert _chi2_p(world[column], ours[column]) > 1e-3


def test_groups_restrict_the_sample() -> None:
    scenario = small_scenario()
    sample = sample_identities(scenario, SEED, 400, groups=["asylum_applicant"])
    assert sample.height == 400
    assert set(sample["population_group"].unique()) == {"asylum_applicant"}
    with pytest.raises(ConfigError, match="groups"):
        sample_identities(scenario, SEED, 10, groups=["tourists"])
    with pytest.raises(ConfigError, match="groups"):
        sample_identities(scenario, SEED, 10, groups=[])


def test_unrecorded_cir_columns_are_the_registered_identity() -> None:
    sample = sample_identities(small_scenario(), SEED, 800)
    assert sample["surname"].equals(sample["surname_latin"], check_names=False)
    assert sample["given_names"].equals(sample["given_names_latin"], check_names=False)
    assert sample["sex"].equals(sample["true_sex"], check_names=False)
    assert sample["nationality"].equals(sample["true_nationality"], check_names=False)
    years = sample["birth_date"].dt.year().cast(pl.Int16)
    assert (years.is_null() | (years == sample["birth_year"])).all()


def test_recorded_identities_carry_the_scenarios_noise() -> None:
    noisy = sample_identities(small_scenario("noisy"), SEED, 2000, recorded=True)
    assert {"noise_applied", "system"} <= set(noisy.columns)
    assert (noisy["noise_applied"] != "").mean() > 0.05  # type: ignore[operator]
    assert set(noisy["system"].unique()) <= {"VIS", "ETIAS", "EURODAC", "EES"}
    quiet = sample_identities(small_scenario("no-noise"), SEED, 500, recorded=True)
    assert (quiet["noise_applied"] == "").all()
    assert quiet["surname"].equals(quiet["surname_latin"], check_names=False)
    eurodac = sample_identities(small_scenario(), SEED, 300, recorded=True, system="EURODAC")
    assert set(eurodac["system"].unique()) == {"EURODAC"}
    with pytest.raises(ConfigError, match="system"):
        sample_identities(small_scenario(), SEED, 3, recorded=True, system="CIR")


@settings(max_examples=8, deadline=None)
@given(n=st.integers(0, 60), seed=st.integers(0, 2**31))
def test_any_size_gives_n_identities_in_families(n: int, seed: int) -> None:
    sample = sample_identities(small_scenario(), seed, n)
    assert sample.height == n
    assert sample["person_id"].to_list() == list(range(n))
    families = sample.group_by("family_id").agg(
        pl.col("population_group").n_unique(), pl.col("true_nationality").n_unique()
    )
    assert (families["population_group"] == 1).all()
    assert (families["true_nationality"] == 1).all()

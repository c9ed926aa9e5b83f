"""Default birth dates are a property of a person's registration, carried by every record."""

from __future__ import annotations

import polars as pl
import pytest

from schemas.errors import ConfigError
from synth import build_tables, load_scenario, sample_identities
from synth.calibration import default_date_share, registry_default_share
from tests.synth.conftest import small_scenario

SEED = 5


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    out, _ = build_tables(small_scenario(persons=6000), SEED)
    return out


_DATE_NOISE = "default_birth_date|year_only_birth_date|day_month_swap"


def test_every_true_record_of_a_person_carries_the_same_registered_date(
    tables: dict[str, pl.DataFrame],
) -> None:
    true = tables["identity_records"].filter(
        (pl.col("identity_no") == 0) & ~pl.col("noise_applied").str.contains(_DATE_NOISE)
    )
    per_person = true.group_by("person_id").agg(
        pl.col("birth_date").n_unique().alias("dates"),
        pl.col("birth_year").n_unique().alias("years"),
        pl.len(),
    )
    assert per_person.filter(pl.col("len") > 1).height > 100
    assert (per_person["dates"] == 1).all()
    assert (per_person["years"] == 1).all()


def test_default_dates_come_from_the_registration_route(tables: dict[str, pl.DataFrame]) -> None:
    true = tables["identity_records"].filter(
        (pl.col("identity_no") == 0) & ~pl.col("noise_applied").str.contains(_DATE_NOISE)
    )
    persons = tables["persons"].select(
        "person_id", "population_group", pl.col("birth_date").alias("truth")
    )
    joined = true.unique("person_id").join(persons, on="person_id")
    default = joined.with_columns(
        default=pl.col("birth_date").is_null()
        | ((pl.col("birth_date") != pl.col("truth")) & (pl.col("birth_date").dt.ordinal_day() == 1))
    )
    share = default.group_by("population_group").agg(pl.col("default").mean())
    by_group = dict(share.iter_rows())
    assert by_group["asylum_applicant"] > 0.08
    assert by_group["visa_exempt"] == 0.0
    year_only = joined.filter(pl.col("birth_date").is_null())
    assert (year_only["birth_year"] == year_only["truth"].dt.year()).all()


def test_calibration_figures_are_reproduced() -> None:
    scenario = load_scenario()
    # Syrians registered as asylum applicants: 16 % (AZR count over the Syrian stock).
    sample = sample_identities(scenario, SEED, 200_000, groups=["asylum_applicant"])
    syrians = sample.filter(pl.col("true_nationality") == "SYR")
    share = (syrians["birth_date_kind"] != "exact").mean()
    assert share == pytest.approx(0.16, abs=0.015)
    # Turkish nationals: 5.8 %, through the registry route of older cohorts.
    assert default_date_share(scenario, "TUR", n=200_000) == pytest.approx(0.058, abs=0.004)
    stored = scenario.population.birth_dates.registry_default_share["TUR"]
    refit = registry_default_share(scenario, "TUR", 85_000 / 1.47e6, n=200_000)
    assert refit == pytest.approx(stored, abs=0.04)


def test_validation_figures_hold() -> None:
    """UK 2007 (not used to set anything): 'one in seven asylum seekers' had a 1 January
    birth date, and 'one in every 25 entries' of the immigration system."""
    sample = sample_identities(load_scenario(), SEED, 100_000)
    default = sample.with_columns(default=pl.col("birth_date_kind") != "exact")
    asylum = default.filter(pl.col("population_group") == "asylum_applicant")["default"].mean()
    assert 1 / 7 / 1.5 < asylum < 1 / 7 * 1.5  # type: ignore[operator]
    third_country = default.filter(pl.col("population_group") != "eu_resident")
    assert 1 / 25 / 2 < third_country["default"].mean() < 1 / 25 * 2  # type: ignore[operator]


def test_no_default_dates_when_the_routes_are_closed() -> None:
    scenario = load_scenario(
        overrides={
            "population": {
                "birth_dates": {"undocumented_default_share": 0.0, "registry_default_share": {}}
            }
        }
    )
    sample = sample_identities(scenario, SEED, 5000)
    assert (sample["birth_date_kind"] == "exact").all()
    assert sample["birth_date"].equals(sample["true_birth_date"], check_names=False)


def test_noise_rates_per_nationality() -> None:
    overrides = {"noise": {"nationality_rates": {"AFG": {"wrong_sex": 1.0}}}}
    scenario = load_scenario(overrides={"world": {"persons": 3000}, **overrides})
    sample = sample_identities(scenario, SEED, 3000, recorded=True)
    afghans = sample.filter(pl.col("true_nationality") == "AFG")
    assert afghans.height > 20
    assert afghans["noise_applied"].str.contains("wrong_sex").all()
    others = sample.filter(pl.col("true_nationality") != "AFG")
    assert others["noise_applied"].str.contains("wrong_sex").mean() < 0.05  # type: ignore[operator]
    with pytest.raises(ConfigError, match=r"nationality_rates\.AFG"):
        load_scenario(overrides={"noise": {"group_rates": {"AFG": {"wrong_sex": 1.0}}}})
    with pytest.raises(ConfigError, match="XYZ"):
        load_scenario(overrides={"noise": {"nationality_rates": {"XYZ": {"wrong_sex": 1.0}}}})

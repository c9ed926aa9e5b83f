"""The manual-verification model: queues, backlog, capacity, who verifies (the error
model is tested in test_verifier.py)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.mid import Conclusion, EvidenceWeights, Staff, VerificationConfig
from linkage.mid.authorities import VERIFYING_AUTHORITIES, authority_of
from linkage.mid.verification import resolve_yellow
from tests.linkage.mid.strategies import START, constant_oracle

#: A verifier blind to the evidence: right with probability ``accuracy`` on "one person
#: or two" whatever it sees, never wrong on "justified or not".
BLIND = VerificationConfig(
    evidence=EvidenceWeights(**dict.fromkeys(EvidenceWeights.model_fields, 0.0)),
    justification_accuracy=1.0,
)

PAIRS = [
    ("EES", "VIS", "sirene", False),
    ("EES", "VIS", "border", True),
    ("VIS", "EES", "visa", True),
    ("VIS", "ECRIS", "designated_vis", True),
    ("ECRIS", "VIS", "designated_vis", True),
    ("ETIAS", "EES", "etias", True),
    ("ECRIS", "EES", "ecris", True),
    ("EURODAC", "VIS", "eurodac", True),
    ("VIS", "SIS", "sirene", True),
    ("SIS", "ETIAS", "sirene", True),
]


def _yellow_links(days: list[int], systems: tuple[str, str] = ("EES", "VIS")) -> pl.DataFrame:
    n = len(days)
    return pl.DataFrame(
        {
            "link_id": np.arange(1, n + 1, dtype=np.int64),
            "record_id_a": [f"{systems[0]}-{i}" for i in range(n)],
            "record_id_b": [f"{systems[1]}-{i}" for i in range(n)],
            "system_a": [systems[0]] * n,
            "system_b": [systems[1]] * n,
            "colour": ["yellow"] * n,
            "created_on": [START + dt.timedelta(days=d) for d in days],
            "biometric_state": ["same"] * n,
            "identity_class": ["different"] * n,
            "document_match": [False] * n,
        }
    )


@pytest.mark.parametrize(("a", "b", "authority", "_"), PAIRS[1:])
def test_verifying_authority(a: str, b: str, authority: str, _: bool) -> None:
    got = pl.select(authority_of(pl.lit(a), pl.lit(b))).item()
    assert got == authority


def test_a_blind_verifier_is_right_with_probability_accuracy() -> None:
    n, accuracy = 20_000, 0.8
    links = _yellow_links([0] * n)
    right = Conclusion.SAME_JUSTIFIED
    config = BLIND.model_copy(update={"accuracy": accuracy, "cases_per_day": n})
    result = resolve_yellow(links, constant_oracle(right), config, np.random.default_rng(7))
    concluded = result.links["conclusion"]
    share = int((concluded == right.value).sum()) / n
    sigma = math.sqrt(accuracy * (1 - accuracy) / n)
    assert abs(share - accuracy) < 4 * sigma
    assert set(concluded.unique()) == {right.value, Conclusion.DIFFERENT_JUSTIFIED.value}
    assert result.stats.wrong_conclusions == int((concluded != right.value).sum())
    assert result.stats.wrong_person == result.stats.wrong_conclusions
    assert result.stats.expected_wrong == pytest.approx(n * (1 - accuracy))
    # B same, I different: right conclusion -> white (Art. 33(d)), wrong -> green.
    colours = result.links["colour"]
    assert ((colours == "white") == (concluded == right.value)).all()
    assert set(colours.unique()) == {"white", "green"}


def test_every_yellow_link_is_verified_when_capacity_suffices() -> None:
    links = _yellow_links([0, 0, 1, 5, 5, 5])
    config = VerificationConfig(cases_per_day=3, accuracy=1.0, justification_accuracy=1.0)
    result = resolve_yellow(
        links, constant_oracle(Conclusion.SAME_JUSTIFIED), config, np.random.default_rng(0)
    )
    out = result.links
    assert out["verified"].all()
    assert (out["colour"] == "white").all()
    assert (out["verified_on"] == out["created_on"]).all()  # no waiting
    assert result.stats.pending == 0


@settings(max_examples=60, deadline=None)
@given(
    days=st.lists(st.integers(0, 40), min_size=1, max_size=120),
    capacity=st.one_of(st.integers(0, 6), st.floats(0.05, 6.0)),
    horizon=st.one_of(st.none(), st.integers(0, 60)),
)
def test_backlog_is_never_negative_and_conserves_cases(
    days: list[int], capacity: float, horizon: int | None
) -> None:
    links = _yellow_links(sorted(days))
    as_of = None if horizon is None else START + dt.timedelta(days=horizon)
    config = VerificationConfig(cases_per_day=capacity)
    result = resolve_yellow(
        links,
        constant_oracle(Conclusion.SAME_JUSTIFIED),
        config,
        np.random.default_rng(0),
        as_of=as_of,
    )
    series = result.backlog.sort("day")
    arrived = links.height if as_of is None else int((links["created_on"] <= as_of).sum())
    if series.height == 0:  # every case arrives after the as-of date
        assert arrived == 0
        assert not result.links["verified"].any()
        return
    backlog = series["backlog"].to_numpy()
    arrivals = series["arrivals"].to_numpy()
    served = series["served"].to_numpy()
    assert (backlog >= 0).all()
    previous = np.concatenate([[0], backlog[:-1]])
    assert (backlog == previous + arrivals - served).all()
    assert int(arrivals.sum()) == arrived == int(served.sum()) + int(backlog[-1])
    out = result.links
    verified = out.filter("verified")
    assert verified.height == int(served.sum()) == result.stats.verified
    assert (verified["verified_on"] >= verified["created_on"]).all()
    if as_of is not None:
        assert (verified["verified_on"] <= as_of).all()
        assert series["day"].max() == as_of
    elif capacity > 0:
        assert verified.height == links.height
    # First in, first out: a later case is never closed before an earlier one.
    ordered = verified.sort("created_on", "link_id")["verified_on"]
    assert ordered.is_sorted()
    # A case waits for the cases ahead of it, 1 / capacity days each, and no longer; with
    # capacity for every day's arrivals nobody waits.
    in_order = out.sort("created_on", "link_id")
    ahead = np.flatnonzero(in_order["verified"].to_numpy())
    waits = in_order.filter("verified")["verified_on"] - in_order.filter("verified")["created_on"]
    if capacity > 0:
        assert (waits.dt.total_days().to_numpy() <= ahead / capacity + 1e-9).all()
    if capacity >= np.bincount(days).max():
        assert (waits.dt.total_days() == 0).all()
    # Unverified links stay yellow; verified ones never do.
    assert (out.filter(~pl.col("verified"))["colour"] == "yellow").all()
    assert (verified["colour"] != "yellow").all()


def test_no_capacity_means_no_verification() -> None:
    links = _yellow_links([0, 1, 2])
    config = VerificationConfig(cases_per_day=0)
    result = resolve_yellow(
        links,
        constant_oracle(Conclusion.SAME_JUSTIFIED),
        config,
        np.random.default_rng(0),
        as_of=START + dt.timedelta(days=10),
    )
    assert not result.links["verified"].any()
    assert result.stats.pending == 3
    assert result.backlog["backlog"].to_list()[-1] == 3


def test_without_an_oracle_links_stay_yellow() -> None:
    links = _yellow_links([0, 1])
    result = resolve_yellow(links, None, VerificationConfig(), np.random.default_rng(0))
    assert (result.links["colour"] == "yellow").all()
    assert not result.links["verified"].any()
    assert result.links["conclusion"].null_count() == 2
    assert result.stats.oracle is False
    assert int(result.backlog["arrivals"].sum()) == 2


def test_capacity_per_authority_and_queues_are_separate() -> None:
    links = pl.concat(
        [_yellow_links([0] * 4, ("EES", "VIS")), _yellow_links([0] * 4, ("VIS", "EES"))]
    ).with_columns(link_id=pl.int_range(1, 9, dtype=pl.Int64))
    config = VerificationConfig(cases_per_day=1, cases_per_day_by_authority={"visa": 4})
    result = resolve_yellow(
        links, constant_oracle(Conclusion.SAME_JUSTIFIED), config, np.random.default_rng(0)
    )
    by = result.stats.by_authority
    assert by["visa"].max_wait_days == 0
    assert by["border"].max_wait_days == 3
    assert by["border"].max_backlog == 3
    assert by["border"].cases == by["visa"].cases == 4


def test_capacity_is_the_worlds_share_of_the_real_staff() -> None:
    config = VerificationConfig()
    per_day = config.hours_per_day * 60 / config.minutes_per_case
    share = config.world_share(30_000)
    assert share == pytest.approx(30_000 / config.real_records)
    for authority in VERIFYING_AUTHORITIES:
        staff = getattr(config.staff, authority.key)
        assert config.capacity(authority.key, share) == pytest.approx(staff * per_day * share)
    assert config.world_share(None) == 1.0
    fixed = VerificationConfig(cases_per_day=2.5, cases_per_day_by_authority={"visa": 4})
    assert (fixed.capacity("border", share), fixed.capacity("visa", share)) == (2.5, 4)
    assert set(Staff.model_fields) == {a.key for a in VERIFYING_AUTHORITIES}


def test_a_small_world_forms_the_backlog_its_share_of_the_staff_forms() -> None:
    """The same cases and staff: a world of twice the records has twice the verifiers."""
    links = _yellow_links([d // 3 for d in range(300)])  # 3 cases a day for 100 days
    config = VerificationConfig(staff=Staff(border=100.0))
    per_day = config.capacity("border", 1.0)
    small = int(2 * config.real_records / per_day)  # records giving 2 cases a day
    as_of = START + dt.timedelta(days=99)
    oracle = constant_oracle(Conclusion.SAME_JUSTIFIED)
    runs = [
        resolve_yellow(
            links, oracle, config, np.random.default_rng(0), as_of=as_of, world_records=n
        )
        for n in (small, 2 * small)
    ]
    assert runs[0].stats.by_authority["border"].capacity_per_day == pytest.approx(2.0, 1e-3)
    assert runs[0].stats.by_authority["border"].final_backlog == pytest.approx(100, abs=2)
    assert runs[1].stats.by_authority["border"].final_backlog == 0
    assert runs[0].stats.world_share == pytest.approx(runs[1].stats.world_share / 2, 1e-3)


def test_unknown_authority_is_a_config_error() -> None:
    with pytest.raises(ValueError, match="unknown verifying authorities"):
        VerificationConfig(cases_per_day_by_authority={"nobody": 3})


def test_oracle_answer_is_checked() -> None:
    links = _yellow_links([0, 0])

    def short(cases: pl.DataFrame) -> pl.Series:
        return pl.Series(["same_justified"])

    def nonsense(cases: pl.DataFrame) -> pl.Series:
        return pl.Series(["maybe"] * cases.height)

    for oracle in (short, nonsense):
        with pytest.raises(ValueError, match="oracle"):
            resolve_yellow(links, oracle, VerificationConfig(), np.random.default_rng(0))


def test_verification_is_deterministic_for_a_seed() -> None:
    links = _yellow_links(list(range(50)) * 3)
    oracle = constant_oracle(Conclusion.DIFFERENT_JUSTIFIED)
    config = VerificationConfig(accuracy=0.8, cases_per_day=2)
    first = resolve_yellow(links, oracle, config, np.random.default_rng(3))
    again = resolve_yellow(links, oracle, config, np.random.default_rng(3))
    other = resolve_yellow(links, oracle, config, np.random.default_rng(4))
    assert first.links.equals(again.links)
    assert first.backlog.equals(again.backlog)
    assert not first.links.equals(other.links)


def test_oracle_sees_no_truth_and_only_served_cases() -> None:
    links = _yellow_links([0, 0, 0, 9])
    seen: list[pl.DataFrame] = []

    def oracle(cases: pl.DataFrame) -> pl.Series:
        seen.append(cases)
        return pl.Series([Conclusion.SAME_JUSTIFIED.value] * cases.height)

    config = VerificationConfig(cases_per_day=1)
    resolve_yellow(
        links, oracle, config, np.random.default_rng(0), as_of=START + dt.timedelta(days=1)
    )
    assert len(seen) == 1
    assert seen[0]["link_id"].to_list() == [1, 2]
    assert "record_id_a" in seen[0].columns

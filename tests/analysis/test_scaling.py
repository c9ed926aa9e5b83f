"""Gallery-size scaling: estimates against worlds drawn with a known false-match rate."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import AnalysisConfig, Estimate
from analysis.errors import pair_errors
from analysis.mechanisms import FigureCounts, Mechanism, key_counts, stored_key_counts
from analysis.scaling import (
    BiometricScaling,
    _collisions,
    _identity_at,
    _identity_points,
    _IdentityLaw,
    _split_law,
    biometric_scaling,
    identity_scaling,
)
from analysis.truth import load_world_data
from schemas import World
from tests.analysis.builders import build_world, link, person, record

FMR = 0.002
N_RECORDS = 600
SYSTEMS = ("VIS", "EES", "EURODAC")


@pytest.fixture(scope="module")
def fmr_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """600 persons with one biometric record each, on distinct days; every cross-system
    pair got a false biometric link with probability FMR."""
    rng = np.random.default_rng(11)
    start = dt.date(2019, 1, 1)
    systems = [SYSTEMS[i % 3] for i in range(N_RECORDS)]
    ids = [f"{s}-{i:04d}" for i, s in enumerate(systems)]
    records = [
        record(rid, i, start + dt.timedelta(days=i), surname="X", given_names="Y")
        for i, rid in enumerate(ids)
    ]
    i, j = np.triu_indices(N_RECORDS, k=1)
    cross = np.array(systems)[i] != np.array(systems)[j]
    hit = cross & (rng.random(i.size) < FMR)
    links = [
        link(n + 1, ids[b], ids[a], "white", start + dt.timedelta(days=int(b)))
        for n, (a, b) in enumerate(zip(i[hit].tolist(), j[hit].tolist(), strict=True))
    ]
    persons = [person(p) for p in range(N_RECORDS)]
    out = Path(tmp_path_factory.mktemp("fmr")) / "world"
    return build_world(out, persons, records, links)


@pytest.fixture(scope="module")
def bio(fmr_world: World) -> BiometricScaling:
    data = load_world_data(fmr_world, AnalysisConfig())
    _, pairs = pair_errors(data)
    return biometric_scaling(data, pairs, (0.25, 0.5, 1.0), {"sbms": 4e8, "cir": 3e8}, seed=3)


def _bounds(e: Estimate) -> tuple[float, float, float]:
    assert e.lower is not None
    assert e.value is not None
    assert e.upper is not None
    return e.lower, e.value, e.upper


def test_comparisons_are_the_cross_system_pairs(bio: BiometricScaling) -> None:
    per_system = N_RECORDS // 3
    cross_pairs = 3 * per_system * per_system
    assert bio.impostor_comparisons.value == cross_pairs
    assert bio.searches.value == N_RECORDS


def test_fmr_estimate_covers_the_true_rate(bio: BiometricScaling) -> None:
    lower, value, upper = _bounds(bio.fmr)
    assert lower <= FMR <= upper
    assert value == pytest.approx(FMR, rel=0.25)


def test_simulated_points_agree_with_the_formula(bio: BiometricScaling) -> None:
    points = bio.points
    assert [p.fraction for p in points] == [0.25, 0.5, 1.0]
    sizes = [p.gallery_size for p in points]
    assert sizes == sorted(sizes)
    assert sizes[-1] == pytest.approx(bio.mean_gallery_size.value)
    for p in points:
        lower, _, upper = _bounds(p.fpir)
        analytic = p.fpir_analytic.value
        assert analytic is not None
        assert lower <= analytic <= upper, p
    fpirs = [_bounds(p.fpir)[1] for p in points]
    assert fpirs[0] < fpirs[-1]


def test_extrapolation_to_the_real_sizes(bio: BiometricScaling) -> None:
    fmr = bio.fmr.value
    assert fmr is not None
    sbms = bio.at_reference_sizes["sbms"]
    assert sbms.gallery_size == 4e8
    assert sbms.extrapolated is True
    assert sbms.fpir.value == pytest.approx(-math.expm1(4e8 * math.log1p(-fmr)))
    assert sbms.false_matches_per_search.value == pytest.approx(4e8 * fmr)
    assert sbms.fpir.extrapolated is True
    assert sbms.fpir.formula is not None
    assert "1 - (1 - FMR)^N" in sbms.fpir.formula
    sizes = [p.gallery_size for p in bio.extrapolation]
    assert sizes == sorted(sizes)
    assert sizes[-1] == 4e8


def test_collision_counts_exactly() -> None:
    recs = pl.DataFrame(
        {
            "key": ["A", "A", "A", "B", "B", None, None],
            "person_id": [1, 1, 2, 3, 3, 4, 5],
        }
    )
    # key A: pairs (r1, r3), (r2, r3) are of two persons; key B: one person only.
    assert _collisions(recs) == (5, 2, 3)


def test_identity_collisions_grow_quadratically(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    n, identities = 1500, 400
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    pick = rng.integers(0, identities, n)
    names = ["".join(letters[[k % 26, (k // 26) % 26]]) for k in range(identities)]
    day0 = dt.date(2020, 1, 1)
    records = [
        record(f"VIS-{i}", i, day0, surname=names[k], given_names="Q", birth_date=day0)
        for i, k in enumerate(pick.tolist())
    ]
    world = build_world(tmp_path / "w", [person(i) for i in range(n)], records, [])
    data = load_world_data(world, AnalysisConfig())
    out = identity_scaling(data, (0.125, 0.25, 0.5, 1.0), 3e8, seed=4)
    expected_q = 1 / identities
    lower, q, upper = _bounds(out.q)
    assert lower <= expected_q * 1.05
    assert upper >= expected_q * 0.95
    assert out.exponent.value == pytest.approx(2.0, abs=0.2)
    cir = out.at_reference_sizes["cir"]
    assert cir.extrapolated is True
    assert cir.collisions_per_search.value == pytest.approx(q * (3e8 - 1))
    world_size = out.at_reference_sizes["world"]
    assert world_size.extrapolated is False
    assert world_size.colliding_pairs.value == pytest.approx(out.colliding_pairs.value)
    # the stored records' key counts computed once and passed in give the same figures
    again = identity_scaling(
        data, (0.125, 0.25, 0.5, 1.0), 3e8, seed=4, keys=stored_key_counts(data)
    )
    assert again.to_json() == out.to_json()


def test_lookalike_matches_are_counted_apart(tmp_path: Path) -> None:
    day = dt.date(2020, 1, 1)
    persons = [person(1, lookalike_of=2), person(2, lookalike_of=1), person(3), person(4)]
    records = [
        record("VIS-1", 1, day),
        record("EES-2", 2, day + dt.timedelta(days=1)),
        record("VIS-3", 3, day + dt.timedelta(days=2)),
        record("EES-4", 4, day + dt.timedelta(days=3)),
    ]
    links = [
        link(1, "EES-2", "VIS-1", "white", day + dt.timedelta(days=1)),  # look-alikes
        link(2, "EES-4", "VIS-3", "white", day + dt.timedelta(days=3)),  # random impostor
    ]
    world = build_world(tmp_path / "w", persons, records, links)
    data = load_world_data(world, AnalysisConfig())
    _, pairs = pair_errors(data)
    out = biometric_scaling(data, pairs, (1.0,), {"sbms": 4e8}, seed=1)
    assert out.false_matches.value == 1
    assert out.lookalike_false_matches.value == 1
    assert out.lookalike_searches.value == pytest.approx(1 / 4)
    # comparisons: EES-2 vs VIS-1, VIS-3 vs EES-2, EES-4 vs VIS-1 and VIS-3 = 4
    assert out.impostor_comparisons.value == 4
    assert out.fmr.value == pytest.approx(1 / 4)


def _brute_force(recs: list[tuple[str | None, int]], kept: set[int]) -> tuple[int, int, int] | None:
    """(records, colliding pairs, colliding records) of the kept persons, pair by pair."""
    sub = [(k, p) for k, p in recs if k is not None and p in kept]
    if not sub:
        return None
    pairs = [
        (i, j)
        for i in range(len(sub))
        for j in range(i + 1, len(sub))
        if sub[i][0] == sub[j][0] and sub[i][1] != sub[j][1]
    ]
    return len(sub), len(pairs), len({i for pair in pairs for i in pair})


@settings(max_examples=60, deadline=None)
@given(
    recs=st.lists(
        st.tuples(st.sampled_from(["A", "B", "C", "D", None]), st.integers(0, 7)),
        min_size=1,
        max_size=30,
    ),
    draws=st.lists(st.floats(0.0, 0.999), min_size=8, max_size=8),
)
def test_sub_population_collisions_match_a_pairwise_count(
    recs: list[tuple[str | None, int]], draws: list[float]
) -> None:
    fractions = (0.25, 0.5, 0.75, 1.0)
    frame = pl.DataFrame(
        {"key": [k for k, _ in recs], "person_id": [p for _, p in recs]},
        schema={"key": pl.String, "person_id": pl.Int64},
    )
    u = pl.DataFrame(
        {"person_id": list(range(8)), "u": draws}, schema_overrides={"person_id": pl.Int64}
    )
    per = key_counts(frame).join(u, on="person_id", how="left")
    zero = Estimate.point(0.0, "per record pair")
    points = {
        p.fraction: p for p in _identity_points(per, _IdentityLaw(zero, zero), fractions, 0.95)
    }
    for f in fractions:
        kept = {p for p in range(8) if f >= 1.0 or draws[p] < f}
        expected = _brute_force(recs, kept)
        if expected is None:
            assert f not in points
            continue
        point = points[f]
        assert (point.records, point.colliding_pairs.value) == expected[:2]
        assert point.share_of_records_colliding.count == expected[2]


def _identity_counts(related: int, random: int) -> FigureCounts:
    """Colliding records of the world: ``related`` of a borrowed identity and its holder,
    ``random`` of unrelated persons (each random pair counts its two records)."""
    counts = dict.fromkeys(Mechanism, (0.0,))
    counts[Mechanism.BORROWED_IDENTITY] = (float(related),)
    counts[Mechanism.IDENTITY_COLLISION] = (float(random),)
    return FigureCounts(
        fractions=(1.0,),
        denominators=(1.0,),
        counts=counts,
        design_effects=dict.fromkeys(Mechanism, 1.0),
        design_effect=1.0,
    )


@settings(max_examples=50, deadline=None)
@given(
    related=st.integers(1, 400),
    random_pairs=st.integers(1, 200),
    records=st.integers(2_000, 200_000),
    factor=st.floats(1.5, 1e4),
)
def test_related_collisions_extrapolate_linearly_and_random_ones_quadratically(
    related: int, random_pairs: int, records: int, factor: float
) -> None:
    big = records * factor
    # only borrowed identities: pairs grow as R, collisions per search stay the same (the
    # upper bound also allows the random collisions a world without any could have missed)
    linear = _split_law(_identity_counts(related, 0), records, 0.95)
    at_world, at_big = _identity_at(linear, "world", records), _identity_at(linear, "x", big)
    assert at_big.extrapolated is True
    lower, value, upper = _bounds(at_world.colliding_pairs)
    big_lower, big_value, big_upper = _bounds(at_big.colliding_pairs)
    assert (big_lower, big_value) == pytest.approx((factor * lower, factor * value), rel=1e-9)
    assert big_upper >= factor * upper
    assert at_big.collisions_per_search.value == pytest.approx(
        at_world.collisions_per_search.value, rel=1e-9
    )
    assert at_world.colliding_pairs.value == pytest.approx(related / 2)
    # only random collisions: pairs grow as R (R - 1), per search as R - 1
    square = _split_law(_identity_counts(0, 2 * random_pairs), records, 0.95)
    sq_world, sq_big = _identity_at(square, "world", records), _identity_at(square, "x", big)
    assert sq_world.colliding_pairs.value == pytest.approx(random_pairs)
    ratio = big * (big - 1) / (records * (records - 1))
    lower, value, upper = _bounds(sq_world.colliding_pairs)
    big_lower, big_value, big_upper = _bounds(sq_big.colliding_pairs)
    assert (big_lower, big_value) == pytest.approx((ratio * lower, ratio * value), rel=1e-9)
    assert factor * upper <= big_upper <= ratio * upper  # c's bound adds a linear part
    per_search = (big - 1) / (records - 1)
    assert sq_big.collisions_per_search.value == pytest.approx(
        per_search * (sq_world.collisions_per_search.value or 0.0), rel=1e-9
    )

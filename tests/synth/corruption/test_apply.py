"""apply_noise: realised rates, rate 0 and 1, truth untouched, schema, determinism, errors."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal, assert_series_equal

from schemas import ConfigError
from synth.corruption import (
    IDENTITY_COLUMNS,
    NOISE_COLUMN,
    NOISE_TYPES,
    NoiseType,
    apply_noise,
    default_rates,
    uniform_rates,
)
from tests.synth.corruption.support import NAMES, applied, records

HEIGHT = 3000
SIGMAS = 4.5
KEYS = [spec.key for spec in NOISE_TYPES]

rate_maps = st.dictionaries(
    st.sampled_from(KEYS), st.floats(min_value=0.0, max_value=0.5), min_size=1
)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def _within_binomial(count: int, probabilities: np.ndarray) -> bool:
    mean = float(probabilities.sum())
    sd = math.sqrt(float((probabilities * (1.0 - probabilities)).sum()))
    return abs(count - mean) <= SIGMAS * sd + 1.0


@pytest.mark.parametrize("key", KEYS, ids=lambda k: k.value)
@settings(max_examples=15, deadline=None, derandomize=True)
@given(rate=st.floats(min_value=0.0, max_value=0.5), seed=seeds)
def test_realised_rate_matches_configured_rate(key: NoiseType, rate: float, seed: int) -> None:
    frame = records(HEIGHT)
    out = apply_noise(frame, uniform_rates(HEIGHT, {key: rate}), np.random.default_rng(seed), NAMES)
    count = int(applied(out, key).sum())
    assert _within_binomial(count, np.full(HEIGHT, rate)), (count, rate * HEIGHT)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(config=rate_maps, seed=seeds)
def test_per_row_rates_are_honoured_for_every_type(
    config: dict[NoiseType, float], seed: int
) -> None:
    frame = records(HEIGHT)
    rng = np.random.default_rng(seed)
    # per-row rates: half of the rows at the drawn rate, the other half at zero
    arrays = {k: np.where(np.arange(HEIGHT) % 2 == 0, v, 0.0) for k, v in config.items()}
    out = apply_noise(frame, arrays, rng, NAMES)
    for key in KEYS:
        mask = applied(out, key)
        if key not in config:
            assert not mask.any()
            continue
        assert not mask[1::2].any()
        assert _within_binomial(int(mask.sum()), arrays[key]), key


@settings(max_examples=20, deadline=None)
@given(config=rate_maps, seed=seeds)
def test_truth_and_other_columns_pass_through(config: dict[NoiseType, float], seed: int) -> None:
    frame = records(500, seed=1)
    out = apply_noise(
        frame, uniform_rates(frame.height, config), np.random.default_rng(seed), NAMES
    )
    assert out.columns == [*frame.columns, NOISE_COLUMN]
    assert out.schema == pl.Schema([*frame.schema.items(), (NOISE_COLUMN, pl.String())])
    untouched = [c for c in frame.columns if c not in IDENTITY_COLUMNS]
    assert "person_id" in untouched
    assert "identity_no" in untouched
    assert_frame_equal(out.select(untouched), frame.select(untouched))


@settings(max_examples=10, deadline=None)
@given(seed=seeds)
def test_rate_zero_changes_nothing(seed: int) -> None:
    frame = records(800, seed=2)
    zero = uniform_rates(frame.height, dict.fromkeys(KEYS, 0.0))
    out = apply_noise(frame, zero, np.random.default_rng(seed), NAMES)
    assert_frame_equal(out.drop(NOISE_COLUMN), frame)
    assert (out.get_column(NOISE_COLUMN) == "").all()
    # no rates at all is the same as rate zero
    assert_frame_equal(apply_noise(frame, {}, np.random.default_rng(seed), NAMES), out)


def test_rate_one_applies_to_every_row() -> None:
    frame = records(600, seed=3)
    out = apply_noise(
        frame,
        uniform_rates(frame.height, dict.fromkeys(KEYS, 1.0)),
        np.random.default_rng(0),
        NAMES,
    )
    expected = ",".join(spec.key.value for spec in NOISE_TYPES)
    assert (out.get_column(NOISE_COLUMN) == expected).all()


@pytest.mark.parametrize("key", KEYS, ids=lambda k: k.value)
def test_rate_one_of_one_type(key: NoiseType) -> None:
    frame = records(400, seed=4)
    out = apply_noise(
        frame, uniform_rates(frame.height, {key: 1.0}), np.random.default_rng(1), NAMES
    )
    assert (out.get_column(NOISE_COLUMN) == key.value).all()
    changed = [c for c in IDENTITY_COLUMNS if not out.get_column(c).equals(frame.get_column(c))]
    spec_columns = next(s.columns for s in NOISE_TYPES if s.key is key)
    assert changed, "rate 1 over 400 rows changed nothing"
    assert set(changed) <= set(spec_columns)


@settings(max_examples=10, deadline=None)
@given(config=rate_maps, seed=seeds)
def test_same_seed_same_output(config: dict[NoiseType, float], seed: int) -> None:
    frame = records(700, seed=5)
    rates = uniform_rates(frame.height, config)
    first = apply_noise(frame, rates, np.random.default_rng(seed), NAMES)
    again = apply_noise(frame, rates, np.random.default_rng(seed), NAMES)
    assert_frame_equal(first, again)


def test_different_seeds_differ() -> None:
    frame = records(700, seed=5)
    rates = default_rates(frame.height)
    a = apply_noise(frame, rates, np.random.default_rng(1), NAMES)
    b = apply_noise(frame, rates, np.random.default_rng(2), NAMES)
    assert not a.equals(b)


def test_one_type_does_not_shift_another() -> None:
    frame = records(2000, seed=6)
    alone = apply_noise(
        frame,
        uniform_rates(frame.height, {NoiseType.WRONG_SEX: 0.2}),
        np.random.default_rng(9),
        NAMES,
    )
    together = apply_noise(
        frame,
        uniform_rates(frame.height, {NoiseType.WRONG_SEX: 0.2, NoiseType.KEYBOARD_TYPO: 0.3}),
        np.random.default_rng(9),
        NAMES,
    )
    assert np.array_equal(
        applied(alone, NoiseType.WRONG_SEX), applied(together, NoiseType.WRONG_SEX)
    )
    assert_series_equal(alone.get_column("sex"), together.get_column("sex"))


def test_input_frame_is_not_modified() -> None:
    frame = records(500, seed=7)
    copy = frame.clone()
    apply_noise(
        frame,
        uniform_rates(frame.height, dict.fromkeys(KEYS, 0.5)),
        np.random.default_rng(0),
        NAMES,
    )
    assert_frame_equal(frame, copy)


def test_existing_noise_log_is_extended() -> None:
    frame = records(50, seed=8).with_columns(
        pl.Series(NOISE_COLUMN, ["alias"] * 25 + [""] * 25, dtype=pl.String)
    )
    out = apply_noise(
        frame,
        uniform_rates(frame.height, {NoiseType.WRONG_SEX: 1.0}),
        np.random.default_rng(0),
        NAMES,
    )
    assert out.columns == frame.columns
    log = out.get_column(NOISE_COLUMN).to_list()
    assert log[:25] == ["alias,wrong_sex"] * 25
    assert log[25:] == ["wrong_sex"] * 25


def test_noise_log_follows_registry_order() -> None:
    frame = records(300, seed=9)
    out = apply_noise(
        frame,
        uniform_rates(frame.height, dict.fromkeys(KEYS, 0.3)),
        np.random.default_rng(3),
        NAMES,
    )
    order = {spec.key.value: i for i, spec in enumerate(NOISE_TYPES)}
    for entry in out.get_column(NOISE_COLUMN).to_list():
        keys = [k for k in entry.split(",") if k]
        assert [order[k] for k in keys] == sorted(order[k] for k in keys)


def test_bad_rates_are_reported_together() -> None:
    frame = records(10)
    bad = {
        NoiseType.WRONG_SEX: np.full(9, 0.1),
        NoiseType.NAME_SWAP: np.full(10, 1.1),
        NoiseType.OCR_ERROR: np.full(10, np.nan),
    }
    with pytest.raises(ConfigError) as info:
        apply_noise(frame, bad, np.random.default_rng(0), NAMES)
    message = str(info.value)
    assert "wrong_sex" in message
    assert "name_swap" in message
    assert "ocr_error" in message


def test_unknown_noise_key_is_rejected() -> None:
    frame = records(10)
    with pytest.raises(ConfigError, match="unknown noise type"):
        apply_noise(frame, {"typo": np.zeros(10)}, np.random.default_rng(0), NAMES)  # type: ignore[dict-item]


def test_missing_required_column_is_reported() -> None:
    frame = records(10).drop("surname_id", "sex")
    rates = uniform_rates(10, {NoiseType.TRANSLITERATION: 0.1, NoiseType.WRONG_SEX: 0.1})
    with pytest.raises(ConfigError, match="sex, surname_id"):
        apply_noise(frame, rates, np.random.default_rng(0), NAMES)


def test_optional_columns_may_be_absent() -> None:
    frame = records(200).drop("given_id2", "surname_id2", "surname_at_birth", "culture")
    out = apply_noise(
        frame, uniform_rates(200, dict.fromkeys(KEYS, 0.5)), np.random.default_rng(0), NAMES
    )
    assert out.columns == [*frame.columns, NOISE_COLUMN]


def test_empty_frame() -> None:
    frame = records(10).head(0)
    out = apply_noise(frame, default_rates(0), np.random.default_rng(0), NAMES)
    assert out.height == 0
    assert out.columns == [*frame.columns, NOISE_COLUMN]

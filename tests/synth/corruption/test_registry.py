"""The noise registry declares every noise type once, with a sourced default."""

from __future__ import annotations

import numpy as np
import pytest

from schemas import ConfigError, truth_columns
from schemas.provenance import Tag
from synth.corruption import (
    IDENTITY_COLUMNS,
    IMPLEMENTATIONS,
    NOISE_BY_KEY,
    NOISE_TYPES,
    PUBLISHED_RATES,
    NoiseSpec,
    NoiseType,
    default_rates,
    uniform_rates,
)


def test_every_noise_type_is_declared_once_and_implemented() -> None:
    keys = [spec.key for spec in NOISE_TYPES]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(NoiseType)
    assert set(IMPLEMENTATIONS) == set(NoiseType)
    assert all(NOISE_BY_KEY[spec.key] is spec for spec in NOISE_TYPES)


@pytest.mark.parametrize("spec", NOISE_TYPES, ids=lambda s: s.key.value)
def test_spec_is_well_formed(spec: NoiseSpec) -> None:
    assert spec.description
    assert spec.columns
    assert set(spec.columns) <= set(IDENTITY_COLUMNS)
    assert 0.0 < spec.default_rate < 0.5
    # Every default cites a bibliography source or is a stated assumption.
    assert spec.provenance.sources or spec.provenance.tag is Tag.ASSUMPTION
    assert spec.provenance.note
    with pytest.raises(AttributeError):
        spec.default_rate = 0.5  # type: ignore[misc]


def test_published_figures_cite_their_source() -> None:
    assert PUBLISHED_RATES
    for figure in PUBLISHED_RATES:
        assert figure.provenance.sources
        assert figure.provenance.tag is not Tag.ASSUMPTION
        assert 0.0 < figure.rate < 1.0
    uk = [f for f in PUBLISHED_RATES if f.key is NoiseType.DEFAULT_BIRTH_DATE]
    assert {round(f.rate, 4) for f in uk} == {round(1 / 7, 4), 0.04}
    # The per-record slip is rare: default dates are a property of the registration
    # (population.birth_dates); the UK figures validate that property instead.
    assert NOISE_BY_KEY[NoiseType.DEFAULT_BIRTH_DATE].default_rate < 0.01


def test_identity_columns_exclude_the_truth() -> None:
    truth = set(truth_columns("identity_records"))
    assert {"person_id", "identity_no", "noise_applied"} <= truth
    assert not truth & set(IDENTITY_COLUMNS)


def test_default_rates_are_per_row_arrays() -> None:
    rates = default_rates(7)
    assert set(rates) == set(NoiseType)
    for spec in NOISE_TYPES:
        assert rates[spec.key].shape == (7,)
        assert np.all(rates[spec.key] == spec.default_rate)


def test_uniform_rates_rejects_out_of_range() -> None:
    with pytest.raises(ConfigError, match="wrong_sex"):
        uniform_rates(3, {NoiseType.WRONG_SEX: 1.5})

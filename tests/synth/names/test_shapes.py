"""Name laws: calibrated on published figures, checked against held-out ones."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from schemas.bibliography import bibliography
from schemas.provenance import Tag
from synth.names import CULTURES, PUBLISHED_NAME_STATISTICS, RankLaw, Role, name_shape_cases
from synth.names.shapes import (
    CALIBRATED_ALPHA,
    HEAD_NAMES,
    POOLS,
    fit_calibrated_alpha,
    name_shape,
)

#: Validation figures the model misses, and why (kept honest: the test fails when one of
#: them comes within tolerance, or when another one falls out).
KNOWN_MISSES = {
    # The Latin American law is calibrated on Mexico's Hernández (4.1 % of first surnames)
    # and Chile's count of surnames; Argentina's surnames (mostly of European immigrants)
    # are far less concentrated than Mexico's, so one law cannot hold both.
    ("hispanic_latam.surname.fisher_alpha@1", 602.0),
    # Chile (309) is 2.2 times the model's 140: the same reason, less marked.
    ("hispanic_latam.surname.fisher_alpha@1", 309.0),
    # Turkish surnames were chosen from a limited stock under the 1934 Surname Law: the
    # top ten hold 8.7 %, the dispersed head slope gives 6.9 % (ratio 1.26 > 1.25).
    ("turkish.surname.top_share@10", 7.42e6 / 85.3e6),
}


def test_every_calibration_figure_is_reproduced() -> None:
    for case in name_shape_cases(Role.CALIBRATION):
        assert case.within_tolerance, (case.statistic.key, case.statistic.value, case.model)


def test_validation_figures_are_within_tolerance_or_known_misses() -> None:
    misses = {
        (c.statistic.key, c.statistic.value)
        for c in name_shape_cases(Role.VALIDATION)
        if not c.within_tolerance
    }
    assert misses == KNOWN_MISSES


def test_stored_tail_exponents_are_the_fit_of_the_calibration_figures() -> None:
    for (culture, pool), alpha in CALIBRATED_ALPHA.items():
        assert fit_calibrated_alpha(culture, pool) == pytest.approx(alpha, abs=2e-5)


def test_published_figures_are_sourced_and_have_one_role() -> None:
    keys = set(bibliography())
    cultures = {c.key for c in CULTURES}
    seen: dict[tuple[str, float], set[Role]] = {}
    for stat in PUBLISHED_NAME_STATISTICS:
        assert stat.source in keys, stat.source
        assert stat.culture in cultures
        assert stat.pool in POOLS
        assert stat.value > 0
        assert (stat.role is Role.VALIDATION) == (stat.tolerance > 0), stat.key
        seen.setdefault((stat.key, stat.value), set()).add(stat.role)
    assert all(len(roles) == 1 for roles in seen.values())


def test_every_law_states_where_its_parameters_come_from() -> None:
    for culture in CULTURES:
        for pool in POOLS:
            shape = name_shape(culture.key, pool)
            for source in (shape.head_source, shape.gamma_source, shape.alpha_source):
                assert source.note
                if source.tag is Tag.ASSUMPTION:
                    assert source.plausible is not None
            if (culture.key, pool) in CALIBRATED_ALPHA:
                assert shape.alpha_source.tag is Tag.CALIBRATED
            assert len(shape.head_names) <= len(shape.head)
    assert HEAD_NAMES[("german", "surname")] == ("Müller",)


def test_patronymic_surnames_follow_the_male_given_name_law() -> None:
    for culture in CULTURES:
        if culture.patronymic:
            assert name_shape(culture.key, "surname") == name_shape(culture.key, "given_M")


laws = st.builds(
    lambda head, gamma, alpha: RankLaw(tuple(sorted(head, reverse=True)), gamma, alpha),
    st.lists(st.floats(0.001, 0.2), min_size=1, max_size=4).filter(lambda h: sum(h) < 0.9),
    st.floats(0.0, 1.0),
    st.floats(1.05, 5.0),
)


@settings(max_examples=30, deadline=None)
@given(law=laws, k=st.integers(1, 50_000))
def test_a_law_is_a_distribution_joining_its_head(law: RankLaw, k: int) -> None:
    try:
        assert law.bend > 0
    except ValueError:  # no tail of these slopes can carry the mass the head leaves
        return
    assert law.top_share(k) + law.survival(k) == pytest.approx(1.0)
    assert 0.0 <= law.survival(k) <= 1.0
    p = law.pmf(np.arange(1, 2000))
    assert (np.diff(p) <= 1e-15).all()
    assert p[law.h - 1] == pytest.approx(law.head[-1])
    assert law.survival(10**7) < law.survival(10**3)


def test_drawn_ranks_follow_the_law() -> None:
    law = name_shape("german", "surname").law
    ranks = law.ranks(np.random.default_rng(4).random(300_000))
    bins = np.array([1, 2, 4, 11, 101, 1001, 4097, 10**5, 10**7, 2**62])
    observed = np.histogram(ranks, bins=bins)[0]
    cum = np.array([1.0 - law.survival(int(b) - 1) for b in bins])
    expected = np.diff(cum) * ranks.size
    keep = expected > 20
    p = stats.chisquare(
        observed[keep], expected[keep] * observed[keep].sum() / expected[keep].sum()
    )
    assert p.pvalue > 1e-3


def test_rare_names_are_many_but_hold_few_collisions() -> None:
    """Lasker (England and Wales, marriages of 1975): names of 1 to 6 bearers per 100,000
    are 93 % of the distinct names but 0.5 % of the random isonymy [@lasker-1983-surnames].
    The United States law (the nearest modelled culture) has the same shape."""
    law = name_shape("english_us", "surname").law
    ranks = law.ranks(np.random.default_rng(1).random(100_000))
    _, counts = np.unique(ranks, return_counts=True)
    rare = counts <= 6
    pairs = (counts * (counts - 1)).astype(np.float64)
    assert rare.mean() == pytest.approx(0.93, abs=0.05)
    assert pairs[rare].sum() / pairs.sum() < 0.02

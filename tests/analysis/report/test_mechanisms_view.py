"""The mechanisms section, when the analysis writes one, becomes a table, a curve, a sentence."""

from __future__ import annotations

from types import SimpleNamespace

from analysis import Estimate
from analysis.report.mechanisms_view import (
    mechanism_curve,
    mechanism_sentence,
    mechanism_table,
)


def _part(count: float, law: str, at_scale: float) -> SimpleNamespace:
    return SimpleNamespace(
        count=Estimate(count, unit="persons"),
        law=law,
        at_real_scale=Estimate(at_scale, unit="share", extrapolated=True),
    )


def _point(persons: float, law: float, observed: float | None, extrapolated: bool) -> object:
    return SimpleNamespace(
        persons=persons,
        extrapolated=extrapolated,
        law=Estimate(law, unit="share"),
        observed=None if observed is None else Estimate(observed, 0.0, 2 * observed, 10),
    )


METRICS = SimpleNamespace(
    mechanisms=SimpleNamespace(
        figures={
            "wrongly_linked": SimpleNamespace(
                label="Share of registered people wrongly linked",
                law="a + q S",
                at_real_scale=Estimate(0.004, unit="share", extrapolated=True),
                mechanisms={
                    "lookalike": _part(12, "constant", 0.0008),
                    "identity_collision": _part(8, "random-share", 0.003),
                },
                points=(_point(5e3, 0.001, 0.0011, False), _point(2e4, 0.0015, 0.0014, False)),
                at_sizes=(_point(1e6, 0.003, None, True), _point(5e6, 0.004, None, True)),
            )
        }
    )
)


def test_a_table_of_the_error_figure_by_mechanism() -> None:
    table = mechanism_table(METRICS)
    assert table is not None
    rows = {r.key: r for r in table.rows}
    assert rows["mechanism_lookalike"].estimate.value == 12
    assert "constant per person" in rows["mechanism_lookalike"].note
    assert "grows with the population" in rows["mechanism_identity_collision"].note


def test_a_curve_observed_then_extrapolated() -> None:
    curve = mechanism_curve(METRICS)
    assert curve is not None
    assert [p.gallery_size for p in curve.simulated] == [5e3, 2e4]
    assert [p.extrapolated for p in curve.model] == [False, False, True, True]
    assert curve.drawable


def test_a_sentence_that_tells_fixed_from_growing() -> None:
    text = mechanism_sentence(METRICS)
    assert text is not None
    assert text.startswith("12 of them")
    assert "8 met someone by chance" in text
    assert "0.40 %" in text
    assert "interval" not in text  # none given, none invented


def test_the_extrapolated_figure_carries_its_interval_in_words() -> None:
    figure = METRICS.mechanisms.figures["wrongly_linked"]
    real = Estimate(0.004, 0.002, 0.008, unit="share", extrapolated=True)
    text = mechanism_sentence(
        SimpleNamespace(
            mechanisms=SimpleNamespace(
                figures={
                    "wrongly_linked": SimpleNamespace(**{**vars(figure), "at_real_scale": real})
                }
            )
        )
    )
    assert text is not None
    assert "0.40 % (95 % interval 0.20 % – 0.80 %) (extrapolated)" in text


def test_metrics_without_mechanisms_give_nothing() -> None:
    plain = SimpleNamespace(scaling=None)
    assert mechanism_table(plain) is None
    assert mechanism_curve(plain) is None
    assert mechanism_sentence(plain) is None

"""Which defaults were calibrated to what: the listing for defaults and for an analysed run."""

from __future__ import annotations

import json

from analysis import Assumption
from analysis.validation import (
    CalibratedDefault,
    Role,
    calibrated_defaults,
    calibration_of,
    cases,
    default_parameters,
)
from schemas.provenance import Tag


def test_every_calibration_case_parameter_is_listed_with_its_case() -> None:
    listed = {(d.key, d.case) for d in calibrated_defaults()}
    for c in cases(Role.CALIBRATION):
        for p in c.parameters:
            assert (p, c.key) in listed


def test_defaults_are_listed_as_recorded_and_unchanged() -> None:
    rows = calibrated_defaults()
    assert rows
    for d in rows:
        assert d.case is not None
        assert not d.changed
        assert d.sources
        json.loads(d.value)  # the value is JSON text


def test_a_value_the_run_changed_is_marked_and_others_fall_back_to_defaults() -> None:
    params = default_parameters()
    key = "scenario.journeys.entry_refusal_rate"
    p = params[key]
    assert p.provenance is not None
    changed = Assumption(
        key=key, value=0.01, source=p.source_text(changed=True), tag=p.provenance.tag, changed=True
    )
    rows = {d.key: d for d in calibration_of([changed])}
    assert rows[key].changed
    assert rows[key].recorded
    assert json.loads(rows[key].value) == 0.01
    others = [d for k, d in rows.items() if k != key and not k.startswith("names.")]
    assert others
    assert all(not d.recorded and not d.changed for d in others)


def test_a_table_parameter_collects_its_entries() -> None:
    entries = [
        Assumption(key="scenario.population.document_share.asylum_applicant", value=0.6,
                   source="E [@bamf-2020-january-first]", tag=Tag.DERIVED, changed=True),
        Assumption(key="scenario.population.document_share.irregular_crosser", value=0.4,
                   source="E [@bamf-2020-january-first]", tag=Tag.DERIVED),
    ]  # fmt: skip
    rows = {d.key: d for d in calibration_of(entries)}
    table = rows["scenario.population.document_share"]
    assert json.loads(table.value) == {"asylum_applicant": 0.6, "irregular_crosser": 0.4}
    assert table.changed
    assert table.recorded
    assert table.tag is Tag.DERIVED


def test_an_unclaimed_calibrated_parameter_is_listed_without_a_case() -> None:
    row = Assumption(key="scenario.x", value=1, source="C [@eu-2019-329]: n", tag=Tag.CALIBRATED)
    listed = [d for d in calibration_of([row]) if d.key == "scenario.x"]
    assert listed == [
        CalibratedDefault(key="scenario.x", value="1", tag=Tag.CALIBRATED, sources=("eu-2019-329",))
    ]


def test_json_round_trip() -> None:
    for d in calibrated_defaults():
        assert CalibratedDefault.from_json(d.to_json()) == d

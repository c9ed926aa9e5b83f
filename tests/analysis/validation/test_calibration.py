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
    others = [d for k, d in rows.items() if k != key]
    assert others
    assert all(not d.recorded and not d.changed for d in others)


def test_a_table_parameter_collects_its_entries() -> None:
    entries = [
        Assumption(key="scenario.noise.group_rates.asylum_applicant.default_birth_date", value=0.2,
                   source="S [@telegraph-2009-january-first]", tag=Tag.SECONDARY, changed=True),
        Assumption(key="scenario.noise.group_rates.irregular_crosser.default_birth_date",
                   value=0.1, source="S [@telegraph-2009-january-first]", tag=Tag.SECONDARY),
    ]  # fmt: skip
    rows = {d.key: d for d in calibration_of(entries)}
    table = rows["scenario.noise.group_rates"]
    assert json.loads(table.value) == {
        "asylum_applicant.default_birth_date": 0.2,
        "irregular_crosser.default_birth_date": 0.1,
    }
    assert table.changed
    assert table.tag is Tag.SECONDARY


def test_an_unclaimed_calibrated_parameter_is_listed_without_a_case() -> None:
    row = Assumption(key="scenario.x", value=1, source="C [@eu-2019-329]: n", tag=Tag.CALIBRATED)
    listed = [d for d in calibration_of([row]) if d.key == "scenario.x"]
    assert listed == [
        CalibratedDefault(key="scenario.x", value="1", tag=Tag.CALIBRATED, sources=("eu-2019-329",))
    ]


def test_json_round_trip() -> None:
    for d in calibrated_defaults():
        assert CalibratedDefault.from_json(d.to_json()) == d

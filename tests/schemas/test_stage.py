"""The stage runner times and reports named steps."""

from __future__ import annotations

from schemas.stage import run_stage


def test_steps_are_timed_and_reported_in_order() -> None:
    seen: list[tuple[str, int, int]] = []
    with run_stage("demo", lambda s, d, t: seen.append((s, d, t)), steps=("a", "b")) as stage:
        with stage.step("a"):
            pass
        assert stage.run("b", lambda x: x + 1, 1) == 2
    assert list(stage.timings) == ["a", "b", "total"]
    assert all(v >= 0 for v in stage.timings.values())
    assert seen == [("demo", 0, 2), ("demo", 1, 2), ("demo", 1, 2), ("demo", 2, 2)]

"""Results carry the link run they came from; stale ones are refused with the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.errors import StaleResultsError
from schemas.freshness import is_current, require_current, results_identity
from schemas.world import add_tables
from tests.schemas.tiny import documents, tiny_world


def test_metrics_follow_the_link_run(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w")
    with pytest.raises(StaleResultsError, match=r"has not been linked.*interopsim link"):
        require_current(world, {"provenance": {}})
    linked = add_tables(world, {"documents": documents(3)}, "link", parameters={"mode": "shared"})
    metrics = {"provenance": results_identity(linked)}
    assert is_current(linked, metrics)
    require_current(linked, metrics)
    relinked = add_tables(
        linked, {"documents": documents(4)}, "link", parameters={"mode": "siloed"}
    )
    assert not is_current(relinked, metrics)
    with pytest.raises(StaleResultsError, match=r"linked again since.*`interopsim analyse "):
        require_current(relinked, metrics)
    with pytest.raises(StaleResultsError, match="does not record which link run"):
        require_current(relinked, {"provenance": {"seed": 1}})
    assert not is_current(relinked, {})


def test_a_regenerated_world_makes_metrics_stale(tmp_path: Path) -> None:
    world = add_tables(tiny_world(tmp_path / "w"), {"documents": documents(3)}, "link")
    metrics = {"provenance": results_identity(world)}
    again = tiny_world(world.path, overwrite=True)
    again = add_tables(again, {"documents": documents(3)}, "link")
    before, after = world.stage("link"), again.stage("link")
    assert before is not None
    assert after is not None
    assert before.run_id == after.run_id  # the same links hash alike: the world id tells
    assert not is_current(again, metrics)
    with pytest.raises(StaleResultsError, match="generated again since"):
        require_current(again, metrics, refresh="interopsim run ...")

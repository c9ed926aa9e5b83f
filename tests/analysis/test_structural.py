"""Zeros the rules impose are flagged structural and carry no interval."""

from __future__ import annotations

from pathlib import Path

from analysis import Metrics, analyse_world
from analysis.estimate import Estimate
from schemas import open_world
from schemas.access import ACCESS_MODEL, AuthorityKey, PurposeKey, Regime
from schemas.manifest import StageRecord
from tests.analysis.builders import canonical_world


def _structural(e: Estimate) -> bool:
    return e.structural and e.value == 0.0 and e.lower is None and e.upper is None


def test_siloed_police_checks_cannot_return_other_purposes_or_follow_links(
    canonical_metrics: Metrics,
) -> None:
    for key in ("identity_check_registered", "identity_check_unregistered"):
        kind = canonical_metrics.queries.kinds[key]
        authority = AuthorityKey(kind.authority)
        purpose = PurposeKey(kind.purpose)
        colours, _ = ACCESS_MODEL.visible_links(authority, purpose, Regime.SILOED)
        assert not colours  # the model: no MID links seen before interoperability
        siloed = kind.regimes[Regime.SILOED.value]
        assert _structural(siloed.wrong_person_by_cause["false_link"])
        assert _structural(siloed.cross_purpose)
        assert _structural(siloed.wrong_person_cross_purpose)
        # where links are visible a zero stays a measured zero, with its interval
        interoperable = kind.regimes[Regime.INTEROPERABLE.value]
        for e in interoperable.wrong_person_by_cause.values():
            assert not e.structural
            assert e.upper is not None


def test_a_declared_zero_of_the_link_stage_is_structural(tmp_path: Path) -> None:
    world = canonical_world(tmp_path / "w")
    link = StageRecord(
        run_id="test",
        finished_at="2021-01-01T00:00:00+00:00",
        summary={"structural_zeros": ["false_green_links", "no_such_outcome"]},
    )
    manifest = world.manifest.model_copy(update={"stages": {"link": link}})
    (world.path / "manifest.json").write_bytes(manifest.to_bytes())
    metrics = analyse_world(open_world(world.path))
    green = metrics.pairs.links_by_colour["green"]
    assert green.false_links is not None
    if green.false_links.value == 0:
        assert _structural(green.false_links)
        assert green.false_links.note is not None
        assert "link stage" in green.false_links.note
    else:  # the world contradicts the declaration: the figure stays as measured
        assert not green.false_links.structural
    white = metrics.pairs.links_by_colour["white"]
    assert white.false_links is not None
    assert not white.false_links.structural

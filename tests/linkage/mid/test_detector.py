"""The detector end to end on hand-built candidate frames: colour invariants, retention."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl
from hypothesis import given, settings

from linkage.mid import (
    LINK_COLUMNS,
    Conclusion,
    MidConfig,
    Uncovered,
    VerificationConfig,
    detect,
)
from schemas import polars_schema
from tests.linkage.mid.strategies import (
    START,
    candidate,
    candidates,
    constant_oracle,
    frame,
    oracle_from,
)

AMPLE = MidConfig(verification=VerificationConfig(cases_per_day=10_000))


def _person(record_id: str) -> int:
    return int(record_id.split("-")[1]) % 3


@settings(max_examples=60, deadline=None)
@given(cands=candidates())
def test_colour_invariants(cands: pl.DataFrame) -> None:
    truth = {r: _person(r) for r in set(cands["record_id_a"]) | set(cands["record_id_b"])}
    result = detect(cands, AMPLE, oracle=oracle_from(truth), rng=np.random.default_rng(1))
    links = result.links
    assert links.columns == list(LINK_COLUMNS)
    # No link between two records of the same system.
    assert (links["system_a"] != links["system_b"]).all()
    # Links go from the newer record to the earlier one (enrolment order: registered_on,
    # then record_id).
    day = dict(
        cands.select("record_id_a", "registered_on_a").rows()
        + cands.select("record_id_b", "registered_on_b").rows()
    )
    for a, b in links.select("record_id_a", "record_id_b").rows():
        assert (day[a], a) > (day[b], b)
    assert (links["created_on"] >= START).all()
    # One link per unordered pair.
    pairs = links.select(
        lo=pl.min_horizontal("record_id_a", "record_id_b"),
        hi=pl.max_horizontal("record_id_a", "record_id_b"),
    )
    assert not pairs.is_duplicated().any()
    # No automatic white link without same or similar identity data.
    auto_white = links.filter((pl.col("colour") == "white") & ~pl.col("verified"))
    assert auto_white["identity_class"].is_in(["same", "similar"]).all()
    # Every yellow link is verified (capacity suffices) into white, green or red.
    assert (links["colour"] != "yellow").all()
    created_yellow = links["created_rule"].str.starts_with("yellow")
    assert (links["verified"] == created_yellow).all()
    # Red and green only after verification; green only when the verifier concluded
    # two different persons, white-after-verification only when it concluded one.
    for colour in ("red", "green"):
        assert links.filter(pl.col("colour") == colour)["verified"].all()
    green = links.filter(pl.col("colour") == "green")["conclusion"]
    assert green.is_in([Conclusion.DIFFERENT_JUSTIFIED.value]).all()
    verified_white = links.filter((pl.col("colour") == "white") & pl.col("verified"))
    assert (verified_white["conclusion"] == Conclusion.SAME_JUSTIFIED.value).all()
    # Every link rests on a reported match.
    assert (links["basis"].str.len_chars() > 0).all()


def test_links_are_oriented_and_merged_whichever_way_they_come() -> None:
    forward = candidate("VIS-1", "EES-1", day_a=5, day_b=2, bio=True, identity="same")
    backward = candidate("EES-1", "VIS-1", day_a=2, day_b=5, bio=True, identity="same")
    doc_only = candidate("EES-1", "VIS-1", day_a=2, day_b=5, bio=None, doc=True)
    result = detect(frame([backward, doc_only]), AMPLE, oracle=None, rng=np.random.default_rng(0))
    again = detect(frame([forward]), AMPLE, oracle=None, rng=np.random.default_rng(0))
    link = result.links.row(0, named=True)
    assert result.links.height == 1
    assert (link["record_id_a"], link["record_id_b"]) == ("VIS-1", "EES-1")
    assert link["basis"] == "biometric+identity+document"
    assert link["colour"] == "white"
    assert again.links.drop("document_match", "basis").equals(
        result.links.drop("document_match", "basis")
    )


def test_same_system_pairs_and_non_matches_make_no_link() -> None:
    rows = [
        candidate("VIS-1", "VIS-2", bio=True, identity="same"),
        candidate("VIS-3", "EES-3", bio=False, identity="different"),
        candidate("ETIAS-4", "EES-4", identity="different"),
    ]
    result = detect(frame(rows), AMPLE, oracle=None, rng=np.random.default_rng(0))
    assert result.links.height == 0
    assert result.stats.prepared.same_system_dropped == 1
    assert result.stats.no_match == 2


def test_uncovered_policy() -> None:
    rows = [candidate("ETIAS-1", "VIS-1", identity="same", doc=False)]
    oracle = constant_oracle(Conclusion.SAME_JUSTIFIED)
    for policy, colour in [(Uncovered.YELLOW, "white"), (Uncovered.WHITE, "white")]:
        config = AMPLE.model_copy(update={"uncovered": policy})
        links = detect(frame(rows), config, oracle=oracle, rng=np.random.default_rng(0)).links
        assert links["colour"].to_list() == [colour]
        assert links["verified"].to_list() == [policy is Uncovered.YELLOW]
    config = AMPLE.model_copy(update={"uncovered": Uncovered.NO_LINK})
    result = detect(frame(rows), config, oracle=oracle, rng=np.random.default_rng(0))
    assert result.links.height == 0
    assert result.stats.uncovered_no_link == 1


def test_retention_removes_links_to_deleted_records() -> None:
    def pair(
        n: int, identity: str = "same", deleted: tuple[int | None, int | None] = (None, None)
    ) -> dict[str, Any]:
        return candidate(
            f"VIS-{n}", f"EES-{n}", day_a=10, day_b=0, bio=True, identity=identity, deleted=deleted
        )

    rows = [
        pair(1),
        pair(2, deleted=(None, 20)),
        pair(3, "different", deleted=(30, None)),
        # The earlier record was gone before the newer one was created: never compared.
        pair(4, deleted=(None, 5)),
    ]
    result = detect(
        frame(rows),
        AMPLE,
        oracle=constant_oracle(Conclusion.SAME_UNJUSTIFIED),
        rng=np.random.default_rng(0),
        as_of=START + dt.timedelta(days=40),
    )
    assert result.links["record_id_a"].to_list() == ["VIS-1"]
    assert result.stats.removed_by_retention == 2
    assert result.stats.removed_by_retention_by_colour == {"red": 1, "white": 1}
    assert result.stats.prepared.earlier_record_already_deleted == 1
    assert result.stats.links_created == 3


def test_output_fits_the_mid_links_model() -> None:
    rows = [candidate("VIS-1", "EES-1", bio=True, identity="different")]
    links = detect(
        frame(rows),
        AMPLE,
        oracle=constant_oracle(Conclusion.SAME_UNJUSTIFIED),
        rng=np.random.default_rng(0),
    ).links
    model = polars_schema("mid_links")
    assert links.select(list(model)).schema == model
    assert links["link_id"].to_list() == [1]
    assert links.row(0, named=True)["rule_article"] == "Art. 32(a)"


@settings(max_examples=20, deadline=None)
@given(cands=candidates())
def test_detection_is_deterministic(cands: pl.DataFrame) -> None:
    oracle = constant_oracle(Conclusion.SAME_JUSTIFIED)
    config = MidConfig(verification=VerificationConfig(accuracy=0.5, cases_per_day=2))
    first = detect(cands, config, oracle=oracle, rng=np.random.default_rng(5))
    shuffled = cands.sample(fraction=1.0, shuffle=True, seed=1)
    again = detect(shuffled, config, oracle=oracle, rng=np.random.default_rng(5))
    assert first.links.equals(again.links)
    assert first.stats == again.stats

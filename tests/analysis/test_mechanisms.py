"""Mechanisms of wrong links and their scale laws, on worlds whose answers are known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from analysis import AnalysisConfig, Estimate, analyse_world
from analysis._tree import replace_estimates
from analysis.errors import pair_errors, person_errors, person_outcomes
from analysis.intervals import design_effect
from analysis.mechanisms import (
    PRIORITY,
    FigureCounts,
    Mechanism,
    link_mechanisms,
    load_relations,
    mechanism_counts,
    stored_key_counts,
    unit_draws,
)
from analysis.scaling_laws import Law, law_value, mechanisms_section
from analysis.truth import WorldData, load_world_data
from schemas import World, polars_schema, write_world
from tests.analysis.builders import CANONICAL_AS_OF, link, person, random_world, record

DAY = dt.date(2020, 3, 1)


def _world(
    out: Path,
    persons: list[dict[str, Any]],
    records: list[dict[str, Any]],
    links: list[dict[str, Any]],
    documents: list[dict[str, Any]] | None = None,
) -> World:
    tables = {
        "persons": pl.DataFrame(persons, schema=polars_schema("persons")),
        "identity_records": pl.DataFrame(records, schema=polars_schema("identity_records")),
        "mid_links": pl.DataFrame(links, schema=polars_schema("mid_links")),
    }
    if documents is not None:
        tables["documents"] = pl.DataFrame(documents, schema=polars_schema("documents"))
    scenario = {"name": "hand-built", "as_of": CANONICAL_AS_OF.isoformat()}
    return write_world(out, tables, seed=3, scenario=scenario, as_of=CANONICAL_AS_OF)


def _counts(
    world: World, data: WorldData, fractions: tuple[float, ...], seed: int
) -> dict[str, FigureCounts]:
    relations = load_relations(world, data)
    links = link_mechanisms(data.links, relations)
    return mechanism_counts(data, relations, links, fractions, seed)


def _document(doc_id: int, holder: int, user: int) -> dict[str, Any]:
    return {
        "document_id": doc_id,
        "person_id": user,
        "number": f"P{doc_id:07d}",
        "document_type": "passport",
        "issuing_country": "SYR",
        "issued_on": dt.date(2015, 1, 1),
        "expiry": dt.date(2025, 1, 1),
        "fraudulent": user != holder,
        "genuine_holder_id": holder if user != holder else None,
    }


@pytest.fixture(scope="module")
def one_of_each(tmp_path_factory: pytest.TempPathFactory) -> World:
    """Ten persons and one wrong white link per mechanism (and one green link on one
    person's own records): 0-1 an impostor and the real holder, 2-3 look-alikes, 4-5
    one family, 6-7 a random biometric match, 8-9 a random identity collision."""
    persons = [
        person(p, family_id=4 if p in (4, 5) else p, lookalike_of={2: 3, 3: 2}.get(p))
        for p in range(10)
    ]
    records = [record(f"VIS-{p}", p, DAY) for p in range(10)]
    records += [record(f"EES-{p}", p, DAY + dt.timedelta(days=1)) for p in range(10)]
    links = [
        link(1, "EES-0", "VIS-1", "white", DAY, basis="identity"),
        link(2, "EES-2", "VIS-3", "white", DAY, basis="biometric"),
        link(3, "EES-4", "VIS-5", "white", DAY, basis="identity"),
        link(4, "EES-6", "VIS-7", "white", DAY, basis="biometric"),
        link(5, "EES-8", "VIS-9", "white", DAY, basis="identity"),
        link(6, "EES-9", "VIS-9", "green", DAY, basis="identity", verified_on=DAY),
    ]
    documents = [_document(0, 1, 1), _document(1, 1, 0)]
    return _world(Path(tmp_path_factory.mktemp("each")) / "w", persons, records, links, documents)


def test_each_wrong_link_is_put_down_to_its_mechanism(one_of_each: World) -> None:
    data = load_world_data(one_of_each, AnalysisConfig())
    relations = load_relations(one_of_each, data)
    ranks = link_mechanisms(data.links, relations).sort("link_id")["rank"].to_list()
    assert [PRIORITY[r] for r in ranks] == [
        Mechanism.BORROWED_IDENTITY,
        Mechanism.LOOKALIKE,
        Mechanism.RELATIVES,
        Mechanism.BIOMETRIC_FALSE_MATCH,
        Mechanism.IDENTITY_COLLISION,
        Mechanism.OWN_RECORDS,
    ]


def test_related_persons_share_their_unit_and_draw(one_of_each: World) -> None:
    data = load_world_data(one_of_each, AnalysisConfig())
    relations = load_relations(one_of_each, data)
    u = dict(unit_draws(relations, 5, "test").iter_rows())
    assert u[0] == u[1]
    assert u[2] == u[3]
    assert u[4] == u[5]
    assert len({u[6], u[7], u[8], u[9]}) == 4


def test_person_counts_partition_the_wrongly_linked(one_of_each: World) -> None:
    data = load_world_data(one_of_each, AnalysisConfig())
    counts = _counts(one_of_each, data, (0.5,), seed=1)
    wrong = counts["wrongly_linked"]
    assert wrong.fractions == (0.5, 1.0)
    assert {m: c[-1] for m, c in wrong.counts.items() if c[-1]} == {
        Mechanism.BORROWED_IDENTITY: 2,
        Mechanism.LOOKALIKE: 2,
        Mechanism.RELATIVES: 2,
        Mechanism.BIOMETRIC_FALSE_MATCH: 2,
        Mechanism.IDENTITY_COLLISION: 2,
    }
    # every wrong link hurts two people: the design effect of the count is 2
    assert wrong.design_effect == pytest.approx(2.0)
    green = counts["false_green_links"]
    assert green.counts[Mechanism.OWN_RECORDS][-1] == 1
    assert green.total() == 1


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_mechanism_counts_add_up_to_the_person_figures(tmp_path: Path, seed: int) -> None:
    world = random_world(tmp_path / "w", seed, n_persons=60, n_false=25)
    data = load_world_data(world, AnalysisConfig())
    _, pair_frame = pair_errors(data)
    persons = person_errors(data, person_outcomes(data, pair_frame))
    counts = _counts(world, data, (0.5,), seed)
    for name in ("wrongly_linked", "wrongly_linked_white", "false_red", "merged"):
        figure = getattr(persons, name)
        assert figure is not None
        assert counts[name].total() == figure.count.value, name
        assert counts[name].denominators[-1] == persons.registered_persons.value
    relations = load_relations(world, data)
    links = link_mechanisms(data.links, relations)
    keys = stored_key_counts(data)
    assert mechanism_counts(data, relations, links, (0.5,), seed, keys) == counts
    metrics = analyse_world(world)
    assert metrics.mechanisms is not None
    section = metrics.mechanisms.figures["wrongly_linked"]
    assert section.observed.value == pytest.approx(metrics.persons.wrongly_linked.rate.value or 0)
    assert section.at_world.value == pytest.approx(section.observed.value or 0)


@pytest.fixture(scope="module")
def growing_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """4,000 persons in families of two, one record each in alternating systems; every
    pair of persons got a random identity link with probability P, and 300 look-alike
    pairs a biometric link: per person, the first share grows with N, the second not."""
    rng = np.random.default_rng(5)
    n = 4_000
    persons = [person(p, family_id=p // 2) for p in range(n)]
    mates = rng.permutation(n)[:600].reshape(-1, 2)
    for a, b in mates.tolist():
        persons[a]["lookalike_of"], persons[b]["lookalike_of"] = b, a
    systems = ("VIS", "EES")
    records = [record(f"{systems[p % 2]}-{p}", p, DAY) for p in range(n)]
    links = [
        link(i + 1, records[a]["record_id"], records[b]["record_id"], "white", DAY,
             basis="biometric")
        for i, (a, b) in enumerate(mates.tolist())
    ]  # fmt: skip
    i, j = np.triu_indices(n, k=1)
    cross = (i % 2 != j % 2) & (i // 2 != j // 2)
    hit = cross & (rng.random(i.size) < 8e-5)
    for a, b in zip(i[hit].tolist(), j[hit].tolist(), strict=True):
        links.append(
            link(len(links) + 1, records[a]["record_id"], records[b]["record_id"], "white", DAY,
                 basis="identity")
        )  # fmt: skip
    return _world(Path(tmp_path_factory.mktemp("growing")) / "w", persons, records, links)


def test_sub_worlds_show_a_constant_and_a_growing_law(growing_world: World) -> None:
    config = AnalysisConfig(subsample_fractions=(0.125, 0.25, 0.5, 1.0))
    data = load_world_data(growing_world, config)
    counts = _counts(growing_world, data, config.subsample_fractions, seed=3)
    section = mechanisms_section(counts, data, config)
    wrong = section.figures["wrongly_linked"]
    lookalike = wrong.mechanisms[Mechanism.LOOKALIKE.value]
    random = wrong.mechanisms[Mechanism.IDENTITY_COLLISION.value]
    assert lookalike.law is Law.CONSTANT
    assert random.law is Law.RANDOM_SHARE
    assert lookalike.exponent.value == pytest.approx(0.0, abs=0.3)
    assert random.exponent.value == pytest.approx(1.0, abs=0.3)
    # the law fits the sub-worlds it was not estimated on
    assert (wrong.points_within_interval.value or 0) >= 0.75
    assert wrong.depends_on_n
    real = wrong.at_real_scale
    assert real.extrapolated
    assert real.value is not None
    assert real.value > (wrong.observed.value or 0)


def test_law_values() -> None:
    assert law_value(Law.CONSTANT, 0.01, 100.0) == 0.01
    assert law_value(Law.RANDOM_MEAN, 0.01, 3.0) == pytest.approx(0.03)
    # 1 - (1 - q)^(2S) from 1 - (1 - q)^S = s
    s = 0.1
    assert law_value(Law.RANDOM_SHARE, s, 2.0) == pytest.approx(1 - (1 - s) ** 2)
    assert law_value(Law.RANDOM_SHARE, None, 2.0) is None


def test_design_effect_of_clusters() -> None:
    assert design_effect([1, 1, 1]) == 1.0
    assert design_effect([2, 2]) == 2.0
    assert design_effect([4]) == 4.0
    assert design_effect([]) == 1.0
    plain = Estimate.rate(20, 1000)
    clustered = Estimate.rate(20, 1000, design_effect=2.0)
    assert clustered.value == plain.value
    assert clustered.lower is not None
    assert plain.lower is not None
    assert clustered.upper is not None
    assert plain.upper is not None
    assert clustered.lower < plain.lower
    assert clustered.upper > plain.upper
    back = Estimate.from_json(clustered.to_json())
    assert back.method is clustered.method
    assert back.design_effect == 2.0


def test_replace_estimates_reaches_every_key_of_a_wildcard() -> None:
    tree = {"a": {"x": Estimate.size(1, "u"), "y": Estimate.size(2, "u")}, "b": 3}
    out = replace_estimates(tree, ("a", "*"), lambda e: Estimate.size((e.value or 0) * 10, "u"))
    assert out["a"]["x"].value == 10
    assert out["a"]["y"].value == 20
    assert out["b"] == 3
    assert replace_estimates(tree, ("c", "x"), lambda e: e) == tree

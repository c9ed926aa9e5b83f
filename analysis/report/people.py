"""The people behind the error figures: who was wrongly linked, merged, missed or flagged.

:func:`people_in_error` joins a linked world with its truth, as the analysis does
(:func:`analysis.truth.load_world_data`, :func:`analysis.errors.person_outcomes`), and
lists every synthetic person with at least one outcome, with the groups the report
breaks the figures down by, the wrong links they are in and whose records those links
reach. Each row is a person to pass to ``interopsim explain DIR --person ID``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
from pydantic import JsonValue

from analysis._tree import Node
from analysis.config import AnalysisConfig
from analysis.errors import pair_errors, person_outcomes, wrong_links
from analysis.truth import load_world_data
from schemas.world import World

__all__ = ["GROUP_COLUMNS", "OUTCOMES", "PeopleInError", "PersonInError", "people_in_error"]

#: The outcomes listed, each with the sentence that says it of a person.
OUTCOMES: dict[str, str] = {
    "wrongly_linked": "linked to someone else's record (white, yellow or red)",
    "merged": "in an identity cluster with another person's record",
    "missed": "records in two systems that no link joins",
    "false_red": "in a false red link (suspected of a fraud that is not theirs)",
}
#: The group columns of each person (as the analysis breaks figures down).
GROUP_COLUMNS = ("sex", "age_band", "region", "nationality", "population_group")


@dataclass(frozen=True, kw_only=True)
class PersonInError(Node):
    """One synthetic person with at least one outcome of :data:`OUTCOMES`."""

    person_id: int
    wrongly_linked: bool
    merged: bool | None
    missed: bool
    false_red: bool
    wrong_links: int
    linked_to: tuple[int, ...]
    colours: tuple[str, ...]
    records: int
    name: str
    sex: str | None
    age_band: str | None
    region: str | None
    nationality: str | None
    population_group: str | None

    @property
    def outcomes(self) -> tuple[str, ...]:
        """The outcomes this person has, in the order of :data:`OUTCOMES`."""
        return tuple(o for o in OUTCOMES if getattr(self, o))


@dataclass(frozen=True)
class PeopleInError:
    """Everyone with an outcome, and how many people have each."""

    world: str
    people: tuple[PersonInError, ...]
    counts: Mapping[str, int]

    def to_json(self) -> dict[str, JsonValue]:
        """``{"world", "simulated", "counts", "people": [...]}``."""
        return {
            "world": self.world,
            "simulated": True,
            "synthetic_people": True,
            "counts": dict(self.counts),
            "people": [p.to_json() for p in self.people],
        }


def _wrong_links(links: pl.DataFrame) -> pl.DataFrame:
    """Per person: wrong links (white, yellow, red between two people), whom they reach."""
    wrong = wrong_links(links)
    sides = pl.concat(
        [
            wrong.select(
                pl.col("person_id_a").alias("person_id"),
                pl.col("person_id_b").alias("other"),
                "colour",
                "link_id",
            ),
            wrong.select(
                pl.col("person_id_b").alias("person_id"),
                pl.col("person_id_a").alias("other"),
                "colour",
                "link_id",
            ),
        ]
    )
    return sides.group_by("person_id").agg(
        pl.col("link_id").n_unique().alias("wrong_links"),
        pl.col("other").unique().sort().alias("linked_to"),
        pl.col("colour").unique().sort().alias("colours"),
    )


def _person(row: Mapping[str, object]) -> PersonInError:
    def text(key: str) -> str | None:
        value = row.get(key)
        return None if value is None else str(value)

    linked = row.get("linked_to") or []
    colours = row.get("colours") or []
    assert isinstance(linked, list)
    assert isinstance(colours, list)
    merged = row.get("merged")
    return PersonInError(
        person_id=int(str(row["person_id"])),
        wrongly_linked=bool(row["wrongly_linked"]),
        merged=None if merged is None else bool(merged),
        missed=bool(row["missed"]),
        false_red=bool(row["false_red"]),
        wrong_links=int(str(row.get("wrong_links") or 0)),
        linked_to=tuple(int(x) for x in linked),
        colours=tuple(str(c) for c in colours),
        records=int(str(row.get("n_records") or 0)),
        name=f"{row.get('given_names_latin') or ''} {row.get('surname_latin') or ''}".strip(),
        **{c: text(c) for c in GROUP_COLUMNS},
    )


def people_in_error(world: World, config: AnalysisConfig | None = None) -> PeopleInError:
    """Every person wrongly linked, merged, missed or in a false red link.

    Sorted with the people wrongly linked first, most wrong links first. Raises
    :class:`schemas.WorldError` when the world is not linked.
    """
    config = config or AnalysisConfig()
    data = load_world_data(world, config)
    _, pairs = pair_errors(data, config.level)
    outcomes = person_outcomes(data, pairs)
    flags = [c for c in OUTCOMES if c in outcomes.columns]
    people = (
        outcomes.filter(pl.any_horizontal(pl.col(flags).fill_null(False)))
        .join(_wrong_links(data.links), on="person_id", how="left")
        .join(
            data.persons.select("person_id", "given_names_latin", "surname_latin", *GROUP_COLUMNS),
            on="person_id",
            how="left",
        )
        .with_columns(pl.col("wrong_links").fill_null(0))
        .sort(["wrongly_linked", "wrong_links", "person_id"], descending=[True, True, False])
    )
    rows = tuple(_person(r) for r in people.iter_rows(named=True))
    counts = {o: sum(1 for p in rows if getattr(p, o)) for o in OUTCOMES}
    return PeopleInError(world=str(world.path), people=rows, counts=counts)

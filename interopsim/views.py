"""Read-only views of worlds and scenarios, for people: who was hurt, what a scenario sets.

=================  =============================================  ==========================
call               does                                           returns
=================  =============================================  ==========================
``errors``         the people wrongly linked, merged or missed    :class:`PeopleInError`
``scenario_values``  every value of a scenario and its source     list of :class:`ResolvedValue`
``scenario_keys``  every key a scenario file may set              list of :class:`KeyDoc`
``keys_page``      those keys as the page ``docs/scenario-keys.md``  str
``warnings``       why a run's figures say little (a small world)  tuple of str
``figure_cells``   one figure as the text of a table row          :class:`FigureCells`
=================  =============================================  ==========================

The command line prints these; nothing here writes to a world.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.estimate import Estimate
from analysis.metrics import Metrics
from analysis.report import PeopleInError, people_in_error, size_warnings
from analysis.report.extract import kind_of
from analysis.report.formatting import format_value, lower_bound
from interopsim._guard import locked_for_reading
from interopsim.api import WorldLike, load_scenario, open_world, world_path
from interopsim.reference import (
    KeyDoc,
    ResolvedValue,
    keys_markdown,
    resolved_values,
)
from interopsim.reference import scenario_keys as _keys
from synth.scenario import Scenario
from synth.scenario_sources import scenario_parameters

__all__ = [
    "FigureCells",
    "errors",
    "figure_cells",
    "keys_page",
    "scenario_keys",
    "scenario_values",
    "warnings",
]

#: The sections of the scenario keys page: a title and the model it documents.
KEY_SECTIONS: list[tuple[str, type[Scenario]]] = [("The scenario", Scenario)]


def errors(world: WorldLike, *, db: str | None = None, verify: bool = False) -> PeopleInError:
    """Every synthetic person of a linked ``world`` wrongly linked, merged, missed or in a
    false red link, with their groups and whom the wrong links reach. ``db`` and ``verify``
    as for :func:`interopsim.open_world`; the world is read under its shared lock."""
    with locked_for_reading([world_path(world)]):
        return people_in_error(open_world(world, db=db, verify=verify))


def scenario_values(source: Path | str) -> list[ResolvedValue]:
    """Every value of a preset (a name) or a scenario file (a ``*.toml`` path), each with
    the source of its default or the preset or file that set it."""
    path = Path(source)
    if isinstance(source, Path) or str(source).endswith(".toml") or path.is_file():
        scenario, setter = load_scenario(path), f"scenario file {path.name}"
    else:
        scenario, setter = load_scenario(str(source)), f"preset {source}"
    return resolved_values(scenario_parameters(scenario), setter)


def scenario_keys() -> list[KeyDoc]:
    """Every key a scenario file may set: its values, default and source."""
    return [doc for _, model in KEY_SECTIONS for doc in _keys(model)]


def keys_page() -> str:
    """The reference page of the scenario keys (``docs/scenario-keys.md``)."""
    return keys_markdown(list(KEY_SECTIONS))


def warnings(metrics: Metrics) -> tuple[str, ...]:
    """Why a run's figures say little (a world too small); empty when they can speak."""
    return size_warnings(metrics)


@dataclass(frozen=True)
class FigureCells:
    """One figure as a table row shows it: rounded by its kind, bounds cut at zero."""

    value: str
    lower: str
    upper: str
    unit: str


def figure_cells(estimate: Estimate) -> FigureCells:
    """``estimate`` rounded for reading: counts whole, shares in percent, others 3 digits."""
    kind = kind_of(estimate)
    bounds: list[float | None] = (
        [lower_bound(estimate), estimate.upper] if estimate.has_interval else []
    )
    if kind == "count":  # whole people, links
        bounds = [None if b is None else float(round(b)) for b in bounds]
    lower, upper = (format_value(b, kind) for b in bounds) if bounds else ("", "")
    unit = "" if kind == "share" else estimate.unit
    return FigureCells(format_value(estimate.value, kind), lower, upper, unit)

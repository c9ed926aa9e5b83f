"""The report in words: the headline paragraph, the glossary and the warnings of a run.

:func:`headline_of` writes the paragraph a reader sees first: the key figure (people
wrongly linked, the error figure of the :data:`GLOSSARY`), its interval and what drives
it (the link colours behind the wrong links, the systems they reach, the group that
bears most of them, the growth to real register sizes). :func:`size_warnings` says when
a world is too small for its figures to say much. Every number comes from the typed
:class:`~analysis.metrics.Metrics`; nothing is computed here but choices of words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from analysis.estimate import Estimate
from analysis.groups import GroupFigures
from analysis.metrics import Metrics
from analysis.report.formatting import format_count, format_interval, format_value
from analysis.report.mechanisms_view import mechanism_sentence
from analysis.report.model import Citation, Headline, HeadlineRow

__all__ = [
    "ERROR_FIGURE",
    "GLOSSARY",
    "KEY_FIGURES",
    "MIN_PEOPLE",
    "SMALL_WORLD",
    "headline_of",
    "size_warnings",
]

#: The headline key of the report's error figure.
ERROR_FIGURE = "persons_wrongly_linked"
#: The figures shown as cards under the headline, the error figure first.
KEY_FIGURES = (ERROR_FIGURE, "persons_merged", "persons_missed", "persons_false_red")
#: Fewer people wrongly linked than this: the world is too small to compare groups.
MIN_PEOPLE = 10
#: Fewer synthetic persons than this: the world is too small for stable rates.
SMALL_WORLD = 5_000

GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        "People wrongly linked",
        "The error figure of this report. A synthetic person at least one of whose records "
        "the multiple-identity detector (MID) joined, by a white, yellow or red link, to a "
        "record of another person (red links that rightly expose an identity fraud "
        "excepted). Each person counts once, however many wrong links they have.",
    ),
    (
        "False MID links",
        "Links whose colour contradicts the truth: white or red links between two people, "
        "green links between two records of one person. Counts links, not people.",
    ),
    (
        "Merged",
        "A person with a record in an identity cluster that also holds another person's "
        "record: the common identity repository shows them partly as someone else.",
    ),
    (
        "Missed",
        "A person with records in two systems, stored at the same time, that no link joins.",
    ),
    (
        "Link colours",
        "White: same or similar identity data, shown as one person. Yellow: to be verified "
        "by hand. Green: verified, two different people. Red: verified, one person under "
        "different identities (suspected identity fraud) [@eu-2019-817].",
    ),
    (
        "FPIR",
        "False positive identification rate: the share of biometric searches that return at "
        "least one wrong candidate.",
    ),
    (
        "Extrapolated",
        "Computed with a stated formula beyond the size of the simulated world; not simulated.",
    ),
    (
        "95 % interval",
        "The sampling uncertainty of the simulation (within one world, or across replicate "
        "worlds); it does not include the uncertainty of the assumptions.",
    ),
    (
        "Disparity ratio",
        "A group's rate divided by the overall rate: 1 means no difference, 2 twice as often.",
    ),
)

_COLOUR_WORDS = (
    ("wrongly_linked_white", "by a white link, which shows two people as one"),
    ("wrongly_linked_yellow", "by a yellow link still waiting for a manual check"),
    ("wrongly_linked_red", "by a red link that marks them as suspected of identity fraud"),
)
_SYSTEM_WORDS = {
    "VIS": "visa",
    "EES": "border-crossing",
    "EURODAC": "asylum",
    "SIS": "police alert",
    "ETIAS": "travel-authorisation",
    "ECRIS": "criminal-record",
}


def _people(value: float | None) -> str:
    n = format_count(value)
    return f"{n} person" if n == "1" else f"{n} people"


def _scope(metrics: Metrics, c: Citation) -> str:
    persons = format_count(metrics.persons.persons.value)
    if c.replicated:
        return f"Averaged over {len(c.seeds)} simulated worlds of {persons} synthetic people each"
    return f"In this simulated world of {persons} synthetic people"


def _lead(metrics: Metrics, figure: HeadlineRow, c: Citation) -> str:
    wrong = metrics.persons.wrongly_linked
    registered = format_count(metrics.persons.registered_persons.value)
    interval = ""
    if figure.estimate.has_interval:
        interval = f" (95 % interval {format_interval(figure.estimate, 'count')})"
    share = format_value(wrong.rate.value, "share")
    average = "on average " if c.replicated else ""
    return (
        f"{_scope(metrics, c)}, the multiple-identity detector wrongly linked {average}"
        f"{_people(figure.estimate.value)}{interval} to records of someone else: {share} of "
        f"the {registered} people registered in at least one system."
    )


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _by_colour(metrics: Metrics) -> str | None:
    total = metrics.persons.wrongly_linked.count.value
    found = [
        (value, words)
        for field, words in _COLOUR_WORDS
        if (value := getattr(metrics.persons, field).count.value)
    ]
    if not found:
        return None
    if len(found) == 1 and found[0][0] == total:
        return f"All of them were joined {found[0][1]}."
    parts = [f"{format_count(value)} were joined {words}" for value, words in found]
    return f"Of these, {_join(parts)}."


def _by_system(metrics: Metrics) -> str | None:
    counts = [
        (to.count.value, system)
        for system, to in metrics.persons.wrongly_linked_to.items()
        if to.count.value
    ]
    if not counts:
        return None
    counts.sort(key=lambda t: (-t[0], t[1]))
    parts = [
        f"{_SYSTEM_WORDS.get(system, system)} records ({system}: {_people(value)})"
        for value, system in counts[:2]
    ]
    return f"The wrong links most often led to {_join(parts)}."


def _candidates(
    groups: Mapping[str, Mapping[str, GroupFigures]], dims: Iterable[str]
) -> list[tuple[str, str, Estimate]]:
    out = []
    for dim in dims:
        for group, figures in groups.get(dim, {}).items():
            outcome = figures.wrongly_linked
            if outcome is not None and outcome.disparity.value is not None:
                out.append((dim, group, outcome.disparity))
    return out


def _by_group(metrics: Metrics, dims: Iterable[str]) -> str | None:
    found = _candidates(metrics.groups, dims)
    if not found:
        return None
    clear = [t for t in found if t[2].has_interval and (t[2].lower or 0) > 1]
    pool = clear or found
    dim, group, ratio = max(pool, key=lambda t: t[2].value or 0)
    if not (ratio.value or 0) > 1:
        return None
    name = f"{group.replace('_', ' ')} ({dim.replace('_', ' ')})"
    interval = f" (95 % interval {format_interval(ratio, 'ratio')})" if ratio.has_interval else ""
    times = format_value(ratio.value, "ratio")
    if clear:
        return (
            f"The errors do not fall evenly: people in the group {name} were {times} times as "
            f"likely as average to be wrongly linked{interval}."
        )
    return (
        f"At this world size no group differs clearly from the average: the largest ratio, "
        f"{times} for {name}, has an interval that includes 1{interval}."
    )


def _at_scale(rows: Mapping[str, HeadlineRow]) -> str | None:
    bio = rows.get("biometric_fpir_at_sbms_size")
    ident = rows.get("identity_collisions_per_search_at_cir_size")
    parts = []
    if bio is not None:
        parts.append(
            f"a biometric search of the 400-million-template sBMS would return a false "
            f"candidate in {format_value(bio.estimate.value, 'share')} of searches"
        )
    if ident is not None:
        parts.append(
            f"an identity search of the 300-million-record CIR would meet "
            f"{format_value(ident.estimate.value, 'number')} records of other people with the "
            "same name and birth date"
        )
    if not parts:
        return None
    return f"At real register sizes (extrapolated, not simulated), {_join(parts)}."


def headline_of(
    metrics: Metrics,
    rows: Sequence[HeadlineRow],
    citation: Citation,
    dims: Iterable[str] = ("region", "sex", "age_band", "population_group"),
) -> Headline | None:
    """The headline paragraph of a run (None when it has no error figure)."""
    by_key = {r.key: r for r in rows}
    figure = by_key.get(ERROR_FIGURE)
    if figure is None:
        return None
    sentences = [
        _lead(metrics, figure, citation),
        _by_colour(metrics),
        mechanism_sentence(metrics),
        _by_system(metrics),
        _by_group(metrics, dims),
        _at_scale(by_key),
    ]
    cards = tuple(by_key[k] for k in KEY_FIGURES if k in by_key)
    return Headline(figure, tuple(s for s in sentences if s), cards)


def size_warnings(metrics: Metrics) -> tuple[str, ...]:
    """Why the figures of a too-small world say little (empty for a world large enough)."""
    persons = metrics.persons.persons.value or 0
    wrong = metrics.persons.wrongly_linked.count.value or 0
    if wrong >= MIN_PEOPLE and persons >= SMALL_WORLD:
        return ()
    return (
        f"This world is too small to show much: {_people(wrong)} wrongly linked among "
        f"{format_count(persons)} synthetic persons. Rates have wide intervals, most groups "
        f"show zero and differences between groups cannot be told apart. Simulate at least "
        f"20,000 persons (--persons 20000) or add replicate worlds (analyse --replicate).",
    )

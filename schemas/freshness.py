"""Whether results computed from a world still describe it.

The ``run_id`` of a world's ``link`` stage (:class:`~schemas.manifest.StageRecord`) hashes
the link parameters and the link tables, so it changes whenever the links change. A
document computed from the links (``metrics.json``) carries the identity of the world and
of the link run it read (:func:`results_identity`, stored under its ``provenance``); a
command that renders such a document first asks :func:`require_current` and refuses,
with the command that refreshes it, when the world was re-linked or replaced since.
"""

from __future__ import annotations

from collections.abc import Mapping

from schemas.errors import StaleResultsError
from schemas.world import World

__all__ = [
    "LINK_RUN_ID",
    "LINK_STAGE",
    "WORLD_ID",
    "is_current",
    "recorded_identity",
    "require_current",
    "results_identity",
]

LINK_STAGE = "link"
#: Keys under a results document's ``provenance``.
LINK_RUN_ID = "link_run_id"
WORLD_ID = "world_id"


def results_identity(world: World) -> dict[str, str | None]:
    """What a results document must record about the world it was computed from."""
    record = world.stage(LINK_STAGE)
    return {WORLD_ID: world.world_id, LINK_RUN_ID: record.run_id if record else None}


def recorded_identity(document: Mapping[str, object]) -> dict[str, str | None]:
    """The identity a results document recorded (``provenance.world_id/link_run_id``)."""
    provenance = document.get("provenance")
    if not isinstance(provenance, Mapping):
        return {WORLD_ID: None, LINK_RUN_ID: None}
    out: dict[str, str | None] = {}
    for key in (WORLD_ID, LINK_RUN_ID):
        value = provenance.get(key)
        out[key] = value if isinstance(value, str) else None
    return out


def is_current(world: World, document: Mapping[str, object]) -> bool:
    """Whether ``document`` was computed from ``world``'s current links.

    False when the document records no link run (it predates this check), when the
    world was linked again since (another ``run_id``), or when the world was replaced
    (another ``world_id``; early worlds without one are compared on the run alone).
    """
    now, then = results_identity(world), recorded_identity(document)
    if now[LINK_RUN_ID] is None or then[LINK_RUN_ID] != now[LINK_RUN_ID]:
        return False
    return not (now[WORLD_ID] and then[WORLD_ID] != now[WORLD_ID])


def require_current(
    world: World,
    document: Mapping[str, object],
    *,
    what: str = "metrics.json",
    refresh: str | None = None,
) -> None:
    """Raise :class:`StaleResultsError` unless :func:`is_current`; says how to refresh.

    ``refresh`` is the command to suggest (default ``interopsim analyse DIR``).
    """
    if is_current(world, document):
        return
    command = refresh or f"interopsim analyse {world.path}"
    now, then = results_identity(world), recorded_identity(document)
    if now[LINK_RUN_ID] is None:
        reason = "the world has not been linked"
        command = f"interopsim link {world.path}"
    elif then[LINK_RUN_ID] is None:
        reason = "it does not record which link run it was computed from"
    elif then[WORLD_ID] and now[WORLD_ID] and then[WORLD_ID] != now[WORLD_ID]:
        reason = "the world was generated again since"
    else:
        reason = "the world was linked again since"
    raise StaleResultsError(
        f"{what} of {world.path} is out of date ({reason}); run `{command}` first"
    )

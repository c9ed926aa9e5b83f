"""interopsim's Python API: one call per stage, each returning its typed result.

::

    import interopsim

    world = interopsim.generate("default", seed=42, out="worlds/w", persons=20_000)
    linked = interopsim.link(world, mode="shared")
    metrics = interopsim.analyse(linked.world)
    files = interopsim.report(linked.world)

Every person in a world is synthetic and every figure is simulated; see the README for
what is modelled and what is measured.
"""

from __future__ import annotations

from interopsim.api import analyse, generate, link, load_scenario, open_world, report, run
from schemas import __version__

__all__ = [
    "__version__",
    "analyse",
    "generate",
    "link",
    "load_scenario",
    "open_world",
    "report",
    "run",
]

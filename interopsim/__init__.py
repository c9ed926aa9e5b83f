"""interopsim's Python API: one call per stage, each returning its typed result.

::

    import interopsim

    world = interopsim.generate("small", seed=42, out="worlds/w", persons=2_000)
    linked = interopsim.link(world, mode="shared")   # LinkResult: links, clusters, world
    metrics = interopsim.analyse(linked)             # Metrics, also in report/metrics.json
    files = interopsim.report(linked)                # ReportFiles: index.html, report.md

or all four at once, built aside and moved into place only on success::

    result = interopsim.run("small", seed=42, out="worlds/w", persons=2_000)

and the model against published figures (reference worlds built on this machine)::

    checked = interopsim.validate(out="validation", quick=True)  # ValidationRun

Every person in a world is synthetic and every figure is simulated; see the README for
what is modelled and what is measured. Errors a user can fix are
:class:`SimulatorError` (a :class:`ConfigError` for a bad scenario or option, a
:class:`WorldError` for a missing or unusable world, a :class:`DatabaseError` for an
unreachable database).
"""

from __future__ import annotations

from interopsim.api import (
    analyse,
    compare,
    explain,
    generate,
    link,
    load_scenario,
    metrics_path,
    open_world,
    presets,
    report,
)
from interopsim.pipeline import RunResult, run
from interopsim.validate import ValidationRun, validate
from linkage.biometric import SearchMode
from schemas import __version__
from schemas.errors import ConfigError, DatabaseError, SimulatorError, WorldError

__all__ = [
    "ConfigError",
    "DatabaseError",
    "RunResult",
    "SearchMode",
    "SimulatorError",
    "ValidationRun",
    "WorldError",
    "__version__",
    "analyse",
    "compare",
    "explain",
    "generate",
    "link",
    "load_scenario",
    "metrics_path",
    "open_world",
    "presets",
    "report",
    "run",
    "validate",
]

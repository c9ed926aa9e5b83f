"""The exception tree shared by every layer.

Library code raises these; the CLI turns a :class:`SimulatorError` into one line on
stderr and exit status 1.
"""

from __future__ import annotations

import errno

__all__ = [
    "ConfigError",
    "DatabaseError",
    "SimulatorError",
    "StaleResultsError",
    "WorldBusyError",
    "WorldError",
    "describe_unexpected",
]


class SimulatorError(Exception):
    """Base class for every error that interopsim reports to a user."""


class ConfigError(SimulatorError, ValueError):
    """A scenario, preset, option or parameter is invalid."""


class WorldError(SimulatorError):
    """A world directory is missing, corrupt, foreign or in the wrong state."""


class DatabaseError(SimulatorError):
    """A database URL cannot be reached or written."""


class WorldBusyError(WorldError):
    """Another process is writing (or reading) the world or output path right now."""


class StaleResultsError(WorldError):
    """Results (metrics, a report) were computed from an earlier run than the world holds."""


_OS_ADVICE = {
    errno.ENOSPC: "free some disk space or choose another --out",
    errno.EDQUOT: "free some disk space or choose another --out",
    errno.EROFS: "choose a writable --out",
    errno.EACCES: "check the permissions or choose another path",
    errno.EPERM: "check the permissions or choose another path",
    errno.EMFILE: "raise the open-file limit (ulimit -n)",
}


def describe_unexpected(exc: BaseException) -> str:
    """One line for an exception that is not a :class:`SimulatorError` (top-level guard).

    Operating-system errors name their file and what to do; anything else is called an
    internal error, with the pointer to ``-vv`` for the traceback. The CLI prints this
    after ``Error:`` and exits 1.
    """
    if isinstance(exc, MemoryError):
        return "out of memory; try a smaller world (--persons) or a machine with more memory"
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        advice = _OS_ADVICE.get(exc.errno or 0)
        head = f"cannot use {exc.filename}" if exc.filename else "operating-system error"
        return f"{head}: {reason}" + (f"; {advice}" if advice else "")
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    detail = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    return (
        f"internal error ({detail[:200]}); this is a bug in interopsim: run the command again "
        "with -vv to see the traceback and report it"
    )

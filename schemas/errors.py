"""The exception tree shared by every layer.

Library code raises these; the CLI turns a :class:`SimulatorError` into one line on
stderr and exit status 1.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DatabaseError",
    "SimulatorError",
    "StaleResultsError",
    "WorldBusyError",
    "WorldError",
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

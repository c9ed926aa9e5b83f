"""What the world looks like: systems, tables, access rules and the world directory."""

from __future__ import annotations

from importlib import metadata

from schemas.db import connect, read_sql_table, redact_url, sqlite_url, write_sql_tables
from schemas.errors import ConfigError, DatabaseError, SimulatorError, WorldError
from schemas.progress import Progress, silent
from schemas.rng import stable_hash, stream
from schemas.systems import (
    SYSTEM_BY_PREFIX,
    SYSTEMS,
    AgeRange,
    Fact,
    IdentityField,
    Modality,
    SystemKey,
    SystemSpec,
    system,
)
from schemas.tables import (
    TABLES,
    biometric_columns,
    polars_schema,
    sql_table,
    truth_columns,
)
from schemas.world import World, add_tables, library_versions, open_world, write_world

try:
    __version__ = metadata.version("interopsim")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0+unknown"

__all__ = [
    "SYSTEMS",
    "SYSTEM_BY_PREFIX",
    "TABLES",
    "AgeRange",
    "ConfigError",
    "DatabaseError",
    "Fact",
    "IdentityField",
    "Modality",
    "Progress",
    "SimulatorError",
    "SystemKey",
    "SystemSpec",
    "World",
    "WorldError",
    "__version__",
    "add_tables",
    "biometric_columns",
    "connect",
    "library_versions",
    "open_world",
    "polars_schema",
    "read_sql_table",
    "redact_url",
    "silent",
    "sql_table",
    "sqlite_url",
    "stable_hash",
    "stream",
    "system",
    "truth_columns",
    "write_sql_tables",
    "write_world",
]

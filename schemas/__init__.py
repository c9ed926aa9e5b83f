"""What the world looks like: systems, tables, access rules and the world directory."""

from __future__ import annotations

from importlib import metadata

from schemas.db import (
    connect,
    read_sql_table,
    redact_url,
    sqlite_url,
    storage_url,
    write_sql_tables,
)
from schemas.errors import (
    ConfigError,
    DatabaseError,
    SimulatorError,
    StaleResultsError,
    WorldBusyError,
    WorldError,
)
from schemas.paths import check_output_file
from schemas.progress import Progress, silent
from schemas.rng import stable_hash, stream
from schemas.systems import (
    SYSTEM_BY_PREFIX,
    SYSTEMS,
    AgeRange,
    IdentityField,
    Modality,
    SystemKey,
    SystemSources,
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
from schemas.world import (
    World,
    add_tables,
    install_world,
    library_versions,
    open_world,
    reading,
    record_files,
    write_world,
    writing,
)

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
    "IdentityField",
    "Modality",
    "Progress",
    "SimulatorError",
    "StaleResultsError",
    "SystemKey",
    "SystemSources",
    "SystemSpec",
    "World",
    "WorldBusyError",
    "WorldError",
    "__version__",
    "add_tables",
    "biometric_columns",
    "check_output_file",
    "connect",
    "install_world",
    "library_versions",
    "open_world",
    "polars_schema",
    "read_sql_table",
    "reading",
    "record_files",
    "redact_url",
    "silent",
    "sql_table",
    "sqlite_url",
    "stable_hash",
    "storage_url",
    "stream",
    "system",
    "truth_columns",
    "write_sql_tables",
    "write_world",
    "writing",
]

"""What the world looks like: systems, tables, access rules and the world directory.

The names below are loaded on first use (PEP 562), so that importing one light submodule
(``schemas.errors``, ``schemas.config``) does not load SQLAlchemy and the world I/O.
"""

from __future__ import annotations

import importlib
import typing
from importlib import metadata

if typing.TYPE_CHECKING:
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

_HOME: dict[str, str] = {
    **dict.fromkeys(
        ("connect", "read_sql_table", "redact_url", "sqlite_url", "write_sql_tables"), "db"
    ),
    **dict.fromkeys(("ConfigError", "DatabaseError", "SimulatorError", "WorldError"), "errors"),
    **dict.fromkeys(("Progress", "silent"), "progress"),
    **dict.fromkeys(("stable_hash", "stream"), "rng"),
    **dict.fromkeys(
        (
            "SYSTEM_BY_PREFIX",
            "SYSTEMS",
            "AgeRange",
            "Fact",
            "IdentityField",
            "Modality",
            "SystemKey",
            "SystemSpec",
            "system",
        ),
        "systems",
    ),
    **dict.fromkeys(
        ("TABLES", "biometric_columns", "polars_schema", "sql_table", "truth_columns"), "tables"
    ),
    **dict.fromkeys(
        ("World", "add_tables", "library_versions", "open_world", "write_world"), "world"
    ),
}


def __getattr__(name: str) -> typing.Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'schemas' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"schemas.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


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

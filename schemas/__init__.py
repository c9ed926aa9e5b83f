"""What the world looks like: systems, tables, access rules and the world directory.

The names below are loaded on first use (PEP 562), so that importing one light submodule
(``schemas.errors``, ``schemas.config``) does not load SQLAlchemy and the world I/O.
"""

from __future__ import annotations

import importlib
import typing
from importlib import metadata

if typing.TYPE_CHECKING:
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
    from schemas.paths import (
        check_output_file,
    )
    from schemas.progress import (
        Progress,
        silent,
    )
    from schemas.rng import (
        stable_hash,
        stream,
    )
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

_HOME: dict[str, str] = {
    **dict.fromkeys(
        (
            "connect",
            "read_sql_table",
            "redact_url",
            "sqlite_url",
            "storage_url",
            "write_sql_tables",
        ),
        "db",
    ),
    **dict.fromkeys(
        (
            "ConfigError",
            "DatabaseError",
            "SimulatorError",
            "StaleResultsError",
            "WorldBusyError",
            "WorldError",
        ),
        "errors",
    ),
    **dict.fromkeys(
        ("check_output_file",),
        "paths",
    ),
    **dict.fromkeys(
        (
            "Progress",
            "silent",
        ),
        "progress",
    ),
    **dict.fromkeys(
        (
            "stable_hash",
            "stream",
        ),
        "rng",
    ),
    **dict.fromkeys(
        (
            "SYSTEM_BY_PREFIX",
            "SYSTEMS",
            "AgeRange",
            "IdentityField",
            "Modality",
            "SystemKey",
            "SystemSources",
            "SystemSpec",
            "system",
        ),
        "systems",
    ),
    **dict.fromkeys(
        (
            "TABLES",
            "biometric_columns",
            "polars_schema",
            "sql_table",
            "truth_columns",
        ),
        "tables",
    ),
    **dict.fromkeys(
        (
            "World",
            "add_tables",
            "install_world",
            "library_versions",
            "open_world",
            "reading",
            "record_files",
            "write_world",
            "writing",
        ),
        "world",
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

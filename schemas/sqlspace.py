"""Where a world's tables live in an SQL database, and which world owns them.

Each world writes into a namespace of its own: its own ``world.sqlite`` file, a
PostgreSQL schema, or, in an SQLite file shared with other data, a table-name prefix
(``NAMESPACE__persons``). The namespace holds a one-row marker table,
``interopsim_world``, naming the world (its random ``world_id``, the directory it was
written for) and the SHA-256 of every table as the world's manifest records it.

A write checks the marker first: it only ever drops tables that the marker lists for the
same world, never a table it did not create, and never writes into a namespace that holds
another world or tables nobody recorded. The marker is written in the same transaction as
the tables, so the manifest can later be checked against what the database really holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa

from schemas.errors import DatabaseError
from schemas.tables import sql_table

__all__ = [
    "MARKER",
    "Claim",
    "Marker",
    "SqlSpace",
    "namespace_for",
]

MARKER = "interopsim_world"
_PREFIX_SEP = "__"
_NAMESPACE = re.compile(r"[a-z][a-z0-9_]{0,62}")


def ident(name: str) -> str:
    """``name`` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def namespace_for(target: Path, world_id: str) -> str:
    """The namespace of a new world: ``interopsim_<directory name>_<8 hex of its id>``."""
    slug = re.sub(r"[^a-z0-9]+", "_", target.name.lower()).strip("_")[:32].strip("_")
    return f"interopsim_{slug or 'world'}_{world_id[:8]}"


@dataclass(frozen=True)
class SqlSpace:
    """The place of a world's tables in one database.

    ``namespace`` None is the world's own SQLite file (plain table names); on PostgreSQL
    it is a schema, on SQLite a table-name prefix.
    """

    backend: str
    namespace: str | None = None

    def __post_init__(self) -> None:
        if self.namespace is not None and not _NAMESPACE.fullmatch(self.namespace):
            raise DatabaseError(f"{self.namespace!r} is not a valid interopsim namespace")
        # Early 0.2 manifests stored the driver too ("postgresql+psycopg").
        object.__setattr__(self, "backend", self.backend.split("+", 1)[0])

    @property
    def schema(self) -> str:
        """The PostgreSQL schema of the tables (``public`` for early worlds)."""
        return self.namespace or "public"

    @property
    def prefixed(self) -> bool:
        return self.namespace is not None and self.backend != "postgresql"

    def stored_name(self, name: str) -> str:
        """The table's name as stored (with its prefix on a shared SQLite file)."""
        return f"{self.namespace}{_PREFIX_SEP}{name}" if self.prefixed else name

    def qualified(self, name: str) -> str:
        """The quoted SQL reference to table ``name`` of this space."""
        if self.namespace is not None and not self.prefixed:
            return f"{ident(self.namespace)}.{ident(name)}"
        return ident(self.stored_name(name))

    def model(self, name: str) -> sa.Table:
        """The SQLAlchemy table ``name`` placed in this space."""
        base = sql_table(name)
        if self.namespace is None:
            return base
        if self.prefixed:
            return base.to_metadata(sa.MetaData(), name=self.stored_name(name))
        return base.to_metadata(sa.MetaData(), schema=self.namespace)

    def describe(self, shown_url: str) -> str:
        """Words for error messages: the database and, if any, the namespace."""
        if self.namespace is None:
            return shown_url
        kind = "schema" if not self.prefixed else "table prefix"
        return f"{kind} {self.namespace} of {shown_url}"


@dataclass(frozen=True)
class Claim:
    """Who writes: the world's id and directory, and the hash of every table it holds.

    ``existing`` says the world's tables are already there (a stage adding tables), so
    the namespace must carry this world's marker. ``legacy`` names tables that a world
    written before markers existed may own in its own ``world.sqlite`` (they may be
    replaced although no marker lists them).
    """

    world_id: str
    world_path: str
    hashes: Mapping[str, str]
    existing: bool = False
    legacy: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Marker:
    """The content of a namespace's ``interopsim_world`` table."""

    world_id: str
    world_path: str
    tables: dict[str, str]


class Sql(Protocol):
    """The little a marker check needs from a connection."""

    mark: str

    def run(self, statement: str, params: tuple[Any, ...] = ()) -> None: ...

    def rows(self, statement: str) -> list[tuple[Any, ...]]: ...


def present_tables(sql: Sql, space: SqlSpace) -> set[str]:
    """The names (without prefix) of the tables in ``space``, the marker excluded."""
    if space.backend == "postgresql":
        found = {
            str(r[0])
            for r in sql.rows(
                "SELECT table_name FROM information_schema.tables "
                f"WHERE table_schema = '{space.schema}'"
            )
        }
    else:
        names = {str(r[0]) for r in sql.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if space.prefixed:
            head = f"{space.namespace}{_PREFIX_SEP}"
            found = {n.removeprefix(head) for n in names if n.startswith(head)}
        else:
            found = {n for n in names if not n.startswith("sqlite_")}
    return found - {MARKER}


def read_marker(sql: Sql, space: SqlSpace) -> Marker | None:
    """The marker of ``space``, None when there is none; an unreadable one is an error."""
    if space.backend == "postgresql":
        query = (
            "SELECT table_name FROM information_schema.tables "
            f"WHERE table_schema = '{space.schema}' AND table_name = '{MARKER}'"
        )
    else:
        query = f"SELECT name FROM sqlite_master WHERE name = '{space.stored_name(MARKER)}'"
    if not sql.rows(query):
        return None
    rows = sql.rows(f"SELECT world_id, world_path, tables FROM {space.qualified(MARKER)}")
    try:
        ((world_id, world_path, tables),) = rows
        parsed = json.loads(tables)
        if not isinstance(parsed, dict):
            raise ValueError("tables is not an object")
        return Marker(str(world_id), str(world_path), {str(k): str(v) for k, v in parsed.items()})
    except (ValueError, TypeError) as exc:
        raise DatabaseError(
            f"the interopsim marker table {space.qualified(MARKER)} is corrupt ({exc})"
        ) from None


def prepare(sql: Sql, space: SqlSpace, claim: Claim | None, names: list[str], where: str) -> None:
    """Check that ``claim`` may write ``names`` into ``space``; drop the ones it replaces.

    Raises :class:`DatabaseError` when the space holds another world, tables that no
    marker lists (in a namespace), or a table of the same name that this world did not
    write. Runs inside the write's transaction.
    """
    present = present_tables(sql, space)
    marker = read_marker(sql, space)
    if marker is not None and (claim is None or marker.world_id != claim.world_id):
        raise DatabaseError(
            f"{where} holds another interopsim world (written for {marker.world_path}); "
            "interopsim never writes over it"
        )
    if marker is None and claim is not None and claim.existing and not claim.legacy:
        raise DatabaseError(
            f"{where} does not hold this world's tables (is it the database the world was "
            "generated in?)"
        )
    if marker is None and space.namespace is not None and present:
        raise DatabaseError(
            f"{where} already holds tables that interopsim did not create "
            f"({', '.join(sorted(present)[:8])}); interopsim never writes into it"
        )
    owned = set(marker.tables) if marker is not None else set(claim.legacy if claim else ())
    replaced = sorted(set(names) & present)
    clash = [n for n in replaced if n not in owned]
    if clash:
        raise DatabaseError(
            f"{where} already holds tables {', '.join(clash)} that interopsim did not write "
            "for this world; they are never dropped (choose another database)"
        )
    for name in replaced:
        sql.run(f"DROP TABLE {space.qualified(name)}")


def write_marker(sql: Sql, space: SqlSpace, claim: Claim) -> None:
    """Create or refresh the marker of ``space`` for ``claim`` (inside the transaction)."""
    if read_marker(sql, space) is None:
        sql.run(
            f"CREATE TABLE {space.qualified(MARKER)} (world_id VARCHAR(32) NOT NULL, "
            "world_path TEXT NOT NULL, tables TEXT NOT NULL)"
        )
    else:
        sql.run(f"DELETE FROM {space.qualified(MARKER)}")
    tables = json.dumps(dict(sorted(claim.hashes.items())))
    m = sql.mark
    sql.run(
        f"INSERT INTO {space.qualified(MARKER)} (world_id, world_path, tables) "
        f"VALUES ({m}, {m}, {m})",
        (claim.world_id, claim.world_path, tables),
    )


def drop_world(sql: Sql, space: SqlSpace, world_id: str) -> list[str]:
    """Drop the tables and marker of world ``world_id`` in ``space``; what was dropped.

    Nothing is dropped when the marker names another world or is missing. A PostgreSQL
    schema is dropped too when nothing else is left in it.
    """
    marker = read_marker(sql, space)
    if marker is None or marker.world_id != world_id:
        return []
    present = present_tables(sql, space)
    dropped = sorted(set(marker.tables) & present)
    for name in dropped:
        sql.run(f"DROP TABLE {space.qualified(name)}")
    sql.run(f"DROP TABLE {space.qualified(MARKER)}")
    if space.backend == "postgresql" and space.namespace and not present - set(dropped):
        sql.run(f"DROP SCHEMA {ident(space.namespace)}")
    return dropped

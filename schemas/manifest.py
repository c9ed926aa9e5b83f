"""The typed ``manifest.json`` of a world directory.

The manifest is the world's identity card: how it was made (seed, resolved scenario and
its hash, as-of date, library versions), what it holds (every table with its row count
and SHA-256) and which stages ran over it (each with a deterministic ``run_id``, its
parameters and a summary). Every layer reads it through :class:`Manifest`, never as a
raw dictionary.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    NonNegativeInt,
    StrictInt,
    StrictStr,
    ValidationError,
)

from schemas.errors import WorldError

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "DatabaseInfo",
    "FileEntry",
    "Manifest",
    "StageRecord",
    "TableEntry",
    "canonical_hash",
    "file_sha256",
]

#: The name of the manifest file in a world directory.
MANIFEST = "manifest.json"
FORMAT = "interopsim-world"
FORMAT_VERSION = 2


def canonical_hash(data: JsonValue) -> str:
    """SHA-256 of ``data``'s canonical JSON (sorted keys, no whitespace)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_SHA256 = r"^[0-9a-f]{64}$"


class TableEntry(_Record):
    """One table of the world: its file, row count and content hash."""

    rows: NonNegativeInt = Field(strict=True)
    sha256: StrictStr = Field(pattern=_SHA256)
    file: StrictStr


class FileEntry(_Record):
    """A file a stage wrote inside the world (a report page, ``metrics.json``).

    ``replaces``: while a stage swaps a new version of the file in, the SHA-256 of the
    recorded version it replaces; either version is then the world's own, so a run
    killed in the middle of the swap leaves files the next run may replace.
    """

    sha256: StrictStr = Field(pattern=_SHA256)
    stage: StrictStr
    replaces: StrictStr | None = Field(default=None, pattern=_SHA256)


class DatabaseInfo(_Record):
    """Where the SQL copy of the tables lives.

    ``url`` is None for the world's own ``world.sqlite``; otherwise the URL of another
    database, stored without any password (it comes from the environment, a pgpass file
    or a ``--db`` option when the world is opened again). ``namespace`` is the
    PostgreSQL schema (or, in a shared SQLite file, the table-name prefix) that holds
    this world's tables and nobody else's.
    """

    url: StrictStr | None = None
    backend: StrictStr = "sqlite"
    namespace: StrictStr | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]{0,62}$")


class StageRecord(_Record):
    """A stage that ran over the world after generation (``link``, ...).

    ``run_id`` identifies the run: a hash of its parameters and of the tables it wrote,
    so results computed from one run can be told apart from those of another.
    """

    run_id: StrictStr
    finished_at: StrictStr
    seed: StrictInt | None = None
    parameters: dict[str, JsonValue] = {}
    summary: dict[str, JsonValue] = {}


class Manifest(_Record):
    """Everything ``manifest.json`` records."""

    format: Literal["interopsim-world"] = "interopsim-world"
    format_version: StrictInt = FORMAT_VERSION
    #: Random identity of this world, made when it is written (empty in early 0.2 worlds).
    world_id: StrictStr = Field(default="", pattern=r"^([0-9a-f]{32})?$")
    seed: StrictInt
    scenario: dict[str, JsonValue]
    scenario_hash: StrictStr
    as_of: dt.date
    created_at: StrictStr
    versions: dict[str, str]
    database: DatabaseInfo = DatabaseInfo()
    tables: dict[str, TableEntry]
    #: Files that stages wrote inside the world, by path relative to it.
    files: dict[str, FileEntry] = {}
    generator: dict[str, JsonValue] = {}
    stages: dict[str, StageRecord] = {}

    @property
    def scenario_name(self) -> str:
        """The scenario's name (preset or file stem), or ``"unnamed"``."""
        name = self.scenario.get("name")
        return str(name) if isinstance(name, str) and name else "unnamed"

    def with_stage(
        self, name: str, record: StageRecord, tables: Mapping[str, TableEntry]
    ) -> Manifest:
        """A copy with ``record`` as stage ``name`` and ``tables`` added or replaced."""
        return self.model_copy(
            update={
                "tables": {**self.tables, **tables},
                "stages": {**self.stages, name: record},
            }
        )

    def with_files(self, files: Mapping[str, FileEntry], gone: frozenset[str]) -> Manifest:
        """A copy with ``files`` recorded and the files in ``gone`` forgotten."""
        kept = {k: v for k, v in self.files.items() if k not in gone}
        return self.model_copy(update={"files": {**kept, **files}})

    def to_bytes(self) -> bytes:
        """The manifest as written to disk (indented JSON, one trailing newline)."""
        return (self.model_dump_json(indent=2) + "\n").encode()

    @classmethod
    def from_json(cls, data: object, where: str) -> Manifest:
        """Validate parsed JSON; :class:`WorldError` naming ``where`` on any problem."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise WorldError(
                f"{where} is not an interopsim world (manifest format is not {FORMAT!r})"
            )
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise WorldError(
                f"{where} has world format version {version!r}; this interopsim reads version "
                f"{FORMAT_VERSION} (generate the world again)"
            )
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise WorldError(_corrupt(Path(where) / MANIFEST, exc)) from None


def _corrupt(path: Path, exc: ValidationError) -> str:
    """One line naming the manifest file, the first bad field and what is wrong with it."""
    first = exc.errors()[0]
    key = ".".join(str(p) for p in first["loc"]) or "(root)"
    more = exc.error_count() - 1
    also = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    if first["type"] == "missing":
        what = f"field {key!r} is missing"
    else:
        what = f"field {key!r} is {_shown(first['input'])} ({first['msg']})"
    return f"{path} is corrupt: {what}{also}; restore it or generate the world again"


def _shown(value: object) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:37] + "..."

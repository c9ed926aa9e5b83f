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
from typing import Literal

from pydantic import BaseModel, ConfigDict, JsonValue, ValidationError

from schemas.errors import WorldError

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "DatabaseInfo",
    "Manifest",
    "StageRecord",
    "TableEntry",
    "canonical_hash",
]

FORMAT = "interopsim-world"
FORMAT_VERSION = 2


def canonical_hash(data: JsonValue) -> str:
    """SHA-256 of ``data``'s canonical JSON (sorted keys, no whitespace)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableEntry(_Record):
    """One table of the world: its file, row count and content hash."""

    rows: int
    sha256: str
    file: str


class DatabaseInfo(_Record):
    """Where the SQL copy of the tables lives (the URL without its password)."""

    url: str | None = None
    backend: str = "sqlite"


class StageRecord(_Record):
    """A stage that ran over the world after generation (``link``, ...).

    ``run_id`` identifies the run: a hash of its parameters and of the tables it wrote,
    so results computed from one run can be told apart from those of another.
    """

    run_id: str
    finished_at: str
    seed: int | None = None
    parameters: dict[str, JsonValue] = {}
    summary: dict[str, JsonValue] = {}


class Manifest(_Record):
    """Everything ``manifest.json`` records."""

    format: Literal["interopsim-world"] = "interopsim-world"
    format_version: int = FORMAT_VERSION
    seed: int
    scenario: dict[str, JsonValue]
    scenario_hash: str
    as_of: dt.date
    created_at: str
    versions: dict[str, str]
    database: DatabaseInfo = DatabaseInfo()
    tables: dict[str, TableEntry]
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
            first = exc.errors()[0]
            key = ".".join(str(p) for p in first["loc"]) or "(root)"
            raise WorldError(
                f"{where} has a corrupt manifest: {key}: {first['msg']} ({exc.error_count()} "
                "problem(s))"
            ) from None

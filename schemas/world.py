"""The world directory: the output contract between the layers.

```
DIR/manifest.json          world id, seed, scenario, versions, row counts, content hashes
DIR/tables/<table>.parquet one file per table
DIR/world.sqlite           the same tables in SQL (unless another database was named)
DIR/report/...             files later stages wrote (recorded in the manifest)
```

Writes are atomic and locked (:mod:`schemas.locks`): a new world is built in a hidden
staging directory beside ``DIR`` and swapped into place in one step
(:mod:`schemas.atomic`, :mod:`schemas.world_write`), replacing only a world that owns
everything in ``DIR`` (:mod:`schemas.ownership`). Tables added to an existing world are
written under temporary names; they, the manifest and the SQL transaction are committed
together at the end (:mod:`schemas.world_stage`). Opening a world checks it against its
manifest (:mod:`schemas.world_open`, :mod:`schemas.integrity`).
"""

from __future__ import annotations

from schemas.manifest import FORMAT, FORMAT_VERSION, file_sha256
from schemas.ownership import MANIFEST, SQLITE_FILE
from schemas.paths import check_output_dir
from schemas.world_open import World, open_world, reading, writing
from schemas.world_stage import add_tables, record_files
from schemas.world_write import install_world, library_versions, write_world

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "SQLITE_FILE",
    "World",
    "add_tables",
    "check_output_dir",
    "file_sha256",
    "install_world",
    "library_versions",
    "open_world",
    "reading",
    "record_files",
    "write_world",
    "writing",
]

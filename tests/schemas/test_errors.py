"""The one-line message of the top-level guard for unexpected exceptions."""

from __future__ import annotations

import errno

from schemas.errors import describe_unexpected


def test_os_errors_name_the_file_and_the_remedy() -> None:
    full = OSError(errno.ENOSPC, "No space left on device", "/data/w/tables/persons.parquet")
    assert describe_unexpected(full) == (
        "cannot use /data/w/tables/persons.parquet: No space left on device; "
        "free some disk space or choose another --out"
    )
    assert describe_unexpected(OSError(errno.EIO, "Input/output error")) == (
        "operating-system error: Input/output error"
    )


def test_anything_else_is_an_internal_error_with_a_pointer() -> None:
    message = describe_unexpected(IndexError("index 0 is out of bounds\nsecond line"))
    assert message.startswith("internal error (IndexError: index 0 is out of bounds)")
    assert "-vv" in message
    assert "\n" not in message
    assert "out of memory" in describe_unexpected(MemoryError())

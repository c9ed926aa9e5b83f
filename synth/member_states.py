"""The member states that run the modelled systems, declared once.

Generators index member states by their position in :data:`MEMBER_STATES` (int64 arrays);
tables and scenario files use the ISO 3166-1 alpha-2 codes.
"""

from __future__ import annotations

__all__ = ["MEMBER_STATES"]

#: The Schengen states (ISO 3166-1 alpha-2), in the order generators index them.
MEMBER_STATES: tuple[str, ...] = (
    "AT", "BE", "BG", "CH", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IS",
    "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip

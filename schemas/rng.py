"""Named random streams derived from one master seed.

Every component draws from its own stream, keyed by a stable name, so that adding a
field or a component does not shift the numbers any other component draws.
"""

from __future__ import annotations

import hashlib

import numpy as np

__all__ = ["stable_hash", "stream"]


def stable_hash(name: str) -> int:
    """A 64-bit hash of ``name`` that is the same on every machine and Python run."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


def stream(seed: int, name: str) -> np.random.Generator:
    """The random generator of component ``name`` under master ``seed``."""
    return np.random.default_rng([seed, stable_hash(name)])

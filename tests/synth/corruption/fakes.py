"""A small hand-built name table with the attributes and methods of ``synth.names.NameTable``.

Used where the real table is unavailable, and to pin exact variants in unit tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

# culture -> kind/sex -> names, each a list of Latin variants (index 0 = canonical)
_NAMES: dict[str, dict[str, list[list[str]]]] = {
    "arabic_levant": {
        "given|M": [
            ["MUHAMMAD", "MOHAMMED", "MOHAMMAD", "MUHAMMED", "MOHAMED", "MOHAMAD"],
            ["ABD AL RAHMAN", "ABDULRAHMAN", "ABDEL RAHMAN", "ABDERRAHMANE"],
            ["ALI", "ALY"],
            ["OMAR", "UMAR"],
        ],
        "given|F": [["FATIMA", "FATIMAH", "FATMA"], ["AISHA", "AICHA", "AYSHA"], ["NOUR"]],
        "surname|U": [
            ["AL HASSAN", "EL HASSAN", "ALHASAN"],
            ["HADDAD", "HADAD"],
            ["KHOURY", "KHURI", "CHOURI"],
        ],
    },
    "chinese": {
        "given|M": [["WEI"], ["JIANGUO", "CHIEN KUO"], ["HAO"]],
        "given|F": [["XIAOMEI", "HSIAO MEI"], ["LI"], ["YAN", "YEN"]],
        "surname|U": [["WANG"], ["ZHANG", "CHANG"], ["LI", "LEE"], ["CHEN", "CH'EN"]],
    },
    "russian": {
        "given|M": [["SERGEI", "SERGEY", "SERGUEI"], ["IURII", "YURIY", "JURIJ", "YURI"]],
        "given|F": [["NATALIIA", "NATALIA", "NATALYA"], ["OLGA"]],
        "surname|U": [["IVANOV", "IWANOW"], ["KHRUSHCHEV", "KHRUSHCHYOV", "CHRUSCHTSCHOW"]],
    },
    "spanish": {
        "given|M": [["JOSE"], ["JUAN"], ["CARLOS"]],
        "given|F": [["MARIA"], ["ANA"], ["LUCIA"]],
        "surname|U": [["GARCIA"], ["LOPEZ"], ["DE LA CRUZ"], ["PEREZ"]],
    },
}


@dataclass(frozen=True)
class FakeNameTable:
    """Same attributes and methods as ``synth.names.NameTable`` (strings as object arrays)."""

    culture: npt.NDArray[Any]
    kind: npt.NDArray[Any]
    sex: npt.NDArray[Any]
    native: npt.NDArray[Any]
    weight: npt.NDArray[np.float64]
    variant_offset: npt.NDArray[np.int64]
    variant_count: npt.NDArray[np.int32]
    variants_flat: npt.NDArray[Any]

    def draw(
        self,
        culture: npt.NDArray[Any],
        kind: str,
        sex: npt.NDArray[Any],
        rng: np.random.Generator,
    ) -> npt.NDArray[np.int64]:
        """name_ids drawn uniformly from each row's pool."""
        out = np.full(culture.size, -1, dtype=np.int64)
        for c, s in {(str(c), str(s)) for c, s in zip(culture, sex, strict=True)}:
            want = "U" if kind == "surname" else s
            pool = np.flatnonzero((self.culture == c) & (self.kind == kind) & (self.sex == want))
            rows = np.flatnonzero((culture == c) & (sex == s))
            out[rows] = pool[rng.integers(0, pool.size, rows.size)]
        return out

    def latin(
        self, name_ids: npt.NDArray[Any], variant_no: npt.NDArray[Any] | None = None
    ) -> npt.NDArray[Any]:
        """Latin spelling per row; ``variant_no`` taken modulo the variant count."""
        ids = np.asarray(name_ids, dtype=np.int64)
        v = np.zeros(ids.size, dtype=np.int64) if variant_no is None else np.asarray(variant_no)
        flat = self.variant_offset[ids] + np.mod(v, self.variant_count[ids])
        out: npt.NDArray[Any] = self.variants_flat[flat]
        return out

    def native_of(self, name_ids: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Native spelling per row."""
        out: npt.NDArray[Any] = self.native[np.asarray(name_ids, dtype=np.int64)]
        return out

    def n_variants(self, name_ids: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Number of Latin spellings per row."""
        out: npt.NDArray[Any] = self.variant_count[np.asarray(name_ids, dtype=np.int64)]
        return out


def fake_name_table() -> FakeNameTable:
    """The table of ``_NAMES``."""
    culture: list[str] = []
    kind: list[str] = []
    sex: list[str] = []
    variants: list[list[str]] = []
    for c, pools in _NAMES.items():
        for pool, entries in pools.items():
            k, s = pool.split("|")
            for entry in entries:
                culture.append(c)
                kind.append(k)
                sex.append(s)
                variants.append(entry)
    counts = np.array([len(v) for v in variants], dtype=np.int32)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    return FakeNameTable(
        culture=np.array(culture, dtype=object),
        kind=np.array(kind, dtype=object),
        sex=np.array(sex, dtype=object),
        native=np.array([v[0].lower() for v in variants], dtype=object),
        weight=np.ones(len(variants)),
        variant_offset=offsets,
        variant_count=counts,
        variants_flat=np.array([s for v in variants for s in v], dtype=object),
    )

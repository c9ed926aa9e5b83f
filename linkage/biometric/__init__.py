"""Simulated shared Biometric Matching Service (sBMS): score model and 1:N search.

- :mod:`~linkage.biometric.config`: operating points and score-model parameters;
- :mod:`~linkage.biometric.scores`: genuine, impostor and look-alike score laws, fusion;
- :mod:`~linkage.biometric.gallery`: the enrolled templates of a world, in enrolment order;
- :mod:`~linkage.biometric.pairs`: explicit (mated and look-alike) comparisons;
- :mod:`~linkage.biometric.sampler`: exact binomial sampling of impostor hits;
- :mod:`~linkage.biometric.search`: chronological search of a world's enrolments;
- :mod:`~linkage.biometric.reference`: brute-force reference for small worlds;
- :mod:`~linkage.biometric.scaling`: FPIR(N) and virtual galleries.
"""

from linkage.biometric.config import BiometricConfig, SearchMode
from linkage.biometric.gallery import GalleryCounts, GallerySize
from linkage.biometric.scaling import VirtualResult, expected_by_cell, search_virtual
from linkage.biometric.search import (
    HITS_SCHEMA,
    BiometricResult,
    BiometricSearchStats,
    search_world,
)

__all__ = [
    "HITS_SCHEMA",
    "BiometricConfig",
    "BiometricResult",
    "BiometricSearchStats",
    "GalleryCounts",
    "GallerySize",
    "SearchMode",
    "VirtualResult",
    "expected_by_cell",
    "search_virtual",
    "search_world",
]

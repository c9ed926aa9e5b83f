"""Simulated shared Biometric Matching Service (sBMS): score model and 1:N search.

- :mod:`~linkage.biometric.config`: operating points and score-model parameters;
- :mod:`~linkage.biometric.scores`: genuine, impostor and look-alike score laws, fusion;
- :mod:`~linkage.biometric.sampler`: exact binomial sampling of impostor hits;
- :mod:`~linkage.biometric.search`: chronological search of a world's enrolments;
- :mod:`~linkage.biometric.reference`: brute-force reference for small worlds;
- :mod:`~linkage.biometric.scaling`: FPIR(N) and virtual galleries.
"""

from linkage.biometric.cells import PhenotypeCell, parse_cell
from linkage.biometric.config import (
    PRESETS,
    BiometricConfig,
    FusionRule,
    GenuineScores,
    ImpostorScores,
    LookalikeScores,
    ModalityScores,
    Preset,
    SearchMode,
    calibrate_genuine,
)
from linkage.biometric.reference import search_world_brute_force
from linkage.biometric.scaling import (
    VirtualResult,
    expected_by_cell,
    expected_false_hits,
    fmr_for_fpir,
    fpir,
    search_virtual,
)
from linkage.biometric.search import HITS_SCHEMA, BiometricResult, search_world

__all__ = [
    "HITS_SCHEMA",
    "PRESETS",
    "BiometricConfig",
    "BiometricResult",
    "FusionRule",
    "GenuineScores",
    "ImpostorScores",
    "LookalikeScores",
    "ModalityScores",
    "PhenotypeCell",
    "Preset",
    "SearchMode",
    "VirtualResult",
    "calibrate_genuine",
    "expected_by_cell",
    "expected_false_hits",
    "fmr_for_fpir",
    "fpir",
    "parse_cell",
    "search_virtual",
    "search_world",
    "search_world_brute_force",
]

"""The multiple-identity detector (MID): colour rules, manual verification, clusters.

- :mod:`~linkage.mid.rules`: the colour rules of IO Arts. 30-33 as data;
- :mod:`~linkage.mid.detector`: from candidate pairs to coloured, retained links;
- :mod:`~linkage.mid.verification`: the verifiers' queues; how a yellow link becomes
  white, green or red;
- :mod:`~linkage.mid.verifier`: how a verifier's conclusion depends on the evidence;
- :mod:`~linkage.mid.authorities`: who verifies a yellow link;
- :mod:`~linkage.mid.clusters`: which records the links join into one presumed person;
- :mod:`~linkage.mid.config`: the detector's and the verifiers' parameters and staff;
- :mod:`~linkage.mid.structural`: the counts a configuration makes zero by construction.
"""

from linkage.mid.clusters import identity_clusters
from linkage.mid.config import EvidenceWeights, MidConfig, Staff, VerificationConfig
from linkage.mid.detector import (
    CANDIDATE_SCHEMA,
    LINK_COLUMNS,
    CandidateCounts,
    MidResult,
    MidStats,
    detect,
)
from linkage.mid.rules import Colour, Conclusion, Uncovered
from linkage.mid.structural import Count, StructuralZero, structural_zeros
from linkage.mid.verification import AuthorityQueue, Oracle, VerificationFigures

__all__ = [
    "CANDIDATE_SCHEMA",
    "LINK_COLUMNS",
    "AuthorityQueue",
    "CandidateCounts",
    "Colour",
    "Conclusion",
    "Count",
    "EvidenceWeights",
    "MidConfig",
    "MidResult",
    "MidStats",
    "Oracle",
    "Staff",
    "StructuralZero",
    "Uncovered",
    "VerificationConfig",
    "VerificationFigures",
    "detect",
    "identity_clusters",
    "structural_zeros",
]

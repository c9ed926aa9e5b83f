"""Analysis: turn a linked world into simulated figures with intervals (metrics.json).

Only this layer joins the MID's output with the hidden truth. :func:`analyse_world`
(or :func:`analyse_replicates` for several seeds) returns a typed :class:`Metrics` tree
whose leaves are :class:`Estimate` objects; :func:`write_metrics` writes it as
``DIR/report/metrics.json`` (keys documented in ``analysis/keys.md``) and
:func:`read_metrics` reads it back. Every parameter is a field of :class:`AnalysisConfig`
with the source of its default; the rows of ``Metrics.assumptions`` are
:class:`Assumption` objects.
"""

from analysis.assumptions import Assumption
from analysis.config import AnalysisConfig, make_config
from analysis.estimate import Estimate, Method
from analysis.metrics import (
    METRICS_FILE,
    Metrics,
    analyse_replicates,
    analyse_world,
    read_metrics,
    write_metrics,
)

__all__ = [
    "METRICS_FILE",
    "AnalysisConfig",
    "Assumption",
    "Estimate",
    "Method",
    "Metrics",
    "analyse_replicates",
    "analyse_world",
    "make_config",
    "read_metrics",
    "write_metrics",
]

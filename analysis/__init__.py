"""Analysis: turn a linked world into simulated figures with intervals (metrics.json).

Only this layer joins the MID's output with the hidden truth. :func:`analyse_world`
(or :func:`analyse_replicates` for several seeds) returns :class:`Metrics`;
:func:`write_metrics` writes ``DIR/report/metrics.json`` whose keys are documented in
``analysis/keys.md``.
"""

from analysis.config import PARAMETER_SOURCES, AnalysisConfig, make_config
from analysis.figures import Figure, is_figure
from analysis.intervals import poisson_interval, replicate_interval, t_quantile, wilson_interval
from analysis.metrics import (
    HEADLINE,
    METRICS_FILE,
    SCHEMA,
    SCHEMA_VERSION,
    SIMULATED_LABEL,
    Metrics,
    analyse_replicates,
    analyse_world,
    scenario_hash,
    write_metrics,
)
from analysis.queries import QUERY_KINDS, QueryKind
from analysis.truth import WorldData, load_world_data

__all__ = [
    "HEADLINE",
    "METRICS_FILE",
    "PARAMETER_SOURCES",
    "QUERY_KINDS",
    "SCHEMA",
    "SCHEMA_VERSION",
    "SIMULATED_LABEL",
    "AnalysisConfig",
    "Figure",
    "Metrics",
    "QueryKind",
    "WorldData",
    "analyse_replicates",
    "analyse_world",
    "is_figure",
    "load_world_data",
    "make_config",
    "poisson_interval",
    "replicate_interval",
    "scenario_hash",
    "t_quantile",
    "wilson_interval",
    "write_metrics",
]

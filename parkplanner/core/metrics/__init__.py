"""Industry–city integration metrics (docs/specification.md sections 1–5 and 8).

``compute_metrics(project)`` computes one scenario from scratch; ``MetricsEngine`` keeps the
same numbers up to date edit by edit. Indicator declarations live in ``registry``.
"""
from parkplanner.core.metrics.engine import MetricsEngine, compute_metrics
from parkplanner.core.metrics.registry import DIMENSIONS, INDICATORS, Indicator, TargetRule, indicator
from parkplanner.core.metrics.result import SCHEMA, IndicatorValue, MetricsResult
from parkplanner.core.metrics.scoring import Weights
from parkplanner.core.metrics.zone_figures import ZoneFigures

__all__ = [
    "compute_metrics", "MetricsEngine", "MetricsResult", "ZoneFigures", "IndicatorValue", "SCHEMA", "Weights",
    "INDICATORS", "DIMENSIONS", "Indicator", "TargetRule", "indicator",
]

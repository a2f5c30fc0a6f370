"""The metrics of one scenario and their JSON form (docs/specification.md section 8, "parkplanner.metrics/1")."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from parkplanner.core.metrics.aggregates import Totals
from parkplanner.core.metrics.balance import BalanceRow, PerCapita
from parkplanner.core.metrics.registry import DIMENSIONS, INDICATORS, Indicator, indicator
from parkplanner.core.metrics.scoring import Coupling, Weights
from parkplanner.core.metrics.standards import Violation
from parkplanner.core.model.parameters import Parameters
from parkplanner.core.model.sectors import Sector

__all__ = ["SCHEMA", "IndicatorValue", "MetricsResult"]

SCHEMA = "parkplanner.metrics/1"


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    indicator: Indicator
    value: float | None
    score: float
    obstacle: float | None

    def to_dict(self) -> dict:
        ind = self.indicator
        return {"name": ind.name, "value": self.value, "unit": ind.unit, "score": self.score,
                "target": ind.target.to_dict(), "name_en": ind.name_en, "name_zh": ind.name_zh,
                "dimension": ind.dimension, "obstacle_degree": self.obstacle}


@dataclass(frozen=True)
class MetricsResult:
    project_name: str
    crs: str
    scheme: str
    scenario_id: str
    scenario_name: str
    parameters: Parameters
    sectors: Mapping[str, Sector]
    totals: Totals
    balance: tuple[BalanceRow, ...]
    level1_balance: tuple[BalanceRow, ...]
    per_capita: tuple[PerCapita, ...]
    indicators: Mapping[str, IndicatorValue]
    dimensions: Mapping[str, float]
    coupling: Coupling
    violations: tuple[Violation, ...]
    weights: Weights = field(default_factory=Weights)

    def value(self, indicator_id: str) -> float | None:
        indicator(indicator_id)  # a readable KeyError for a wrong id
        return self.indicators[indicator_id].value

    def score(self, indicator_id: str) -> float:
        indicator(indicator_id)
        return self.indicators[indicator_id].score

    @property
    def obstacles(self) -> dict[str, float | None]:
        return {i: v.obstacle for i, v in self.indicators.items()}

    def to_dict(self) -> dict:
        """The JSON object of docs/specification.md section 8 (plus extra keys the section allows)."""
        c = self.coupling
        return {
            "schema": SCHEMA,
            "project": {"name": self.project_name, "crs": self.crs, "scheme": self.scheme},
            "scenario": self.scenario_name,
            "scenario_id": self.scenario_id,
            "parameters": self.parameters.to_dict(),
            "sectors": [{"id": s.id, "name": s.name_en, **{k: v for k, v in s.to_dict().items() if k != "id"}}
                        for s in self.sectors.values()],
            "totals": self.totals.to_dict(),
            "landuse_balance": [row.to_dict() for row in self.balance],
            "level1_balance": [row.to_dict("code") for row in self.level1_balance],
            "per_capita": [p.to_dict() for p in self.per_capita],
            "indicators": {i.id: self.indicators[i.id].to_dict() for i in INDICATORS},
            "dimensions": {d.id: self.dimensions[d.id] for d in DIMENSIONS},
            "coupling": {"C": c.C, "T": c.T, "D": c.D, "grade": c.grade_zh, "grade_en": c.grade_en,
                         "grade_level": c.level},
            "obstacles": self.obstacles,
            "weights": self.weights.to_dict(),
            "violations": [v.to_dict() for v in self.violations],
        }

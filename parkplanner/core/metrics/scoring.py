"""Scores, dimension indices, the coupling coordination degree and obstacle degrees
(docs/specification.md section 4)."""
from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from parkplanner.core.metrics.registry import DIMENSIONS, INDICATORS, TargetRule, indicators_of

__all__ = ["score", "Weights", "Coupling", "GRADES", "grade_of", "dimension_indices", "coupling",
           "obstacle_degrees"]

#: (Chinese, English) grade names by D in steps of 0.1, lowest first (docs/specification.md section 4).
GRADES: tuple[tuple[str, str], ...] = (
    ("极度失调", "extreme imbalance"), ("严重失调", "severe imbalance"), ("中度失调", "moderate imbalance"),
    ("轻度失调", "mild imbalance"), ("濒临失调", "near imbalance"), ("勉强协调", "barely coordinated"),
    ("初级协调", "primary"), ("中级协调", "intermediate"), ("良好协调", "good"), ("优质协调", "high-quality"),
)
# Lower bounds of grades 1..9; comparing floats avoids int(D * 10) misplacing D = 0.7 and the like.
_GRADE_BOUNDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def score(value: float | None, target: TargetRule) -> float:
    """s ∈ [0, 1]; an undefined (None) value scores 0."""
    if value is None:
        return 0.0
    if target.kind == ">=":
        return min(1.0, value / target.low) if target.low > 0 else 1.0
    if target.kind == "<=":
        return 1.0 if value <= 0 else min(1.0, target.high / value)
    low, high = target.low, target.high
    width = high - low
    if value < low:
        return max(0.0, 1.0 - (low - value) / width)
    if value > high:
        return max(0.0, 1.0 - (value - high) / width)
    return 1.0


def _equal(keys) -> Mapping[str, float]:
    return MappingProxyType({k: 1.0 for k in keys})


@dataclass(frozen=True)
class Weights:
    """Dimension weights α_d (normalised to sum 1) and indicator weights inside each dimension
    (normalised per dimension). Equal by default (docs/specification.md section 4)."""

    dimensions: Mapping[str, float] = field(default_factory=lambda: _equal(d.id for d in DIMENSIONS))
    indicators: Mapping[str, float] = field(default_factory=lambda: _equal(i.id for i in INDICATORS))

    def __post_init__(self) -> None:
        dims = {d.id: 1.0 for d in DIMENSIONS}
        dims.update({k: float(v) for k, v in self.dimensions.items()})
        inds = {i.id: 1.0 for i in INDICATORS}
        inds.update({k: float(v) for k, v in self.indicators.items()})
        unknown = (set(dims) - {d.id for d in DIMENSIONS}) | (set(inds) - {i.id for i in INDICATORS})
        if unknown:
            raise ValueError(f"unknown weight keys: {', '.join(sorted(unknown))}")
        if any(not (v >= 0 and math.isfinite(v)) for v in (*dims.values(), *inds.values())):
            raise ValueError("weights must be finite and not negative")
        if sum(dims.values()) <= 0:
            raise ValueError("at least one dimension needs a positive weight")
        for d in DIMENSIONS:
            if sum(inds[i.id] for i in indicators_of(d.id)) <= 0:
                raise ValueError(f"dimension {d.id} needs an indicator with a positive weight")
        object.__setattr__(self, "dimensions", MappingProxyType(dims))
        object.__setattr__(self, "indicators", MappingProxyType(inds))

    def alpha(self) -> dict[str, float]:
        """α_d, summing to 1."""
        total = sum(self.dimensions.values())
        return {d: w / total for d, w in self.dimensions.items()}

    def within(self, dimension_id: str) -> dict[str, float]:
        """Indicator weights inside one dimension, summing to 1."""
        members = indicators_of(dimension_id)
        total = sum(self.indicators[i.id] for i in members)
        return {i.id: self.indicators[i.id] / total for i in members}

    def global_weights(self) -> dict[str, float]:
        """w_j = α_d · (weight of j inside d): the weights of the obstacle degree."""
        alpha = self.alpha()
        out: dict[str, float] = {}
        for d in DIMENSIONS:
            for indicator_id, w in self.within(d.id).items():
                out[indicator_id] = alpha[d.id] * w
        return out

    def to_dict(self) -> dict:
        return {"dimensions": dict(self.dimensions), "indicators": dict(self.indicators)}


def dimension_indices(scores: Mapping[str, float], weights: Weights) -> dict[str, float]:
    """U_d: weighted mean of the scores of each dimension (plain mean with equal weights)."""
    out = {}
    for d in DIMENSIONS:
        within = weights.within(d.id)
        out[d.id] = sum(within[i] * scores[i] for i in within)
    return out


@dataclass(frozen=True, slots=True)
class Coupling:
    C: float
    T: float
    D: float
    level: int  # 0 (极度失调) .. 9 (优质协调)

    @property
    def grade_zh(self) -> str:
        return GRADES[self.level][0]

    @property
    def grade_en(self) -> str:
        return GRADES[self.level][1]


def grade_of(d_value: float) -> int:
    """Grade index of D: [0, 0.1) → 0, ..., [0.9, 1] → 9; a bound belongs to the grade above it."""
    return bisect_right(_GRADE_BOUNDS, d_value)


def coupling(indices: Mapping[str, float], weights: Weights) -> Coupling:
    """C = (Π U_d)^(1/n) / (Σ U_d / n) (0 if any U_d = 0); T = Σ α_d U_d; D = sqrt(C·T)."""
    values = [indices[d.id] for d in DIMENSIONS]
    n = len(values)
    if any(u <= 0 for u in values):
        c = 0.0
    else:
        c = math.prod(values) ** (1.0 / n) / (sum(values) / n)
    alpha = weights.alpha()
    t = sum(alpha[d.id] * indices[d.id] for d in DIMENSIONS)
    d_value = math.sqrt(c * t)
    return Coupling(c, t, d_value, grade_of(d_value))


def obstacle_degrees(scores: Mapping[str, float], weights: Weights) -> dict[str, float | None]:
    """O_j = w_j (1 − s_j) / Σ_k w_k (1 − s_k); all None when nothing holds D back (every s = 1)."""
    w = weights.global_weights()
    gaps = {j: w[j] * (1.0 - scores[j]) for j in w}
    total = sum(gaps.values())
    if total <= 0:
        return {j: None for j in gaps}
    return {j: g / total for j, g in gaps.items()}

"""The 13 indicator values (docs/specification.md, "Indicators"), from aggregates; None where undefined.

Shares of construction land (I1, C2, E1) count each class's construction land only, like the
balance table whose rows they summarise; every other formula counts a class's whole area.
"""
from __future__ import annotations

import math

from parkplanner.core.metrics.aggregates import Aggregates, Totals
from parkplanner.core.metrics.contributions import M2_PER_HA, M2_PER_MU

__all__ = ["indicator_values", "mix_entropy", "ratio"]


def ratio(numerator: float, denominator: float, scale: float = 1.0) -> float | None:
    """numerator / denominator · scale, or None for a zero denominator (never inf or NaN)."""
    if denominator <= 0:
        return None
    return numerator / denominator * scale


def mix_entropy(group_areas: list[float]) -> float:
    """LUM = −Σ p_i ln p_i / ln k over k fixed groups, empty groups omitted; 0 if all are empty."""
    total = sum(group_areas)
    if total <= 0:
        return 0.0
    entropy = -sum(p * math.log(p) for p in (a / total for a in group_areas) if p > 0)
    return entropy / math.log(len(group_areas))


def indicator_values(agg: Aggregates, totals: Totals) -> dict[str, float | None]:
    a, c = agg.area, agg.construction
    construction = totals.construction_area_m2
    residents = totals.residents
    half_mxd = 0.5 * a("MXD")
    groups = [a("RES") + half_mxd, a("COM") + half_mxd, a("OFF"), a("IND") + a("LOG"), a("CIV"), a("GRN")]
    return {
        "I1": ratio(c("IND") + c("OFF") + c("LOG"), construction, 100.0),
        "I2": ratio(totals.jobs, construction / M2_PER_HA),
        "I3": ratio(totals.output_wan, (a("IND") + a("OFF")) / M2_PER_MU),
        "C1": mix_entropy(groups),
        "C2": ratio(c("RES") + 0.5 * c("MXD"), construction, 100.0),
        "C3": ratio(a("CIV"), residents),
        "P1": ratio(totals.jobs, totals.employed_residents),
        "P2": ratio(agg.school_covered_m2, agg.housing_area_m2, 100.0),
        "E1": ratio(c("GRN"), construction, 100.0),
        "E2": ratio(a("GRN"), residents),
        "E3": ratio(agg.park_covered_m2, agg.housing_area_m2, 100.0),
        "K1": ratio(agg.total["culture_area"], residents),
        "K2": ratio(agg.of("gfa", "COM") + agg.of("job_gfa", "MXD"), totals.gfa_m2, 100.0),
    }

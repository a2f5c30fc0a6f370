"""Scenario totals and per-class sums: the inputs of every indicator (docs/specification.md, "Base quantities")."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parkplanner.core.metrics.contributions import CLASS_INDEX, WAN_PER_YI
from parkplanner.core.model.parameters import Parameters

__all__ = ["Aggregates", "Totals", "totals_of"]


@dataclass(frozen=True)
class Aggregates:
    """Exactly rounded sums. ``by_class[column]`` has one value per generic class (GENERIC_CLASSES)."""

    zone_count: int
    by_class: dict[str, np.ndarray]
    total: dict[str, float]  # column -> sum over all zones
    construction_area_m2: float
    housing_area_m2: float  # RES + MXD
    level1_area: np.ndarray  # per level-1 class of the scheme
    school_covered_m2: float
    park_covered_m2: float

    def area(self, generic_class: str) -> float:
        return float(self.by_class["area"][CLASS_INDEX[generic_class]])

    def construction(self, generic_class: str) -> float:
        """The class's construction land (its codes whose catalogue ``urban_dev`` is 1)."""
        return float(self.by_class["construction_area"][CLASS_INDEX[generic_class]])

    def of(self, column: str, generic_class: str) -> float:
        return float(self.by_class[column][CLASS_INDEX[generic_class]])


@dataclass(frozen=True)
class Totals:
    zone_count: int
    total_area_m2: float
    construction_area_m2: float
    gfa_m2: float
    residents: float
    dwellings: float
    employed_residents: float
    jobs: float
    output_wan: float
    tax_wan: float

    @property
    def output_yi(self) -> float:
        return self.output_wan / WAN_PER_YI

    @property
    def tax_yi(self) -> float:
        return self.tax_wan / WAN_PER_YI

    def to_dict(self) -> dict:
        return {
            "zone_count": self.zone_count, "total_area_m2": self.total_area_m2,
            "construction_area_m2": self.construction_area_m2, "gfa_m2": self.gfa_m2,
            "residents": self.residents, "dwellings": self.dwellings,
            "employed_residents": self.employed_residents, "jobs": self.jobs, "output_wan": self.output_wan,
            "tax_wan": self.tax_wan, "output_yi": self.output_yi, "tax_yi": self.tax_yi,
        }


def totals_of(agg: Aggregates, params: Parameters) -> Totals:
    """residents = (Σ_RES GFA + mxd_residential_share · Σ_MXD GFA) / m2_gfa_per_resident, etc."""
    residents = ((agg.of("gfa", "RES") + params.mxd_residential_share * agg.of("gfa", "MXD"))
                 / params.m2_gfa_per_resident)
    return Totals(
        zone_count=agg.zone_count, total_area_m2=agg.total["area"],
        construction_area_m2=agg.construction_area_m2, gfa_m2=agg.total["gfa"], residents=residents,
        dwellings=residents / params.household_size, employed_residents=residents * params.employed_share,
        jobs=agg.total["jobs"], output_wan=agg.total["output_wan"], tax_wan=agg.total["tax_wan"],
    )

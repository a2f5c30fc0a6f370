"""Per-zone quantities at maturity and the ramp each one follows, as numpy columns.

This is the "zones" axis of the projection (zones × years). Quantities at maturity follow
METRICS.md section 2 exactly; the ramps follow section 6 and ramp.py:

- output_yi, tax_yi, registered_entities, high_tech_enterprises: zones with a sector only,
  ramping with the sector's (h, w);
- jobs: zones of the job classes, ramping with the sector's (h, w), or with the class default
  of ramp.py when the zone has no sector;
- residents: housing (RES, and the housing share of MXD), ramping by occupancy (OCCUPANCY_RAMP)
  whatever the zone's sector, because people move into flats, not into an industry.

A zone with no start year (no ``start_year`` and a phase the project does not schedule) cannot be
placed on the time axis; it is left out and listed in ``unscheduled_zone_ids``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import shapely

from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.parameters import JOB_CLASSES
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.core.projection.ramp import OCCUPANCY_RAMP, class_ramp

__all__ = [
    "SERIES", "M2_PER_MU", "SeriesBasis", "ZoneBasis", "ZoneQuantities", "zone_basis", "zone_quantities",
]

#: Projected series, in the order of the forecast JSON (METRICS.md section 6).
SERIES: tuple[str, ...] = (
    "output_yi", "tax_yi", "jobs", "residents", "registered_entities", "high_tech_enterprises",
)
#: 1 mu = 666.67 m², exactly 10000/15 m² (METRICS.md section 1).
M2_PER_MU = 10000.0 / 15.0
_WAN_PER_YI = 10000.0
_M2_PER_HA = 10000.0


@dataclass(frozen=True)
class SeriesBasis:
    """One series: each zone's value at maturity and the (h, w) of its ramp (aligned columns)."""

    base: np.ndarray
    half: np.ndarray
    width: np.ndarray


@dataclass(frozen=True)
class ZoneBasis:
    zone_ids: np.ndarray
    start: np.ndarray  # start year per scheduled zone
    series: dict[str, SeriesBasis]
    unscheduled_zone_ids: tuple[int, ...] = field(default=())

    @property
    def first_start_year(self) -> int | None:
        return int(self.start.min()) if self.start.size else None


@dataclass(frozen=True)
class ZoneQuantities:
    """Columns over a list of zones: class, area and each series' value at maturity, activity ramp."""

    zone_ids: np.ndarray
    generic_class: np.ndarray  # object array of generic class codes ("" for unknown codes)
    area_m2: np.ndarray
    at_maturity: dict[str, np.ndarray]  # keyed by SERIES
    half: np.ndarray  # activity ramp (sector, else class default)
    width: np.ndarray


def zone_quantities(project: Project, scenario: Scenario, zones: Sequence[Zone]) -> ZoneQuantities:
    """METRICS.md section 2 per zone, with the scenario's parameter and sector overrides."""
    params = project.effective_parameters(scenario)
    sectors = project.effective_sectors(scenario)
    catalogue = default_catalogue()
    n = len(zones)

    area = shapely.area(np.array([z.geometry for z in zones], dtype=object)) if n else np.zeros(0)
    gfa = np.array([z.gfa_override_m2 if z.gfa_override_m2 is not None else a * z.far
                    for z, a in zip(zones, area)], dtype=float)
    classes = []
    for z in zones:
        cls = catalogue.find(project.scheme, z.code)
        classes.append(cls.generic_class if cls is not None else "")
    zone_sectors = [sectors.get(z.sector) if z.sector else None for z in zones]

    def per_zone(get, default=0.0) -> np.ndarray:
        return np.array([get(s) if s is not None else default for s in zone_sectors], dtype=float)

    has_sector = np.array([s is not None for s in zone_sectors], dtype=bool)
    ramps = [class_ramp(c) for c in classes]
    half = np.where(has_sector, per_zone(lambda s: s.ramp_half_years, np.nan), [r.half_years for r in ramps])
    width = np.where(has_sector, per_zone(lambda s: s.ramp_width_years, np.nan), [r.width_years for r in ramps])

    cls_arr = np.array(classes, dtype=object)
    is_res, is_mxd = cls_arr == "RES", cls_arr == "MXD"
    mxd_share = params.mxd_residential_share
    housing_gfa = np.where(is_res, gfa, 0.0) + np.where(is_mxd, mxd_share * gfa, 0.0)

    class_m2_per_job = np.array([params.class_m2_gfa_per_job.get(c, np.nan) for c in classes], dtype=float)
    m2_per_job = np.where(has_sector, per_zone(lambda s: s.m2_gfa_per_job, np.nan), class_m2_per_job)
    is_job = np.isin(cls_arr, JOB_CLASSES) if n else np.zeros(0, dtype=bool)
    job_gfa = np.where(is_mxd, (1.0 - mxd_share) * gfa, gfa)
    with np.errstate(invalid="ignore", divide="ignore"):
        jobs = np.where(is_job, job_gfa / m2_per_job, 0.0)

    mu = area / M2_PER_MU
    entities = area / _M2_PER_HA * per_zone(lambda s: s.enterprises_per_ha)
    at_maturity = {
        "output_yi": mu * per_zone(lambda s: s.output_wan_per_mu) / _WAN_PER_YI,
        "tax_yi": mu * per_zone(lambda s: s.tax_wan_per_mu) / _WAN_PER_YI,
        "jobs": jobs,
        "residents": housing_gfa / params.m2_gfa_per_resident,
        "registered_entities": entities,
        "high_tech_enterprises": entities * per_zone(lambda s: s.high_tech_share),
    }
    return ZoneQuantities(np.array([z.id for z in zones], dtype=np.int64), cls_arr, area, at_maturity, half, width)


def zone_basis(project: Project, scenario: Scenario | None = None) -> ZoneBasis:
    scenario = scenario or project.active_scenario
    zones, starts, unscheduled = [], [], []
    for zone in scenario:
        start = project.zone_start_year(zone)
        if start is None:
            unscheduled.append(zone.id)
        else:
            zones.append(zone)
            starts.append(start)
    q = zone_quantities(project, scenario, zones)
    occupancy_half = np.full(len(zones), OCCUPANCY_RAMP.half_years)
    occupancy_width = np.full(len(zones), OCCUPANCY_RAMP.width_years)
    series = {
        name: SeriesBasis(q.at_maturity[name], occupancy_half, occupancy_width) if name == "residents"
        else SeriesBasis(q.at_maturity[name], q.half, q.width)
        for name in SERIES
    }
    return ZoneBasis(q.zone_ids, np.array(starts, dtype=float), series, tuple(unscheduled))

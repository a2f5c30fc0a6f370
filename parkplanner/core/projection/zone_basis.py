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

import numpy as np
import shapely

from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.parameters import JOB_CLASSES
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.projection.ramp import OCCUPANCY_RAMP, class_ramp

__all__ = ["SERIES", "M2_PER_MU", "SeriesBasis", "ZoneBasis", "zone_basis"]

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


def zone_basis(project: Project, scenario: Scenario | None = None) -> ZoneBasis:
    scenario = scenario or project.active_scenario
    params = project.effective_parameters(scenario)
    sectors = project.effective_sectors(scenario)
    catalogue = default_catalogue()

    zones, starts, unscheduled = [], [], []
    for zone in scenario:
        start = project.zone_start_year(zone)
        if start is None:
            unscheduled.append(zone.id)
        else:
            zones.append(zone)
            starts.append(start)
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
    half = per_zone(lambda s: s.ramp_half_years, np.nan)
    width = per_zone(lambda s: s.ramp_width_years, np.nan)
    half = np.where(has_sector, half, [r.half_years for r in ramps])
    width = np.where(has_sector, width, [r.width_years for r in ramps])

    cls_arr = np.array(classes, dtype=object)
    is_res, is_mxd = cls_arr == "RES", cls_arr == "MXD"
    mxd_share = params.mxd_residential_share
    housing_gfa = np.where(is_res, gfa, 0.0) + np.where(is_mxd, mxd_share * gfa, 0.0)
    residents = housing_gfa / params.m2_gfa_per_resident

    class_m2_per_job = np.array([params.class_m2_gfa_per_job.get(c, np.nan) for c in classes], dtype=float)
    m2_per_job = np.where(has_sector, per_zone(lambda s: s.m2_gfa_per_job, np.nan), class_m2_per_job)
    is_job = np.isin(cls_arr, JOB_CLASSES) if n else np.zeros(0, dtype=bool)
    job_gfa = np.where(is_mxd, (1.0 - mxd_share) * gfa, gfa)
    with np.errstate(invalid="ignore", divide="ignore"):
        jobs = np.where(is_job, job_gfa / m2_per_job, 0.0)

    mu = area / M2_PER_MU
    output_yi = mu * per_zone(lambda s: s.output_wan_per_mu) / _WAN_PER_YI
    tax_yi = mu * per_zone(lambda s: s.tax_wan_per_mu) / _WAN_PER_YI
    entities = area / _M2_PER_HA * per_zone(lambda s: s.enterprises_per_ha)
    high_tech = entities * per_zone(lambda s: s.high_tech_share)

    occupancy_half = np.full(n, OCCUPANCY_RAMP.half_years)
    occupancy_width = np.full(n, OCCUPANCY_RAMP.width_years)
    activity = {"output_yi": output_yi, "tax_yi": tax_yi, "jobs": jobs,
                "registered_entities": entities, "high_tech_enterprises": high_tech}
    series = {name: SeriesBasis(values, half, width) for name, values in activity.items()}
    series["residents"] = SeriesBasis(residents, occupancy_half, occupancy_width)
    return ZoneBasis(
        zone_ids=np.array([z.id for z in zones], dtype=np.int64),
        start=np.array(starts, dtype=float),
        series={name: series[name] for name in SERIES},
        unscheduled_zone_ids=tuple(unscheduled),
    )

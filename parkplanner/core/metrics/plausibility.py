"""Plausibility checks: figures no real park has, and edits that change a zone beyond what a
planner means to do. They warn and never block: an odd value may be intended.

* One edit that makes a zone more than three times larger or smaller (a vertex dragged far away
  turns 25.7 ha into 155 ha): :func:`area_jump_message` for the status bar, and
  :func:`area_jump_rows`, one row per zone for the checks panel (kept while the zone stays so).
* A zone larger than the project boundary, and totals beyond any real park (an 8,760 km² zone at
  FAR 20 gives billions of jobs): :func:`plan_warnings`, rows in the format of the standards
  violations (``zone_id``, ``rule``, ``value``, ``limit``, ``operator``, ``source``, ``description``,
  ``description_zh``), so the checks panel lists them with the rule checks.
"""
from __future__ import annotations

from functools import partial
from typing import Any, Callable, Iterable, Mapping

import numpy as np
import shapely

from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario

__all__ = ["AREA_JUMP_FACTOR", "PLAUSIBLE_LIMITS", "area_jump_message", "area_jump_rows", "plan_warnings",
           "zone_areas", "SOURCE"]

#: One edit changing a zone's area by more than this factor (either way) is worth a second look.
AREA_JUMP_FACTOR = 3.0
SOURCE = "plausibility"
#: Totals beyond any science and technology park. The largest Chinese national high-tech zones
#: (Zhongguancun's sixteen sub-parks together) cover about 490 km² and employ about 2.5 million;
#: a ratio of jobs to employed residents above 50 means a near-empty town beside a huge one.
PLAUSIBLE_LIMITS: dict[str, float] = {
    "total_area_km2": 500.0,
    "jobs": 3_000_000.0,
    "jobs_housing_ratio": 50.0,
}


def area_jump_message(before: Mapping[int, float], after: Mapping[int, float]) -> str:
    """What to say when an edit changed a zone's area (m², by zone id) beyond AREA_JUMP_FACTOR;
    "" when every change is ordinary. Zones added or removed are not compared."""
    jumps = _area_jumps(before, after)
    if not jumps:
        return ""
    zone_id, old, new, factor = max(jumps, key=lambda j: max(j[3], 1.0 / j[3]))
    change = f"×{factor:.1f}" if factor > 1.0 else f"÷{1.0 / factor:.1f}"
    text = f"Check zone {zone_id}: one edit changed its area from {old / 1e4:,.2f} ha to {new / 1e4:,.2f} ha ({change})"
    if len(jumps) > 1:
        text += f" (and {len(jumps) - 1} more zones)"
    return text


def _area_jumps(before: Mapping[int, float], after: Mapping[int, float]) -> list[tuple[int, float, float, float]]:
    """(zone id, old m², new m², new/old) of each zone whose area changed beyond AREA_JUMP_FACTOR."""
    jumps = []
    for zone_id, new in after.items():
        old = before.get(zone_id)
        if old is None or old <= 0.0 or new <= 0.0:
            continue
        factor = new / old
        if factor > AREA_JUMP_FACTOR or factor < 1.0 / AREA_JUMP_FACTOR:
            jumps.append((zone_id, old, new, factor))
    return jumps


def area_jump_rows(before: Mapping[int, float], after: Mapping[int, float]) -> list[dict[str, Any]]:
    """One checks-panel row per zone whose area one edit changed beyond AREA_JUMP_FACTOR: the
    value is new/old area, the limit the factor it passed (≤ 3 growing, ≥ 1/3 shrinking)."""
    rows = []
    for zone_id, old, new, factor in _area_jumps(before, after):
        row = _row(zone_id, "PLAUSIBLE_AREA_JUMP", factor, AREA_JUMP_FACTOR,
                   f"One edit changed the zone's area from {old / 1e4:,.2f} ha to {new / 1e4:,.2f} ha (new/old area)",
                   f"单次编辑使地块面积由 {old / 1e4:,.2f} 公顷变为 {new / 1e4:,.2f} 公顷（新/原面积之比）")
        if factor < 1.0:
            row.update(limit=1.0 / AREA_JUMP_FACTOR, operator=">=")
        rows.append(row)
    return rows


def plan_warnings(project: Project, scenario: Scenario, metrics: Mapping[str, Any],
                  zones_larger_than: Callable[[float], list[tuple[int, float]]] | None = None) -> list[dict[str, Any]]:
    """Rows for zones larger than the boundary and for totals beyond any real park.

    ``zones_larger_than(m2)`` gives (zone id, area m²) of the scenario's zones above an area, by
    zone id: the metrics engine's (``MetricsEngine.zones_larger_than``) reads its area column, which
    the checks panel needs after every edit; without it the zones are measured here.
    """
    rows: list[dict[str, Any]] = []
    boundary = project.boundary
    if boundary is not None and not boundary.is_empty and boundary.area > 0:
        limit = boundary.area
        for zone_id, area in (zones_larger_than or partial(_zones_larger_than, scenario))(limit):
            rows.append(_row(zone_id, "PLAUSIBLE_ZONE_AREA", area / 1e4, limit / 1e4,
                             "Zone larger than the whole project boundary (ha)", "地块面积大于整个规划范围（公顷）"))
    totals = metrics.get("totals", {})
    area_km2 = float(totals.get("total_area_m2", 0.0)) / 1e6
    if area_km2 > PLAUSIBLE_LIMITS["total_area_km2"]:
        rows.append(_row(None, "PLAUSIBLE_TOTAL_AREA", area_km2, PLAUSIBLE_LIMITS["total_area_km2"],
                         "Total area beyond any real park (km²): check the CRS and the zones",
                         "总面积超出任何实际园区（平方公里）：请检查坐标系与地块"))
    jobs = float(totals.get("jobs", 0.0))
    if jobs > PLAUSIBLE_LIMITS["jobs"]:
        rows.append(_row(None, "PLAUSIBLE_JOBS", jobs, PLAUSIBLE_LIMITS["jobs"],
                         "Jobs beyond any real park: check zone areas and FAR",
                         "就业岗位超出任何实际园区：请检查地块面积与容积率"))
    employed = float(totals.get("employed_residents", 0.0))
    if employed > 0.0 and jobs / employed > PLAUSIBLE_LIMITS["jobs_housing_ratio"]:
        rows.append(_row(None, "PLAUSIBLE_JOBS_HOUSING", jobs / employed, PLAUSIBLE_LIMITS["jobs_housing_ratio"],
                         "Jobs per employed resident beyond any real town",
                         "职住比超出任何实际城镇"))
    return rows


def _zones_larger_than(scenario: Scenario, limit: float) -> list[tuple[int, float]]:
    zones = list(scenario)
    areas = shapely.area([zone.geometry for zone in zones]) if zones else np.empty(0)  # one GEOS call
    return sorted((zones[n].id, float(areas[n])) for n in np.flatnonzero(areas > limit).tolist())


def _row(zone_id: int | None, rule: str, value: float, limit: float, en: str, zh: str) -> dict[str, Any]:
    return {"zone_id": zone_id, "rule": rule, "value": value, "limit": limit, "operator": "<=",
            "source": SOURCE, "description": en, "description_zh": zh}


def zone_areas(scenario: Scenario, ids: Iterable[int] | None = None) -> dict[int, float]:
    """{zone id: area m²} of ``ids`` (default: every zone) that exist in ``scenario``."""
    zones = scenario.zones
    present = [i for i in (zones if ids is None else ids) if i in zones]
    areas = shapely.area([zones[i].geometry for i in present]).tolist() if present else []
    return dict(zip(present, areas))

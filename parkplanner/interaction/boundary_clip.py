"""The "clip to boundary" edit option: new and reshaped zones keep only what lies inside the
project boundary (the planning red line), and the planner is told how much was cut off.

Clipping runs before "avoid overlap" trimming, so a zone is first confined to the park and then
kept off its neighbours; both belong to the one undo step of the drawing or the drag.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

import shapely
from shapely.geometry import MultiPolygon
from shapely.geometry.base import BaseGeometry

from parkplanner.core.editing.zone_commands import ReplaceZones
from parkplanner.core.geometry.editing import OVERLAP_NOISE_M2
from parkplanner.core.geometry.validation import MIN_ZONE_AREA_M2, GeometryRefused, as_zone_polygon
from parkplanner.core.model.project import Project

__all__ = ["ClipResult", "clip_to_boundary", "clip_zones_command", "clip_message"]


@dataclass(frozen=True, slots=True)
class ClipResult:
    """The geometry inside the boundary and the area (m²) cut off (0: nothing lay outside)."""

    geometry: BaseGeometry
    removed_m2: float = 0.0

    @property
    def clipped(self) -> bool:
        return self.removed_m2 > 0.0


def clip_to_boundary(geometry: BaseGeometry, boundary: BaseGeometry | None) -> ClipResult:
    """``geometry`` confined to ``boundary`` (None: no boundary, nothing to clip).

    Crumbs smaller than the minimum zone area that the cut leaves behind are dropped, like the
    crumbs of overlap trimming; a zone lying wholly outside the boundary is refused.
    """
    if boundary is None or boundary.is_empty or shapely.covers(boundary, geometry):
        return ClipResult(geometry)
    inside = shapely.intersection(geometry, boundary)
    removed = float(geometry.area - inside.area)
    if removed <= OVERLAP_NOISE_M2:  # a vertex snapped a hair outside the red line
        return ClipResult(geometry)
    parts = [p for p in shapely.get_parts(inside) if p.geom_type == "Polygon" and p.area >= MIN_ZONE_AREA_M2]
    if not parts:
        raise GeometryRefused("it lies outside the project boundary")
    kept = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    return ClipResult(as_zone_polygon(kept), float(geometry.area - kept.area))


def clip_message(removed: Mapping[int | None, float]) -> str:
    """"Clipped 120 m² outside the boundary" (None key: a zone not yet numbered), or "" when
    nothing was clipped."""
    removed = {k: v for k, v in removed.items() if v > 0.0}
    if not removed:
        return ""
    total = sum(removed.values())
    ids = sorted(k for k in removed if k is not None)
    if not ids:
        return f"Clipped {total:,.0f} m² outside the boundary"
    names = f"zone {ids[0]}" if len(ids) == 1 else "zones " + ", ".join(map(str, ids))
    return f"Clipped {total:,.0f} m² of {names} outside the boundary"


def clip_zones_command(project: Project, zone_ids: Iterable[int], scenario_id: str, label: str,
                       merge_key: object | None = None) -> tuple[ReplaceZones | None, dict[int, float]]:
    """Clip existing (just reshaped) zones to the boundary: the command (None when all lie
    inside) and the area cut off each zone. GeometryRefused names a zone left wholly outside."""
    zones = project.scenario(scenario_id).zones
    before, after, removed = {}, {}, {}
    for zone_id in zone_ids:
        zone = zones[zone_id]
        try:
            clip = clip_to_boundary(zone.geometry, project.boundary)
        except GeometryRefused:
            raise GeometryRefused(f"zone {zone_id} would lie wholly outside the boundary") from None
        if clip.clipped:
            before[zone_id], after[zone_id] = zone, zone.with_changes(geometry=clip.geometry)
            removed[zone_id] = clip.removed_m2
    if not before:
        return None, {}
    return ReplaceZones(label, scenario_id, before, after, merge_key), removed

"""One-click fixes for topology problems, each a single history command.

- overlap: remove the shared area from the smaller zone (the second one on a tie);
- gap: add the gap to the neighbour with the longest shared border;
- sliver: delete the sliver zone;
- outside_boundary: clip the zone to the boundary;
- invalid: repair the geometry with ``make_valid``.

Fixes read the zones as they are now, so apply them to problems from a fresh check.
"""
from __future__ import annotations

import shapely

from parkplanner.core.editing.zone_commands import ReplaceZones, delete_zones
from parkplanner.core.geometry.editing import trim_against
from parkplanner.core.geometry.topology import TopologyProblem
from parkplanner.core.geometry.validation import GeometryRefused, as_zone_polygon
from parkplanner.core.model.project import Project

__all__ = ["fix_command", "FIXABLE_KINDS"]

FIXABLE_KINDS = frozenset({"overlap", "gap", "sliver", "outside_boundary", "invalid"})


def fix_command(project: Project, problem: TopologyProblem, scenario_id: str | None = None) -> ReplaceZones:
    """The command fixing ``problem``; GeometryRefused when it cannot be fixed automatically."""
    scenario = project.scenario(scenario_id) if scenario_id else project.active_scenario
    zones = scenario.zones
    missing = [i for i in problem.zone_ids if i not in zones]
    if missing:
        raise GeometryRefused(f"zone {missing[0]} no longer exists; check again")

    def reshape(zone_id: int, geometry, label: str) -> ReplaceZones:
        zone = zones[zone_id]
        return ReplaceZones(label, scenario.id, {zone_id: zone},
                            {zone_id: zone.with_changes(geometry=as_zone_polygon(geometry))})

    if problem.kind == "overlap":
        first, second = (zones[i] for i in problem.zone_ids)
        smaller, larger = (second, first) if second.area_m2 <= first.area_m2 else (first, second)
        trimmed = trim_against(smaller.geometry, {larger.id: larger.geometry})
        return reshape(smaller.id, trimmed.geometry,
                       f"Trim overlap of zone {smaller.id} with zone {larger.id} ({trimmed.total_m2:,.0f} m²)")
    if problem.kind == "gap":
        if not problem.zone_ids:
            raise GeometryRefused("no single neighbour to fill the gap into; draw a zone over it instead")
        target = problem.zone_ids[0]
        filled = shapely.union(zones[target].geometry, problem.geometry)
        return reshape(target, filled, f"Fill gap of {problem.area_m2:,.0f} m² into zone {target}")
    if problem.kind == "sliver":
        (zone_id,) = problem.zone_ids
        return delete_zones(project, [zone_id], scenario.id, label=f"Delete sliver zone {zone_id}")
    if problem.kind == "outside_boundary":
        if project.boundary is None:
            raise GeometryRefused("the project has no boundary")
        (zone_id,) = problem.zone_ids
        return reshape(zone_id, shapely.intersection(zones[zone_id].geometry, project.boundary),
                       f"Clip zone {zone_id} to the boundary")
    if problem.kind == "invalid":
        (zone_id,) = problem.zone_ids
        return reshape(zone_id, zones[zone_id].geometry, f"Repair zone {zone_id}")
    raise GeometryRefused(f"no automatic fix for {problem.kind} problems")

"""Zone-level edits built from the pure geometry edits, each returned as ONE history command
whose label says what happened ("Split zone 12 into 2", "Draw zone (trimmed against 2 neighbours)").

Additive attributes follow area: a split shares ``gfa_override_m2`` among the pieces by area;
a merge keeps the attributes of the largest zone and, when any zone had a GFA override, sets the
override to the zones' total GFA so the merge does not change the park's floor area.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import shapely
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from parkplanner.core.editing.zone_commands import ReplaceZones, replace_zones
from parkplanner.core.geometry.editing import (
    OVERLAP_NOISE_M2, TrimResult, apportion, merge_geometries, split_geometry, translate, trim_against,
)
from parkplanner.core.geometry.validation import GeometryRefused, as_zone_polygon
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone
from parkplanner.core.parcels.codes import split_codes

__all__ = [
    "split_zone", "merge_zones", "split_zones_command", "merge_zones_command", "new_zone_command",
    "translate_zones_command", "trim_zone_command", "neighbours_of", "default_code", "NewZone",
    "replace_covered_command",
]


# -- pure zone functions -----------------------------------------------------------------------
def split_zone(zone: Zone, line: LineString, first_new_id: int) -> list[Zone]:
    """The pieces of ``zone`` cut by ``line``: the largest keeps the zone's id, the others get
    ids from ``first_new_id`` on; all keep the attributes, GFA overrides shared by area, and the
    parcel code gains a suffix per piece (-1 for the largest), as a regulatory plan numbers them."""
    pieces = split_geometry(zone.geometry, line)
    shares = apportion(zone.gfa_override_m2, [p.area for p in pieces])
    ids = [zone.id] + list(range(first_new_id, first_new_id + len(pieces) - 1))
    codes = split_codes(zone.parcel_code, len(pieces)) if len(pieces) > 1 else [zone.parcel_code]
    return [zone.with_changes(id=i, geometry=g, gfa_override_m2=s, parcel_code=c)
            for i, g, s, c in zip(ids, pieces, shares, codes)]


def merge_zones(zones: Iterable[Zone]) -> Zone:
    """One zone of the union; the largest part's id and attributes (parcel code included) are kept."""
    zones = list(zones)
    geometry = merge_geometries({z.id: z.geometry for z in zones})
    largest = max(zones, key=lambda z: (z.area_m2, -z.id))
    gfa = None
    if any(z.gfa_override_m2 is not None for z in zones):
        gfa = sum(z.gfa_m2 for z in zones)
    return largest.with_changes(geometry=geometry, gfa_override_m2=gfa)


def neighbours_of(zones: dict[int, Zone], geometry: BaseGeometry, index=None,
                  exclude: Iterable[int] = ()) -> dict[int, BaseGeometry]:
    """Geometries of the zones that intersect ``geometry`` (through the SpatialIndex if given)."""
    skip = set(exclude)
    if index is not None:
        ids = [i for i in index.query(geometry) if i not in skip]
    else:
        ids_all = np.fromiter(zones, dtype=np.int64, count=len(zones))
        geoms = np.empty(len(zones), dtype=object)
        geoms[:] = [z.geometry for z in zones.values()]
        ids = [i for i in ids_all[shapely.intersects(geometry, geoms)].tolist() if i not in skip]
    return {i: zones[i].geometry for i in ids}


def default_code(project: Project, last_code: str | None = None) -> str:
    """The code a new zone gets: the last one used if still valid, else the land use most zones of
    the active scenario have, else the scheme's first (which is cropland in MNR-2023: never a
    guess for a park that has zones)."""
    catalogue = default_catalogue()
    if last_code:
        cls = catalogue.find(project.scheme, last_code)
        if cls is not None and cls.assignable:
            return last_code
    counts: dict[str, int] = {}
    for zone in project.active_scenario.zones.values():
        counts[zone.code] = counts.get(zone.code, 0) + 1
    for code in sorted(counts, key=lambda c: (-counts[c], c)):
        cls = catalogue.find(project.scheme, code)
        if cls is not None and cls.assignable:
            return code
    return catalogue.classes(project.scheme)[0].code


# -- commands ----------------------------------------------------------------------------------
def _scenario(project: Project, scenario_id: str | None):
    return project.scenario(scenario_id) if scenario_id else project.active_scenario


def split_zones_command(project: Project, zone_ids: Iterable[int], line: LineString,
                        scenario_id: str | None = None) -> ReplaceZones:
    """Split every zone of ``zone_ids`` the line cuts; refused when it cuts none."""
    scenario = _scenario(project, scenario_id)
    next_id = scenario.next_zone_id()
    changed: list[Zone] = []
    added: list[Zone] = []
    reasons = []
    for zone_id in zone_ids:
        try:
            pieces = split_zone(scenario.zones[zone_id], line, next_id)
        except GeometryRefused as refusal:
            reasons.append(str(refusal))
            continue
        changed.append(pieces[0])
        added.extend(pieces[1:])
        next_id += len(pieces) - 1
    if not changed:
        raise GeometryRefused(reasons[0] if len(reasons) == 1 else "the line does not cut any zone in two")
    if len(changed) == 1:
        label = f"Split zone {changed[0].id} into {1 + len(added)}"
    else:
        label = f"Split {len(changed)} zones into {len(changed) + len(added)}"
    return replace_zones(project, (), added, label, scenario.id, changed=changed)


def merge_zones_command(project: Project, zone_ids: Iterable[int],
                        scenario_id: str | None = None) -> ReplaceZones:
    scenario = _scenario(project, scenario_id)
    zones = [scenario.zones[i] for i in dict.fromkeys(zone_ids)]
    merged = merge_zones(zones)
    removed = [z.id for z in zones if z.id != merged.id]
    return replace_zones(project, removed, (), f"Merge {len(zones)} zones into zone {merged.id}",
                         scenario.id, changed=[merged])


@dataclass(frozen=True, slots=True)
class NewZone:
    command: ReplaceZones
    zone: Zone
    trim: TrimResult
    #: What a zone drawn with "replace what it covers" took from the others ("" otherwise).
    replaced: str = ""


def new_zone_command(project: Project, geometry: BaseGeometry, code: str, scenario_id: str | None = None,
                     avoid_overlap: bool = True, index=None, verb: str = "Draw zone") -> NewZone:
    """A new zone with the next id; trimmed against its neighbours when ``avoid_overlap``."""
    scenario = _scenario(project, scenario_id)
    polygon = as_zone_polygon(geometry)
    trim = (trim_against(polygon, neighbours_of(scenario.zones, polygon, index)) if avoid_overlap
            else TrimResult(polygon, {}))
    zone = Zone(scenario.next_zone_id(), trim.geometry, code)
    label = verb
    if trim.trimmed:
        n = len(trim.trimmed)
        label = f"{verb} (trimmed against {n} neighbour{'s' if n > 1 else ''})"
    return NewZone(replace_zones(project, (), [zone], label, scenario.id), zone, trim)


def replace_covered_command(project: Project, polygon: BaseGeometry, code: str, scenario_id: str | None = None,
                            index=None, verb: str = "Draw zone") -> NewZone:
    """A new zone with the next id that wins over its neighbours: each loses what the new zone
    covers, and a neighbour left smaller than a zone can be is removed. One command."""
    scenario = _scenario(project, scenario_id)
    polygon = as_zone_polygon(polygon)
    zone = Zone(scenario.next_zone_id(), polygon, code)
    before: dict[int, Zone | None] = {zone.id: None}
    after: dict[int, Zone | None] = {zone.id: zone}
    taken: dict[int, float] = {}
    for other_id, geometry in neighbours_of(scenario.zones, polygon, index).items():
        shared = float(shapely.area(shapely.intersection(geometry, polygon)))
        if shared <= OVERLAP_NOISE_M2:
            continue
        other = scenario.zones[other_id]
        before[other_id] = other
        try:
            after[other_id] = other.with_changes(geometry=as_zone_polygon(shapely.difference(geometry, polygon)))
        except GeometryRefused:
            after[other_id] = None  # covered (all but a sliver): the new zone replaces it
        taken[other_id] = shared
    removed = sum(1 for i, z in after.items() if z is None)
    label = verb if not taken else f"{verb} (replacing what it covers of {len(taken)} zone{'s' * (len(taken) > 1)})"
    message = ""
    if taken:
        ids = sorted(taken)
        names = f"zone {ids[0]}" if len(ids) == 1 else "zones " + ", ".join(map(str, ids))
        message = f"Took {sum(taken.values()):,.0f} m² from {names}"
        if removed:
            message += f" ({removed} covered whole and removed)"
    command = ReplaceZones(label, scenario.id, before, after)
    return NewZone(command, zone, TrimResult(polygon, {}), message)


def trim_zone_command(project: Project, zone_id: int, scenario_id: str | None = None, index=None,
                      label: str = "Reshape zone", merge_key: object | None = None
                      ) -> tuple[ReplaceZones | None, TrimResult]:
    """Trim an existing (just reshaped) zone against its neighbours; None when nothing overlaps."""
    scenario = _scenario(project, scenario_id)
    zone = scenario.zones[zone_id]
    trim = trim_against(zone.geometry, neighbours_of(scenario.zones, zone.geometry, index, exclude=[zone_id]))
    if not trim.trimmed:
        return None, trim
    command = ReplaceZones(label, scenario.id, {zone_id: zone}, {zone_id: zone.with_changes(geometry=trim.geometry)},
                           merge_key)
    return command, trim


def translate_zones_command(project: Project, originals: dict[int, Zone], dx: float, dy: float,
                            scenario_id: str | None = None, merge_key: object | None = None) -> ReplaceZones:
    """Move zones by (dx, dy) from their ``originals`` (the zones at the start of the drag), so a
    drag of many steps merges into one step from the original positions."""
    scenario = _scenario(project, scenario_id)
    ids = list(originals)
    geoms = np.empty(len(ids), dtype=object)
    geoms[:] = [originals[i].geometry for i in ids]
    moved = translate(geoms, dx, dy)
    before = {i: scenario.zones[i] for i in ids}
    after = {i: originals[i].with_changes(geometry=g) for i, g in zip(ids, moved)}
    label = f"Move zone {ids[0]}" if len(ids) == 1 else f"Move {len(ids)} zones"
    return ReplaceZones(label, scenario.id, before, after, merge_key)

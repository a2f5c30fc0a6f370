"""Zone edits. One primitive, ReplaceZones, carries every add, delete, reshape and attribute change.

``before[id]`` is the zone before (None: the zone did not exist), ``after[id]`` the zone after
(None: removed). The factories below give each user intent its label and its validation.
"""
from __future__ import annotations

from itertools import repeat
from operator import is_
from typing import Any, Iterable, Mapping

from parkplanner.core.editing.change import ChangeKind, ProjectChange
from parkplanner.core.geometry.validation import as_zone_polygon
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone, validate_attribute

__all__ = [
    "ReplaceZones", "add_zones", "delete_zones", "reshape_zone", "reshape_zones", "set_zone_attributes",
    "replace_zones",
]


def _all_present(zones: Mapping[int, Zone | None]) -> bool:
    """No None among the values (identity tests in C: Zone's == is a Python call)."""
    return not any(map(is_, zones.values(), repeat(None)))


class ReplaceZones:
    def __init__(self, label: str, scenario_id: str, before: Mapping[int, Zone | None],
                 after: Mapping[int, Zone | None], merge_key: object | None = None,
                 field: str | None = None) -> None:
        """``field``: the one attribute (never the geometry) in which ``after`` may differ from
        ``before``, when the maker knows it; the step's changes then name it."""
        if before.keys() != after.keys():  # as sets, without making them (a workshop step: 30,000 ids)
            raise ValueError("before and after must name the same zones")
        if field is not None and (field == "geometry" or field not in Zone.__dataclass_fields__):
            raise ValueError(f"not a zone attribute: {field!r}")
        self.label = label
        self.scenario_id = scenario_id
        self.before = dict(before)
        self.after = dict(after)
        self.merge_key = merge_key
        self.field = field
        self._positions: dict[int, int] = {}

    def apply(self, project: Project) -> list[ProjectChange]:
        return self._swap(project, self.before, self.after)

    def revert(self, project: Project) -> list[ProjectChange]:
        return self._swap(project, self.after, self.before)

    def merged_with(self, later: "ReplaceZones") -> "ReplaceZones":
        """This step followed by ``later`` as one step (a drag's many moves become one)."""
        before = dict(self.before)
        extra = later.before.keys() - before.keys()  # empty while a drag moves the same zones
        if extra:
            before.update((zone_id, zone) for zone_id, zone in later.before.items() if zone_id in extra)
        after = dict(self.after)
        after.update(later.after)
        field = self.field if later.field == self.field else None
        return ReplaceZones(self.label, self.scenario_id, before, after, self.merge_key, field)

    def _swap(self, project: Project, old: Mapping[int, Zone | None],
              new: Mapping[int, Zone | None]) -> list[ProjectChange]:
        zones = project.scenario(self.scenario_id).zones
        if _all_present(old) and _all_present(new):
            # Every zone exists before and after (attribute edits, reshapes, workshop steps):
            # set operations and one update instead of a Python step per zone.
            # Not ``old.keys() - zones.keys()``: that walks every zone of the scenario.
            missing = [zone_id for zone_id in old if zone_id not in zones]
            if missing:
                raise RuntimeError(f"zone {min(missing)} is not in the state this edit expects")
            zones.update(new)
            return self._changes(old, new)
        for zone_id, expected in old.items():
            current = zones.get(zone_id)
            if (current is None) != (expected is None):
                raise RuntimeError(f"zone {zone_id} is not in the state this edit expects")
        removing = [i for i, z in new.items() if z is None and old[i] is not None]
        if removing:
            # Remember where removed zones stood so their undo puts them back in draw order.
            wanted = set(removing)
            self._positions.update({i: n for n, i in enumerate(zones) if i in wanted})
        restoring = sorted((self._positions[i], i) for i, z in new.items()
                           if z is not None and old[i] is None and i in self._positions)
        for zone_id, zone in new.items():
            if zone is None:
                zones.pop(zone_id, None)
            else:
                zones[zone_id] = zone
        if restoring:
            _restore_order(zones, restoring)
        return self._changes(old, new)

    def _changes(self, old, new) -> list[ProjectChange]:
        # Plain lists per kind: a workshop step sorts thousands of zones here on every move.
        if _all_present(old) and _all_present(new):
            if self.field is not None:  # one attribute, never the shape: no vertex to compare
                return [ProjectChange(ChangeKind.ZONES_ATTRIBUTES, self.scenario_id, frozenset(old), self.field)]
            ids = list(old)
            reshaped = frozenset(i for i, a, b in zip(ids, old.values(), map(new.__getitem__, ids))
                                 if a.geometry is not b.geometry and not a.geometry.equals_exact(b.geometry, 0.0))
            groups = ((ChangeKind.ZONES_RESHAPED, reshaped), (ChangeKind.ZONES_ATTRIBUTES, frozenset(ids) - reshaped))
            return [ProjectChange(kind, self.scenario_id, zone_ids) for kind, zone_ids in groups if zone_ids]
        removed, added, reshaped, attributes = [], [], [], []
        for zone_id, a in old.items():
            b = new[zone_id]
            if a is None:
                if b is not None:
                    added.append(zone_id)
            elif b is None:
                removed.append(zone_id)
            elif a.geometry is not b.geometry and not a.geometry.equals_exact(b.geometry, 0.0):
                reshaped.append(zone_id)
            else:
                attributes.append(zone_id)
        groups = ((ChangeKind.ZONES_REMOVED, removed), (ChangeKind.ZONES_ADDED, added),
                  (ChangeKind.ZONES_RESHAPED, reshaped), (ChangeKind.ZONES_ATTRIBUTES, attributes))
        return [ProjectChange(kind, self.scenario_id, frozenset(ids)) for kind, ids in groups if ids]


def _restore_order(zones: dict[int, Zone], restoring: list[tuple[int, int]]) -> None:
    """Move the restored zones (appended by the swap) back to their former positions."""
    moved = {zone_id for _, zone_id in restoring}
    items = [(k, v) for k, v in zones.items() if k not in moved]
    for position, zone_id in restoring:
        items.insert(min(position, len(items)), (zone_id, zones[zone_id]))
    zones.clear()
    zones.update(items)


def _scenario_zones(project: Project, scenario_id: str | None) -> tuple[str, dict[int, Zone]]:
    scenario = project.scenario(scenario_id) if scenario_id else project.active_scenario
    return scenario.id, scenario.zones


def add_zones(project: Project, zones: Iterable[Zone], scenario_id: str | None = None,
              label: str | None = None) -> ReplaceZones:
    sid, existing = _scenario_zones(project, scenario_id)
    zones = list(zones)
    for zone in zones:
        if zone.id in existing:
            raise ValueError(f"zone id {zone.id} already exists")
        as_zone_polygon(zone.geometry)
    label = label or ("Add zone" if len(zones) == 1 else f"Add {len(zones)} zones")
    return ReplaceZones(label, sid, {z.id: None for z in zones}, {z.id: z for z in zones})


def delete_zones(project: Project, zone_ids: Iterable[int], scenario_id: str | None = None,
                 label: str | None = None) -> ReplaceZones:
    sid, existing = _scenario_zones(project, scenario_id)
    ids = [i for i in dict.fromkeys(zone_ids)]
    missing = [i for i in ids if i not in existing]
    if missing:
        raise KeyError(f"no zone with id {missing[0]}")
    label = label or ("Delete zone" if len(ids) == 1 else f"Delete {len(ids)} zones")
    return ReplaceZones(label, sid, {i: existing[i] for i in ids}, {i: None for i in ids})


def reshape_zones(project: Project, geometries: Mapping[int, Any], scenario_id: str | None = None,
                  label: str = "Reshape zone", merge_key: object | None = None) -> ReplaceZones:
    """New geometry for several zones; each must pass the geometry gate (GeometryRefused otherwise)."""
    sid, existing = _scenario_zones(project, scenario_id)
    before, after = {}, {}
    for zone_id, geometry in geometries.items():
        zone = existing[zone_id]
        before[zone_id] = zone
        after[zone_id] = zone.with_changes(geometry=as_zone_polygon(geometry))
    return ReplaceZones(label, sid, before, after, merge_key)


def reshape_zone(project: Project, zone_id: int, geometry: Any, scenario_id: str | None = None,
                 label: str = "Reshape zone", merge_key: object | None = None) -> ReplaceZones:
    return reshape_zones(project, {zone_id: geometry}, scenario_id, label, merge_key)


def set_zone_attributes(project: Project, zone_ids: Iterable[int], values: Mapping[str, Any],
                        scenario_id: str | None = None, label: str | None = None) -> ReplaceZones:
    """Set the same attribute values on one or many zones, validated (ValueError with the reason)."""
    from parkplanner.core.model.catalogue import default_catalogue

    sid, existing = _scenario_zones(project, scenario_id)
    clean = {name: validate_attribute(name, value) for name, value in values.items()}
    if "code" in clean:
        cls = default_catalogue().find(project.scheme, clean["code"])
        if cls is None or not cls.assignable:
            raise ValueError(f"unknown land-use code {clean['code']!r} in scheme {project.scheme}")
    if clean.get("sector") is not None and clean["sector"] not in project.sectors:
        raise ValueError(f"unknown sector {clean['sector']!r}")
    ids = list(dict.fromkeys(zone_ids))
    if clean.get("parcel_code"):
        _check_parcel_code_free(clean["parcel_code"], ids, existing)
    before = {i: existing[i] for i in ids}
    after = {i: z.with_changes(**clean) for i, z in before.items()}
    if label is None:
        names = ", ".join(clean)
        label = f"Set {names}" if len(ids) == 1 else f"Set {names} on {len(ids)} zones"
    return ReplaceZones(label, sid, before, after, field=next(iter(clean)) if len(clean) == 1 else None)


def _check_parcel_code_free(code: str, ids: list[int], existing: Mapping[int, Zone]) -> None:
    """A parcel code names one parcel of the scenario: refuse giving it to several or reusing it."""
    if len(ids) > 1:
        raise ValueError("a parcel code names one zone: select a single zone to set it")
    holder = next((z.id for z in existing.values() if z.parcel_code == code and z.id not in ids), None)
    if holder is not None:
        raise ValueError(f"parcel code {code!r} is already used by zone {holder}")


def replace_zones(project: Project, removed: Iterable[int], added: Iterable[Zone], label: str,
                  scenario_id: str | None = None, changed: Iterable[Zone] = ()) -> ReplaceZones:
    """Remove, add and change zones in one step (split, merge, trim against neighbours)."""
    sid, existing = _scenario_zones(project, scenario_id)
    before: dict[int, Zone | None] = {}
    after: dict[int, Zone | None] = {}
    for zone_id in removed:
        before[zone_id], after[zone_id] = existing[zone_id], None
    for zone in changed:
        as_zone_polygon(zone.geometry)
        before[zone.id], after[zone.id] = existing[zone.id], zone
    for zone in added:
        as_zone_polygon(zone.geometry)
        if zone.id in existing and zone.id not in before:
            raise ValueError(f"zone id {zone.id} already exists")
        before.setdefault(zone.id, existing.get(zone.id))
        after[zone.id] = zone
    return ReplaceZones(label, sid, before, after)

"""The change ledger between two scenarios: zones matched by id.

Added and removed zones, reshaped zones (geometry differs), re-classed zones (land-use code
differs) and every other attribute change, field by field. Geometry is compared exactly first,
vectorised; pairs that differ exactly are compared topologically so a polygon whose ring merely
starts at another vertex is not reported as reshaped.
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import numpy as np
import shapely

from parkplanner.core.foreground import give_way
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import ZONE_ATTRIBUTES, Zone, replaced_ids

__all__ = ["ZoneEntry", "Reshape", "AttributeChange", "ZoneLedger", "zone_ledger"]

_ATTRIBUTES = attrgetter(*ZONE_ATTRIBUTES)
#: Zone pairs compared between two checks for a turn of the GUI thread (a few milliseconds).
_PAIRS_PER_TURN = 2_000


@dataclass(frozen=True, slots=True)
class ZoneEntry:
    zone_id: int
    name: str
    code: str
    area_m2: float
    parcel_code: str | None = None

    def to_dict(self) -> dict:
        return {"zone_id": self.zone_id, "parcel_code": self.parcel_code, "name": self.name, "code": self.code,
                "area_m2": self.area_m2}


@dataclass(frozen=True, slots=True)
class Reshape:
    zone_id: int
    name: str
    area_a_m2: float
    area_b_m2: float
    parcel_code: str | None = None

    def to_dict(self) -> dict:
        return {"zone_id": self.zone_id, "parcel_code": self.parcel_code, "name": self.name, "area_a_m2": self.area_a_m2,
                "area_b_m2": self.area_b_m2, "area_delta_m2": self.area_b_m2 - self.area_a_m2}


@dataclass(frozen=True, slots=True)
class AttributeChange:
    zone_id: int
    name: str
    field: str
    old: Any
    new: Any
    parcel_code: str | None = None  # the zone's code in scenario b

    def to_dict(self) -> dict:
        return {"zone_id": self.zone_id, "parcel_code": self.parcel_code, "name": self.name, "field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class ZoneLedger:
    added: tuple[ZoneEntry, ...]
    removed: tuple[ZoneEntry, ...]
    reshaped: tuple[Reshape, ...]
    reclassed: tuple[AttributeChange, ...]  # field "code"
    attributes: tuple[AttributeChange, ...]  # every other field

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.reshaped or self.reclassed or self.attributes)

    def changed_zone_ids(self) -> set[int]:
        groups = (self.added, self.removed, self.reshaped, self.reclassed, self.attributes)
        return {entry.zone_id for group in groups for entry in group}

    def to_dict(self) -> dict:
        return {name: [entry.to_dict() for entry in getattr(self, name)]
                for name in ("added", "removed", "reshaped", "reclassed", "attributes")}


def _entry(zone: Zone) -> ZoneEntry:
    return ZoneEntry(zone.id, zone.name, zone.code, float(zone.geometry.area), zone.parcel_code)


def _differing_ids(zones_a: dict, zones_b: dict) -> list[int]:
    """Sorted ids of the zones in both whose Zone objects differ (duplicated scenarios share Zone
    objects); a zone missing from B is not a pair."""
    return sorted(i for i in replaced_ids(zones_a, zones_b).tolist() if i in zones_b)


def zone_ledger(a: Scenario, b: Scenario) -> ZoneLedger:
    """What changed from scenario ``a`` to scenario ``b``, sorted by zone id."""
    zones_a, zones_b = a.zones, b.zones
    added = tuple(_entry(zones_b[i]) for i in sorted(zones_b.keys() - zones_a.keys()))
    removed = tuple(_entry(zones_a[i]) for i in sorted(zones_a.keys() - zones_b.keys()))
    pairs = [(zones_a[i], zones_b[i]) for i in _differing_ids(zones_a, zones_b)]

    reshaped: list[Reshape] = []
    # An attribute edit keeps the zone's geometry object: only pairs of two geometry objects are compared.
    moved = [k for k, (za, zb) in enumerate(pairs) if za.geometry is not zb.geometry]
    if moved:
        geoms_a = np.array([pairs[k][0].geometry for k in moved], dtype=object)
        geoms_b = np.array([pairs[k][1].geometry for k in moved], dtype=object)
        differ = ~shapely.equals_exact(geoms_a, geoms_b, tolerance=0.0)
        candidates = np.flatnonzero(differ)
        if candidates.size:
            same_shape = shapely.equals(geoms_a[candidates], geoms_b[candidates])
            differ[candidates[same_shape]] = False
        changed = np.flatnonzero(differ)
        areas_a, areas_b = shapely.area(geoms_a[changed]).tolist(), shapely.area(geoms_b[changed]).tolist()
        reshaped = [Reshape(zb.id, zb.name, area_a, area_b, zb.parcel_code)
                    for zb, area_a, area_b in zip((pairs[moved[k]][1] for k in changed.tolist()), areas_a, areas_b)]

    reclassed, attributes = [], []
    for n, (za, zb) in enumerate(pairs):
        if not n % _PAIRS_PER_TURN:
            give_way()  # on a worker (a comparison after an edit), the GUI thread's turn goes first
        values_a, values_b = _ATTRIBUTES(za), _ATTRIBUTES(zb)
        if values_a == values_b:
            continue  # reshaped only
        for field, old, new in zip(ZONE_ATTRIBUTES, values_a, values_b):
            if old != new:
                change = AttributeChange(zb.id, zb.name, field, old, new, zb.parcel_code)
                (reclassed if field == "code" else attributes).append(change)
    return ZoneLedger(added, removed, tuple(reshaped), tuple(reclassed), tuple(attributes))

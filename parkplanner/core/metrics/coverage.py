"""Service coverage of housing by buffered facilities (P2 schools, E3 parks; METRICS.md section 4).

coverage = area(housing ∩ union of facility polygons buffered by the radius) / area(housing).
The covered area is kept per housing zone, so an edit only recomputes the housing zones it can
affect: the edited zone itself if it is housing, and the housing zones meeting the old or new
buffer of an edited facility. Each housing zone's covered area comes from one function,
``covered_area``, whether computed in a full build or after an edit, so the two agree exactly.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from parkplanner.core.metrics.exact_sum import from_fixed, to_fixed

__all__ = ["CoverageState", "CoverageLayer", "covered_area", "SCHOOL_RADIUS_M", "PARK_RADIUS_M",
           "PARK_MIN_AREA_M2"]

SCHOOL_RADIUS_M = 500.0
PARK_RADIUS_M = 300.0
PARK_MIN_AREA_M2 = 4000.0


@dataclass(frozen=True, slots=True)
class CoverageState:
    """What coverage needs to know about one zone."""

    geometry: BaseGeometry
    area: float
    housing: bool
    facility: bool


def covered_area(housing: BaseGeometry, housing_area: float, buffers: Sequence[BaseGeometry]) -> float:
    """Area of ``housing`` inside the union of ``buffers`` (ordered by facility zone id).

    A buffer containing the whole zone answers at once (the usual case for 300–500 m radii);
    otherwise the zone's pieces inside each buffer are unioned, which is far cheaper than
    unioning the large buffers themselves.
    """
    if not buffers:
        return 0.0
    candidates = np.array(buffers, dtype=object)
    if shapely.contains(candidates, housing).any():
        return housing_area
    pieces = shapely.intersection(housing, candidates)
    cover = pieces[0] if len(pieces) == 1 else shapely.union_all(pieces)
    return float(shapely.area(cover))


class CoverageLayer:
    """Covered housing area for one kind of facility within ``radius`` metres."""

    def __init__(self, radius: float) -> None:
        self.radius = radius
        self._buffers: dict[int, BaseGeometry] = {}  # facility zone id -> buffered polygon
        self._housing: dict[int, tuple[BaseGeometry, float]] = {}
        self._covered: dict[int, float] = {}
        self._fixed = 0  # exact sum of self._covered
        self._tree: shapely.STRtree | None = None
        self._tree_ids = np.empty(0, dtype=np.int64)

    # -- results ------------------------------------------------------------------------------
    @property
    def covered_m2(self) -> float:
        return from_fixed(self._fixed)

    def covered_of(self, zone_id: int) -> float | None:
        return self._covered.get(zone_id)

    # -- full build -----------------------------------------------------------------------------
    def build(self, states: Mapping[int, CoverageState]) -> None:
        facility_ids = sorted(i for i, s in states.items() if s.facility)
        geometries = np.array([states[i].geometry for i in facility_ids], dtype=object)
        buffers = shapely.buffer(geometries, self.radius) if facility_ids else np.empty(0, dtype=object)
        self._buffers = dict(zip(facility_ids, buffers.tolist()))
        self._tree = None
        self._housing = {i: (s.geometry, s.area) for i, s in states.items() if s.housing}
        self._covered, self._fixed = {}, 0
        housing_ids = list(self._housing)
        if not housing_ids:
            return
        candidates: dict[int, list[int]] = {i: [] for i in housing_ids}
        if facility_ids:
            tree, tree_ids = self._facility_tree()
            housing_geoms = np.array([self._housing[i][0] for i in housing_ids], dtype=object)
            pairs = tree.query(housing_geoms, predicate="intersects")
            for h, f in zip(pairs[0].tolist(), tree_ids[pairs[1]].tolist()):
                candidates[housing_ids[h]].append(f)
        for zone_id in housing_ids:
            self._set_covered(zone_id, candidates[zone_id])

    # -- incremental ---------------------------------------------------------------------------
    def update(self, changed: Mapping[int, tuple[CoverageState | None, CoverageState | None]],
               near: Callable[[BaseGeometry], Iterable[int]]) -> None:
        """Apply zone changes (old state, new state; None when absent).

        ``near(geometry)`` yields ids of zones whose *current* geometry intersects ``geometry``.
        """
        affected: set[int] = set()
        for zone_id, (old, new) in changed.items():
            old_facility = old is not None and old.facility
            new_facility = new is not None and new.facility
            moved = old is None or new is None or old.geometry is not new.geometry
            if old_facility and (not new_facility or moved):
                affected.update(near(self._buffers.pop(zone_id)))
                self._tree = None
            if new_facility and zone_id not in self._buffers:
                buffer = shapely.buffer(new.geometry, self.radius)
                self._buffers[zone_id] = buffer
                affected.update(near(buffer))
                self._tree = None
            if zone_id in self._housing:
                del self._housing[zone_id]
                self._fixed -= to_fixed(self._covered.pop(zone_id))
            if new is not None and new.housing:
                self._housing[zone_id] = (new.geometry, new.area)
                affected.add(zone_id)
        for zone_id in affected:
            if zone_id not in self._housing:
                continue
            if zone_id in self._covered:
                self._fixed -= to_fixed(self._covered.pop(zone_id))
            self._set_covered(zone_id, self._facilities_near(self._housing[zone_id][0]))

    # -- helpers ---------------------------------------------------------------------------------
    def _facility_tree(self) -> tuple[shapely.STRtree, np.ndarray]:
        if self._tree is None:
            ids = sorted(self._buffers)
            self._tree_ids = np.array(ids, dtype=np.int64)
            buffers = [self._buffers[i] for i in ids]
            shapely.prepare(buffers)
            self._tree = shapely.STRtree(buffers)
        return self._tree, self._tree_ids

    def _facilities_near(self, geometry: BaseGeometry) -> list[int]:
        if not self._buffers:
            return []
        tree, ids = self._facility_tree()
        return ids[tree.query(geometry, predicate="intersects")].tolist()

    def _set_covered(self, zone_id: int, facility_ids: list[int]) -> None:
        geometry, area = self._housing[zone_id]
        buffers = [self._buffers[i] for i in sorted(facility_ids)]
        value = covered_area(geometry, area, buffers)
        self._covered[zone_id] = value
        self._fixed += to_fixed(value)

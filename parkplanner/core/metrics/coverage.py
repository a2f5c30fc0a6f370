"""Service coverage of housing by buffered facilities (P2 schools, E3 parks; docs/specification.md section 4).

coverage = area(housing ∩ union of facility polygons buffered by the radius) / area(housing).
The covered area is kept per housing zone, so an edit only recomputes the housing zones it can
affect: the edited zone itself if it is housing, and the housing zones meeting the old or new
buffer of an edited facility. Each housing zone's covered area comes from one function,
``covered_area``, whether computed in a full build or after an edit, so the two agree exactly.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from parkplanner.core.metrics.exact_sum import fixed_sums, from_fixed, to_fixed

__all__ = ["CoverageState", "CoverageLayer", "BufferCache", "covered_area", "roles", "LAYER_RADII", "HOUSING_CLASSES",
           "SCHOOL_RADIUS_M", "PARK_RADIUS_M", "PARK_MIN_AREA_M2"]

#: Fewer affected housing zones than this are recomputed one by one (no numpy set-up).
_ONE_BY_ONE = 16
SCHOOL_RADIUS_M = 500.0
PARK_RADIUS_M = 300.0
PARK_MIN_AREA_M2 = 4000.0
HOUSING_CLASSES = ("RES", "MXD")
#: Coverage indicator -> buffer radius of its facilities.
LAYER_RADII = {"P2": SCHOOL_RADIUS_M, "E3": PARK_RADIUS_M}


def roles(generic_class: np.ndarray, facility: np.ndarray, area: np.ndarray) -> tuple[np.ndarray, dict]:
    """Which zones are housing, and which are facilities of each layer (aligned string arrays).

    Housing: RES and MXD. P2 facilities: zones tagged EDU. E3 facilities: GRN zones ≥ 4,000 m².
    """
    housing = np.isin(generic_class, HOUSING_CLASSES)
    return housing, {"P2": facility == "EDU", "E3": (generic_class == "GRN") & (area >= PARK_MIN_AREA_M2)}


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


class BufferCache:
    """Facility buffers of the last ``builds`` coverage builds, by geometry object and radius.

    Zones are immutable and scenarios share their unchanged zones, so successive builds of one
    layer, and the layers of the engines a UI keeps per scenario, re-buffer only the geometries
    that differ. Each entry holds its geometry, so an ``id()`` is never reused while it lives.
    """

    def __init__(self, builds: int = 2) -> None:
        self._builds: deque[dict[tuple[int, float], tuple[BaseGeometry, BaseGeometry]]] = deque(maxlen=builds)

    def buffered(self, geometries: np.ndarray, radius: float) -> np.ndarray:
        """``shapely.buffer(geometries, radius)``, reusing buffers of recent builds."""
        buffers = np.empty(geometries.size, dtype=object)
        missing = []
        builds = list(reversed(self._builds))  # newest first
        for n, geometry in enumerate(geometries.tolist()):
            key = (id(geometry), radius)
            for build in builds:
                hit = build.get(key)
                if hit is not None and hit[0] is geometry:
                    buffers[n] = hit[1]
                    break
            else:
                missing.append(n)
        if missing:
            buffers[missing] = shapely.buffer(geometries[missing], radius)
        self._builds.append({(id(g), radius): (g, b) for g, b in zip(geometries.tolist(), buffers.tolist())})
        return buffers


class CoverageLayer:
    """Covered housing area for one kind of facility within ``radius`` metres."""

    def __init__(self, radius: float, buffer_cache: BufferCache | None = None) -> None:
        self.radius = radius
        self._buffers: dict[int, BaseGeometry] = {}  # facility zone id -> buffered polygon
        self._housing: dict[int, tuple[BaseGeometry, float]] = {}
        self._covered: dict[int, float] = {}
        self._fixed = 0  # exact sum of self._covered
        self._tree: shapely.STRtree | None = None
        self._tree_ids = np.empty(0, dtype=np.int64)
        self._tree_buffers = np.empty(0, dtype=object)  # the tree's geometries, in facility id order
        # Scenarios share their unchanged zones (zones are immutable), so a rebuild for another
        # scenario re-buffers only what differs; a cache may be shared by several layers.
        self._buffer_cache = buffer_cache or BufferCache()

    def copy(self) -> "CoverageLayer":
        """An independent layer in the same state (the facility tree and buffers are shared: immutable)."""
        other = CoverageLayer(self.radius, self._buffer_cache)
        other._buffers, other._housing, other._covered = dict(self._buffers), dict(self._housing), dict(self._covered)
        other._fixed, other._tree, other._tree_ids = self._fixed, self._tree, self._tree_ids
        other._tree_buffers = self._tree_buffers
        return other

    # -- results ------------------------------------------------------------------------------
    @property
    def covered_m2(self) -> float:
        return from_fixed(self._fixed)

    def covered_of(self, zone_id: int) -> float | None:
        return self._covered.get(zone_id)

    # -- full build -----------------------------------------------------------------------------
    def build(self, zone_ids: np.ndarray, geometries: np.ndarray, areas: np.ndarray, housing: np.ndarray,
              facility: np.ndarray) -> None:
        """Everything from scratch; the arrays are aligned, ``housing``/``facility`` boolean masks.

        Vectorised over housing-facility pairs; the per-zone steps mirror ``covered_area`` one to
        one (contains, then intersections unioned in facility id order) so values are identical.
        """
        order = np.argsort(zone_ids[facility], kind="stable")
        facility_ids = zone_ids[facility][order]
        buffers = self._buffer_cache.buffered(geometries[facility][order], self.radius)
        self._buffers = dict(zip(facility_ids.tolist(), buffers.tolist()))
        self._tree = None
        housing_ids = zone_ids[housing]
        housing_geoms = geometries[housing]
        housing_areas = areas[housing]
        self._housing = dict(zip(housing_ids.tolist(), zip(housing_geoms.tolist(), housing_areas.tolist())))
        self._covered, self._fixed = {}, 0
        if housing_ids.size == 0:
            return
        covered = self._covered_of(housing_geoms, housing_areas)
        values = covered.tolist()
        self._covered = dict(zip(housing_ids.tolist(), values))
        self._fixed = sum(fixed_sums(covered, np.zeros(covered.size, dtype=np.int64), 1))

    def _covered_of(self, housing_geoms: np.ndarray, housing_areas: np.ndarray) -> np.ndarray:
        """``covered_area`` of many housing zones at once against the current buffers.

        Vectorised over housing-facility pairs; the per-zone steps mirror ``covered_area`` one to
        one (contains, then intersections unioned in facility id order) so values are identical.
        """
        covered = np.zeros(housing_geoms.size)
        if not self._buffers:
            return covered
        tree, _ = self._facility_tree()  # over the buffers in facility id order
        buffers = self._tree_buffers
        pairs = tree.query(housing_geoms, predicate="intersects")
        # Sort pairs by housing then facility id, the order covered_area unions them in.
        pairs = pairs[:, np.lexsort((pairs[1], pairs[0]))]
        h, f = pairs
        inside = shapely.contains(buffers[f], housing_geoms[h])
        contained = np.bincount(h[inside], minlength=housing_geoms.size) > 0
        covered[contained] = housing_areas[contained]
        partial = ~contained[h]
        h, f = h[partial], f[partial]
        pieces = shapely.intersection(housing_geoms[h], buffers[f])
        counts = np.bincount(h, minlength=housing_geoms.size)
        single = counts[h] == 1
        covered[h[single]] = shapely.area(pieces[single])
        several = ~single
        if several.any():
            starts = np.flatnonzero(np.r_[True, h[several][1:] != h[several][:-1]])
            groups = np.split(pieces[several], starts[1:])
            unions = np.array([shapely.union_all(g) for g in groups], dtype=object)
            covered[h[several][starts]] = shapely.area(unions)
        return covered

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
        targets = [zone_id for zone_id in affected if zone_id in self._housing]
        for zone_id in targets:
            if zone_id in self._covered:
                self._fixed -= to_fixed(self._covered.pop(zone_id))
        if len(targets) < _ONE_BY_ONE:
            for zone_id in targets:
                self._set_covered(zone_id, self._facilities_near(self._housing[zone_id][0]))
            return
        # Many housing zones (a first visit of a scenario, a large edit): the build's vectorised path.
        geometries, areas = zip(*(self._housing[zone_id] for zone_id in targets))
        values = self._covered_of(np.array(geometries, dtype=object), np.array(areas, dtype=float)).tolist()
        for zone_id, value in zip(targets, values):
            self._covered[zone_id] = value
            self._fixed += to_fixed(value)

    # -- helpers ---------------------------------------------------------------------------------
    def _facility_tree(self) -> tuple[shapely.STRtree, np.ndarray]:
        if self._tree is None:
            ids = sorted(self._buffers)
            self._tree_ids = np.array(ids, dtype=np.int64)
            self._tree_buffers = np.array([self._buffers[i] for i in ids], dtype=object)
            shapely.prepare(self._tree_buffers)
            self._tree = shapely.STRtree(self._tree_buffers)
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

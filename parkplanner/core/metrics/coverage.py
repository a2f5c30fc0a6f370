"""Service coverage of housing by buffered facilities (P2 schools, E3 parks; docs/specification.md section 4).

coverage = area(housing ∩ union of facility polygons buffered by the radius) / area(housing).
The covered area is kept per housing zone, so an edit only recomputes the housing zones it can
affect: the edited zone itself if it is housing, and the housing zones meeting the old or new
buffer of an edited facility. Each housing zone's covered area comes from one function,
``CoverageLayer._covered_of``, whether computed in a full build or after an edit, so the two agree
exactly. The housing near an edited facility is found with one query of an STRtree over the
housing zones as the build saw them (made at the first edit, shared by the layer's copies: a
scenario shown for the first time is updated from another one's layer); housing zones edited
since are tested directly, until so many are that a new tree is cheaper.

Most housing zones lie wholly inside one facility's buffer or far from every facility, and
buffering is the costly step (a 100,000-zone plan has ~17,000 schools and parks). So a housing
zone is first tested against the facility polygons themselves: if its bounding circle lies
within ``REACH_INSIDE`` × radius of a facility, it lies inside that facility's buffer polygon
(GEOS draws each round corner with chords whose vertices are on the circle, so the polygon
contains every point nearer than the chords' distance from the centre). Only facilities near the
other housing zones are buffered, and only those zones are cut by the buffers: each zone's nearest
facility first, since a buffer containing the zone is usually that one, then the others of the
zones it leaves undecided; facilities whose box lies beyond a buffer's reach (``BUFFER_REACH``)
from the zone's box are not buffered for it at all.
"""
from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from parkplanner.core.foreground import give_way
from parkplanner.core.geometry.chunked import COSTLY_MIN_CHUNK, chunked, sliced
from parkplanner.core.metrics.contributions import CLASS_INDEX, FACILITIES
from parkplanner.core.metrics.exact_sum import fixed_sums, from_fixed, to_fixed
from parkplanner.core.model.catalogue import GENERIC_CLASSES

__all__ = ["CoverageState", "CoverageLayer", "BufferCache", "roles", "housing_outline", "LAYER_RADII",
           "HOUSING_CLASSES", "SCHOOL_RADIUS_M", "PARK_RADIUS_M", "PARK_MIN_AREA_M2", "QUAD_SEGS", "REACH_INSIDE",
           "BUFFER_REACH"]

SCHOOL_RADIUS_M = 500.0
PARK_RADIUS_M = 300.0
PARK_MIN_AREA_M2 = 4000.0
HOUSING_CLASSES = ("RES", "MXD")
_HOUSING_CLASS = np.isin(np.array(GENERIC_CLASSES, dtype=object), HOUSING_CLASSES)  # per class index
_EDU, _GRN = FACILITIES.index("EDU"), CLASS_INDEX["GRN"]
#: Coverage indicator -> buffer radius of its facilities.
LAYER_RADII = {"P2": SCHOOL_RADIUS_M, "E3": PARK_RADIUS_M}
#: Segments per quarter circle of the buffers: shapely's default, the buffer the specification means.
QUAD_SEGS = 8
#: Share of the radius within which a point surely lies inside a buffer polygon. GEOS divides a
#: corner's arc into round(angle / quantum) equal chords (quantum = 90° / QUAD_SEGS), so a chord
#: spans less than 1.5 quanta and keeps at least cos(0.75 quantum) of the radius from the corner;
#: straight sides are offset by the full radius. The 1e-6 covers rounding and vertex snapping.
REACH_INSIDE = math.cos(0.75 * math.pi / 2 / QUAD_SEGS) - 1e-6
#: Share of the radius beyond which no point of a buffer polygon lies. The round corners' vertices
#: are on the circle and the chords inside it, but GEOS first smooths away concavities of the
#: input shallower than 1% of the distance (its buffer simplify factor), which may push the
#: outline out by that much; the rest is margin.
BUFFER_REACH = 1.02


def roles(cls: np.ndarray, facility: np.ndarray, area: np.ndarray) -> tuple[np.ndarray, dict]:
    """Which zones are housing, and which are facilities of each layer (aligned arrays of generic
    class indices (CLASS_INDEX), facility tag indices (FACILITIES) and areas).

    Housing: RES and MXD. P2 facilities: zones tagged EDU. E3 facilities: GRN zones ≥ 4,000 m².
    """
    return _HOUSING_CLASS[cls], {"P2": facility == _EDU, "E3": (cls == _GRN) & (area >= PARK_MIN_AREA_M2)}


@dataclass(frozen=True, slots=True)
class CoverageState:
    """What coverage needs to know about one zone."""

    geometry: BaseGeometry
    area: float
    housing: bool
    facility: bool


_POLYGON = 3  # shapely.get_type_id of a Polygon
#: Housing zones edited since the housing tree was made are tested one by one (vectorised) until
#: there are more than this many, or more than a quarter of the tree: then a new tree is made.
_MOVED_MAX = 256


class _HousingSnapshot:
    """Housing zone ids and geometries as one build (or rebuild of the tree) saw them, with an
    STRtree over them made at the first query. Never modified: layer copies share it."""

    def __init__(self, ids: np.ndarray, geometries: np.ndarray) -> None:
        self.ids, self.geometries = ids, geometries
        self._tree: shapely.STRtree | None = None

    def __len__(self) -> int:
        return int(self.ids.size)

    def tree(self) -> shapely.STRtree:
        # Two threads may both make it: either tree is the same index.
        if self._tree is None:
            self._tree = shapely.STRtree(self.geometries)
        return self._tree
#: Facilities with more outline edges than this get no distance bound (pairs × edges stays small).
_OUTLINE_MAX = 64


def housing_outline(geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bounding boxes (n × 4) and spreads about their centres of housing zones (the largest
    distance from the box centre to a vertex, 0 without vertices): what ``build`` reads of them,
    the same for every layer, so an engine works it out once for all its layers."""
    bounds = shapely.bounds(geometries).reshape(-1, 4)
    centre_x, centre_y = (bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2
    coords, owner = shapely.get_coordinates(geometries, return_index=True)
    spread = np.zeros(geometries.size)
    if owner.size:
        # get_coordinates lists the geometries' vertices in order: one reduceat, not maximum.at.
        distance = np.hypot(coords[:, 0] - centre_x[owner], coords[:, 1] - centre_y[owner])
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        spread[owner[starts]] = np.maximum.reduceat(distance, starts)
    return bounds, spread


def _area_outside(zones: np.ndarray, rows: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Area of each zone less the first ``count`` buffers of its row of ``rows``, taken away in
    row order: one vectorised difference per column, no union, no Python step per zone."""
    left = zones.copy()
    for k in range(rows.shape[1]):
        taking = np.flatnonzero(count > k)
        left[taking] = shapely.difference(left[taking], rows[taking, k])
    return shapely.area(left)


def _prepared(geometries: np.ndarray) -> np.ndarray:
    shapely.prepare(geometries)
    return geometries


class BufferCache:
    """Facility buffers of the last ``builds`` coverage builds, by geometry object and radius.

    Zones are immutable and scenarios share their unchanged zones, so successive builds of one
    layer, and the layers of the engines a UI keeps per scenario, re-buffer only the geometries
    that differ. Each entry holds its geometry, so an ``id()`` is never reused while it lives.
    """

    def __init__(self, builds: int = 2) -> None:
        # Per build: its radius, and geometries and buffers by id() of the geometry (two dicts, no
        # tuple per entry: a build's thousands of them would be walked by the cycle collector).
        self._builds: deque[tuple[float, dict[int, BaseGeometry], dict[int, BaseGeometry]]] = deque(maxlen=builds)

    def lookup(self, geometries: list[BaseGeometry], radius: float) -> list[BaseGeometry | None]:
        """The buffer a recent build made of each geometry at ``radius`` (None if none did)."""
        builds = [(kept, made) for r, kept, made in reversed(self._builds) if r == radius]  # newest first
        found = []
        for geometry in geometries:
            key = id(geometry)
            for kept, made in builds:
                if kept.get(key) is geometry:
                    found.append(made[key])
                    break
            else:
                found.append(None)
        return found

    def record(self, geometries: list[BaseGeometry], buffers: list[BaseGeometry], radius: float) -> None:
        """Keep one build's buffers (``shapely.buffer(geometry, radius, QUAD_SEGS)`` of each geometry)."""
        keys = list(map(id, geometries))
        self._builds.append((radius, dict(zip(keys, geometries)), dict(zip(keys, buffers))))


class CoverageLayer:
    """Covered housing area for one kind of facility within ``radius`` metres."""

    def __init__(self, radius: float, buffer_cache: BufferCache | None = None) -> None:
        self.radius = radius
        self._facilities: dict[int, BaseGeometry] = {}  # facility zone id -> its polygon
        self._buffers: dict[int, BaseGeometry] = {}  # facility zone id -> buffered polygon, made when needed
        # Housing zone id -> its geometry, and -> its area: two dicts, not one of (geometry, area)
        # tuples, which a build would make by the ten thousand for the cycle collector to walk.
        self._housing: dict[int, BaseGeometry] = {}
        self._housing_area: dict[int, float] = {}
        self._snapshot = _HousingSnapshot(np.empty(0, dtype=np.int64), np.empty(0, dtype=object))
        self._moved: set[int] = set()  # housing ids whose entry was set since the snapshot
        self._covered: dict[int, float] = {}
        self._fixed = 0  # exact sum of self._covered
        self._tree: shapely.STRtree | None = None  # over the facility polygons, in facility id order
        self._tree_ids = np.empty(0, dtype=np.int64)
        self._tree_geometries = np.empty(0, dtype=object)
        self._facility_bounds = np.empty((0, 4))  # bounding boxes of the tree's facilities
        # Scenarios share their unchanged zones (zones are immutable), so a rebuild for another
        # scenario re-buffers only what differs; a cache may be shared by several layers.
        self._buffer_cache = buffer_cache or BufferCache()

    def copy(self) -> "CoverageLayer":
        """An independent layer in the same state (the facility tree and buffers are shared: immutable)."""
        other = CoverageLayer(self.radius, self._buffer_cache)
        # ``.copy()``, not ``dict()``: see MetricsEngine.pinned_state.
        other._facilities, other._buffers = self._facilities.copy(), self._buffers.copy()
        other._housing, other._housing_area = self._housing.copy(), self._housing_area.copy()
        other._covered = self._covered.copy()
        other._snapshot, other._moved = self._snapshot, set(self._moved)
        other._fixed, other._tree, other._tree_ids = self._fixed, self._tree, self._tree_ids
        other._tree_geometries = self._tree_geometries
        other._facility_bounds = self._facility_bounds
        return other

    # -- results ------------------------------------------------------------------------------
    @property
    def covered_m2(self) -> float:
        return from_fixed(self._fixed)

    def covered_of(self, zone_id: int) -> float | None:
        return self._covered.get(zone_id)

    # -- full build -----------------------------------------------------------------------------
    def build(self, zone_ids: np.ndarray, geometries: np.ndarray, areas: np.ndarray, housing: np.ndarray,
              facility: np.ndarray, outline: tuple[np.ndarray, np.ndarray] | None = None,
              remember: bool = True) -> None:
        """Everything from scratch; the arrays are aligned, ``housing``/``facility`` boolean masks.
        ``outline``: housing_outline of the housing zones, when the caller already has it.
        ``remember``: the build's buffers go into the shared cache as one build; without it, the
        caller calls ``remember_buffers`` (layers built at once then record in a fixed order)."""
        self._facilities = dict(zip(zone_ids[facility].tolist(), geometries[facility].tolist()))
        self._buffers = {}
        self._tree = None
        housing_ids = zone_ids[housing]
        housing_geoms = geometries[housing]
        housing_areas = areas[housing]
        ids = housing_ids.tolist()
        self._housing, self._housing_area = dict(zip(ids, housing_geoms.tolist())), dict(zip(ids, housing_areas.tolist()))
        self._snapshot, self._moved = _HousingSnapshot(housing_ids, housing_geoms), set()
        self._covered, self._fixed = {}, 0
        if housing_ids.size == 0:
            return
        covered = self._covered_of(housing_geoms, housing_areas, cached=True, outline=outline)
        self._covered = dict(zip(housing_ids.tolist(), covered.tolist()))
        self._fixed = sum(fixed_sums(covered, np.zeros(covered.size, dtype=np.int64), 1))
        if remember:
            self.remember_buffers()

    def remember_buffers(self) -> None:
        """Put the buffers the last build made or found into the shared cache, as one build."""
        self._buffer_cache.record(list(map(self._facilities.__getitem__, self._buffers)),
                                  list(self._buffers.values()), self.radius)

    def _covered_of(self, housing_geoms: np.ndarray, housing_areas: np.ndarray, cached: bool = False,
                    outline: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """The covered area of each housing zone against the current facilities.

        A zone whose bounding circle is within REACH_INSIDE × radius of a facility is covered
        whole. The others are tested against the buffers of the facilities near them: covered
        whole if a buffer contains the zone, else its area less what remains of it once every
        buffer meeting it is taken away (in facility id order). The same steps whatever the
        number of zones, so a build and an edit give a zone the same value to the last bit.
        ``cached``: buffers a recent build made are taken from the shared cache (a full build does that).
        ``outline``: housing_outline(housing_geoms), worked out here when not given.
        """
        covered = np.zeros(housing_geoms.size)
        if not self._facilities or housing_geoms.size == 0:
            return covered
        tree, _ = self._facility_tree()
        radius = self.radius
        bounds, spread = housing_outline(housing_geoms) if outline is None else outline
        reach = sliced(shapely.box, bounds[:, 0] - radius, bounds[:, 1] - radius, bounds[:, 2] + radius,
                       bounds[:, 3] + radius)
        h, f = tree.query(reach)
        if h.size == 0:
            return covered
        # Sort pairs by housing zone, then facility id: the order buffers are taken away in.
        order = np.argsort(h * len(self._tree_ids) + f, kind="stable")
        h, f = h[order], f[order]
        centre_x, centre_y = (bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2
        # The outline distance is worked out only where the facility's bounding box leaves hope.
        box_x0, box_y0, box_x1, box_y1 = self._facility_bounds[f].T
        x, y = centre_x[h], centre_y[h]
        gap = np.hypot(np.maximum(np.maximum(box_x0 - x, x - box_x1), 0.0),
                       np.maximum(np.maximum(box_y0 - y, y - box_y1), 0.0))
        inside = REACH_INSIDE * radius
        hopeful = np.flatnonzero(gap + spread[h] <= inside)
        # Each zone's nearest hopeful facility first: it usually settles the zone, and the zone's
        # other facilities then need no outline distance.
        hopeful = hopeful[np.lexsort((gap[hopeful], h[hopeful]))]
        nearest = np.ones(hopeful.size, dtype=bool)
        nearest[1:] = h[hopeful][1:] != h[hopeful][:-1]
        whole = np.zeros(housing_geoms.size, dtype=bool)
        for tried in (hopeful[nearest], hopeful[~nearest]):
            tried = tried[~whole[h[tried]]]
            near = self._distance_bound(x[tried], y[tried], f[tried]) + spread[h[tried]] <= inside
            whole[h[tried[near]]] = True
        undecided = ~whole[h]
        # A buffer lies within BUFFER_REACH × radius of its facility: boxes farther apart than
        # that cannot meet, and a zone reaching farther beyond the facility's box is not inside it.
        beyond = BUFFER_REACH * radius
        zx0, zy0, zx1, zy1 = bounds[h].T
        box_gap = np.hypot(np.maximum(np.maximum(box_x0 - zx1, zx0 - box_x1), 0.0),
                           np.maximum(np.maximum(box_y0 - zy1, zy0 - box_y1), 0.0))
        undecided &= box_gap <= beyond
        sticks_out = ((zx0 < box_x0 - beyond) | (zy0 < box_y0 - beyond)
                      | (zx1 > box_x1 + beyond) | (zy1 > box_y1 + beyond))[undecided]
        h, f, gap = h[undecided], f[undecided], gap[undecided]
        if h.size:
            if cached:  # buffers recent builds made of these facilities are not made again
                ids = np.unique(self._tree_ids[f]).tolist()
                geometries = list(map(self._facilities.__getitem__, ids))
                self._buffers.update((i, b) for i, b in zip(ids, self._buffer_cache.lookup(geometries, radius))
                                     if b is not None)
            # Each zone's nearest facility first: if a buffer contains the zone it is usually that
            # one, and the zones it settles need no other facility buffered or tested.
            nearest = np.lexsort((gap, h))
            nearest = nearest[np.r_[True, h[nearest][1:] != h[nearest][:-1]]]
            others = np.ones(h.size, dtype=bool)
            others[nearest] = False
            meets = np.zeros(h.size, dtype=bool)
            buffers = np.empty(h.size, dtype=object)
            for stage, tried in enumerate((nearest, np.flatnonzero(others))):
                tried = tried[~whole[h[tried]]]
                buffers[tried] = self._buffers_at(f[tried])
                meets[tried] = chunked(shapely.intersects, buffers[tried], housing_geoms[h[tried]])
                tested = tried[meets[tried] & ~sticks_out[tried]]
                whole[h[tested[chunked(shapely.contains, buffers[tested], housing_geoms[h[tested]])]]] = True
            # The zones not whole, each less every buffer meeting it, in facility id order.
            partial = meets & ~whole[h]
            h, buffers = h[partial], buffers[partial]
        covered[whole] = housing_areas[whole]
        if h.size == 0:
            return covered
        # What is left of each zone outside the buffers meeting it, the zones' rows of buffers
        # shared out among the threads (a zone's differences follow one another, zones do not wait
        # for each other).
        first = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
        count = np.diff(np.r_[first, h.size])
        rank = np.arange(h.size) - np.repeat(first, count)
        rows = np.full((first.size, int(count.max())), None, dtype=object)
        rows[np.repeat(np.arange(first.size), count), rank] = buffers
        zones = h[first]
        left = chunked(_area_outside, housing_geoms[zones], rows, count, min_chunk=COSTLY_MIN_CHUNK)
        # Rounding in the overlay must not push a zone below 0 or above its own area.
        covered[zones] = np.clip(housing_areas[zones] - left, 0.0, housing_areas[zones])
        return covered

    # -- incremental ---------------------------------------------------------------------------
    def update(self, changed: Mapping[int, tuple[CoverageState | None, CoverageState | None]]) -> None:
        """Apply zone changes (old state, new state; None when absent): the covered area of the
        housing zones edited, and of those meeting the old or new buffer of an edited facility,
        is computed again."""
        give_way()  # on a worker (a first visit), the GUI thread's turn goes first
        affected: set[int] = set()
        around: list[BaseGeometry] = []  # buffers (old and new) of the edited facilities
        unbuffered: list[tuple[int | None, BaseGeometry]] = []  # (id to keep it under, or None; facility)
        for zone_id, (old, new) in changed.items():
            old_facility = old is not None and old.facility
            new_facility = new is not None and new.facility
            moved = old is None or new is None or old.geometry is not new.geometry
            if old_facility and (not new_facility or moved):
                buffer = self._buffers.pop(zone_id, None)
                if buffer is None:
                    unbuffered.append((None, self._facilities[zone_id]))
                else:
                    around.append(buffer)
                del self._facilities[zone_id]
                self._tree = None
            if new_facility and zone_id not in self._facilities:
                self._facilities[zone_id] = new.geometry
                unbuffered.append((zone_id, new.geometry))
                self._tree = None
            if zone_id in self._housing:
                del self._housing[zone_id], self._housing_area[zone_id]
                self._fixed -= to_fixed(self._covered.pop(zone_id))
            if new is not None and new.housing:
                self._housing[zone_id], self._housing_area[zone_id] = new.geometry, new.area
                self._moved.add(zone_id)
                affected.add(zone_id)
        if unbuffered:
            keys, geometries = zip(*unbuffered)
            made = _prepared(shapely.buffer(np.fromiter(geometries, object, len(geometries)), self.radius,
                                            quad_segs=QUAD_SEGS))
            self._buffers.update((key, buffer) for key, buffer in zip(keys, made.tolist()) if key is not None)
            around.extend(made.tolist())
        give_way()
        affected |= self._housing_meeting(around)
        targets = [zone_id for zone_id in affected if zone_id in self._housing]
        if not targets:
            return
        for zone_id in targets:
            if zone_id in self._covered:
                self._fixed -= to_fixed(self._covered.pop(zone_id))
        geometries = np.fromiter(map(self._housing.__getitem__, targets), object, len(targets))
        areas = np.fromiter(map(self._housing_area.__getitem__, targets), float, len(targets))
        values = self._covered_of(geometries, areas).tolist()
        for zone_id, value in zip(targets, values):
            self._covered[zone_id] = value
            self._fixed += to_fixed(value)

    def _housing_meeting(self, buffers: list[BaseGeometry]) -> set[int]:
        """Ids of the housing zones whose current geometry meets one of ``buffers``."""
        housing = self._housing
        if not buffers or not housing:
            return set()
        if len(self._moved) > max(_MOVED_MAX, len(self._snapshot) // 4):
            ids = np.fromiter(housing.keys(), np.int64, len(housing))
            self._snapshot = _HousingSnapshot(ids, np.fromiter(housing.values(), object, ids.size))
            self._moved = set()
        buffers = np.fromiter(buffers, object, len(buffers))
        snapshot = self._snapshot
        hits = np.unique(snapshot.tree().query(buffers, predicate="intersects")[1])
        # A tree hit counts if the zone is housing still, with the geometry the tree holds.
        found = {zone_id for zone_id, geometry in zip(snapshot.ids[hits].tolist(), snapshot.geometries[hits].tolist())
                 if housing.get(zone_id) is geometry}
        moved = [zone_id for zone_id in self._moved if zone_id in housing]
        if moved:
            geometries = np.fromiter(map(housing.__getitem__, moved), object, len(moved))
            meets = np.unique(shapely.STRtree(buffers).query(geometries, predicate="intersects")[0])
            found.update(np.array(moved, dtype=np.int64)[meets].tolist())
        return found

    # -- helpers ---------------------------------------------------------------------------------
    def _facility_tree(self) -> tuple[shapely.STRtree, np.ndarray]:
        if self._tree is None:
            ids = sorted(self._facilities)
            self._tree_ids = np.array(ids, dtype=np.int64)
            # fromiter: np.array would probe every geometry for the array protocols first.
            geometries = self._tree_geometries = np.fromiter(map(self._facilities.__getitem__, ids), object, len(ids))
            self._tree = shapely.STRtree(geometries)
            self._facility_bounds = shapely.bounds(geometries).reshape(-1, 4)
        return self._tree, self._tree_ids

    def _distance_bound(self, x: np.ndarray, y: np.ndarray, facility: np.ndarray) -> np.ndarray:
        """For each point (x, y) and facility (tree position): the distance from the point to the
        facility's outline, an upper bound of its distance to the facility; infinite for facilities
        with holes, several parts or many vertices (numpy over every edge of every pair).
        The outlines are read for the facilities asked about only: a build asks about a third of
        the parks."""
        bound = np.full(facility.size, np.inf)
        if facility.size == 0:
            return bound
        asked, facility = np.unique(facility, return_inverse=True)
        geometries = self._tree_geometries[asked]
        outline_xy, owner = shapely.get_coordinates(geometries, return_index=True)
        counts = np.bincount(owner, minlength=asked.size)
        outline_start = np.r_[0, np.cumsum(counts)[:-1]]
        # Plain polygons only: one ring, few vertices.
        plain = ((shapely.get_type_id(geometries) == _POLYGON) & (shapely.get_num_interior_rings(geometries) == 0)
                 & (counts <= _OUTLINE_MAX + 1))
        edges = np.where(plain, counts - 1, 0)[facility]
        pairs = np.flatnonzero(edges)
        if pairs.size == 0:
            return bound
        edges = edges[pairs]
        offsets = np.r_[0, np.cumsum(edges)[:-1]]
        pair_of = np.repeat(np.arange(pairs.size), edges)
        first = np.repeat(outline_start[facility[pairs]] - offsets, edges) + np.arange(edges.sum())
        ax, ay = outline_xy[first].T
        dx, dy = (outline_xy[first + 1] - outline_xy[first]).T
        px, py = x[pairs][pair_of], y[pairs][pair_of]
        length2 = dx * dx + dy * dy
        along = np.divide((px - ax) * dx + (py - ay) * dy, length2, out=np.zeros_like(length2), where=length2 > 0)
        along = np.clip(along, 0.0, 1.0)
        distance = np.hypot(ax + along * dx - px, ay + along * dy - py)
        bound[pairs] = np.minimum.reduceat(distance, offsets)
        return bound

    def _buffers_at(self, positions: np.ndarray) -> np.ndarray:
        """Buffers of the tree's facilities at ``positions`` (made where missing), prepared."""
        ids = self._tree_ids[positions].tolist()
        wanted = sorted(set(ids) - self._buffers.keys())
        if wanted:
            geometries = np.fromiter(map(self._facilities.__getitem__, wanted), object, len(wanted))
            made = chunked(shapely.buffer, geometries, distance=self.radius, quad_segs=QUAD_SEGS,
                           min_chunk=COSTLY_MIN_CHUNK)
            chunked(_prepared, made, min_chunk=COSTLY_MIN_CHUNK)
            self._buffers.update(zip(wanted, made.tolist()))
        return np.fromiter(map(self._buffers.__getitem__, ids), object, len(ids))

"""Topology checks of a zoning layout: overlaps, gaps, slivers, zones outside the boundary, invalid
geometry. Each problem carries a location to zoom to and a planner-readable message.

Speed: zones are grouped into connected groups with one STRtree query; each group of a clean
layout (a valid coverage, the usual case) is united with the fast coverage union. Only a group
whose union disagrees with the sum of its zone areas is searched for overlapping pairs, and then
only around the edges GEOS flags as not matching.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from parkplanner.core.geometry.chunked import parts_in_slices, sliced
from parkplanner.core.geometry.topology_messages import message_text

__all__ = ["TopologyProblem", "PendingOutline", "same_outlines", "check_topology", "keeping_outlines", "connected_groups", "PROBLEM_KINDS", "OVERLAP_TOLERANCE_M2",
           "MIN_MEAN_WIDTH_M", "OverlapSummary", "overlap_summary"]

PROBLEM_KINDS = ("invalid", "overlap", "gap", "sliver", "outside_boundary")
#: Overlaps and boundary excess below this are floating-point noise of trims and snaps.
OVERLAP_TOLERANCE_M2 = 0.01
#: A zone whose mean width (2 * area / perimeter) is below this is a sliver whatever its area.
MIN_MEAN_WIDTH_M = 2.0
#: Gaps near more zones than this (by bounding box) are reported without naming neighbours.
MAX_GAP_NEIGHBOURS = 64


class PendingOutline:
    """A problem's outline as WKB, decoded at its first use and then kept (thread-safe).

    The topology helper process sends back what it found as WKB; a gap that is a whole street
    network is one polygon with 100,000 holes at 100,000 zones, and decoding it holds the
    interpreter lock for ~85 ms in one call. The overlay draws it from the chunks the helper cut
    (``core.geometry.rings``), so it is decoded only if something needs the geometry itself (a
    fix, a zoom to it, an export). Problems of a re-check that outline the same areas share it.
    """

    __slots__ = ("wkb", "_geometry", "_lock")

    def __init__(self, wkb: bytes) -> None:
        self.wkb = wkb
        self._geometry: BaseGeometry | None = None
        self._lock = threading.Lock()

    @property
    def decoded(self) -> bool:
        return self._geometry is not None

    def geometry(self) -> BaseGeometry:
        with self._lock:
            if self._geometry is None:
                self._geometry = shapely.from_wkb(self.wkb)
            return self._geometry


@dataclass(frozen=True, slots=True)
class TopologyProblem:
    """One problem. ``zone_ids`` names the zones involved (for gaps: the neighbours, the one with
    the longest shared border first; none for a gap bordering more than MAX_GAP_NEIGHBOURS
    zones); ``geometry`` is where it is. ``message`` is the English sentence; ``key`` and
    ``params`` say it in another language (``text``). A problem made ``with_pending`` outline
    decodes its geometry at the first read of ``geometry``."""

    kind: str
    zone_ids: tuple[int, ...]
    geometry: BaseGeometry
    area_m2: float
    message: str
    key: str = ""
    params: tuple[tuple[str, Any], ...] = ()
    pending: PendingOutline | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, kind: str, zone_ids: tuple[int, ...], geometry: BaseGeometry, area_m2: float, key: str,
           **params: Any) -> "TopologyProblem":
        """A problem whose sentence is message ``key`` of topology_messages with ``params``."""
        pairs = tuple(params.items())
        return cls(kind, zone_ids, geometry, area_m2, message_text(key, pairs), key, pairs)

    @classmethod
    def with_pending(cls, kind: str, zone_ids: tuple[int, ...], outline: PendingOutline, area_m2: float,
                     message: str, key: str = "", params: tuple[tuple[str, Any], ...] = ()) -> "TopologyProblem":
        """A problem whose geometry is ``outline``, decoded when first read."""
        problem = cls(kind, zone_ids, None, area_m2, message, key, params, outline)
        object.__delattr__(problem, "geometry")  # unset: the first read comes to __getattr__
        return problem

    def __getattr__(self, name: str) -> Any:
        # Only reached for an unset slot: the geometry of a problem made with_pending.
        if name == "geometry" and self.pending is not None:
            geometry = self.pending.geometry()
            object.__setattr__(self, "geometry", geometry)
            return geometry
        raise AttributeError(name)

    @property
    def outline(self) -> Any:
        """What the outline is, without decoding it: the pending WKB, else the geometry (two problems
        with the same ``outline`` object outline the same area)."""
        return self.pending if self.pending is not None else self.geometry

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang`` ("zh…" or English); a problem made without a key has only English."""
        return message_text(self.key, self.params, lang) if self.key else self.message

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (the location as its bounding box)."""
        return {"kind": self.kind, "zone_ids": list(self.zone_ids), "area_m2": round(self.area_m2, 2),
                "bounds": [round(v, 3) for v in self.geometry.bounds], "message": self.message}


def keeping_outlines(previous: list[TopologyProblem], problems: list[TopologyProblem]) -> list[TopologyProblem]:
    """``problems``, carrying ``previous``'s geometry objects when both lists outline the same
    areas in the same order (compared vertex by vertex in one vectorised call: a street-network
    gap has 200,000 vertices). A re-check calls it where it runs, on its worker, so what shows the
    outlines tells "unchanged" by identity instead of comparing them again on the GUI thread."""
    if len(previous) != len(problems) or not problems:
        return problems
    if same_outlines(previous, problems):
        return problems  # the very objects (the helper process answered "the same outlines")
    mine = np.asarray([p.geometry for p in previous], dtype=object)
    theirs = np.asarray([p.geometry for p in problems], dtype=object)
    if not shapely.equals_exact(mine, theirs, tolerance=0.0).all():
        return problems
    return [replace(new, geometry=old.geometry, pending=old.pending) for old, new in zip(previous, problems)]


def same_outlines(old: list[TopologyProblem], new: list[TopologyProblem]) -> bool:
    """Whether two lists hold the very same outline objects, in the same order (nothing decoded)."""
    return len(old) == len(new) and all(a.outline is b.outline for a, b in zip(old, new))


def check_topology(zones: Mapping[int, Any] | Iterable[Any], boundary: BaseGeometry | None = None,
                   sliver_area_m2: float = 50.0, *, gap_area_m2: float | None = None,
                   min_mean_width_m: float = MIN_MEAN_WIDTH_M) -> list[TopologyProblem]:
    """All problems of the layout, grouped by kind in the order of ``PROBLEM_KINDS``.

    ``zones``: a mapping of zone id to Zone (or geometry), or an iterable of Zone. Gaps smaller
    than ``gap_area_m2`` (default: ``sliver_area_m2``) are ignored as digitising noise.
    """
    ids, geoms = _as_arrays(zones)
    gap_area_m2 = sliver_area_m2 if gap_area_m2 is None else gap_area_m2
    problems: list[TopologyProblem] = []

    valid = shapely.is_valid(geoms)
    for n in np.flatnonzero(~valid):
        reason = shapely.is_valid_reason(geoms[n])
        problems.append(TopologyProblem.of("invalid", (int(ids[n]),), geoms[n], float(geoms[n].area),
                                           "invalid", zone=int(ids[n]), reason=reason))
    work = geoms.copy()
    if not valid.all():
        work[~valid] = [_polygonal(shapely.make_valid(g)) for g in geoms[~valid]]
    areas = shapely.area(work)
    tree = shapely.STRtree(work)

    union, overlaps = _union_and_overlaps(ids, work, areas, tree)
    problems.extend(overlaps)
    problems.extend(_gaps(union, boundary, gap_area_m2, ids, work, tree))
    problems.extend(_slivers(ids, work, areas, sliver_area_m2, min_mean_width_m))
    if boundary is not None:
        problems.extend(_outside(ids, work, boundary))
    return problems


@dataclass(frozen=True)
class OverlapSummary:
    """How much land the zones count more than once (a municipality imported with its districts
    counts them twice): every sum over zones (area, GFA, jobs) is off by it."""

    overlaps: tuple[TopologyProblem, ...]
    #: Σ zone areas − area of their union: the land counted more than once.
    excess_m2: float
    #: Σ zone areas / area of their union (1.0 when nothing overlaps).
    count_factor: float

    def __bool__(self) -> bool:
        return bool(self.overlaps)

    def to_dict(self) -> dict[str, Any]:
        return {"overlap_m2": round(self.excess_m2, 2), "overlapping_pairs": len(self.overlaps),
                "counted_times": round(self.count_factor, 4),
                "first_pair": list(self.overlaps[0].zone_ids) if self.overlaps else None}


def overlap_summary(zones: Mapping[int, Any] | Iterable[Any]) -> OverlapSummary:
    """The overlapping pairs of ``zones`` (as check_topology finds them) and the land counted twice."""
    ids, geoms = _as_arrays(zones)
    areas = shapely.area(geoms)
    union, overlaps = _union_and_overlaps(ids, geoms, areas, shapely.STRtree(geoms))
    total = float(areas.sum())
    excess = max(0.0, total - float(union.area)) if overlaps else 0.0
    return OverlapSummary(tuple(overlaps), excess, total / (total - excess) if total > excess else 1.0)


def _as_arrays(zones) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(zones, Mapping):
        pairs = [(int(k), getattr(v, "geometry", v)) for k, v in zones.items()]
    else:
        pairs = [(int(z.id), z.geometry) for z in zones]
    ids = np.array([p[0] for p in pairs], dtype=np.int64)
    geoms = np.empty(len(pairs), dtype=object)
    geoms[:] = [p[1] for p in pairs]
    return ids, geoms


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _union_and_overlaps(ids, geoms, areas, tree) -> tuple[BaseGeometry, list[TopologyProblem]]:
    """The union of all zones and the overlapping pairs.

    Zones are grouped into connected groups (zones that touch or overlap). Each group is united
    with the fast coverage union; only a group whose union disagrees with the sum of its areas
    is searched for overlaps. Groups never touch each other, so their unions form a valid
    MultiPolygon without any further overlay.
    """
    if not len(geoms):
        return shapely.Polygon(), []
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    labels = connected_groups(len(geoms), left[keep], right[keep])
    alone = np.bincount(labels)[labels] == 1
    pieces: list[BaseGeometry] = list(geoms[alone])
    problems: list[TopologyProblem] = []
    grouped = np.flatnonzero(~alone)
    order = grouped[np.argsort(labels[grouped], kind="stable")]
    starts = np.flatnonzero(np.diff(labels[order])) + 1
    for members in (np.split(order, starts) if len(order) else []):
        union = _coverage_union(geoms[members])
        total = float(areas[members].sum())
        if union is None or abs(union.area - total) > OVERLAP_TOLERANCE_M2 + 1e-9 * total:
            union = _overlapping_group(ids, geoms, members, tree, problems)
        pieces.append(union)
    parts = parts_in_slices(np.array(pieces, dtype=object))[0]  # checks run on a worker
    return shapely.multipolygons(parts[shapely.get_type_id(parts) == 3]), problems


def import_graph_code() -> None:
    """Import what ``connected_groups`` needs (scipy.sparse, a third of a second the first time):
    a caller on a worker spares the first check of a small project, which runs on the GUI thread."""
    import scipy.sparse.csgraph  # noqa: F401


def connected_groups(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected-group label of each of ``n`` items, given the linked pairs (left[k], right[k])."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _overlapping_group(ids, geoms, members, tree, problems: list[TopologyProblem]) -> BaseGeometry:
    """Find the overlapping pairs of one group (appended to ``problems``) and return its union.

    Zones with edges that do not match a neighbour's are the only ones that can overlap one.
    A zone inside another has all its edges flagged, the outer one may not: query from the
    flagged side against every zone.
    """
    sub = geoms[members]
    flagged = members[~shapely.is_empty(shapely.coverage_invalid_edges(sub))]
    left, right = tree.query(geoms[flagged], predicate="intersects")
    left = flagged[left]
    keep = left != right
    pairs = np.unique(np.sort(np.column_stack([left[keep], right[keep]]), axis=1), axis=0)
    if len(pairs):
        a, b = pairs[:, 0], pairs[:, 1]
        inner = shapely.relate_pattern(geoms[a], geoms[b], "T********")
        a, b = a[inner], b[inner]
        shared = shapely.intersection(geoms[a], geoms[b])
        shared_area = shapely.area(shared)
        for i, j, geom, area in zip(a, b, shared, shared_area):
            if area > OVERLAP_TOLERANCE_M2:
                problems.append(TopologyProblem.of(
                    "overlap", (int(ids[i]), int(ids[j])), geom, float(area), "overlap",
                    a=int(ids[i]), b=int(ids[j]), area=float(area)))
    involved = np.zeros(len(geoms), dtype=bool)
    involved[flagged] = True
    if len(pairs):
        involved[pairs.ravel()] = True
    rest_members = members[~involved[members]]
    rest = _coverage_union(geoms[rest_members]) if len(rest_members) else shapely.Polygon()
    if rest is None:
        return shapely.union_all(sub)
    return shapely.union_all([rest, shapely.union_all(geoms[members[involved[members]]])])


def _coverage_union(geoms) -> BaseGeometry | None:
    """The fast union of a valid coverage, or None when the zones are not one (GEOS refuses
    edges that are not noded alike and may return garbage for overlaps)."""
    try:
        union = shapely.coverage_union_all(geoms)
    except shapely.errors.GEOSException:
        return None
    return union if union.is_valid else None


def _uncovered(union: BaseGeometry, boundary: BaseGeometry | None) -> list[BaseGeometry]:
    """The polygons of land not covered by zones: inside the boundary, or (without one) the
    holes enclosed by zones."""
    parts = parts_in_slices(np.asarray([union], dtype=object))[0]
    holes = np.array([shapely.Polygon(ring) for part in parts[shapely.get_num_interior_rings(parts) > 0]
                      for ring in part.interiors], dtype=object)
    islands = len(holes) > 0 and len(shapely.STRtree(holes).query(parts, predicate="within")[0]) > 0
    if boundary is None:
        if islands:  # zones inside a courtyard of other zones: the hole minus them is the gap
            holes = shapely.get_parts(shapely.difference(holes, union))
        return list(holes)
    if (not islands and boundary.geom_type == "Polygon" and not boundary.interiors and len(parts)
            and shapely.contains_properly(boundary, parts).all()):
        # Zone groups never touch each other and lie strictly inside the boundary, so the
        # boundary with their outlines as holes is valid: no overlay needed (the overlay costs
        # ~0.4 s for 20,000 separate parcels).
        return [shapely.polygons(boundary.exterior, holes=sliced(shapely.get_exterior_ring, parts)), *holes]
    return list(shapely.get_parts(shapely.difference(boundary, union)))


def _gaps(union, boundary, min_area, ids, geoms, tree) -> list[TopologyProblem]:
    parts = [p for p in _uncovered(union, boundary) if p.geom_type == "Polygon" and p.area >= min_area]
    problems = []
    for gap in parts:
        if len(tree.query(gap)) > MAX_GAP_NEIGHBOURS:
            # Unzoned land between many zones (streets): naming one neighbour to fill it into
            # would be meaningless, and measuring every shared border costs O(zones x gap size).
            problems.append(TopologyProblem.of("gap", (), gap, float(gap.area), "gap_between_many",
                                               area=float(gap.area)))
            continue
        neighbours = tree.query(gap, predicate="intersects")
        border = shapely.length(shapely.intersection(gap.boundary, geoms[neighbours]))
        ranked = np.argsort(-border, kind="stable")
        order = neighbours[ranked[border[ranked] > 0]]
        near = tuple(int(ids[n]) for n in order[:3])
        key = "gap" if not near else "gap_next_to_zones" if len(order) > 1 else "gap_next_to_zone"
        params = {"near": near} if near else {}
        problems.append(TopologyProblem.of("gap", tuple(int(ids[n]) for n in order), gap, float(gap.area),
                                           key, area=float(gap.area), **params))
    return problems


def _slivers(ids, geoms, areas, min_area, min_width) -> list[TopologyProblem]:
    perimeters = shapely.length(geoms)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_width = np.where(perimeters > 0, 2.0 * areas / perimeters, 0.0)
    problems = []
    for n in np.flatnonzero((areas < min_area) | (mean_width < min_width)):
        if areas[n] < min_area:
            key, params = "sliver_area", {"area": float(areas[n])}
        else:
            key, params = "sliver_width", {"width": float(mean_width[n])}
        problems.append(TopologyProblem.of("sliver", (int(ids[n]),), geoms[n], float(areas[n]), key,
                                           zone=int(ids[n]), **params))
    return problems


def _outside(ids, geoms, boundary) -> list[TopologyProblem]:
    shapely.prepare(boundary)
    candidates = np.flatnonzero(~shapely.covers(boundary, geoms))
    if not len(candidates):
        return []
    excess = shapely.difference(geoms[candidates], boundary)
    excess_area = shapely.area(excess)
    return [TopologyProblem.of("outside_boundary", (int(ids[n]),), geom, float(area), "outside_boundary",
                               zone=int(ids[n]), area=float(area))
            for n, geom, area in zip(candidates, excess, excess_area) if area > OVERLAP_TOLERANCE_M2]

"""Pure geometry edits for zones: each returns a new geometry or raises GeometryRefused.

Vertex addressing: ``VertexRef(part, ring, index)``. ``part`` is the polygon of a MultiPolygon
(0 for a Polygon), ``ring`` is 0 for the exterior and 1.. for the holes, ``index`` counts the
ring's vertices without the repeated closing point. An edge is named by the ref of its first
vertex: edge ``index`` runs from vertex ``index`` to vertex ``index + 1`` (wrapping around).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, NamedTuple

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import split as shapely_split

from parkplanner.core.geometry.topology import connected_groups
from parkplanner.core.geometry.validation import MIN_ZONE_AREA_M2, GeometryRefused

__all__ = [
    "VertexRef", "vertex_array", "vertex_at", "nearest_vertex", "nearest_edge", "translate",
    "move_vertex", "insert_vertex", "delete_vertex", "split_geometry", "merge_geometries",
    "TrimResult", "overlap_areas", "trim_against", "apportion", "OVERLAP_NOISE_M2",
]

#: Overlaps below this are floating-point noise along shared edges, not something to trim.
OVERLAP_NOISE_M2 = 0.01


class VertexRef(NamedTuple):
    part: int
    ring: int
    index: int


# -- addressing ------------------------------------------------------------------------------
def _parts(geom: Polygon | MultiPolygon) -> list[Polygon]:
    return [geom] if geom.geom_type == "Polygon" else list(geom.geoms)


def _ring_coords(polygon: Polygon, ring: int) -> np.ndarray:
    line = polygon.exterior if ring == 0 else polygon.interiors[ring - 1]
    return np.asarray(line.coords)[:-1, :2]


def vertex_array(geom: Polygon | MultiPolygon) -> tuple[np.ndarray, list[VertexRef]]:
    """All vertices as an (n, 2) array and their refs, in ring order."""
    coords, refs = [], []
    for p, polygon in enumerate(_parts(geom)):
        for r in range(1 + len(polygon.interiors)):
            ring = _ring_coords(polygon, r)
            coords.append(ring)
            refs.extend(VertexRef(p, r, i) for i in range(len(ring)))
    return (np.vstack(coords) if coords else np.empty((0, 2))), refs


def vertex_at(geom: Polygon | MultiPolygon, ref: VertexRef) -> tuple[float, float]:
    x, y = _ring_coords(_parts(geom)[ref.part], ref.ring)[ref.index]
    return float(x), float(y)


def nearest_vertex(geom: Polygon | MultiPolygon, x: float, y: float,
                   tolerance: float) -> VertexRef | None:
    coords, refs = vertex_array(geom)
    if not refs:
        return None
    distances = np.hypot(coords[:, 0] - x, coords[:, 1] - y)
    best = int(np.argmin(distances))
    return refs[best] if distances[best] <= tolerance else None


def nearest_edge(geom: Polygon | MultiPolygon, x: float, y: float,
                 tolerance: float) -> tuple[VertexRef, tuple[float, float]] | None:
    """The edge nearest to (x, y) within ``tolerance`` and the closest point on it."""
    best: tuple[float, VertexRef, tuple[float, float]] | None = None
    for p, polygon in enumerate(_parts(geom)):
        for r in range(1 + len(polygon.interiors)):
            start = _ring_coords(polygon, r)
            end = np.roll(start, -1, axis=0)
            seg = end - start
            length2 = np.einsum("ij,ij->i", seg, seg)
            t = np.clip(np.einsum("ij,ij->i", np.array([x, y]) - start, seg) / np.where(length2 > 0, length2, 1),
                        0.0, 1.0)
            foot = start + seg * t[:, None]
            distances = np.hypot(foot[:, 0] - x, foot[:, 1] - y)
            i = int(np.argmin(distances))
            if distances[i] <= tolerance and (best is None or distances[i] < best[0]):
                best = (float(distances[i]), VertexRef(p, r, i), (float(foot[i, 0]), float(foot[i, 1])))
    return None if best is None else (best[1], best[2])


# -- vertex edits ----------------------------------------------------------------------------
def translate(geom: BaseGeometry, dx: float, dy: float) -> BaseGeometry:
    """``geom`` moved by (dx, dy); also works on an array of geometries at once."""
    return shapely.transform(geom, lambda coords: coords + np.array([dx, dy]))


def _with_ring(geom: Polygon | MultiPolygon, ref: VertexRef, ring: np.ndarray | None) -> Polygon | MultiPolygon:
    """``geom`` with ring ``ref.ring`` of part ``ref.part`` replaced (None: ring or part removed)."""
    parts = _parts(geom)
    polygon = parts[ref.part]
    rings = [_ring_coords(polygon, r) for r in range(1 + len(polygon.interiors))]
    if ring is None:
        del rings[ref.ring]
    else:
        rings[ref.ring] = ring
    if not rings or ref.ring == 0 and ring is None:
        del parts[ref.part]
    else:
        parts[ref.part] = Polygon(rings[0], rings[1:])
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _checked(geom: Polygon | MultiPolygon, action: str) -> Polygon | MultiPolygon:
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom).split("[")[0].strip().lower()
        raise GeometryRefused(f"{action} would make the outline invalid ({reason})")
    if geom.area < MIN_ZONE_AREA_M2:
        raise GeometryRefused(f"{action} would leave a zone smaller than {MIN_ZONE_AREA_M2:g} m²")
    return geom


def move_vertex(geom: Polygon | MultiPolygon, ref: VertexRef, x: float, y: float) -> Polygon | MultiPolygon:
    ring = _ring_coords(_parts(geom)[ref.part], ref.ring).copy()
    ring[ref.index] = (x, y)
    return _checked(_with_ring(geom, ref, ring), "moving the vertex")


def insert_vertex(geom: Polygon | MultiPolygon, edge: VertexRef, x: float, y: float) -> Polygon | MultiPolygon:
    """A new vertex (x, y) on edge ``edge``; it gets index ``edge.index + 1``."""
    ring = _ring_coords(_parts(geom)[edge.part], edge.ring)
    ring = np.insert(ring, edge.index + 1, (x, y), axis=0)
    return _checked(_with_ring(geom, edge, ring), "inserting the vertex")


def delete_vertex(geom: Polygon | MultiPolygon, ref: VertexRef) -> Polygon | MultiPolygon:
    """Remove a vertex. A triangle hole disappears, a triangle part of a multipolygon too; a
    zone's last triangle is refused."""
    ring = _ring_coords(_parts(geom)[ref.part], ref.ring)
    if len(ring) > 3:
        return _checked(_with_ring(geom, ref, np.delete(ring, ref.index, axis=0)), "deleting the vertex")
    if ref.ring > 0 or len(_parts(geom)) > 1:
        return _checked(_with_ring(geom, ref, None), "deleting the vertex")
    raise GeometryRefused("a zone needs at least 3 vertices")


# -- split, merge, trim ----------------------------------------------------------------------
def split_geometry(geom: Polygon | MultiPolygon, line: LineString) -> list[Polygon | MultiPolygon]:
    """Cut ``geom`` along ``line``: the pieces, largest first.

    The line must cross the zone from edge to edge at least once; parts of a multipolygon it
    does not touch stay with the largest piece.
    """
    pieces: list[Polygon] = []
    untouched: list[Polygon] = []
    for polygon in _parts(geom):
        result = [g for g in shapely_split(polygon, line).geoms if g.geom_type == "Polygon"]
        (pieces if len(result) > 1 else untouched).extend(result)
    if not pieces:
        raise GeometryRefused("the line does not cut the zone in two (draw it across the zone, edge to edge)")
    pieces.sort(key=lambda g: -g.area)
    if pieces[-1].area < MIN_ZONE_AREA_M2:
        raise GeometryRefused(f"the split would leave a piece smaller than {MIN_ZONE_AREA_M2:g} m²")
    out: list[Polygon | MultiPolygon] = list(pieces)
    if untouched:
        out[0] = MultiPolygon([pieces[0], *untouched])
    return out


def merge_geometries(geoms: Mapping[int, Polygon | MultiPolygon]) -> Polygon | MultiPolygon:
    """The union of zones that form one connected group.

    Decision: two zones are connected when they share a border (a line, not just a corner) or
    overlap; anything else is refused, since merging far-apart zones is almost always a slip.
    """
    ids = list(geoms)
    if len(ids) < 2:
        raise GeometryRefused("select at least two zones to merge")
    arr = np.empty(len(ids), dtype=object)
    arr[:] = [geoms[i] for i in ids]
    a, b = shapely.STRtree(arr).query(arr, predicate="intersects")
    a, b = a[a < b], b[a < b]
    shared = shapely.intersection(arr[a], arr[b])
    linked = (~shapely.is_empty(shared)) & (shapely.get_dimensions(shared) >= 1)
    groups = connected_groups(len(ids), a[linked], b[linked])
    if (groups != groups[0]).any():
        # Name the zones not connected to the first one.
        loose = ", ".join(str(ids[n]) for n in np.flatnonzero(groups != groups[0]))
        raise GeometryRefused(f"zone {loose} does not share a border with the others" if "," not in loose
                              else f"zones {loose} do not share a border with the others")
    union = _coverage_union(arr)
    if union is None:
        union = shapely.union_all(arr)
    if union.geom_type == "MultiPolygon" and len(union.geoms) == 1:
        union = union.geoms[0]
    return _checked(union, "merging")


def _coverage_union(geoms: np.ndarray) -> Polygon | MultiPolygon | None:
    """The fast union of zones that share edges exactly (a coverage), or None when they do not
    form one (GEOS refuses unmatched edges; overlaps show as a union smaller than its parts)."""
    try:
        union = shapely.coverage_union_all(geoms)
    except shapely.errors.GEOSException:
        return None
    if not union.is_valid or abs(union.area - float(shapely.area(geoms).sum())) > OVERLAP_NOISE_M2:
        return None
    return union


@dataclass(frozen=True, slots=True)
class TrimResult:
    """The trimmed geometry and the area taken away where it overlapped each neighbour."""

    geometry: Polygon | MultiPolygon
    trimmed: dict[int, float]

    @property
    def total_m2(self) -> float:
        return sum(self.trimmed.values())

    def message(self) -> str:
        if not self.trimmed:
            return ""
        ids = sorted(self.trimmed)
        names = f"zone {ids[0]}" if len(ids) == 1 else "zones " + ", ".join(map(str, ids))
        return f"Trimmed {self.total_m2:,.0f} m² against {names}"


def overlap_areas(geom: BaseGeometry, neighbours: Mapping[int, BaseGeometry]) -> dict[int, float]:
    """Area (m²) that ``geom`` shares with each neighbour it overlaps beyond floating-point noise."""
    ids = list(neighbours)
    if not ids:
        return {}
    others = np.empty(len(ids), dtype=object)
    others[:] = [neighbours[i] for i in ids]
    areas = shapely.area(shapely.intersection(geom, others))
    return {ids[n]: float(areas[n]) for n in np.flatnonzero(areas > OVERLAP_NOISE_M2)}


def trim_against(geom: Polygon | MultiPolygon, neighbours: Mapping[int, BaseGeometry]) -> TrimResult:
    """``geom`` minus every neighbour it overlaps ("avoid overlap").

    Crumbs smaller than the minimum zone area that the cut leaves behind are dropped; a zone
    lying entirely on its neighbours is refused.
    """
    trimmed = overlap_areas(geom, neighbours)
    if not trimmed:
        return TrimResult(geom, {})
    rest = shapely.difference(geom, shapely.union_all([neighbours[i] for i in trimmed]))
    parts = [p for p in shapely.get_parts(rest) if p.geom_type == "Polygon" and p.area >= MIN_ZONE_AREA_M2]
    if not parts:
        names = ", ".join(map(str, sorted(trimmed)))
        raise GeometryRefused(f"nothing is left after trimming against zone{'s' if len(trimmed) > 1 else ''} {names}")
    result = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    return TrimResult(_checked(result, "trimming"), trimmed)


def apportion(value: float | None, areas: Iterable[float]) -> list[float | None]:
    """Share an additive quantity (e.g. a GFA override) among pieces in proportion to area."""
    areas = list(areas)
    if value is None:
        return [None] * len(areas)
    total = sum(areas)
    return [value * a / total for a in areas]

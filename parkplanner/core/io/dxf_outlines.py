"""Parcel outlines of a CAD drawing: closed polylines and hatches in metres, the two outlines of one
parcel merged, and areas enclosed by loose lines polygonised within a snapping tolerance (what stayed
open is reported).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon

from parkplanner.core.geometry.validation import MIN_ZONE_AREA_M2, GeometryRefused, repair_polygon
from parkplanner.core.io.dxf_fast_reader import Found

__all__ = ["Outline", "parcel_outlines"]

if TYPE_CHECKING:
    from parkplanner.core.io.dxf_import import DrawingReport

#: Two outlines of one parcel (a HATCH and its polyline) differ by less than this share of area.
_SAME_OUTLINE = 1e-6


@dataclass
class Outline:
    polygon: Polygon
    layers: list[str]
    values: dict[str, str]  # key -> text, from XDATA on the outline itself
    loose: bool = False


def parcel_outlines(content: Found, scale: float, snap_m: float, report: DrawingReport,
                    label: str) -> list[Outline]:
    """Closed outlines and areas enclosed by loose lines, in metres, one per parcel outline."""
    rings = _polygons([coords * scale for coords, _, _ in content.rings])
    candidates: list[tuple[Polygon, str, dict[str, str], int]] = [
        (polygon, layer, xdata, 0) for polygon, (_, layer, xdata) in zip(rings, content.rings) if polygon is not None]
    # A hatch of one boundary (most of them) is that ring's polygon, made with the rest at once.
    simple = [n for n, (boundaries, _, _) in enumerate(content.hatches) if len(boundaries) == 1]
    areas = dict(zip(simple, _polygons([content.hatches[n][0][0] * scale for n in simple])))
    for n, (boundaries, layer, xdata) in enumerate(content.hatches):
        polygon = areas[n] if n in areas else _hatch_polygon([coords * scale for coords in boundaries])
        if polygon is not None:
            candidates.append((polygon, layer, xdata, 1))
    if content.lines:
        for polygon in _polygonize([line * scale for line in content.lines], snap_m, report):
            candidates.append((polygon, "", {}, 2))
            report.from_lines += 1
    candidates.sort(key=lambda c: c[3])  # polylines first: they carry the exact vertices
    outlines: list[Outline] = []
    geometries = np.array([c[0] for c in candidates], dtype=object)
    valid = shapely.is_valid(geometries).tolist() if candidates else []
    areas = shapely.area(geometries).tolist() if candidates else []
    empty = shapely.is_empty(geometries).tolist() if candidates else []
    for (polygon, layer, xdata, priority), is_valid, area, is_empty in zip(candidates, valid, areas, empty):
        if not is_valid:
            try:
                polygon, _ = repair_polygon(polygon)
            except GeometryRefused:
                continue
            area, is_empty = polygon.area, polygon.is_empty
        if is_empty or area <= 0:
            continue
        if area < MIN_ZONE_AREA_M2:  # symbols, text frames: never a parcel, never a label's home
            report.too_small += 1
            continue
        outlines.append(Outline(polygon, [layer] if layer else [], dict(xdata), loose=priority == 2))
    return _merge_same(outlines)


def _polygons(rings: list[np.ndarray]) -> list[Polygon | None]:
    """Polygons of rings of vertices (closed or not), made in one call; None for a degenerate ring."""
    usable = [len(np.unique(ring, axis=0)) >= 3 if len(ring) <= 4 else True for ring in rings]
    coords = [ring for ring, ok in zip(rings, usable) if ok]
    made: list[Polygon | None] = []
    if coords:
        counts = [len(ring) for ring in coords]
        try:
            made = list(shapely.polygons(shapely.linearrings(
                np.concatenate(coords), indices=np.repeat(np.arange(len(coords)), counts))))
        except shapely.errors.GEOSException:  # one bad ring spoils the batch: made one by one
            made = [_polygon_or_none(ring) for ring in coords]
    out = iter(made)
    return [next(out) if ok else None for ok in usable]


def _polygon_or_none(ring: np.ndarray) -> Polygon | None:
    try:
        return Polygon(ring)
    except (ValueError, shapely.errors.GEOSException):
        return None


def _merge_same(outlines: list[Outline]) -> list[Outline]:
    """One outline per parcel: a HATCH and the polyline around it (or a ring that is a hole of
    another outline) are the same area; their layers and XDATA are pooled."""
    if len(outlines) < 2:
        return outlines
    # Compared by their shells: a HATCH with an island has the same shell as the polyline around it.
    polygons = np.array([o.polygon for o in outlines], dtype=object)
    shells = polygons.copy()
    holed = (shapely.get_type_id(polygons) == 3) & (shapely.get_num_interior_rings(polygons) > 0)
    shells[holed] = shapely.polygons(shapely.get_exterior_ring(polygons[holed]))  # compared without holes
    areas = shapely.area(shells)
    tree = shapely.STRtree(shells)
    # Boxes that overlap are enough to pair outlines: equal areas, then equal shapes, decide.
    left, right = tree.query(shells)
    keep = np.ones(len(outlines), dtype=bool)
    pairs = (left < right) & (np.abs(areas[left] - areas[right]) <= _SAME_OUTLINE * np.maximum(areas[left], 1.0))
    left, right = left[pairs], right[pairs]
    # Outlines with the very same vertices (a hatch and its polyline as CAD programs write them)
    # need no overlay; the others are compared by the area of their symmetric difference.
    same = shapely.equals_exact(shells[left], shells[right], tolerance=0.0)
    differences = np.zeros(len(left))
    differences[~same] = shapely.area(shapely.symmetric_difference(shells[left[~same]], shells[right[~same]]))
    for i, j, difference in zip(left.tolist(), right.tolist(), differences.tolist()):
        if not keep[i] or not keep[j]:
            continue
        if difference <= _SAME_OUTLINE * max(areas[i], 1.0):
            keep[j] = False
            if polygons[j].area < outlines[i].polygon.area:  # the hatch knows the islands
                outlines[i].polygon = polygons[j]
            outlines[i].layers.extend(outlines[j].layers)
            for key, value in outlines[j].values.items():
                outlines[i].values.setdefault(key, value)
    # Rings that are the holes of another outline (a polyline drawn along a HATCH's island).
    outlines_kept = [o for o, k in zip(outlines, keep) if k]
    parts = shapely.get_parts(np.array([o.polygon for o in outlines_kept], dtype=object))
    holes = [shapely.Polygon(ring) for part in parts[shapely.get_num_interior_rings(parts) > 0]
             for ring in part.interiors]
    if holes:
        hole_tree = shapely.STRtree(holes)
        for index, outline in enumerate(outlines):
            if not keep[index]:
                continue
            for h in hole_tree.query(outline.polygon, predicate="intersects"):
                hole = holes[h]
                if abs(hole.area - outline.polygon.area) <= _SAME_OUTLINE * max(hole.area, 1.0) and \
                        shapely.area(shapely.symmetric_difference(hole, outline.polygon)) <= \
                        _SAME_OUTLINE * max(hole.area, 1.0):
                    keep[index] = False
                    break
    return [o for o, k in zip(outlines, keep) if k]


def _polygonize(lines: list[np.ndarray], snap_m: float, report: DrawingReport) -> list[Polygon]:
    """Areas enclosed by loose segments: ends within ``snap_m`` are joined, an end that stops
    short of another line within ``snap_m`` is moved onto it; what stays open is reported."""
    from scipy.spatial import cKDTree

    ends = np.array([[line[0], line[-1]] for line in lines]).reshape(-1, 2)
    if snap_m > 0 and len(ends) > 1:
        # Ends closer than the tolerance become one point: the mean of their group.
        pairs = cKDTree(ends).query_pairs(snap_m, output_type="ndarray")
        group = np.arange(len(ends))
        for a, b in pairs:  # union-find on the few close pairs
            ra, rb = _root(group, a), _root(group, b)
            if ra != rb:
                group[max(ra, rb)] = min(ra, rb)
        roots = np.array([_root(group, i) for i in range(len(ends))])
        sums = np.zeros_like(ends)
        np.add.at(sums, roots, ends)
        counts = np.bincount(roots, minlength=len(ends)).astype(float)
        ends = sums[roots] / counts[roots, None]
        for n, line in enumerate(lines):
            line[0], line[-1] = ends[2 * n], ends[2 * n + 1]
    geoms = [LineString(line) for line in lines if len(line) >= 2]
    if snap_m > 0:
        geoms = _snap_short_ends(geoms, snap_m)
    noded = shapely.node(shapely.GeometryCollection(geoms))
    polygons, cuts, dangles, invalid = shapely.polygonize_full(shapely.get_parts(noded))
    for dangle in shapely.get_parts(dangles):
        free = _free_ends(dangle, noded)
        report.open_outlines.extend(free)
    for _ in shapely.get_parts(invalid):
        report.open_outlines.append(tuple(shapely.get_coordinates(_)[0]))
    return [p for p in shapely.get_parts(polygons) if p.area > 0]


def _root(group: np.ndarray, i: int) -> int:
    while group[i] != i:
        group[i] = group[group[i]]
        i = group[i]
    return int(i)


def _snap_short_ends(geoms: list[LineString], snap_m: float) -> list[LineString]:
    """Move an end that touches no other line onto the nearest other line within ``snap_m``."""
    if len(geoms) < 2:
        return geoms
    tree = shapely.STRtree(geoms)
    out = list(geoms)
    for n, line in enumerate(geoms):
        coords = np.array(line.coords)
        moved = False
        for end in (0, -1):
            point = Point(coords[end])
            near = [i for i in tree.query(point, predicate="dwithin", distance=snap_m) if i != n]
            if not near or any(geoms[i].distance(point) == 0 for i in near):
                continue
            other = geoms[min(near, key=lambda i: geoms[i].distance(point))]
            snapped = other.interpolate(other.project(point))
            coords[end] = (snapped.x, snapped.y)
            moved = True
        if moved:
            out[n] = LineString(coords)
    return out


def _free_ends(dangle, noded) -> list[tuple[float, float]]:
    """Ends of a dangling piece that no other piece of the linework touches."""
    coords = shapely.get_coordinates(dangle)
    pieces = shapely.get_parts(noded)
    free = []
    for point in (coords[0], coords[-1]):
        touching = int(np.count_nonzero(shapely.intersects(pieces, Point(point))))
        if touching <= 1:
            free.append((float(point[0]), float(point[1])))
    return free


def _hatch_polygon(rings: list[np.ndarray]) -> Polygon | None:
    """A HATCH's area: nested rings alternate between area and hole (even-odd, as CAD fills them)."""
    area = None
    rings = [shapely.make_valid(Polygon(coords)) for coords in rings]
    for ring in sorted(rings, key=lambda g: -g.area):
        area = ring if area is None else area.symmetric_difference(ring)
    polygons = [g for g in shapely.get_parts(area)] if area is not None else []
    polygons = [g for g in polygons if isinstance(g, Polygon) and g.area > 0]
    if not polygons:
        return None
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)

"""Shapely geometries to QPainterPath in one vectorised step.

Building a path point by point from Python costs ~1 µs per vertex; instead the vertices are
written with numpy into the byte layout Qt's ``QDataStream >> QPainterPath`` reads (the trick
pyqtgraph's ``arrayToQPath`` uses; pyqtgraph itself is not imported because it costs ~1 s of
start-up). Layout (big-endian): int32 element count, then per element int32 type
(0 = MoveTo, 1 = LineTo) and two float64 coordinates, then int32 cStart and int32 fill rule.

Polygons are oriented (exteriors counter-clockwise, holes clockwise) and the path uses the
winding fill rule, so holes stay open while neighbouring zones that overlap do not punch holes
into each other when several zones share one path.
"""
from __future__ import annotations

import struct

import numpy as np
import shapely
from PySide6.QtCore import QByteArray, QDataStream
from PySide6.QtGui import QPainterPath

__all__ = ["polygons_path", "polygons_paths", "lines_path", "points_xy"]

_ELEMENT = np.dtype([("c", ">i4"), ("x", ">f8"), ("y", ">f8")])
_WINDING_FILL = 1  # Qt.FillRule.WindingFill
_ODD_EVEN_FILL = 0


def _path_from_vertices(coords: np.ndarray, ring_index: np.ndarray, origin: tuple[float, float],
                        fill_rule: int) -> QPainterPath:
    n = len(coords)
    path = QPainterPath()
    if n == 0:
        return path
    buffer = bytearray(4 + n * _ELEMENT.itemsize + 8)
    struct.pack_into(">i", buffer, 0, n)
    struct.pack_into(">ii", buffer, 4 + n * _ELEMENT.itemsize, 0, fill_rule)
    elements = np.frombuffer(buffer, dtype=_ELEMENT, count=n, offset=4)
    elements["x"] = coords[:, 0] - origin[0]
    elements["y"] = coords[:, 1] - origin[1]
    starts = np.ones(n, dtype=bool)
    starts[1:] = ring_index[1:] != ring_index[:-1]
    elements["c"] = np.where(starts, 0, 1)
    data = QByteArray(bytes(buffer))  # held in a name: the stream only points at it
    stream = QDataStream(data)  # the read-only constructor over a byte array
    stream >> path
    return path


def polygons_path(geometries, origin: tuple[float, float] = (0.0, 0.0)) -> QPainterPath:
    """One path with every ring of the (multi)polygons in ``geometries`` (array or list)."""
    geoms = np.asarray(geometries, dtype=object)
    if geoms.size == 0:
        return QPainterPath()
    parts = shapely.get_parts(geoms)
    parts = shapely.orient_polygons(parts, exterior_cw=False)
    rings = shapely.get_rings(parts)
    coords, ring_index = shapely.get_coordinates(rings, return_index=True)
    return _path_from_vertices(coords, ring_index, origin, _WINDING_FILL)


def polygons_paths(groups: list, origin: tuple[float, float] = (0.0, 0.0)) -> list[QPainterPath]:
    """``polygons_path`` of each list of geometries in ``groups``, with one pass of shapely over all.

    A first frame builds a path for every (tile, colour) group, about a thousand at 20,000 zones:
    per-group shapely calls would cost more in call overhead than the geometry work itself.
    """
    sizes = np.fromiter((len(g) for g in groups), dtype=np.int64, count=len(groups))
    if sizes.sum() == 0:
        return [QPainterPath() for _ in groups]
    geoms = np.empty(int(sizes.sum()), dtype=object)
    geoms[:] = [g for group in groups for g in group]
    group_of_geom = np.repeat(np.arange(len(groups)), sizes)
    parts, part_geom = shapely.get_parts(geoms, return_index=True)
    parts = shapely.orient_polygons(parts, exterior_cw=False)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, vertex_ring = shapely.get_coordinates(rings, return_index=True)
    vertex_group = group_of_geom[part_geom[ring_part[vertex_ring]]]
    # Vertices come out in geometry order, so each group's vertices are one contiguous run.
    bounds = np.searchsorted(vertex_group, np.arange(len(groups) + 1))
    return [_path_from_vertices(coords[a:b], vertex_ring[a:b], origin, _WINDING_FILL)
            for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]


def lines_path(geometries, origin: tuple[float, float] = (0.0, 0.0)) -> QPainterPath:
    """A stroke-only path of lines, and of polygon outlines, in ``geometries``."""
    geoms = np.asarray(geometries, dtype=object)
    if geoms.size == 0:
        return QPainterPath()
    parts = shapely.get_parts(geoms)
    is_area = shapely.get_type_id(parts) == 3  # Polygon: draw its rings
    pieces = list(parts[~is_area])
    if is_area.any():
        pieces.extend(shapely.get_rings(parts[is_area]))
    pieces = np.asarray([p for p in pieces if shapely.get_type_id(p) in (1, 2)], dtype=object)
    if pieces.size == 0:
        return QPainterPath()
    coords, line_index = shapely.get_coordinates(pieces, return_index=True)
    return _path_from_vertices(coords, line_index, origin, _ODD_EVEN_FILL)


def points_xy(geometries) -> np.ndarray:
    """(n, 2) coordinates of every point in ``geometries``."""
    geoms = np.asarray(geometries, dtype=object)
    if geoms.size == 0:
        return np.empty((0, 2))
    parts = shapely.get_parts(geoms)
    return shapely.get_coordinates(parts[shapely.get_type_id(parts) == 0])

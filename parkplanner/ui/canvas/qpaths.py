"""Shapely geometries to QPainterPath in one vectorised step.

Building a path point by point from Python costs ~1 µs per vertex; instead the vertices are
written with numpy into the byte layout Qt's ``QDataStream >> QPainterPath`` reads (the trick
pyqtgraph's ``arrayToQPath`` uses; pyqtgraph itself is not imported because it costs ~1 s of
start-up). Layout (little-endian, the stream is told so: numpy then writes without swapping
bytes): int32 element count, then per element int32 type (0 = MoveTo, 1 = LineTo) and two
float64 coordinates, then int32 cStart and int32 fill rule.
Many paths are written back to back into one buffer and read by one stream, so a group of
paths costs one numpy pass plus one stream read per path.

Polygons are oriented (exteriors counter-clockwise, holes clockwise: ``core.geometry.rings``)
and the path uses the winding fill rule, so holes stay open while neighbouring zones that
overlap do not punch holes into each other when several zones share one path.
"""
from __future__ import annotations

import struct

import numpy as np
import shapely
from PySide6.QtCore import QByteArray, QDataStream
from PySide6.QtGui import QPainterPath

from parkplanner.core.geometry.rings import RingChunks, polygon_rings

__all__ = ["polygons_path", "polygons_paths", "group_rings", "ring_paths", "chunk_paths", "lines_path", "points_xy"]

_ELEMENT = np.dtype([("c", "<i4"), ("x", "<f8"), ("y", "<f8")])
_HEADER, _TRAILER = 4, 8  # element count; cStart and fill rule
_WINDING_FILL = 1  # Qt.FillRule.WindingFill
_ODD_EVEN_FILL = 0


def _paths_from_runs(coords: np.ndarray, ring_index: np.ndarray, counts: np.ndarray,
                     origin: tuple[float, float], fill_rule: int) -> list[QPainterPath]:
    """One path per run of ``counts`` consecutive vertices; a new ring (``ring_index`` changes)
    starts with a MoveTo."""
    n = len(coords)
    elements = np.empty(n, dtype=_ELEMENT)
    elements["x"] = coords[:, 0] - origin[0]
    elements["y"] = coords[:, 1] - origin[1]
    starts = np.ones(n, dtype=bool)
    starts[1:] = ring_index[1:] != ring_index[:-1]
    firsts = np.cumsum(counts) - counts
    starts[firsts[counts > 0]] = True  # a path never continues the previous path's ring
    elements["c"] = ~starts  # 0 = MoveTo, 1 = LineTo
    raw = elements.view(np.uint8)
    size = _ELEMENT.itemsize
    buffer = bytearray(n * size + len(counts) * (_HEADER + _TRAILER))
    view = memoryview(buffer)
    offset, trailer = 0, struct.pack("<ii", 0, fill_rule)
    for first, count in zip(firsts.tolist(), counts.tolist()):
        struct.pack_into("<i", buffer, offset, count)
        offset += _HEADER
        view[offset:offset + count * size] = raw[first * size:(first + count) * size]
        offset += count * size
        view[offset:offset + _TRAILER] = trailer
        offset += _TRAILER
    data = QByteArray(buffer)  # a copy, held in a name: the stream only points at it
    stream = QDataStream(data)  # the read-only constructor over a byte array
    stream.setByteOrder(QDataStream.ByteOrder.LittleEndian)
    paths = []
    for count in counts.tolist():
        path = QPainterPath()
        if count:
            stream >> path
        else:
            stream.skipRawData(_HEADER + _TRAILER)
        paths.append(path)
    return paths


def polygons_path(geometries, origin: tuple[float, float] = (0.0, 0.0)) -> QPainterPath:
    """One path with every ring of the (multi)polygons in ``geometries`` (array or list)."""
    return polygons_paths([geometries], origin)[0]


def polygons_paths(groups: list, origin: tuple[float, float] = (0.0, 0.0),
                   areas: list | None = None) -> list[QPainterPath]:
    """``polygons_path`` of each list of geometries in ``groups``, with one pass over all.

    A first frame builds a path for every (tile, colour) group, about a thousand at 20,000 zones:
    per-group shapely calls would cost more in call overhead than the geometry work itself.
    ``areas``, when given, receives each group's total area.
    """
    return ring_paths(*group_rings(groups, areas), origin)


def group_rings(groups: list, areas: list | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The oriented rings of ``groups`` (lists of (multi)polygons) as ``ring_paths`` takes them:
    the vertices (n×2), each vertex's ring number, and each group's number of vertices (its
    vertices are one run, in the groups' order). ``areas``: as in ``polygons_paths``."""
    sizes = np.fromiter((len(g) for g in groups), dtype=np.int64, count=len(groups))
    geoms = np.empty(int(sizes.sum()), dtype=object)
    geoms[:] = [g for group in groups for g in group]
    coords, vertex_ring, ring_geometry, ring_area = polygon_rings(geoms)
    group_of_geometry = np.repeat(np.arange(len(groups)), sizes)
    ring_group = group_of_geometry[ring_geometry]
    if areas is not None:
        areas.extend(np.bincount(ring_group, weights=ring_area, minlength=len(groups)).tolist())
    # Vertices come out in geometry order, so each group's vertices are one contiguous run.
    return coords, vertex_ring, np.bincount(ring_group[vertex_ring], minlength=len(groups))


def ring_paths(coords: np.ndarray, vertex_ring: np.ndarray, counts: np.ndarray,
               origin: tuple[float, float] = (0.0, 0.0)) -> list[QPainterPath]:
    """A filled path per run of ``counts`` vertices of ``group_rings`` (winding fill)."""
    return _paths_from_runs(coords, vertex_ring, counts, origin, _WINDING_FILL)


def chunk_paths(runs: RingChunks, chunks: list[int], origin: tuple[float, float]) -> list[QPainterPath]:
    """The paths of the chunks ``chunks`` (indices) of ``runs``, in one pass."""
    if not chunks:
        return []
    firsts = np.cumsum(runs.counts) - runs.counts
    counts = runs.counts[chunks]
    vertices = np.repeat(firsts[chunks] - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
    return _paths_from_runs(runs.coords[vertices], np.cumsum(runs.starts[vertices]), counts, origin, _WINDING_FILL)


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
    return _paths_from_runs(coords, line_index, np.array([len(coords)]), origin, _ODD_EVEN_FILL)[0]


def points_xy(geometries) -> np.ndarray:
    """(n, 2) coordinates of every point in ``geometries``."""
    geoms = np.asarray(geometries, dtype=object)
    if geoms.size == 0:
        return np.empty((0, 2))
    parts = shapely.get_parts(geoms)
    return shapely.get_coordinates(parts[shapely.get_type_id(parts) == 0])

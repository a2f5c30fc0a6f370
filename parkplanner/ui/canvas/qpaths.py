"""Shapely geometries to QPainterPath in one vectorised step.

Building a path point by point from Python costs ~1 µs per vertex; instead the vertices are
written with numpy into the byte layout Qt's ``QDataStream >> QPainterPath`` reads (the trick
pyqtgraph's ``arrayToQPath`` uses; pyqtgraph itself is not imported because it costs ~1 s of
start-up). Layout (little-endian, the stream is told so: numpy then writes without swapping
bytes): int32 element count, then per element int32 type (0 = MoveTo, 1 = LineTo) and two
float64 coordinates, then int32 cStart and int32 fill rule.
Many paths are written back to back into one buffer and read by one stream, so a group of
paths costs one numpy pass plus one stream read per path.

Polygons are oriented (exteriors counter-clockwise, holes clockwise) and the path uses the
winding fill rule, so holes stay open while neighbouring zones that overlap do not punch holes
into each other when several zones share one path. Orientation is decided by the shoelace sum
of each ring in numpy and fixed by reversing the ring's vertex order, the same order GEOS's
``orient_polygons`` gives, at a fraction of the cost (it builds no new geometries).
"""
from __future__ import annotations

import hashlib
import math
import struct
from typing import NamedTuple

import numpy as np
import shapely
from PySide6.QtCore import QByteArray, QDataStream
from PySide6.QtGui import QPainterPath

from parkplanner.core.geometry.chunked import SLICE, parts_in_slices

__all__ = ["polygons_path", "polygons_paths", "polygon_parts", "polygon_rings", "ring_chunks", "RingChunks",
           "lines_path", "points_xy"]

_ELEMENT = np.dtype([("c", "<i4"), ("x", "<f8"), ("y", "<f8")])
_HEADER, _TRAILER = 4, 8  # element count; cStart and fill rule
_WINDING_FILL = 1  # Qt.FillRule.WindingFill
_ODD_EVEN_FILL = 0
_POLYGON = 3


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


def polygon_rings(geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The oriented rings of (multi)polygons: ``(coords, vertex_ring, ring_geometry, ring_area)``.

    Vertices come ring by ring in geometry order; ``ring_area`` is signed (exteriors positive,
    holes negative), so a geometry's area is the sum over its rings. Plain polygons (nearly all
    zones) take one ``get_coordinates`` pass; polygons with holes and multipolygons go through
    their parts and rings.
    """
    geoms = np.asarray(geometries, dtype=object)
    plain = (shapely.get_type_id(geoms) == _POLYGON) & (shapely.get_num_interior_rings(geoms) == 0)
    if plain.all():
        coords, vertex_ring = shapely.get_coordinates(geoms, return_index=True)
        ring_geometry = np.arange(len(geoms))
        exterior = np.ones(len(geoms), dtype=bool)
    else:
        parts, part_geometry = parts_in_slices(geoms)
        coords, vertex_ring, ring_part = _ring_coordinates(parts)
        ring_geometry = part_geometry[ring_part]
        exterior = np.ones(len(ring_part), dtype=bool)
        exterior[1:] = ring_part[1:] != ring_part[:-1]  # a part's first ring is its shell
    n_rings = len(ring_geometry)
    if len(coords) == 0:
        return coords.reshape(0, 2), vertex_ring, ring_geometry[:0], np.zeros(0)
    # Shoelace sums over consecutive vertices; a pair spanning two rings counts nothing. Taken
    # relative to each ring's first vertex: no cancellation at 4,000,000 m.
    lengths = np.bincount(vertex_ring, minlength=n_rings)
    first = np.cumsum(lengths) - lengths
    anchor = coords[np.minimum(first, len(coords) - 1)]  # an empty ring (last) repeats nothing
    x = coords[:, 0] - np.repeat(anchor[:, 0], lengths)
    y = coords[:, 1] - np.repeat(anchor[:, 1], lengths)
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    cross[vertex_ring[:-1] != vertex_ring[1:]] = 0.0
    area = np.bincount(vertex_ring[:-1], weights=cross, minlength=n_rings) / 2.0
    flip = np.where(exterior, area < 0, area > 0)
    if flip.any():
        order = np.arange(len(coords))
        turned = flip[vertex_ring]
        ring = vertex_ring[turned]
        order[turned] = 2 * first[ring] + lengths[ring] - 1 - order[turned]
        coords = coords[order]
        area = np.where(flip, -area, area)
    return coords, vertex_ring, ring_geometry, area


def _ring_coordinates(parts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``shapely.get_coordinates(rings, return_index=True)`` of ``rings, ring_part =
    shapely.get_rings(parts, return_index=True)``, and ``ring_part``, made a slice of rings at a
    time: one polygon with 100,000 holes makes as many ring objects, ~85 ms in one ``get_rings``
    call holding the lock, and ~30 ms more to free them at once."""
    polygons = np.flatnonzero((shapely.get_type_id(parts) == _POLYGON) & ~shapely.is_empty(parts))
    counts = shapely.get_num_interior_rings(parts[polygons]) + 1
    ring_part = np.repeat(polygons, counts)
    within = np.arange(len(ring_part)) - np.repeat(np.cumsum(counts) - counts, counts)  # 0: the shell
    coords, vertex_ring = [np.empty((0, 2))], [np.empty(0, dtype=np.intp)]
    for start in range(0, len(ring_part), SLICE):
        owner, index = parts[ring_part[start:start + SLICE]], within[start:start + SLICE]
        shell = index == 0
        rings = np.empty(len(index), dtype=object)
        rings[shell] = shapely.get_exterior_ring(owner[shell])
        rings[~shell] = shapely.get_interior_ring(owner[~shell], index[~shell] - 1)
        xy, ring = shapely.get_coordinates(rings, return_index=True)
        coords.append(xy)
        vertex_ring.append(ring + start)
        del rings  # freed here, a slice at a time
    return np.concatenate(coords), np.concatenate(vertex_ring), ring_part


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
    sizes = np.fromiter((len(g) for g in groups), dtype=np.int64, count=len(groups))
    geoms = np.empty(int(sizes.sum()), dtype=object)
    geoms[:] = [g for group in groups for g in group]
    coords, vertex_ring, ring_geometry, ring_area = polygon_rings(geoms)
    group_of_geometry = np.repeat(np.arange(len(groups)), sizes)
    ring_group = group_of_geometry[ring_geometry]
    if areas is not None:
        areas.extend(np.bincount(ring_group, weights=ring_area, minlength=len(groups)).tolist())
    # Vertices come out in geometry order, so each group's vertices are one contiguous run.
    counts = np.bincount(ring_group[vertex_ring], minlength=len(groups))
    return _paths_from_runs(coords, vertex_ring, counts, origin, _WINDING_FILL)


def polygon_parts(geometries) -> np.ndarray:
    """The single polygons among ``geometries``, multipolygons and collections (an overlap can
    come back as one holding lines) taken apart."""
    geoms = np.asarray(geometries, dtype=object)
    if geoms.size == 0:
        return geoms
    parts = parts_in_slices(parts_in_slices(geoms)[0])[0]  # collections may hold multipolygons
    return parts[shapely.get_type_id(parts) == _POLYGON]


class RingChunks(NamedTuple):
    """The rings of some polygons cut into chunks (``ring_chunks``), vertices in drawing order."""

    #: (n, 2) the vertices, chunk after chunk.
    coords: np.ndarray
    #: (n,) True where a ring starts (a new subpath).
    starts: np.ndarray
    #: Vertices per chunk.
    counts: np.ndarray
    #: Per chunk, whether it holds holes (else one shell).
    holes: np.ndarray

    def signatures(self) -> list[bytes]:
        """Per chunk, a digest of its vertices and ring breaks: equal for an equal chunk of another build."""
        ends = np.cumsum(self.counts).tolist()
        out = []
        for first, last in zip([0, *ends[:-1]], ends):
            digest = hashlib.blake2b(self.coords[first:last].tobytes(), digest_size=16)
            digest.update(self.starts[first:last].tobytes())
            out.append(digest.digest())
        return out

    def paths(self, chunks: list[int], origin: tuple[float, float]) -> list[QPainterPath]:
        """The paths of ``chunks`` (indices), in one pass."""
        if not chunks:
            return []
        firsts = np.cumsum(self.counts) - self.counts
        counts = self.counts[chunks]
        vertices = np.repeat(firsts[chunks] - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
        return _paths_from_runs(self.coords[vertices], np.cumsum(self.starts[vertices]), counts, origin,
                                _WINDING_FILL)


def ring_chunks(geometries, max_elements: int) -> RingChunks:
    """The rings of the polygons in ``geometries`` in chunks of at most ``max_elements`` vertices
    (more only for one ring that long).

    Per polygon, largest shell first: its shell, then its holes by cells of a grid over the shells'
    extent (a chunk covers one part of the map, and a frame can skip the chunks out of view),
    in runs of at most ``max_elements`` within a cell. The grid depends on the shells only, so an
    edit that changes a few holes changes the chunks of their cells alone: the other chunks are
    the same vertices as before, and their paths can be kept (``RingChunks.signatures``). Filling a
    shell and then erasing its holes gives the pixels of the whole polygon, and a polygon lying in
    another's hole comes after that hole's erase.
    """
    parts = polygon_parts(geometries)
    if parts.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return RingChunks(np.zeros((0, 2)), np.zeros(0, dtype=bool), empty, np.zeros(0, dtype=bool))
    coords, vertex_ring, ring_part, ring_area = polygon_rings(parts)
    n_rings = len(ring_part)
    lengths = np.bincount(vertex_ring, minlength=n_rings)
    first = np.cumsum(lengths) - lengths
    hole = ring_area < 0  # polygon_rings orients shells positive, holes negative
    shell_area = np.zeros(len(parts))
    np.add.at(shell_area, ring_part[~hole], ring_area[~hole])
    # The grid: cells of about max_elements hole vertices each, over the shells' extent; a hole
    # falls in the cell of its centre (vertex mean).
    cx = np.bincount(vertex_ring, weights=coords[:, 0], minlength=n_rings) / np.maximum(lengths, 1)
    cy = np.bincount(vertex_ring, weights=coords[:, 1], minlength=n_rings) / np.maximum(lengths, 1)
    shells = coords[~hole[vertex_ring]]
    x0, y0 = shells.min(axis=0) if len(shells) else (0.0, 0.0)
    x1, y1 = shells.max(axis=0) if len(shells) else (1.0, 1.0)
    side = max(1, math.ceil(math.sqrt(int(lengths[hole].sum()) / max_elements)))
    column = np.clip(np.floor((cx - x0) / max(x1 - x0, 1e-9) * side), 0, side - 1)
    row = np.clip(np.floor((cy - y0) / max(y1 - y0, 1e-9) * side), 0, side - 1)
    cell = np.where(hole, row * side + column, -1)
    order = np.lexsort((cell, hole, ring_part, -shell_area[ring_part]))
    ordered_lengths, ordered_holes = lengths[order], hole[order]
    # Chunks: a shell alone; the holes of one cell, in runs of at most max_elements vertices where
    # the cell holds more (only those cells are walked ring by ring).
    keys = np.stack([ring_part[order], ordered_holes, cell[order]], axis=1)
    new_group = np.ones(n_rings, dtype=bool)
    new_group[1:] = (keys[1:] != keys[:-1]).any(axis=1)
    group_starts = np.flatnonzero(new_group)
    group = np.cumsum(new_group) - 1
    run = np.zeros(n_rings, dtype=np.int64)  # the chunk within its group
    for g in np.flatnonzero(np.bincount(group, weights=ordered_lengths) > max_elements).tolist():
        first_ring = group_starts[g]
        sizes = ordered_lengths[first_ring:group_starts[g + 1] if g + 1 < len(group_starts) else n_rings].tolist()
        filled, k = 0, 0
        for m, size in enumerate(sizes):
            if filled and filled + size > max_elements:
                k, filled = k + 1, 0
            run[first_ring + m] = k
            filled += size
    runs_per_group = np.maximum.reduceat(run, group_starts) + 1
    chunk_of = (np.cumsum(runs_per_group) - runs_per_group)[group] + run  # per ring, in drawing order
    chunks = int(runs_per_group.sum())
    vertices = np.repeat(first[order] - (np.cumsum(ordered_lengths) - ordered_lengths), ordered_lengths)
    vertices += np.arange(len(vertices))
    starts = np.zeros(len(vertices), dtype=bool)
    starts[(np.cumsum(ordered_lengths) - ordered_lengths)[ordered_lengths > 0]] = True
    counts = np.bincount(np.repeat(chunk_of, ordered_lengths), minlength=chunks)
    holes_of = np.zeros(chunks, dtype=bool)
    holes_of[chunk_of[ordered_holes]] = True
    return RingChunks(coords[vertices], starts, counts, holes_of)


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

"""The rings of polygons as numpy columns, and cut into chunks a frame can draw piece by piece.

Pure geometry (shapely and numpy, no Qt): the map's paths are made from these columns
(``ui.canvas.qpaths``), and the topology helper process makes the chunks of the problems it
finds, so that the application only turns the chunks it has not drawn before into paths.
"""
from __future__ import annotations

import hashlib
import math
from typing import NamedTuple

import numpy as np
import shapely

from parkplanner.core.geometry.chunked import SLICE, parts_in_slices

__all__ = ["polygon_rings", "polygon_parts", "RingChunks", "ring_chunks"]

_POLYGON = 3


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

    def buffers(self) -> list[bytes]:
        """The four columns as raw buffers (``from_buffers`` reads them back), for a pipe."""
        return [np.ascontiguousarray(self.coords, dtype="<f8").tobytes(), self.starts.astype(np.uint8).tobytes(),
                self.counts.astype("<i8").tobytes(), self.holes.astype(np.uint8).tobytes()]

    @classmethod
    def from_buffers(cls, buffers: list[bytes]) -> "RingChunks":
        """``buffers()`` read back; ValueError when they do not fit together."""
        coords, starts, counts, holes = buffers
        chunks = cls(np.frombuffer(coords, dtype="<f8").reshape(-1, 2), np.frombuffer(starts, dtype=np.uint8).astype(bool),
                     np.frombuffer(counts, dtype="<i8"), np.frombuffer(holes, dtype=np.uint8).astype(bool))
        if len(chunks.starts) != len(chunks.coords) or len(chunks.holes) != len(chunks.counts) \
                or int(chunks.counts.sum()) != len(chunks.coords) or (chunks.counts < 0).any():
            raise ValueError("ring chunks that do not add up")
        return chunks


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

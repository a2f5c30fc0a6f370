"""The edges of every ring of many polygons in flat numpy arrays: what the footprint offset and the
extrusion both walk. Rings are oriented with the polygon on their left (exteriors
counter-clockwise, holes clockwise) by reversing the edge order in numpy, and repeated points are
left out (they make no edge).
"""
from __future__ import annotations

import numpy as np
import shapely

__all__ = ["RingEdges"]


class RingEdges:
    """``p``, ``q`` (E, 2): each edge's start and end; ``ring`` (E,): its ring, whose edges are
    contiguous and in order; ``ring_part`` (R,) and ``part_zone`` (P,): the polygon part of each
    ring and the zone of each part (shapely's get_rings / get_parts indices); ``zone`` (E,);
    ``parts``: the polygon parts. ``origin`` None: coordinates relative to each zone's first
    point (``reference``, no cancellation at northings of 4e6 m); else relative to that point."""

    def __init__(self, geoms: np.ndarray, origin: tuple[float, float] | None = None) -> None:
        self.n = len(geoms)
        self.parts, self.part_zone = shapely.get_parts(geoms, return_index=True)
        rings, self.ring_part = shapely.get_rings(self.parts, return_index=True)
        coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
        ring_zone = self.part_zone[self.ring_part]
        if origin is None:
            first_coord = np.full(self.n, len(coords))
            np.minimum.at(first_coord, ring_zone[coord_ring], np.arange(len(coords)))
            self.reference = coords[np.minimum(first_coord, len(coords) - 1)] if len(coords) else np.zeros((self.n, 2))
            coords = coords - self.reference[ring_zone[coord_ring]]
        else:
            coords = coords - origin
        same = coord_ring[1:] == coord_ring[:-1]
        p, q, ring = coords[:-1][same], coords[1:][same], coord_ring[:-1][same]
        keep = (p[:, 0] != q[:, 0]) | (p[:, 1] != q[:, 1])
        p, q, ring = p[keep], q[keep], ring[keep]
        n_edges = len(p)
        first = _run_starts(ring)
        count = np.diff(first, append=n_edges)
        self.first_of = np.repeat(first, count)  # the first edge of each edge's ring
        self.last_of = self.first_of + np.repeat(count, count) - 1
        # Orientation: the signed area of each ring (shoelace about its first point).
        base = p[self.first_of]
        a, b = p - base, q - base
        signed = np.bincount(ring, a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0], minlength=len(rings))
        exterior = np.zeros(len(rings), dtype=bool)
        exterior[_run_starts(self.ring_part)] = True  # the first ring of each part
        flip = np.where(exterior, signed < 0, signed > 0)[ring]
        if flip.any():
            source = np.where(flip, self.first_of + self.last_of - np.arange(n_edges), np.arange(n_edges))
            p, q = np.where(flip[:, None], q[source], p[source]), np.where(flip[:, None], p[source], q[source])
        self.p, self.q, self.ring = p, q, ring
        self.zone = ring_zone[ring]
        self.ring_first, self.ring_last = first, first + count - 1
        self.following = np.arange(1, n_edges + 1)
        self.following[self.ring_last] = self.ring_first
        self.preceding = np.empty_like(self.following)
        self.preceding[self.following] = np.arange(n_edges)
        self.edge_part = self.ring_part[ring]


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts (without np.r_, which costs tens of microseconds a
    call: an edit of one zone is made of many small calls like this)."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([[0], np.flatnonzero(values[1:] != values[:-1]) + 1])

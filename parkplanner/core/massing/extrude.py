"""Triangles of many footprints at once: roofs (or flat ground pieces) by shapely's constrained
Delaunay triangulation, which keeps holes and every ring edge, and walls as two triangles per
ring edge. Everything is vectorised over all zones; ``owner`` tells whose each triangle is (the
caller orders them).
"""
from __future__ import annotations

import numpy as np
import shapely

from parkplanner.core.geometry.chunked import chunked

__all__ = ["TriangleSoup", "extrude"]


class TriangleSoup:
    """Triangles of several zones: ``vertices`` (n, 3, 3) float32 metres, counter-clockwise seen
    from outside; ``normals`` (n, 3) float32, one per triangle; ``owner`` (n,) the index of the zone
    each triangle belongs to (roofs first, then walls)."""

    __slots__ = ("vertices", "normals", "owner")

    def __init__(self, vertices: np.ndarray, normals: np.ndarray, owner: np.ndarray) -> None:
        self.vertices, self.normals, self.owner = vertices, normals, owner


def extrude(footprints: np.ndarray, base_z: np.ndarray, top_z: np.ndarray, origin: tuple[float, float]) -> TriangleSoup:
    """Prisms from ``base_z`` to ``top_z`` over ``footprints``; a zone whose top equals its base
    gets its top face only (a flat piece of ground). Coordinates are relative to ``origin``:
    float32 keeps centimetres only near the origin (projected northings are ~4e6 m)."""
    footprints = np.asarray(footprints, dtype=object)
    top_z = np.asarray(top_z, dtype=float)
    base_z = np.asarray(base_z, dtype=float)
    ox, oy = origin
    # Roofs.
    triangles = chunked(shapely.constrained_delaunay_triangles, footprints)
    per_zone = shapely.get_num_geometries(triangles)
    xy = shapely.get_coordinates(triangles).reshape(-1, 4, 2)[:, :3, :]
    roof_owner = np.repeat(np.arange(len(footprints)), per_zone)
    signed = ((xy[:, 1, 0] - xy[:, 0, 0]) * (xy[:, 2, 1] - xy[:, 0, 1])
              - (xy[:, 2, 0] - xy[:, 0, 0]) * (xy[:, 1, 1] - xy[:, 0, 1]))
    clockwise = signed < 0
    xy[clockwise] = xy[clockwise][:, ::-1, :]  # every roof faces up
    n_roofs = len(xy)
    # Walls: along every ring edge of the zones that stand above their base.
    tall = np.flatnonzero(top_z > base_z)
    parts, part_zone = shapely.get_parts(footprints[tall], return_index=True)
    parts = shapely.orient_polygons(parts, exterior_cw=False)  # the solid is left of every edge
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    same = coord_ring[1:] == coord_ring[:-1]
    p = coords[:-1][same]
    q = coords[1:][same]
    wall_owner_1 = tall[part_zone[ring_part[coord_ring[:-1][same]]]]
    keep = np.any(p != q, axis=1)
    p, q, wall_owner_1 = p[keep], q[keep], wall_owner_1[keep]
    n_edges = len(p)
    vertices = np.empty((n_roofs + 2 * n_edges, 3, 3), dtype=np.float32)
    normals = np.zeros((n_roofs + 2 * n_edges, 3), dtype=np.float32)
    roofs = vertices[:n_roofs]
    roofs[:, :, 0] = xy[:, :, 0] - ox
    roofs[:, :, 1] = xy[:, :, 1] - oy
    roofs[:, :, 2] = top_z[roof_owner, None]
    normals[:n_roofs, 2] = 1.0
    lo = base_z[wall_owner_1]
    hi = top_z[wall_owner_1]
    px, py, qx, qy = p[:, 0] - ox, p[:, 1] - oy, q[:, 0] - ox, q[:, 1] - oy
    first = vertices[n_roofs::2]  # (p lo, q lo, q hi)
    second = vertices[n_roofs + 1::2]  # (p lo, q hi, p hi)
    for tri, corners in ((first, ((px, py, lo), (qx, qy, lo), (qx, qy, hi))),
                         (second, ((px, py, lo), (qx, qy, hi), (px, py, hi)))):
        for k, (x, y, z) in enumerate(corners):
            tri[:, k, 0], tri[:, k, 1], tri[:, k, 2] = x, y, z
    d = q - p
    length = np.hypot(d[:, 0], d[:, 1])
    normals[n_roofs::2, 0] = normals[n_roofs + 1::2, 0] = d[:, 1] / length  # right of the edge: outside
    normals[n_roofs::2, 1] = normals[n_roofs + 1::2, 1] = -d[:, 0] / length
    owner = np.concatenate([roof_owner, np.repeat(wall_owner_1, 2)])
    return TriangleSoup(vertices, normals, owner)

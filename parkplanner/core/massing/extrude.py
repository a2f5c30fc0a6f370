"""Triangles of many footprints at once: roofs (or flat ground pieces) by shapely's constrained
Delaunay triangulation, which keeps holes and every ring edge, and walls as two triangles per
ring edge. Everything is vectorised over all zones; each zone's triangles come out contiguous.
"""
from __future__ import annotations

import numpy as np
import shapely

from parkplanner.core.massing.chunked import chunked

__all__ = ["TriangleSoup", "extrude"]


class TriangleSoup:
    """Triangles of several zones, each zone's contiguous, in the order the zones were given.

    ``vertices`` (n, 3, 3) in metres, counter-clockwise seen from outside; ``normals`` (n, 3), one
    per triangle; ``owner`` (n,) the index of the zone each triangle belongs to.
    """

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
    roofs = np.empty((len(xy), 3, 3))
    roofs[:, :, 0] = xy[:, :, 0] - ox
    roofs[:, :, 1] = xy[:, :, 1] - oy
    roofs[:, :, 2] = top_z[roof_owner, None]
    roof_normals = np.zeros((len(xy), 3))
    roof_normals[:, 2] = 1.0
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
    lo = base_z[wall_owner_1]
    hi = top_z[wall_owner_1]
    px, py, qx, qy = p[:, 0] - ox, p[:, 1] - oy, q[:, 0] - ox, q[:, 1] - oy
    walls = np.empty((2 * len(p), 3, 3))
    walls[0::2] = np.stack([np.stack([px, py, lo], 1), np.stack([qx, qy, lo], 1), np.stack([qx, qy, hi], 1)], 1)
    walls[1::2] = np.stack([np.stack([px, py, lo], 1), np.stack([qx, qy, hi], 1), np.stack([px, py, hi], 1)], 1)
    d = q - p
    length = np.hypot(d[:, 0], d[:, 1])
    outward = np.zeros((len(p), 3))
    outward[:, 0] = d[:, 1] / length  # right of the edge: outside the solid
    outward[:, 1] = -d[:, 0] / length
    wall_normals = np.repeat(outward, 2, axis=0)
    wall_owner = np.repeat(wall_owner_1, 2)
    # Each zone's triangles together (stable: roofs first, walls in ring order).
    owner = np.concatenate([roof_owner, wall_owner])
    order = np.argsort(owner, kind="stable")
    vertices = np.concatenate([roofs, walls])[order].astype(np.float32)
    normals = np.concatenate([roof_normals, wall_normals])[order].astype(np.float32)
    return TriangleSoup(vertices, normals, owner[order])

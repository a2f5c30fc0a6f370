"""Triangles of many footprints at once: roofs (or flat ground pieces) and walls as two triangles
per ring edge. Everything is vectorised over all zones; ``owner`` tells whose each triangle is (the
caller orders them).

A roof is a fan of triangles from an apex that sees every edge turning counter-clockwise: the
polygon is then star-shaped from it (the angles round the apex grow monotonically and add up to
one turn), so the fan covers it exactly once. The apex is one of the polygon's first few vertices
when one of them fits (n − 2 triangles, as many as any triangulation: every vertex of a convex
plot, about every second one of a plot with notches), else its centroid (n triangles). That costs
a few numpy passes over all zones. Polygons with holes, and those no apex fits, take shapely's
constrained Delaunay triangulation, which keeps holes and every ring edge.
"""
from __future__ import annotations

import numpy as np
import shapely

from parkplanner.core.geometry.chunked import chunked
from parkplanner.core.massing.ring_edges import RingEdges

__all__ = ["TriangleSoup", "extrude"]


class TriangleSoup:
    """Triangles of several zones: ``vertices`` (n, 3, 3) float32 metres, counter-clockwise seen
    from outside; ``normals`` (n, 3) float32, one per triangle; ``owner`` (n,) the index of the zone
    each triangle belongs to (roofs first, then walls)."""

    __slots__ = ("vertices", "normals", "owner")

    def __init__(self, vertices: np.ndarray, normals: np.ndarray, owner: np.ndarray) -> None:
        self.vertices, self.normals, self.owner = vertices, normals, owner


def extrude(footprints: np.ndarray, base_z: np.ndarray, top_z: np.ndarray, origin: tuple[float, float],
            *, fans: bool = True) -> TriangleSoup:
    """Prisms from ``base_z`` to ``top_z`` over ``footprints``; a zone whose top equals its base
    gets its top face only (a flat piece of ground). Coordinates are relative to ``origin``:
    float32 keeps centimetres only near the origin (projected northings are ~4e6 m).
    ``fans=False`` triangulates every roof by constrained Delaunay (the reference of the tests)."""
    footprints = np.asarray(footprints, dtype=object)
    top_z = np.asarray(top_z, dtype=float)
    base_z = np.asarray(base_z, dtype=float)
    rings = RingEdges(footprints, origin)
    p, q, edge_part, part_zone = rings.p, rings.q, rings.edge_part, rings.part_zone
    fan_part, apex = _fan_parts(rings, fans)
    roofs = [_fans(p, q, edge_part, fan_part, apex), _delaunay(rings.parts, ~fan_part, origin)]
    xy = np.concatenate([r[0] for r in roofs])
    roof_owner = part_zone[np.concatenate([r[1] for r in roofs])]
    n_roofs = len(xy)
    # Walls: along every ring edge of the zones that stand above their base.
    wall = (top_z > base_z)[part_zone[edge_part]]
    p, q = p[wall], q[wall]
    wall_owner_1 = part_zone[edge_part[wall]]
    n_edges = len(p)
    vertices = np.empty((n_roofs + 2 * n_edges, 3, 3), dtype=np.float32)
    normals = np.zeros((n_roofs + 2 * n_edges, 3), dtype=np.float32)
    roof = vertices[:n_roofs]
    roof[:, :, :2] = xy
    roof[:, :, 2] = top_z[roof_owner, None]
    normals[:n_roofs, 2] = 1.0
    lo = base_z[wall_owner_1]
    hi = top_z[wall_owner_1]
    px, py, qx, qy = p[:, 0], p[:, 1], q[:, 0], q[:, 1]
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


def _fan_parts(rings: RingEdges, fans: bool) -> tuple[np.ndarray, np.ndarray]:
    """(which polygons a fan triangulates, the apex of each fan): polygons without holes with a
    vertex that sees every other edge turning counter-clockwise (a fan of n − 2 triangles: convex
    polygons and most with notches), else whose centroid does (n triangles, two more than a
    triangulation needs)."""
    n = len(rings.parts)
    apex = np.full((n, 2), np.nan)
    if not fans or n == 0:
        return np.zeros(n, dtype=bool), apex
    p, q, edge_part = rings.p, rings.q, rings.edge_part
    simple = np.bincount(rings.ring_part, minlength=n) == 1
    centre, doubled_area = _centroids(p, q, edge_part, n)
    tolerance = 1e-9 * doubled_area  # a billionth of the polygon's doubled area: rounding
    vertex = _seeing_vertex(rings, simple, tolerance)
    has_vertex = vertex >= 0
    apex[has_vertex] = p[vertex[has_vertex]]
    c = centre[edge_part]
    cross = (p[:, 0] - c[:, 0]) * (q[:, 1] - c[:, 1]) - (p[:, 1] - c[:, 1]) * (q[:, 0] - c[:, 0])
    centre_sees = np.bincount(edge_part, cross <= tolerance[edge_part], minlength=n) == 0
    by_centre = simple & ~has_vertex & centre_sees & (doubled_area > 0)
    apex[by_centre] = centre[by_centre]
    return has_vertex | by_centre, apex


#: Vertices tried as the apex of a fan, in ring order, before the centroid: each try is one pass
#: over the edges of the polygons still without one (a vertex of a convex polygon always sees
#: every edge; of a plot with notches, about every second one does).
_APEX_TRIES = 8


def _seeing_vertex(rings: RingEdges, search: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """Per polygon of one ring: the first of its first few vertices (as the index of the edge
    starting there) that sees every edge not at it turning counter-clockwise; -1 if none or not
    ``search``."""
    p, q, edge_part = rings.p, rings.q, rings.edge_part
    found = np.full(len(search), -1)
    per_part = np.bincount(edge_part, minlength=len(search))
    first = np.cumsum(per_part) - per_part  # a one-ring polygon's edges are contiguous
    edges = np.flatnonzero(search[edge_part])
    for k in range(_APEX_TRIES):
        part = edge_part[edges]
        edges = edges[k < per_part[part]]
        if not edges.size:
            break
        part = edge_part[edges]
        candidate = first[part] + k
        v = p[candidate]
        pe, qe = p[edges], q[edges]
        cross = (pe[:, 0] - v[:, 0]) * (qe[:, 1] - v[:, 1]) - (pe[:, 1] - v[:, 1]) * (qe[:, 0] - v[:, 0])
        blind = (cross <= tolerance[part]) & (edges != candidate) & (edges != rings.preceding[candidate])
        sees = np.bincount(part, blind, minlength=len(search)) == 0
        sees &= search & (found < 0) & (k < per_part)
        found[sees] = first[sees] + k
        edges = edges[~sees[part]]
    return found


def _centroids(p: np.ndarray, q: np.ndarray, edge_part: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(area centroids, doubled areas) of the exterior rings, from the edges (relative to each
    ring's first point: no cancellation however far from the origin)."""
    first = np.full(n, len(p))
    np.minimum.at(first, edge_part, np.arange(len(p)))
    base = p[np.minimum(first, len(p) - 1)] if len(p) else np.zeros((n, 2))
    a, b = p - base[edge_part], q - base[edge_part]
    cross = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    doubled = np.bincount(edge_part, cross, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        cx = np.bincount(edge_part, (a[:, 0] + b[:, 0]) * cross, minlength=n) / (3.0 * doubled)
        cy = np.bincount(edge_part, (a[:, 1] + b[:, 1]) * cross, minlength=n) / (3.0 * doubled)
    return base + np.column_stack([cx, cy]), doubled


def _fans(p: np.ndarray, q: np.ndarray, edge_part: np.ndarray, fan_part: np.ndarray,
          apex: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(triangles (n, 3, 2), part of each) of the fanned polygons: one per edge from the apex,
    but for the two edges at an apex that is a vertex."""
    on = fan_part[edge_part]
    a = apex[edge_part]
    on &= ~(((p[:, 0] == a[:, 0]) & (p[:, 1] == a[:, 1])) | ((q[:, 0] == a[:, 0]) & (q[:, 1] == a[:, 1])))
    part = edge_part[on]
    xy = np.empty((len(part), 3, 2))
    xy[:, 0], xy[:, 1], xy[:, 2] = apex[part], p[on], q[on]
    return xy, part


def _delaunay(parts: np.ndarray, which: np.ndarray, origin: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """(triangles (n, 3, 2) counter-clockwise, relative to ``origin``, part of each) of the
    polygons ``which``."""
    index = np.flatnonzero(which)
    triangles = chunked(shapely.constrained_delaunay_triangles, parts[index])
    per_part = shapely.get_num_geometries(triangles)
    xy = (shapely.get_coordinates(triangles) - origin).reshape(-1, 4, 2)[:, :3, :]
    signed = ((xy[:, 1, 0] - xy[:, 0, 0]) * (xy[:, 2, 1] - xy[:, 0, 1])
              - (xy[:, 2, 0] - xy[:, 0, 0]) * (xy[:, 1, 1] - xy[:, 0, 1]))
    clockwise = signed < 0
    xy[clockwise] = xy[clockwise][:, ::-1, :]  # every roof faces up
    return xy, np.repeat(index, per_part)

"""Which zone a click in the 3D view hits: the first massing volume (or flat ground piece) along
the ray from the eye through the pixel.

The ray's shadow on the ground, from under the eye to where the ray meets the ground, is a 2D
segment; only zones it crosses can be hit (an STRtree query). Along each piece of the segment
inside a footprint the ray is inside that zone's prism once it has come down to the zone's height,
so the ray enters at max(piece start, where z = height); the rest of the zone is hit on the ground.
"""
from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import LineString, Point

from parkplanner.core.massing.scene import MassingScene

__all__ = ["pick_zone"]


def pick_zone(scene: MassingScene, eye, direction) -> int | None:
    """The id of the zone the ray ``eye + t·direction`` (t ≥ 0, scene coordinates: metres from
    ``scene.origin``, z up) meets first, or None."""
    if not scene.ground:
        return None
    o = np.asarray(eye, dtype=float)
    d = np.asarray(direction, dtype=float)
    if d[2] >= 0 or o[2] <= 0:
        return None  # looking up, or from below the ground: nothing to hit
    t_ground = -o[2] / d[2]
    ox, oy = scene.origin
    start = (o[0] + ox, o[1] + oy)
    end = (o[0] + t_ground * d[0] + ox, o[1] + t_ground * d[1] + oy)
    tree, ids = scene.spatial_index()
    flat = np.hypot(d[0], d[1]) * t_ground < 1e-6
    shadow = Point(end) if flat else LineString([start, end])
    best_t, best = np.inf, None
    for k in tree.query(shadow, predicate="intersects"):
        zone_id = int(ids[k])
        for geometry, height in ((scene.footprint[zone_id], scene.height[zone_id]), (scene.ground[zone_id], 0.0)):
            t_top = (height - o[2]) / d[2]
            if flat:
                entry = max(t_top, 0.0) if geometry.intersects(shadow) else None
            else:
                entry = _entry(geometry, shadow, start, d, t_top)
            if entry is not None and entry < best_t:
                best_t, best = entry, zone_id
    return best


def _entry(footprint, shadow: LineString, start, d, t_top: float) -> float | None:
    pieces = shapely.get_parts(shapely.intersection(footprint, shadow))
    first = None
    dxy2 = d[0] * d[0] + d[1] * d[1]
    for piece in pieces:
        xy = shapely.get_coordinates(piece)
        if not len(xy):
            continue
        t = ((xy[:, 0] - start[0]) * d[0] + (xy[:, 1] - start[1]) * d[1]) / dxy2
        t0, t1 = t.min(), t.max()
        entry = max(t0, t_top, 0.0)
        if entry <= t1 + 1e-9 and (first is None or entry < first):
            first = entry
    return first

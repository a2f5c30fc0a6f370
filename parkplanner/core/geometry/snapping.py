"""Snapping to vertices and edges of zones, the project boundary and context layers.

The tolerance is given in screen pixels and turned into metres with the view's pixel size, so
snapping feels the same at every zoom. A vertex within tolerance beats any edge.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import shapely
from shapely.geometry import Point

from parkplanner.core.events import Signal
from parkplanner.core.geometry.spatial_index import SpatialIndex
from parkplanner.core.model.project import Project

__all__ = ["SnapResult", "Snapper", "DEFAULT_SNAP_TOLERANCE_PX"]

DEFAULT_SNAP_TOLERANCE_PX = 10.0


@dataclass(frozen=True, slots=True)
class SnapResult:
    """The point to use; ``kind`` is "vertex", "edge" or None (not snapped).

    ``source`` says what was snapped to: "zone", "boundary", "context" or "extra" (points the
    tool passed in, e.g. the first vertex of the polygon being drawn); ``zone_id`` is set for zones.
    """

    point: tuple[float, float]
    kind: str | None = None
    source: str | None = None
    zone_id: int | None = None

    @property
    def snapped(self) -> bool:
        return self.kind is not None


class Snapper:
    def __init__(self, project: Project, index: SpatialIndex,
                 tolerance_px: float = DEFAULT_SNAP_TOLERANCE_PX, enabled: bool = True) -> None:
        self.project = project
        self.index = index
        self.tolerance_px = tolerance_px
        self._enabled = enabled
        #: Emitted (bool) when snapping is switched on or off.
        self.toggled = Signal()
        self._context_key: tuple | None = None
        self._context_tree: shapely.STRtree | None = None
        self._context_geoms = np.empty(0, dtype=object)

    @property
    def enabled(self) -> bool:
        return self._enabled

    @enabled.setter
    def enabled(self, value: bool) -> None:
        if bool(value) != self._enabled:
            self._enabled = bool(value)
            self.toggled.emit(self._enabled)

    def toggle(self) -> bool:
        self.enabled = not self._enabled
        return self._enabled

    def snap(self, x: float, y: float, pixel_size: float,
             exclude_zone_ids: Iterable[int] = frozenset(),
             extra_vertices: Iterable[tuple[float, float]] = ()) -> SnapResult:
        """Snap (x, y) to the nearest vertex, else the nearest edge, within the tolerance."""
        raw = SnapResult((float(x), float(y)))
        if not self._enabled:
            return raw
        tolerance = self.tolerance_px * pixel_size
        point = Point(x, y)
        geoms, sources, zone_ids = self._candidates(point, tolerance, frozenset(exclude_zone_ids))
        extra = np.asarray(list(extra_vertices), dtype=float).reshape(-1, 2)

        vertex = _nearest_vertex(geoms, extra, x, y, tolerance)
        if vertex is not None:
            n, xy = vertex
            if n < 0:
                return SnapResult(xy, "vertex", "extra")
            return SnapResult(xy, "vertex", sources[n], zone_ids[n])
        edge = _nearest_edge(geoms, point, tolerance)
        if edge is not None:
            n, xy = edge
            return SnapResult(xy, "edge", sources[n], zone_ids[n])
        return raw

    def _candidates(self, point: Point, tolerance: float, exclude: frozenset[int]):
        zones = self.index.zones()
        ids = [i for i in self.index.near(point, tolerance) if i not in exclude]
        geoms = [zones[i].geometry for i in ids]
        sources = ["zone"] * len(ids)
        zone_ids: list[int | None] = list(ids)
        boundary = self.project.boundary
        if boundary is not None and shapely.dwithin(boundary.boundary, point, tolerance):
            geoms.append(boundary)
            sources.append("boundary")
            zone_ids.append(None)
        for geom in self._context_near(point, tolerance):
            geoms.append(geom)
            sources.append("context")
            zone_ids.append(None)
        return geoms, sources, zone_ids

    def _context_near(self, point: Point, tolerance: float) -> list:
        layers = self.project.context_layers
        key = tuple(id(layer) for layer in layers)
        if key != self._context_key:
            geoms = [g for layer in layers for g in layer.geometries if g is not None and not g.is_empty]
            self._context_geoms = np.array(geoms, dtype=object)
            self._context_tree = shapely.STRtree(self._context_geoms) if geoms else None
            self._context_key = key
        if self._context_tree is None:
            return []
        hits = self._context_tree.query(point, predicate="dwithin", distance=tolerance)
        return list(self._context_geoms[hits])


def _nearest_vertex(geoms: list, extra: np.ndarray, x: float, y: float,
                    tolerance: float) -> tuple[int, tuple[float, float]] | None:
    """(candidate number or -1 for extra points, vertex) of the nearest vertex within tolerance."""
    coords, owner = (shapely.get_coordinates(geoms, return_index=True) if geoms
                     else (np.empty((0, 2)), np.empty(0, dtype=np.int64)))
    if len(extra):
        coords = np.vstack([coords, extra])
        owner = np.concatenate([owner, np.full(len(extra), -1)])
    if not len(coords):
        return None
    distances = np.hypot(coords[:, 0] - x, coords[:, 1] - y)
    best = int(np.argmin(distances))
    if distances[best] > tolerance:
        return None
    return int(owner[best]), (float(coords[best, 0]), float(coords[best, 1]))


def _nearest_edge(geoms: list, point: Point, tolerance: float) -> tuple[int, tuple[float, float]] | None:
    if not geoms:
        return None
    lines = np.array([shapely.boundary(g) if g.geom_type.endswith("Polygon") else g for g in geoms],
                     dtype=object)
    lineal = np.array([g.geom_type.endswith("LineString") for g in lines])
    if not lineal.any():
        return None
    candidates = np.flatnonzero(lineal)
    lines = lines[candidates]
    nearest = shapely.line_interpolate_point(lines, shapely.line_locate_point(lines, point))
    distances = shapely.distance(nearest, point)
    best = int(np.argmin(distances))
    if distances[best] > tolerance:
        return None
    return int(candidates[best]), (float(nearest[best].x), float(nearest[best].y))

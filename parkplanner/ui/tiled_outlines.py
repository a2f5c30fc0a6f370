"""Big problem outlines drawn into an image on a worker, one tile of the view per draw call.

A gap that is the whole street network of a 20,000-parcel plan is one polygon with 20,000 holes:
drawn as one path it is one QPainter call of ~80 ms, and PySide6 keeps the interpreter lock for a
Qt call, so even on a worker the GUI thread would wait that long. Here the view is cut into a grid
of tiles with about ``TILE_ELEMENTS`` path elements each. A tile's path holds the rings whose
bounds reach the tile (an outer ring and the holes near the tile: the holes elsewhere change no
pixel of it), drawn with the painter clipped to the tile, so the picture is that of the whole path
while no single call holds the lock for more than a few milliseconds. Rings are chosen by their
bounds with numpy, not cut by geometry: no new edges, and no GEOS pass over the polygon per tile.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
import shapely
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QImage, QPainter, QPainterPath, QPen

from parkplanner.ui.canvas.qpaths import polygon_rings, rings_path
from parkplanner.ui.canvas.viewport import Viewport

__all__ = ["polygon_parts", "draw_tiled", "TILE_ELEMENTS"]

#: Path elements per draw call: ~3 ms of rasterising on a loaded 2-core machine.
TILE_ELEMENTS = 8_000
#: Rings this many pixels outside a tile are drawn with it: their pen reaches into it.
_PAD_PX = 4.0
_POLYGON = 3


def polygon_parts(geometries) -> np.ndarray:
    """The polygons among ``geometries``: an overlap can come back as a collection with lines,
    and collections may hold multipolygons."""
    geoms = np.asarray(geometries, dtype=object)
    if geoms.size == 0:
        return geoms
    parts = shapely.get_parts(shapely.get_parts(geoms))
    return parts[shapely.get_type_id(parts) == _POLYGON]


def draw_tiled(image: QImage, view: Viewport, layers: list[tuple[np.ndarray, list[tuple[QPen, QBrush]]]],
               stop: Callable[[], bool] = lambda: False) -> bool:
    """Draw each layer's polygons (map coordinates) with each (pen, brush) in turn into ``image``
    (``view``'s size times its device pixel ratio), without antialiasing, tile by tile.

    Returns False when ``stop()`` said to give up (checked before each tile); the image is then
    partly drawn and must not be shown.
    """
    origin = (view.origin_x, view.origin_y)
    pad = _PAD_PX * view.pixel_size  # a ring just outside a tile still strokes into it
    minx, miny, maxx, maxy = view.map_extent()
    shown = [(_Rings(parts).near((minx - pad, miny - pad, maxx + pad, maxy + pad)), styles) for parts, styles in layers]
    columns, rows = _grid(sum(rings.vertices for rings, _ in shown), view.width, view.height)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for row in range(rows):
            for column in range(columns):
                if stop():
                    return False
                x0, x1 = view.width * column / columns, view.width * (column + 1) / columns
                y0, y1 = view.height * row / rows, view.height * (row + 1) / rows
                left, top = view.screen_to_map(x0, y0)
                right, bottom = view.screen_to_map(x1, y1)
                box = (left - pad, bottom - pad, right + pad, top + pad)
                painter.resetTransform()
                painter.setClipRect(QRectF(x0, y0, x1 - x0, y1 - y0))
                painter.setTransform(view.local_transform())
                for rings, styles in shown:
                    path = rings.near(box).path(origin)
                    if path.isEmpty():
                        continue
                    for pen, brush in styles:
                        painter.setPen(pen)
                        painter.setBrush(brush)
                        painter.drawPath(path)
    finally:
        painter.end()
    return True


class _Rings:
    """Oriented rings of polygons with their bounds; ``near`` keeps those reaching a box."""

    def __init__(self, parts: np.ndarray | None = None) -> None:
        if parts is None:
            return
        if parts.size:
            coords, vertex_ring, _geometry, _area = polygon_rings(parts)
        else:
            coords, vertex_ring = np.zeros((0, 2)), np.zeros(0, dtype=np.intp)
        self._set(coords, vertex_ring)

    def _set(self, coords: np.ndarray, vertex_ring: np.ndarray) -> None:
        self.coords, self.vertex_ring = coords, vertex_ring
        self.vertices = len(coords)
        if self.vertices == 0:
            self.starts = self.lengths = np.zeros(0, dtype=np.intp)
            self.bounds = np.zeros((0, 4))
            return
        firsts = np.flatnonzero(np.r_[True, vertex_ring[1:] != vertex_ring[:-1]])
        self.starts = firsts
        self.lengths = np.diff(np.r_[firsts, len(coords)])
        x, y = coords[:, 0], coords[:, 1]
        self.bounds = np.column_stack((np.minimum.reduceat(x, firsts), np.minimum.reduceat(y, firsts),
                                       np.maximum.reduceat(x, firsts), np.maximum.reduceat(y, firsts)))

    def near(self, box: tuple[float, float, float, float]) -> "_Rings":
        b = self.bounds
        keep = np.flatnonzero((b[:, 2] >= box[0]) & (b[:, 0] <= box[2]) & (b[:, 3] >= box[1]) & (b[:, 1] <= box[3]))
        lengths = self.lengths[keep]
        # The vertices of the kept rings, ring after ring.
        offsets = np.repeat(self.starts[keep] - (np.cumsum(lengths) - lengths), lengths)
        take = offsets + np.arange(int(lengths.sum()))
        out = _Rings()
        out._set(self.coords[take], self.vertex_ring[take])
        return out

    def path(self, origin) -> QPainterPath:
        return rings_path(self.coords, self.vertex_ring, origin)


def _grid(elements: int, width: int, height: int) -> tuple[int, int]:
    """Columns and rows of about square tiles, enough for ``TILE_ELEMENTS`` per tile."""
    tiles = max(1, math.ceil(elements / TILE_ELEMENTS))
    columns = max(1, round(math.sqrt(tiles * width / max(1, height))))
    rows = max(1, math.ceil(tiles / columns))
    return columns, rows

"""Big problem outlines drawn into an image on a worker, one tile of the view per draw call.

A gap that is the whole street network of a 20,000-parcel plan is one polygon with 20,000 holes:
drawn as one path it is one QPainter call of ~80 ms, and PySide6 keeps the interpreter lock for a
Qt call, so even on a worker the GUI thread would wait that long. Here the view is cut into a grid
of tiles with about ``TILE_ELEMENTS`` path elements each; the polygons are clipped to each tile
(shapely's vectorised clip releases the lock) and drawn with the painter clipped to the tile, so
the edges the clip adds lie outside what is drawn and the picture is that of the whole path,
while no single call holds the lock for more than a few milliseconds.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
import shapely
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QImage, QPainter, QPainterPath, QPen

from parkplanner.ui.canvas.qpaths import polygons_path
from parkplanner.ui.canvas.viewport import Viewport

__all__ = ["polygon_parts", "draw_tiled", "TILE_ELEMENTS"]

#: Path elements per draw call: ~3 ms of rasterising on a loaded 2-core machine.
TILE_ELEMENTS = 8_000
#: Clipped polygons reach this many pixels past their tile, so the edges the clip adds (and the
#: pen's width along them) fall outside the tile's painter clip.
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
    pad = _PAD_PX * view.pixel_size
    minx, miny, maxx, maxy = view.map_extent()
    # Only what the view shows is tiled: one clip of every polygon to the padded view first.
    shown = [(_clipped(parts, (minx - pad, miny - pad, maxx + pad, maxy + pad)), styles) for parts, styles in layers]
    elements = sum(int(shapely.get_num_coordinates(parts).sum()) for parts, _ in shown)
    columns, rows = _grid(elements, view.width, view.height)
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
                for parts, styles in shown:
                    path = _tile_path(parts, box, origin)
                    if path.isEmpty():
                        continue
                    for pen, brush in styles:
                        painter.setPen(pen)
                        painter.setBrush(brush)
                        painter.drawPath(path)
    finally:
        painter.end()
    return True


def _clipped(parts: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    if parts.size == 0:
        return parts
    near = parts[shapely.intersects(parts, shapely.box(*box))]
    return polygon_parts(shapely.clip_by_rect(near, *box)) if near.size else near


def _tile_path(parts: np.ndarray, box: tuple[float, float, float, float], origin) -> QPainterPath:
    tile = _clipped(parts, box)
    return polygons_path(tile, origin) if tile.size else QPainterPath()


def _grid(elements: int, width: int, height: int) -> tuple[int, int]:
    """Columns and rows of about square tiles, enough for ``TILE_ELEMENTS`` per tile."""
    tiles = max(1, math.ceil(elements / TILE_ELEMENTS))
    columns = max(1, round(math.sqrt(tiles * width / max(1, height))))
    rows = max(1, math.ceil(tiles / columns))
    return columns, rows

"""Base maps on the canvas: drawn first into the layer image beneath context layers and zones,
by the render job's worker, at the pyramid level closest to the screen's pixels.

Decoded tiles are kept (a few hundred, ~256 KB each) so panning redraws from memory; the cache
is shared by render jobs, hence the lock. Opacity and greyscale are per base map.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict

from PySide6.QtGui import QImage, QPainter

from parkplanner.core.io.basemap_parking import locate
from parkplanner.core.io.basemap_view import pick_level, pyramid_of, read_tiles, tiles_in_view
from parkplanner.core.model.basemap import BaseMap
from parkplanner.core.model.project import Project

__all__ = ["BaseMapPainter"]

#: Decoded tiles kept across frames: ~64 MB at 256 x 256 ARGB.
_CACHE_TILES = 256


class _TileCache:
    def __init__(self) -> None:
        self._images: OrderedDict[tuple, QImage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> QImage | None:
        with self._lock:
            image = self._images.get(key)
            if image is not None:
                self._images.move_to_end(key)
            return image

    def put(self, key: tuple, image: QImage) -> None:
        with self._lock:
            self._images[key] = image
            while len(self._images) > _CACHE_TILES:
                self._images.popitem(last=False)


_cache = _TileCache()


class BaseMapPainter:
    """The project's visible base maps, bottom first; immutable, replaced when they change."""

    def __init__(self, project: Project) -> None:
        self.source = project.basemaps
        self._shown: tuple[BaseMap, ...] = tuple(b for b in project.basemaps if b.visible and b.opacity > 0)

    def __bool__(self) -> bool:
        return bool(self._shown)

    def extent(self) -> tuple[float, float, float, float] | None:
        out = None
        for basemap in self._shown:
            try:
                b = pyramid_of(*locate(basemap)).data_bounds
            except (OSError, ValueError, sqlite3.Error):
                continue
            out = b if out is None else (min(out[0], b[0]), min(out[1], b[1]), max(out[2], b[2]), max(out[3], b[3]))
        return out

    def paint(self, painter: QPainter, viewport, cancelled=lambda: False, resolution: float | None = None) -> None:
        """Draw the tiles in view; the painter is in screen (logical pixel) coordinates.

        ``resolution`` is device pixels per logical pixel (the device's own ratio by default; a
        print figure recorded in logical units passes its dpi scale, so it gets sharper tiles).
        """
        ratio = resolution or (painter.device().devicePixelRatio() if painter.device() is not None else 1.0)
        for basemap in self._shown:
            if cancelled():
                return
            source, table = locate(basemap)  # once: a save may move the tiles meanwhile
            try:
                pyramid = pyramid_of(source, table)
            except (OSError, ValueError, sqlite3.Error):  # a staging file gone, a damaged table: nothing to draw
                continue
            level = pick_level(pyramid, viewport.pixel_size / max(ratio, 1.0))
            if level is None:
                continue
            try:  # a save replaces the file: tiles cached from the old one may have moved tables
                version = os.stat(source).st_mtime_ns
            except OSError:
                continue
            prefix = (source, version, table, basemap.greyscale)
            tiles = tiles_in_view(pyramid, level, viewport.map_extent())
            images = {t: _cache.get(prefix + (t.zoom, t.column, t.row)) for t in tiles}
            missing = [t for t, image in images.items() if image is None]
            try:
                encoded = read_tiles(source, table, missing)
            except (OSError, sqlite3.Error):
                encoded = {}
            painter.save()
            painter.setOpacity(basemap.opacity)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            for tile, image in images.items():
                key = (tile.zoom, tile.column, tile.row)
                if image is None and key in encoded:
                    image = _decoded(encoded[key], basemap.greyscale)
                    if image is not None:
                        _cache.put(prefix + key, image)
                if image is not None:
                    painter.drawImage(viewport.screen_rect_of(tile.bounds), image)
            painter.restore()


def _decoded(data: bytes, greyscale: bool) -> QImage | None:
    image = QImage.fromData(data)
    if image.isNull():
        return None
    if greyscale:
        grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
        if image.hasAlphaChannel():  # keep the transparent corners of a warped image transparent
            grey = grey.convertToFormat(QImage.Format.Format_ARGB32)
            grey.setAlphaChannel(image.convertToFormat(QImage.Format.Format_Alpha8))
        image = grey
    return image

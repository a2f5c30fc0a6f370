"""Zone sets drawn over the cached map: the selection, the hovered zone, flagged zones.

Each overlay keeps one path of its zones, rebuilt only when its ids change or an edit touches
one of them. A few zones are drawn straight onto every frame. A large set (Ctrl+A on 20,000
zones) would cost seconds per frame that way, so it is rendered once into its own transparent
image for the view of the canvas's cached map and moved/scaled with it while panning, exactly
like the map; it is redrawn when the map is (the view settles) or when the set changes.
"""
from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QImage, QPainter, QPainterPath, QPen

from parkplanner.ui.canvas.qpaths import polygons_path
from parkplanner.ui.canvas.styles import cosmetic_pen
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.canvas.zone_layer import ZoneLayer

__all__ = ["ZoneOverlay", "DIRECT_LIMIT", "clear_view_image"]

#: Up to this many zones an overlay is drawn directly, antialiased, with its own pen.
DIRECT_LIMIT = 300


class ZoneOverlay:
    def __init__(self, pen: QPen, brush: QBrush | None = None) -> None:
        self.pen = pen
        self.brush = brush
        # Big sets: a 1 px cosmetic pen (Qt's fast line stroker) in the same colour.
        self._bulk_pen = cosmetic_pen(pen.color(), 1.0, pen.style())
        self.ids: frozenset[int] = frozenset()
        self._path: QPainterPath | None = None
        self._image: QImage | None = None
        self._image_view: Viewport | None = None

    def set(self, ids: Iterable[int]) -> bool:
        """Show ``ids``; returns whether that changed anything."""
        ids = frozenset(ids)
        if ids == self.ids:
            return False
        self.ids = ids
        self._forget()
        return True

    def touched(self, zone_ids: Iterable[int] | None) -> None:
        """Zones changed (None: possibly all of them): rebuild the path if any is ours."""
        if zone_ids is None or self.ids & frozenset(zone_ids):
            self._forget()

    def _forget(self) -> None:
        self._path = None
        self._image_view = None

    def _zones_path(self, layer: ZoneLayer) -> QPainterPath:
        if self._path is None:
            geometries = [layer.zone(i).geometry for i in self.ids if i in layer]
            self._path = polygons_path(geometries, layer.origin)
        return self._path

    def paint(self, painter: QPainter, layer: ZoneLayer | None, view: Viewport,
              map_view: Viewport | None = None, ratio: float = 1.0) -> None:
        """Draw on ``view``; ``map_view`` is the view the canvas's cached map was rendered for."""
        if not self.ids or layer is None:
            return
        if len(self.ids) <= DIRECT_LIMIT or map_view is None:
            self._draw(painter, layer, view, self.pen, True)
            return
        if self._image_view != map_view or self._image is None:
            self._render_image(layer, map_view, ratio)
        if map_view == view:
            painter.drawImage(QPointF(0, 0), self._image)
        else:
            painter.drawImage(view.rect_of_view(map_view), self._image, QRectF(self._image.rect()))

    def _draw(self, painter: QPainter, layer: ZoneLayer, view: Viewport, pen: QPen, antialias: bool) -> None:
        painter.save()
        painter.setTransform(view.local_transform(), True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialias)
        painter.setPen(pen)
        painter.setBrush(self.brush if self.brush is not None else Qt.BrushStyle.NoBrush)
        painter.drawPath(self._zones_path(layer))
        painter.restore()

    def _render_image(self, layer: ZoneLayer, view: Viewport, ratio: float) -> None:
        self._image = clear_view_image(self._image, view, ratio)
        painter = QPainter(self._image)
        self._draw(painter, layer, view, self._bulk_pen, False)
        painter.end()
        self._image_view = view


def clear_view_image(image: QImage | None, view: Viewport, ratio: float) -> QImage:
    """A transparent image covering ``view`` at device pixel ratio ``ratio`` for an overlay to
    render into: ``image`` itself when its size still fits (no reallocation per redraw)."""
    size = (int(view.width * ratio), int(view.height * ratio))
    if image is None or (image.width(), image.height()) != size:
        image = QImage(size[0], size[1], QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(0)
    return image

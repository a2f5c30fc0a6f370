"""Zone sets drawn over the cached map every frame: the selection, the hovered zone, flagged zones.

Each overlay keeps one path of its zones, rebuilt only when its ids change or an edit touches
one of them, so a frame draws it with one call.
"""
from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen

from parkplanner.ui.canvas.qpaths import polygons_path
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.canvas.zone_layer import ZoneLayer

__all__ = ["ZoneOverlay"]

#: Overlays bigger than this are drawn without antialiasing (Ctrl+A on 100,000 zones).
AA_LIMIT = 2000


class ZoneOverlay:
    def __init__(self, pen: QPen, brush: QBrush | None = None) -> None:
        self.pen = pen
        self.brush = brush
        self.ids: frozenset[int] = frozenset()
        self._path: QPainterPath | None = None

    def set(self, ids: Iterable[int]) -> bool:
        """Show ``ids``; returns whether that changed anything."""
        ids = frozenset(ids)
        if ids == self.ids:
            return False
        self.ids, self._path = ids, None
        return True

    def touched(self, zone_ids: Iterable[int] | None) -> None:
        """Zones changed (None: possibly all of them): rebuild the path if any is ours."""
        if zone_ids is None or self.ids & frozenset(zone_ids):
            self._path = None

    def paint(self, painter: QPainter, layer: ZoneLayer | None, viewport: Viewport) -> None:
        if not self.ids or layer is None:
            return
        if self._path is None:
            geometries = [layer.zone(i).geometry for i in self.ids if i in layer]
            self._path = polygons_path(geometries, layer.origin)
        painter.save()
        painter.setTransform(viewport.local_transform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(self.ids) <= AA_LIMIT)
        painter.setPen(self.pen)
        painter.setBrush(self.brush if self.brush is not None else Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.restore()

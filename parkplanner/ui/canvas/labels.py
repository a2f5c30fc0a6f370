"""Zone labels: the name (or, when the name does not fit, the code) of each zone large enough on screen.

Level of detail: only zones wider than ``MIN_ZONE_PX`` are even considered (a vectorised test
over tile arrays), so zoomed-out views of 100,000 zones cost nothing here. Larger zones are
placed first and a label that would overlap a placed one is dropped, so the map never clutters.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.canvas.zone_layer import Bounds, ZoneLayer

__all__ = ["LabelPlacer", "PlacedLabel", "MIN_ZONE_PX", "MAX_LABELS"]

#: A zone narrower than this on screen gets no label.
MIN_ZONE_PX = 46.0
#: More labels than this at once is clutter and wasted time.
MAX_LABELS = 600


class PlacedLabel:
    __slots__ = ("zone_id", "text", "rect", "anchor")

    def __init__(self, zone_id: int, text: str, rect: QRectF, anchor: QPointF) -> None:
        self.zone_id, self.text, self.rect, self.anchor = zone_id, text, rect, anchor


class LabelPlacer:
    """Places and draws labels; remembers each zone's label point until its zone changes."""

    def __init__(self) -> None:
        self.font = styles.label_font()
        self._metrics = QFontMetricsF(self.font)
        self._anchors: dict[int, tuple[object, tuple[float, float]]] = {}
        self._widths: dict[str, float] = {}

    def clear(self) -> None:
        self._anchors.clear()

    def forget(self, zone_ids) -> None:
        for zone_id in zone_ids:
            self._anchors.pop(zone_id, None)

    def _anchor(self, zone) -> tuple[float, float]:
        cached = self._anchors.get(zone.id)
        if cached is not None and cached[0] is zone.geometry:
            return cached[1]
        # point_on_surface stays inside L- and U-shaped zones, where the centroid may not.
        point = shapely.point_on_surface(zone.geometry)
        xy = (point.x, point.y)
        self._anchors[zone.id] = (zone.geometry, xy)
        return xy

    def place(self, layer: ZoneLayer, viewport: Viewport, reserved: Iterable[QRectF] = ()) -> list[PlacedLabel]:
        """Labels for the zones in view, clear of each other and of the ``reserved`` rectangles."""
        return self.place_candidates(self.candidates(layer, viewport), viewport, reserved)

    @staticmethod
    def candidates(layer: ZoneLayer, viewport: Viewport) -> list[tuple[float, object, Bounds]]:
        """(area of bounds, zone, bounds) of the zones large enough for a label, largest first.

        Read from the layer on the GUI thread; the zones are immutable, so a render job can place
        their labels on a worker while the planner keeps editing.
        """
        ids = layer.zones_in(viewport.map_extent(), MIN_ZONE_PX * viewport.pixel_size)
        out = []
        for zone_id in ids.tolist():
            b = layer.zone_bounds(zone_id)
            out.append(((b[2] - b[0]) * (b[3] - b[1]), zone_id, layer.zone(zone_id), b))
        out.sort(key=lambda c: (c[0], c[1]), reverse=True)
        return [(area, zone, b) for area, _, zone, b in out]

    def place_candidates(self, candidates: list[tuple[float, object, Bounds]], viewport: Viewport,
                         reserved: Iterable[QRectF] = ()) -> list[PlacedLabel]:
        """Place the labels of ``candidates`` (from :meth:`candidates`) on any thread."""
        if not candidates:
            return []
        pixel = viewport.pixel_size
        placed: list[PlacedLabel] = []
        occupied = _Occupancy()
        for rect in reserved:
            occupied.claim(rect)
        height = self._metrics.height()
        view_rect = QRectF(0, 0, viewport.width, viewport.height)
        for _, zone, b in candidates:
            room_w, room_h = (b[2] - b[0]) / pixel - 6, (b[3] - b[1]) / pixel - 4
            if height > room_h:
                continue
            # The name when it fits, else the land-use code (as on a regulatory plan's parcels).
            x, y = self._anchor(zone)
            anchor = viewport.map_to_screen(x, y)
            for text in dict.fromkeys((zone.name.strip(), zone.code)):
                width = self._width(text) if text else room_w + 1
                if width > room_w:
                    continue
                rect = QRectF(anchor.x() - width / 2.0 - 2, anchor.y() - height / 2.0 - 1, width + 4, height + 2)
                if _inside(zone.geometry, rect, viewport):
                    break
            else:
                continue  # no label fits inside this zone (long thin zones, odd shapes)
            if not view_rect.contains(rect) or not occupied.claim(rect):
                continue  # half a label at the map's edge reads as a different word
            placed.append(PlacedLabel(zone.id, text, rect, anchor))
            if len(placed) >= MAX_LABELS:
                break
        return placed

    def _width(self, text: str) -> float:
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = self._metrics.horizontalAdvance(text)
        return width

    def paint(self, painter: QPainter, labels: list[PlacedLabel], clip: QRectF | None = None) -> None:
        """Draw labels as dark text with a light halo, legible on any land-use colour.

        The halo is the text drawn in white at eight one-pixel offsets: glyphs come from Qt's
        glyph cache, which is ~40x faster than stroking the outline of a text path.
        """
        shown = [label for label in labels if clip is None or clip.intersects(label.rect)]
        if not shown:
            return
        painter.save()
        painter.resetTransform()
        painter.setFont(self.font)
        descent = self._metrics.descent()
        baselines = [(QPointF(label.rect.left() + 2, label.rect.bottom() - 1 - descent), label.text)
                     for label in shown]
        painter.setPen(QColor(255, 255, 255, 235))
        for dx, dy in _HALO_OFFSETS:
            for point, text in baselines:
                painter.drawText(point + QPointF(dx, dy), text)
        painter.setPen(QColor(30, 30, 30))
        for point, text in baselines:
            painter.drawText(point, text)
        painter.restore()


def _inside(geometry, rect: QRectF, viewport: Viewport) -> bool:
    """Whether the label rectangle's corners and side midpoints all lie inside the zone."""
    xs = np.array([rect.left(), rect.center().x(), rect.right()] * 2 + [rect.left(), rect.right()])
    ys = np.array([rect.top()] * 3 + [rect.bottom()] * 3 + [rect.center().y()] * 2)
    mx = viewport.center_x + (xs - viewport.width / 2.0) * viewport.pixel_size
    my = viewport.center_y - (ys - viewport.height / 2.0) * viewport.pixel_size
    return bool(shapely.contains_xy(geometry, mx, my).all())


class _Occupancy:
    """Placed label rectangles bucketed by screen cell, so a collision test looks at neighbours only."""

    CELL = 64.0

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[QRectF]] = {}

    def _keys(self, rect: QRectF):
        c = self.CELL
        for i in range(int(rect.left() // c), int(rect.right() // c) + 1):
            for j in range(int(rect.top() // c), int(rect.bottom() // c) + 1):
                yield (i, j)

    def claim(self, rect: QRectF) -> bool:
        """Take ``rect`` if it overlaps no placed rectangle; returns whether it was free."""
        keys = list(self._keys(rect))
        for key in keys:
            for other in self._cells.get(key, ()):
                if rect.intersects(other):
                    return False
        for key in keys:
            self._cells.setdefault(key, []).append(rect)
        return True


_HALO_OFFSETS = ((-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1))

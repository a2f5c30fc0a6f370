"""Draws the active tool's Preview (rubber band, handles, snap marker, selection box) in screen space.

A preview holds a handful of points, so it is drawn point by point on every frame, on top of
the cached map image; nothing of it ever enters the cache.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from parkplanner.interaction.tool import Preview
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.viewport import Viewport

__all__ = ["paint_preview"]

_ACCENT = QColor("#E0301E")
_RUBBER_FILL = QColor(224, 48, 30, 45)
_HANDLE = 7.0
_SNAP_COLOUR = QColor("#D4008F")


def _screen_polygon(viewport: Viewport, points) -> QPolygonF:
    return QPolygonF([viewport.map_to_screen(x, y) for x, y in points])


def paint_preview(painter: QPainter, viewport: Viewport, preview: Preview) -> None:
    painter.save()
    painter.resetTransform()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    edge_pen = styles.cosmetic_pen(_ACCENT, 1.8)
    if preview.box is not None:
        x0, y0, x1, y1 = preview.box
        rect = QRectF(viewport.map_to_screen(x0, y1), viewport.map_to_screen(x1, y0)).normalized()
        painter.setPen(styles.cosmetic_pen(QColor("#0078D7"), 1.2, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(0, 120, 215, 35))
        painter.drawRect(rect)
    for ring in preview.rings:
        if len(ring) >= 2:
            painter.setPen(edge_pen)
            painter.setBrush(_RUBBER_FILL)
            painter.drawPolygon(_screen_polygon(viewport, ring))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for line in preview.lines:
        if len(line) >= 2:
            painter.setPen(styles.cosmetic_pen(_ACCENT, 1.6, Qt.PenStyle.DashLine))
            painter.drawPolyline(_screen_polygon(viewport, line))
    painter.setPen(QPen(QColor(40, 40, 40), 1.0))
    painter.setBrush(QColor("white"))
    half = _HANDLE / 2.0
    for x, y in preview.handles:
        p = viewport.map_to_screen(x, y)
        painter.drawRect(QRectF(p.x() - half, p.y() - half, _HANDLE, _HANDLE))
    if preview.highlighted is not None:
        p = viewport.map_to_screen(*preview.highlighted)
        painter.setBrush(_ACCENT)
        painter.drawRect(QRectF(p.x() - half - 1, p.y() - half - 1, _HANDLE + 2, _HANDLE + 2))
    if preview.snap_point is not None:
        _paint_snap(painter, viewport.map_to_screen(*preview.snap_point), preview.snap_kind)
    if preview.measure_text:
        anchor = _measure_anchor(viewport, preview)
        if anchor is not None:
            _paint_note(painter, anchor + QPointF(14, 18), preview.measure_text)
    painter.restore()


def _paint_snap(painter: QPainter, p: QPointF, kind: str | None) -> None:
    """A circle for a vertex snap, a diamond for an edge snap (QGIS's convention)."""
    painter.setPen(styles.cosmetic_pen(_SNAP_COLOUR, 2.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if kind == "edge":
        painter.drawPolygon(QPolygonF([p + QPointF(0, -7), p + QPointF(7, 0), p + QPointF(0, 7), p + QPointF(-7, 0)]))
    else:
        painter.drawEllipse(p, 6.5, 6.5)


def _measure_anchor(viewport: Viewport, preview: Preview) -> QPointF | None:
    if preview.snap_point is not None:
        return viewport.map_to_screen(*preview.snap_point)
    for group in (preview.lines, preview.rings):
        if group and group[-1]:
            return viewport.map_to_screen(*group[-1][-1])
    return None


def _paint_note(painter: QPainter, at: QPointF, text: str) -> None:
    font = styles.label_font(8.5)
    metrics = QFontMetricsF(font)
    lines = text.splitlines() or [text]
    width = max(metrics.horizontalAdvance(line) for line in lines) + 10
    rect = QRectF(at.x(), at.y(), width, metrics.height() * len(lines) + 6)
    painter.setPen(QPen(QColor(90, 90, 90), 1))
    painter.setBrush(QBrush(QColor(255, 255, 240, 235)))
    painter.drawRoundedRect(rect, 3, 3)
    painter.setFont(font)
    painter.setPen(QColor(30, 30, 30))
    painter.drawText(rect.adjusted(5, 3, -5, -3), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)

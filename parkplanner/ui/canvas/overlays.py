"""Map furniture drawn in screen space on top of the map: a scale bar and a north arrow.

The canvas shows a projected CRS with grid north up and no rotation, so the arrow always
points up; the scale bar picks a round length (1, 2 or 5 x 10^k m) near ``TARGET_BAR_PX``.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from parkplanner.ui.canvas import styles

__all__ = ["nice_scale_length", "format_distance", "paint_scale_bar", "paint_north_arrow", "TARGET_BAR_PX"]

TARGET_BAR_PX = 120.0
_INK = QColor(45, 45, 45)
_PANEL = QColor(255, 255, 255, 205)


def nice_scale_length(pixel_size: float, target_px: float = TARGET_BAR_PX) -> float:
    """The round map length (metres) whose bar is closest to, and not longer than, ``target_px``."""
    raw = max(pixel_size * target_px, 1e-9)
    exponent = math.floor(math.log10(raw))
    for step in (5.0, 2.0, 1.0):
        length = step * 10.0 ** exponent
        if length <= raw:
            return length
    return 10.0 ** exponent


def format_distance(metres: float) -> str:
    if metres >= 1000.0:
        km = metres / 1000.0
        return f"{km:g} km"
    if metres >= 1.0:
        return f"{metres:g} m"
    return f"{metres * 100:g} cm"


def _begin_panel(painter: QPainter, box: QRectF) -> None:
    """Save the painter, switch to screen pixels and draw the light rounded panel under a piece
    of map furniture (legible over any land-use colour). The caller restores the painter."""
    painter.save()
    painter.resetTransform()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_PANEL)
    painter.drawRoundedRect(box, 4, 4)


def paint_scale_bar(painter: QPainter, pixel_size: float, width: int, height: int) -> QRectF:
    """A two-segment bar in the lower-left corner; returns the rectangle it covers."""
    length = nice_scale_length(pixel_size)
    bar_px = length / pixel_size
    font = styles.label_font(8.0)
    metrics = QFontMetricsF(font)
    text = format_distance(length)
    box = QRectF(10, height - 44, bar_px + metrics.horizontalAdvance(text) + 30, 34)
    _begin_panel(painter, box)
    x0, y0 = box.left() + 10, box.bottom() - 12
    half = bar_px / 2.0
    painter.setPen(QPen(_INK, 1))
    painter.setBrush(_INK)
    painter.drawRect(QRectF(x0, y0 - 5, half, 5))
    painter.setBrush(QColor("white"))
    painter.drawRect(QRectF(x0 + half, y0 - 5, half, 5))
    painter.setFont(font)
    painter.drawText(QPointF(x0 - 3, y0 - 9), "0")
    painter.drawText(QPointF(x0 + bar_px - metrics.horizontalAdvance(text) / 2.0, y0 - 9), text)
    painter.restore()
    return box


def paint_north_arrow(painter: QPainter, width: int, height: int) -> QRectF:
    """A half-filled arrow with an N above it in the upper-right corner."""
    box = QRectF(width - 50, 12, 38, 58)
    cx, top, bottom = box.center().x(), box.top() + 20, box.bottom() - 6
    _begin_panel(painter, box)
    left = QPolygonF([QPointF(cx, top), QPointF(cx - 9, bottom), QPointF(cx, bottom - 8)])
    right = QPolygonF([QPointF(cx, top), QPointF(cx + 9, bottom), QPointF(cx, bottom - 8)])
    painter.setPen(QPen(_INK, 1))
    painter.setBrush(_INK)
    painter.drawPolygon(left)
    painter.setBrush(QColor("white"))
    painter.drawPolygon(right)
    font = styles.label_font(10.0, bold=True)
    painter.setFont(font)
    painter.setPen(_INK)
    painter.drawText(QRectF(box.left(), box.top() + 2, box.width(), 18), Qt.AlignmentFlag.AlignCenter, "N")
    painter.restore()
    return box


"""Toolbar icons for the canvas tools, drawn with QPainter so they need no image files and stay
crisp at any device pixel ratio. Each is a small sketch of what the tool does to a zone."""
from __future__ import annotations

from functools import cache
from typing import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

__all__ = ["tool_icon", "ICON_SIZE"]

ICON_SIZE = 24
_INK = QColor(50, 50, 55)
_ACCENT = QColor("#E0301E")
_FILL = QColor(230, 190, 120)


def _pen(color: QColor, width: float = 1.6, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(color, width, style)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _poly(*points: tuple[float, float]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])


def _handles(p: QPainter, *points: tuple[float, float]) -> None:
    p.setPen(_pen(_INK, 1.0))
    p.setBrush(QColor("white"))
    for x, y in points:
        p.drawRect(QRectF(x - 2, y - 2, 4, 4))


def _select(p: QPainter) -> None:
    p.setPen(_pen(_INK, 1.2))
    p.setBrush(QColor("white"))
    p.drawPolygon(_poly((6, 3), (6, 19), (10, 15), (13, 21), (15.5, 20), (12.5, 14), (18, 14)))


def _draw_polygon(p: QPainter) -> None:
    shape = _poly((4, 18), (7, 5), (19, 7), (20, 19))
    p.setPen(_pen(_ACCENT))
    p.setBrush(QColor(224, 48, 30, 50))
    p.drawPolygon(shape)
    _handles(p, (4, 18), (7, 5), (19, 7), (20, 19))


def _rectangle(p: QPainter) -> None:
    p.setPen(_pen(_ACCENT))
    p.setBrush(QColor(224, 48, 30, 50))
    p.drawRect(QRectF(4, 6, 16, 12))
    _handles(p, (4, 6), (20, 18))


def _edit_vertices(p: QPainter) -> None:
    p.setPen(_pen(_INK, 1.2))
    p.setBrush(_FILL)
    p.drawPolygon(_poly((4, 19), (5, 6), (13, 9), (20, 4), (19, 19)))
    _handles(p, (4, 19), (5, 6), (20, 4), (19, 19))
    p.setPen(_pen(_ACCENT, 1.0))
    p.setBrush(_ACCENT)
    p.drawRect(QRectF(11, 7, 4, 4))


def _split(p: QPainter) -> None:
    p.setPen(_pen(_INK, 1.2))
    p.setBrush(_FILL)
    p.drawRect(QRectF(4, 5, 16, 14))
    p.setPen(_pen(_ACCENT, 1.8, Qt.PenStyle.DashLine))
    p.drawLine(QPointF(9, 2), QPointF(15, 22))


def _measure(p: QPainter) -> None:
    p.setPen(_pen(_INK, 1.2))
    p.setBrush(QColor(250, 235, 160))
    p.save()
    p.translate(12, 12)
    p.rotate(-35)
    p.drawRect(QRectF(-10, -3.5, 20, 7))
    for x in range(-7, 8, 3):
        p.drawLine(QPointF(x, -3.5), QPointF(x, -0.5 if x % 2 else 0.5))
    p.restore()


_PAINTERS: dict[str, Callable[[QPainter], None]] = {
    "select": _select, "draw_polygon": _draw_polygon, "rectangle": _rectangle,
    "edit_vertices": _edit_vertices, "split": _split, "measure": _measure,
}


@cache  # the same sketches for every document's tools (drawn again at each open, they were ~5 ms)
def tool_icon(name: str, ratio: float = 2.0) -> QIcon:
    """The icon of tool ``name`` (an empty icon for tools without a sketch)."""
    painter_fn = _PAINTERS.get(name)
    if painter_fn is None:
        return QIcon()
    pixmap = QPixmap(int(ICON_SIZE * ratio), int(ICON_SIZE * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter_fn(painter)
    painter.end()
    return QIcon(pixmap)

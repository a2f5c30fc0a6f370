"""Antialiased lines a little wider than a pixel, drawn at the speed of one-pixel lines.

Qt's raster engine has a fast stroker for cosmetic pens up to one pixel wide. A wider
antialiased pen goes through the general stroker and rasterizer, which slow down badly on
shapes spanning the whole image (they rasterize in bands, each re-reading the whole path):
the 2 px streets of a context layer took ~55 ms a frame, the dashed 2.2 px site boundary and
phase outlines ~25 ms each, against ~3 ms for the same paths at one pixel (1600x1000, measured
on the reference VM). Every new view pays this, and a render job holds the interpreter lock for
the whole of one such call, which the GUI thread then waits for.

So a cosmetic pen of width w (1 < w <= ``MAX_SPLIT_WIDTH``) is drawn as four one-pixel copies
shifted (w - 1) / 2 device pixels left, right, up and down: a line w pixels wide across any
horizontal or vertical run (a little narrower on diagonals), with soft edges and the wide pen's
dash lengths. Copies overlap in
the middle, so a translucent pen's alpha is lowered to keep the middle at the pen's own opacity.
Wider pens (print figures scale pens by dpi / 96) keep Qt's own stroker.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QTransform

__all__ = ["stroke_path", "MAX_SPLIT_WIDTH"]

#: Above this width four one-pixel copies no longer make a solid line.
MAX_SPLIT_WIDTH = 3.0


def stroke_path(painter: QPainter, path: QPainterPath, pen: QPen) -> None:
    """Stroke ``path`` with ``pen`` (the painter's brush is left alone: set NoBrush first)."""
    width = pen.widthF()
    if not (pen.isCosmetic() and 1.0 < width <= MAX_SPLIT_WIDTH
            and painter.testRenderHint(QPainter.RenderHint.Antialiasing)):
        painter.setPen(pen)
        painter.drawPath(path)
        return
    thin = QPen(pen)
    thin.setWidthF(1.0)
    if pen.style() not in (Qt.PenStyle.SolidLine, Qt.PenStyle.NoPen):
        # Dash lengths are in pen widths: keep the wide pen's dashes on the one-pixel copies.
        thin.setDashPattern([length * width for length in pen.dashPattern()])
        thin.setDashOffset(pen.dashOffset() * width)
    colour = QColor(pen.color())
    if colour.alphaF() < 1.0:
        # Two copies lie on the middle of a horizontal or vertical run and the other two partly:
        # about three layers, 1 - (1 - a')^3 = a.
        colour.setAlphaF(1.0 - (1.0 - colour.alphaF()) ** (1.0 / 3.0))
        thin.setColor(colour)
    shift = (width - 1.0) / 2.0
    base = painter.transform()
    painter.setPen(thin)
    for dx, dy in ((-shift, 0.0), (shift, 0.0), (0.0, -shift), (0.0, shift)):
        painter.setTransform(base * QTransform.fromTranslate(dx, dy))
        painter.drawPath(path)
    painter.setTransform(base)

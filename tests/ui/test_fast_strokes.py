"""Wide cosmetic lines drawn as one-pixel copies keep the pen's width, dashes and opacity."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath

from parkplanner.ui.canvas.fast_strokes import stroke_path
from parkplanner.ui.canvas.styles import cosmetic_pen


def _draw(pen, y: float = 20.5) -> QImage:
    image = QImage(200, 40, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    path = QPainterPath()
    path.moveTo(10, y)
    path.lineTo(190, y)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    stroke_path(painter, path, pen)
    painter.end()
    return image


def _column_alpha(image: QImage, x: int) -> list[float]:
    return [image.pixelColor(x, y).alphaF() for y in range(image.height())]


@pytest.mark.parametrize("width", [1.6, 2.2, 3.0])
def test_a_horizontal_line_is_as_wide_as_the_pen(qapp, width):
    # Coverage summed down one column of an opaque line is its width in pixels.
    image = _draw(cosmetic_pen("#C0282D", width))
    assert sum(_column_alpha(image, 100)) == pytest.approx(width, abs=0.25)


def test_dashes_keep_the_wide_pens_length(qapp):
    width = 2.2
    image = _draw(cosmetic_pen("#C0282D", width, Qt.PenStyle.DashLine))
    row = [image.pixelColor(x, 20).alphaF() > 0.5 for x in range(image.width())]
    runs, count = [], 0
    for inked in row[10:]:
        if inked:
            count += 1
        elif count:
            runs.append(count)
            count = 0
    # Qt's DashLine is 4 pen widths of ink, 2 of gap: 8.8 px dashes at 2.2 px.
    assert len(runs) >= 5 and all(abs(run - 4 * width) <= 1.5 for run in runs[:5])


def test_a_translucent_pen_keeps_its_opacity_in_the_middle(qapp):
    image = _draw(cosmetic_pen(QColor(40, 40, 90, 200), 1.6), y=20.5)  # the phase pen
    middle = max(_column_alpha(image, 100))
    assert middle == pytest.approx(200 / 255, abs=0.06)


def test_one_pixel_and_print_width_pens_are_drawn_by_qt_itself(qapp):
    # Width 1 has Qt's fast stroker already; a 6.9 px print pen is not made of copies.
    for width in (1.0, 6.9):
        image = _draw(cosmetic_pen("#000000", width))
        assert sum(_column_alpha(image, 100)) == pytest.approx(width, abs=0.25)

"""Colours, pens and fonts of the map, in one place so every layer draws in the same visual language.

Zone fills come from the land-use catalogue (the colour planners know from the standard's
practice palette); everything else is kept quiet and grey so the land use reads first.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen

from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.layer_looks import BOUNDARY, PHASE, LineLook, context_look

__all__ = [
    "BACKGROUND", "UNKNOWN_CODE_HEX", "zone_fill_hex", "brush_for", "outline_pen", "small_zone_outline_pen",
    "boundary_pen",
    "phase_pen", "selection_pen", "flagged_pen", "selection_brush", "hover_pen", "label_font", "context_style",
    "ContextStyle", "cosmetic_pen", "pen_scale", "pens_at_screen_scale",
]

#: A warm paper tone: white would glare next to pale land-use colours.
BACKGROUND = QColor("#F3F1EC")
#: Zones whose code is not in the project's scheme show in neutral grey instead of vanishing.
UNKNOWN_CODE_HEX = "#BDBDBD"


def zone_fill_hex(scheme: str, code: str) -> str:
    cls = default_catalogue().find(scheme, code)
    return cls.rgb_hex if cls is not None and cls.rgb_hex else UNKNOWN_CODE_HEX


@lru_cache(maxsize=512)
def brush_for(rgb_hex: str) -> QBrush:
    return QBrush(QColor(rgb_hex))


_pen_scale = threading.local()


@contextmanager
def pen_scale(factor: float):
    """Multiply cosmetic pen widths by ``factor`` in this thread while the block runs.

    Cosmetic widths are device pixels, which no painter transform or device pixel ratio scales:
    a print figure at 300 dpi (ui/render) uses dpi / 96 so its lines keep their on-screen weight.
    """
    previous = getattr(_pen_scale, "factor", 1.0)
    _pen_scale.factor = factor
    try:
        yield
    finally:
        _pen_scale.factor = previous


def pens_at_screen_scale() -> bool:
    """Whether cosmetic pens are drawn at their screen widths (not scaled up for print)."""
    return getattr(_pen_scale, "factor", 1.0) == 1.0


def cosmetic_pen(color: QColor | str, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A pen whose width is in screen pixels at any zoom (map geometry is drawn scaled)."""
    pen = QPen(QColor(color), width * getattr(_pen_scale, "factor", 1.0), style)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def outline_pen() -> QPen:
    return cosmetic_pen(QColor(55, 55, 55, 150), 0.8)


def small_zone_outline_pen() -> QPen:
    """The outline of zones a few pixels wide, drawn without antialiasing: one whole pixel,
    lighter, so it weighs what the antialiased 0.8 px outline does."""
    return cosmetic_pen(QColor(55, 55, 55, 120), 1.0)


def boundary_pen() -> QPen:
    return _pen(BOUNDARY)  # the planning red line (规划红线), red and dashed


def phase_pen() -> QPen:
    return _pen(PHASE)


def selection_pen() -> QPen:
    return cosmetic_pen(QColor("#0078D7"), 2.6)


def selection_brush() -> QBrush:
    # A hatch, not a tint: a tinted fill reads as another land-use colour (blue over yellow
    # looks like green), while hatching leaves the zone's own colour visible between the lines.
    return QBrush(QColor(0, 90, 200, 170), Qt.BrushStyle.BDiagPattern)


def flagged_pen() -> QPen:
    """Zones failing a standards check: an orange dashed outline that does not hide the fill."""
    return cosmetic_pen(QColor("#F08C00"), 2.2, Qt.PenStyle.DashLine)


def hover_pen() -> QPen:
    return cosmetic_pen(QColor(0, 120, 215, 160), 1.6)


def label_font(point_size: float = 8.5, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


class ContextStyle:
    """How one context layer draws: a cosmetic pen and an optional fill."""

    def __init__(self, pen: QPen, brush: QBrush | None) -> None:
        self.pen = pen
        self.brush = brush


def _pen(look: LineLook) -> QPen:
    colour = QColor(look.colour[:7])
    if len(look.colour) == 9:
        colour.setAlpha(int(look.colour[7:], 16))
    style = {"dash": Qt.PenStyle.DashLine, "dashdot": Qt.PenStyle.DashDotLine}.get(look.dash, Qt.PenStyle.SolidLine)
    return cosmetic_pen(colour, look.width_px, style)


def context_style(name: str, kind: str) -> ContextStyle:
    """Style by what the layer's name says it is (layer_looks.context_look, shared with QGIS)."""
    look = context_look(name, kind)
    return ContextStyle(_pen(look.line), QBrush(QColor(look.fill)) if look.fill else None)

"""The map view state: which map point is at the widget centre and how many metres a pixel spans.

Map y grows north, screen y grows down, so the transform flips y. Geometry is handed to Qt in
coordinates relative to a fixed ``origin`` (the data's lower-left corner): projected coordinates
such as 4,400,000 m would otherwise lose precision in Qt's single-precision paths and rasterizer.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTransform

__all__ = ["Viewport", "MIN_PIXEL_SIZE", "MAX_PIXEL_SIZE"]

#: Zoom limits in metres per pixel: 1 cm (vertex work) to 2 km (a whole province).
MIN_PIXEL_SIZE = 0.01
MAX_PIXEL_SIZE = 2000.0


@dataclass(frozen=True)
class Viewport:
    """Immutable view state; every change makes a new value, so caches can compare them."""

    width: int = 800
    height: int = 600
    center_x: float = 0.0
    center_y: float = 0.0
    pixel_size: float = 1.0  # map metres per screen pixel
    origin_x: float = 0.0
    origin_y: float = 0.0

    # -- conversions -----------------------------------------------------------------------------
    def map_to_screen(self, x: float, y: float) -> QPointF:
        return QPointF((x - self.center_x) / self.pixel_size + self.width / 2.0,
                       (self.center_y - y) / self.pixel_size + self.height / 2.0)

    def screen_to_map(self, sx: float, sy: float) -> tuple[float, float]:
        return (self.center_x + (sx - self.width / 2.0) * self.pixel_size,
                self.center_y - (sy - self.height / 2.0) * self.pixel_size)

    def local_transform(self) -> QTransform:
        """Painter transform for geometry stored relative to ``origin`` (see module note)."""
        s = 1.0 / self.pixel_size
        dx = (self.origin_x - self.center_x) * s + self.width / 2.0
        dy = (self.center_y - self.origin_y) * s + self.height / 2.0
        return QTransform(s, 0.0, 0.0, -s, dx, dy)

    def map_extent(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) of the map area the widget shows."""
        half_w = self.width * self.pixel_size / 2.0
        half_h = self.height * self.pixel_size / 2.0
        return (self.center_x - half_w, self.center_y - half_h, self.center_x + half_w, self.center_y + half_h)

    def screen_rect_of(self, bounds: tuple[float, float, float, float]) -> QRectF:
        """The screen rectangle covering map ``bounds`` (minx, miny, maxx, maxy)."""
        top_left = self.map_to_screen(bounds[0], bounds[3])
        bottom_right = self.map_to_screen(bounds[2], bounds[1])
        return QRectF(top_left, bottom_right)

    def map_bounds_of(self, rect: QRectF) -> tuple[float, float, float, float]:
        x0, y0 = self.screen_to_map(rect.left(), rect.bottom())
        x1, y1 = self.screen_to_map(rect.right(), rect.top())
        return (x0, y0, x1, y1)

    def rect_of_view(self, other: "Viewport") -> QRectF:
        """Where a picture rendered for ``other`` lands on this view's screen (pan/zoom preview)."""
        top_left = self.map_to_screen(*other.screen_to_map(0.0, 0.0))
        scale = other.pixel_size / self.pixel_size
        return QRectF(top_left.x(), top_left.y(), other.width * scale, other.height * scale)

    # -- navigation ------------------------------------------------------------------------------
    def resized(self, width: int, height: int) -> "Viewport":
        return replace(self, width=max(1, int(width)), height=max(1, int(height)))

    def panned_by(self, dx_px: float, dy_px: float) -> "Viewport":
        """The view after dragging the map by (dx, dy) pixels (content follows the pointer)."""
        return replace(self, center_x=self.center_x - dx_px * self.pixel_size,
                       center_y=self.center_y + dy_px * self.pixel_size)

    def zoomed_about(self, factor: float, sx: float, sy: float) -> "Viewport":
        """Zoom in by ``factor`` (>1 zooms in) keeping the map point under (sx, sy) fixed."""
        new_size = min(MAX_PIXEL_SIZE, max(MIN_PIXEL_SIZE, self.pixel_size / factor))
        mx, my = self.screen_to_map(sx, sy)
        # Keep (mx, my) under the cursor: solve screen_to_map(sx, sy) == (mx, my) for the centre.
        cx = mx - (sx - self.width / 2.0) * new_size
        cy = my + (sy - self.height / 2.0) * new_size
        return replace(self, pixel_size=new_size, center_x=cx, center_y=cy)

    def fitted_to(self, bounds: tuple[float, float, float, float], margin: float = 0.05) -> "Viewport":
        """Show ``bounds`` whole, centred, with a relative ``margin`` on each side."""
        minx, miny, maxx, maxy = bounds
        span_x = max(maxx - minx, 1e-6)
        span_y = max(maxy - miny, 1e-6)
        size = max(span_x / self.width, span_y / self.height) * (1.0 + 2.0 * margin)
        size = min(MAX_PIXEL_SIZE, max(MIN_PIXEL_SIZE, size))
        return replace(self, center_x=(minx + maxx) / 2.0, center_y=(miny + maxy) / 2.0, pixel_size=size)

    def with_origin(self, x: float, y: float) -> "Viewport":
        return replace(self, origin_x=float(x), origin_y=float(y))

"""Clicking a polyline point by point: shared by the split and measure tools."""
from __future__ import annotations

import math

from parkplanner.interaction.pointer import PointerEvent
from parkplanner.interaction.tool import Point

__all__ = ["PolylineInput"]


class PolylineInput:
    """The clicked points and the (snapped) pointer position after them."""

    def __init__(self) -> None:
        self.points: list[Point] = []
        self.hover: Point | None = None

    def add(self, point: Point, ev: PointerEvent) -> bool:
        """Append ``point`` unless it repeats the last one (the second press of a double-click)."""
        if self.points and math.dist(point, self.points[-1]) <= 0.5 * ev.pixel_size:
            return False
        self.points.append(point)
        self.hover = point
        return True

    def pop(self) -> bool:
        if not self.points:
            return False
        self.points.pop()
        return True

    def path(self) -> list[Point]:
        """The points plus the pointer position: what the rubber band shows."""
        if self.hover is not None and self.points and self.hover != self.points[-1]:
            return [*self.points, self.hover]
        return list(self.points)

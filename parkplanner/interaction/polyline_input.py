"""Clicking a polyline point by point: shared by the split and measure tools.

``PolylineInput`` holds the points; ``PolylineTool`` is the tool behaviour both tools share (a click
adds a point, Backspace removes the last, Enter or a double-click ends the line) so that each tool
only says what ending the line does.
"""
from __future__ import annotations

import math

from parkplanner.interaction.pointer import KeyEvent, PointerEvent
from parkplanner.interaction.tool import Point, Tool

__all__ = ["PolylineInput", "PolylineTool"]


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


class PolylineTool(Tool):
    """A tool fed with a clicked polyline; subclasses define ``_end`` and ``_refresh``.

    ``finished`` is set by a subclass whose ended line stays shown (measure): the next click then
    starts a new line, and pointer moves no longer drag the rubber band.
    """
    #: Whether pointer moves are consumed while a line is being clicked (so the canvas does not pan).
    claims_moves = True

    def _reset(self) -> None:
        self.line = PolylineInput()
        self.finished = False
        self._snap = None

    @property
    def busy(self) -> bool:
        return bool(self.line.points)

    def on_press(self, ev: PointerEvent) -> bool:
        if ev.button != "left":
            return False
        if self.finished:
            self._reset()
        self._snap = self.snap(ev)
        self.line.add(self._snap.point, ev)
        self._refresh()
        return True

    def on_move(self, ev: PointerEvent) -> bool:
        self._snap = self.snap(ev)
        if not self.finished:
            self.line.hover = self._snap.point
        self._refresh()
        return self.claims_moves and self.busy

    def on_double_click(self, ev: PointerEvent) -> bool:
        if ev.button == "left" and self.busy:
            self._end()
            return True
        return False

    def on_key(self, ev: KeyEvent) -> bool:
        if ev.key == "Backspace" and not self.finished and self.line.pop():
            self._refresh()
            return True
        if ev.is_confirm and self.busy and not self.finished:
            self._end()
            return True
        return super().on_key(ev)

    def _end(self) -> None:
        """Enter or a double-click: what the finished line is for."""
        raise NotImplementedError

    def _refresh(self) -> None:
        """Show the line being clicked (the preview)."""
        raise NotImplementedError

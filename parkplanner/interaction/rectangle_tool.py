"""Draw a rectangular zone: press at one corner, drag, release at the other (corners snap).

The release adds ONE undo step ("Draw rectangle", trimmed against neighbours like any new zone);
Esc during the drag abandons it.
"""
from __future__ import annotations

from shapely.geometry import box

from parkplanner.interaction.new_zone import commit_new_zone
from parkplanner.interaction.pointer import PointerEvent
from parkplanner.interaction.readout import format_area, format_length
from parkplanner.interaction.tool import DRAG_THRESHOLD_PX, Point, Preview, Tool

__all__ = ["RectangleTool"]


class RectangleTool(Tool):
    name = "rectangle"
    shortcut = "R"
    cursor = "cross"
    hint = "Press at one corner and drag to the opposite corner; Esc cancels"

    def _reset(self) -> None:
        self._start: Point | None = None

    @property
    def busy(self) -> bool:
        return self._start is not None

    def on_press(self, ev: PointerEvent) -> bool:
        if ev.button != "left":
            return False
        snap = self.snap(ev)
        self._start = snap.point
        self._show(snap.point, snap)
        return True

    def on_move(self, ev: PointerEvent) -> bool:
        snap = self.snap(ev)
        if self._start is None:
            self._set_preview(Preview().with_snap(snap))
            return False
        self._show(snap.point, snap)
        return True

    def on_release(self, ev: PointerEvent) -> bool:
        if ev.button != "left" or self._start is None:
            return False
        (x0, y0), (x1, y1) = self._start, self.snap(ev).point
        self.cancel()
        if min(abs(x1 - x0), abs(y1 - y0)) < DRAG_THRESHOLD_PX * ev.pixel_size:
            self.say("Drag from one corner to the opposite corner to draw a rectangle")
            return True
        commit_new_zone(self, box(x0, y0, x1, y1), "Draw rectangle")
        return True

    def _show(self, corner: Point, snap) -> None:
        (x0, y0), (x1, y1) = self._start, corner
        ring = ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))
        text = (f"{format_length(abs(x1 - x0))} × {format_length(abs(y1 - y0))}, "
                f"{format_area(abs((x1 - x0) * (y1 - y0)))}")
        self._set_preview(Preview(rings=(ring,), handles=(self._start, corner), measure_text=text).with_snap(snap))

"""Draw a zone vertex by vertex.

Click adds a (snapped) vertex, Backspace removes the last, Enter, a double-click, a right click
or a click on the first vertex finishes, Esc abandons the outline. Finishing adds ONE undo step
("Draw zone" or "Draw zone (trimmed against 2 neighbours)"); nothing touches the history before.
"""
from __future__ import annotations

import math

from shapely.geometry import Polygon

from parkplanner.interaction.new_zone import commit_new_zone
from parkplanner.interaction.pointer import KeyEvent, PointerEvent
from parkplanner.interaction.readout import format_area, format_length
from parkplanner.interaction.tool import Point, Preview, Tool

__all__ = ["DrawPolygonTool"]


class DrawPolygonTool(Tool):
    name = "draw_polygon"
    shortcut = "P"
    cursor = "cross"
    hint = "Click to add vertices; Enter or double-click finishes, Backspace removes the last, Esc cancels"

    def _reset(self) -> None:
        self.vertices: list[Point] = []
        self._hover: Point | None = None
        self._snap = None

    @property
    def busy(self) -> bool:
        return bool(self.vertices)

    # -- events --------------------------------------------------------------------------------
    def on_press(self, ev: PointerEvent) -> bool:
        if ev.button == "right":
            if self.vertices:
                self.finish()
                return True
            return False
        if ev.button != "left":
            return False
        snap = self.snap(ev, extra_vertices=self.vertices[:1])
        point = snap.point
        if len(self.vertices) >= 3 and _close(point, self.vertices[0], self.tolerance(ev)):
            self.finish()
            return True
        if self.vertices and _close(point, self.vertices[-1], 1e-9 + ev.pixel_size * 0.5):
            return True  # the second press of a double-click, or a click in place
        self.vertices.append(point)
        self._hover, self._snap = point, snap
        self._refresh()
        return True

    def on_move(self, ev: PointerEvent) -> bool:
        snap = self.snap(ev, extra_vertices=self.vertices[:1])
        self._hover, self._snap = snap.point, snap
        self._refresh()
        return bool(self.vertices)

    def on_double_click(self, ev: PointerEvent) -> bool:
        if ev.button == "left" and self.vertices:
            self.finish()
            return True
        return False

    def on_key(self, ev: KeyEvent) -> bool:
        if ev.key == "Backspace" and self.vertices:
            self.vertices.pop()
            self._refresh()
            return True
        if ev.is_confirm and self.vertices:
            self.finish()
            return True
        return super().on_key(ev)

    # -- finishing -----------------------------------------------------------------------------
    def finish(self) -> bool:
        """Turn the outline into a zone; on refusal the outline stays for the user to fix."""
        if len(self.vertices) < 3:
            self.say("A zone needs at least 3 vertices")
            return False
        outline = Polygon(self.vertices)
        if not outline.is_valid:
            self.say("Cannot add the zone: the outline crosses itself (Backspace removes the last vertex)")
            return False
        if commit_new_zone(self, outline, "Draw zone") is None:
            return False
        self.cancel()
        return True

    def _refresh(self) -> None:
        path = list(self.vertices)
        if self._hover is not None and self.vertices and self._hover != self.vertices[-1]:
            path.append(self._hover)
        text = ""
        if len(path) >= 3:
            text = format_area(Polygon(path).area)
        elif len(path) == 2:
            text = format_length(math.dist(*path))
        n = len(self.vertices)
        self._set_status(f"{n} {'vertices' if n > 1 else 'vertex'}: Enter or double-click finishes, Backspace removes "
                         "the last, Esc cancels" if n else self.hint)
        self._set_preview(Preview(
            rings=(tuple(path + path[:1]),) if len(path) >= 3 else (),
            lines=(tuple(path),) if len(path) >= 2 else (),
            handles=tuple(self.vertices), measure_text=text,
        ).with_snap(self._snap))


def _close(a: Point, b: Point, tolerance: float) -> bool:
    return math.dist(a, b) <= tolerance

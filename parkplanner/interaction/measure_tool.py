"""Measure distances and areas on the map; nothing goes on the history.

Click points; the read-out shows the path length and, from three points on, the enclosed area.
Enter or a double-click ends the measurement (it stays shown); the next click starts a new one;
Esc clears it.
"""
from __future__ import annotations

from shapely.geometry import LineString, Polygon

from parkplanner.interaction.pointer import KeyEvent, PointerEvent
from parkplanner.interaction.polyline_input import PolylineInput
from parkplanner.interaction.readout import format_area, format_length
from parkplanner.interaction.tool import Preview, Tool

__all__ = ["MeasureTool"]


class MeasureTool(Tool):
    name = "measure"
    shortcut = "D"
    cursor = "cross"
    hint = "Click points to measure; Enter or double-click ends, Esc clears"

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
        return False

    def on_double_click(self, ev: PointerEvent) -> bool:
        if ev.button == "left" and self.line.points:
            self._finish()
            return True
        return False

    def on_key(self, ev: KeyEvent) -> bool:
        if ev.key == "Backspace" and not self.finished and self.line.pop():
            self._refresh()
            return True
        if ev.is_confirm and self.line.points and not self.finished:
            self._finish()
            return True
        return super().on_key(ev)

    def _finish(self) -> None:
        self.finished = True
        self.line.hover = None
        self._refresh()
        self.say(self.measure_text())

    def measure_text(self) -> str:
        path = self.line.points if self.finished else self.line.path()
        if len(path) < 2:
            return ""
        text = f"Distance {format_length(LineString(path).length)}"
        if len(path) >= 3:
            text += f", area {format_area(Polygon(path).area)}"
        return text

    def _refresh(self) -> None:
        path = self.line.points if self.finished else self.line.path()
        self._set_preview(Preview(
            lines=(tuple(path),) if len(path) >= 2 else (),
            rings=(tuple(path + path[:1]),) if len(path) >= 3 else (),
            handles=tuple(self.line.points), measure_text=self.measure_text(),
        ).with_snap(self._snap))

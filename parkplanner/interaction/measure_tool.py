"""Measure distances and areas on the map; nothing goes on the history.

Click points; the read-out shows the path length and, from three points on, the enclosed area.
Enter or a double-click ends the measurement (it stays shown); the next click starts a new one;
Esc clears it.
"""
from __future__ import annotations

from shapely.geometry import LineString, Polygon

from parkplanner.interaction.polyline_input import PolylineTool
from parkplanner.interaction.readout import format_area, format_length
from parkplanner.interaction.tool import Preview

__all__ = ["MeasureTool"]


class MeasureTool(PolylineTool):
    name = "measure"
    shortcut = "D"
    cursor = "cross"
    hint = "Click points to measure; Enter or double-click ends, Esc clears"

    #: The canvas may pan while measuring: moves only update the read-out.
    claims_moves = False

    def _end(self) -> None:
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

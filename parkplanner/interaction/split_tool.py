"""Split zones along a drawn line.

Click the points of a line across the zone(s) (Backspace removes the last, Esc cancels); Enter or
a double-click applies it. The line splits the selected zones it crosses, or every zone it
crosses when it crosses no selected zone, as ONE undo step ("Split zone 12 into 2"). A line that cuts
nothing is refused with a message and stays for correction.
"""
from __future__ import annotations

from shapely.geometry import LineString

from parkplanner.core.geometry.validation import GeometryRefused
from parkplanner.core.geometry.zone_operations import split_zones_command
from parkplanner.interaction.polyline_input import PolylineTool
from parkplanner.interaction.readout import format_length
from parkplanner.interaction.tool import Preview

__all__ = ["SplitTool"]


class SplitTool(PolylineTool):
    name = "split"
    shortcut = "X"
    cursor = "cross"
    hint = "Click a line across the zone; Enter or double-click splits, Backspace removes a point, Esc cancels"

    def _end(self) -> None:
        self.apply()

    def apply(self) -> bool:
        """Split along the clicked points; on refusal the line stays for correction."""
        ctx = self.ctx
        if len(self.line.points) < 2:
            self.say("Click at least two points across the zone")
            return False
        line = LineString(self.line.points)
        crossed = ctx.index.query(line)
        selected = [i for i in crossed if i in ctx.selection]
        crossed = selected or crossed  # a selection the line crosses limits the split
        if not crossed:
            self.say("The line crosses no zone")
            return False
        try:
            command = split_zones_command(ctx.project, crossed, line, ctx.scenario_id())
        except GeometryRefused as refusal:
            self.say(f"Cannot split: {refusal}")
            return False
        ctx.history.push(command)
        ctx.selection.set(i for i, z in command.after.items() if z is not None)
        self.say(command.label)
        self.cancel()
        return True

    def _refresh(self) -> None:
        path = self.line.path()
        self._set_preview(Preview(
            lines=(tuple(path),) if len(path) >= 2 else (), handles=tuple(self.line.points),
            measure_text=format_length(LineString(path).length) if len(path) >= 2 else "",
        ).with_snap(self._snap))

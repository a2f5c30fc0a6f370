"""One active tool at a time, keyboard shortcuts and the selection actions. Qt-free.

The canvas forwards every PointerEvent/KeyEvent here. The active tool sees keys first (so
Backspace in the polygon tool removes a vertex); unconsumed keys become shortcuts:
V/P/R/E/X/D pick a tool, M merges the selection, Delete deletes it, Ctrl+A selects all and S
toggles snapping, Esc (when the tool has nothing to cancel) clears the selection.
"""
from __future__ import annotations

from typing import Callable, Iterable

from parkplanner.core.events import Signal
from parkplanner.interaction import selection_actions
from parkplanner.interaction.pointer import KeyEvent, PointerEvent
from parkplanner.interaction.tool import Tool, ToolContext

__all__ = ["ToolController", "default_tools"]


def default_tools() -> list[Tool]:
    """A fresh instance of every canvas tool, in toolbar order."""
    from parkplanner.interaction.draw_polygon_tool import DrawPolygonTool
    from parkplanner.interaction.edit_vertices_tool import EditVerticesTool
    from parkplanner.interaction.measure_tool import MeasureTool
    from parkplanner.interaction.rectangle_tool import RectangleTool
    from parkplanner.interaction.select_move_tool import SelectMoveTool
    from parkplanner.interaction.split_tool import SplitTool

    return [SelectMoveTool(), DrawPolygonTool(), RectangleTool(), EditVerticesTool(), SplitTool(),
            MeasureTool()]


class ToolController:
    def __init__(self, ctx: ToolContext, tools: Iterable[Tool] | None = None) -> None:
        self.ctx = ctx
        self.tools: dict[str, Tool] = {t.name: t for t in (default_tools() if tools is None else tools)}
        self._active: Tool | None = None
        #: Emitted (Tool) after a tool became active.
        self.tool_changed = Signal()
        #: Actions on the selection, by name: shortcuts and menus call them through ``run``.
        self.actions: dict[str, Callable[[ToolContext], object]] = {
            "merge": selection_actions.merge_selected,
            "delete": selection_actions.delete_selected,
            "select_all": selection_actions.select_all,
            "toggle_snapping": selection_actions.toggle_snapping,
        }
        if self.tools:
            self.activate(next(iter(self.tools)))

    @property
    def active(self) -> Tool | None:
        return self._active

    def activate(self, name: str) -> Tool:
        """Make ``name`` the active tool; the previous one is cancelled and deactivated."""
        tool = self.tools[name]
        if tool is self._active:
            return tool
        if self._active is not None:
            self._active.deactivate()
        self._active = tool
        tool.activate(self.ctx)
        self.tool_changed.emit(tool)
        return tool

    def run(self, action: str) -> object:
        """Run a selection action; the active tool's gesture is cancelled first."""
        if self._active is not None and self._active.busy:
            self._active.cancel()
        return self.actions[action](self.ctx)

    def on_pointer(self, ev: PointerEvent) -> bool:
        return self._active.on_pointer(ev) if self._active is not None else False

    def on_key(self, ev: KeyEvent) -> bool:
        if self._active is not None and self._active.on_key(ev):
            return True
        if ev.modifiers - {"shift"}:
            if ev.letter == "A" and ev.modifiers == frozenset({"ctrl"}):
                self.run("select_all")
                return True
            return False
        if ev.key == "Delete":
            self.run("delete")
            return True
        if ev.key == "Escape" and self.ctx.selection:
            self.ctx.selection.clear()  # Esc with nothing in progress deselects
            return True
        shortcut_tools = {t.shortcut.upper(): name for name, t in self.tools.items() if t.shortcut}
        if ev.letter in shortcut_tools:
            self.activate(shortcut_tools[ev.letter])
            return True
        if ev.letter == "M":
            self.run("merge")
            return True
        if ev.letter == "S":
            self.run("toggle_snapping")
            return True
        return False

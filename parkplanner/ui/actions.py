"""The window's QActions: menus, toolbar, shortcuts, and their link to the history and the tools.

Undo/Redo texts follow the history ("Undo Draw zone"); tool actions are checkable and follow
the ToolController, so a tool picked by its shortcut on the canvas shows as checked here too.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar

from parkplanner.ui.canvas.tool_icons import tool_icon
from parkplanner.ui.qt_history import QtHistory
from parkplanner.ui.step_labels import step_label
from parkplanner.ui.tool_texts import tool_text, tool_title

if TYPE_CHECKING:
    from parkplanner.interaction.tool_controller import ToolController
    from parkplanner.ui.main_window import MainWindow

__all__ = ["WindowActions", "tool_title"]

Keys = QKeySequence.StandardKey | str | list


class WindowActions(QObject):
    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        canvas = window.canvas
        self.new = self._action(self.tr("&New"), QKeySequence.StandardKey.New, window.new_project)
        self.open = self._action(self.tr("&Open…"), QKeySequence.StandardKey.Open, window.open_dialog)
        self.save = self._action(self.tr("&Save"), QKeySequence.StandardKey.Save, window.save)
        self.save_as = self._action(self.tr("Save &As…"), "Ctrl+Shift+S", window.save_as)
        self.quit = self._action(self.tr("&Quit"), "Ctrl+Q", window.close)
        self.undo = self._action(self.tr("&Undo"), QKeySequence.StandardKey.Undo, self._undo)
        self.redo = self._action(self.tr("&Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"], self._redo)
        self.zoom_extent = self._action(self.tr("Zoom to &Extent"), "Ctrl+0", canvas.zoom_to_extent)
        self.zoom_selection = self._action(self.tr("Zoom to &Selection"), "Ctrl+J", canvas.zoom_to_selection)
        keys = QKeySequence.StandardKey
        self.zoom_in = self._action(self.tr("Zoom &In"), ["Ctrl+=", keys.ZoomIn], lambda: canvas.zoom_by(1.5))
        self.zoom_out = self._action(self.tr("Zoom &Out"), keys.ZoomOut, lambda: canvas.zoom_by(1 / 1.5))
        self.select_all = self._action(self.tr("Select &All"), keys.SelectAll, lambda: self._run("select_all"))
        self.delete = self._action(self.tr("&Delete Zones"), keys.Delete, lambda: self._run("delete"))
        self.merge = self._action(self.tr("&Merge Zones"), "M", lambda: self._run("merge"))
        self.snapping = self._action(self.tr("S&napping"), "S", lambda: self._run("toggle_snapping"))
        self.snapping.setCheckable(True)
        self.tool_group = QActionGroup(self)
        self.tool_group.setExclusive(True)
        self.tools: dict[str, QAction] = {}
        self.bridge: QtHistory | None = None
        self.controller: "ToolController | None" = None
        self._tool_menu: QMenu | None = None
        self._tool_bar: QToolBar | None = None
        self.panels_menu: QMenu | None = None
        self.file_menu: QMenu | None = None

    def _action(self, text: str, keys: Keys, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        if isinstance(keys, list):
            action.setShortcuts([QKeySequence(k) for k in keys])
        else:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda checked=False: slot())
        self.window.addAction(action)  # shortcuts work even when the menu bar is hidden
        return action

    # -- menus and toolbar ----------------------------------------------------------------------
    def build_menus(self, bar: QMenuBar) -> None:
        file_menu = bar.addMenu(self.tr("&File"))
        self.file_menu = file_menu  # file_actions.py adds Open Recent, Import and Export to it
        file_menu.addActions([self.new, self.open])
        file_menu.addSeparator()
        file_menu.addActions([self.save, self.save_as])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit = bar.addMenu(self.tr("&Edit"))
        self.edit_menu = edit  # parcel_actions.py adds Number Parcels to it
        edit.addActions([self.undo, self.redo])
        edit.addSeparator()
        edit.addActions([self.select_all, self.delete, self.merge])
        view = bar.addMenu(self.tr("&View"))
        view.addActions([self.zoom_extent, self.zoom_selection, self.zoom_in, self.zoom_out])
        view.addSeparator()
        self.panels_menu = view.addMenu(self.tr("&Panels"))
        self._tool_menu = bar.addMenu(self.tr("&Tools"))

    def build_toolbar(self, toolbar: QToolBar) -> None:
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._tool_bar = toolbar

    def _fill_tools(self) -> None:
        for action in self.tools.values():
            self.tool_group.removeAction(action)
            self.window.removeAction(action)
            action.deleteLater()
        self.tools = {}
        controller = self.controller
        for menu_or_bar in (self._tool_menu, self._tool_bar):
            if menu_or_bar is not None:
                menu_or_bar.clear()
        if controller is None:
            return
        for name, tool in controller.tools.items():
            action = self._action(tool_title(tool), tool.shortcut.upper() if tool.shortcut else "",
                                  lambda name=name: self.controller.activate(name))
            action.setCheckable(True)
            action.setIcon(tool_icon(name))
            tip = f"{tool_title(tool)} ({tool.shortcut.upper()})" if tool.shortcut else tool_title(tool)
            action.setToolTip(f"{tip}\n{tool_text(tool.hint)}" if getattr(tool, "hint", "") else tip)
            action.setObjectName(f"tool_{name}")
            self.tool_group.addAction(action)
            self.tools[name] = action
        extras = [self.merge, self.delete, self.snapping]
        for menu_or_bar in (self._tool_menu, self._tool_bar):
            if menu_or_bar is not None:
                menu_or_bar.addActions(list(self.tools.values()))
                menu_or_bar.addSeparator()
                menu_or_bar.addActions(extras)
        self._show_active_tool(controller.active)

    # -- binding to a document ------------------------------------------------------------------
    def bind(self, bridge: QtHistory, controller: "ToolController | None") -> None:
        if self.bridge is not None:
            self.bridge.stateChanged.disconnect(self.refresh)
        if self.controller is not None:
            self.controller.tool_changed.disconnect(self._show_active_tool)
            self.controller.ctx.snapper.toggled.disconnect(self.snapping.setChecked)
        self.bridge, self.controller = bridge, controller
        bridge.stateChanged.connect(self.refresh)
        if controller is not None:
            controller.tool_changed.connect(self._show_active_tool)
            controller.ctx.snapper.toggled.connect(self.snapping.setChecked)
            self.snapping.setChecked(controller.ctx.snapper.enabled)
        self._fill_tools()
        self.refresh()

    def refresh(self) -> None:
        history = self.bridge.history if self.bridge is not None else None
        can_undo = history is not None and history.can_undo
        can_redo = history is not None and history.can_redo
        self.undo.setEnabled(can_undo)
        self.redo.setEnabled(can_redo)
        # "&" in a step name would otherwise become a mnemonic and vanish from the menu.
        self.undo.setText(self.tr("&Undo {0}").format(step_label(history.undo_label).replace('&', '&&')) if can_undo
                         else self.tr("&Undo"))
        self.redo.setText(self.tr("&Redo {0}").format(step_label(history.redo_label).replace('&', '&&')) if can_redo
                         else self.tr("&Redo"))
        has_tools = self.controller is not None
        for action in (self.select_all, self.delete, self.merge, self.snapping):
            action.setEnabled(has_tools)

    def _show_active_tool(self, tool) -> None:
        if tool is not None and tool.name in self.tools:
            self.tools[tool.name].setChecked(True)

    def _undo(self) -> None:
        if self.bridge is not None:
            self.bridge.undo()

    def _redo(self) -> None:
        if self.bridge is not None:
            self.bridge.redo()

    def _run(self, name: str) -> None:
        if self.controller is not None:
            self.controller.run(name)

"""The main window: composes the canvas, the docks, the menus and the status bar around one document.

A document is a project with its History, the Qt bridge over it and the ToolController; opening
or creating a project replaces all four and emits ``documentChanged``. Panels written elsewhere
(inspector, dashboard, checks, scenarios) plug in with ``add_panel`` and follow the document by
connecting to ``documentChanged`` and reading ``project``, ``history``, ``bridge`` and ``selection``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Literal

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QSizePolicy, QToolBar, QWidget,
)

from parkplanner.core.editing.change import ChangeKind
from parkplanner.core.editing.command import History
from parkplanner.core.model.project import Project
from parkplanner.core.projection.kept_projections import kept_projections
from parkplanner.interaction.tool_controller import ToolController, default_tools
from parkplanner.interaction.tool import ToolContext
from parkplanner.ui.actions import WindowActions
from parkplanner.ui.canvas.map_canvas import MapCanvas
from parkplanner.ui.canvas.status_readout import StatusReadout
from parkplanner.ui.dialogs.errors import show_error
from parkplanner.ui.gc_pauses import freeze_shown, pause_collections, release_shown, resume_collections
from parkplanner.ui.focus_return import install_focus_return
from parkplanner.ui.metrics_bridge import PREPARE_AFTER_MS
from parkplanner.ui.scrolling_dock import ScrollingDock
from parkplanner.ui.tasks import detached_copy
from parkplanner.ui.panels.history_panel import HistoryPanel
from parkplanner.ui.panels.legend_panel import LegendPanel
from parkplanner.ui.qt_history import QtHistory, qt_history_of
from parkplanner.ui.tool_texts import tool_text

__all__ = ["MainWindow", "APP_TITLE", "PROJECT_FILTER"]

APP_TITLE = "ParkPlanner"
PROJECT_FILTER = "ParkPlanner project (*.gpkg)"
#: First start (no saved layout): shares of the window's width for the left tab stack, the right
#: docks and the map (1600 px: about 300 | 725 map | 560 dashboard).
LEFT_DOCK_SHARE, RIGHT_DOCK_SHARE, MAP_SHARE, LEFT_DOCK_MIN = 0.18, 0.35, 0.45, 240
#: ... and of its height for the bottom docks (checks, comparison).
BOTTOM_DOCK_SHARE = 0.25
#: Narrower first-start windows put all bottom docks in one tab stack.
BOTTOM_SIDE_BY_SIDE_MIN = 1500
UnsavedAnswer = Literal["save", "discard", "cancel"]
#: Undo steps kept per document: a day of workshop edits, with memory bounded over a long session
#: (benchmarks/bench_long_session.py --limit 1000 shows the heap levelling off once it is reached).
UNDO_LIMIT = 1000


class MainWindow(QMainWindow):
    #: The project, history, bridge and tools were replaced (new or opened project).
    documentChanged = Signal()
    #: The project was written to this path (Save or Save As).
    fileSaved = Signal(str)
    #: The window closed cleanly (changes saved or discarded): autosave and lock clean up.
    closed = Signal()

    def __init__(self, tool_factory: Callable[[], list] = default_tools, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resize(1400, 900)
        self._layout_restored = False  # restore_layout() found a saved layout: docks keep it
        self._bottom_stack: QDockWidget | None = None  # first start: the first bottom dock
        # Restarted by every dock added on a first start: the widths are balanced once, after the
        # installers' own resizeDocks calls and the new docks' posted layout requests (with no
        # delay the timer can run first, and the layout then fits the docks over its sizes).
        self._balance_timer = QTimer(self)
        self._balance_timer.setSingleShot(True)
        self._balance_timer.setInterval(30)
        self._balance_timer.timeout.connect(self.balance_docks)
        self._tool_factory = tool_factory
        self.project: Project | None = None
        self.history: History | None = None
        self.bridge: QtHistory | None = None
        self.tool_controller: ToolController | None = None
        self.file_path: Path | None = None
        self._status_tool = None  # the tool whose status line the status bar shows
        #: Asked before unsaved changes would be lost; tests replace it to answer without a dialog.
        self.ask_unsaved: Callable[[], UnsavedAnswer] = self._ask_unsaved_dialog
        #: Consulted after a project was read and before it is shown ("write", "read-only": shown
        #: without its path, "cancel"), and before every save (False: do not write). FileGuard
        #: (file_guard.py) installs the lock and on-disk-change checks here.
        self.open_guard: Callable[[Path], str] = lambda path: "write"
        self.write_guard: Callable[[Path], bool] = lambda path: True
        #: The database session (ui/team) when the project came from a database: Save goes there.
        self.database = None

        self.canvas = MapCanvas(self)
        self.canvas.prepare_scenarios(PREPARE_AFTER_MS)  # pictures of scenarios not shown, made while idle
        self.setCentralWidget(self.canvas)
        self.readout = StatusReadout(self)
        self.tool_status = QLabel("")
        # The tool hint yields width to the readout: areas and coordinates must stay whole.
        self.tool_status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.tool_status, 1)
        self.statusBar().addPermanentWidget(self.readout)

        #: The QActions of menus and toolbar (not ``actions``: that would hide QWidget.actions()).
        self.commands = WindowActions(self)
        self.commands.build_menus(self.menuBar())
        toolbar = self.addToolBar(self.tr("Tools"))
        toolbar.setObjectName("tools_toolbar")
        self.commands.build_toolbar(toolbar)

        self.legend_panel = LegendPanel()
        self.history_panel = HistoryPanel()
        legend = self.add_panel(self.legend_panel, Qt.DockWidgetArea.LeftDockWidgetArea, self.tr("Legend"), "legend")
        history_dock = self.add_panel(self.history_panel, Qt.DockWidgetArea.LeftDockWidgetArea, self.tr("History"), "history")
        # Legend and history share a tab stack: the left column keeps room for the inspector.
        self.tabifyDockWidget(legend, history_dock)
        legend.raise_()
        self._left_stack = legend  # first start: later left docks join this tab stack
        self.resizeDocks([legend], [320], Qt.Orientation.Horizontal)  # room for "code  中文 · English"
        self._balance_timer.stop()  # the window's own two docks are sized here; balance for later ones
        self.planning = None  # the planning panels, once install_panels() ran

        self.focus_return = install_focus_return(self, self.canvas)  # Ctrl+Z reaches the history
        self.canvas.pointerMoved.connect(self.readout.show_coordinates)
        self.canvas.hoveredZoneChanged.connect(self._hovered)
        self.set_document(Project(), None)

    # -- panels ---------------------------------------------------------------------------------
    def add_panel(self, widget: QWidget, area: Qt.DockWidgetArea, title: str, name: str = "") -> QDockWidget:
        """Dock ``widget`` in ``area`` with a View > Panels toggle; returns the dock."""
        dock = ScrollingDock(title, self)  # scrolls rather than push the window past a small screen
        dock.setObjectName(f"dock_{name or title.lower().replace(' ', '_')}")
        dock.setWidget(widget)
        # Docks made after restore_layout (the planning panels come after the first picture) take
        # the place, size and visibility the saved layout gave them; new ones go to ``area``.
        if not self.restoreDockWidget(dock):
            self.addDockWidget(area, dock)
            if not self._layout_restored:
                self._place_first_start(dock, area)
        if self.commands.panels_menu is not None:
            self.commands.panels_menu.addAction(dock.toggleViewAction())
        return dock

    def _place_first_start(self, dock: QDockWidget, area: Qt.DockWidgetArea) -> None:
        """Without a saved layout, left docks (inspector, scenarios) become tabs beside the legend
        instead of a column of squeezed panels; the widths are balanced after the installer's own
        resizeDocks has run."""
        stack = getattr(self, "_left_stack", None)
        if area == Qt.DockWidgetArea.LeftDockWidgetArea and stack is not None and stack is not dock:
            self.tabifyDockWidget(stack, dock)
            stack.raise_()
        elif area == Qt.DockWidgetArea.BottomDockWidgetArea:
            # Checks beside the scenario comparison need about 1400 px; a narrower window keeps
            # one bottom tab stack rather than grow past the screen.
            if self._bottom_stack is None:
                self._bottom_stack = dock
            elif self.width() < BOTTOM_SIDE_BY_SIDE_MIN:
                self.tabifyDockWidget(self._bottom_stack, dock)
                self._bottom_stack.raise_()
        self._balance_timer.start()

    def balance_docks(self) -> None:
        """First-start dock widths: the left tab stack and the right docks take shares of the
        window's width and the map keeps at least MAP_SHARE of it (the right docks yield when
        the left stack's minimum is wider than its share). A restored layout is left as saved."""
        if self._layout_restored:
            return
        width = self.width()
        self._break_toolbars(width)
        left = self._docks_in(Qt.DockWidgetArea.LeftDockWidgetArea)
        if left:
            self.resizeDocks(left[:1], [max(LEFT_DOCK_MIN, int(LEFT_DOCK_SHARE * width))], Qt.Orientation.Horizontal)
        right = self._docks_in(Qt.DockWidgetArea.RightDockWidgetArea)
        if right:
            left_width = max((dock.width() for dock in left), default=0)
            room = int((1.0 - MAP_SHARE) * width) - left_width - 16  # 16: the two splitter handles
            self.resizeDocks(right[:1], [min(int(RIGHT_DOCK_SHARE * width), room)], Qt.Orientation.Horizontal)
        bottom = self._docks_in(Qt.DockWidgetArea.BottomDockWidgetArea)
        if bottom:  # the map keeps most of the height too
            self.resizeDocks(bottom[:1], [int(BOTTOM_DOCK_SHARE * self.height())], Qt.Orientation.Vertical)
        # The docks take these sizes now rather than in a later turn: the dashboard laying its
        # charts out again for its new width (tens of milliseconds) is part of starting up, not of
        # what the planner does next (opening a project, whose reading it slowed).
        self.layout().activate()

    def _break_toolbars(self, width: int) -> None:
        """Top toolbars wider together than the window (tools and year slider on a laptop) go on
        two rows: one row would set the window's minimum width past the screen's."""
        bars = [bar for bar in self.findChildren(QToolBar)
                if self.toolBarArea(bar) == Qt.ToolBarArea.TopToolBarArea and not bar.isHidden()]
        if len(bars) > 1 and sum(bar.sizeHint().width() for bar in bars) > width and not self.toolBarBreak(bars[-1]):
            self.insertToolBarBreak(bars[-1])

    def _docks_in(self, area: Qt.DockWidgetArea) -> list[QDockWidget]:
        return [dock for dock in self.findChildren(QDockWidget)
                if self.dockWidgetArea(dock) == area and not dock.isFloating() and not dock.isHidden()]

    def install_panels(self):
        """Dock the planning panels (zone inspector, dashboard, standards checks, Project menu).

        run_gui calls this once the map is on screen: the dashboard's charts need pyqtgraph, about
        a second of imports that the first picture should not wait for.
        """
        if self.planning is None:
            from parkplanner.ui.i18n import lang
            from parkplanner.ui.planning_panels import install_planning_panels

            self.planning = install_planning_panels(self, lang=lang())
        return self.planning

    # -- the document ---------------------------------------------------------------------------
    @property
    def selection(self):
        return self.tool_controller.ctx.selection if self.tool_controller is not None else None

    def set_document(self, project: Project, path: Path | None) -> None:
        """Show ``project`` (read from ``path``, or never saved) with a fresh history."""
        release_shown()  # the old project's objects go back to the cycle collector
        kept_projections().clear()  # they hold the old project's zones
        if self.bridge is not None:
            self.bridge.detach()
            self.bridge.deleteLater()
        history = History(project, limit=UNDO_LIMIT)
        bridge = qt_history_of(history)
        ctx = ToolContext.create(project, history, message=self._show_message)
        controller = ToolController(ctx, self._tool_factory())
        self.project, self.history, self.bridge, self.tool_controller = project, history, bridge, controller
        self.file_path = Path(path) if path is not None else None

        self.canvas.set_project(project)
        self.canvas.set_tool_controller(controller)
        self.legend_panel.set_project(project)
        self.history_panel.set_history(bridge)
        bridge.changed.connect(self.canvas.on_changes)
        bridge.changed.connect(self.legend_panel.on_changes)
        bridge.changed.connect(self._project_changed)
        bridge.cleanChanged.connect(self._update_title)
        ctx.selection.changed.connect(self._selection_changed)
        controller.tool_changed.connect(self._tool_changed)
        self._tool_changed(controller.active)
        self.commands.bind(bridge, controller)
        self.readout.show_selected([])
        self._update_title()
        self.documentChanged.emit()
        freeze_shown()  # the new project's objects: no more full collections over them (gc_pauses.py)

    def _project_changed(self, changes) -> None:
        if any(c.kind is ChangeKind.PROJECT and c.field == "name" for c in changes):
            self._update_title()
        # The readout holds zones, not ids: an edit (a dragged vertex) must show the new area.
        self.readout.refresh_zones(self.project.active_scenario.zones)

    def _update_title(self, *_: object) -> None:
        modified = self.history is not None and not self.history.is_clean
        name = self.project.name if self.project is not None else ""
        # Qt shows "[*]" as the platform's modified mark (an asterisk, macOS's dot in the close
        # button); a literal one in the name is written twice.
        self.setWindowTitle(f"{APP_TITLE} — {name.replace('[*]', '[*][*]')}[*]")
        self.setWindowModified(modified)

    def _selection_changed(self, ids) -> None:
        self.canvas.set_selection(ids)
        zones = self.project.active_scenario.zones
        self.readout.show_selected(zones[i] for i in ids if i in zones)

    def _hovered(self, zone_id) -> None:
        zones = self.project.active_scenario.zones if self.project is not None else {}
        self.readout.show_hovered(zones.get(zone_id) if zone_id is not None else None)

    def _tool_changed(self, tool) -> None:
        if self._status_tool is not None:
            self._status_tool.status_changed.disconnect(self._show_tool_status)
        self._status_tool = tool
        if tool is not None:
            tool.status_changed.connect(self._show_tool_status)
        self._show_tool_status(tool.status if tool is not None else "")

    def _show_tool_status(self, text: str) -> None:
        # Tools (Qt-free) speak English; their fixed hints are translated here (tool_texts.py).
        self.tool_status.setText(tool_text(text))

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    # -- files ----------------------------------------------------------------------------------
    def open_path(self, path: str | Path) -> bool:
        """Open the project at ``path``; a dialog says why when it cannot be opened."""
        from parkplanner.ui.background_open import read_project

        pause_collections()  # until the project is shown (gc_pauses.py)
        shown = False
        try:
            try:
                project = read_project(self, path, self.tr("Opening project"))  # on a worker: the window keeps painting
            except Exception as exc:  # noqa: BLE001 - only the reader's own errors are told, the rest raised
                from parkplanner.core.io.project_file import ProjectFileError  # the worker imported it

                if not isinstance(exc, ProjectFileError):
                    raise
                resume_collections()  # before the dialog's own event loop
                show_error(self, self.tr("Cannot open project"), self.tr("The project could not be opened.\n\n{0}").format(exc))
                return False
            access = self.open_guard(Path(path))
            if access == "cancel":
                return False
            self.set_document(project, Path(path) if access == "write" else None)
            shown = True
        finally:
            if not shown:
                resume_collections()
        QSettings().setValue("files/last_folder", str(Path(path).resolve().parent))
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        folder = str(QSettings().value("files/last_folder", ""))
        path, _ = QFileDialog.getOpenFileName(self, "Open project", folder, PROJECT_FILTER)
        return self.open_path(path) if path else False

    def new_project(self) -> bool:
        if not self.maybe_save():
            return False
        self.set_document(Project(), None)
        return True

    def save(self) -> bool:
        self.history.settle()  # a step still being made is part of what is saved
        if self.database is not None:
            return self.database.save()
        return self.save_as() if self.file_path is None else self._write(self.file_path)

    def save_as(self, path: str | Path | None = None) -> bool:
        self.history.settle()
        if path is None:
            folder = str(self.file_path.parent if self.file_path else QSettings().value("files/last_folder", ""))
            suggested = str(Path(folder) / f"{self.project.name}.gpkg") if folder else f"{self.project.name}.gpkg"
            path, _ = QFileDialog.getSaveFileName(self, "Save project as", suggested, PROJECT_FILTER)
            if not path:
                return False
        path = Path(path)
        if path.suffix.lower() != ".gpkg":
            path = path.with_name(path.name + ".gpkg")
        return self._write(path)

    def _write(self, path: Path) -> bool:
        from parkplanner.core.io.project_file import ProjectFileError, save_project

        if not self.write_guard(path):
            return False
        try:
            save_project(self.project, path)
        except (ProjectFileError, OSError) as exc:
            show_error(self, self.tr("Cannot save project"), self.tr("The project was not saved.\n\n{0}").format(exc))
            return False
        self.file_path = path
        self.history.mark_clean()
        self._update_title()
        self.fileSaved.emit(str(path))
        self._show_message(self.tr("Saved {0}").format(path.name))
        return True

    def settled_copy(self) -> Project:
        """A copy of the project for a worker writing it out (an export), with a step still being
        made landed first (``History.settle``)."""
        self.history.settle()
        return detached_copy(self.project)

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current project (saved, discarded, or unchanged)."""
        if self.history is None or self.history.is_clean:
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def _ask_unsaved_dialog(self) -> UnsavedAnswer:
        buttons = QMessageBox.StandardButton
        reply = QMessageBox.question(
            self, self.tr("Unsaved changes"), self.tr("Save the changes to “{0}” before closing it?").format(self.project.name),
            buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(reply, "cancel")

    # -- window layout --------------------------------------------------------------------------
    def restore_layout(self) -> bool:
        """Restore the size, position and docks of the last session; False on a first start."""
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is None:
            return False
        self._layout_restored = True
        self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if not self.maybe_save():
            event.ignore()
            return
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        event.accept()
        self.closed.emit()

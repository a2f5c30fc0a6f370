"""Puts the scenario GUI into a main window: the scenario dock, comparison, projection and phase
balance docks, the year slider toolbar, a Scenario menu, and workshop mode (F11).

The main window calls ``install_scenario_panels(window)`` once; like the planning panels, the
docks, toolbar and menu stay while their widgets are rebuilt for each new or opened document
(``documentChanged``). Workshop charts use the planning panels' MetricsBridge when they are
installed (one engine for dashboard and workshop) and a bridge of their own otherwise.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from parkplanner.core.editing import History
from parkplanner.core.editing.change import ChangeKind
from parkplanner.core.editing.project_commands import blank_scenario, duplicate_scenario
from parkplanner.interaction.selection import Selection
from parkplanner.ui.docked_panels import DockedPanels, follow_documents
from parkplanner.ui.metrics_bridge import MetricsBridge
from parkplanner.ui.qt_history import qt_history_of
from parkplanner.ui.scenarios.calibration_dialog import CalibrationDialog
from parkplanner.ui.scenarios.compare_view import CompareView
from parkplanner.ui.scenarios.phase_balance_view import PhaseBalanceView
from parkplanner.ui.scenarios.projection_panel import ProjectionPanel
from parkplanner.ui.scenarios.scenario_panel import ScenarioPanel
from parkplanner.ui.scenarios.year_slider import YearSlider, YearVeil, year_range
from parkplanner.ui.workshop.checkpoint_panel import CheckpointStore
from parkplanner.ui.workshop.workshop_mode import WorkshopMode

__all__ = ["ScenarioPanels", "install_scenario_panels"]


#: Below this size (px) the docked comparison cuts its headers and pushes the B and Δ columns off.
COMPARE_READABLE = (900, 420)


class ScenarioPanels(DockedPanels):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.history: History | None = None
        self.selection: Selection | None = None
        # The scenario panel and the comparison, projection and phase-balance views of the
        # document (``_views``) are made in later turns than the open; the views behind a tab only
        # when their dock tab first comes to the front (or ``compare`` and the like are read): a
        # dozen charts are about a fifth of a second.
        self.veil: YearVeil | None = None
        self.workshop: WorkshopMode | None = None
        self.store = CheckpointStore()
        self._own_metrics: MetricsBridge | None = None
        self._dialogs: list[QWidget] = []
        self.scenarios_dock = self._dock(self.tr("Scenarios"), Qt.DockWidgetArea.LeftDockWidgetArea, "scenarios")
        self.compare_dock = self._dock(self.tr("Compare scenarios"), Qt.DockWidgetArea.BottomDockWidgetArea, "compare")
        self.projection_dock = self._dock(self.tr("Projection"), Qt.DockWidgetArea.BottomDockWidgetArea, "projection")
        self.phases_dock = self._dock(self.tr("Phase balance"), Qt.DockWidgetArea.BottomDockWidgetArea, "phase_balance")
        # What each dock last told of its tab (front or behind): its view computes only in front.
        self._tab_visible: dict[QDockWidget, bool] = {}
        for dock in (self.compare_dock, self.projection_dock, self.phases_dock):
            dock.visibilityChanged.connect(lambda visible, dock=dock: self._dock_visibility(dock, visible))
        window.tabifyDockWidget(self.compare_dock, self.projection_dock)
        window.tabifyDockWidget(self.projection_dock, self.phases_dock)
        # The comparison is not the tab in front at start: docked it is rarely tall enough to read
        # (about 170 px at 1366×768, 220 px at 1600×1000); brought forward by the planner, it
        # opens as a window of its own when so (see _compare_brought_forward).
        self._compare_auto_window = True
        self._floating_by_us = False
        self.compare_dock.visibilityChanged.connect(self._compare_brought_forward)
        self.compare_dock.topLevelChanged.connect(self._compare_docked_again)
        checks = window.findChild(QDockWidget, "dock_standards_checks")
        if checks is not None and not checks.isFloating():
            checks.raise_()  # the bottom tab in front at start: what the planner checks first
        self.year_slider = YearSlider()
        self.year_slider.yearChanged.connect(self.set_year)
        toolbar = window.addToolBar(self.tr("Year"))
        toolbar.setObjectName("year_toolbar")
        toolbar.addWidget(self.year_slider)
        self._build_menu()

    def _build_menu(self) -> None:
        def action(text: str, slot, shortcut: str | None = None, checkable: bool = False) -> QAction:
            item = QAction(text, self.window)
            if shortcut:
                item.setShortcut(QKeySequence(shortcut))
            item.setCheckable(checkable)
            item.triggered.connect(slot)
            return item

        self.new_action = action(self.tr("&New scenario"), lambda: self.history.push(blank_scenario(self.history.project)))
        self.duplicate_action = action(self.tr("&Duplicate active scenario"), lambda: self.history.push(
            duplicate_scenario(self.history.project, self.history.project.active_scenario_id)))
        self.compare_action = action(self.tr("&Compare scenarios"), self.show_compare)
        self.calibrate_action = action(self.tr("Ca&librate projection…"), self.open_calibration)
        self.workshop_action = action(self.tr("&Workshop mode"), self.toggle_workshop, "F11", checkable=True)
        self.mirror_action = action(self.tr("&Mirror dashboard on a second screen"), self.toggle_mirror,
                                    checkable=True)
        menu = self.window.menuBar().addMenu(self.tr("S&cenario"))
        menu.addActions([self.new_action, self.duplicate_action, self.compare_action, self.calibrate_action])
        menu.addSeparator()
        menu.addActions([self.workshop_action, self.mirror_action])

    # -- the document ------------------------------------------------------------------------------
    def bind(self, history: History, selection: Selection) -> None:
        """Show the panels for ``history``'s project; the previous document's widgets are dropped."""
        self._unbind()
        self.history, self.selection = history, selection
        self._expect("scenarios", self.scenarios_dock, self._make_scenario_panel)
        for name, dock in self._view_docks().items():
            in_front = self._tab_visible.get(dock, True)
            if not in_front:  # the previous document's view goes now; this one's comes with the tab
                self._place(dock, QWidget())
            self._expect(name, dock, lambda name=name: self._make_view(name), soon=in_front)
        canvas = getattr(self.window, "canvas", None)
        self.veil = YearVeil(history.project)
        if canvas is not None and hasattr(canvas, "extra_overlays"):
            canvas.extra_overlays.append(self.veil)
        qt_history_of(history).changed.connect(self._on_changes)
        self.year_slider.set_range(*year_range(history.project))
        self.set_year(self.year_slider.year)

    def _unbind(self) -> None:
        for dialog in self._dialogs:
            dialog.close()
        self._dialogs.clear()
        if self.workshop is not None:
            self.workshop.close_mode()
            self.workshop.deleteLater()
            self.workshop = None
            self.workshop_action.setChecked(False)
            self.mirror_action.setChecked(False)
        if self._own_metrics is not None:
            self._own_metrics.close()
            self._own_metrics.deleteLater()
            self._own_metrics = None
        for name, view in self._views.items():
            if name == "projection":
                view.close_panel()
            elif name in ("compare", "phases"):
                view.close_view()
        self._forget_panels()
        canvas = getattr(self.window, "canvas", None)
        if canvas is not None and self.veil in getattr(canvas, "extra_overlays", []):
            canvas.extra_overlays.remove(self.veil)
        self.store = CheckpointStore()

    @property
    def scenarios(self) -> ScenarioPanel | None:
        return self._panel("scenarios")

    @property
    def compare(self) -> CompareView | None:
        return self._panel("compare")

    @property
    def projection(self) -> ProjectionPanel | None:
        return self._panel("projection")

    @property
    def phases(self) -> PhaseBalanceView | None:
        return self._panel("phases")

    def _view_docks(self) -> dict[str, QDockWidget]:
        return {"compare": self.compare_dock, "projection": self.projection_dock, "phases": self.phases_dock}

    def _wanted(self, name: str) -> bool:
        # Tab fronts are known once the docks are laid out: a set installed in a shown window
        # learns them a turn or two later, before the views' turns come.
        dock = self._view_docks().get(name)
        return dock is None or self._tab_visible.get(dock, True)

    def _make_scenario_panel(self) -> ScenarioPanel:
        panel = ScenarioPanel(self.history)
        panel.compareRequested.connect(self.show_compare)
        return panel

    def _make_view(self, name: str):
        """The document's view ``name`` (``_panel`` docks it)."""
        history = self.history
        if name == "compare":
            view = CompareView(history, metrics_source=self.metrics_bridge)
            view.zoneActivated.connect(self._zone_activated)
            readout = getattr(self.window, "readout", None)  # the status bar's area unit is the planner's
            if readout is not None:
                view.set_area_unit(readout.unit)
                readout.unit_box.currentTextChanged.connect(view.set_area_unit)
        elif name == "projection":
            view = ProjectionPanel(history)
            view.calibrateRequested.connect(self.open_calibration)
            view.set_year(self.year_slider.year)
        else:
            view = PhaseBalanceView(history)
        view.set_tab_visible(self._tab_visible.get(self._view_docks()[name], True))  # before it is shown
        return view

    def _dock_visibility(self, dock: QDockWidget, visible: bool) -> None:
        self._tab_visible[dock] = visible
        name = next(n for n, d in self._view_docks().items() if d is dock)
        view = self._views.get(name)
        if view is not None:
            view.set_tab_visible(visible)
        elif visible and name in self._makers:
            # Made after the tab switch has finished: a new widget inside visibilityChanged
            # confuses the dock's layout.
            self._make_soon(name)

    def _on_changes(self, changes) -> None:
        if any(c.kind is ChangeKind.PROJECT and c.field in ("phases", "parameters", "*") for c in changes) \
                or any(c.kind in (ChangeKind.ACTIVE_SCENARIO, ChangeKind.SCENARIOS) for c in changes):
            self.year_slider.set_range(*year_range(self.history.project))

    # -- actions -----------------------------------------------------------------------------------
    def set_year(self, year: int | None) -> None:
        """Show the plan as built in ``year`` (None: build-out) on the map, projection and workshop."""
        if self.year_slider.year != year:
            self.year_slider.blockSignals(True)
            self.year_slider.set_year(year)
            self.year_slider.blockSignals(False)
            self.year_slider._changed()
        if self.veil is not None:
            self.veil.set_year(year)
        canvas = getattr(self.window, "canvas", None)
        if canvas is not None:
            canvas.update()
        projection = self._views.get("projection")
        if projection is not None:
            projection.set_year(year)
        if self.workshop is not None:
            self.workshop.show_year(year)

    def show_compare(self, a_id: str | None = None, b_id: str | None = None) -> CompareView:
        """Show the comparison; docked too small to read (a laptop, a bottom tab beside the checks),
        it opens as a window of its own over the main window (double-click its title to dock it)."""
        if a_id and b_id:
            self.compare.set_pair(a_id, b_id)
        dock = self.compare_dock
        dock.show()
        dock.raise_()
        self._open_compare_window_if_small()
        return self.compare

    def _compare_too_small(self) -> bool:
        dock = self.compare_dock
        return not dock.isFloating() and (dock.width() < COMPARE_READABLE[0] or dock.height() < COMPARE_READABLE[1])

    def _open_compare_window_if_small(self) -> None:
        dock = self.compare_dock
        if not self._compare_too_small():
            return
        self._floating_by_us = True
        dock.setFloating(True)
        frame = self.window.geometry()
        width = min(COMPARE_READABLE[0] + 200, int(frame.width() * 0.9))
        height = min(COMPARE_READABLE[1] + 200, int(frame.height() * 0.85))
        dock.setGeometry(frame.x() + (frame.width() - width) // 2, frame.y() + (frame.height() - height) // 2,
                         width, height)

    def _compare_brought_forward(self, visible: bool) -> None:
        """The planner clicked the comparison's tab (or showed it from View ▸ Panels): docked too
        small to read, it opens as its own window. Not while the window is being laid out (not
        yet active), and no more once the planner docked it back by hand: that is their choice."""
        if visible and self._compare_auto_window and self.window.isActiveWindow() and self._compare_too_small():
            # After the tab switch has finished: floating inside visibilityChanged confuses the tab bar.
            QTimer.singleShot(0, self._open_compare_window_if_small)

    def _compare_docked_again(self, floating: bool) -> None:
        if not floating and self._floating_by_us:
            self._compare_auto_window = False  # docked back by hand after it opened on its own
            self._floating_by_us = False

    def _zone_activated(self, zone_id: int) -> None:
        project = self.history.project
        if zone_id in project.active_scenario.zones:
            self.selection.set([zone_id])
            canvas = getattr(self.window, "canvas", None)
            if canvas is not None and hasattr(canvas, "zoom_to_zones"):
                canvas.zoom_to_zones([zone_id])

    def open_calibration(self) -> CalibrationDialog:
        dialog = CalibrationDialog(self.history, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._dialogs.remove(dialog) if dialog in self._dialogs else None)
        self._dialogs.append(dialog)
        dialog.show()
        return dialog

    def metrics_bridge(self) -> MetricsBridge:
        """The planning panels' bridge when installed (one engine for all), else one of our own."""
        from parkplanner.ui.planning_panels import PlanningPanels

        planning = self.window.findChild(PlanningPanels)
        if planning is not None and planning.metrics is not None and planning.metrics.history is self.history:
            return planning.metrics
        if self._own_metrics is None:
            self._own_metrics = MetricsBridge(self.history, parent=self)
        return self._own_metrics

    def workshop_mode(self) -> WorkshopMode:
        if self.workshop is None:
            self.workshop = WorkshopMode(self.window, self.history, self.metrics_bridge(), self.store,
                                         set_year=self.set_year, selection=self.selection,
                                         current_year=lambda: self.year_slider.year)
            self.workshop.activeChanged.connect(self.workshop_action.setChecked)
        return self.workshop

    def toggle_workshop(self) -> None:
        mode = self.workshop_mode()
        mode.toggle()
        self.workshop_action.setChecked(mode.active)  # the planner may choose to stay in it

    def toggle_mirror(self) -> None:
        mirror = self.workshop_mode().toggle_mirror()
        self.mirror_action.setChecked(mirror is not None)


def install_scenario_panels(window: QMainWindow, history: History | None = None,
                            selection: Selection | None = None) -> ScenarioPanels:
    """Dock the scenario panels in ``window`` and keep them on its current document."""
    panels = ScenarioPanels(window)
    bound = history is not None and selection is not None
    if bound:
        panels.bind(history, selection)
    return follow_documents(panels, bound)

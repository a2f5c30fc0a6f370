"""Puts the planning panels into a main window: zone inspector, dashboard, standards checks, and the
project-settings and sectors dialogs under a Project menu.

The main window calls ``install_planning_panels(self)`` once; the panels then follow every new or
opened document (``documentChanged``): the metrics bridge and the panel widgets are rebuilt for the
new project, history and selection while the docks and menu entries stay where the planner put them.
The dashboard's charts are kept and redrawn; the checks and the zone inspector are made in later turns.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget

from parkplanner.core.editing import History
from parkplanner.interaction.plausibility_watch import AreaJumpWatch
from parkplanner.interaction.selection import Selection
from parkplanner.ui.charts.dashboard import Dashboard
from parkplanner.ui.dialogs.project_settings import ProjectSettingsDialog
from parkplanner.ui.dialogs.sector_editor import SectorEditorDialog
from parkplanner.ui.docked_panels import DockedPanels, follow_documents
from parkplanner.ui.i18n import lang as interface_lang
from parkplanner.ui.metrics_bridge import PREPARE_AFTER_MS, MetricsBridge
from parkplanner.ui.panels.checks_panel import ChecksPanel
from parkplanner.ui.panels.inspector_panel import InspectorPanel

__all__ = ["PlanningPanels", "install_planning_panels"]

DASHBOARD_DOCK_WIDTH = 620
CHECKS_DOCK_HEIGHT = 150


class PlanningPanels(DockedPanels):
    """The planning docks of one window, rebound to each document the window shows."""

    def __init__(self, window: QMainWindow, lang: str | None = None) -> None:
        super().__init__(window)
        self.lang = lang or interface_lang()  # default: the interface language ("en"/"zh")
        self.metrics: MetricsBridge | None = None
        self.dashboard: Dashboard | None = None
        self.area_watch: AreaJumpWatch | None = None
        self._dialogs: list[QWidget] = []
        self.inspector_dock = self._dock(self.tr("Zone inspector"), Qt.DockWidgetArea.LeftDockWidgetArea, "zone_inspector")
        self.dashboard_dock = self._dock(self.tr("Dashboard"), Qt.DockWidgetArea.RightDockWidgetArea, "dashboard")
        self.checks_dock = self._dock(self.tr("Standards checks"), Qt.DockWidgetArea.BottomDockWidgetArea, "standards_checks")
        self.settings_action = QAction(self.tr("Project &settings…"), window)
        self.settings_action.triggered.connect(self.open_settings)
        self.sectors_action = QAction(self.tr("&Sectors…"), window)
        self.sectors_action.triggered.connect(self.open_sectors)
        self.chinese_action = QAction(self.tr("Chinese names in charts (中文)"), window)
        self.chinese_action.setCheckable(True)
        self.chinese_action.setChecked(self.lang.startswith("zh"))
        self.chinese_action.toggled.connect(lambda on: self.set_lang("zh" if on else "en"))
        menu = window.menuBar().addMenu(self.tr("&Project"))
        menu.addActions([self.settings_action, self.sectors_action])
        menu.addSeparator()
        menu.addAction(self.chinese_action)
        # The dashboard needs about 600 px to keep its labels; the checks table a few rows.
        window.resizeDocks([self.dashboard_dock], [DASHBOARD_DOCK_WIDTH], Qt.Orientation.Horizontal)
        window.resizeDocks([self.checks_dock], [CHECKS_DOCK_HEIGHT], Qt.Orientation.Vertical)

    def bind(self, history: History, selection: Selection) -> None:
        """Show the panels for ``history``'s project; the previous document's widgets are dropped."""
        for dialog in self._dialogs:
            dialog.close()
        self._dialogs.clear()
        if self.metrics is not None:
            self.metrics.close()
            self.metrics.deleteLater()
        self.metrics = MetricsBridge(history, parent=self, prepare_after_ms=PREPARE_AFTER_MS)
        self._forget_panels()
        # Made in later turns, the checks first: the map outlines their violations (none until then,
        # rather than the previous project's zone ids).
        canvas = getattr(self.window, "canvas", None)  # the MapCanvas; absent in a bare QMainWindow
        if canvas is not None:
            canvas.set_flagged(set())
        self._expect("checks", self.checks_dock, lambda: self._make_checks(history, selection))
        if self.dashboard is None:
            self.dashboard = Dashboard(self.metrics, selection, self.lang)
        else:  # the same charts show the new document (see Dashboard.set_document)
            self.dashboard.set_document(self.metrics, selection)
        if self.area_watch is not None:
            self.area_watch.close()
        # An edit that multiplies a zone's area is told in the status bar and listed in the checks
        # panel while the zone stays so (never blocked).
        self.area_watch = AreaJumpWatch(history, lambda text: self.window.statusBar().showMessage(text, 10_000),
                                        lambda rows: self.checks.set_edit_warnings(rows))
        self._place(self.dashboard_dock, self.dashboard)
        # After the dashboard's redraw: the inspector is a tab beside the legend on a first start.
        self._expect("inspector", self.inspector_dock, lambda: InspectorPanel(history, selection, self.lang))

    def _make_checks(self, history: History, selection: Selection) -> ChecksPanel:
        metrics = self.metrics  # the engine shown changes with the scenario: asked at each check
        checks = ChecksPanel(history.project, selection,
                             zones_larger_than=lambda limit: metrics.engine.zones_larger_than(limit))
        metrics.updated.connect(checks.update_metrics)
        checks.update_metrics(metrics.current)
        canvas = getattr(self.window, "canvas", None)  # the MapCanvas; absent in a bare QMainWindow
        if canvas is not None:
            # Zones with a violation are outlined on the map; double-clicking a violation shows it.
            checks.flagged_changed.connect(canvas.set_flagged)
            canvas.set_flagged(checks.flagged)
            checks.table.doubleClicked.connect(
                lambda index: checks.model.zone_id(index.row()) is not None
                and canvas.zoom_to_zones([checks.model.zone_id(index.row())]))
        return checks

    @property
    def checks(self) -> ChecksPanel | None:
        return self._panel("checks")

    @property
    def inspector(self) -> InspectorPanel | None:
        return self._panel("inspector")

    def set_lang(self, lang: str) -> None:
        """Chart texts, class and sector names in English ("en") or Chinese ("zh")."""
        self.lang = lang
        if self.dashboard is not None:
            self.dashboard.set_lang(lang)
        inspector = self._views.get("inspector")  # one still to be made reads ``lang`` then
        if inspector is not None:
            inspector.lang = lang
            inspector.refresh()

    def open_settings(self) -> ProjectSettingsDialog:
        return self._show(ProjectSettingsDialog(self.metrics.history, self.window))

    def open_sectors(self) -> SectorEditorDialog:
        return self._show(SectorEditorDialog(self.metrics.history, self.window))

    def _show(self, dialog):
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._dialogs.remove(dialog) if dialog in self._dialogs else None)
        self._dialogs.append(dialog)
        dialog.show()
        return dialog


def install_planning_panels(window: QMainWindow, project=None, history: History | None = None,
                            selection: Selection | None = None, lang: str | None = None) -> PlanningPanels:
    """Dock the planning panels in ``window`` and keep them on its current document.

    With ``history`` and ``selection`` given, the panels show that document; otherwise they read
    the window's ``history`` and ``selection``. ``project`` must be ``history.project`` when given.
    If the window has a ``documentChanged`` signal the panels follow each new or opened project.
    """
    panels = PlanningPanels(window, lang)
    bound = history is not None and selection is not None
    if bound:
        if project is not None and project is not history.project:
            raise ValueError("project must be the history's project")
        panels.bind(history, selection)
    return follow_documents(panels, bound)

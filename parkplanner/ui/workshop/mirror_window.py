"""A second window mirroring the dashboard, for a second screen or projector.

It shows the dashboard's own widget (charts/dashboard.py) on the same MetricsBridge, under the
active scenario's name in large type; on a machine with two screens it opens full screen on the
screen the main window is not on.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from parkplanner.core.editing.change import ChangeKind
from parkplanner.interaction.selection import Selection
from parkplanner.ui.charts.dashboard import Dashboard
from parkplanner.ui.i18n import lang as interface_lang
from parkplanner.ui.metrics_bridge import MetricsBridge
from parkplanner.ui.qt_history import qt_history_of

__all__ = ["MirrorWindow"]


class MirrorWindow(QWidget):
    def __init__(self, bridge: MetricsBridge, selection: Selection, lang: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.bridge = bridge
        self.setWindowTitle(self.tr("ParkPlanner — dashboard"))
        self.title = QLabel(self)
        font = QFont()
        font.setPointSize(26)
        font.setBold(True)
        self.title.setFont(font)
        self.dashboard = Dashboard(bridge, selection, lang or interface_lang(), self)  # default: the UI's
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.dashboard, 1)
        qt_history_of(bridge.history).changed.connect(self._on_changes)
        self._show_name()

    def close_mirror(self) -> None:
        self.close()
        self.deleteLater()  # a top-level window: nothing else deletes it, and it listens to the history

    def _on_changes(self, changes) -> None:
        if any(c.kind in (ChangeKind.ACTIVE_SCENARIO, ChangeKind.SCENARIOS) for c in changes):
            self._show_name()

    def _show_name(self) -> None:
        self.title.setText(self.bridge.project.active_scenario.name)

    def show_on_other_screen(self, main: QWidget | None) -> None:
        screens = QGuiApplication.screens()
        here = main.screen() if main is not None else None
        others = [s for s in screens if s is not here]
        if others and len(screens) > 1:
            self.setGeometry(others[0].geometry())
            self.showFullScreen()
        else:
            self.resize(900, 1000)
            self.show()

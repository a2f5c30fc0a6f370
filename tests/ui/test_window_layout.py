"""Window layout between sessions: docks added after the layout was restored still follow it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from parkplanner.ui.app import create_application
from parkplanner.ui.main_window import MainWindow


def open_window(qtbot) -> MainWindow:
    window = MainWindow()
    window.ask_unsaved = lambda: "discard"
    qtbot.addWidget(window)
    return window


def test_late_docks_take_their_saved_place_and_visibility(qtbot):
    create_application()
    first = open_window(qtbot)
    first.install_panels()
    first.resize(1200, 800)
    first.show()
    first.planning.dashboard_dock.hide()
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.planning.checks_dock)
    first.close()
    QApplication.processEvents()

    second = open_window(qtbot)
    assert second.restore_layout()
    second.show()
    second.install_panels()  # as run_gui does, after the first picture
    assert not second.planning.dashboard_dock.isVisible()
    assert second.dockWidgetArea(second.planning.checks_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert second.planning.inspector_dock.isVisible()


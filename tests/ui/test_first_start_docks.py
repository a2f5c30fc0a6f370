"""First start (no saved layout): the docks leave the map at least ~45 % of the window's width;
a restored layout is left exactly as saved."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication

from parkplanner.ui.app import create_application
from parkplanner.ui.editor_panels import install_editor_panels
from parkplanner.ui.main_window import MAP_SHARE, MainWindow
from parkplanner.ui.scenario_panels import install_scenario_panels


class _Screen:
    """A screen of the given size (the offscreen platform's own is 800×600)."""

    def __init__(self, width: int, height: int) -> None:
        self.rect = QRect(0, 0, width, height)

    def availableGeometry(self) -> QRect:  # noqa: N802 (Qt name)
        return self.rect


def _window_with_all_docks(qtbot, width: int, height: int, fresh: bool = True) -> MainWindow:
    create_application()
    if fresh:  # a first start: no layout saved by an earlier window
        QSettings().clear()
    window = MainWindow()
    window.screen = lambda: _Screen(width, height)
    window.ask_unsaved = lambda: "discard"
    qtbot.addWidget(window)
    restored = window.restore_layout()
    window.show()
    if not restored:
        window.resize(width, height)  # after show: the offscreen platform fits new windows to its 800×600
    qtbot.wait(50)  # the window laid out at its size, as before run_gui's first picture
    window.install_panels()  # as run_gui does, after the first picture
    install_editor_panels(window)
    install_scenario_panels(window)
    qtbot.wait(150)  # the balancing timer, then the layout
    return window


def _map_keeps_its_share(qtbot, window: MainWindow) -> None:
    # The dock sizes land a layout pass or two after the balancing timer: wait for them.
    qtbot.waitUntil(lambda: window.canvas.width() >= (MAP_SHARE - 0.01) * window.width(), timeout=3000)


def test_first_start_leaves_the_map_most_of_the_width(qtbot):
    window = _window_with_all_docks(qtbot, 1600, 1000)
    _map_keeps_its_share(qtbot, window)
    inspector = window.planning.inspector_dock
    # Legend, history, inspector and scenarios share one tab stack on the left.
    stacked = {dock.objectName() for dock in window.tabifiedDockWidgets(inspector)}
    assert {"dock_legend", "dock_history", "dock_scenarios"} <= stacked
    assert window.dockWidgetArea(window.planning.dashboard_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.planning.dashboard_dock.width() >= 0.25 * window.width()


def test_narrow_window_stacks_the_bottom_docks(qtbot):
    window = _window_with_all_docks(qtbot, 1366, 768)
    assert window.width() <= 1366
    bottom = [dock for dock in window.findChildren(type(window.planning.checks_dock))
              if window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea]
    checks = window.planning.checks_dock
    assert set(bottom) - {checks} <= set(window.tabifiedDockWidgets(checks))
    _map_keeps_its_share(qtbot, window)


def test_restored_layout_is_left_as_saved(qtbot):
    first = _window_with_all_docks(qtbot, 1600, 1000)
    first.close()
    QApplication.processEvents()
    second = _window_with_all_docks(qtbot, 1600, 1000, fresh=False)
    dashboard = second.planning.dashboard_dock
    second.resizeDocks([dashboard], [800], Qt.Orientation.Horizontal)
    qtbot.wait(20)
    width = dashboard.width()
    second.balance_docks()  # no first-start balancing over a restored layout
    qtbot.wait(20)
    assert dashboard.width() == width

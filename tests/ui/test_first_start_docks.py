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


def test_laptop_screen_fits_the_window_with_legible_charts_and_half_for_the_map(qtbot):
    from parkplanner.ui.charts.chart_base import SMALL_TEXT_PT
    from parkplanner.ui.charts.dashboard import MIN_TEXT_PX

    window = _window_with_all_docks(qtbot, 1366, 768)
    # Every dock together asks for less than the screen: the window (and its status bar) fits.
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.canvas.width() >= 0.5 * window.width(), timeout=3000)
    assert window.canvas.height() >= 0.5 * window.height()
    assert window.height() <= 768 and window.statusBar().geometry().bottom() <= window.height()
    # The dashboard's smallest chart text stays at least MIN_TEXT_PX (one column if need be).
    graphics = window.planning.dashboard.graphics
    qtbot.waitUntil(lambda: SMALL_TEXT_PT * graphics.logicalDpiY() / 72 * graphics.effective_zoom() >= MIN_TEXT_PX - 1e-9,
                    timeout=3000)
    # A panel taller than its dock scrolls rather than set the window's height.
    inspector = window.planning.inspector_dock
    assert window.planning.inspector is inspector.widget()  # asked for first: it may be a turn away

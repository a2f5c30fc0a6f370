"""The main window: title and modified flag, undo/redo texts, files, docks, tools driven by real input."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from parkplanner.core.editing.project_commands import SetProjectField
from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.core.io.project_file import load_project
from parkplanner.ui import main_window as main_window_module
from parkplanner.ui.canvas.status_readout import convert_area, format_area
from parkplanner.ui.dialogs.errors import ExceptionReporter
from parkplanner.ui.panels.history_panel import START_LABEL

from testkit import plain, saved_synthetic_project
from uikit import editor_window


@pytest.fixture
def window(qtbot):
    win = editor_window(qtbot)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def project_file(tmp_path):
    return saved_synthetic_project(tmp_path, 40, seed=3)


def test_opens_a_project_and_shows_its_name(window, project_file):
    assert window.open_path(project_file)
    assert window.windowHandle().title() == "ParkPlanner — Tech Town"
    assert len(window.canvas.renderer.zones) == 40
    codes = {z.code for z in window.project.active_scenario.zones.values()}
    assert [row[0] for row in window.legend_panel.rows()] and {row[0] for row in window.legend_panel.rows()} == codes
    assert window.legend_panel.list.count() == len(codes)
    assert sum(row[3] for row in window.legend_panel.rows()) == 40


def test_legend_rows_follow_edits_and_keep_their_items_while_the_classes_stay(window, project_file, qtbot):
    from shapely import affinity

    from parkplanner.core.editing.zone_commands import reshape_zone

    window.open_path(project_file)
    legend = window.legend_panel
    zones = window.project.active_scenario.zones
    zone = next(iter(zones.values()))
    row = [r[0] for r in legend.rows()].index(zone.code)
    item = legend.list.item(row)

    def tooltip_of(code) -> str:
        count = sum(z.code == code for z in zones.values())
        area = sum(z.geometry.area for z in zones.values() if z.code == code)
        return f"{count:,} zones, {area / 10_000:,.2f} ha"

    assert item.toolTip() == tooltip_of(zone.code)
    window.history.push(reshape_zone(window.project, zone.id, affinity.scale(zone.geometry, 2.0, 2.0)))
    qtbot.waitUntil(lambda: legend.list.item(row).toolTip() == tooltip_of(zone.code))
    assert legend.list.item(row) is item  # same class list: the row was updated, not rebuilt
    new_code = next(c for c in ("0701", "0901", "1401") if c not in {r[0] for r in legend.rows()})
    window.history.push(set_zone_attributes(window.project, [zone.id], {"code": new_code}))
    qtbot.waitUntil(lambda: new_code in [legend.list.item(n).data(Qt.ItemDataRole.UserRole)
                                         for n in range(legend.list.count())])
    assert [legend.list.item(n).data(Qt.ItemDataRole.UserRole) for n in range(legend.list.count())] \
        == [r[0] for r in legend.rows()]
    assert all(legend.list.item(n).toolTip() == tooltip_of(r[0]) for n, r in enumerate(legend.rows()))


def test_asterisk_while_modified(window, project_file):
    window.open_path(project_file)
    first = next(iter(window.project.active_scenario.zones))
    window.history.push(set_zone_attributes(window.project, [first], {"far": 2.5}))
    assert window.windowHandle().title() == "ParkPlanner — Tech Town*"
    assert window.isWindowModified()
    window.history.undo()
    assert window.windowHandle().title() == "ParkPlanner — Tech Town"


def test_undo_and_redo_texts_follow_the_history(window, project_file):
    window.open_path(project_file)
    first = next(iter(window.project.active_scenario.zones))
    assert not window.commands.undo.isEnabled()
    window.history.push(set_zone_attributes(window.project, [first], {"name": "Lab"}, label="Rename zone"))
    assert plain(window.commands.undo.text()) == "Undo Rename zone"
    assert not window.commands.redo.isEnabled()
    window.commands.undo.trigger()
    assert plain(window.commands.redo.text()) == "Redo Rename zone"
    assert plain(window.commands.undo.text()) == "Undo"
    assert [s.toString() for s in window.commands.redo.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]


def test_history_dock_lists_steps_and_jumps_on_click(window, project_file, qtbot):
    window.open_path(project_file)
    ids = list(window.project.active_scenario.zones)[:2]
    window.history.push(set_zone_attributes(window.project, [ids[0]], {"far": 1.1}, label="First"))
    window.history.push(set_zone_attributes(window.project, [ids[1]], {"far": 1.2}, label="Second"))
    rows = window.history_panel.list
    assert [rows.item(i).text() for i in range(rows.count())] == [START_LABEL, "First", "Second"]
    qtbot.mouseClick(rows.viewport(), Qt.MouseButton.LeftButton, pos=rows.visualItemRect(rows.item(0)).center())
    assert window.history.index == 0
    assert window.project.active_scenario.zones[ids[0]].far != 1.1


def test_zoom_to_extent_shortcut(window, project_file, qtbot):
    window.open_path(project_file)
    window.canvas.pan_by(5000, 5000)
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    minx, miny, maxx, maxy = window.canvas.viewport.map_extent()
    ex = window.canvas.renderer.extent()
    assert minx <= ex[0] and miny <= ex[1] and maxx >= ex[2] and maxy >= ex[3]


def test_draw_polygon_with_keys_and_clicks_then_undo(window, qtbot):
    canvas = window.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_P)
    assert window.tool_controller.active.name == "draw_polygon"
    assert window.commands.tools["draw_polygon"].isChecked()
    for x, y in ((100, 100), (300, 100), (300, 300), (100, 300)):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    zones = window.project.active_scenario.zones
    assert len(zones) == 1
    zone = next(iter(zones.values()))
    assert zone.area_m2 == pytest.approx(200 * 200 * canvas.viewport.pixel_size ** 2, rel=1e-6)
    assert plain(window.commands.undo.text()) == "Undo Draw zone"
    qtbot.waitUntil(lambda: window.legend_panel.list.count() == 1)  # the legend follows, once per burst
    assert window.legend_panel.rows()[0][0] == zone.code
    assert window.windowHandle().title().endswith("*")
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(zones) == 0


def test_ctrl_s_saves_and_the_file_reopens(window, project_file, qtbot, tmp_path):
    window.open_path(project_file)
    first = next(iter(window.project.active_scenario.zones))
    window.history.push(set_zone_attributes(window.project, [first], {"name": "Saved name"}))
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.windowHandle().title() == "ParkPlanner — Tech Town"
    reopened = load_project(project_file)
    assert reopened.active_scenario.zones[first].name == "Saved name"
    copy = tmp_path / "copy"
    assert window.save_as(copy)
    assert window.file_path.name == "copy.gpkg"
    assert window.open_path(window.file_path)
    assert window.project.active_scenario.zones[first].name == "Saved name"


def test_saving_and_exporting_land_a_step_still_being_made_first(window, project_file, tmp_path):
    # A workshop release at 100,000 zones lands after its worker (History.defer): Ctrl+S or an
    # export right after it must write it.
    window.open_path(project_file)
    first = next(iter(window.project.active_scenario.zones))
    window.history.defer(lambda: window.history.push(set_zone_attributes(window.project, [first], {"name": "Landed"})))
    assert window.save()
    assert load_project(project_file).active_scenario.zones[first].name == "Landed"
    assert window.windowHandle().title() == "ParkPlanner — Tech Town"  # saved with it, so clean
    window.history.defer(lambda: window.history.push(set_zone_attributes(window.project, [first], {"name": "Exported"})))
    assert window.settled_copy().active_scenario.zones[first].name == "Exported"
    assert not window.history.landing


def test_unreadable_file_explains_and_keeps_the_window(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(main_window_module, "show_error", lambda parent, title, text: shown.append(text))
    bad = tmp_path / "notes.gpkg"
    bad.write_text("not a geopackage")
    assert not window.open_path(bad)
    assert shown and "notes.gpkg" in shown[0]
    assert window.project is not None


def test_close_with_unsaved_changes_asks(window, project_file):
    window.open_path(project_file)
    first = next(iter(window.project.active_scenario.zones))
    window.history.push(set_zone_attributes(window.project, [first], {"far": 3.0}))
    asked = []
    window.ask_unsaved = lambda: asked.append(True) or "cancel"
    assert not window.close()
    assert asked and window.isVisible()
    window.ask_unsaved = lambda: "discard"
    assert window.close()


def test_add_panel_docks_and_lists_it(window):
    from PySide6.QtWidgets import QLabel

    dock = window.add_panel(QLabel("metrics"), Qt.DockWidgetArea.RightDockWidgetArea, "Dashboard")
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert "Dashboard" in [a.text() for a in window.commands.panels_menu.actions()]


def test_area_units():
    assert convert_area(10_000, "mu") == pytest.approx(15.0)
    assert format_area(12_345, "ha") == "1.23 ha"
    assert format_area(2_500_000, "km²") == "2.500 km²"
    assert format_area(666.67, "m²") == "667 m²"


def test_exception_hook_logs_and_keeps_running(tmp_path, qapp):
    reporter = ExceptionReporter(tmp_path, interactive=False)
    try:
        raise ValueError("boom")
    except ValueError as exc:
        reporter(type(exc), exc, exc.__traceback__)
    assert "ValueError: boom" in (tmp_path / "errors.log").read_text()
    assert QApplication.instance() is not None


def test_select_all_delete_and_undo_from_the_keyboard(window, project_file, qtbot):
    window.open_path(project_file)
    canvas = window.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.selection) == 40
    assert canvas.selection == window.selection.ids
    assert "40 zones selected" in window.readout.area.text()
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert len(window.project.active_scenario.zones) == 0
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.project.active_scenario.zones) == 40


def test_escape_abandons_a_drawing(window, qtbot):
    canvas = window.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_P)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 100))
    assert window.tool_controller.active.preview.handles
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert not window.tool_controller.active.preview.handles
    assert not window.history.can_undo


def test_tool_preview_is_drawn_on_the_canvas(window, qtbot):
    canvas = window.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_P)
    empty = canvas.grab().toImage().pixelColor(150, 100)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 100))
    drawn = canvas.grab().toImage().pixelColor(150, 100)  # on the rubber band's first edge
    assert drawn != empty
    assert drawn.red() > drawn.green() + 60  # the preview's red accent


def test_hovered_zone_area_in_the_chosen_unit(window, project_file, qtbot):
    window.open_path(project_file)
    zone = next(iter(window.project.active_scenario.zones.values()))
    point = zone.geometry.representative_point()
    window.readout.set_unit("mu")
    qtbot.mouseMove(window.canvas, window.canvas.viewport.map_to_screen(point.x, point.y).toPoint())
    assert format_area(zone.area_m2, "mu") in window.readout.area.text()
    assert window.readout.coordinates.text().startswith("X ")


def test_zoom_to_selection(window, project_file):
    window.open_path(project_file)
    zone = next(iter(window.project.active_scenario.zones.values()))
    window.selection.set([zone.id])
    window.commands.zoom_selection.trigger()
    minx, miny, maxx, maxy = window.canvas.viewport.map_extent()
    zx0, zy0, zx1, zy1 = zone.geometry.bounds
    assert minx <= zx0 and maxx >= zx1 and miny <= zy0 and maxy >= zy1
    assert (maxx - minx) < 4 * (zx1 - zx0) + 4 * (zy1 - zy0)


def test_a_repeating_error_shows_one_dialog(tmp_path, qapp, monkeypatch):
    from parkplanner.ui.dialogs import errors

    shown = []
    monkeypatch.setattr(errors, "show_error", lambda *args: shown.append(args[2]))
    reporter = ExceptionReporter(tmp_path, interactive=True)
    for _ in range(3):  # e.g. a failing paintEvent, called again on every repaint
        try:
            raise RuntimeError("paint failed")
        except RuntimeError as exc:
            reporter(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1 and "paint failed" in shown[0]
    assert (tmp_path / "errors.log").read_text().count("RuntimeError: paint failed") == 3


def test_keys_the_tools_decline_reach_window_shortcuts(window, qtbot):
    from PySide6.QtGui import QAction, QKeySequence

    fired = []
    other = QAction("Year slider", window)
    other.setShortcut(QKeySequence("Y"))
    other.triggered.connect(lambda: fired.append(True))
    window.addAction(other)
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Y)
    assert fired == [True]
    qtbot.keyClick(window.canvas, Qt.Key.Key_R)  # a tool shortcut: the tools take it
    assert window.tool_controller.active.name == "rectangle"
    assert window.commands.tools["rectangle"].isChecked()


def test_history_dock_and_dashboard_follow_steps_at_the_undo_limit(qtbot):
    """At the undo limit a new step pushes the oldest out: the dock shows the last steps, and the
    dashboard's faint "before" still moves with each step although the index stays the same."""
    from shapely.geometry import box

    from parkplanner.core.editing import History
    from parkplanner.core.editing.zone_commands import add_zones, set_zone_attributes
    from parkplanner.core.model.project import Project
    from parkplanner.core.model.zone import Zone
    from parkplanner.ui.metrics_bridge import MetricsBridge
    from parkplanner.ui.panels.history_panel import HistoryPanel
    from parkplanner.ui.qt_history import qt_history_of

    project = Project()
    History(project).push(add_zones(project, [Zone(1, box(0, 0, 100, 100), "100101", far=1.0)]))
    history = History(project, limit=3)
    bridge = qt_history_of(history)
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.set_history(bridge)
    metrics = MetricsBridge(history)
    for far in (2.0, 3.0, 4.0, 5.0, 6.0):
        history.push(set_zone_attributes(project, [1], {"name": f"far {far}", "far": far}))
        metrics.flush()
        panel.refresh()
    rows = [panel.list.item(r).text() for r in range(panel.list.count())]
    assert len(rows) == 4 and history.index == 3  # the start row and the three steps kept
    gfa = {"now": metrics.current["totals"]["gfa_m2"], "before": metrics.previous["totals"]["gfa_m2"]}
    assert gfa == {"now": 60_000.0, "before": 50_000.0}
    metrics.close()


def test_a_name_with_the_modified_placeholder_is_shown_as_typed(window, project_file):
    window.open_path(project_file)
    window.history.push(SetProjectField.of(window.project, "name", "Phase [*] draft"))
    assert window.windowHandle().title() == "ParkPlanner — Phase [*] draft*"

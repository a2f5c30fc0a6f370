"""What a planner meets in the first hour, driven by real Qt events on the real window: a drag on
the map selects (only a drag from a selected zone moves), Ctrl+Z reaches the history after an
action in a panel, every view of a value follows the same change."""
from __future__ import annotations

import pytest
import shapely
from PySide6.QtCore import QPoint, Qt

from parkplanner.ui.app import create_application

from testkit import saved_synthetic_project
from uikit import editor_window


@pytest.fixture
def window(qtbot, tmp_path):
    win = editor_window(qtbot)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(saved_synthetic_project(tmp_path, 40, seed=3))
    return win


def _screen(window, x: float, y: float) -> QPoint:
    return window.canvas.viewport.map_to_screen(x, y).toPoint()


def _drag(qtbot, canvas, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):  # a hand's drag: several moves, not one jump
        qtbot.mouseMove(canvas, start + (end - start) * step / 5)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)


def test_a_drag_that_starts_on_a_zone_selects_with_a_box_and_moves_nothing(window, qtbot):
    canvas = window.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_V)
    zones = window.project.active_scenario.zones
    before = {i: z.geometry for i, z in zones.items()}
    steps = window.history.index
    zone = max(zones.values(), key=lambda z: z.area_m2)
    start = _screen(window, *zone.geometry.representative_point().coords[0])
    end = start + QPoint(90, 60)
    _drag(qtbot, canvas, start, end)
    assert window.history.index == steps
    assert all(zones[i].geometry.equals_exact(g, 0) for i, g in before.items())
    # The zones the box touches, by shapely on the same box in map coordinates.
    x0, y0 = canvas.viewport.screen_to_map(start.x(), start.y())
    x1, y1 = canvas.viewport.screen_to_map(end.x(), end.y())
    area = shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    expected = {i for i, z in zones.items() if z.geometry.intersects(area)}
    assert zone.id in expected and len(expected) >= 1
    assert window.selection.ids == expected


def test_a_drag_from_a_selected_zone_moves_it_by_the_drag(window, qtbot):
    canvas = window.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_V)
    window.tool_controller.ctx.options.avoid_overlap = False  # the move itself, untrimmed
    zones = window.project.active_scenario.zones
    zone = max(zones.values(), key=lambda z: z.area_m2)
    inside = zone.geometry.representative_point().coords[0]
    start = _screen(window, *inside)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=start)  # click selects it
    assert window.selection.ids == {zone.id}
    _drag(qtbot, canvas, start, start + QPoint(40, 0))
    moved = zones[zone.id].geometry
    # 40 screen pixels to the right at the canvas's scale (snapping is off for a grab inside a zone).
    dx = 40 * canvas.viewport.pixel_size
    assert moved.centroid.x - zone.geometry.centroid.x == pytest.approx(dx, abs=1e-3)
    assert moved.centroid.y == pytest.approx(zone.geometry.centroid.y, abs=1e-3)
    assert window.history.undo_label == f"Move zone {zone.id}"


def test_status_bar_area_follows_a_vertex_drag(window, qtbot):
    from parkplanner.ui.canvas.status_readout import format_area

    canvas = window.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_V)
    window.tool_controller.ctx.options.avoid_overlap = False
    window.readout.set_unit("m²")
    zones = window.project.active_scenario.zones
    zone = max(zones.values(), key=lambda z: z.area_m2)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_screen(window, *zone.geometry.representative_point().coords[0]))
    assert format_area(zone.area_m2, window.readout.unit) in window.readout.area.text()
    # Drag one corner outwards with the vertex tool (E): the selected zone grows.
    qtbot.keyClick(canvas, Qt.Key.Key_E)
    corner = max(zone.geometry.exterior.coords[:-1], key=lambda c: c[0] + c[1])
    start = _screen(window, *corner)
    _drag(qtbot, canvas, start, start + QPoint(30, -30))
    grown = zones[zone.id]
    assert grown.area_m2 > zone.area_m2 + 1.0
    qtbot.mouseMove(canvas, QPoint(2, 2))  # off the zone: the readout shows the selection
    shown = window.readout.area.text()
    assert format_area(grown.area_m2, window.readout.unit) in shown
    assert format_area(zone.area_m2, window.readout.unit) not in shown


def test_ctrl_z_after_a_validation_fix_undoes_the_fix(qtbot):
    from PySide6.QtWidgets import QApplication

    from parkplanner.ui.editor_panels import install_editor_panels

    win = editor_window(qtbot)
    project = _sliver_project()
    win.set_document(project, None)
    win.editor = install_editor_panels(win)
    win.show()
    qtbot.waitExposed(win)
    panel = win.editor.validation
    qtbot.waitUntil(lambda: panel.checks_run > 0 and not panel.busy)
    win.editor.validation_dock.raise_()
    panel.select_problem(0)
    assert panel.problems[0].kind == "sliver"
    before = win.history.index
    qtbot.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)
    assert win.history.index == before + 1 and 2 not in project.active_scenario.zones
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.canvas, timeout=2000)
    sliver = panel.sliver_box.value()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert win.history.index == before and 2 in project.active_scenario.zones
    assert panel.sliver_box.value() == sliver
    # In the spin box without typing, Ctrl+Y still reaches the history...
    panel.sliver_box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.sliver_box, timeout=2000)
    qtbot.keyClick(panel.sliver_box, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert win.history.index == before + 1
    # ...but once the planner types in it, Ctrl+Z undoes the typing, not the plan.
    qtbot.keyClick(panel.sliver_box, Qt.Key.Key_5)
    qtbot.keyClick(panel.sliver_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert win.history.index == before + 1


def _sliver_project():
    from shapely.geometry import box

    from parkplanner.core.model.project import Project
    from parkplanner.core.model.zone import Zone

    project = Project()
    project.boundary = box(0, 0, 200, 100.2)
    project.active_scenario.zones.update({1: Zone(1, box(0, 0, 200, 100), "1401"),
                                          2: Zone(2, box(0, 100, 200, 100.2), "1401")})  # a 40 m² sliver
    return project


def test_a_vertex_dragged_far_away_is_told_in_the_status_bar_and_a_huge_zone_in_the_checks(qtbot, tmp_path):
    from shapely.geometry import box

    from parkplanner.core.model.project import Project
    from parkplanner.core.model.zone import Zone

    win = editor_window(qtbot)
    project = Project()
    project.boundary = box(0, 0, 300, 300)  # 9 ha
    project.active_scenario.zones.update({1: Zone(1, box(0, 0, 100, 100), "1001", far=1.0),
                                          2: Zone(2, box(200, 200, 300, 300), "1001", far=1.0)})
    win.set_document(project, None)
    planning = win.install_panels()
    win.show()
    qtbot.waitExposed(win)
    canvas = win.canvas
    canvas.set_viewport(canvas.viewport.fitted_to((-50, -50, 1100, 1100)))  # room to drag out to (1000, 1000)
    canvas.setFocus()
    win.tool_controller.ctx.options.avoid_overlap = False
    win.selection.set([1])
    qtbot.keyClick(canvas, Qt.Key.Key_E)
    # Drag the corner (100, 100) out to about (1000, 1000): 1 ha becomes about 10 ha (shoelace of
    # (0,0), (100,0), (1000,1000), (0,100)), more than x3 and more than the 9 ha boundary.
    _drag(qtbot, canvas, _screen(win, 100, 100), _screen(win, 1000, 1000))
    grown = project.active_scenario.zones[1].area_m2
    assert grown > 3 * 10_000
    message = win.statusBar().currentMessage()
    assert message.startswith("Check zone 1: one edit changed its area from 1.00 ha to ")
    assert f"({'×'}{grown / 10_000:.1f})" in message
    assert 95_000 < grown < 105_000
    # A zone larger than the boundary is listed in the standards checks, and the edit still stands.
    qtbot.waitUntil(lambda: bool(planning.checks.model.rows) and planning.checks.model.rows[0]["zone_id"] == 1,
                    timeout=5000)
    # The x3 jump is a row of the checks panel too (first), beside the zone larger than the boundary.
    qtbot.waitUntil(lambda: [r["rule"] for r in planning.checks.model.rows[:2]]
                    == ["PLAUSIBLE_AREA_JUMP", "PLAUSIBLE_ZONE_AREA"], timeout=5000)
    jump = planning.checks.model.rows[0]
    assert jump["zone_id"] == 1 and jump["value"] == pytest.approx(grown / 10_000, rel=1e-9)
    table = planning.checks.model
    assert table.data(table.index(0, 3)) == "≤ 3"
    assert table.data(table.index(0, 1)).startswith("One edit changed the zone's area from 1.00 ha to ")
    assert planning.checks.summary.text().startswith("2 plausibility warnings")
    assert project.active_scenario.zones[1].area_m2 == grown  # nothing blocked
    # Undo takes the edit back, and its row with it; the status bar said it once, the panel kept it till then.
    win.activateWindow()  # the window's shortcuts reach an active window
    qtbot.waitUntil(win.isActiveWindow, timeout=2000)
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.active_scenario.zones[1].area_m2 == pytest.approx(10_000, abs=0.01)
    qtbot.waitUntil(lambda: not any(r["rule"].startswith("PLAUSIBLE") for r in planning.checks.model.rows),
                    timeout=5000)
    assert planning.checks.edit_warnings == []


def test_replace_what_it_covers_lets_a_zone_be_drawn_over_parcels(qtbot):
    from PySide6.QtCore import QSettings
    from shapely.geometry import box

    from parkplanner.core.model.project import Project
    from parkplanner.core.model.zone import Zone
    from parkplanner.ui.editor_panels import install_editor_panels

    create_application()
    QSettings().remove("editing/replace_covered")
    win = editor_window(qtbot)
    project = Project()
    project.active_scenario.zones.update({1: Zone(1, box(0, 0, 100, 100), "1001"),
                                          2: Zone(2, box(100, 0, 200, 100), "1001")})
    win.set_document(project, None)
    win.editor = install_editor_panels(win)
    win.show()
    qtbot.waitExposed(win)
    canvas = win.canvas
    canvas.set_viewport(canvas.viewport.fitted_to((-20, -20, 220, 120)))
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_R)
    _drag(qtbot, canvas, _screen(win, 20, 20), _screen(win, 80, 80))  # wholly on zone 1: refused
    assert len(project.active_scenario.zones) == 2
    assert "Replace what it covers" in win.statusBar().currentMessage()
    box_widget = win.editor.options_bar.replace_box
    qtbot.mouseClick(box_widget, Qt.MouseButton.LeftButton, pos=box_widget.rect().center())
    assert win.tool_controller.ctx.options.replace_covered
    canvas.setFocus()
    _drag(qtbot, canvas, _screen(win, 20, 20), _screen(win, 80, 80))
    zones = project.active_scenario.zones
    assert len(zones) == 3 and zones[1].area_m2 < 10_000 - 3_000  # zone 1 lost what the new one covers
    new = zones[3]
    assert abs(zones[1].area_m2 + new.area_m2 - 10_000) < 0.01  # nothing double-counted
    QSettings().remove("editing/replace_covered")

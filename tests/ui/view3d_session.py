"""The 3D view in a real main window, driven like a planner would; run by test_view3d.py in its own
process on an Xvfb display with Qt's xcb platform (OpenGL through Mesa's llvmpipe).

Prints one JSON line of what it saw; saves screenshots into the folder given as second argument.
Usage: python view3d_session.py LANGUAGE OUT_FOLDER WIDTHxHEIGHT
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QVector4D
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget


def wait_for(predicate, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QTest.qWait(50)
        if predicate():
            return True
    return False


def screen_point(gl_view, x: float, y: float, z: float) -> QPoint:
    """Widget pixel of scene point (x, y, z): the view's own projection, as OpenGL draws it."""
    w, h = gl_view.width(), gl_view.height()
    p = (gl_view.projectionMatrix((0, 0, w, h), (0, 0, w, h)) * gl_view.viewMatrix()).map(QVector4D(x, y, z, 1.0))
    return QPoint(round((p.x() / p.w() + 1) / 2 * w), round((1 - p.y() / p.w()) / 2 * h))


def main() -> int:
    language, out, size = sys.argv[1], Path(sys.argv[2]), tuple(int(v) for v in sys.argv[3].split("x"))
    from parkplanner.ui.app import create_application

    app = create_application(["parkplanner"])
    from parkplanner.core.editing.zone_commands import set_zone_attributes
    from parkplanner.core.resources import sample_project_path
    from parkplanner.ui import i18n
    from parkplanner.ui.main_window import MainWindow
    from parkplanner.ui.scenario_panels import install_scenario_panels
    from parkplanner.ui.view3d.panels import install_view3d

    i18n.install_translators(app, language)
    window = MainWindow()
    window.ask_unsaved = lambda: "discard"
    window.open_path(sample_project_path())
    window.install_panels()
    scenario_panels = install_scenario_panels(window)
    panels = install_view3d(window)
    report: dict = {"platform": app.platformName(), "unavailable": panels.unavailable}
    if panels.unavailable is not None:
        print(json.dumps(report))
        return 0
    window.setGeometry(0, 0, *size)
    window.show()
    for dock in window.findChildren(QDockWidget):
        dock.setVisible(dock.objectName().removeprefix("dock_") in ("legend", "zone_inspector", "view_3d"))
    view = panels.view
    report["built"] = wait_for(lambda: view is not None and view.scene is not None)
    scene = view.scene
    project = window.project
    report["zones"] = len(scene)
    report["dock_title"] = panels.dock.windowTitle()
    report["top_button"] = view.view_buttons["top"].text()
    # The sample has context roads; the base map is painted on a worker.
    report["base_map"] = wait_for(lambda: view.gl.scene_items.ground is not None)
    view.base_map.setChecked(False)
    report["base_map_off"] = view.gl.scene_items.ground is None
    view.base_map.setChecked(True)
    # Click the roof of the tallest building from the top view: the zone is selected everywhere.
    QTest.keyClick(view.gl, Qt.Key.Key_T)
    QTest.qWait(300)
    tallest = max(scene.height, key=scene.height.get)
    centre = scene.footprint[tallest].representative_point()
    point = screen_point(view.gl, centre.x - scene.origin[0], centre.y - scene.origin[1], scene.height[tallest])
    QTest.mouseClick(view.gl, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.qWait(200)
    report["clicked"] = tallest
    report["selected"] = sorted(window.selection.ids)
    # Moving the camera draws the lighter scene; a click then still picks from the full scene's
    # geometry; once still for a moment the full scene is back.
    items = view.gl.scene_items
    report["moving_made"] = wait_for(lambda: items.moving is not None)  # on a worker after the build
    window.selection.clear()
    view.gl.orbit(0.0, 0.0)  # the camera "moves" without going anywhere: the same pixel, the same roof
    report["moving"] = items.is_moving and items.boxes_item.visible() and not any(
        m.visible() for m in items.meshes.values())
    view.gl.grabFramebuffer().save(str(out / f"moving3d_{language}_{size[0]}x{size[1]}.png"))
    QTest.mouseClick(view.gl, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    report["selected_while_moving"] = sorted(window.selection.ids)
    report["still_again"] = wait_for(lambda: not items.is_moving, 2.0) and all(
        m.visible() for m in items.meshes.values() if len(m.batch))
    # An edit of that zone: its triangles are rewritten in place, not rebuilt.
    batch = scene.batches[scene.zone_class[tallest]]
    arrays = batch.vertices
    window.history.push(set_zone_attributes(project, [tallest], {"height_m": 150.0}))
    QTest.qWait(200)
    report["in_place"] = view.scene is scene and batch.vertices is arrays and batch.changed_range is not None
    report["height_after_edit"] = view.scene.height[tallest]
    boxes = items.moving.boxes
    report["box_after_edit"] = float(boxes.height[boxes.row[tallest]])
    window.history.undo()
    QTest.qWait(200)
    report["height_after_undo"] = view.scene.height[tallest]
    QTest.keyClick(view.gl, Qt.Key.Key_Z)  # south-west oblique for the picture
    QTest.qWait(500)
    QGuiApplication.primaryScreen().grabWindow(0).save(str(out / f"view3d_{language}_{size[0]}x{size[1]}.png"))
    # The year slider: in the first start year nothing stands yet (construction begins).
    first = min(project.zone_start_year(z) for z in project.active_scenario.zones.values()
                if project.zone_start_year(z) is not None)
    scenario_panels.set_year(first)
    report["standing_in_first_year"] = len(view.scene) if wait_for(lambda: view.scene.year == first) else None
    scenario_panels.set_year(None)
    wait_for(lambda: view.scene.year is None)
    # Another scenario for comparison: shown, and clicks there do not change the selection.
    other = next((s for s in project.scenarios if s.id != project.active_scenario_id), None)
    if other is not None:
        view.show_scenario(other.id)
        wait_for(lambda: not view._building and len(view.scene) == len(other.zones))
        report["other_scenario_zones"] = (len(view.scene), len(other.zones))
    view.show_scenario(None)
    # A/B side by side: the other scenario beside the active one, one camera for both.
    if other is not None:
        view.compare_with(other.id)
        report["compared"] = wait_for(lambda: view.side.scene is not None)
        report["compared_zones"] = (len(view.side.scene), len(other.zones)) if report["compared"] else None
        QTest.qWait(300)
        start = view.side.gl.cameraParams()["azimuth"]
        view.gl.orbit(30.0, 0.0)  # as a drag on A does
        report["b_followed_orbit"] = view.side.gl.cameraParams()["azimuth"] - start
        QTest.keyClick(view.side.gl, Qt.Key.Key_T)  # a standard view on B moves A too
        report["a_followed_top"] = view.gl.cameraParams()["elevation"]
        QTest.keyClick(view.gl, Qt.Key.Key_Z)
        QTest.qWait(500)
        QGuiApplication.primaryScreen().grabWindow(0).save(str(out / f"compare3d_{language}_{size[0]}x{size[1]}.png"))
        report["compare_title"] = other.name in view.side.title.text()
        view.compare_with(None)
        report["compare_hidden"] = view.side.isHidden()
    # Workshop mode: the 3D view is a tab beside the map.
    workshop = scenario_panels.workshop_mode()
    screen = workshop.enter()
    tabs = screen.view_tabs
    report["workshop_tabs"] = [tabs.tabText(i) for i in range(tabs.count())] if tabs is not None else []
    if tabs is not None:
        tabs.setCurrentIndex(1)
        report["workshop_built"] = wait_for(lambda: workshop._view3d.scene is not None)
        QTest.qWait(500)
        QGuiApplication.primaryScreen().grabWindow(0).save(str(out / f"workshop3d_{language}_{size[0]}x{size[1]}.png"))
    workshop.leave()
    window.close()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

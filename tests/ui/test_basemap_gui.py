"""File ▸ Add Base Map… and the Base Maps panel: the raster is tiled on a worker, enters the project
as one undo step, shows beneath the zones in its own colours (or grey), and is saved with the
project; a raster that cannot be placed gives one dialog and changes nothing."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox

from basemap_rasters import block_image, needs_osgeo, read_tiles, write_raster

from parkplanner.core.io.project_file import load_project
from parkplanner.ui import basemap_actions
from parkplanner.ui.app import create_application
from parkplanner.ui.basemap_actions import install_basemap_actions
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.file_actions import install_file_actions
from parkplanner.ui.main_window import MainWindow
from parkplanner.ui.settings import Settings

from testkit import plain, saved_synthetic_project

pytestmark = needs_osgeo


@pytest.fixture
def window(qtbot, tmp_path):
    create_application()
    win = MainWindow()
    win.ask_unsaved = lambda: "discard"
    install_file_actions(win)
    install_basemap_actions(win)
    qtbot.addWidget(win)
    win.show()
    win.open_path(saved_synthetic_project(tmp_path, 40, seed=6))
    yield win
    # Qt keeps the settings file it first opened for the whole process, so the projects opened
    # here would otherwise head Open Recent in later test modules.
    Settings().set_recent_files([])


def finish(qtbot, handle):
    with qtbot.waitSignal(handle.finished, timeout=60_000):
        pass
    return handle


def open_georef(qtbot, handle):
    """The georeferencing dialog, once the scan is read (a task)."""
    assert finish(qtbot, handle).error is None, handle.error
    return handle.parent().basemap_actions.dialog


def _west_of_zones(window, tmp_path):
    """A 2 m raster 400 m wide, wholly west of the zones, so nothing covers it on the map."""
    minx, miny, maxx, maxy = window.canvas.renderer.zones.extent()
    left, top = minx - 500, maxy
    pixels = block_image(200, 200)
    path = write_raster(tmp_path / "aerial.tif", pixels, "GTiff", (left, 2, 0, top, 0, -2), 4548)
    return path, pixels, (left, top)


def _colour_at(window, x, y) -> QColor:
    window.canvas.flush_changes()  # what the canvas's timer does after a burst of edits
    renderer = window.canvas.renderer
    view = Viewport(200, 200, x, y, 1.0).with_origin(*renderer.origin)  # 1 m per pixel around (x, y)
    return renderer.render_image(view).pixelColor(100, 100)


def test_added_base_map_is_drawn_beneath_and_undoable(window, qtbot, tmp_path):
    path, pixels, (left, top) = _west_of_zones(window, tmp_path)
    menu = [plain(a.text()) for a in window.commands.file_menu.actions()]
    assert menu.index("Add Base Map…") == menu.index("Import Context Layer…") + 1
    handle = finish(qtbot, window.basemap_actions.add_basemap(path))
    assert handle.error is None, handle.error
    assert [b.name for b in window.project.basemaps] == ["aerial"]
    assert window.history.undo_label == "Add base map aerial"
    # Map point 100 m east, 101 m south of the raster's corner is its pixel (50, 50) (2 m pixels,
    # the point in the middle of pixel row 50.5): the block colour there, within JPEG's error.
    x, y = left + 101, top - 101
    expected = pixels[:, 50, 50]
    colour = _colour_at(window, x, y)
    assert [colour.red(), colour.green(), colour.blue()] == pytest.approx(expected.tolist(), abs=12)

    panel = window.basemap_actions.panel
    grey = next(box for box in panel.findChildren(QCheckBox) if box.text() == "Grey")
    grey.setChecked(True)
    assert window.project.basemaps[0].greyscale
    colour = _colour_at(window, x, y)
    assert colour.red() == colour.green() == colour.blue()
    window.history.undo()
    window.history.undo()
    assert window.project.basemaps == ()
    assert _colour_at(window, x, y) != colour


def test_base_map_is_saved_into_the_project_file(window, qtbot, tmp_path):
    path, _, _ = _west_of_zones(window, tmp_path)
    assert finish(qtbot, window.basemap_actions.add_basemap(path)).error is None
    target = tmp_path / "with_basemap.gpkg"
    assert window.save_as(target)
    reopened = load_project(target)
    assert [(b.name, b.table, b.origin) for b in reopened.basemaps] == [("aerial", "basemap__1", "aerial.tif")]


def test_cancelling_the_tiling_adds_nothing_and_leaves_no_file(window, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(basemap_actions, "show_error", lambda *args: shown.append(args))
    minx, _, _, maxy = window.canvas.renderer.zones.extent()
    path = write_raster(tmp_path / "large.tif", block_image(3000, 3000), "GTiff", (minx, 0.5, 0, maxy, 0, -0.5), 4548)
    handle = window.basemap_actions.add_basemap(path)
    handle.cancel()  # at once: the tiling of 3,000 x 3,000 px has not got far
    finish(qtbot, handle)
    assert handle.was_cancelled and shown == []
    assert window.project.basemaps == () and window.history.undo_label != "Add base map large"
    assert list(Path(window.basemap_actions._staging()).iterdir()) == []


def test_a_raster_without_georeferencing_gives_one_dialog(window, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(basemap_actions, "show_error", lambda parent, title, text: shown.append((title, text)))
    plain_png = write_raster(tmp_path / "scan.png", block_image(64, 64), "PNG")
    before = window.history.undo_label
    handle = finish(qtbot, window.basemap_actions.add_basemap(plain_png))
    assert handle.error is not None
    assert shown == [("Cannot add the base map", "scan.png: the image has no georeferencing and no world file "
                                                  "(.jgw/.pgw/.tfw): georeference it with control points instead")]
    assert window.project.basemaps == () and window.history.undo_label == before


def test_georeferencing_dialog_fits_live_and_adds_the_scan(window, qtbot, tmp_path):
    from PySide6.QtCore import QPoint

    scan = write_raster(tmp_path / "master_plan.png", block_image(300, 200), "PNG")
    dialog = open_georef(qtbot, window.basemap_actions.georeference(scan))
    minx, miny, maxx, maxy = window.canvas.renderer.zones.extent()
    # The scan at 2 m per pixel from the zones' top-left corner: the map points by hand.
    corners = [(0, 0), (300, 0), (0, 200)]
    for n, (col, row) in enumerate(corners):
        dialog.new_point()
        dialog.set_image_point(col, row)
        if n < 2:
            dialog.set_map_point(minx + 2 * col, maxy - 2 * row)
    assert not dialog.add_button.isEnabled()  # two complete points: no fit yet
    assert dialog.status.text() == "2 of 3 points placed on both the scan and the map"
    # The third map point from a click on the map (the view is zoomed so the snap radius is tiny).
    canvas = window.canvas
    canvas.set_viewport(canvas.viewport.fitted_to((minx - 10, maxy - 410, minx + 10, maxy - 390), margin=0))
    dialog.pick_on_map()
    target = canvas.viewport.map_to_screen(minx, maxy - 400)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(target.x()), round(target.y())))
    x, y = dialog.points[2][2:]
    assert (x, y) == pytest.approx((minx, maxy - 400), abs=canvas.viewport.pixel_size)
    assert dialog.add_button.isEnabled() and dialog.preview.fit is not None
    assert max(dialog.preview.fit.residuals) == pytest.approx(0, abs=canvas.viewport.pixel_size)
    assert dialog.status.text().startswith("RMS ")
    assert dialog.table.item(0, 4).text() != ""
    assert dialog.preview in canvas.extra_overlays

    dialog.accept()
    qtbot.waitUntil(lambda: len(window.project.basemaps) == 1, timeout=60_000)
    basemap = window.project.basemaps[0]
    assert basemap.name == "master_plan" and '"method": "affine"' in basemap.control_points
    assert dialog.preview not in canvas.extra_overlays  # the preview goes with the dialog


def test_collinear_control_points_keep_the_add_button_off(window, qtbot, tmp_path):
    scan = write_raster(tmp_path / "scan.png", block_image(100, 100), "PNG")
    dialog = open_georef(qtbot, window.basemap_actions.georeference(scan))
    for n in range(3):
        dialog.new_point()
        dialog.set_image_point(10 * n, 10 * n)
        dialog.set_map_point(500_000 + 10 * n, 4_380_000 + 5 * n)
    assert not dialog.add_button.isEnabled()
    assert "one line in the image" in dialog.status.text()
    dialog.reject()


# -- control points edited again ------------------------------------------------------------------
def _georeferenced_project(window, tmp_path, mistake=(60.0, -30.0)):
    """The window's project with a scan 300 x 200 px at 2 m per pixel west of the zones, placed by
    the CLI from its four corners, the third one's map point mistyped by ``mistake``; reopened."""
    import sqlite3

    from parkplanner.cli import main

    minx, miny, maxx, maxy = window.canvas.renderer.zones.extent()
    left, top = minx - 800, maxy
    pixels = block_image(300, 200)
    scan = write_raster(tmp_path / "plan.png", pixels, "PNG")
    path = tmp_path / "traced.gpkg"
    assert window.save_as(path)
    points = [(c, r, left + 2 * c, top - 2 * r) for c, r in ((0, 0), (300, 0), (300, 200), (0, 200))]
    typed = [*points[:2], (300, 200, points[2][2] + mistake[0], points[2][3] + mistake[1]), points[3]]
    gcps = [a for p in typed for a in ("--gcp", ",".join(f"{v:.3f}" for v in p))]
    assert main(["basemap", "georef", str(path), str(scan), *gcps]) == 0
    con = sqlite3.connect(path)
    con.execute("UPDATE basemaps SET opacity = 0.7")  # a display setting the warp must keep
    con.commit()
    con.close()
    assert window.open_path(path)
    return scan, pixels, (left, top), points


def _cell_text(qtbot, table, row, column, text):
    """Type ``text`` into a cell as a planner does: click it, F2, replace the text, Enter."""
    from PySide6.QtWidgets import QLineEdit

    item = table.item(row, column)
    table.scrollToItem(item)
    table.window().activateWindow()  # the planner's click brings the dialog to the front
    qtbot.waitUntil(table.window().isActiveWindow)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(item).center())
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == table.State.EditingState
    [editor] = [w for w in table.viewport().findChildren(QLineEdit) if w.isVisible()]
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)  # the delegate commits queued


def _click_row(qtbot, table, row):
    item = table.item(row, 0)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(item).center())


def test_saved_control_points_are_edited_and_the_scan_warped_again_as_one_undo_step(window, qtbot, tmp_path):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtWidgets import QLabel, QPushButton

    from parkplanner.core.io.basemap_georef import points_from_json

    scan, pixels, (left, top), points = _georeferenced_project(window, tmp_path)
    before = window.project.basemaps[0]
    panel = window.basemap_actions.panel
    assert "RMS 16.77 m (4 points)" in [label.text() for label in panel.findChildren(QLabel)]
    points_button = next(b for b in panel.findChildren(QPushButton) if b.text() == "Control Points…")
    qtbot.mouseClick(points_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.basemap_actions.dialog is not None, timeout=60_000)  # the scan is read
    dialog = window.basemap_actions.dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Control Points of plan"
    assert dialog.table.rowCount() == 4 and dialog.method.currentData() == "affine"
    # The mistake of (60, -30) m spread over four corners: each residual a quarter of its length.
    assert [float(dialog.table.item(r, 4).text()) for r in range(4)] == pytest.approx([67.082 / 4] * 4, abs=2e-3)
    assert dialog.status.text() == "RMS 16.771 m over 4 points"
    assert dialog.add_button.text() == "Warp Again"
    assert dialog.preview.fit is not None and len(dialog.preview.map_points) == 4

    # Move: the third point's map X and Y typed right.
    _cell_text(qtbot, dialog.table, 2, 2, f"{points[2][2]:.3f}")
    _cell_text(qtbot, dialog.table, 2, 3, f"{points[2][3]:.3f}")
    assert dialog.status.text() == "RMS 0.000 m over 4 points"
    qtbot.wait(300)  # Enter ends the cell's editing, never presses Warp Again (its click is animated)
    assert dialog.isVisible() and window.project.basemaps == (before,)
    # Delete: the fourth point; then projective needs four again.
    _click_row(qtbot, dialog.table, 3)
    qtbot.mouseClick(next(b for b in dialog.findChildren(QPushButton) if b.text() == "Remove Point"),
                     Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 3 and dialog.add_button.isEnabled()
    dialog.method.setFocus()
    qtbot.keyClick(dialog.method, Qt.Key.Key_Down)
    assert dialog.method.currentData() == "projective"
    assert not dialog.add_button.isEnabled()
    assert dialog.status.text() == "3 of 4 points placed on both the scan and the map"
    # Add: a new point, its image position by a double-click on the scan, its map position by a
    # click on the map (zoomed in so the snap radius is a fraction of a metre).
    qtbot.mouseClick(next(b for b in dialog.findChildren(QPushButton) if b.text() == "New Point"),
                     Qt.MouseButton.LeftButton)
    view, canvas = dialog.view, window.canvas

    def place(col, row):
        """Double-click the scan at (col, row), then Pick on Map and click its true map point."""
        view.centerOn(QPointF(col * view.scale_factor, row * view.scale_factor))
        at = view.mapFromScene(QPointF(col * view.scale_factor, row * view.scale_factor))
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
        placed_col, placed_row = dialog.points[3][:2]
        assert (placed_col, placed_row) == pytest.approx((col, row), abs=1.0)  # a screen pixel of the view
        x, y = left + 2 * placed_col, top - 2 * placed_row
        canvas.set_viewport(canvas.viewport.fitted_to((x - 10, y - 10, x + 10, y + 10), margin=0))
        qtbot.mouseClick(next(b for b in dialog.findChildren(QPushButton) if b.text() == "Pick on Map"),
                         Qt.MouseButton.LeftButton)
        target = canvas.viewport.map_to_screen(x, y)
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(target.x()), round(target.y())))

    # The scan's centre lies on the diagonal through two other points: refused in words.
    place(150, 100)
    assert not dialog.add_button.isEnabled()
    assert "no three of them may lie on one line" in dialog.status.text()
    place(60, 170)  # moved off it
    assert dialog.add_button.isEnabled() and dialog.result.method == "projective"
    assert dialog.result.rms == pytest.approx(0, abs=canvas.viewport.pixel_size)

    undo_before = window.history.undo_label
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.history.undo_label == "Georeference base map plan", timeout=60_000)
    [after] = window.project.basemaps
    assert (after.name, after.opacity) == ("plan", 0.7)
    qtbot.waitUntil(lambda: "RMS 0.00 m (4 points)" in [label.text() for label in panel.findChildren(QLabel)])
    saved = points_from_json(after.control_points)
    assert saved.method == "projective" and len(saved.points) == 4
    assert saved.scan == str(scan.resolve()) and saved.size == (300, 200)
    # GDAL reads the new tiles where the corrected points put them: 2 m pixels from (left, top).
    read = read_tiles(Path(after.source), after.table)
    assert read["geotransform"] == pytest.approx([left, 2, 0, top, 0, -2], abs=0.05)
    # The canvas draws it at the opacity kept (0.7 over the map's background): the middle of a block
    # 100 m east, 101 m south of the corner.
    background = _colour_at(window, left - 5000, top + 5000)
    colour = _colour_at(window, left + 101, top - 101)
    expected = 0.7 * pixels[:, 50, 50] + 0.3 * np.array([background.red(), background.green(), background.blue()])
    assert [colour.red(), colour.green(), colour.blue()] == pytest.approx(expected.tolist(), abs=12)

    window.history.undo()
    assert window.project.basemaps == (before,) and window.history.undo_label == undo_before
    window.history.redo()
    assert window.project.basemaps == (after,)
    assert window.save()
    reopened = load_project(window.file_path)
    assert points_from_json(reopened.basemaps[0].control_points).method == "projective"


def test_georeference_scan_offers_the_saved_points_and_asks_for_a_moved_scan(window, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(basemap_actions, "show_error", lambda parent, title, text: shown.append((title, text)))
    scan, _, _, _ = _georeferenced_project(window, tmp_path)
    actions = window.basemap_actions
    (tmp_path / "elsewhere").mkdir()
    other = write_raster(tmp_path / "elsewhere" / "plan.png", block_image(64, 64), "PNG")  # not the scan
    moved = tmp_path / "elsewhere" / "plan moved.png"
    scan.rename(moved)  # neither where it was nor beside the project under its name
    offered, asked = [], []
    actions.ask_which_scan = lambda names: offered.append(names) or 1
    actions.ask_missing_scan = lambda name: asked.append(name) or str(other)
    before, label = window.project.basemaps, window.history.undo_label
    actions.georef_action.trigger()  # File ▸ Georeference Scan…
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=60_000)  # once the scan is read
    assert offered == [["plan"]] and asked == ["plan.png"]
    # The image given is not the scan the points were placed on: one dialog, nothing changed.
    assert shown == [("Cannot edit the control points", "plan.png: 64 x 64 pixels, but the control points were "
                                                        "placed on a scan of 300 x 200: choose that scan")]
    assert actions.dialog is None and window.project.basemaps == before and window.history.undo_label == label
    actions.ask_missing_scan = lambda name: str(moved)
    actions.georef_action.trigger()
    qtbot.waitUntil(lambda: actions.dialog is not None, timeout=60_000)
    assert actions.dialog.table.rowCount() == 4 and len(shown) == 1
    actions.dialog.reject()
    assert window.project.basemaps == before


def test_bad_rasters_in_the_gui_give_one_dialog_after_the_progress_window(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication, QProgressDialog

    shown = []

    def record(parent, title, text):
        progress = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        shown.append((title, text, len(progress)))

    monkeypatch.setattr(basemap_actions, "show_error", record)
    minx, _, _, maxy = window.canvas.renderer.zones.extent()
    good = write_raster(tmp_path / "good.tif", block_image(64, 64), "GTiff", (minx, 1, 0, maxy, 0, -1), 4548)
    corrupt = tmp_path / "corrupt.tif"
    corrupt.write_bytes(good.read_bytes()[:2000])
    world = write_raster(tmp_path / "world.png", block_image(64, 64), "PNG")
    world.with_suffix(".pgw").write_text(f"1.0\n0.0\n0.0\n-1.0\n{minx + 0.5}\n{maxy - 0.5}\n")
    before, label = window.project.basemaps, window.history.undo_label
    engineering = ('ENGCRS["site grid",EDATUM["site"],CS[Cartesian,2],AXIS["x",east],AXIS["y",north],'
                   'LENGTHUNIT["metre",1]]')
    asked = []
    window.basemap_actions.ask_crs = lambda name, default: asked.append(name) or engineering
    for path in (corrupt, world):
        handle = finish(qtbot, window.basemap_actions.add_basemap(path))
        assert handle.error is not None
    assert asked == ["world.png"]  # a world file but no CRS: the planner typed one PROJ cannot relate
    assert [(title, count) for title, _, count in shown] == [("Cannot add the base map", 0)] * 2
    assert "corrupt.tif" in shown[0][1] and "damaged" in shown[0][1]
    assert shown[1][1].startswith("world.png: cannot be transformed from site grid to the project CRS")
    assert window.project.basemaps == before and window.history.undo_label == label
    # A damaged scan to georeference: one dialog after the progress window, no georeferencing dialog.
    assert finish(qtbot, window.basemap_actions.georeference(corrupt)).error is not None
    assert shown[2][0] == "Cannot georeference the scan" and shown[2][2] == 0
    assert shown[2][1].startswith("corrupt.tif: ") and "damaged" in shown[2][1]
    assert window.basemap_actions.dialog is None and window.project.basemaps == before

"""File ▸ Add Base Map… and the Base Maps panel: the raster is tiled on a worker, enters the project
as one undo step, shows beneath the zones in its own colours (or grey), and is saved with the
project; a raster that cannot be placed gives one dialog and changes nothing."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox

from basemap_rasters import block_image, needs_osgeo, write_raster
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
    dialog = window.basemap_actions.georeference(scan)
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


def test_collinear_control_points_keep_the_add_button_off(window, tmp_path):
    scan = write_raster(tmp_path / "scan.png", block_image(100, 100), "PNG")
    dialog = window.basemap_actions.georeference(scan)
    for n in range(3):
        dialog.new_point()
        dialog.set_image_point(10 * n, 10 * n)
        dialog.set_map_point(500_000 + 10 * n, 4_380_000 + 5 * n)
    assert not dialog.add_button.isEnabled()
    assert "one line in the image" in dialog.status.text()
    dialog.reject()

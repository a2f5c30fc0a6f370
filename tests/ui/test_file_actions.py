"""File menu: order, Open Recent, imports and exports as tasks, drops; Help menu and About box."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu

from parkplanner.core.io.gis_export import export_zones
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.app import create_application
from parkplanner.ui.dialogs.about_dialog import AboutDialog, component_versions
from parkplanner.ui.file_actions import classify_drop, install_file_actions
from parkplanner.ui.help_menu import install_help_menu, user_guide_path
from parkplanner.ui.main_window import MainWindow
from parkplanner.ui.recent_files import add_recent
from parkplanner.ui.settings import Settings

from testkit import plain, saved_synthetic_project


@pytest.fixture
def window(qtbot):
    create_application()
    win = MainWindow()
    win.ask_unsaved = lambda: "discard"
    install_file_actions(win)
    install_help_menu(win)
    win.file_actions.messages, win.file_actions.notes = [], []
    win.file_actions.notify = win.file_actions.messages.append
    win.file_actions.show_notes = lambda text, warnings: win.file_actions.notes.append(warnings)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def project_file(tmp_path):
    return saved_synthetic_project(tmp_path, 60, seed=5)


def finish(qtbot, handle):
    with qtbot.waitSignal(handle.finished, timeout=60_000):
        pass
    assert handle.error is None, handle.error
    return handle.result


def menu_texts(menu: QMenu) -> list[str]:
    return [plain(a.text()) if not a.isSeparator() else "-" for a in menu.actions()]


def test_file_menu_order_and_export_submenu(window):
    texts = menu_texts(window.commands.file_menu)
    assert texts == ["New", "Open…", "Open Recent", "-", "Save", "Save As…", "-", "Import Zones from GIS…",
                     "Import Context Layer…", "Export", "-", "Quit"]
    assert menu_texts(window.file_actions.export_menu) == ["Excel Appendix…", "Map Image…", "GIS File…"]
    bar = [plain(a.text()) for a in window.menuBar().actions()]
    assert bar[0] == "File" and bar[-1] == "Help"


def test_help_stays_the_last_menu_when_panels_add_theirs(window, qtbot):
    window.menuBar().addMenu("&Project")
    qtbot.waitUntil(lambda: plain(window.menuBar().actions()[-1].text()) == "Help")
    assert "Project" in [plain(a.text()) for a in window.menuBar().actions()]


def test_recent_list_moves_to_front_without_duplicates(tmp_path):
    a, b = str(tmp_path / "a.gpkg"), str(tmp_path / "b.gpkg")
    assert add_recent([], a) == [a]
    assert add_recent([a, b], b) == [b, a]
    many = [str(tmp_path / f"{n}.gpkg") for n in range(12)]
    assert len(add_recent(many, a, limit=10)) == 10


def test_opened_and_saved_projects_go_to_open_recent(window, project_file, tmp_path):
    window.open_path(project_file)
    assert Settings().recent_files() == [str(project_file.resolve())]
    copy = tmp_path / "copy.gpkg"
    assert window.save_as(copy)
    assert Settings().recent_files() == [str(copy.resolve()), str(project_file.resolve())]
    recent = window.file_actions.recent_menu
    recent.aboutToShow.emit()
    assert menu_texts(recent) == ["1 copy.gpkg", "2 town.gpkg", "-", "Clear Menu"]
    copy.unlink()
    recent.aboutToShow.emit()
    assert [a.isEnabled() for a in recent.actions()[:2]] == [False, True]  # a moved file shows disabled
    recent.actions()[1].trigger()
    assert window.file_path == project_file
    recent.actions()[-1].trigger()  # Clear Menu
    assert Settings().recent_files() == []


def test_export_appendix_in_the_interface_language(window, project_file, qtbot, tmp_path):
    window.open_path(project_file)
    target = tmp_path / "appendix.xlsx"
    assert finish(qtbot, window.file_actions.export_appendix(target)) == target
    book = openpyxl.load_workbook(target, read_only=True)
    assert "Parcels" in book.sheetnames
    assert window.file_actions.messages[-1] == "Wrote appendix.xlsx"


def test_export_map_and_gis_file(window, project_file, qtbot, tmp_path):
    window.open_path(project_file)
    png = finish(qtbot, window.file_actions.export_map(tmp_path / "map.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    written = finish(qtbot, window.file_actions.export_gis(tmp_path / "zones.geojson"))
    assert written == tmp_path / "zones.geojson" and written.stat().st_size > 1000


def test_export_dialog_cancelled_writes_nothing(window, tmp_path):
    window.file_actions.ask_save_path = lambda title, suggested, filters: ""
    assert window.file_actions.export_appendix() is None
    assert list(tmp_path.iterdir()) == []


def test_import_gis_makes_a_new_unsaved_project(window, project_file, qtbot, tmp_path):
    source = synthetic_project(25, seed=8)
    export_zones(source, tmp_path / "parcels.gpkg")
    finish(qtbot, window.file_actions.import_gis(tmp_path / "parcels.gpkg"))
    assert len(window.project.active_scenario) == 25
    assert window.file_path is None and window.project.name == "parcels"
    assert window.file_actions.messages[-1] == "Imported 25 zones from parcels.gpkg"


def test_failed_import_keeps_the_current_project(window, project_file, qtbot, tmp_path, monkeypatch):
    window.open_path(project_file)
    errors = []
    monkeypatch.setattr("parkplanner.ui.file_actions.show_error", lambda parent, title, text: errors.append(text))
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    handle = window.file_actions.import_gis(bad)
    with qtbot.waitSignal(handle.finished, timeout=60_000):
        pass
    assert handle.error is not None and len(errors) == 1 and "\n" not in errors[0]
    assert window.file_path == project_file and len(window.project.active_scenario) == 60


def test_context_layer_is_one_undo_step(window, project_file, qtbot, tmp_path):
    window.open_path(project_file)
    export_zones(synthetic_project(10, seed=1), tmp_path / "roads.geojson", keep_crs=True)
    before = len(window.project.context_layers)
    finish(qtbot, window.file_actions.import_context_layer(tmp_path / "roads.geojson"))
    assert len(window.project.context_layers) == before + 1
    assert window.project.context_layers[-1].name == "roads"
    assert window.history.undo_label == "Add context layer roads"
    window.history.undo()
    assert len(window.project.context_layers) == before


def drop(window, path: Path) -> None:
    """Drag enter then drop, handed to the window's filter as Qt's drag manager would deliver them
    (QApplication.sendEvent does not deliver drops without a drag in progress)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(50, 50), *args)
    enter.ignore()
    assert window.file_actions.eventFilter(window, enter) and enter.isAccepted()
    event = QDropEvent(QPointF(50, 50), *args)
    event.ignore()
    assert window.file_actions.eventFilter(window, event) and event.isAccepted()


def test_other_files_are_not_accepted(window, tmp_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    assert not window.file_actions.eventFilter(window, enter) and not enter.isAccepted()


def test_classify_dropped_files(project_file, tmp_path):
    export_zones(synthetic_project(5, seed=1), tmp_path / "plain.gpkg")
    assert classify_drop(project_file) == "project"
    assert classify_drop(tmp_path / "plain.gpkg") == "gis"
    assert classify_drop(tmp_path / "x.shp") == "gis"
    assert classify_drop(tmp_path / "notes.txt") == ""


def test_dropping_a_project_opens_it(window, project_file):
    drop(window, project_file)
    assert window.file_path == project_file and window.project.name == "Tech Town"


def test_dropping_gis_on_a_project_asks_what_it_becomes(window, project_file, qtbot, tmp_path):
    window.open_path(project_file)
    export_zones(synthetic_project(8, seed=4), tmp_path / "more.geojson", keep_crs=True)
    asked = []
    window.file_actions.ask_drop_target = lambda path: asked.append(path.name) or "context"
    drop(window, tmp_path / "more.geojson")
    qtbot.waitUntil(lambda: not window.file_actions.tasks, timeout=60_000)
    assert asked == ["more.geojson"]
    assert window.project.context_layers[-1].name == "more" and window.file_path == project_file


def test_about_box_lists_the_geometry_stack():
    create_application()
    names = [name for name, _ in component_versions()]
    assert names == ["ParkPlanner", "Python", "Qt", "PySide6", "pyqtgraph", "shapely", "GEOS", "GDAL", "PROJ"]
    dialog = AboutDialog()
    assert dialog.table.rowCount() == len(names)
    dialog.copy_versions()
    copied = QApplication.clipboard().text()
    assert copied.splitlines()[6].startswith("GEOS: 3.") and "PROJ: " in copied


def test_user_guide_opens_in_a_viewer(window):
    viewer = window.help_menu.show_guide()
    assert viewer is not None and viewer.path == user_guide_path()
    assert "ParkPlanner" in viewer.browser.toPlainText()
    viewer.resize(900, 700)
    QApplication.processEvents()
    # Screenshots are scaled to the viewer: no sideways scrolling.
    assert viewer.browser.horizontalScrollBar().maximum() == 0


def test_user_guide_follows_the_language(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    assert user_guide_path(tmp_path, "zh") is None
    (tmp_path / "README.md").write_text("# readme")
    assert user_guide_path(tmp_path, "zh") == tmp_path / "README.md"
    (docs / "user_guide.md").write_text("# guide")
    assert user_guide_path(tmp_path, "zh") == docs / "user_guide.md"
    (docs / "user_guide_zh.md").write_text("# 指南")
    assert user_guide_path(tmp_path, "zh") == docs / "user_guide_zh.md"
    assert user_guide_path(tmp_path, "en") == docs / "user_guide.md"


def test_context_layer_is_not_added_to_a_project_opened_meanwhile(window, project_file, qtbot, tmp_path):
    window.open_path(project_file)
    export_zones(synthetic_project(10, seed=1), tmp_path / "roads.geojson", keep_crs=True)
    handle = window.file_actions.import_context_layer(tmp_path / "roads.geojson")
    window.open_path(project_file)  # same file, same CRS: a new document all the same
    if handle.running:  # else it finished while the file was read on a worker (the event loop turns)
        with qtbot.waitSignal(handle.finished, timeout=60_000):
            pass
    # The result arrives on the GUI thread, during or after the second open: it must not land there.
    assert not window.history.can_undo
    assert "roads" not in [layer.name for layer in window.project.context_layers]


def test_export_over_the_open_project_is_refused_with_one_dialog(window, project_file, tmp_path, monkeypatch):
    window.open_path(project_file)
    before = project_file.read_bytes()
    errors = []
    monkeypatch.setattr("parkplanner.ui.file_actions.show_error", lambda parent, title, text: errors.append(text))
    link = tmp_path / "zones.gpkg"
    link.symlink_to(project_file)
    assert window.file_actions.export_gis(project_file) is None
    assert window.file_actions.export_gis(link) is None
    window.file_actions.ask_save_path = lambda title, suggested, filters: str(project_file)
    assert window.file_actions.export_map() is None
    assert len(errors) == 3 and all("open project's own file" in text for text in errors)
    assert project_file.read_bytes() == before


def _plots_with_unknown_codes(tmp_path):
    import json

    ring = lambda x: [[x, 39.7], [x + 0.01, 39.7], [x + 0.01, 39.71], [x, 39.71], [x, 39.7]]  # noqa: E731
    features = [{"type": "Feature", "properties": {"landuse": code, "far": 1.0},
                 "geometry": {"type": "Polygon", "coordinates": [ring(117.3 + 0.01 * i)]}}
                for i, code in enumerate(["1001", "Q7", "0701", "Q7"])]
    path = tmp_path / "plots.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_import_refused_for_some_rows_offers_to_import_the_others(window, qtbot, tmp_path, monkeypatch):
    errors, asked = [], []
    monkeypatch.setattr("parkplanner.ui.file_actions.show_error", lambda parent, title, text: errors.append(text))
    window.file_actions.ask_skip_rows = lambda text, rows: asked.append((text, rows)) or True
    handle = window.file_actions.import_gis(_plots_with_unknown_codes(tmp_path))
    with qtbot.waitSignal(handle.finished, timeout=60_000):
        pass
    assert errors == [] and asked == [("plots.geojson, 2 of 4 rows cannot be imported: unknown land-use codes in "
                                       "column 'landuse' (scheme MNR-2023): 'Q7' in rows 2, 4", 2)]
    qtbot.waitUntil(lambda: window.project is not None and len(window.project.active_scenario) == 2, timeout=60_000)
    assert [z.id for z in window.project.active_scenario] == [1, 3]
    assert any(note.startswith("plots.geojson: skipped 2 of 4 rows") for note in window.file_actions.notes[-1])


def test_declining_to_skip_rows_keeps_the_current_project(window, project_file, qtbot, tmp_path, monkeypatch):
    window.open_path(project_file)
    monkeypatch.setattr("parkplanner.ui.file_actions.show_error", lambda *args: pytest.fail("no second dialog"))
    window.file_actions.ask_skip_rows = lambda text, rows: False
    handle = window.file_actions.import_gis(_plots_with_unknown_codes(tmp_path))
    with qtbot.waitSignal(handle.finished, timeout=60_000):
        pass
    assert window.file_path == project_file and len(window.project.active_scenario) == 60

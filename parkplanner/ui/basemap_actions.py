"""File ▸ Add Base Map…, File ▸ Georeference Scan… and the Base Maps panel: opacity, greyscale and
visibility per base map, and the control points of a georeferenced scan opened again for editing.

Adding reads, warps and tiles the raster on a worker (parkplanner.ui.tasks) into a staging file in
a temporary folder; the base map then enters the project as one undoable step and the next save
copies its tiles into the project file. Display settings are project fields too, so they are saved
and undone like any other edit. A scan warped again from edited points replaces its base map in
place (display settings kept) as one undo step.
"""
from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QFrame, QGridLayout, QInputDialog, QLabel, QPushButton, QSlider, QVBoxLayout,
    QWidget,
)

from parkplanner.core.editing.project_commands import SetProjectField
from parkplanner.core.io.basemap_georef import GeorefError, points_from_json
from parkplanner.core.model.basemap import BaseMap
from parkplanner.ui.dialogs.errors import show_error
from parkplanner.ui.tasks import TaskHandle, run_task

if TYPE_CHECKING:
    from parkplanner.ui.main_window import MainWindow

__all__ = ["BaseMapActions", "BaseMapPanel", "install_basemap_actions", "RASTER_FILTER"]

RASTER_FILTER = "*.tif *.tiff *.jpg *.jpeg *.png *.jp2 *.mbtiles *.gpkg *.img *.ecw *.sid"


class BaseMapActions(QObject):
    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        #: Replaceable in tests: the raster to add, and the CRS of an image with only a world file.
        self.ask_open_path: Callable[[], str] = self._open_dialog
        self.ask_crs: Callable[[str, str], str] = self._crs_dialog
        self._staging_folder: str | None = None
        self.add_action = QAction(self.tr("Add &Base Map…"), window)
        tip = self.tr("An aerial photo, a scanned plan or a tile package drawn beneath the zones")
        self.add_action.setStatusTip(tip)
        self.add_action.setToolTip(tip)
        self.add_action.triggered.connect(lambda checked=False: self.add_basemap())
        window.addAction(self.add_action)
        menu = window.commands.file_menu
        anchor = getattr(getattr(window, "file_actions", None), "import_context", None)
        self.georef_action = QAction(self.tr("&Georeference Scan…"), window)
        tip = self.tr("Place a scanned plan on the map from control points")
        self.georef_action.setStatusTip(tip)
        self.georef_action.setToolTip(tip)
        self.georef_action.triggered.connect(lambda checked=False: self.georeference())
        window.addAction(self.georef_action)
        self.ask_scan_path: Callable[[], str] = self._open_scan_dialog
        #: Replaceable in tests: which scan File ▸ Georeference Scan… works on when the project has
        #: georeferenced base maps (an index into the offered names, 0 for a new scan; None: cancel),
        #: and where a base map's scan is when it is no longer where its points were placed.
        self.ask_which_scan: Callable[[list[str]], int | None] = self._which_scan_dialog
        self.ask_missing_scan: Callable[[str], str] = self._missing_scan_dialog
        self.dialog = None  # the open georeferencing dialog
        actions = menu.actions()
        if anchor in actions and actions.index(anchor) + 1 < len(actions):
            menu.insertActions(actions[actions.index(anchor) + 1], [self.add_action, self.georef_action])
        else:
            menu.addActions([self.add_action, self.georef_action])
        self.panel = BaseMapPanel(window)
        window.add_panel(self.panel, Qt.DockWidgetArea.LeftDockWidgetArea, self.tr("Base Maps"), "basemaps")
        window.destroyed.connect(self._remove_staging_folder)

    def add_basemap(self, path: str | Path | None = None, crs: str | None = None) -> TaskHandle | None:
        window = self.window
        if window.project is None:
            return None
        path = path or self.ask_open_path()
        if not path:
            return None
        path = Path(path)
        from parkplanner.core.io.basemap_tiles import needs_crs

        if crs is None and needs_crs(path):
            crs = self.ask_crs(path.name, window.project.crs)
            if not crs:
                return None
        project_crs = window.project.crs

        def build(staging: Path, cancel, progress) -> None:
            from parkplanner.core.io.basemap_tiles import build_tiles

            build_tiles(path, staging, project_crs, crs, cancel=cancel, progress=progress)

        return self._tile_and_add(path, build)

    def _tile_and_add(self, path: Path, build, control_points: str = "",
                      replace: BaseMap | None = None) -> TaskHandle:
        """Tile ``path`` into a staging file on a worker (``build(staging, cancel, progress)``), then
        add it to the project that asked (or put it in the place of ``replace``) as one undo step; a
        failed or cancelled tiling leaves no staging file behind."""
        window = self.window
        history = window.history
        staging = Path(self._staging()) / f"{path.stem}-{os.getpid()}-{time.monotonic_ns()}.gpkg"

        def work(ctx):
            from parkplanner.core.io.basemap_tiles import remove_staging

            message = self.tr("Reading {0}").format(path.name)
            ctx.report(0.05, message)
            try:
                build(staging, ctx.cancel_event, lambda fraction: ctx.report(0.05 + 0.95 * fraction, message))
            except BaseException:
                remove_staging(staging)
                raise
            return staging

        def done(staging_file: Path) -> None:
            if window.history is not history:  # another project was opened meanwhile
                return
            project = history.project
            from parkplanner.core.io.basemap_tiles import STAGING_TABLE

            if replace is not None:
                self._replace(replace, BaseMap(name=replace.name, table=STAGING_TABLE, source=str(staging_file),
                                               origin=path.name, control_points=control_points))
                return
            taken = {b.name for b in project.basemaps}
            name, n = path.stem, 2
            while name in taken:
                name, n = f"{path.stem} {n}", n + 1
            basemap = BaseMap(name=name, table=STAGING_TABLE, source=str(staging_file), origin=path.name,
                              control_points=control_points)
            history.push(SetProjectField.of(project, "basemaps", project.basemaps + (basemap,),
                                            label=self.tr("Add base map {0}").format(name)))
            window.statusBar().showMessage(self.tr("Added base map {0}").format(name), 8000)

        if replace is not None:
            title, failed = self.tr("Warping the base map again"), self.tr("Cannot warp the base map again")
        else:
            title, failed = self.tr("Adding base map"), self.tr("Cannot add the base map")
        return run_task(window, title, work, on_done=done,
                        on_error=lambda exc: show_error(window, failed, str(exc).strip().splitlines()[0]))

    def _replace(self, old: BaseMap, new: BaseMap) -> None:
        window, history = self.window, self.window.history
        basemaps = list(history.project.basemaps)
        # Matched by name: a display setting changed while the scan was warped (a dataclass field)
        # must not make the result homeless; those settings are then the ones kept.
        index = next((i for i, b in enumerate(basemaps) if b.name == old.name), None)
        if index is None:
            window.statusBar().showMessage(
                self.tr("Base map {0} was removed meanwhile: nothing warped again").format(old.name), 8000)
            return
        current = basemaps[index]
        basemaps[index] = current.with_tiles(new)
        history.push(SetProjectField.of(history.project, "basemaps", tuple(basemaps),
                                        label=self.tr("Georeference base map {0}").format(old.name)))
        window.statusBar().showMessage(self.tr("Warped base map {0} again").format(old.name), 8000)

    def georeference(self, path: str | Path | None = None) -> TaskHandle | None:
        """Open the georeferencing dialog for a scan once it is read (a task; ``self.dialog`` then);
        Add Base Map in it tiles the scan (another task).

        Asked from the menu while the project has georeferenced base maps, it offers their control
        points for editing as well as a new scan."""
        window = self.window
        if window.project is None:
            return None
        if path is None:
            georeferenced = [b for b in window.project.basemaps if b.control_points]
            if georeferenced:
                choice = self.ask_which_scan([b.name for b in georeferenced])
                if choice is None:
                    return None
                if choice > 0:
                    return self.edit_points(georeferenced[choice - 1].name)
            path = self.ask_scan_path()
        if not path:
            return None
        return self._open_dialog_on(Path(path))

    def edit_points(self, name: str) -> TaskHandle | None:
        """Open the georeferencing dialog on the saved control points of the base map ``name``;
        Warp Again in it replaces the base map in place as one undo step."""
        from parkplanner.core.io.basemap_scan import find_scan

        window = self.window
        basemap = next((b for b in window.project.basemaps if b.name == name), None) if window.project else None
        if basemap is None or not basemap.control_points:
            return None
        title = self.tr("Cannot edit the control points")
        try:
            saved = points_from_json(basemap.control_points)
        except GeorefError as exc:
            show_error(window, title, f"{basemap.name}: {exc}")
            return None
        scan = find_scan(saved, window.file_path, basemap.origin)
        if scan is None:
            scan = self.ask_missing_scan(basemap.origin or Path(saved.scan).name)
            if not scan:
                return None
        return self._open_dialog_on(Path(scan), saved, basemap)

    def _open_dialog_on(self, path: Path, saved=None, basemap: BaseMap | None = None) -> TaskHandle:
        """Read the scan small on a worker (seconds for a large sheet), then open the dialog on it."""
        window = self.window
        history = window.history
        title = self.tr("Cannot edit the control points") if basemap else self.tr("Cannot georeference the scan")

        def work(ctx):
            from parkplanner.core.io.basemap_scan import read_preview
            from parkplanner.ui.dialogs.georef_dialog import ScanImages

            ctx.report(0.05, self.tr("Reading {0}").format(path.name))
            return ScanImages.of(read_preview(path))

        def done(images) -> None:
            if window.history is not history:  # another project was opened meanwhile
                return
            from parkplanner.ui.dialogs.georef_dialog import GeorefDialog

            try:
                dialog = GeorefDialog(window, path, images, saved, basemap.name if basemap is not None else "")
            except ValueError as exc:
                show_error(window, title, str(exc))
                return
            if self.dialog is not None:
                self.dialog.reject()  # one georeferencing at a time: two previews over the map confuse
            dialog.accepted.connect(lambda: self.add_georeferenced(path, dialog.result, dialog.scan_size, basemap))
            self.dialog = dialog
            dialog.show()

        return run_task(window, self.tr("Reading the scan"), work, on_done=done,
                        on_error=lambda exc: show_error(window, title, str(exc).strip().splitlines()[0]))

    def add_georeferenced(self, path: Path, result, size: tuple[int, int] | None = None,
                          replace: BaseMap | None = None) -> TaskHandle | None:
        """Tile ``path`` through the fit ``result`` on a worker and add it as one undo step, or with
        ``replace`` put it in that base map's place (its name and display settings kept)."""
        window = self.window
        if result is None:
            return None
        from parkplanner.core.io.basemap_georef import points_to_json

        project_crs = window.project.crs

        def build(staging: Path, cancel, progress) -> None:
            from parkplanner.core.io.basemap_tiles import build_georeferenced_tiles

            build_georeferenced_tiles(path, staging, project_crs, result, cancel=cancel, progress=progress)

        return self._tile_and_add(path, build, points_to_json(result, str(path.resolve()), size), replace)

    def _staging(self) -> str:
        """A folder for tiles not yet saved into the project: they live until the window closes."""
        if self._staging_folder is None or not os.path.isdir(self._staging_folder):
            self._staging_folder = tempfile.mkdtemp(prefix="parkplanner-basemaps-")
        return self._staging_folder

    def _remove_staging_folder(self, *args) -> None:
        if self._staging_folder:
            shutil.rmtree(self._staging_folder, ignore_errors=True)

    def _open_dialog(self) -> str:
        return QFileDialog.getOpenFileName(self.window, self.tr("Add base map"), "",
                                           self.tr("Rasters and tile packages ({0})").format(RASTER_FILTER))[0]

    def _open_scan_dialog(self) -> str:
        return QFileDialog.getOpenFileName(self.window, self.tr("Georeference scan"), "",
                                           self.tr("Images (*.jpg *.jpeg *.png *.tif *.tiff *.bmp)"))[0]

    def _which_scan_dialog(self, names: list[str]) -> int | None:
        new = self.tr("A new scan…")
        items = [new] + [self.tr("Control points of {0}").format(name) for name in names]
        item, ok = QInputDialog.getItem(self.window, self.tr("Georeference scan"),
                                        self.tr("Place a new scan, or edit the control points of a base map:"),
                                        items, 0, False)
        return items.index(item) if ok else None

    def _missing_scan_dialog(self, name: str) -> str:
        return QFileDialog.getOpenFileName(
            self.window, self.tr("Where is the scan {0}?").format(name), "",
            self.tr("Images (*.jpg *.jpeg *.png *.tif *.tiff *.bmp)"))[0]

    def _crs_dialog(self, name: str, default: str) -> str:
        text, ok = QInputDialog.getText(
            self.window, self.tr("Coordinate system of the image"),
            self.tr("{0} has a world file but no coordinate system. Its CRS (e.g. EPSG:4548):").format(name),
            text=default)
        return text.strip() if ok else ""


class BaseMapPanel(QWidget):
    """One row per base map, top of the list drawn on top: shown, opacity, greyscale, remove."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__()
        self.window = window
        self.setObjectName("basemap_panel")
        self._layout = QVBoxLayout(self)
        self._rows = QWidget()
        self._grid = QGridLayout(self._rows)
        # Two columns, so the panel fits the narrow left dock of a 1366 x 768 screen: the name, the
        # opacity slider and the control points' RMS take the width the buttons beside them leave.
        self._grid.setColumnStretch(0, 1)
        self._layout.addWidget(self._rows)
        self._empty = QLabel(self.tr("No base maps. File ▸ Add Base Map… adds an aerial photo, a scanned plan "
                                     "or a tile package."))
        self._empty.setWordWrap(True)
        self._layout.addWidget(self._empty)
        self._layout.addStretch(1)
        self._shown: tuple = ()
        self._bridge = None
        window.documentChanged.connect(self._document_changed)
        self._document_changed()

    def _document_changed(self) -> None:
        bridge = getattr(self.window, "bridge", None)
        if bridge is not self._bridge:
            self._bridge = bridge
            if bridge is not None:
                bridge.changed.connect(lambda changes: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        project = self.window.project
        basemaps = project.basemaps if project is not None else ()
        if basemaps == self._shown and self._grid.count():
            return
        self._shown = basemaps
        while self._grid.count():
            widget = self._grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self._empty.setVisible(not basemaps)
        row = 0
        for index, basemap in reversed(list(enumerate(basemaps))):
            if row:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                self._grid.addWidget(line, row, 0, 1, 2)
                row += 1
            shown = QCheckBox(basemap.name)
            shown.setChecked(basemap.visible)
            shown.setToolTip(basemap.origin)
            shown.toggled.connect(lambda on, i=index: self._change(i, self.tr("Show base map"), visible=on))
            opacity = QSlider(Qt.Orientation.Horizontal)
            opacity.setRange(0, 100)
            opacity.setValue(round(basemap.opacity * 100))
            opacity.setMinimumWidth(80)
            opacity.setToolTip(self.tr("Opacity"))
            opacity.sliderReleased.connect(lambda s=opacity, i=index: self._change(
                i, self.tr("Base map opacity"), opacity=s.value() / 100))
            grey = QCheckBox(self.tr("Grey"))
            grey.setToolTip(self.tr("Greyscale, so the land-use colours stand out"))
            grey.setChecked(basemap.greyscale)
            grey.toggled.connect(lambda on, i=index: self._change(i, self.tr("Greyscale base map"), greyscale=on))
            remove = QPushButton(self.tr("Remove"))
            remove.clicked.connect(lambda checked=False, i=index: self._remove(i))
            self._grid.addWidget(shown, row, 0)
            self._grid.addWidget(remove, row, 1)
            self._grid.addWidget(opacity, row + 1, 0)
            self._grid.addWidget(grey, row + 1, 1)
            row += 2
            if basemap.control_points:
                rms = QLabel(self._rms_text(basemap.control_points))
                rms.setWordWrap(True)  # gives way to the button in a narrow dock
                self._grid.addWidget(rms, row, 0)
                points = QPushButton(self.tr("Control Points…"))
                points.setToolTip(self.tr("Edit the control points of this scan and warp it again"))
                points.clicked.connect(lambda checked=False, name=basemap.name:
                                       self.window.basemap_actions.edit_points(name))
                self._grid.addWidget(points, row, 1)
                row += 1

    def _rms_text(self, control_points: str) -> str:
        try:
            saved = points_from_json(control_points)
            return self.tr("RMS {0:.2f} m ({1} points)").format(saved.fit().rms, len(saved.points))
        except GeorefError:
            return self.tr("Control points unreadable")

    def _change(self, index: int, label: str, **values) -> None:
        project, history = self.window.project, self.window.history
        basemaps = list(project.basemaps)
        if index >= len(basemaps) or all(getattr(basemaps[index], k) == v for k, v in values.items()):
            return
        basemaps[index] = dataclasses.replace(basemaps[index], **values)
        history.push(SetProjectField.of(project, "basemaps", tuple(basemaps), label=f"{label} {basemaps[index].name}"))

    def _remove(self, index: int) -> None:
        project, history = self.window.project, self.window.history
        basemaps = list(project.basemaps)
        removed = basemaps.pop(index)
        history.push(SetProjectField.of(project, "basemaps", tuple(basemaps),
                                        label=self.tr("Remove base map {0}").format(removed.name)))


def install_basemap_actions(window: "MainWindow") -> BaseMapActions:
    """File ▸ Add Base Map… and the Base Maps panel (after install_file_actions)."""
    actions = BaseMapActions(window)
    window.basemap_actions = actions
    return actions

"""The File menu beyond New/Open/Save: Open Recent, Import, Import context layer, Export ▸, and
drag and drop of project and GIS files onto the window.

New, Open, Save, Save As and Quit stay in ``actions.py`` (they drive the main window directly);
this module slots its entries around them so the menu reads in the usual order. Imports and
exports run as tasks (``tasks.py``) on a detached copy of the project, so the window stays
responsive and the planner can cancel; the result comes back on the GUI thread.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Literal

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from parkplanner.core.editing.project_commands import SetProjectField
from parkplanner.ui.dialogs.errors import show_error
from parkplanner.ui.i18n import lang
from parkplanner.ui.recent_files import RecentFiles
from parkplanner.ui.settings import Settings
from parkplanner.ui.tasks import TaskHandle, run_task

if TYPE_CHECKING:
    from parkplanner.ui.dialogs.drawing_import import DrawingChoice
    from parkplanner.ui.dialogs.import_dialog import ImportChoice
    from parkplanner.ui.main_window import MainWindow

__all__ = ["FileActions", "install_file_actions", "GIS_SUFFIXES", "classify_drop"]

#: Files that can become zones (import) or a reference layer.
GIS_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp", ".dxf")
DropKind = Literal["project", "gis", ""]
DropTarget = Literal["new", "context", "cancel"]


def classify_drop(path: str | Path) -> DropKind:
    """"project" for a ParkPlanner file, "gis" for other GIS data, "" for anything else."""
    from parkplanner.core.io.project_file import ProjectFileError, file_schema_version

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".gpkg":
        try:
            file_schema_version(path)
            return "project"
        except ProjectFileError:
            return "gis"  # a plain GeoPackage: zones or a reference layer
    return "gis" if suffix in GIS_SUFFIXES else ""


class FileActions(QObject):
    """File menu entries, exports and drops of one main window."""

    def __init__(self, window: "MainWindow", settings: Settings | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings or Settings()
        self.tasks: list[TaskHandle] = []
        self.import_dialog = None  # the open import dialog, if any
        #: Replaceable in tests: ask where to write / what to read, and what a dropped GIS file is for.
        self.ask_save_path: Callable[[str, str, str], str] = self._save_dialog
        self.ask_open_path: Callable[[str, str], str] = self._open_dialog
        self.ask_drop_target: Callable[[Path], DropTarget] = self._drop_target_dialog
        #: Asked when an import is refused for some rows: import the others? (message, row count)
        self.ask_skip_rows: Callable[[str, int], bool] = self._skip_rows_dialog
        #: Asks the CRS, units and snapping of a CAD drawing to import (None: cancelled).
        self.ask_drawing_options: Callable[[Path, str, str], "DrawingChoice | None"] = self._drawing_dialog
        #: Told what was written or imported, with the task's warnings (status bar by default).
        self.notify: Callable[[str], None] = lambda text: window.statusBar().showMessage(text, 8000)
        #: Shows what an import repaired or guessed (replaceable in tests: the box is modal).
        self.show_notes: Callable[[str, list[str]], None] = self._notes_dialog

        self.import_zones = self._action(self.tr("&Import Zones from GIS…"), self.import_gis,
                                         "Ctrl+I", self.tr("A new project from polygons with land-use codes"))
        self.import_context = self._action(self.tr("Import &Context Layer…"), self.import_context_layer, "",
                                           self.tr("Roads, rivers or a CAD drawing drawn beneath the zones"))
        self.export_appendix_action = self._action(self.tr("Excel &Appendix…"), self.export_appendix, "Ctrl+E",
                                                   self.tr("The planning appendix workbook (.xlsx)"))
        self.export_map_action = self._action(self.tr("&Map Image…"), self.export_map, "",
                                              self.tr("The map of the active scenario as PNG, SVG or PDF"))
        self.export_sheets_action = self._action(self.tr("&Plan Sheets…"), self.export_sheets, "",
                                                 self.tr("The plan sheets of every block (cover, index, "
                                                         "control indicators) as PDF or PNG"))
        self.export_gis_action = self._action(self.tr("&GIS File…"), self.export_gis, "",
                                              self.tr("The zones with their figures as GeoPackage, GeoJSON or "
                                                      "Shapefile"))
        self.export_cad_action = self._action(self.tr("&CAD Drawing…"), self.export_cad, "",
                                              self.tr("The zones as a layered DXF drawing with hatches, labels "
                                                      "and block attributes"))
        self._build_menu()
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        # Opened and saved projects go to the top of Open Recent.
        window.documentChanged.connect(self._remember_current)
        saved = getattr(window, "fileSaved", None)
        if saved is not None:
            saved.connect(self.recent.add)

    def _action(self, text: str, slot: Callable[[], object], keys: str, tip: str) -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        self.window.addAction(action)
        return action

    def _build_menu(self) -> None:
        commands = self.window.commands
        menu: QMenu = commands.file_menu
        after_open = menu.actions()[menu.actions().index(commands.open) + 1]
        self.recent_menu = QMenu(self.tr("Open &Recent"), menu)
        self.recent_menu.setObjectName("recent_menu")
        menu.insertMenu(after_open, self.recent_menu)
        self.recent = RecentFiles(self.recent_menu, self.open_recent, self.settings, self)
        self.export_menu = QMenu(self.tr("&Export"), menu)
        self.export_menu.setObjectName("export_menu")
        self.export_menu.addActions([self.export_appendix_action, self.export_map_action, self.export_sheets_action,
                                     self.export_gis_action, self.export_cad_action])
        quit_action = commands.quit
        menu.insertActions(quit_action, [self.import_zones, self.import_context])
        menu.insertMenu(quit_action, self.export_menu)
        menu.insertSeparator(quit_action)

    # -- opening ----------------------------------------------------------------------------------
    def _remember_current(self) -> None:
        if self.window.file_path is not None:
            self.recent.add(self.window.file_path)

    def open_recent(self, path: str) -> bool:
        if not Path(path).exists():
            show_error(self.window, self.tr("Cannot open project"),
                       self.tr("The file is no longer there:\n{0}").format(path))
            self.recent.remove(path)
            return False
        return self.window.maybe_save() and self.window.open_path(path)

    # -- import -----------------------------------------------------------------------------------
    def import_gis(self, path: str | Path | None = None, choice: "ImportChoice | None" = None) -> TaskHandle | None:
        """A new project from the polygons of a GIS file or CAD drawing (the current one is closed first).

        A GIS file's columns are read first and the import dialog asks which column feeds which
        attribute and how unknown land-use codes are recoded (unless ``choice`` says it); a DXF
        drawing asks its CRS, units and snapping. The import itself starts when the planner confirms.
        """
        if path is None:
            path = self.ask_open_path(self.tr("Import zones from GIS"),
                                      self.tr("GIS data and CAD drawings (*.gpkg *.geojson *.json *.shp *.dxf)"))
        if not path or not self.window.maybe_save():
            return None
        from parkplanner.core.model.catalogue import DEFAULT_SCHEME
        from parkplanner.core.model.project import DEFAULT_CRS

        scheme = self.window.project.scheme if self.window.project is not None else DEFAULT_SCHEME
        path = Path(path)
        self.settings.remember_folder(path)
        if path.suffix.lower() == ".dxf":  # a drawing does not say its CRS: asked before the work starts
            drawing = self.ask_drawing_options(path, self.window.project.crs if self.window.project else DEFAULT_CRS,
                                               scheme)
            if drawing is None:
                return None
            return self._import(path, drawing.scheme or scheme, drawing=drawing)
        if choice is None:
            return self._read_columns(path, scheme)
        return self._import(path, scheme, choice=choice, skip_invalid=choice.skip_invalid)

    def _import(self, path: Path, scheme: str, choice: "ImportChoice | None" = None,
                drawing: "DrawingChoice | None" = None, skip_invalid: bool = False) -> TaskHandle:
        """The import task. A file refused for some of its rows offers to import the others."""
        def work(ctx):
            from parkplanner.core.io.dxf_import import import_drawing
            from parkplanner.core.io.gis_import import import_zones

            ctx.report(0.1, self.tr("Reading {0}").format(path.name))
            if drawing is not None:
                return import_drawing(path, scheme, crs=drawing.crs, options=drawing.options)
            return import_zones(path, scheme, field_map=choice.field_map if choice else None,
                                recode=choice.recode if choice else None, skip_invalid=skip_invalid)

        def done(result) -> None:
            self.window.set_document(result.project, None)
            zones = len(result.project.active_scenario)
            report = result.report.lines() if drawing is not None else []
            self._report(self.tr("Imported {0} zones from {1}").format(zones, path.name), report + result.warnings)

        def failed(exc: BaseException) -> None:
            rows = getattr(exc, "rows", ())
            if not rows or skip_invalid:
                show_error(self.window, self.tr("Cannot import zones"), _first_line(exc))
            elif self.ask_skip_rows(_first_line(exc), len(rows)):
                # The planner already answered for unsaved changes: the retry goes straight to the work.
                self._import(path, scheme, choice, drawing, skip_invalid=True)

        return self._start(self.tr("Importing zones"), work, done, self.tr("Cannot import zones"), failed)

    def _read_columns(self, path: Path, scheme: str) -> TaskHandle:
        """Read the source's columns and values on a worker, then open the import dialog."""
        def work(ctx):
            from parkplanner.core.io.column_mapping import read_source_preview

            ctx.report(0.1, self.tr("Reading {0}").format(path.name))
            return read_source_preview(path)

        def done(preview) -> None:
            from parkplanner.ui.dialogs.import_dialog import ImportDialog

            dialog = ImportDialog(preview, scheme, self.window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            # The planner already agreed to close the current project when choosing the file.
            dialog.accepted.connect(lambda: self._import(path, scheme, dialog.choice(),
                                                         skip_invalid=dialog.choice().skip_invalid))
            self.import_dialog = dialog  # tests drive it
            dialog.open()  # not exec(): the reading task is still unwinding on this call stack

        return self._start(self.tr("Reading columns"), work, done, self.tr("Cannot import zones"))

    def import_context_layer(self, path: str | Path | None = None) -> TaskHandle | None:
        """Add a reference layer to the project (one undo step)."""
        if path is None:
            path = self.ask_open_path(self.tr("Import context layer"),
                                      self.tr("GIS data and drawings (*.gpkg *.geojson *.json *.shp *.dxf)"))
        if not path:
            return None
        path = Path(path)
        crs, history = self.window.project.crs, self.window.history
        self.settings.remember_folder(path)

        def work(ctx):
            from parkplanner.core.io.gis_import import read_context_layer

            ctx.report(0.1, self.tr("Reading {0}").format(path.name))
            return read_context_layer(path, target_crs=crs)

        def done(layer) -> None:
            if self.window.history is not history:  # another project was opened meanwhile
                return
            project = history.project
            history.push(SetProjectField.of(
                project, "context_layers", project.context_layers + (layer,),
                label=self.tr("Add context layer {0}").format(layer.name)))
            self._report(self.tr("Added context layer {0} ({1} features)").format(layer.name, len(layer.geometries)))

        return self._start(self.tr("Importing context layer"), work, done, self.tr("Cannot import the layer"))

    # -- export -----------------------------------------------------------------------------------
    def export_appendix(self, path: str | Path | None = None, scenario: str | None = None) -> TaskHandle | None:
        """Write the Excel appendix (in the interface language) of the active scenario."""
        path = path or self._export_path(self.tr("Export Excel appendix"), ".xlsx", self.tr("Excel workbook (*.xlsx)"))
        if not path or not self._not_the_project_file(path):
            return None
        project, language = self.window.settled_copy(), lang()

        def work(ctx):
            from parkplanner.core.report.workbook import build_appendix
            from parkplanner.ui.render.appendix_map import appendix_map_png

            map_image = appendix_map_png(project, lang=language)  # the land-use map sheet
            return build_appendix(project, path, scenario=scenario, lang=language, progress=ctx.report,
                                  cancel=ctx.cancel_event, map_image=map_image)

        return self._start(self.tr("Exporting Excel appendix"), work, self._written,
                           self.tr("Cannot export the appendix"))

    def export_map(self, path: str | Path | None = None) -> TaskHandle | None:
        """Render the map of the active scenario (A4 landscape, 300 dpi) to PNG, SVG or PDF."""
        path = path or self._export_path(self.tr("Export map image"), ".png",
                                         self.tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"))
        if not path or not self._not_the_project_file(path):
            return None
        project, language = self.window.settled_copy(), lang()

        def work(ctx):
            from parkplanner.ui.render.map_figure import FigureOptions, render_figure

            ctx.report(0.1, self.tr("Drawing the map"))
            return render_figure(project, path, options=FigureOptions(lang=language))

        return self._start(self.tr("Exporting map image"), work, self._written, self.tr("Cannot export the map"))

    def export_sheets(self, path: str | Path | None = None) -> TaskHandle | None:
        """Write the plan sheets (分图则) of the active scenario (plan_sheet_export)."""
        from parkplanner.ui.plan_sheet_export import export_plan_sheets

        return export_plan_sheets(self, path)

    def export_gis(self, path: str | Path | None = None) -> TaskHandle | None:
        """Write the zones of the active scenario with their figures to a GIS file."""
        path = path or self._export_path(
            self.tr("Export zones to GIS"), ".gpkg",
            self.tr("GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp)"))
        if not path or not self._not_the_project_file(path):
            return None
        project = self.window.settled_copy()

        def work(ctx):
            from parkplanner.core.io.gis_export import export_zones

            ctx.report(0.1, self.tr("Writing {0}").format(Path(path).name))
            return export_zones(project, path)[0]

        return self._start(self.tr("Exporting zones"), work, self._written, self.tr("Cannot export the zones"))

    def export_cad(self, path: str | Path | None = None) -> TaskHandle | None:
        """Write the active scenario as a layered CAD drawing (DXF, project CRS, metres)."""
        path = path or self._export_path(self.tr("Export CAD drawing"), ".dxf", self.tr("DXF drawing (*.dxf)"))
        if not path:
            return None
        project = self.window.settled_copy()

        def work(ctx):
            from parkplanner.core.io.dxf_export import export_drawing

            ctx.report(0.1, self.tr("Writing {0}").format(Path(path).name))
            return export_drawing(project, path)

        return self._start(self.tr("Exporting CAD drawing"), work, self._written,
                           self.tr("Cannot export the drawing"))

    def _written(self, path) -> None:
        self._report(self.tr("Wrote {0}").format(Path(path).name))

    # -- drag and drop ----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if watched is self.window and event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self._dropped_paths(event):
                event.acceptProposedAction()
                return True
        elif watched is self.window and event.type() == QEvent.Type.Drop:
            paths = self._dropped_paths(event)
            if paths:
                event.acceptProposedAction()
                self.open_dropped(paths[0])
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _dropped_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        return [p for p in paths if p.suffix.lower() in GIS_SUFFIXES]

    def open_dropped(self, path: str | Path) -> object:
        """A dropped project opens; dropped GIS data becomes a new project or a context layer."""
        path = Path(path)
        kind = classify_drop(path)
        if kind == "project":
            return self.window.maybe_save() and self.window.open_path(path)
        if kind != "gis":
            return None
        project = self.window.project
        if project is None or (not len(project.active_scenario) and self.window.history.is_clean):
            target: DropTarget = "new"
        else:
            target = self.ask_drop_target(path)
        if target == "new":
            return self.import_gis(path)
        if target == "context":
            return self.import_context_layer(path)
        return None

    # -- helpers ----------------------------------------------------------------------------------
    def _start(self, title: str, work, done, error_title: str, on_error=None) -> TaskHandle:
        handle = run_task(self.window, title, work, on_done=done,
                          on_error=on_error or (lambda exc: show_error(self.window, error_title, _first_line(exc))),
                          on_cancel=lambda: self.notify(self.tr("{0}: cancelled").format(title)))
        self.tasks.append(handle)
        handle.finished.connect(lambda: self.tasks.remove(handle) if handle in self.tasks else None)
        return handle

    def _report(self, text: str, warnings: list[str] | None = None) -> None:
        self.notify(text)
        if warnings:
            self.show_notes(text, warnings)

    def _notes_dialog(self, text: str, warnings: list[str]) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Import notes"), text, parent=self.window)
        box.setInformativeText(self.tr("Check these repairs and guesses before planning on the data:"))
        box.setDetailedText("\n".join(f"• {w}" for w in warnings))  # notes wrap: a bullet starts each
        box.open()  # not exec(): the import's task is still unwinding on this call stack

    def _export_path(self, title: str, suffix: str, filters: str) -> str:
        name = f"{self.window.project.name}{suffix}"
        folder = self.settings.export_folder()
        path = self.ask_save_path(title, str(Path(folder) / name) if folder else name, filters)
        if path:
            self.settings.remember_export_folder(path)
        return path

    def _not_the_project_file(self, path: str) -> bool:
        """False, after one dialog, when an export would overwrite the open project's own file
        (the check of the CLI's outputs: same_file sees through links and letter case)."""
        from parkplanner.core.io.same_file import same_file

        project_file = self.window.file_path
        if project_file is None or not same_file(path, project_file):
            return True
        show_error(self.window, self.tr("Cannot export"),
                   self.tr("{0} is the open project's own file; exporting to it would destroy the project. "
                           "Choose another file.").format(Path(path).name))
        return False

    def _save_dialog(self, title: str, suggested: str, filters: str) -> str:
        return QFileDialog.getSaveFileName(self.window, title, suggested, filters)[0]

    def _open_dialog(self, title: str, filters: str) -> str:
        return QFileDialog.getOpenFileName(self.window, title, self.settings.last_folder(), filters)[0]

    def _skip_rows_dialog(self, text: str, rows: int) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot import zones"), text, parent=self.window)
        box.setInformativeText(self.tr("Import the other rows? The {0} rows named above are skipped and listed in "
                                       "the import notes.").format(rows))
        skip = box.addButton(self.tr("Import the Other Rows"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is skip
    def _drawing_dialog(self, path: Path, crs: str, scheme: str) -> "DrawingChoice | None":
        from parkplanner.ui.dialogs.drawing_import import DrawingImportDialog

        dialog = DrawingImportDialog(path.name, crs, scheme, self.window)
        return dialog.choice() if dialog.exec() == DrawingImportDialog.DialogCode.Accepted else None

    def _drop_target_dialog(self, path: Path) -> DropTarget:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Dropped GIS file"),
                          self.tr("What should {0} become?").format(path.name), parent=self.window)
        new = box.addButton(self.tr("New Project from Its Zones"), QMessageBox.ButtonRole.AcceptRole)
        context = box.addButton(self.tr("Context Layer of This Project"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return {new: "new", context: "context"}.get(box.clickedButton(), "cancel")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def install_file_actions(window: "MainWindow", settings: Settings | None = None) -> FileActions:
    """Add Open Recent, Import, Export and file drops to ``window`` (once, after its menus exist)."""
    actions = FileActions(window, settings)
    window.file_actions = actions
    return actions

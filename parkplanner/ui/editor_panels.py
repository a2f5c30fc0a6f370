"""Puts the map editor's panels into a main window: the validation dock (topology problems with
their fixes, and the tools' editing options) and its overlay on the map.

``run_gui`` calls ``install_editor_panels(window)`` once; like the planning panels, the dock then
follows every new or opened document (``documentChanged``): the panel widget is rebuilt for the
new history, selection and tool options, while the dock stays where the planner put it.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import shapely
import shiboken6
from PySide6.QtCore import QPointF, QRectF, QSettings, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath
from PySide6.QtWidgets import QCheckBox, QDockWidget, QHBoxLayout, QMainWindow, QWidget

from parkplanner.core.geometry.rings import polygon_parts
from parkplanner.core.geometry.topology import TopologyProblem, same_outlines
from parkplanner.interaction.tool import EditOptions
from parkplanner.ui.canvas.chunked_areas import BULK_ELEMENTS, ChunkedAreas, ChunkedFrame
from parkplanner.ui.canvas.qpaths import polygons_path
from parkplanner.ui.canvas.render_job import RenderJob, warm_up_once
from parkplanner.ui.canvas.styles import cosmetic_pen
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.docked_panels import DockedPanels, follow_documents
from parkplanner.ui.panels.validation_panel import ValidationPanel, problem_key

__all__ = ["EditorPanels", "EditOptionsBar", "ProblemOverlay", "install_editor_panels", "problem_view_bounds",
           "MIN_VIEW_SPAN_M", "BULK_ELEMENTS"]

#: Zooming to a problem shows at least this much land around it (a 2 m² overlap needs context).
MIN_VIEW_SPAN_M = 80.0
#: Problems are drawn in black and warning yellow: red and magenta are land-use colours
#: (commercial, civic) that a red highlight would vanish into, blue is the selection.
_INK = QColor(20, 20, 20)
_WARNING = QColor(255, 212, 0)


def problem_view_bounds(problem: TopologyProblem,
                        min_span: float = MIN_VIEW_SPAN_M) -> tuple[float, float, float, float]:
    """The map rectangle to show for ``problem``: its bounds, widened to ``min_span`` metres."""
    minx, miny, maxx, maxy = problem.geometry.bounds
    cx, cy = (minx + maxx) / 2.0, (miny + maxy) / 2.0
    half_w, half_h = max(maxx - minx, min_span) / 2.0, max(maxy - miny, min_span) / 2.0
    return cx - half_w, cy - half_h, cx + half_w, cy + half_h


def _areas_path(geometries, origin: tuple[float, float]) -> QPainterPath:
    """The polygons among ``geometries``: an overlap can come back as a collection with lines."""
    parts = polygon_parts(geometries)
    return polygons_path(parts, origin) if parts.size else QPainterPath()


class ProblemOverlay:
    """A MapCanvas overlay (``extra_overlays``): every listed problem cross-hatched in black, the
    one picked in the dock tinted yellow inside a black-and-yellow "warning tape" outline that reads
    on any land-use colour. Paths are built once per problem list, not per frame, on a worker (at
    20,000 zones the street-network gap alone is a few hundred milliseconds of path): the map shows
    the previous outlines until the new ones arrive, then ``on_ready`` asks for a repaint.

    Problems with many vertices (a gap that is the whole street network of a 20,000-parcel plan has
    20,000 holes) would cost seconds per frame with antialiased pens (Qt strokes them as one huge
    path: 12 s at 220,000 path elements). Above ``BULK_ELEMENTS`` they are drawn like big zone
    overlays: without antialiasing, with 1 px pens (around the listed problems' shells, not their
    holes), into an image for the view of the canvas's cached map (``map_view``) that pan and zoom
    frames move and scale. That image is drawn by a render job on a worker, in chunks
    (``canvas.chunked_areas``: one path of them all would hold the interpreter lock, and so stop
    the GUI thread, for ~80 ms); the previous image stays up, moved and scaled, until the new one
    arrives. A re-check that moved a few holes rebuilds only their chunks.
    """

    def __init__(self, map_view: Callable[[], Viewport | None] = lambda: None,
                 on_ready: Callable[[], object] = lambda: None) -> None:
        self.map_view = map_view
        self.on_ready = on_ready
        self.problems: list[TopologyProblem] = []
        self.current: TopologyProblem | None = None
        self._chunks = None  # the problems' outlines as the topology helper cut them, if it did
        #: (every problem, the picked one): paths, or chunked areas when ``bulk``.
        self._paths: tuple[QPainterPath, QPainterPath] | tuple[ChunkedAreas, ChunkedAreas] | None = None
        #: Bumped by every change of the problems or the picked one.
        self._generation = 0
        #: (generation, data origin) of the paths shown, and of the build on a worker.
        self._paths_key: tuple[int, tuple[float, float]] | None = None
        self._building: tuple[int, tuple[float, float]] | None = None
        self._task = None  # the last build's task handle
        self._image: QImage | None = None
        self._image_view: Viewport | None = None
        self._image_key: tuple | None = None  # (paths key, view) the image shows
        self._job: RenderJob | None = None  # drawing the image for ``_job_key``
        self._job_key: tuple | None = None
        self._ratio = 1.0  # the device pixel ratio of the canvas painted last
        self._fill = QBrush(QColor(_INK.red(), _INK.green(), _INK.blue(), 190), Qt.BrushStyle.DiagCrossPattern)
        self._current_fill = QBrush(QColor(_WARNING.red(), _WARNING.green(), _WARNING.blue(), 110))
        # Wider than the selection's outline, which is painted over it when the problem's zones are
        # selected: the tape still shows on both sides of a shared edge.
        dashes = cosmetic_pen(_INK, 6.0)
        dashes.setCapStyle(Qt.PenCapStyle.FlatCap)  # round caps would eat the yellow between dashes
        dashes.setDashPattern([2.0, 2.0])  # in pen widths: 12 px black, 12 px yellow
        self._pens = {False: (cosmetic_pen(_INK, 1.4), (cosmetic_pen(_WARNING, 6.0), dashes)),
                      True: (cosmetic_pen(_INK, 1.0), (cosmetic_pen(_WARNING, 1.0),))}  # bulk: 1 px, no AA

    def set_problems(self, problems: list[TopologyProblem], chunks=None) -> None:
        """Outline ``problems``; ``chunks``: their outlines as the topology helper cut them
        (``CheckedProblems.chunks``), or None."""
        before, picked = self.problems, self.current
        self.problems = list(problems)
        self._chunks = chunks
        if self.current is not None:  # keep the picked problem while a re-check still finds it
            key = problem_key(self.current)
            self.current = next((p for p in self.problems if problem_key(p) == key), None)
        if same_outlines(before, self.problems) and same_outlines([picked] if picked else [],
                                                                 [self.current] if self.current else []):
            return  # a re-check after an edit elsewhere finds the same outlines: keep what is drawn
        self._forget()

    def set_current(self, problem: TopologyProblem | None) -> None:
        self.current = problem
        self._forget()

    def _forget(self) -> None:
        self._generation += 1
        if not self.problems:
            self._paths = self._paths_key = None
            self._drop_image()

    def _drop_image(self) -> None:
        if self._job is not None:
            self._job.cancel()
        self._job = self._job_key = None
        self._image = self._image_view = self._image_key = None

    @property
    def ready(self) -> bool:
        """The outlines drawn are those of the current problems (none building), and in bulk for the
        canvas's view (no image being drawn)."""
        if not self.problems:
            return True
        if self._paths_key is None or self._paths_key[0] != self._generation:
            return False
        map_view = self.map_view()
        return not self.bulk or map_view is None or self._image_key == (self._paths_key, map_view)

    def _build(self, key: tuple[int, tuple[float, float]]) -> None:
        from parkplanner.ui.tasks import run_task

        problems, picked, chunks = list(self.problems), self.current, self._chunks
        origin = key[1]
        self._building = key

        # A re-check after an edit moves a hole or two of a street-network gap: the chunks of the
        # other holes keep their paths (read-only, shared with the frame being drawn, if any).
        before = self._paths if self.bulk else (None, None)

        def build(ctx):
            # Geometries are read here, on the worker: a large outline is decoded at its first read.
            current = [picked.geometry] if picked is not None else []
            if chunks is not None:  # cut by the helper: only chunks not drawn before become paths
                return ChunkedAreas(chunks[0], origin, before[0], chunks[1]), ChunkedAreas.of(current, origin, before[1])
            every = [p.geometry for p in problems]
            if int(shapely.get_num_coordinates(np.asarray(every, dtype=object)).sum()) > BULK_ELEMENTS:
                return ChunkedAreas.of(every, origin, before[0]), ChunkedAreas.of(current, origin, before[1])
            return _areas_path(every, origin), _areas_path(current, origin)

        def arrived(paths) -> None:
            if self._building != key:
                return  # a newer list is being built
            self._building = None
            self._paths, self._paths_key = paths, key
            map_view = self.map_view()
            if self.bulk and map_view is not None:
                self._draw_image(map_view)  # the previous image stays up until this one arrives
            self.on_ready()

        warm_up_once()  # PySide's lazy Qt types exist before a worker builds paths
        self._task = run_task(None, "problem outlines", build, on_done=arrived, dialog=False)

    def touched(self, zone_ids) -> None:
        """Zone edits: nothing to do, the dock sends the problems of the edited zones after its check."""

    @property
    def bulk(self) -> bool:
        return self._paths is not None and isinstance(self._paths[0], ChunkedAreas)

    def paint(self, painter: QPainter, layer, view: Viewport) -> None:
        if not self.problems or layer is None:
            return
        key = (self._generation, layer.origin)
        if self._paths_key != key and self._building != key:
            self._build(key)
        if self._paths is None or self._paths_key[1] != layer.origin:
            return  # nothing built yet in this layer's coordinates
        if not self.bulk:
            self._draw(painter, view)
            return
        map_view = self.map_view()
        if map_view is None:  # no cached map to follow: draw here and now
            self._draw_chunks(painter, view)
            return
        self._ratio = painter.device().devicePixelRatioF()
        if self._image_key != (self._paths_key, map_view):
            self._draw_image(map_view)
        image, shown = self._image, self._image_view
        if image is None or shown is None:
            return  # the first image is on its way
        if shown == view:
            painter.drawImage(QPointF(0, 0), image)
        else:  # pan or zoom in progress, or the new image on its way: move and scale the last one
            painter.drawImage(view.rect_of_view(shown), image, QRectF(image.rect()))

    def _draw(self, painter: QPainter, view: Viewport) -> None:
        every, picked = self._paths
        outline, tape = self._pens[False]
        painter.save()
        painter.setTransform(view.local_transform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(outline)
        painter.setBrush(self._fill)
        painter.drawPath(every)
        if not picked.isEmpty():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._current_fill)
            painter.drawPath(picked)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for pen in tape:  # yellow under black dashes
                painter.setPen(pen)
                painter.drawPath(picked)
        painter.restore()

    def _frame(self, view: Viewport) -> ChunkedFrame:
        every, picked = self._paths
        outline, tape = self._pens[True]
        # The holes of the listed problems are not outlined: in bulk they are the zones around a
        # street-network gap, outlined by the map already, and their ink would be half the frame's
        # cost and bury a city-scale map in black. The picked problem keeps its whole tape.
        return ChunkedFrame(view, [(every, self._fill, (outline,), False), (picked, self._current_fill, tape, True)])

    def _draw_chunks(self, painter: QPainter, view: Viewport) -> None:
        ratio = painter.device().devicePixelRatioF()
        image = QImage(int(view.width * ratio), int(view.height * ratio), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        self._frame(view).draw(image)
        painter.drawImage(QPointF(0, 0), image)

    def _draw_image(self, view: Viewport) -> None:
        """Start a render job drawing the bulk outlines for ``view`` (unless one already is)."""
        key = (self._paths_key, view, self._ratio)
        if self._job_key == key:
            return
        if self._job is not None:
            self._job.cancel()
        ratio = self._ratio
        image = QImage(int(view.width * ratio), int(view.height * ratio), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        self._job, self._job_key = RenderJob(self._frame(view), image), key
        self._job.finished.connect(self._image_drawn)
        self._job.start()

    def _image_drawn(self, job: RenderJob) -> None:
        if job is not self._job:
            return  # superseded by a newer view or problem list
        self._image, self._image_view, self._image_key = job.image, job.view, self._job_key[:2]
        self._job = self._job_key = None
        self.on_ready()


def _bool(value: Any, default: bool) -> bool:
    """QSettings gives "true"/"false" strings back from INI files."""
    if value is None:
        return default
    return value if isinstance(value, bool) else str(value).lower() in ("true", "1")


class EditOptionsBar(QWidget):
    """The tools' editing options (``EditOptions``) as check boxes. The planner's choices outlive
    documents and sessions: each new document's options start from them."""

    #: EditOptions field -> settings key.
    KEYS = {"avoid_overlap": "editing/avoid_overlap", "clip_to_boundary": "editing/clip_to_boundary",
            "topological_editing": "editing/topological_editing", "replace_covered": "editing/replace_covered"}

    def __init__(self, options: EditOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.options = options
        self.avoid_box = QCheckBox(self.tr("Avoid overlap"), self)
        self.avoid_box.setToolTip(self.tr("Trim new and reshaped zones against their neighbours"))
        self.clip_box = QCheckBox(self.tr("Clip new zones to the boundary"), self)
        self.clip_box.setToolTip(self.tr("New and reshaped zones keep only what lies inside the boundary"))
        self.replace_box = QCheckBox(self.tr("Replace what it covers"), self)
        self.replace_box.setToolTip(self.tr("A new zone drawn over others wins: they lose what it covers "
                                            "(instead of the new zone being trimmed)"))
        self.topological_box = QCheckBox(self.tr("Topological editing"), self)
        self.topological_box.setToolTip(
            self.tr("Dragging a vertex also moves the neighbours' vertex at the same place"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        settings = QSettings()
        for name, box in (("avoid_overlap", self.avoid_box), ("replace_covered", self.replace_box),
                          ("clip_to_boundary", self.clip_box), ("topological_editing", self.topological_box)):
            setattr(options, name, _bool(settings.value(self.KEYS[name]), getattr(options, name)))
            box.setChecked(getattr(options, name))
            box.toggled.connect(lambda on, name=name: self._set(name, on))
            layout.addWidget(box)

    def _set(self, name: str, on: bool) -> None:
        setattr(self.options, name, on)
        QSettings().setValue(self.KEYS[name], on)


class EditorPanels(DockedPanels):
    """The editor docks of one window, rebound to each document the window shows."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.options_bar: EditOptionsBar | None = None
        self.overlay = ProblemOverlay(lambda: getattr(self.canvas, "rendered_view", None), self._overlay_ready)
        self.title = self.tr("Validation")
        self.validation_dock = self._dock(self.title, Qt.DockWidgetArea.BottomDockWidgetArea, "validation")
        checks = window.findChild(QDockWidget, "dock_standards_checks")
        if checks is not None:  # share the bottom strip with the standards checks, as a tab
            window.tabifyDockWidget(checks, self.validation_dock)
        canvas = self.canvas
        if canvas is not None and hasattr(canvas, "extra_overlays"):
            canvas.extra_overlays.append(self.overlay)

    @property
    def canvas(self):
        return getattr(self.window, "canvas", None)  # the MapCanvas; absent in a bare QMainWindow

    def bind(self, bridge, selection, options: EditOptions) -> None:
        """Show the validation dock for ``bridge``'s history and the editing ``options`` of its
        tools; the previous document's panel is dropped. The panel is made in a later turn (or
        when ``validation`` is read); the options follow the planner's choices at once."""
        old = self._views.get("validation")
        if old is not None:
            old.close_panel()
        self.options_bar = options_bar = EditOptionsBar(options)  # docked with the panel
        self.overlay.set_current(None)
        self._show_problems(None)  # not the previous project's
        self._expect("validation", self.validation_dock, lambda: self._make_validation(bridge, selection, options_bar))

    def _make_validation(self, bridge, selection, options_bar: EditOptionsBar) -> ValidationPanel:
        panel = ValidationPanel(bridge, selection)
        panel.options_row.addWidget(options_bar)
        panel.options_row.addStretch(1)
        panel.problemsChanged.connect(lambda problems: self._show_problems(panel))
        panel.problemActivated.connect(self.show_problem)
        status_bar = getattr(self.window, "statusBar", None)
        if status_bar is not None:
            panel.message.connect(lambda text: status_bar().showMessage(text, 5000))
        readout = getattr(self.window, "readout", None)  # the status bar's area unit is the planner's
        if readout is not None:
            panel.set_area_unit(readout.unit)
            readout.unit_box.currentTextChanged.connect(panel.set_area_unit)
        self._show_problems(panel)
        return panel

    @property
    def validation(self) -> ValidationPanel | None:
        return self._panel("validation")

    def rebind_to_window(self) -> None:
        """Follow the window's current document (connected to ``documentChanged``)."""
        window = self.window
        bridge, selection = getattr(window, "bridge", None), getattr(window, "selection", None)
        controller = getattr(window, "tool_controller", None)
        if bridge is not None and selection is not None and controller is not None:
            self.bind(bridge, selection, controller.ctx.options)

    def _overlay_ready(self) -> None:
        canvas = self.canvas
        if canvas is not None and shiboken6.isValid(canvas):  # outlines may arrive after the window went
            canvas.update()

    def _show_problems(self, panel: ValidationPanel | None) -> None:
        """Outline ``panel``'s problems on the map and count them in the dock's title (None: none)."""
        problems, chunks = (panel.problems, panel.outline_chunks) if panel is not None else ([], None)
        self.overlay.set_problems(problems, chunks)
        counts = panel.counts_text() if panel is not None else ""
        self.validation_dock.setWindowTitle(f"{self.title} ({counts})" if counts else self.title)
        if self.canvas is not None:
            self.canvas.update()

    def show_problem(self, problem: TopologyProblem) -> None:
        """Outline ``problem`` on the map and zoom to it (the dock selected its zones)."""
        self.overlay.set_current(problem)
        canvas = self.canvas
        if canvas is not None:
            canvas.set_viewport(canvas.viewport.fitted_to(problem_view_bounds(problem), margin=0.3))


def install_editor_panels(window: QMainWindow) -> EditorPanels:
    """Dock the editor panels in ``window`` and keep them on its current document."""
    return follow_documents(EditorPanels(window))

"""Georeference a scan in the app: control points picked on the image and on the map (snapping to
zones, the boundary and context layers), each point's residual and the RMS updated as points are
placed or typed, and the scan previewed semi-transparent over the map through the current fit.

Points are COL,ROW (image pixels, GDAL's convention) <-> X,Y (project CRS), the same as
``parkplanner basemap georef``; they are saved with the base map, and the dialog opens again on a
base map's saved points to move, delete or add points or switch the method before the scan is warped
again. The dialog is not modal: the planner pans and zooms the map while placing points.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from parkplanner.core.io.basemap_georef import MIN_POINTS, ControlPoint, GeorefError, GeorefFit, SavedPoints, fit
from parkplanner.core.io.basemap_scan import ScanPreview

if TYPE_CHECKING:
    from parkplanner.ui.main_window import MainWindow

__all__ = ["GeorefDialog", "GeorefPreview", "ScanImages"]

_COLUMNS = ("col", "row", "x", "y", "residual")


class GeorefPreview:
    """A canvas overlay: the scan drawn through the fit, semi-transparent (ZoneOverlay's interface)."""

    def __init__(self, image: QImage, scale: float) -> None:
        self.image, self.scale = image, scale  # preview pixels per scan pixel
        self.fit: GeorefFit | None = None
        self.opacity = 0.55
        #: (number, x, y) of the points placed on the map, marked so they can be checked and re-picked.
        self.map_points: list[tuple[int, float, float]] = []

    def touched(self, zone_ids) -> None:
        pass

    def paint(self, painter: QPainter, zones, view) -> None:
        self._paint_scan(painter, view)
        s = 1 / view.pixel_size
        painter.save()
        painter.setPen(QPen(QColor(220, 30, 30), 2))
        for number, x, y in self.map_points:
            at = QPointF(view.width / 2 + (x - view.center_x) * s, view.height / 2 - (y - view.center_y) * s)
            painter.drawLine(at + QPointF(-7, 0), at + QPointF(7, 0))
            painter.drawLine(at + QPointF(0, -7), at + QPointF(0, 7))
            painter.drawText(at + QPointF(5, -5), str(number))
        painter.restore()

    def _paint_scan(self, painter: QPainter, view) -> None:
        if self.fit is None:
            return
        m = self.fit.matrix
        # preview pixel -> scan pixel -> map (the fit, projective in general) -> screen.
        to_scan = QTransform.fromScale(1 / self.scale, 1 / self.scale)
        to_map = QTransform(m[0, 0], m[1, 0], m[2, 0], m[0, 1], m[1, 1], m[2, 1], m[0, 2], m[1, 2], m[2, 2])
        s = 1 / view.pixel_size
        to_screen = QTransform(s, 0, 0, -s, view.width / 2 - view.center_x * s, view.height / 2 + view.center_y * s)
        painter.save()
        painter.setOpacity(self.opacity)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.setTransform(to_scan * to_map * to_screen)
        painter.drawImage(QPointF(0, 0), self.image)
        painter.restore()


class _ImageView(QGraphicsView):
    """The scan; a click sets the image point of the selected control point."""

    def __init__(self, dialog: "GeorefDialog", pixmap: QPixmap, scale: float) -> None:
        super().__init__()
        self.dialog, self.scale_factor = dialog, scale
        self.setScene(QGraphicsScene(self))
        self.scene().addItem(QGraphicsPixmapItem(pixmap))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.markers = []

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt name)
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self.scale(factor, factor)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        at = self.mapToScene(event.position().toPoint())
        self.dialog.set_image_point(at.x() / self.scale_factor, at.y() / self.scale_factor)

    def show_points(self, points, selected: int | None) -> None:
        """Mark ``points`` ((number, col, row)); the selected one thicker, so the planner sees which
        a double-click moves."""
        for marker in self.markers:
            self.scene().removeItem(marker)
        self.markers = []
        # Markers keep their size on screen whatever the zoom (cosmetic pen, ignoring transformations).
        for number, col, row in points:
            x, y = col * self.scale_factor, row * self.scale_factor
            pen = QPen(QColor(220, 30, 30), 3 if number - 1 == selected else 1.5)
            pen.setCosmetic(True)
            ring = self.scene().addEllipse(QRectF(-7, -7, 14, 14), pen)
            ring.setPos(x, y)
            ring.setFlag(ring.GraphicsItemFlag.ItemIgnoresTransformations)
            label = self.scene().addSimpleText(str(number))
            label.setBrush(QColor(220, 30, 30))
            label.setPos(x, y)
            label.setFlag(label.GraphicsItemFlag.ItemIgnoresTransformations)
            self.markers += [ring, label]


#: The scan over the map is drawn from a copy at most this wide: a 4,096-pixel image transformed
#: into every map frame costs 35-65 ms, a 1,024-pixel one a few (semi-transparent, it only has to
#: show whether the scan lines up).
_OVERLAY_PX = 1024


@dataclass(frozen=True)
class ScanImages:
    """The scan as the dialog shows it, made on a worker (QImage is safe off the GUI thread): the
    reduced scan for placing points and a smaller copy for the map."""

    size: tuple[int, int]  # the scan's own (width, height)
    scale: float  # ``image`` pixels per scan pixel
    image: QImage
    overlay: QImage

    @classmethod
    def of(cls, preview: ScanPreview) -> "ScanImages":
        height, width = preview.pixels.shape[:2]
        # A premultiplied copy: Qt's fastest format to paint, and the array may go.
        image = QImage(preview.pixels.data, width, height, width * 4, QImage.Format.Format_RGBA8888) \
            .convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        overlay = image if max(width, height) <= _OVERLAY_PX else image.scaled(
            _OVERLAY_PX, _OVERLAY_PX, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        return cls(preview.size, preview.scale, image, overlay)


class GeorefDialog(QDialog):
    """Places a scan; with ``saved`` (a base map's points, ``basemap`` its name) it edits them."""

    def __init__(self, window: "MainWindow", scan: str | Path, images: ScanImages,
                 saved: SavedPoints | None = None, basemap: str = "") -> None:
        super().__init__(window)
        self.window, self.scan = window, Path(scan)
        self.setWindowTitle(self.tr("Control Points of {0}").format(basemap) if basemap
                            else self.tr("Georeference {0}").format(self.scan.name))
        self.scan_size = images.size
        if saved is not None and saved.size is not None and self.scan_size != saved.size:
            raise ValueError(self.tr("{0}: {1} x {2} pixels, but the control points were placed on a scan of "
                                     "{3} x {4}: choose that scan").format(self.scan.name, *self.scan_size,
                                                                           *saved.size))
        scale = images.scale
        self.preview = GeorefPreview(images.overlay, scale * images.overlay.width() / images.image.width())
        self.points: list[list[float | None]] = (
            [[p.col, p.row, p.x, p.y] for p in saved.points] if saved is not None else [])
        self.result: GeorefFit | None = None
        self._picking_map = False

        self.view = _ImageView(self, QPixmap.fromImage(images.image), scale)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr("Column"), self.tr("Row"), self.tr("X"), self.tr("Y"),
                                              self.tr("Residual")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._typed)
        self.method = QComboBox()
        self.method.addItem(self.tr("Affine (3 or more points)"), "affine")
        self.method.addItem(self.tr("Projective (4 or more points)"), "projective")
        if saved is not None:
            self.method.setCurrentIndex(self.method.findData(saved.method))
        self.method.currentIndexChanged.connect(self.refit)
        self.status = QLabel()
        self.status.setWordWrap(True)
        add = QPushButton(self.tr("New Point"))
        add.clicked.connect(self.new_point)
        pick = QPushButton(self.tr("Pick on Map"))
        pick.setToolTip(self.tr("The next click on the map sets the selected point's map position (snapping "
                                "to zones and context layers)"))
        pick.clicked.connect(self.pick_on_map)
        remove = QPushButton(self.tr("Remove Point"))
        remove.clicked.connect(self.remove_point)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton(self.tr("Warp Again") if basemap else self.tr("Add Base Map"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        # Enter confirms a typed coordinate in the table; it must not warp the scan as well.
        for button in self.findChildren(QPushButton) + [add, pick, remove]:
            button.setAutoDefault(False)
            button.setDefault(False)
        self.buttons.rejected.connect(self.reject)

        tools = QHBoxLayout()
        for widget in (add, pick, remove, self.method):
            tools.addWidget(widget)
        hint = self.tr("New Point, then double-click the scan where it lies, then Pick on Map and click the same "
                       "place on the map. To move the selected point, double-click or pick again, or type its "
                       "coordinates.")
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.view.setToolTip(hint)
        # One column, scan above the points: the dialog stands beside the map (see showEvent), which
        # the planner must see to pick map positions and to judge the preview.
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 3)
        layout.addLayout(tools)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._placed = False
        window.canvas.extra_overlays.append(self.preview)
        window.canvas.installEventFilter(self)
        self.finished.connect(self._detach)
        self.table.itemSelectionChanged.connect(self._show_points)
        self._fill()
        self.refit()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if not self._placed:  # first show only: later the planner's own placement stands
            self._placed = True
            self._place_beside_map()
            self.view.fitInView(self.view.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
            self._show_scan_on_map()

    def _show_scan_on_map(self) -> None:
        """Saved points opened again: the map shows the whole placed scan in the part of the map this
        dialog leaves uncovered, so its points can be judged (the view stays when it shows it already)."""
        if self.result is None:
            return
        width, height = self.scan_size
        xs, ys = self.result.to_map([0, width, 0, width], [0, 0, height, height])
        minx, miny, maxx, maxy = float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())
        canvas = self.window.canvas
        canvas_left = canvas.mapToGlobal(QPoint(0, 0)).x()
        uncovered = min(canvas.width(), max(0, self.frameGeometry().left() - canvas_left))
        share = uncovered / canvas.width() if uncovered >= 0.3 * canvas.width() else 1.0
        left, bottom, right, top = canvas.viewport.map_extent()
        right = left + (right - left) * share
        if left <= minx and right >= maxx and bottom <= miny and top >= maxy:
            return
        # Widened to the right by the covered share, the scan is centred in the uncovered part.
        span = (maxx - minx) / share
        canvas.set_viewport(canvas.viewport.fitted_to((minx, miny, minx + span, maxy)))

    def _place_beside_map(self) -> None:
        """Along the main window's right edge (over the docks there), at most 45% of its width: centred,
        as Qt places a dialog, it would cover the map at 1366 x 768."""
        frame = self.window.frameGeometry()
        width = max(self.minimumSizeHint().width(), min(640, int(frame.width() * 0.45)))
        height = int(frame.height() * 0.9)
        self.resize(width, height)
        self.move(frame.right() - self.frameGeometry().width() + 1, frame.top() + (frame.height() - height) // 2)

    # -- points ---------------------------------------------------------------------------------
    def new_point(self) -> None:
        self.points.append([None, None, None, None])
        self._fill()
        self.table.selectRow(len(self.points) - 1)

    def remove_point(self) -> None:
        row = self._selected()
        if row is not None:
            del self.points[row]
            self._fill()
            self.refit()

    def _selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if rows:
            return rows[0].row()
        return len(self.points) - 1 if self.points else None

    def set_image_point(self, col: float, row: float) -> None:
        if not self.points:
            self.new_point()
        index = self._selected()
        self.points[index][0:2] = [col, row]
        self._fill()
        self.refit()

    def set_map_point(self, x: float, y: float) -> None:
        if not self.points:
            self.new_point()
        index = self._selected()
        self.points[index][2:4] = [x, y]
        self._fill()
        self.refit()

    def pick_on_map(self) -> None:
        self._picking_map = True
        self.window.canvas.setCursor(Qt.CursorShape.CrossCursor)
        self.status.setText(self.tr("Click the map where the selected point lies."))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if self._picking_map and event.type() == QEvent.Type.MouseButtonPress \
                and event.button() == Qt.MouseButton.LeftButton:
            canvas = self.window.canvas
            x, y = canvas.viewport.screen_to_map(event.position().x(), event.position().y())
            controller = getattr(self.window, "tool_controller", None)
            if controller is not None:
                x, y = controller.ctx.snapper.snap(x, y, canvas.viewport.pixel_size).point
            self._picking_map = False
            canvas.unsetCursor()
            self.set_map_point(x, y)
            return True
        return False

    def _typed(self, item: QTableWidgetItem) -> None:
        if item.column() >= 4:
            return
        try:
            value = float(item.text().replace(",", "")) if item.text().strip() else None
        except ValueError:
            value = None
        self.points[item.row()][item.column()] = value
        self._show_points()
        self.refit()

    def _fill(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.points))
        for r, point in enumerate(self.points):
            for c, value in enumerate(point):
                text = "" if value is None else (f"{value:.1f}" if c < 2 else f"{value:.3f}")
                self.table.setItem(r, c, QTableWidgetItem(text))
            residual = QTableWidgetItem("")
            residual.setFlags(residual.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 4, residual)
        self.table.blockSignals(False)
        self._show_points()

    def _show_points(self) -> None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        self.view.show_points([(n, p[0], p[1]) for n, p in enumerate(self.points, start=1)
                               if p[0] is not None and p[1] is not None], rows[0].row() if rows else None)
        self.preview.map_points = [(n, p[2], p[3]) for n, p in enumerate(self.points, start=1)
                                   if p[2] is not None and p[3] is not None]
        self.window.canvas.update()

    # -- the fit ----------------------------------------------------------------------------------
    def complete_points(self) -> list[ControlPoint]:
        return [ControlPoint(*p) for p in self.points if None not in p]

    def refit(self) -> None:
        method = self.method.currentData()
        complete = self.complete_points()
        self.result = None
        try:
            self.result = fit(complete, method)
        except GeorefError as exc:
            self.status.setText(str(exc) if len(complete) >= MIN_POINTS[method] else self.tr(
                "{0} of {1} points placed on both the scan and the map").format(len(complete), MIN_POINTS[method]))
        if self.result is not None:
            residuals = iter(self.result.residuals)
            self.table.blockSignals(True)
            for r, point in enumerate(self.points):
                text = f"{next(residuals):.3f}" if None not in point else ""
                self.table.item(r, 4).setText(text)
            self.table.blockSignals(False)
            self.status.setText(self.tr("RMS {0:.3f} m over {1} points").format(self.result.rms, len(complete)))
        self.preview.fit = self.result
        self.add_button.setEnabled(self.result is not None)
        self.window.canvas.update()

    def _detach(self) -> None:
        canvas = self.window.canvas
        if self.preview in canvas.extra_overlays:
            canvas.extra_overlays.remove(self.preview)
        canvas.removeEventFilter(self)
        canvas.unsetCursor()
        canvas.update()

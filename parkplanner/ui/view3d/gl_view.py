"""The OpenGL widget of the 3D view: pyqtgraph's orbit (left drag), pan (middle drag, or Ctrl +
left drag) and zoom (wheel), plus the standard views on keys and a click that picks a zone.

While the camera moves the view draws the lighter moving scene (ui/view3d/moving_items.py), and
the full scene once it has been still for STILL_AFTER_MS."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph.opengl as gl
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QMatrix4x4, QVector3D, QVector4D

from parkplanner.core.massing.camera import STANDARD_VIEWS, Camera, fit_distance
from parkplanner.core.massing.picking import pick_zone
from parkplanner.ui.view3d.scene_items import SKY, SceneItems

__all__ = ["MassingGLView", "VIEW_KEYS", "apply_camera", "STILL_AFTER_MS"]

#: Standard views on the keys around S: T top; Q, E, Z, C the obliques from the north-west,
#: north-east, south-west and south-east corners (digits switch scenarios in the workshop).
VIEW_KEYS = {Qt.Key.Key_T: "top", Qt.Key.Key_Q: "nw", Qt.Key.Key_E: "ne", Qt.Key.Key_Z: "sw", Qt.Key.Key_C: "se"}
#: A press and release closer than this many pixels is a click, not an orbit.
CLICK_SLOP_PX = 4
#: The plan fills the picture up to this share of its half-width or half-height.
FIT_MARGIN = 0.92
#: The full scene is drawn again once the camera has not moved for this long: longer than the
#: gap between the mouse events of a slow drag, short enough not to be waited for.
STILL_AFTER_MS = 150


def apply_camera(view: gl.GLViewWidget, camera: Camera, bounds) -> None:
    """Point ``view`` at the middle of ``bounds`` (scene.bounds()) from ``camera``; without a
    distance, as close as keeps every corner of the bounds inside the picture."""
    xmin, ymin, xmax, ymax, top = bounds
    # pyqtgraph's azimuth is the camera's math angle (counter-clockwise from east); ours a bearing.
    view.setCameraPosition(pos=QVector3D((xmin + xmax) / 2.0, (ymin + ymax) / 2.0, 0.0),
                           elevation=min(camera.elevation, 89.99), azimuth=90.0 - camera.bearing)
    if camera.distance is not None:
        view.setCameraPosition(distance=camera.distance)
        return
    w, h = max(view.width(), 1), max(view.height(), 1)
    corners = [QVector3D(x, y, z) for x in (xmin, xmax) for y in (ymin, ymax) for z in (0.0, top)]
    low = 1.0
    high = fit_distance(xmax - xmin, ymax - ymin, top, view.opts["fov"], w / h)  # the bounding sphere fits
    for _ in range(30):  # bisection on the largest corner's distance from the picture's middle
        middle = (low + high) / 2.0
        view.opts["distance"] = middle
        matrix = view.projectionMatrix((0, 0, w, h), (0, 0, w, h)) * view.viewMatrix()
        reach = 0.0
        for corner in corners:
            p = matrix.map(QVector4D(corner, 1.0))
            reach = max(reach, abs(p.x() / p.w()), abs(p.y() / p.w())) if p.w() > 0 else 2.0
        low, high = (low, middle) if reach <= FIT_MARGIN else (middle, high)
    view.setCameraPosition(distance=high)


class MassingGLView(gl.GLViewWidget):
    #: A click hit this zone (None: nothing) with these keyboard modifiers.
    zoneClicked = Signal(object, object)
    #: The camera moved (orbit, pan, zoom, a standard view): a linked view follows (comparison.py).
    cameraMoved = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackgroundColor(SKY)
        self.scene_items = SceneItems(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._press: QPointF | None = None
        #: The standard view the camera is in, refitted when the widget changes size, until the
        #: planner moves the camera by hand.
        self.standard_view: str | None = "sw"
        self._still = QTimer(self)
        self._still.setSingleShot(True)
        self._still.setInterval(STILL_AFTER_MS)
        self._still.timeout.connect(self._stopped)

    def camera_moving(self) -> None:
        """The camera is moving: the lighter scene until it has been still for STILL_AFTER_MS."""
        self.scene_items.set_moving(True)
        self._still.start()

    def is_camera_moving(self) -> bool:
        return self._still.isActive()

    def _stopped(self) -> None:
        self.scene_items.set_moving(False)
        self.update()

    def show_view(self, name: str) -> None:
        self.standard_view = name
        if self.scene_items.scene is not None:
            apply_camera(self, STANDARD_VIEWS[name], self.scene_items.scene.bounds())

    def resizeGL(self, w: int, h: int) -> None:  # noqa: N802 (Qt name)
        super().resizeGL(w, h)
        if self.standard_view is not None:
            self.show_view(self.standard_view)

    def wheelEvent(self, ev) -> None:  # noqa: N802
        self.standard_view = None
        self.camera_moving()
        super().wheelEvent(ev)
        self.cameraMoved.emit()

    # Every camera change of pyqtgraph's widget goes through one of these three or the wheel.
    def setCameraPosition(self, *args, **kwargs) -> None:  # noqa: N802 (pyqtgraph name)
        super().setCameraPosition(*args, **kwargs)
        self.cameraMoved.emit()

    def orbit(self, azim, elev) -> None:
        self.camera_moving()
        super().orbit(azim, elev)
        self.cameraMoved.emit()

    def pan(self, dx, dy, dz, relative="global") -> None:
        self.camera_moving()
        super().pan(dx, dy, dz, relative)
        self.cameraMoved.emit()

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802
        if ev.buttons():
            self.standard_view = None
        super().mouseMoveEvent(ev)

    # -- picking ------------------------------------------------------------------------------
    def ray_at(self, x: float, y: float) -> tuple[np.ndarray, np.ndarray]:
        """The eye and the direction through widget point (x, y), in scene coordinates."""
        w, h = max(self.width(), 1), max(self.height(), 1)
        projection = self.projectionMatrix((0, 0, w, h), (0, 0, w, h))
        inverse, ok = (projection * self.viewMatrix()).inverted()
        if not ok:
            return np.zeros(3), np.array([0.0, 0.0, 1.0])
        ndc_x, ndc_y = 2.0 * x / w - 1.0, 1.0 - 2.0 * y / h
        near = _unproject(inverse, ndc_x, ndc_y, -1.0)
        far = _unproject(inverse, ndc_x, ndc_y, 1.0)
        eye = self.cameraPosition()
        origin = np.array([eye.x(), eye.y(), eye.z()])
        direction = far - near
        return origin, direction / np.linalg.norm(direction)

    def zone_at(self, x: float, y: float) -> int | None:
        if self.scene_items.scene is None:
            return None
        eye, direction = self.ray_at(x, y)
        return pick_zone(self.scene_items.scene, eye, direction)

    def mousePressEvent(self, ev) -> None:  # noqa: N802 (Qt name)
        self._press = ev.position() if ev.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(ev)

    def mouseReleaseEvent(self, ev) -> None:  # noqa: N802
        press, self._press = self._press, None
        if press is not None and ev.button() == Qt.MouseButton.LeftButton:
            moved = ev.position() - press
            if math.hypot(moved.x(), moved.y()) <= CLICK_SLOP_PX:
                self.zoneClicked.emit(self.zone_at(ev.position().x(), ev.position().y()), ev.modifiers())
        super().mouseReleaseEvent(ev)

    def keyPressEvent(self, ev) -> None:  # noqa: N802
        name = VIEW_KEYS.get(Qt.Key(ev.key()))
        if name is not None and not ev.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.show_view(name)
            ev.accept()
            return
        super().keyPressEvent(ev)


def _unproject(inverse: QMatrix4x4, x: float, y: float, z: float) -> np.ndarray:
    p = inverse.map(QVector4D(x, y, z, 1.0))
    return np.array([p.x(), p.y(), p.z()]) / p.w()

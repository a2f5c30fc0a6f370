"""The lighter scene the 3D view draws while its camera moves (core/massing/moving.py): the
buildings as boxes, chosen per frame, and the flat pieces as one picture on the ground.

``MovingScene`` is made on a worker once the full scene is shown (from a copy of the scene's
per-zone records; QImage painting is safe off the GUI thread) and follows edits in place: a
changed box is rewritten in its vertex buffer and the ground picture is repainted and re-sent
only over the changed zones' window.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph.opengl as gl
import shapely
from OpenGL import GL
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTransform

from parkplanner.core.massing.moving import (GROUND_RASTER_PX, MovingBoxes, ground_colours, moving_boxes,
                                             update_boxes, visible_faces)
from parkplanner.core.massing.scene import MassingScene
from parkplanner.ui.canvas.qpaths import polygons_paths

__all__ = ["MovingScene", "BoxesItem", "GroundPictureItem"]


class MovingScene:
    """The boxes of a scene and the picture of its ground (``image``, north up, transparent where
    no zone is) covering ``extent`` (xmin, ymin, xmax, ymax, metres from the scene origin)."""

    def __init__(self, scene: MassingScene, max_px: int = GROUND_RASTER_PX) -> None:
        self.boxes: MovingBoxes = moving_boxes(scene)
        self.origin = scene.origin
        xmin, ymin, xmax, ymax, _ = scene.bounds()
        self.pixel_m = max(xmax - xmin, ymax - ymin, 1e-3) / max_px
        width = max(1, int(np.ceil((xmax - xmin) / self.pixel_m)))
        height = max(1, int(np.ceil((ymax - ymin) / self.pixel_m)))
        self.extent = (xmin, ymin, xmin + width * self.pixel_m, ymin + height * self.pixel_m)
        self.zone_ids = np.fromiter(scene.ground, np.int64, len(scene.ground))
        self.zone_bounds = shapely.bounds(np.array([scene.ground[z] for z in self.zone_ids], dtype=object)) \
            .reshape(-1, 4) - np.tile(self.origin, 2)
        self._row = {int(z): k for k, z in enumerate(self.zone_ids.tolist())}
        #: What each zone was painted as: (its whole area, RGBA key). A zone that looks the same
        #: after an edit (a height or FAR change) leaves the picture as it is.
        self._looks: dict[int, tuple[object, int]] = {}
        self.image = QImage(width, height, QImage.Format.Format_RGBA8888)
        self._paint(scene, QRect(0, 0, width, height))
        #: The picture in texture order, made here on the worker: the GUI thread only uploads it.
        self.texture_rows: np.ndarray | None = self.pixels()

    def pixels(self, rect: QRect | None = None) -> np.ndarray:
        """The picture (or ``rect`` of it) as (rows, columns, RGBA) bytes, rows south to north
        (OpenGL's texture order)."""
        image = self.image
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
        if rect is None:
            rect = image.rect()
        part = rows[rect.top():rect.bottom() + 1, rect.left():rect.right() + 1]
        return np.ascontiguousarray(part[::-1])

    def follow(self, scene: MassingScene, zone_ids) -> tuple[tuple[int, int] | None, QRect | None]:
        """Follow an edit of ``zone_ids`` (already applied to ``scene``). Returns the vertex range
        of the boxes rewritten in place (None: ``boxes`` replaced, upload it whole) and the
        repainted pixel rectangle of the picture (None: the ground did not change)."""
        zone_ids = [int(z) for z in zone_ids]
        self.boxes, written = update_boxes(self.boxes, scene, zone_ids)
        touched = []
        for zone_id in zone_ids:
            geometry = scene.ground.get(zone_id)
            old = self._looks.get(zone_id)
            if geometry is not None and old is not None and old[0] is geometry \
                    and old[1] == int(_colour_keys(ground_colours(scene, [zone_id]))[0]):
                continue  # painted as it looks now
            row = self._row.get(zone_id)
            if row is not None:
                touched.append(self.zone_bounds[row].copy())
                self.zone_bounds[row] = np.nan  # gone, unless it is still in the scene
            if geometry is None:
                self._looks.pop(zone_id, None)
                continue
            bounds = np.asarray(shapely.bounds(geometry)) - np.tile(self.origin, 2)
            touched.append(bounds)
            if row is None:
                self._row[zone_id] = len(self.zone_ids)
                self.zone_ids = np.append(self.zone_ids, zone_id)
                self.zone_bounds = np.vstack([self.zone_bounds, bounds])
            else:
                self.zone_bounds[row] = bounds
        touched = [b for b in touched if np.all(np.isfinite(b))]
        if not touched:
            return written, None
        a = np.array(touched)
        rect = self._pixel_rect(a[:, 0].min(), a[:, 1].min(), a[:, 2].max(), a[:, 3].max())
        if rect.isEmpty():
            return written, None
        self._paint(scene, rect)
        return written, rect

    def _pixel_rect(self, x0: float, y0: float, x1: float, y1: float) -> QRect:
        left = int(np.floor((x0 - self.extent[0]) / self.pixel_m)) - 1
        right = int(np.ceil((x1 - self.extent[0]) / self.pixel_m)) + 1
        top = int(np.floor((self.extent[3] - y1) / self.pixel_m)) - 1
        bottom = int(np.ceil((self.extent[3] - y0) / self.pixel_m)) + 1
        return QRect(left, top, right - left, bottom - top).intersected(self.image.rect())

    def _paint(self, scene: MassingScene, rect: QRect) -> None:
        """Paint the zones over ``rect`` of the picture, nothing outside it: the same pixels
        as painting the whole picture (no antialiasing, the same transform)."""
        x0 = self.extent[0] + rect.left() * self.pixel_m
        x1 = self.extent[0] + (rect.right() + 1) * self.pixel_m
        y1 = self.extent[3] - rect.top() * self.pixel_m
        y0 = self.extent[3] - (rect.bottom() + 1) * self.pixel_m
        b = self.zone_bounds
        with np.errstate(invalid="ignore"):
            near = (b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0)
        ids = [z for z in self.zone_ids[near].tolist() if z in scene.ground]
        keys = _colour_keys(ground_colours(scene, ids))
        self._looks.update(zip(ids, zip((scene.ground[z] for z in ids), keys.tolist())))
        order = np.argsort(keys, kind="stable")
        groups, firsts = np.unique(keys[order], return_index=True)
        ends = np.r_[firsts[1:], len(order)]
        painter = QPainter(self.image)
        try:
            painter.setClipRect(rect)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.fillRect(rect, Qt.GlobalColor.transparent)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            # Metres from the origin to pixels: x right, y down from the picture's top edge.
            painter.setTransform(QTransform(1.0 / self.pixel_m, 0.0, 0.0, -1.0 / self.pixel_m,
                                            -self.extent[0] / self.pixel_m, self.extent[3] / self.pixel_m))
            painter.setPen(Qt.PenStyle.NoPen)
            paths = polygons_paths([[scene.ground[ids[k]] for k in order[a:e]] for a, e in zip(firsts, ends)],
                                   self.origin)
            for key, path in zip(groups.tolist(), paths):
                painter.setBrush(QColor(key >> 24 & 255, key >> 16 & 255, key >> 8 & 255, key & 255))
                painter.drawPath(path)
        finally:
            painter.end()


def _colour_keys(colours: np.ndarray) -> np.ndarray:
    """RGBA (n, 4, 0–1) as one int per colour, 0xRRGGBBAA."""
    c = np.rint(colours * 255.0).astype(np.int64)
    return c[:, 0] << 24 | c[:, 1] << 16 | c[:, 2] << 8 | c[:, 3]


class BoxesItem(gl.GLMeshItem):
    """The boxes, drawn from an index buffer chosen per frame (visible_faces): only the roofs of
    boxes in the picture, and their walls only where they show WALL_MIN_PX tall or more."""

    def __init__(self) -> None:
        from parkplanner.ui.view3d.scene_items import OPAQUE_CULLED

        # "smooth" is what makes pyqtgraph keep the vertices indexed; the colours are per face
        # already (each face has its own four vertices) and there is no shader to smooth them.
        super().__init__(smooth=True, computeNormals=False, shader=None, glOptions=OPAQUE_CULLED)
        self.boxes: MovingBoxes | None = None
        self._handed_over = False
        self.drawn_triangles = 0  # in the last frame (benchmarks report it)

    def show_boxes(self, boxes: MovingBoxes) -> None:
        """Draw ``boxes`` from the next frame on (the mesh is handed over when it is painted, so
        edits while the full scene shows cost nothing here)."""
        self.boxes = boxes
        self._handed_over = False
        self.update()

    def _hand_over(self) -> None:
        boxes = self.boxes
        self._handed_over = True
        faces = np.concatenate([boxes.roof_index.reshape(-1, 3), boxes.wall_index.reshape(-1, 3)])
        self.setMeshData(vertexes=boxes.vertices, faces=faces, vertexColors=boxes.colors)

    def write_range(self, first: int, end: int) -> bool:
        """Send vertices [first, end) to the GPU now; False when the buffers cannot take them."""
        view, boxes = self.view(), self.boxes
        if view is None or boxes is None or not len(boxes) or not self._handed_over \
                or self.vertexes is not boxes.vertices \
                or not self.m_vbo_position.isCreated() or self.m_vbo_position.size() != boxes.vertices.nbytes:
            return False
        view.makeCurrent()
        try:
            for vbo, array in ((self.m_vbo_position, boxes.vertices), (self.m_vbo_color, boxes.colors)):
                part = np.ascontiguousarray(array[first:end])
                vbo.bind()
                vbo.write(first * array[0].nbytes, part, part.nbytes)
                vbo.release()
        finally:
            view.doneCurrent()
        return True

    def paint(self) -> None:
        view, boxes = self.view(), self.boxes
        if view is None or boxes is None or not len(boxes):
            return  # nothing to draw: pyqtgraph takes no empty mesh
        if not self._handed_over:
            self._hand_over()
        if self.vertexes is not None and self.m_ibo_faces.isCreated():  # uploaded once already
            w, h = max(view.width(), 1), max(view.height(), 1)
            focal = (w / 2.0) / np.tan(np.radians(view.opts["fov"]) / 2.0)
            mvp = np.array(self.mvpMatrix().data(), dtype=float).reshape(4, 4).T
            eye = view.cameraPosition()
            faces = visible_faces(boxes, mvp, np.array([eye.x(), eye.y(), eye.z()]), focal, (w, h))
            self.drawn_triangles = len(faces)
            if not len(faces):
                return
            faces = np.ascontiguousarray(faces, dtype=np.uint32)
            self.m_ibo_faces.bind()
            self.m_ibo_faces.allocate(faces, faces.nbytes)
            self.m_ibo_faces.release()
            self.faces = faces
        super().paint()


class GroundPictureItem(gl.GLImageItem):
    """The ground picture on the ground plane, transparent between zones (the base map shows
    there); a repainted window is re-sent alone (glTexSubImage2D)."""

    def __init__(self, moving: MovingScene) -> None:
        rows = moving.texture_rows if moving.texture_rows is not None else moving.pixels()
        moving.texture_rows = None  # the item holds it until the upload
        super().__init__(rows.transpose(1, 0, 2), smooth=False, glOptions="translucent")
        self.moving = moving
        xmin, ymin, _, _ = moving.extent
        self.scale(moving.pixel_m, moving.pixel_m, 1.0)
        self.translate(xmin, ymin, 0.0)
        self.setDepthValue(-5)  # after the base map, before the boxes
        self._stale = False

    def paint(self) -> None:
        if self._stale:
            self._stale = False
            self.setData(self.moving.pixels().transpose(1, 0, 2))
        super().paint()

    def write_rect(self, rect: QRect) -> None:
        """Re-send ``rect`` of the picture (painted already) to the texture."""
        if self.texture is None or self._needUpdate:
            self._stale = True  # not uploaded yet: the first paint takes the whole picture as it is then
            return
        view = self.view()
        if view is None:
            return
        height = self.moving.image.height()
        view.makeCurrent()
        try:
            GL.glBindTexture(GL.GL_TEXTURE_2D, self.texture)
            GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 1)
            GL.glTexSubImage2D(GL.GL_TEXTURE_2D, 0, rect.left(), height - 1 - rect.bottom(), rect.width(),
                               rect.height(), GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, self.moving.pixels(rect))
            GL.glBindTexture(GL.GL_TEXTURE_2D, 0)
        finally:
            view.doneCurrent()
        self.data = None  # the texture is the truth now; setData would re-send the whole picture
        self.update()

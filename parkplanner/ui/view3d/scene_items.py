"""pyqtgraph GL items over a MassingScene: one GLMeshItem per class batch, the selection outline
and the project boundary, and the lighter scene drawn while the camera moves (moving_items.py).
Shared by the interactive view and the headless render."""
from __future__ import annotations

import numpy as np
import pyqtgraph.opengl as gl
import shapely
from OpenGL import GL
from pyqtgraph.opengl.GLGraphicsItem import GLOptions

from parkplanner.core.massing.scene import MassingScene

__all__ = ["SceneItems", "BatchMeshItem", "SELECTION_RGBA", "BOUNDARY_RGBA", "SKY", "OPAQUE_CULLED"]

SELECTION_RGBA = (0.05, 0.28, 0.63, 1.0)  # the map's selection blue
#: The planning red line (规划红线), the map's boundary colour (ui/canvas/styles.boundary_pen).
BOUNDARY_RGBA = (0xC0 / 255, 0x28 / 255, 0x2D / 255, 1.0)
#: The map's warm paper tone, so the 3D view sits beside the map without a colour jump.
SKY = (243, 241, 236)
#: Lines lie this far above the ground so the flat zones do not hide them.
_LINE_LIFT_M = 0.3
OPAQUE_CULLED = {**GLOptions["opaque"], GL.GL_CULL_FACE: True}


class BatchMeshItem(gl.GLMeshItem):
    """One class batch. Its arrays are the batch's own (MeshData keeps contiguous float32 arrays
    as they are), so an in-place edit needs only its triangle range written to the GPU buffers,
    not the whole class re-uploaded."""

    def __init__(self, generic: str = "") -> None:
        self.generic = generic
        # No shader: the colours are lit already (core/massing/scene.shade); opaque with depth.
        # Back faces culled: every triangle is counter-clockwise seen from outside (roofs and
        # ground face up), so the walls turned away from the camera, about half of all triangles,
        # are dropped before the rasteriser (the frame's main cost under a software renderer).
        super().__init__(smooth=False, computeNormals=False, shader=None, glOptions=OPAQUE_CULLED)
        self.batch = None

    def show_batch(self, batch) -> None:
        self.batch = batch
        self.setMeshData(vertexes=batch.vertices, vertexColors=batch.shaded)

    def write_range(self, first: int, end: int) -> bool:
        """Send triangles [first, end) of the batch to the GPU now; False when the buffers are not
        made yet or no longer fit (the caller then hands over the whole batch)."""
        view = self.view()
        batch = self.batch
        if view is None or self.vertexes is None or self.vertexes is not batch.vertices \
                or not self.m_vbo_position.isCreated() or not self.m_vbo_color.isCreated() \
                or self.m_vbo_position.size() != batch.vertices.nbytes:
            return False
        view.makeCurrent()
        try:
            for vbo, array in ((self.m_vbo_position, batch.vertices), (self.m_vbo_color, batch.shaded)):
                part = array[first:end]
                vbo.bind()
                vbo.write(first * array[0].nbytes, part, part.nbytes)
                vbo.release()
        finally:
            view.doneCurrent()
        self.update()
        return True


class SceneItems:
    """The GL items showing one scene in one view; ``sync`` re-uploads only changed batches."""

    def __init__(self, view: gl.GLViewWidget) -> None:
        self.view = view
        self.meshes: dict[str, gl.GLMeshItem] = {}
        self._versions: dict[str, int] = {}
        self.selection = gl.GLLinePlotItem(mode="lines", color=SELECTION_RGBA, width=3.0, antialias=True)
        self.selection.setGLOptions("translucent")
        self.selection.setDepthValue(10)  # drawn after the volumes
        self.boundary = gl.GLLinePlotItem(mode="lines", color=BOUNDARY_RGBA, width=2.5, antialias=True)
        self.boundary.setGLOptions("translucent")
        self.boundary.setDepthValue(5)
        for item in (self.boundary, self.selection):
            item.setVisible(False)
            view.addItem(item)
        self.scene: MassingScene | None = None
        self.ground = None  # the base map's GLImageItem (ui/view3d/ground.py)
        #: While the camera moves: the MovingScene and its two items (None: the full scene always).
        self.moving = None
        self.boxes_item = self.ground_picture = None
        self.is_moving = False
        self._moving_generation = 0
        self._edited_meanwhile: set[int] = set()  # zones edited while the lighter scene is made

    def set_ground(self, item) -> None:
        """Put ``item`` (a GLImageItem, or None for none) on the ground instead of the last one."""
        if self.ground is not None:
            self.view.removeItem(self.ground)
        self.ground = item
        if item is not None:
            self.view.addItem(item)

    def show(self, scene: MassingScene, boundary=None, moving=None) -> None:
        """Show a new scene (replaces the old one's meshes) and, when given, the MovingScene of it
        to draw while the camera moves."""
        for item in self.meshes.values():
            self.view.removeItem(item)
        self.meshes.clear()
        self._versions.clear()
        self.scene = scene
        self._moving_generation += 1  # a lighter scene still being made is for the old scene
        self._show_moving(moving)
        self.sync()
        self.set_boundary(boundary)

    def _show_moving(self, moving) -> None:
        from parkplanner.ui.view3d.moving_items import BoxesItem, GroundPictureItem

        for item in (self.boxes_item, self.ground_picture):
            if item is not None:
                self.view.removeItem(item)
        self.moving = moving
        self.boxes_item = self.ground_picture = None
        if moving is not None:
            self.boxes_item = BoxesItem()
            self.boxes_item.show_boxes(moving.boxes)
            self.ground_picture = GroundPictureItem(moving)
            for item in (self.ground_picture, self.boxes_item):
                item.setVisible(self.is_moving)
                self.view.addItem(item)

    def prepare_moving(self, parent) -> None:
        """Make the lighter scene of the shown scene on a worker (``parent``: the widget the task
        belongs to). Edits meanwhile are noted and applied to it when it arrives."""
        from PySide6.QtCore import QCoreApplication

        from parkplanner.ui.tasks import run_task
        from parkplanner.ui.view3d.moving_items import MovingScene

        scene = self.scene
        self._moving_generation += 1
        generation = self._moving_generation
        self._edited_meanwhile = set()
        if scene is None:
            return
        records = scene.records()
        run_task(parent, QCoreApplication.translate("SceneItems", "Preparing the 3D view for moving"),
                 lambda ctx: MovingScene(records),
                 on_done=lambda moving: self._moving_made(moving, scene, generation),
                 on_error=lambda exc: None, dialog=False)  # without it the full scene is drawn while moving

    def _moving_made(self, moving, scene, generation: int) -> None:
        if generation != self._moving_generation or self.scene is not scene:
            return  # a newer scene is shown
        if self._edited_meanwhile:
            moving.follow(scene, self._edited_meanwhile)
        self._edited_meanwhile = set()
        self._show_moving(moving)

    def set_moving(self, on: bool) -> None:
        """Draw the lighter scene (while the camera moves) or the full one."""
        on = bool(on) and self.moving is not None
        if on == self.is_moving:
            return
        self.is_moving = on
        for item in self.meshes.values():
            item.setVisible(not on and self._versions.get(item.generic) is not None and len(item.batch or ()) > 0)
        for item in (self.boxes_item, self.ground_picture):
            if item is not None:
                item.setVisible(on)

    def sync(self, classes=None, zone_ids=()) -> None:
        """Upload the batches whose version moved (all, or those in ``classes``); ``zone_ids``
        (the zones an edit changed) bring the moving scene up to date too."""
        scene = self.scene
        if scene is None:
            return
        self._edited_meanwhile |= set(zone_ids)
        if self.moving is not None and zone_ids:
            written, rect = self.moving.follow(scene, zone_ids)
            if written is None or not self.boxes_item.write_range(*written):
                self.boxes_item.show_boxes(self.moving.boxes)
            else:
                self.boxes_item.boxes = self.moving.boxes
            if rect is not None:
                self.ground_picture.write_rect(rect)
        for generic in (classes if classes is not None else list(scene.batches)):
            batch = scene.batches.get(generic)
            item = self.meshes.get(generic)
            if batch is None or not len(batch):
                if item is not None:
                    item.setVisible(False)
                continue
            if item is None:
                item = BatchMeshItem(generic)
                self.meshes[generic] = item
                self.view.addItem(item)
            seen = self._versions.get(generic)
            if seen != batch.version or item.batch is not batch:
                # One in-place edit since the last upload: its range only; anything else: all.
                partial = (seen == batch.version - 1 and batch.changed_range is not None
                           and item.batch is batch and item.write_range(*batch.changed_range))
                if not partial:
                    item.show_batch(batch)
                self._versions[generic] = batch.version
            item.setVisible(not self.is_moving)

    def set_boundary(self, boundary) -> None:
        if boundary is None or self.scene is None:
            self.boundary.setVisible(False)
            return
        self.boundary.setData(pos=_ring_segments(shapely.get_rings(shapely.get_parts(boundary)), self.scene, 0.0))
        self.boundary.setVisible(True)

    def set_selection(self, zone_ids) -> None:
        """Outline the selected zones' volumes: roof and foot rings and the vertical edges."""
        scene = self.scene
        ids = [z for z in zone_ids if scene is not None and z in scene.footprint]
        if not ids:
            self.selection.setVisible(False)
            return
        pieces = []
        for zone_id in ids:
            rings = shapely.get_rings(shapely.get_parts(scene.footprint[zone_id]))
            height = scene.height[zone_id]
            pieces.append(_ring_segments(rings, scene, height))
            if height > 0:
                pieces.append(_ring_segments(rings, scene, 0.0))
                xy = shapely.get_coordinates(rings) - scene.origin
                verticals = np.empty((2 * len(xy), 3))
                verticals[0::2, :2] = xy
                verticals[1::2, :2] = xy
                verticals[0::2, 2] = _LINE_LIFT_M
                verticals[1::2, 2] = height + _LINE_LIFT_M
                pieces.append(verticals)
            else:  # a flat zone: its whole outline
                pieces.append(_ring_segments(shapely.get_rings(shapely.get_parts(scene.ground[zone_id])), scene, 0.0))
        self.selection.setData(pos=np.concatenate(pieces).astype(np.float32))
        self.selection.setVisible(True)


def _ring_segments(rings, scene: MassingScene, z: float) -> np.ndarray:
    """Line segments (pairs of points) along ``rings`` at height ``z``, relative to the scene origin."""
    coords, index = shapely.get_coordinates(rings, return_index=True)
    same = index[1:] == index[:-1]
    starts, ends = coords[:-1][same], coords[1:][same]
    out = np.empty((2 * len(starts), 3))
    out[0::2, :2] = starts - scene.origin
    out[1::2, :2] = ends - scene.origin
    out[:, 2] = z + _LINE_LIFT_M
    return out

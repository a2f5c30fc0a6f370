"""The base map on the ground of the 3D view: the project's raster base maps (aerial photos,
scanned plans) and its context layers (roads, rivers, buildings around the park) painted by the
map's own painters into one texture that lies under the zones, reaching a margin beyond the plan
so the park sits in its surroundings.

The raster base maps are read at the pyramid level closest to the texture's pixels (the map's
BaseMapPainter chooses it, as for a map view of that size), so a 200 MB aerial photo costs a
few dozen tiles here. ``ground_picture`` paints on a worker (QImage painting needs no GUI
thread); ``ground_item`` makes the GL item of it on the GUI thread.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph.opengl as gl
from PySide6.QtGui import QImage, QPainter

from parkplanner.core.massing.scene import MassingScene
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.basemap_layer import BaseMapPainter
from parkplanner.ui.canvas.reference_layers import ContextPainter
from parkplanner.ui.canvas.viewport import Viewport

__all__ = ["GroundPicture", "ground_extent", "ground_picture", "ground_item", "GROUND_PIXELS", "GROUND_MARGIN",
           "GROUND_Z"]

#: Texture size (pixels on the longer side): about 3 m a pixel for a 5 km park with its margin.
GROUND_PIXELS = 2048
#: The ground reaches this share of the plan's size beyond it on every side.
GROUND_MARGIN = 0.3
#: Context lines in the texture are this many times their width on the map.
GROUND_PEN_SCALE = 4.0
#: Just under the flat zones, so they always cover it.
GROUND_Z = -0.5


@dataclass(frozen=True)
class GroundPicture:
    """Pixels (x, y, RGBA) with y up, as GLImageItem reads them, and where they lie: the
    lower-left corner (metres from the scene origin) and the size of a pixel in metres."""

    pixels: np.ndarray
    corner: tuple[float, float]
    pixel_m: float


def ground_extent(scene: MassingScene | None):
    """What ``ground_picture`` needs of ``scene``: (extent, origin), taken on the GUI thread (a
    worker must not read a scene that edits change in place); None for no or an empty scene."""
    if scene is None or not len(scene):
        return None
    return (scene.extent or scene.bounds()[:4]), scene.origin


def ground_picture(project, placement, rasters: bool = True) -> GroundPicture | None:
    """The context layers, and with ``rasters`` the visible raster base maps beneath them, under
    the plan at ``placement`` (ground_extent); None when there is nothing to show."""
    basemaps = BaseMapPainter(project) if rasters else None
    if not project.context_layers and not basemaps or placement is None:
        return None
    (xmin, ymin, xmax, ymax), (ox, oy) = placement
    pad = GROUND_MARGIN * max(xmax - xmin, ymax - ymin)
    xmin, ymin, xmax, ymax = xmin - pad, ymin - pad, xmax + pad, ymax + pad
    scale = GROUND_PIXELS / max(xmax - xmin, ymax - ymin)
    width, height = max(1, round((xmax - xmin) * scale)), max(1, round((ymax - ymin) * scale))
    viewport = Viewport(width, height).fitted_to((xmin + ox, ymin + oy, xmax + ox, ymax + oy), margin=0.0) \
        .with_origin(ox, oy)
    image = QImage(width, height, QImage.Format.Format_RGBA8888)
    image.fill(styles.BACKGROUND)
    painter = QPainter(image)
    try:
        if basemaps:
            basemaps.paint(painter, viewport, resolution=1.0)  # in pixels of the texture
        painter.setTransform(viewport.local_transform())
        # Seen at a slant, the texture is shrunk several times over: lines drawn wider stay visible.
        with styles.pen_scale(GROUND_PEN_SCALE):
            ContextPainter(project, (ox, oy)).paint(painter)
    finally:
        painter.end()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine() // 4, 4)[:, :width]
    # GLImageItem reads data[x, y] with y up; image rows run downwards.
    pixels = np.ascontiguousarray(rows[::-1].transpose(1, 0, 2))
    x0, y0, _, _ = viewport.map_extent()
    return GroundPicture(pixels, (x0 - ox, y0 - oy), viewport.pixel_size)


def ground_item(picture: GroundPicture | None) -> gl.GLImageItem | None:
    """The GL item of ``picture`` (None for None)."""
    if picture is None:
        return None
    item = gl.GLImageItem(picture.pixels, smooth=True, glOptions="opaque")
    item.scale(picture.pixel_m, picture.pixel_m, 1.0)
    item.translate(picture.corner[0], picture.corner[1], GROUND_Z)
    item.setDepthValue(-10)  # drawn first
    return item

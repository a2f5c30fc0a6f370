"""The base map on the ground of the 3D view: the project's context layers (roads, rivers,
buildings around the park) painted by the map's own ContextPainter into a texture that lies under
the zones, reaching a margin beyond the plan so the park sits in its surroundings."""
from __future__ import annotations

import numpy as np
import pyqtgraph.opengl as gl
from PySide6.QtGui import QImage, QPainter

from parkplanner.core.massing.scene import MassingScene
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.reference_layers import ContextPainter
from parkplanner.ui.canvas.viewport import Viewport

__all__ = ["ground_item", "GROUND_PIXELS", "GROUND_MARGIN", "GROUND_Z"]

#: Texture size (pixels on the longer side): about 3 m a pixel for a 5 km park with its margin.
GROUND_PIXELS = 2048
#: The ground reaches this share of the plan's size beyond it on every side.
GROUND_MARGIN = 0.3
#: Context lines in the texture are this many times their width on the map.
GROUND_PEN_SCALE = 4.0
#: Just under the flat zones, so they always cover it.
GROUND_Z = -0.5


def ground_item(project, scene: MassingScene) -> gl.GLImageItem | None:
    """A GLImageItem of the context layers under ``scene``; None when the project has none."""
    if not project.context_layers or not len(scene):
        return None
    xmin, ymin, xmax, ymax, _ = scene.bounds()
    pad = GROUND_MARGIN * max(xmax - xmin, ymax - ymin)
    xmin, ymin, xmax, ymax = xmin - pad, ymin - pad, xmax + pad, ymax + pad
    scale = GROUND_PIXELS / max(xmax - xmin, ymax - ymin)
    width, height = max(1, round((xmax - xmin) * scale)), max(1, round((ymax - ymin) * scale))
    ox, oy = scene.origin
    viewport = Viewport(width, height).fitted_to((xmin + ox, ymin + oy, xmax + ox, ymax + oy), margin=0.0) \
        .with_origin(ox, oy)
    image = QImage(width, height, QImage.Format.Format_RGBA8888)
    image.fill(styles.BACKGROUND)
    painter = QPainter(image)
    try:
        painter.setTransform(viewport.local_transform())
        # Seen at a slant, the texture is shrunk several times over: lines drawn wider stay visible.
        with styles.pen_scale(GROUND_PEN_SCALE):
            ContextPainter(project, (ox, oy)).paint(painter)
    finally:
        painter.end()
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine() // 4, 4)[:, :width]
    # GLImageItem reads data[x, y] with y up; image rows run downwards.
    item = gl.GLImageItem(np.ascontiguousarray(pixels[::-1].transpose(1, 0, 2)), smooth=True, glOptions="opaque")
    x0, y0, x1, y1 = viewport.map_extent()
    item.scale(viewport.pixel_size, viewport.pixel_size, 1.0)
    item.translate(x0 - ox, y0 - oy, GROUND_Z)
    item.setDepthValue(-10)  # drawn first
    return item

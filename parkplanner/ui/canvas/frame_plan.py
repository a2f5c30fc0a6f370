"""One frame of the map, detached from the project: what a render job draws on a worker thread.

``MapRenderer.plan`` takes it on the GUI thread in a few milliseconds (which tile groups are in
view, their cached paths or the immutable geometries to build them from, the label candidates,
the background and outline layers or the painters that make them). ``FramePlan.draw`` then
paints it into a QImage on any thread (QImage and QPainter need no GUI thread) while the planner
keeps editing, since nothing it reads is changed by edits: zones and geometries are immutable,
paths are implicitly shared copies, and the reference painters are replaced, never changed.
``MapRenderer.adopt`` keeps what the frame built (paths, layer images) for later frames.

The synchronous ``MapRenderer.render`` is the same three steps in a row, so a picture drawn by a
job is the very picture a synchronous render gives.

A patch's plan (``pieces``, see ``repaint_patch``) paints only its pieces, from draws that hold
only the zones reaching into them, and leaves the rest of the image as it was.
"""
from __future__ import annotations

from functools import partial
from typing import Callable

import numpy as np

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QImage, QPainter, QRegion, QTransform

from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.basemap_layer import BaseMapPainter
from parkplanner.ui.canvas.labels import LabelPlacer, PlacedLabel
from parkplanner.ui.canvas.reference_layers import ContextPainter, OutlinePainter
from parkplanner.ui.canvas.repaint_patch import REACH_PX
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.canvas.zone_draws import GroupDraw, OutlinePens, build_paths, fill_draws, outline_draws

__all__ = ["FramePlan", "never_cancelled", "paint_zones"]


def never_cancelled() -> bool:
    return False


class FramePlan:
    """Everything one frame (or one clipped rectangle of it) needs; see the module note."""

    def __init__(self, viewport: Viewport, area: QRectF, origin: tuple[float, float],
                 draws: list[GroupDraw] | None, layers: tuple[QImage, QImage] | None, layers_key: tuple,
                 context: ContextPainter | None, outlines: OutlinePainter | None,
                 labels: LabelPlacer | None, label_candidates: list, generation: int,
                 basemaps: BaseMapPainter | None = None,
                 pieces: list[QRectF] | None = None) -> None:
        self.viewport, self.area, self.origin = viewport, area, origin
        self.draws = draws  # None: no project, the frame is background only
        #: The rectangles painted, a patch's pieces, which do not overlap (None: all of ``area``).
        self.pieces = pieces
        self.layers, self.layers_key = layers, layers_key
        self.context, self.outlines = context, outlines
        self.labels, self.label_candidates = labels, label_candidates
        self.generation = generation
        self.basemaps = basemaps
        #: The labels the frame placed (filled by ``draw``).
        self.placed: list[PlacedLabel] = []

    def draw(self, image: QImage, cancelled: Callable[[], bool] = never_cancelled) -> bool:
        """Paint the frame into ``image``; returns False, with the image half drawn, once
        ``cancelled()`` says so (checked between draw calls: a stale job stops within one)."""
        viewport, area = self.viewport, self.area
        painter = QPainter(image)
        try:
            if self.draws is None:
                painter.fillRect(area, styles.BACKGROUND)
                return True
            if self.layers is None:
                self.layers = self._layer_images(image)
            if cancelled():
                return False
            if not build_paths(self.draws, self.origin, cancelled):
                return False
            labels = None
            if self.labels is not None:
                reserved = [rect for _, rect in self.outlines.phase_labels(viewport.local_transform())]
                self.placed = self.labels.place_candidates(self.label_candidates, viewport, reserved)
                labels = partial(self.labels.paint, labels=self.placed, clip=area)
            return paint_zones(painter, area, self.pieces, self.layers, viewport.local_transform(),
                               OutlinePens(viewport.pixel_size), self.draws, labels, cancelled)
        finally:
            painter.end()

    @property
    def labelled(self) -> bool:
        """Whether the frame may place labels (a view with label candidates)."""
        return self.labels is not None and bool(self.label_candidates)

    def _layer_images(self, like: QImage) -> tuple[QImage, QImage]:
        """Background + context (under the zones) and boundary + phases (over them) for this view.

        They only change with the view or with their project fields, so a zone edit repaints its
        rectangle by copying these instead of re-stroking whole road networks and dashed outlines
        (dashed wide pens cost ~15 ms a frame and ignore the clip rectangle until rasterisation).
        """
        under = QImage(like.width(), like.height(), QImage.Format.Format_ARGB32_Premultiplied)
        over = QImage(like.width(), like.height(), QImage.Format.Format_ARGB32_Premultiplied)
        for layer in (under, over):
            layer.setDevicePixelRatio(like.devicePixelRatio())
        under.fill(styles.BACKGROUND)
        over.fill(0)
        if self.basemaps:  # rasters first, beneath the context layers
            painter = QPainter(under)
            self.basemaps.paint(painter, self.viewport)
            painter.end()
        for layer, painter_of in ((under, self.context), (over, self.outlines)):
            painter = QPainter(layer)
            painter.setTransform(self.viewport.local_transform())
            painter_of.paint(painter)
            painter.end()
        return under, over


def paint_zones(painter: QPainter, area: QRectF, pieces: list[QRectF] | None, layers: tuple[QImage, QImage],
                local: QTransform, pens: OutlinePens, draws: list[GroupDraw],
                labels: Callable[[QPainter], None] | None = None,
                cancelled: Callable[[], bool] = never_cancelled) -> bool:
    """The frame's pixels in ``area`` (or only in its ``pieces``), its paths built: the layer under
    the zones, their fills and outlines, ``labels`` (a painting of the placed labels, or None) and
    the layer over them. A render job and the patch helper (``patch_process``) draw with this, so
    the two give the very same pixels. False when ``cancelled()`` stopped it."""
    under, over = layers
    source = _pixels(area, painter.device().devicePixelRatio())
    region = None if pieces is None else _united([rect.toAlignedRect() for rect in pieces])
    if region is not None:
        painter.setClipRegion(region)
    else:
        painter.setClipRect(area)
    painter.drawImage(area, under, source)
    painter.setTransform(local)
    if not (fill_draws(painter, draws, cancelled) and outline_draws(painter, draws, pens, False, cancelled)):
        return False
    if region is None:
        if not outline_draws(painter, draws, pens, True, cancelled):
            return False
    else:
        # Antialiased outlines blend differently under a clip region than under a rectangle
        # (by a level or two): a patch draws them piece by piece, as a full frame would.
        for rect, reaching in _reaching(pieces, pens.outlined(draws, True), local):
            painter.resetTransform()
            painter.setClipRect(rect)
            painter.setTransform(local)
            if not outline_draws(painter, reaching, pens, True, cancelled):
                return False
        painter.resetTransform()
        painter.setClipRegion(region)
    if labels is not None:
        labels(painter)
    painter.resetTransform()
    painter.drawImage(area, over, source)
    return True


def _pixels(rect: QRectF, ratio: float) -> QRectF:
    """``rect`` in device pixels of an image with device pixel ratio ``ratio``."""
    return QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio)


def _united(rects: list[QRect]) -> QRegion:
    """The union of ``rects``, merged pairwise (a region grows with each rectangle united into it:
    one at a time would take quadratic time for a few hundred)."""
    regions = [QRegion(rect) for rect in rects]
    while len(regions) > 1:
        regions = [regions[k].united(regions[k + 1]) if k + 1 < len(regions) else regions[k]
                   for k in range(0, len(regions), 2)]
    return regions[0] if regions else QRegion()


def _reaching(pieces: list[QRectF], draws: list[GroupDraw], local: QTransform) -> list[tuple[QRectF, list[GroupDraw]]]:
    """Each piece with those of ``draws`` (built) whose outline reaches into it, in their order."""
    if not draws:
        return []
    outlines = np.array([local.mapRect(d.path.boundingRect()).getCoords() for d in draws]) + \
        np.array([-REACH_PX, -REACH_PX, REACH_PX, REACH_PX])
    rects = np.array([rect.getCoords() for rect in pieces])
    meets = (rects[:, None, 0] <= outlines[None, :, 2]) & (outlines[None, :, 0] <= rects[:, None, 2]) & \
        (rects[:, None, 1] <= outlines[None, :, 3]) & (outlines[None, :, 1] <= rects[:, None, 3])
    return [(rect, [draws[k] for k in np.flatnonzero(row).tolist()]) for rect, row in zip(pieces, meets) if row.any()]

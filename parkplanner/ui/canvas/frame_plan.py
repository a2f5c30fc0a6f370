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
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.basemap_layer import BaseMapPainter
from parkplanner.ui.canvas.labels import LabelPlacer, PlacedLabel
from parkplanner.ui.canvas.reference_layers import ContextPainter, OutlinePainter
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.canvas.zone_layer import GroupDraw, OutlinePens, build_paths, paint_draws

__all__ = ["FramePlan", "never_cancelled"]


def never_cancelled() -> bool:
    return False


class FramePlan:
    """Everything one frame (or one clipped rectangle of it) needs; see the module note."""

    def __init__(self, viewport: Viewport, area: QRectF, origin: tuple[float, float],
                 draws: list[GroupDraw] | None, layers: tuple[QImage, QImage] | None, layers_key: tuple,
                 context: ContextPainter | None, outlines: OutlinePainter | None,
                 labels: LabelPlacer | None, label_candidates: list, generation: int,
                 basemaps: BaseMapPainter | None = None,
                 pieces: list[tuple[QRectF, list[GroupDraw]]] | None = None) -> None:
        self.viewport, self.area, self.origin = viewport, area, origin
        self.draws = draws  # None: no project, the frame is background only
        #: The rectangles painted, each with the draws reaching into it (a patch's pieces;
        #: None: ``area`` with every draw).
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
            if self.labels is not None:
                reserved = [rect for _, rect in self.outlines.phase_labels(viewport.local_transform())]
                self.placed = self.labels.place_candidates(self.label_candidates, viewport, reserved)
            under, over = self.layers
            ratio = image.devicePixelRatio()
            pens = OutlinePens(viewport.pixel_size)
            for rect, draws in self.pieces if self.pieces is not None else [(area, self.draws)]:
                if cancelled():
                    return False
                source = _pixels(rect, ratio)
                painter.setClipRect(rect)
                painter.drawImage(rect, under, source)
                painter.setTransform(viewport.local_transform())
                if not paint_draws(painter, draws, self.origin, viewport.pixel_size, cancelled, pens):
                    return False
                if self.labels is not None:
                    self.labels.paint(painter, self.placed, rect)
                painter.resetTransform()
                painter.drawImage(rect, over, source)
            return True
        finally:
            painter.end()

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


def _pixels(rect: QRectF, ratio: float) -> QRectF:
    """``rect`` in device pixels of an image with device pixel ratio ``ratio``."""
    return QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio)

"""Drawing the zone layer's groups, on any thread: a frame's draws, their paths, fills and outlines.

A ``GroupDraw`` is one (tile, colour) group of ``zone_layer.ZoneLayer`` as a frame reads it on the
GUI thread; ``build_paths`` makes the missing paths from the immutable geometries (on the worker
of a render job), and ``paint_draws`` fills and outlines them.

Fills are drawn without antialiasing and the outlines with it: the 1-px antialiased outline
covers the fill's stair-stepped edge, and this is ~3x faster than antialiased fills
(10,000 zones at 1600x1000: ~30 ms against ~85 ms on the reference VM). Zones under 12 px on
screen get a crisp, aliased outline instead (level of detail: at that size both look alike and
the aliased one costs ~40 % less, outlines being half of a zoomed-out frame).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter

from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.qpaths import polygons_paths

if TYPE_CHECKING:
    from parkplanner.ui.canvas.zone_layer import _Group

__all__ = ["GroupDraw", "OutlinePens", "build_paths", "paint_draws", "fill_draws", "outline_draws"]

#: Below this typical on-screen size (pixels) outlines would only darken the fills into mud.
_MIN_OUTLINE_SPAN_PX = 4.0
#: From this typical on-screen size (pixels) on, outlines are antialiased; smaller zones get a crisp one.
_SMOOTH_OUTLINE_SPAN_PX = 12.0


class GroupDraw:
    """One visible group as a render job reads it: its path, or the geometries to build it from.

    Taken on the GUI thread (``ZoneLayer.draws``); the worker builds missing paths from the
    immutable geometries without touching the layer, and ``ZoneLayer.adopt`` keeps them.
    A ``partial`` draw (``ZoneLayer.patch_draws``) holds only the members near a patch: its path
    is never kept, and its outline pen follows the whole group's typical span.
    """

    __slots__ = ("colour", "group", "stamp", "path", "geometries", "typical_span", "area", "partial")

    def __init__(self, colour: str, group: _Group, geometries: list | None, partial: bool = False) -> None:
        self.colour, self.group, self.stamp = colour, group, group.stamp
        self.path = None if partial else group.path
        #: The group's (None while unknown: ``build_paths`` measures it with the path).
        self.area, self.typical_span = group.area, group.typical_span
        self.geometries = geometries
        self.partial = partial


#: Groups whose paths are built in one shapely pass (a render job checks for cancel between batches).
_PATH_BATCH = 96


def build_paths(draws: list[GroupDraw], origin: tuple[float, float], cancelled=lambda: False) -> bool:
    """Build the missing paths (and, of whole groups, areas and typical spans) of ``draws``, any
    thread; False if cancelled."""
    missing = [d for d in draws if d.path is None]
    for start in range(0, len(missing), _PATH_BATCH):
        if cancelled():
            return False
        batch = missing[start:start + _PATH_BATCH]
        areas: list[float] = []
        for draw, path, area in zip(batch, polygons_paths([d.geometries for d in batch], origin, areas), areas):
            draw.path = path
            if not draw.partial:
                draw.area = area
                draw.typical_span = math.sqrt(max(area, 0.0) / len(draw.geometries)) if draw.geometries else 0.0
    return True


class OutlinePens:
    """The two zone outline pens and the typical spans that pick between them, for one scale
    (made once per frame: a patch paints its pieces with the same pens)."""

    __slots__ = ("crisp", "smooth", "min_span", "crisp_span")

    def __init__(self, pixel_size: float) -> None:
        self.crisp, self.smooth = styles.small_zone_outline_pen(), styles.outline_pen()
        # Level of detail: the outlines of zones a few pixels wide cost as much as everything else
        # in the frame; drawn aliased they cost ~40 % less and at that size look the same on
        # screen (print figures, whose pens are scaled up, keep antialiased outlines throughout).
        self.min_span = _MIN_OUTLINE_SPAN_PX * pixel_size
        self.crisp_span = _SMOOTH_OUTLINE_SPAN_PX * pixel_size if styles.pens_at_screen_scale() else 0.0

    def look(self, typical_span: float) -> bool | None:
        """The outline of a group of ``typical_span`` (metres): smooth (True), crisp (False) or none."""
        return None if typical_span < self.min_span else typical_span >= self.crisp_span

    def outlined(self, draws: list[GroupDraw], smooth: bool) -> list[GroupDraw]:
        """Those of ``draws`` outlined with the smooth pen (``smooth``) or with the crisp one."""
        look = self.look
        return [d for d in draws if look(d.typical_span) is smooth]


_ANTIALIASING = QPainter.RenderHint.Antialiasing
_NO_PEN = Qt.PenStyle.NoPen
_NO_BRUSH = Qt.BrushStyle.NoBrush


def paint_draws(painter: QPainter, draws: list[GroupDraw], origin: tuple[float, float], pixel_size: float,
                cancelled=lambda: False) -> bool:
    """Fill, then outline, the groups of ``draws`` (any thread); False when ``cancelled()`` stopped it."""
    if not build_paths(draws, origin, cancelled):
        return False
    pens = OutlinePens(pixel_size)
    return fill_draws(painter, draws, cancelled) and outline_draws(painter, draws, pens, False, cancelled) \
        and outline_draws(painter, draws, pens, True, cancelled)


def fill_draws(painter: QPainter, draws: list[GroupDraw], cancelled=lambda: False) -> bool:
    """Fill the built paths of ``draws``, aliased (see the module note)."""
    painter.save()
    try:
        painter.setRenderHint(_ANTIALIASING, False)
        painter.setPen(_NO_PEN)
        for draw in draws:
            if cancelled():
                return False
            painter.setBrush(styles.brush_for(draw.colour))
            painter.drawPath(draw.path)
        return True
    finally:
        painter.restore()


def outline_draws(painter: QPainter, draws: list[GroupDraw], pens: OutlinePens, smooth: bool,
                  cancelled=lambda: False) -> bool:
    """Outline the built paths of ``draws`` whose zones get the ``smooth`` (antialiased) outline, or
    the crisp one (small zones; tiny ones get none)."""
    painter.save()
    try:
        painter.setRenderHint(_ANTIALIASING, smooth)
        painter.setBrush(_NO_BRUSH)
        painter.setPen(pens.smooth if smooth else pens.crisp)
        for draw in pens.outlined(draws, smooth):
            if cancelled():
                return False
            painter.drawPath(draw.path)
        return True
    finally:
        painter.restore()

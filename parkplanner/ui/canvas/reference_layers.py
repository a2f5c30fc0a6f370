"""Everything on the map that is not a zone: context layers beneath, boundary and phases above.

These change only through project-field edits (rare), so each is converted to paths once and
the paths are kept until the project field they come from is replaced.
"""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QTransform
from shapely.geometry import LineString

from parkplanner.core.model.project import Project
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.fast_strokes import stroke_path
from parkplanner.ui.canvas.qpaths import lines_path, points_xy, polygons_path
from parkplanner.ui.canvas.zone_layer import Bounds

__all__ = ["ContextPainter", "OutlinePainter"]


class _ContextLayerPaths:
    def __init__(self, layer, origin: tuple[float, float]) -> None:
        self.style = styles.context_style(layer.name, layer.kind)
        geoms = list(layer.geometries)
        areas = [g for g in geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        lines = [g for g in geoms if g.geom_type in ("LineString", "MultiLineString", "LinearRing")]
        self.fill = polygons_path(areas, origin) if areas else None
        self.lines = lines_path(lines, origin) if lines else None
        self.points = points_xy(geoms) - origin if geoms else None


class ContextPainter:
    """Reference layers (roads, rivers, buildings) drawn beneath the zones, in their file order."""

    def __init__(self, project: Project, origin: tuple[float, float]) -> None:
        self._layers = [_ContextLayerPaths(layer, origin) for layer in project.context_layers]
        self.source = project.context_layers

    def paint(self, painter: QPainter) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for layer in self._layers:
            if layer.fill is not None:
                if layer.style.brush is not None:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(layer.style.brush)
                    painter.drawPath(layer.fill)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                stroke_path(painter, layer.fill, layer.style.pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if layer.lines is not None:
                stroke_path(painter, layer.lines, layer.style.pen)
            if layer.points is not None and len(layer.points):
                # Points keep a fixed screen size: draw them untransformed.
                transform = painter.transform()
                painter.resetTransform()
                painter.setPen(layer.style.pen)
                painter.setBrush(layer.style.pen.color())
                for x, y in layer.points:
                    painter.drawEllipse(transform.map(QPointF(float(x), float(y))), 2.5, 2.5)
                painter.setTransform(transform)
        painter.restore()


class OutlinePainter:
    """The site boundary (red line) and the phase outlines with their names, above the zones."""

    def __init__(self, project: Project, origin: tuple[float, float]) -> None:
        self.origin = origin
        self.boundary_source = project.boundary
        self.phases_source = project.phases
        self.boundary = polygons_path([project.boundary], origin) if project.boundary is not None else None
        self.font = styles.label_font(9.5, bold=True)
        self._metrics = QFontMetricsF(self.font)
        self._phases: list[tuple[str, QPainterPath, tuple[float, float], object]] = [
            (phase.name or f"Phase {phase.number}", polygons_path([phase.geometry], origin),
             _top_inside(phase.geometry, origin), phase.geometry)
            for phase in project.phases if phase.geometry is not None and not phase.geometry.is_empty
        ]
        #: (scale, placed titles): one value, so a render job on a worker never sees half an update.
        self._placed: tuple[tuple[float, float] | None, list[tuple[str, tuple[float, float], QRectF]]] = (None, [])

    def phase_labels(self, transform: QTransform) -> list[tuple[str, QRectF]]:
        """Each phase name and its screen rectangle: under the phase's top edge, inside it, so it
        reads as the phase's title. Zone labels keep clear of these rectangles.

        A slanted or stepped top edge (the sample's phase 1 under a diagonal boundary) cuts a
        long name at the usual spot, so candidate spots slide down and sideways, and a name
        that fits nowhere is shortened ("一期 Phase 1 (4.2 km²)" -> "一期 Phase 1" -> "一期");
        a phase gets no title only when even its shortest name fits nowhere inside it.
        """
        # Whether a spot lies inside a phase does not change when the map pans: the spots found
        # for one scale, relative to each phase's top point, serve every pan at that scale.
        scale = (transform.m11(), transform.m22())
        placed_scale, placed = self._placed
        if scale != placed_scale:
            placed = self._place_titles(transform)
            self._placed = (scale, placed)
        out = []
        for text, (x, y), offset in placed:
            top = transform.map(QPointF(x, y))
            out.append((text, offset.translated(top.x(), top.y())))
        return out

    def _place_titles(self, transform: QTransform) -> list[tuple[str, tuple[float, float], QRectF]]:
        """(title, top point, rectangle relative to the top point on screen) of each titled phase."""
        placed = []
        inverse, _ = transform.inverted()
        height = self._metrics.height() + 2
        for name, path, (x, y), geometry in self._phases:
            box = transform.mapRect(path.boundingRect())
            if box.height() < 3 * height:
                continue  # phase too small on screen for a title
            top = transform.map(QPointF(x, y))
            for text in _shorter_names(name):
                width = self._metrics.horizontalAdvance(text) + 8
                if width > box.width():
                    continue
                rect = self._first_inside(geometry, inverse, top, width, height, box)
                if rect is not None:
                    placed.append((text, (x, y), rect.translated(-top.x(), -top.y())))
                    break
        return placed

    def _first_inside(self, geometry, inverse: QTransform, top: QPointF, width: float, height: float,
                      box: QRectF) -> QRectF | None:
        """The first candidate rectangle (nearest the top centre) lying inside ``geometry``.

        Candidates are tested by vectorised contains_xy calls (corners and side midpoints): the
        first spot alone, which fits most phases, then all the others at once.
        """
        # Down to 45 % of the phase's height, at most 400 px: a title further down reads as a label.
        drops = np.arange(5.0, max(6.0, min(box.height() * 0.45, 400.0)), 10.0)
        shifts = np.array([0.0, -0.15, 0.15, -0.3, 0.3]) * box.width()
        drop, shift = (a.ravel() for a in np.meshgrid(drops, shifts, indexing="ij"))  # drop first
        left = top.x() - width / 2 + shift
        upper = top.y() + drop
        fx = np.array([0.0, 0.5, 1.0, 0.0, 0.5, 1.0, 0.0, 1.0])
        fy = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.5, 0.5])
        sx = left[:, None] + fx * width
        sy = upper[:, None] + fy * height
        # inverse is a scale and translation (no rotation): map the screen points to map units.
        mx = inverse.m11() * sx + inverse.m21() * sy + inverse.dx() + self.origin[0]
        my = inverse.m12() * sx + inverse.m22() * sy + inverse.dy() + self.origin[1]
        for first, last in ((0, 1), (1, len(left))):
            fits = shapely.contains_xy(geometry, mx[first:last], my[first:last]).all(axis=1)
            if fits.any():
                k = first + int(np.argmax(fits))
                return QRectF(float(left[k]), float(upper[k]), width, height)
        return None

    def extent(self) -> Bounds | None:
        if self.boundary_source is None:
            return None
        return tuple(float(v) for v in self.boundary_source.bounds)  # type: ignore[return-value]

    def paint(self, painter: QPainter) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._phases:
            pen = styles.phase_pen()
            for _, path, _, _ in self._phases:
                stroke_path(painter, path, pen)
        if self.boundary is not None:
            stroke_path(painter, self.boundary, styles.boundary_pen())
        if self._phases:
            transform = painter.transform()
            painter.resetTransform()
            painter.setFont(self.font)
            align = Qt.AlignmentFlag.AlignCenter
            for name, rect in self.phase_labels(transform):
                painter.setPen(QColor(255, 255, 255, 230))
                for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                    painter.drawText(rect.translated(dx, dy), align, name)
                painter.setPen(QColor(40, 40, 90))
                painter.drawText(rect, align, name)
            painter.setTransform(transform)
        painter.restore()


def _shorter_names(name: str) -> list[str]:
    """``name``, then without its bracketed part, then its first word: the titles to try in turn."""
    names = [name]
    bare = name.split("(")[0].split("（")[0].strip()
    if bare:
        names.append(bare)
    first = name.split()[0] if name.split() else ""
    if first:
        names.append(first)
    return list(dict.fromkeys(names))


def _top_inside(geometry, origin: tuple[float, float]) -> tuple[float, float]:
    """The highest point of ``geometry`` on the vertical through its representative point."""
    anchor = geometry.representative_point()
    minx, miny, maxx, maxy = geometry.bounds
    cut = geometry.intersection(LineString([(anchor.x, miny - 1.0), (anchor.x, maxy + 1.0)]))
    top = cut.bounds[3] if not cut.is_empty else anchor.y
    return (anchor.x - origin[0], top - origin[1])

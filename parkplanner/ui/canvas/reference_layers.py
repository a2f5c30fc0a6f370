"""Everything on the map that is not a zone: context layers beneath, boundary and phases above.

These change only through project-field edits (rare), so each is converted to paths once and
the paths are kept until the project field they come from is replaced.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath

from parkplanner.core.model.project import Project
from parkplanner.ui.canvas import styles
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
            painter.setPen(layer.style.pen)
            if layer.fill is not None:
                painter.setBrush(layer.style.brush or Qt.BrushStyle.NoBrush)
                painter.drawPath(layer.fill)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if layer.lines is not None:
                painter.drawPath(layer.lines)
            if layer.points is not None and len(layer.points):
                # Points keep a fixed screen size: draw them untransformed.
                transform = painter.transform()
                painter.resetTransform()
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
        self._phases: list[tuple[str, QPainterPath]] = [
            (phase.name or f"Phase {phase.number}", polygons_path([phase.geometry], origin))
            for phase in project.phases if phase.geometry is not None and not phase.geometry.is_empty
        ]

    def extent(self) -> Bounds | None:
        if self.boundary_source is None:
            return None
        return tuple(float(v) for v in self.boundary_source.bounds)  # type: ignore[return-value]

    def paint(self, painter: QPainter) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._phases:
            painter.setPen(styles.phase_pen())
            for _, path in self._phases:
                painter.drawPath(path)
        if self.boundary is not None:
            painter.setPen(styles.boundary_pen())
            painter.drawPath(self.boundary)
        if self._phases:
            transform = painter.transform()
            painter.resetTransform()
            font = styles.label_font(9.5, bold=True)
            painter.setFont(font)
            for name, path in self._phases:
                box = transform.mapRect(path.boundingRect())
                if box.width() < 120 or box.height() < 60:
                    continue  # phase too small on screen for its name
                # The name sits at the phase's upper-left corner, clear of the zone labels.
                rect = QRectF(box.left() + 6, box.top() + 4, 260, 20)
                painter.setPen(QColor(40, 40, 90, 220))
                painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, name)
            painter.setTransform(transform)
        painter.restore()

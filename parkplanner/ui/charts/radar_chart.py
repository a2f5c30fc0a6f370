"""The five-dimension radar (产 城 人 景 文) with the coupling coordination degree D and its grade.

Each axis carries one dimension index U_d in [0, 1]; rings mark 0.2 steps. The polygon before the
last edit is drawn faintly beneath the current one. D, its grade and C/T sit under the title.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem

from parkplanner.core.metrics.registry import DIMENSIONS as REGISTRY_DIMENSIONS, dimension
from parkplanner.ui.charts.chart_base import INK, MUTED, ChartBase, ghost, set_text, text_item, tr

__all__ = ["RadarChart", "DIMENSIONS"]

DIMENSIONS: tuple[str, ...] = tuple(d.id for d in REGISTRY_DIMENSIONS)
_FILL = QColor("#1565C0")
#: Grades from 初级协调 (primary) upwards are named by an adjective of "coordination".
_FIRST_COORDINATED_LEVEL = 6
#: Labels sit at this radius (the outer ring is 1); the x range is ±_X_HALF at least, the y range
#: from _Y_BOTTOM (room for the D headline) to _Y_TOP at least.
_LABEL_R, _X_HALF, _Y_BOTTOM, _Y_TOP = 1.06, 1.9, -1.95, 1.4
#: Axes this close to horizontal carry a "side" label: name and value on two lines, fitted.
_SIDE_COS = 0.8
_ANGLES = np.pi / 2 - np.arange(len(DIMENSIONS)) * 2 * np.pi / len(DIMENSIONS)  # first axis up


def _xy(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    closed = np.append(values, values[:1])
    angles = np.append(_ANGLES, _ANGLES[:1])
    return closed * np.cos(angles), closed * np.sin(angles)


def _polygon(values: np.ndarray) -> QPolygonF:
    x, y = _xy(values)
    return QPolygonF([QPointF(a, b) for a, b in zip(x.tolist(), y.tolist())])


def _polygon_item(pen: QPen, brush: QColor) -> QGraphicsPolygonItem:
    # A filled polygon item: PlotCurveItem fills only down to a level, not inside a closed outline.
    pen.setCosmetic(True)
    item = QGraphicsPolygonItem()
    item.setPen(pen)
    item.setBrush(brush)
    return item


class RadarChart(ChartBase):
    def __init__(self, lang: str = "en") -> None:
        super().__init__(tr("radar", lang), lang)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setAspectLocked(True)
        for ring in (0.2, 0.4, 0.6, 0.8, 1.0):
            x, y = _xy(np.full(len(DIMENSIONS), ring))
            self.plot.addItem(pg.PlotCurveItem(x, y, pen=pg.mkPen(MUTED if ring == 1.0 else "#D0D0D0", width=1)))
        for angle in _ANGLES:
            self.plot.addItem(pg.PlotCurveItem([0, math.cos(angle)], [0, math.sin(angle)],
                                               pen=pg.mkPen("#D0D0D0", width=1)))
        self.previous = _polygon_item(pg.mkPen(ghost(MUTED, 160), width=1.5, style=Qt.PenStyle.DashLine),
                                      ghost(MUTED, 45))
        self.current = _polygon_item(pg.mkPen(_FILL, width=2), ghost(_FILL, 70))
        self.plot.addItem(self.previous)
        self.plot.addItem(self.current)
        self.axis_labels = []
        for angle in _ANGLES:
            # Labels sit outside the unit ring, anchored away from the centre so none overlaps it.
            label = text_item("", INK, anchor=(0.5 - 0.5 * math.cos(angle), 0.5 + 0.5 * math.sin(angle)), size=8)
            label.setPos(_LABEL_R * math.cos(angle), _LABEL_R * math.sin(angle))
            self.axis_labels.append(label)
            self.plot.addItem(label)
        self.headline = text_item("", INK, anchor=(0.5, 0), size=9, bold=True)
        self.headline.setPos(0, -1.16)
        self.plot.addItem(self.headline)
        self._x_half = self._y_top = 0.0
        self._set_ranges(_X_HALF, _Y_TOP)
        self._values = np.zeros(len(DIMENSIONS))
        #: The faint polygon's values, and whether any metrics were drawn yet (unchanged values
        #: leave the polygons and labels alone: each change re-lays out and repaints them).
        self._before: np.ndarray | None = None
        self._drawn = False
        self.plot.getViewBox().sigResized.connect(self._fit_labels)

    def _set_ranges(self, half: float, top: float) -> None:
        if abs(half - self._x_half) > 1e-3:
            self._x_half = half
            self.plot.setXRange(-half, half, padding=0)
        if abs(top - self._y_top) > 1e-3:
            self._y_top = top
            self.plot.setYRange(_Y_BOTTOM, top, padding=0)

    def _fit_labels(self, *_: object) -> None:
        """Widen the ranges until the labels fit around the ring (a small chart shrinks the ring
        instead of cutting "City functions 0.86" off at its edge or the top label into the title).

        Labels keep their pixel size while the ring scales with the view: with w the view's
        width and L the widest side label (pixels), the room beside the ring, (h − r)·w/(2h),
        is at least L when the half range h ≥ r·w / (w − 2L); likewise upwards.
        """
        box = self.plot.getViewBox()
        width, height = box.width(), box.height()
        side = [label.boundingRect().width() for label, angle in zip(self.axis_labels, _ANGLES)
                if abs(math.cos(angle)) > _SIDE_COS]
        widest = max(side, default=0.0) + 4.0
        if width <= 2.5 * widest:
            half = 2 * _X_HALF  # no room to speak of: keep the ring small, the labels whole
        else:
            half = min(2 * _X_HALF, max(_X_HALF, _LABEL_R * width / (width - 2 * widest)))
        tall = self.axis_labels[0].boundingRect().height() + 2.0  # the top axis's label
        if height <= 2.5 * tall:
            top = 2 * _Y_TOP
        else:
            top = min(2 * _Y_TOP, max(_Y_TOP, (_LABEL_R * height - _Y_BOTTOM * tall) / (height - tall)))
        self._set_ranges(half, top)

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self.set_title(tr("radar", lang))
        self._label_axes()

    def _label_axes(self) -> None:
        for label, name, value, angle in zip(self.axis_labels, DIMENSIONS, self._values, _ANGLES):
            dim = dimension(name)
            title = dim.name_zh if self.lang.startswith("zh") else f"{dim.zh} {dim.name_en}"
            # Labels beside the ring have the least room (a narrow workshop column cut "City
            # functions 0.86"): there the value goes on a second line.
            gap = "\n" if abs(math.cos(angle)) > _SIDE_COS else " "
            set_text(label, f"{title}{gap}{value:.2f}")
        self._fit_labels()

    def update_metrics(self, current: dict[str, Any], previous: dict[str, Any] | None) -> None:
        now = np.array([float(current["dimensions"].get(d) or 0.0) for d in DIMENSIONS])
        before = np.array([float(previous["dimensions"].get(d) or 0.0) for d in DIMENSIONS]) if previous else now
        if not np.array_equal(now, self._values) or not self._drawn:
            self._values = now
            self.current.setPolygon(_polygon(now))
            self._label_axes()
        if self._before is None or not np.array_equal(before, self._before):
            self._before = before
            self.previous.setPolygon(_polygon(before))
        self._drawn = True
        coupling = current.get("coupling", {})
        d_value = coupling.get("D")
        grade = coupling.get("grade") or ""
        english = coupling.get("grade_en", "")
        if coupling.get("grade_level", 0) >= _FIRST_COORDINATED_LEVEL:  # "good" reads as "good coordination"
            english += " coordination"
        grade_text = grade if self.lang.startswith("zh") else f"{english} ({grade})"
        change = ""
        if previous and d_value is not None and previous.get("coupling", {}).get("D") is not None:
            delta = d_value - previous["coupling"]["D"]
            if abs(delta) >= 0.0005:
                change = f"  ({'+' if delta > 0 else '−'}{abs(delta):.3f})"
        d_text = "–" if d_value is None else f"{d_value:.3f}"
        set_text(self.headline, f"D = {d_text}{change}  {grade_text}\n"
                                f"C = {coupling.get('C', 0):.3f}   T = {coupling.get('T', 0):.3f}")

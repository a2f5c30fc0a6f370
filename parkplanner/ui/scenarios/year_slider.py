"""The year slider: zones appear and fade in on the map as they ramp up, year by year.

``zone_maturity`` gives each zone of a scenario its maturity f(t) in a year (docs/specification.md section 6:
the logistic ramp from the zone's start year, the sector's or class's h and w; housing by
occupancy). ``YearVeil`` is a canvas overlay (``MapCanvas.extra_overlays``) that veils each zone
with the map background in proportion to 1 − f(t): not started = blank, half built = half faded,
mature = as usual. Veils are grouped into a few opacity steps so one frame draws a handful of
paths, whatever the zone count. Zones without a start year are never veiled (they cannot be
placed in time). ``YearSlider`` is the widget; it emits ``yearChanged(year or None)``.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSlider, QWidget

from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.projection.ramp import OCCUPANCY_RAMP, maturity
from parkplanner.core.projection.zone_basis import zone_quantities
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.qpaths import polygons_path

__all__ = ["zone_maturity", "year_range", "YearVeil", "YearSlider", "VEIL_STEPS"]

#: Opacity steps of the veil (f rounded to 1/VEIL_STEPS): smooth enough to read, few paths to draw.
VEIL_STEPS = 8
_HOUSING = ("RES", "MXD")


class _Ramps:
    """Start, h and w per scheduled zone of one scenario (recomputed when its zones change)."""

    def __init__(self, project: Project, scenario: Scenario) -> None:
        zones, starts = [], []
        for zone in scenario:
            start = project.zone_start_year(zone)
            if start is not None:
                zones.append(zone)
                starts.append(start)
        q = zone_quantities(project, scenario, zones)
        housing = np.isin(q.generic_class, _HOUSING)
        self.zone_ids = q.zone_ids
        self.start = np.asarray(starts, dtype=float)
        self.half = np.where(housing, OCCUPANCY_RAMP.half_years, q.half)
        self.width = np.where(housing, OCCUPANCY_RAMP.width_years, q.width)

    def at(self, year: float) -> np.ndarray:
        if not self.zone_ids.size:
            return np.zeros(0)
        return maturity(np.array([float(year)]), self.start[:, None], self.half[:, None], self.width[:, None])[:, 0]


def zone_maturity(project: Project, year: float, scenario: Scenario | None = None) -> dict[int, float]:
    """{zone id: f(year)} for the zones of ``scenario`` (default: active) that have a start year."""
    ramps = _Ramps(project, scenario or project.active_scenario)
    return dict(zip(ramps.zone_ids.tolist(), ramps.at(year).tolist()))


def year_range(project: Project) -> tuple[int, int]:
    """(first start year of any zone or phase, horizon) for the slider's ends."""
    horizon = int(project.effective_parameters().horizon_year)
    starts = [p.start_year for p in project.phases]
    starts += [z.start_year for z in project.active_scenario if z.start_year is not None]
    first = min(starts) if starts else horizon - 15
    return min(first, horizon), horizon


class YearVeil:
    """A MapCanvas overlay fading zones by maturity in ``year`` (None: no veil)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.year: int | None = None
        self._ramps: _Ramps | None = None
        self._ramps_scenario: str | None = None
        self._paths: list[tuple[QColor, QPainterPath]] | None = None
        self._origin: tuple[float, float] | None = None

    def set_year(self, year: int | None) -> None:
        if year != self.year:
            self.year = year
            self._paths = None

    def touched(self, zone_ids) -> None:
        """Zones changed (None: maybe all, e.g. a scenario switch): recompute ramps at the next paint."""
        self._ramps = None
        self._paths = None

    def invalidate(self) -> None:
        self.touched(None)

    def maturity(self) -> dict[int, float]:
        ramps = self._current_ramps()
        return dict(zip(ramps.zone_ids.tolist(), ramps.at(self.year).tolist())) if self.year is not None else {}

    def _current_ramps(self) -> _Ramps:
        scenario = self.project.active_scenario
        if self._ramps is None or self._ramps_scenario != scenario.id:
            self._ramps = _Ramps(self.project, scenario)
            self._ramps_scenario = scenario.id
        return self._ramps

    def paint(self, painter: QPainter, layer, viewport) -> None:
        if self.year is None or layer is None:
            return
        if self._paths is None or self._origin != layer.origin:
            self._paths = self._build(layer)
            self._origin = layer.origin
        painter.save()
        painter.setTransform(viewport.local_transform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        for colour, path in self._paths:
            painter.setBrush(colour)
            painter.drawPath(path)
        painter.restore()

    def _build(self, layer) -> list[tuple[QColor, QPainterPath]]:
        ramps = self._current_ramps()
        f = ramps.at(self.year)
        step = np.floor(f * VEIL_STEPS + 0.5).astype(int)  # 0 = not started ... VEIL_STEPS = mature
        out = []
        for level in range(VEIL_STEPS):
            ids = ramps.zone_ids[step == level]
            geometries = [layer.zone(int(i)).geometry for i in ids if int(i) in layer]
            if geometries:
                colour = QColor(styles.BACKGROUND)
                # Not started: nearly opaque (the outline stays faintly visible to orient the room).
                colour.setAlpha(int(235 * (1.0 - level / VEIL_STEPS)))
                out.append((colour, polygons_path(geometries, layer.origin)))
        return out


class YearSlider(QWidget):
    """"Year ☐ |——●——| 2026": unticked shows the plan at build-out, ticked veils zones by year."""

    #: The year shown, or None for "build-out" (no veil).
    yearChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(self.tr("Year"), self)
        self.enabled.setToolTip(self.tr("Show the plan as built in a given year"))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setMinimumWidth(220)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.label = QLabel(self)
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("build-out 0000"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        self.enabled.toggled.connect(self._changed)
        self.slider.valueChanged.connect(self._changed)
        self.set_range(2017, 2035)

    @property
    def year(self) -> int | None:
        return self.slider.value() if self.enabled.isChecked() else None

    def set_range(self, first: int, last: int) -> None:
        self.slider.blockSignals(True)
        value = self.slider.value()
        self.slider.setRange(first, last)
        self.slider.setValue(min(max(value, first), last) if value else last)
        self.slider.blockSignals(False)
        self._changed()

    def set_year(self, year: int | None) -> None:
        """Show ``year`` (None: build-out) as if the planner had moved the slider."""
        if year is not None:
            self.slider.setValue(int(year))
        self.enabled.setChecked(year is not None)

    def _changed(self, *_: object) -> None:
        self.slider.setEnabled(self.enabled.isChecked())
        year = self.year
        self.label.setText(str(year) if year is not None else self.tr("build-out"))
        self.yearChanged.emit(year)

"""Yearly series of a scenario to the horizon: output, tax, jobs, residents, entities, high-tech.

One small plot per series (core/projection ``forecast`` with the stored calibration), with the
observed values as points, the plan target as a dashed line with a diamond at its year, a second
scenario as a faint line when chosen, and the year slider's year as a vertical cursor. The
headline prints that year's values of every series. "Calibrate…" opens the calibration dialog.
"""
from __future__ import annotations

from collections import deque
from functools import partial
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from parkplanner.core.editing import History
from parkplanner.core.editing.change import ChangeKind
from parkplanner.core.projection.forecast import Forecast, forecast
from parkplanner.core.projection.kept_projections import kept_projections
from parkplanner.core.projection.zone_basis import SERIES
from parkplanner.ui.charts.chart_base import GOOD, INK, MUTED, ghost
from parkplanner.ui.turn_queue import later
from parkplanner.ui.qt_history import qt_history_of
from parkplanner.ui.scenarios.deferred_view import DeferredRecompute
from parkplanner.ui.tasks import detached_copy

__all__ = ["ProjectionPanel", "SERIES_LABELS", "year_values", "year_text"]

#: series -> (English title, unit, number format)
SERIES_LABELS: dict[str, tuple[str, str, str]] = {
    "output_yi": (QT_TRANSLATE_NOOP("ProjectionPanel", "Output value"), "亿元", "{:,.1f}"),
    "tax_yi": (QT_TRANSLATE_NOOP("ProjectionPanel", "Tax revenue"), "亿元", "{:,.2f}"),
    "jobs": (QT_TRANSLATE_NOOP("ProjectionPanel", "Jobs"), "", "{:,.0f}"),
    "residents": (QT_TRANSLATE_NOOP("ProjectionPanel", "Residents"), "", "{:,.0f}"),
    "registered_entities": (QT_TRANSLATE_NOOP("ProjectionPanel", "Registered entities"), "", "{:,.0f}"),
    "high_tech_enterprises": (QT_TRANSLATE_NOOP("ProjectionPanel", "High-tech enterprises"), "", "{:,.0f}"),
}
_LINE = QColor("#1565C0")
_OBSERVED = QColor("#E65100")
RECOMPUTE_MS = 150


def year_values(result: Forecast, year: int) -> dict[str, float] | None:
    """Each series' value in ``year`` (None when the year is outside the forecast)."""
    if year not in result.years:
        return None
    return {name: result.value(name, year) for name in SERIES}


def year_text(values: dict[str, float] | None, year: int, separator: str = " · ") -> str:
    if values is None:
        return f"{year}: –"
    parts = []
    for name in SERIES:
        title, unit, fmt = SERIES_LABELS[name]
        title = QCoreApplication.translate("ProjectionPanel", title)
        parts.append(f"{title} {fmt.format(values[name])}{' ' + unit if unit else ''}")
    return f"{year}: " + separator.join(parts)


class _SeriesPlot:
    """One series' plot, made in steps (the plot and its axes; its place in the panel's grid;
    the series items, ``add_series``): a whole plot is 20-50 ms, more than a frame."""

    def __init__(self, name: str) -> None:
        title, unit, _ = SERIES_LABELS[name]
        title = QCoreApplication.translate("ProjectionPanel", title)
        self.name = name
        self.plot = pg.PlotItem(enableMenu=False)  # no menu to build (see chart_base.ChartBase)
        self.plot.setTitle(f"{title}{' (' + unit + ')' if unit else ''}", size="10pt", color=INK.name())
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)

    def add_series(self) -> None:
        self.other = self.plot.plot(pen=pg.mkPen(ghost(MUTED, 160), width=2, style=Qt.PenStyle.DashLine))
        self.line = self.plot.plot(pen=pg.mkPen(_LINE, width=2.5))
        self.observed = pg.ScatterPlotItem(size=10, brush=_OBSERVED, pen=pg.mkPen("white"))
        self.target_line = pg.InfiniteLine(angle=0, pen=pg.mkPen(GOOD, width=1.5, style=Qt.PenStyle.DashLine))
        self.target_point = pg.ScatterPlotItem(size=12, symbol="d", brush=GOOD, pen=pg.mkPen(None))
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#424242", width=1.5))
        for item in (self.observed, self.target_line, self.target_point, self.cursor):
            self.plot.addItem(item)
        self.target_line.hide()
        self.cursor.hide()


def _forecasts(project, scenario_id: str, other_id: str | None) -> tuple[Forecast | None, Forecast | None, str | None]:
    """(forecast, the faint one or None, None), or (None, None, why) if the project cannot be projected."""
    def of(scenario_id: str) -> Forecast:
        scenario = project.scenario(scenario_id)
        return forecast(project, scenario, projection=kept_projections().projection(project, scenario))

    try:
        # An edit changes one scenario: the other's projection is kept (kept_projections.py).
        return of(scenario_id), of(other_id) if other_id else None, None
    except ValueError as exc:
        return None, None, str(exc)


class ProjectionPanel(DeferredRecompute, QWidget):
    calibrateRequested = Signal()

    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.project = history.project
        self.result: Forecast | None = None
        self.other: Forecast | None = None
        self.year: int | None = None
        self.init_deferred(RECOMPUTE_MS, background=True)  # two forecasts: ~100 ms at 20,000 zones
        self.scenario = QComboBox(self)
        self.compare = QComboBox(self)
        for combo in (self.scenario, self.compare):  # long scenario names must not widen the dock
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        calibrate = QPushButton(self.tr("Calibrate…"), self)
        calibrate.setToolTip(self.tr("Fit the projection to the observed values"))
        calibrate.clicked.connect(self.calibrateRequested)
        top = QHBoxLayout()
        for widget in (QLabel(self.tr("Scenario:")), self.scenario, QLabel(self.tr("faint:")), self.compare):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(calibrate)
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.notes = QLabel(self)
        self.notes.setStyleSheet("color: #606060;")
        self.notes.setWordWrap(True)
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setBackground("w")
        #: The series' plots, made one step of a plot per turn of the event loop (a plot is
        #: 20-50 ms; six at once stalled the window when the panel first came to the front);
        #: ``recompute`` and ``build_plots`` make the rest at once. Only finished plots are listed.
        self.plots: dict[str, _SeriesPlot] = {}
        self._making: dict[str, _SeriesPlot] = {}  # made, not finished
        self._steps = deque(step for name in SERIES for step in (
            partial(self._make_plot, name), partial(self._place_plot, name), partial(self._finish_plot, name)))
        # Not drawn until every plot is made: each new plot lays the grid out anew, so every
        # plot made so far was drawn again after each step (the last steps' paints as long as
        # the steps themselves), and the plots jumped about as the grid filled.
        self.graphics.setUpdatesEnabled(False)
        later(self, self._build_next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.headline)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.notes)
        self._fill_combos()
        self.scenario.currentIndexChanged.connect(lambda *_: self.recompute_in_background())
        self.compare.currentIndexChanged.connect(lambda *_: self.recompute_in_background())
        qt_history_of(history).changed.connect(self._on_changes)

    def close_panel(self) -> None:
        self.stop_deferred()

    def build_plots(self) -> None:
        """Make every plot not made yet, now."""
        while self._steps:
            self._build_next(chain=False)

    def _build_next(self, chain: bool = True) -> None:
        if self._steps:
            self._steps.popleft()()
        if not self._steps:
            self.graphics.setUpdatesEnabled(True)  # all made: drawn once, in the next paint
        elif chain:
            later(self, self._build_next)

    def _make_plot(self, name: str) -> None:
        self._making[name] = _SeriesPlot(name)

    def _place_plot(self, name: str) -> None:
        # Apart from making it: the first plot placed lays out and styles the empty scene.
        n = list(SERIES).index(name)
        self.graphics.ci.addItem(self._making[name].plot, row=n // 3, col=n % 3)

    def _finish_plot(self, name: str) -> None:
        plot = self._making.pop(name)
        plot.add_series()
        self.plots[name] = plot
        if self.result is not None:  # a forecast arrived before this plot: draw it in
            self._draw_plot(name, plot)
            self.set_year(self.year)

    def _fill_combos(self) -> None:
        keep, keep_other = self.scenario.currentData(), self.compare.currentData()
        for combo in (self.scenario, self.compare):
            combo.blockSignals(True)
            combo.clear()
        self.scenario.addItem(self.tr("(active scenario)"), None)
        self.compare.addItem(self.tr("(none)"), None)
        for s in self.project.scenarios:
            self.scenario.addItem(s.name, s.id)
            self.compare.addItem(s.name, s.id)
        for combo, value in ((self.scenario, keep), (self.compare, keep_other)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)

    def _on_changes(self, changes) -> None:
        if any(c.kind is ChangeKind.SCENARIOS or c.field == "*" for c in changes):
            self._fill_combos()
        self.mark_stale()

    def shown_scenario(self):
        scenario_id = self.scenario.currentData()
        return self.project.scenario(scenario_id) if scenario_id else self.project.active_scenario

    def recompute(self) -> Forecast | None:
        """Forecast now, on this thread, and show it (an explicit refresh, tests)."""
        self._timer.stop()
        self._generation += 1
        self._stale = False
        self.build_plots()
        self.show_computed(_forecasts(self.project, *self._pair()))
        return self.result

    def _pair(self) -> tuple[str, str | None]:
        return self.shown_scenario().id, self.compare.currentData() or None

    def background_work(self):
        project, pair = detached_copy(self.project), self._pair()
        return lambda: _forecasts(project, *pair)

    def show_computed(self, outcome: tuple[Forecast | None, Forecast | None, str | None]) -> None:
        self.result, self.other, problem = outcome
        if problem is not None:  # a sector without a usable ramp: say so instead of plotting
            self.notes.setText(problem)
            return
        self._draw()

    def _draw(self) -> None:
        result = self.result
        for name, plot in self.plots.items():
            self._draw_plot(name, plot)
        unscheduled = len(result.unscheduled_zone_ids)
        notes = [self.tr("line: forecast of “{name}” (stored calibration) · dots: observed · "
                         "dashed green: plan target").format(name=result.scenario_name)]
        if unscheduled:
            notes.append(self.tr("{n} zone(s) without a start year are left out").format(n=unscheduled))
        self.notes.setText(" · ".join(notes))
        self.set_year(self.year)

    def _draw_plot(self, name: str, plot: _SeriesPlot) -> None:
        result = self.result
        plot.line.setData(np.array(result.years, dtype=float), np.asarray(result.series[name]))
        if self.other is not None:
            plot.other.setData(np.array(self.other.years, dtype=float), np.asarray(self.other.series[name]))
        else:
            plot.other.setData([], [])
        points = [(o.year, o.value) for o in self.project.observed if o.indicator == name]
        plot.observed.setData([p[0] for p in points], [p[1] for p in points])
        targets = [t for t in self.project.targets if t.indicator == name]
        if targets:
            target = targets[-1]
            plot.target_line.setValue(target.value)
            plot.target_line.show()
            year = target.year or (result.years[-1] if result.years else None)
            plot.target_point.setData([year] if year else [], [target.value] if year else [])
        else:
            plot.target_line.hide()
            plot.target_point.setData([], [])
        plot.plot.enableAutoRange()

    def set_year(self, year: int | None) -> None:
        """Show the year slider's year: a cursor on every plot and that year's values (None: horizon)."""
        self.year = year
        result = self.result
        if result is None or not result.years:
            self.headline.setText(self.tr("No zone has a start year yet."))
            return
        shown = year if year is not None else result.years[-1]
        for plot in self.plots.values():
            plot.cursor.setValue(shown)
            plot.cursor.setVisible(year is not None)
        self.headline.setText(year_text(year_values(result, shown), shown))

    def values_in(self, year: int) -> dict[str, Any] | None:
        return year_values(self.result, year) if self.result is not None else None

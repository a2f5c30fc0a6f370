"""Per-phase balance: does each phase bring housing and services along with its jobs?

``phase_balance`` (core/scenarios/phase_balance.py) gives, for each phase on its own and
cumulatively, jobs against employed residents and civic and green land per resident, with a flag.
The chart shows, for the cumulative rows (what exists once phase k is built), jobs beside
employed residents; the table lists every row with the flag in words and colour: red where
industry outruns the city, blue where the city outruns industry.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from parkplanner.core.editing import History
from parkplanner.core.editing.change import ChangeKind
from parkplanner.core.scenarios.phase_balance import (
    BALANCED, CITY_OUTRUNS_INDUSTRY, EMPTY, INDUSTRY_OUTRUNS_CITY, JOBS_HOUSING_BAND, PhaseBalance, phase_balance,
)
from parkplanner.ui.charts.chart_base import INK
from parkplanner.ui.qt_history import qt_history_of
from parkplanner.ui.scenarios.deferred_view import DeferredRecompute
from parkplanner.ui.tasks import detached_copy

__all__ = ["PhaseBalanceView", "BALANCE_TEXT"]

BALANCE_TEXT = {
    INDUSTRY_OUTRUNS_CITY: (QT_TRANSLATE_NOOP("PhaseBalanceView", "industry outruns the city"), QColor("#C62828")),
    CITY_OUTRUNS_INDUSTRY: (QT_TRANSLATE_NOOP("PhaseBalanceView", "city outruns industry"), QColor("#1565C0")),
    BALANCED: (QT_TRANSLATE_NOOP("PhaseBalanceView", "balanced"), QColor("#2E7D32")),
    EMPTY: (QT_TRANSLATE_NOOP("PhaseBalanceView", "empty"), QColor("#757575")),
}
_JOBS, _EMPLOYED = QColor("#8D6E63"), QColor("#FBC02D")
RECOMPUTE_MS = 200


def _number(value: float | None, fmt: str = "{:,.0f}") -> str:
    return "–" if value is None else fmt.format(value)


def _balance_of(project) -> tuple[list[PhaseBalance], str | None]:
    """(rows, None), or ([], why) when the project cannot be balanced (e.g. an unknown code)."""
    try:
        return phase_balance(project), None
    except ValueError as exc:
        return [], str(exc)


class PhaseBalanceView(DeferredRecompute, QWidget):
    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.project = history.project
        self.rows: list[PhaseBalance] = []
        self.init_deferred(RECOMPUTE_MS, background=True)  # ~100 ms at 20,000 zones: on a worker
        self.scope = QComboBox(self)
        self.scope.addItem(self.tr("Cumulative (phases 1..k built)"), "cumulative")
        self.scope.addItem(self.tr("Each phase on its own"), "phase")
        self.scope.currentIndexChanged.connect(lambda *_: self._show())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setBackground("w")
        self.graphics.setMinimumHeight(180)
        self.plot = self.graphics.addPlot(enableMenu=False)  # no menu to build (see chart_base.ChartBase)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.addLegend(offset=(10, 5))
        self.jobs_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=_JOBS, name=self.tr("jobs"))
        self.employed_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=_EMPLOYED,
                                             name=self.tr("employed residents"))
        self.plot.addItem(self.jobs_bars)
        self.plot.addItem(self.employed_bars)
        self.ratio_labels: list[pg.TextItem] = []
        self.table = QTableWidget(0, 9, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("Phase"), self.tr("Start"), self.tr("Zones"), self.tr("Jobs"), self.tr("Employed residents"),
            self.tr("Jobs ÷ employed"), self.tr("Civic m²/resident"), self.tr("Green m²/resident"),
            self.tr("Balance")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.graphics, 2)
        layout.addWidget(self.table, 3)
        qt_history_of(history).changed.connect(self._on_changes)

    def close_view(self) -> None:
        self.stop_deferred()

    def _on_changes(self, changes) -> None:
        active = self.project.active_scenario_id
        if any(not c.touches_zones or c.scenario_id == active for c in changes if c.kind is not ChangeKind.SCENARIOS) \
                or any(c.kind is ChangeKind.SCENARIOS for c in changes):
            self.mark_stale()

    def recompute(self) -> list[PhaseBalance]:
        """Compute now, on this thread, and show (an explicit refresh, tests)."""
        self._timer.stop()
        self._generation += 1
        self._stale = False
        self.show_computed(_balance_of(self.project))
        return self.rows

    def background_work(self):
        project = detached_copy(self.project)
        return lambda: _balance_of(project)

    def show_computed(self, outcome: tuple[list[PhaseBalance], str | None]) -> None:
        self.rows, problem = outcome
        self._show()
        if problem is not None:
            self.summary.setText(problem)

    def shown_rows(self) -> list[PhaseBalance]:
        return [row for row in self.rows if row.scope == self.scope.currentData()]

    def _show(self) -> None:
        rows = self.shown_rows()
        x = np.arange(len(rows), dtype=float)
        self.jobs_bars.setOpts(x=x - 0.2, height=[r.jobs for r in rows])
        self.employed_bars.setOpts(x=x + 0.2, height=[r.employed_residents for r in rows])
        for label in self.ratio_labels:
            self.plot.removeItem(label)
        self.ratio_labels = []
        top = max([max(r.jobs, r.employed_residents) for r in rows] + [1.0])
        for n, row in enumerate(rows):
            text, colour = BALANCE_TEXT[row.balance]
            ratio = _number(row.jobs_housing_ratio, "{:.2f}")
            label = pg.TextItem(f"{ratio}", color=colour, anchor=(0.5, 1))
            label.setPos(n, max(row.jobs, row.employed_residents) + 0.02 * top)
            self.plot.addItem(label)
            self.ratio_labels.append(label)
        self.plot.getAxis("bottom").setTicks([[(n, f"{r.phase}") for n, r in enumerate(rows)]])
        self.plot.getAxis("bottom").setTextPen(INK)
        self.plot.getAxis("left").setWidth(64)  # room for "120,000"
        self.plot.setXRange(-0.7, max(len(rows) - 0.3, 0.7), padding=0)
        self.plot.setYRange(0, top * 1.2, padding=0)
        self.plot.setTitle(self.tr("Jobs and employed residents by phase (label: jobs ÷ employed)"), size="10pt")
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            text, colour = BALANCE_TEXT[row.balance]
            extra = [self.tr("civic short")] if row.civic_short else []
            extra += [self.tr("green short")] if row.green_short else []
            cells = (row.name, _number(row.start_year, "{}"), str(row.zone_count), _number(row.jobs),
                     _number(row.employed_residents), _number(row.jobs_housing_ratio, "{:.2f}"),
                     _number(row.civic_m2_per_resident, "{:.1f}"), _number(row.green_m2_per_resident, "{:.1f}"),
                     ", ".join([self.tr(text)] + extra))
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if 1 <= c <= 7:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 8:
                    item.setForeground(QBrush(colour))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        flagged = [r for r in rows if r.balance in (INDUSTRY_OUTRUNS_CITY, CITY_OUTRUNS_INDUSTRY)]
        low, high = JOBS_HOUSING_BAND
        self.summary.setText(self.tr("{n} of {m} phase rows outside the balanced band {low:g}–{high:g}").format(
            n=len(flagged), m=len(rows), low=low, high=high))

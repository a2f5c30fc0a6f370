"""Compare any two scenarios A and B: a table of every number, the charts with both, the changes.

The numbers are ``compare_scenarios(project, A, B)`` (core/scenarios/compare.py): the table shows
its rows (A, B, B − A and (B − A) / |A|) named and formatted by core/scenarios/row_labels.py in the
interface language, areas in the planner's area unit; each cell keeps its raw value in
``VALUE_ROLE``. The charts get the same metrics dictionaries
the comparison was computed from. The comparison is recomputed after edits, coalesced by a timer
and only while the view is visible (a hidden view just remembers that it is stale); those
refreshes compute the comparison and the change map's paths on a worker (at 20,000 zones about a
second that would otherwise stall every edit and slider step), the GUI thread only shows them.
"""
from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
    QTabWidget, QVBoxLayout, QWidget,
)

from parkplanner.core.editing import History
from parkplanner.core.editing.change import ChangeKind
from parkplanner.core.scenarios.compare import ScenarioComparison, compare_scenarios
from parkplanner.core.scenarios.phase_balance import phase_balance
from parkplanner.core.scenarios.row_labels import AREA_UNITS, format_relative, row_display
from parkplanner.ui import i18n
from parkplanner.ui.canvas.render_job import warm_up_once
from parkplanner.ui.charts.scaled_graphics import ScaledGraphics
from parkplanner.ui.qt_history import qt_history_of
from parkplanner.ui.scenarios.change_ledger import ChangeLedger
from parkplanner.ui.scenarios.change_map import NO_CHANGES, ChangeMap, PreparedChanges
from parkplanner.ui.scenarios.computed_metrics import ComputedMetrics
from parkplanner.ui.scenarios.deferred_view import SHOWN_DELAY_MS, DeferredRecompute
from parkplanner.ui.scenarios.pair_charts import PairCharts
from parkplanner.ui.settings import Settings
from parkplanner.ui.tasks import detached_copy

__all__ = ["CompareView", "VALUE_ROLE", "COLUMNS"]


VALUE_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("section", "name", "unit", "a", "b", "delta", "rel_delta")
#: Recompute at most this often while edits stream in (a drag in another view).
RECOMPUTE_MS = 250
# Made once: an enum's ``|`` and a QBrush per cell were a third of filling the table.
_UP, _DOWN = QBrush(QColor("#2E7D32")), QBrush(QColor("#C62828"))
_NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
#: (chart, row, column, column span) of the comparison's charts.
COMPARE_CHARTS = (("radar", 0, 0, 1), ("jobs_housing", 0, 1, 1), ("targets", 1, 0, 1), ("balance", 1, 1, 1))


class CompareView(DeferredRecompute, QWidget):
    #: A ledger row was clicked: the zone id (the panels select it on the main canvas).
    zoneActivated = Signal(int)

    def __init__(self, history: History, lang: str | None = None, parent: QWidget | None = None,
                 area_unit: str | None = None, metrics_source: Callable[[], Any] | None = None) -> None:
        super().__init__(parent)
        #: Gives the window's MetricsBridge (its kept engines answer for both sides); without one
        #: each side is computed from scratch.
        self._metrics_source = metrics_source
        self._waiting_for = None  # the bridge whose first visit a comparison waits for
        self.lang = lang or i18n.lang()
        self.area_unit = area_unit or Settings().area_unit()
        self.history = history
        self.project = history.project
        self.comparison: ScenarioComparison | None = None
        self.metrics: dict[str, dict[str, Any]] = {}
        self._computed = ComputedMetrics()  # what a comparison worked out, for the next one
        self._ticket = self._computed.ticket(())  # what the newest background recompute works out
        self._bridge_gave: set[str] = set()  # the sides whose metrics it had from the bridge
        # Deferred refreshes (after edits, when first shown) compute on a worker.
        self.init_deferred(RECOMPUTE_MS, background=True)
        self.combo_a, self.combo_b = QComboBox(self), QComboBox(self)
        swap = QPushButton(self.tr("Swap"), self)
        swap.clicked.connect(self.swap)
        top = QHBoxLayout()
        for widget in (QLabel(self.tr("A:")), self.combo_a, QLabel(self.tr("B:")), self.combo_b, swap):
            top.addWidget(widget)
        top.addStretch(1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr("Section"), self.tr("Quantity"), self.tr("Unit"), "A", "B",
                                              self.tr("Δ B − A"), self.tr("Δ %")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._cells: dict[tuple[int, int], tuple] = {}  # (row, column) -> (text, value, key) shown
        self.graphics = ScaledGraphics(1.0, self)
        # Made when their tab is first seen: four charts are a tenth of a second, and the view is
        # made while the window opens a project, most often to show the indicators' table only.
        self.charts = PairCharts(self.graphics, self.project, COMPARE_CHARTS, lang=lang, sliced=True,
                                 deferred=True)
        self.chart_legend = QLabel(self)
        charts_page = QWidget(self)
        charts_box = QVBoxLayout(charts_page)
        charts_box.setContentsMargins(0, 0, 0, 0)
        charts_box.addWidget(self.chart_legend)
        charts_box.addWidget(self.graphics, 1)
        self.change_map = ChangeMap(self)
        self.ledger = ChangeLedger(self)
        self.ledger.zoneActivated.connect(self._zone_clicked)
        changes = QSplitter(Qt.Orientation.Horizontal, self)
        changes.addWidget(self.change_map)
        changes.addWidget(self.ledger)
        changes.setSizes([600, 400])
        self.settings = QTableWidget(0, 4, self)
        self.settings.setHorizontalHeaderLabels([self.tr("Scope"), self.tr("Setting"), "A", "B"])
        self.settings.verticalHeader().hide()
        self.settings.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.table, self.tr("Indicators"))
        self.tabs.addTab(charts_page, self.tr("Charts"))
        self.tabs.addTab(changes, self.tr("Change map"))
        #: The change map's paths are prepared once its tab has been seen: every zone of both
        #: scenarios, rebuilt after each edit, and each Qt path call holds the interpreter lock.
        self._changes_page = changes
        self._map_seen = False
        self.tabs.addTab(self.settings, self.tr("Settings"))
        self._charts_page = charts_page
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

        self._fill_combos()
        self.combo_a.currentIndexChanged.connect(self._pair_changed)
        self.combo_b.currentIndexChanged.connect(self._pair_changed)
        qt_history_of(history).changed.connect(self._on_changes)

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self._charts_page:
            self.charts.build_sliced()
        elif page is self._changes_page and not self._map_seen:
            self._map_seen = True
            if self.comparison is not None:  # compared without the map: compare again with it
                self._stale = True
                self._timer.start(SHOWN_DELAY_MS)

    def close_view(self) -> None:
        self.stop_deferred()

    # -- the pair ---------------------------------------------------------------------------------
    @property
    def pair(self) -> tuple[str | None, str | None]:
        return self.combo_a.currentData(), self.combo_b.currentData()

    def set_pair(self, a_id: str, b_id: str) -> None:
        for combo, scenario_id in ((self.combo_a, a_id), (self.combo_b, b_id)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(scenario_id)))
            combo.blockSignals(False)
        self._pair_changed()

    def swap(self) -> None:
        a, b = self.pair
        if a is not None and b is not None:
            self.set_pair(b, a)

    def _fill_combos(self) -> None:
        scenarios = self.project.scenarios
        a, b = self.pair
        ids = [s.id for s in scenarios]
        if a not in ids:
            a = ids[0]
        if b not in ids:
            b = self.project.active_scenario_id if self.project.active_scenario_id != a or len(ids) == 1 \
                else next(i for i in ids if i != a)
        for combo, keep in ((self.combo_a, a), (self.combo_b, b)):
            combo.blockSignals(True)
            combo.clear()
            for scenario in scenarios:
                combo.addItem(scenario.name, scenario.id)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)

    def _pair_changed(self, *_: object) -> None:
        # A new pair is compared on a worker too (about a second at 20,000 zones): the view shows
        # the previous pair until the new one arrives. Started as a view brought forward starts:
        # the menu shows the view right after choosing its pair, and showing it asks for the same
        # comparison (one worker run instead of two, each gathering the bridge's metrics here).
        self._stale = True
        self._timer.start(SHOWN_DELAY_MS)

    def _on_changes(self, changes) -> None:
        before = self.pair
        if any(c.kind is ChangeKind.SCENARIOS or c.field == "*" for c in changes):
            self._fill_combos()
        pair = set(self.pair)
        # Scenarios added, removed or edited beside the pair (the workshop's copies) change nothing
        # compared, unless the pair itself changed with them.
        # Showing another scenario changes no number of the pair either.
        self._computed.forget(changes)
        relevant = self.pair != before or any(
            c.scenario_id in pair if c.touches_zones or c.kind is ChangeKind.SCENARIOS
            else c.kind is not ChangeKind.ACTIVE_SCENARIO for c in changes)
        if relevant:
            self.mark_stale()

    # -- computing and showing --------------------------------------------------------------------
    def recompute(self) -> ScenarioComparison | None:
        """Compare the chosen pair now, on this thread, and show it (an explicit refresh, tests)."""
        self._timer.stop()
        self._generation += 1
        inputs = self._inputs(detached=False)
        if inputs is None:
            return None
        self._show(_compare(*inputs))
        return self.comparison

    def background_work(self) -> Callable[[], tuple] | None:
        """The comparison and its change map for the worker, from a detached copy of the project.
        Metrics come from the GUI thread only where the window's MetricsBridge keeps an engine of
        the scenario anyway; a scenario it has none for is computed on the worker too (building
        an engine for it here would stall the GUI for a third of a second at 20,000 zones)."""
        bridge = self._metrics_source() if self._metrics_source is not None else None
        if bridge is not None and bridge.busy:
            self._after_bridge_work(bridge)
            return None
        inputs = self._inputs(detached=True, kept_only=True)
        if inputs is None:
            return None
        warm_up_once()  # the worker builds Qt paths: PySide's lazy types must exist first
        project, a, b, metrics = inputs[:4]
        # What the worker computes is kept for the next comparison, unless edited meanwhile: the
        # phase balance of both sides (at 100,000 zones a fifth of a second each, read zone by
        # zone), the metrics of a side the bridge keeps no engine for. Only the newest
        # recompute's result is shown (deferred_view.py), so one ticket is enough.
        self._ticket = self._computed.ticket({a.id, b.id})
        return lambda: _compare(*inputs)

    def show_computed(self, result: tuple) -> None:
        comparison, metrics, _ = result
        # Not the bridge's dictionaries: the bridge gives them fresh, and kept here each would
        # outlive the bridge's next one.
        worked_out = {sid: values for sid, values in metrics.items() if sid not in self._bridge_gave}
        self._computed.keep(self.project, self._ticket, worked_out, {
            comparison.scenario_a.id: comparison.phases_a, comparison.scenario_b.id: comparison.phases_b})
        self._show(result)

    def _after_bridge_work(self, bridge) -> None:
        """Compare once the bridge's work on a worker has landed (``MetricsBridge.busy``). During a
        first visit it answers for no scenario, so a worker would compute both sides from scratch:
        a second copy of every per-zone figure (at 100,000 zones ~200 MB more at the peak, and two
        full computations) that the bridge's engines give a moment later anyway. During a large
        edit or a workshop preview, asking it would wait for its worker, or catch the engine up
        here."""
        if self._waiting_for is bridge:
            return
        self._waiting_for = bridge

        def landed(*_: object) -> None:
            bridge.updated.disconnect(landed)
            self._waiting_for = None
            if shiboken6.isValid(self):
                self.mark_stale()

        bridge.updated.connect(landed)

    def _inputs(self, detached: bool, kept_only: bool = False) -> tuple | None:
        """(project, scenario A, scenario B, metrics by scenario id, with the change map?, phase
        balances by scenario id) for ``_compare``; with ``kept_only`` only scenarios the bridge
        keeps an engine for, or worked out before and not edited since, have metrics here."""
        a_id, b_id = self.pair
        if a_id is None or b_id is None:
            return None
        bridge = self._metrics_source() if self._metrics_source is not None else None
        metrics = {}
        if bridge is not None:
            kept = set(bridge.ready_scenario_ids()) if kept_only else {a_id, b_id}
            metrics = {sid: bridge.metrics_of(sid) for sid in (a_id, b_id) if sid in kept}
        self._bridge_gave = set(metrics)
        phases = {}
        for sid in {a_id, b_id}:
            known = self._computed.get(self.project, sid)
            if known is not None:
                if known[0] is not None:
                    metrics.setdefault(sid, known[0])
                phases[sid] = known[1]
        project = detached_copy(self.project) if detached else self.project
        return (project, project.scenario(a_id), project.scenario(b_id), metrics, self._map_seen, phases,
                self.change_map.prepared)

    def _show(self, result: tuple) -> None:
        comparison, metrics, change_map = result
        a, b = comparison.scenario_a, comparison.scenario_b
        self.metrics = metrics
        self.comparison = comparison
        self._stale = False
        self._show_table(self.comparison)
        self._show_settings(self.comparison)
        self.charts.update(self.metrics[b.id], self.metrics[a.id], a.name)
        self.chart_legend.setText(self.tr("solid: B “{b}” · faint: A “{a}”").format(a=a.name, b=b.name))
        self.change_map.show_prepared(comparison, change_map if change_map is not None else NO_CHANGES)
        self.ledger.set_comparison(self.comparison)
        grade_a, grade_b = self.comparison.grades
        d = self.comparison.row("coupling", "D")
        d_text = row_display("coupling", "D").number
        self.summary.setText(self.tr("D: A {a} ({grade_a}) → B {b} ({grade_b}) · {n} zone(s) differ").format(
            a=d_text(d.a), b=d_text(d.b), grade_a=grade_a or "–", grade_b=grade_b or "–",
            n=len(self.comparison.ledger.changed_zone_ids())))

    def _show_table(self, comparison: ScenarioComparison) -> None:
        rows = comparison.rows
        table = self.table
        if table.rowCount() != len(rows):
            table.setRowCount(len(rows))
            self._cells = {}
        # Only cells whose text or value changed get a new item: after an edit most rows are as
        # they were, and each item costs a handful of calls into Qt (61 rows: 427 items).
        changed = False
        for r, row in enumerate(rows):
            shown = row_display(row.section, row.key, row.unit, self.lang, self.area_unit)
            values = (row.section, row.name, row.unit, row.a, row.b, row.delta, row.rel_delta)
            texts = (shown.section_title, shown.name, shown.unit, shown.number(row.a), shown.number(row.b),
                     shown.number(row.delta, signed=True), format_relative(row.rel_delta))
            for c, (value, text) in enumerate(zip(values, texts)):
                cell = (text, value, row.key)
                if self._cells.get((r, c)) == cell:
                    continue
                self._cells[(r, c)] = cell
                changed = True
                item = QTableWidgetItem(text)
                item.setData(VALUE_ROLE, value)
                if c == 1:  # the metrics JSON key, for planners who script against it
                    item.setToolTip(row.key)
                if c >= 3:
                    item.setTextAlignment(_NUMBER_ALIGNMENT)
                if c >= 5 and value:
                    item.setForeground(_UP if value > 0 else _DOWN)
                table.setItem(r, c, item)
        if changed:
            table.resizeColumnsToContents()

    def _show_settings(self, comparison: ScenarioComparison) -> None:
        self.settings.setRowCount(len(comparison.settings))
        for r, change in enumerate(comparison.settings):
            for c, value in enumerate((change.scope, change.field, change.a, change.b)):
                self.settings.setItem(r, c, QTableWidgetItem("–" if value is None else f"{value}"))

    def _zone_clicked(self, zone_id: int) -> None:
        self.change_map.zoom_to(zone_id)
        self.zoneActivated.emit(zone_id)

    def set_area_unit(self, unit: str) -> None:
        """Show areas in ``unit`` (m², ha, km² or mu), the unit the planner chose for the map."""
        if unit not in AREA_UNITS:
            raise ValueError(f"unknown area unit {unit!r}")
        self.area_unit = unit
        if self.comparison is not None:
            self._show_table(self.comparison)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.charts.set_lang(lang)
        if self.comparison is not None:
            self._show_table(self.comparison)
            a_id, b_id = self.pair
            self.charts.update(self.metrics[b_id], self.metrics[a_id], self.project.scenario(a_id).name)


def _compare(project, a, b, metrics: dict[str, dict[str, Any]], with_map: bool = True,
             phases: dict[str, tuple] | None = None, shown_map: PreparedChanges | None = None) -> tuple:
    """(comparison, metrics by scenario id, prepared change map or None without ``with_map``):
    any thread, reads only its arguments (``shown_map``: what the change map shows, whose chunks
    of unchanged zones it keeps); the metrics of a scenario missing from ``metrics`` are computed here."""
    from parkplanner.core.metrics import compute_metrics

    used: dict[str, dict[str, Any]] = {}

    def metrics_of(project, scenario):
        if scenario.id in metrics:
            used[scenario.id] = metrics[scenario.id]
        else:
            used[scenario.id] = compute_metrics(project, scenario).to_dict()
        return used[scenario.id]

    def phases_of(project, scenario):
        known = (phases or {}).get(scenario.id)
        return known if known is not None else phase_balance(project, scenario)

    comparison = compare_scenarios(project, a, b, metrics=metrics_of, phases=phases_of)
    return comparison, used, ChangeMap.prepare(comparison, shown_map) if with_map else None

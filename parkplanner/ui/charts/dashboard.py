"""The live dashboard docked beside the map: every chart of the metrics, redrawn on every edit.

All plots share one ``GraphicsLayoutWidget`` (one view, one paint pass per frame), the indicator
table sits beneath it, both in a scroll area. The dashboard draws what the ``MetricsBridge`` sends (current
and previous metrics, at most once per frame) and turns clicks on bars into zone selections.

What the bridge sends is drawn in stages, each in an event-loop turn of its own (``STAGE_MS``
apart): the charts first, the table a frame later. The bridge sends in the turn an edit's map
patch is drawn in; charts, table and map repainted in one turn were a stall of their own at
district scale (their paints add up in one pass of the window). A stage draws the newest numbers
the bridge sent, so a burst of updates ends with every stage showing the last ones. A dashboard
not shown draws nothing until it is shown again, and then only the last numbers.
"""
from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from parkplanner.core import foreground
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.interaction.selection import Selection
from parkplanner.ui.charts.balance_chart import BalanceChart
from parkplanner.ui.charts.chart_base import SMALL_TEXT_PT, tr
from parkplanner.ui.charts.targets_chart import calibration_scales
from parkplanner.ui.charts.indicator_table import IndicatorTable
from parkplanner.ui.charts.jobs_housing_chart import JobsHousingChart
from parkplanner.ui.charts.radar_chart import RadarChart
from parkplanner.ui.charts.scaled_graphics import ScaledGraphics
from parkplanner.ui.charts.sector_chart import SectorChart
from parkplanner.ui.charts.targets_chart import TargetsChart
from parkplanner.ui.metrics_bridge import FRAME_MS, MetricsBridge
from parkplanner.ui.turn_queue import later

__all__ = ["Dashboard", "zones_for_pick", "CHARTS_MIN_HEIGHT", "legible_zoom", "MIN_TEXT_PX", "STAGE_MS"]

#: Between the stages of drawing one update (charts, then table): a frame, so each has its paint.
STAGE_MS = FRAME_MS

#: Below this the balance chart's twelve rows stop being readable.
CHARTS_MIN_HEIGHT = 880
#: Width (pixels at 100 %) the dashboard's charts are laid out in at least, in two columns and in one.
CHARTS_SCENE_WIDTH = 600
CHARTS_SCENE_NARROW = 320
#: One column is taller: the radar, jobs-housing and sector charts each get a row.
CHARTS_MIN_HEIGHT_NARROW = 1400


#: No chart text drawn smaller than this many pixels (a laptop's narrow dock scrolls instead).
MIN_TEXT_PX = 9.0


def legible_zoom(dpi: float) -> float:
    """The smallest magnification at which the charts' smallest text (SMALL_TEXT_PT) keeps MIN_TEXT_PX."""
    return MIN_TEXT_PX / (SMALL_TEXT_PT * dpi / 72.0)


def zones_for_pick(project, key: tuple[str, str]) -> list[int]:
    """Ids of the active scenario's zones behind a picked chart element."""
    kind, value = key
    zones = project.active_scenario.zones.values()
    if kind == "sector":
        return [z.id for z in zones if z.sector == value]
    if kind == "generic":
        catalogue, scheme = default_catalogue(), project.scheme
        return [z.id for z in zones if (cls := catalogue.find(scheme, z.code)) is not None
                and cls.generic_class == value]
    raise ValueError(f"unknown chart pick {kind!r}")


class Dashboard(QWidget):
    def __init__(self, bridge: MetricsBridge, selection: Selection, lang: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.project = bridge.project
        self.selection = selection
        self.lang = lang
        # A dock narrower than the charts need draws them slightly smaller, down to the size where
        # their smallest text keeps MIN_TEXT_PX; narrower still, the charts go one under another.
        self.graphics = ScaledGraphics(1.0, self, min_scene_width=CHARTS_SCENE_NARROW,
                                       min_zoom=legible_zoom(self.logicalDpiY()))
        self.columns = 0
        self.graphics.ci.setSpacing(6)
        self.radar = RadarChart(lang)
        self.jobs_housing = JobsHousingChart(lang)
        self.targets = TargetsChart(lang)
        self.balance = BalanceChart(self.project.scheme, lang)
        self.sectors = SectorChart(lang)
        self.arrange(2)  # before hooking clicks: a chart listens to the scene it is placed in
        self.charts = (self.radar, self.jobs_housing, self.targets, self.balance, self.sectors)
        for chart in self.charts:
            chart.hook_clicks()
            chart.picked.connect(self.select_picked)
        self.table = IndicatorTable(lang, self)
        self.legend = QLabel(self)
        self.legend.setStyleSheet("color: #606060;")
        self.legend.setWordWrap(True)  # one long line would set the dock's minimum width
        # Charts and table keep a legible size and scroll on short screens rather than squeeze.
        self.content = QWidget(self)
        self.graphics.setParent(self.content)
        self.table.setMinimumHeight(self.table.natural_height())
        inner = QVBoxLayout(self.content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.graphics, 1)
        inner.addWidget(self.table, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.content)
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.legend)
        box.addWidget(self.scroll)
        #: The newest numbers the bridge sent, their version, and the version each stage drew last.
        self._sent: tuple[dict[str, Any], dict[str, Any] | None] | None = None
        self._sent_version = 0
        self._drawn = [0, 0]  # charts, table
        self._stage = 0  # the stage whose turn is next
        self._stage_timer = QTimer(self)
        self._stage_timer.setSingleShot(True)
        self._stage_timer.timeout.connect(self._next_stage)
        self.set_lang(lang)
        bridge.updated.connect(self.metrics_sent)

    def set_document(self, bridge: MetricsBridge, selection: Selection) -> None:
        """Show another document's metrics (a new or opened project) in these same charts: making
        a dashboard's dozen plots anew is a fifth of a second the window would stall on opening."""
        if shiboken6.isValid(self.bridge):  # a bridge deleted with its document is disconnected already
            self.bridge.updated.disconnect(self.metrics_sent)
        self.bridge, self.project, self.selection = bridge, bridge.project, selection
        self._stage_timer.stop()
        self._sent = None  # the old document's numbers are not drawn any more
        bridge.updated.connect(self.metrics_sent)
        # Drawn in later turns of the event loop, a chart (or the table) per turn: every chart's
        # texts are laid out anew for a new document, together a tenth of a second at 20,000 zones.
        later(self, lambda: self._show_bridge(self._follow_project))
        for part in (*self.charts, self.table):
            later(self, lambda part=part: self._show_bridge(part.update_metrics))

    def _show_bridge(self, draw) -> None:
        if shiboken6.isValid(self.bridge):  # else a newer document's bridge comes
            draw(self.bridge.current, self.bridge.previous)

    def _follow_project(self, current: dict[str, Any], previous: dict[str, Any] | None = None) -> None:
        """The charts' scheme, targets and calibration as the project's (before they draw its metrics)."""
        scheme = current.get("project", {}).get("scheme", self.project.scheme)
        if scheme != self.balance.scheme:
            self.balance.set_scheme(scheme)
        if self.targets.targets != self.project.targets:
            self.targets.set_targets(self.project.targets)
        self.targets.set_calibration(calibration_scales(self.project))

    def arrange(self, columns: int) -> None:
        """Lay the charts out in two columns (radar beside jobs-housing, the sector charts side by
        side) or, in a dock too narrow for two legible columns, in one."""
        if columns == self.columns:
            return
        self.columns = columns
        layout = self.graphics.ci
        plots = (self.radar.plot, self.jobs_housing.plot, self.targets.plot, self.balance.plot,
                 self.sectors.gfa.plot, self.sectors.jobs.plot)
        for plot in plots:
            if plot in layout.items:
                layout.removeItem(plot)
        grid = layout.layout
        for row in range(grid.rowCount()):
            grid.setRowStretchFactor(row, 0)
        if columns == 2:
            places = ((0, 0, 1), (0, 1, 1), (1, 0, 2), (2, 0, 2), (3, 0, 1), (3, 1, 1))
            stretches, height, width = (6, 3, 8, 4), CHARTS_MIN_HEIGHT, CHARTS_SCENE_WIDTH
        else:
            places = tuple((row, 0, 1) for row in range(6))
            stretches, height, width = (6, 3, 3, 8, 4, 4), CHARTS_MIN_HEIGHT_NARROW, CHARTS_SCENE_NARROW
        for plot, (row, col, span) in zip(plots, places):
            layout.addItem(plot, row=row, col=col, colspan=span)
        for row, stretch in enumerate(stretches):
            grid.setRowStretchFactor(row, stretch)
        grid.setColumnStretchFactor(0, 1)
        grid.setColumnStretchFactor(1, 1 if columns == 2 else 0)
        self.graphics.min_scene_width = width
        self.graphics.setMinimumHeight(height)
        self.graphics._apply_zoom()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        # Two columns need CHARTS_SCENE_WIDTH scene units at a legible zoom; the scroll bar's width
        # is left out so the choice does not flip back and forth as it comes and goes.
        room = self.width() - 4 - self.scroll.verticalScrollBar().sizeHint().width()  # 4: the margins
        self.arrange(2 if room >= CHARTS_SCENE_WIDTH * self.graphics.min_zoom else 1)

    def set_lang(self, lang: str) -> None:
        """Switch chart texts and class names between English and Chinese."""
        self.lang = lang
        for chart in (*self.charts, self.table):
            chart.set_lang(lang)
        self.legend.setText(f"{tr('previous', lang)} · {tr('balance_band', lang)} · "
                            + ("点击条形可在地图上选中对应地块" if lang.startswith("zh")
                               else "click a bar to select its zones on the map"))
        self.update_metrics(self.bridge.current, self.bridge.previous)

    def update_metrics(self, current: dict[str, Any], previous: dict[str, Any] | None) -> None:
        """Draw ``current`` (and ``previous`` faintly) in every chart and the table, now."""
        self._update_charts(current, previous)
        self.table.update_metrics(current, previous)
        if self._sent is not None and self._sent[0] is current:
            self._drawn = [self._sent_version] * 2

    def metrics_sent(self, current: dict[str, Any], previous: dict[str, Any] | None) -> None:
        """The bridge's ``updated``: draw these numbers in stages, starting in the next turn; a
        dashboard not shown (its dock closed, the window hidden by workshop mode) when shown."""
        self._sent = (current, previous)
        self._sent_version += 1
        if self.isVisible() and not self._stage_timer.isActive():
            self._stage_timer.start(0)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self.drawing() and not self._stage_timer.isActive():
            self._stage_timer.start(0)

    def drawing(self) -> bool:
        """Whether some stage has yet to draw the numbers the bridge sent last."""
        return self._sent is not None and min(self._drawn) != self._sent_version

    def draw_pending(self) -> None:
        """Draw now every stage that has yet to draw the newest numbers (benchmarks, and whoever
        grabs the dashboard right after a flush): what the stage timer would do over two turns."""
        while self.drawing():
            self._next_stage()
        self._stage_timer.stop()  # a stage started it for the one after it, drawn here already

    def _next_stage(self) -> None:
        """Draw the next stage (in turn: charts, table) whose numbers are not the newest; the one
        after it a frame later. Taking turns, a drag sending every frame starves neither."""
        foreground.busy()  # workers wait at their checks until this turn ends (core.foreground)
        if self._sent is None:
            return
        current, previous = self._sent
        stages = (self._update_charts, self.table.update_metrics)
        for stage in (self._stage, 1 - self._stage):
            if self._drawn[stage] != self._sent_version:
                stages[stage](current, previous)
                self._drawn[stage] = self._sent_version
                self._stage = 1 - stage
                break
        if self.drawing() and self.isVisible():
            self._stage_timer.start(STAGE_MS)

    def _update_charts(self, current: dict[str, Any], previous: dict[str, Any] | None) -> None:
        self._follow_project(current)
        for chart in self.charts:
            chart.update_metrics(current, previous)

    def select_picked(self, key: tuple[str, str]) -> None:
        self.selection.set(zones_for_pick(self.project, key))


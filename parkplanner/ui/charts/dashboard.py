"""The live dashboard docked beside the map: every chart of the metrics, redrawn on every edit.

All plots share one ``GraphicsLayoutWidget`` (one view, one paint pass per frame), the indicator
table sits beneath it, both in a scroll area. The dashboard draws what the ``MetricsBridge`` sends (current
and previous metrics, at most once per frame) and turns clicks on bars into zone selections.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.interaction.selection import Selection
from parkplanner.ui.charts.balance_chart import BalanceChart
from parkplanner.ui.charts.chart_base import tr
from parkplanner.ui.charts.indicator_table import IndicatorTable
from parkplanner.ui.charts.jobs_housing_chart import JobsHousingChart
from parkplanner.ui.charts.radar_chart import RadarChart
from parkplanner.ui.charts.scaled_graphics import ScaledGraphics
from parkplanner.ui.charts.sector_chart import SectorChart
from parkplanner.ui.charts.targets_chart import TargetsChart
from parkplanner.ui.metrics_bridge import MetricsBridge

__all__ = ["Dashboard", "zones_for_pick", "CHARTS_MIN_HEIGHT"]

#: Below this the balance chart's twelve rows stop being readable.
CHARTS_MIN_HEIGHT = 880
#: Width (pixels at 100 %) the dashboard's charts are laid out in at least.
CHARTS_SCENE_WIDTH = 600


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
        # A dock narrower than the charts need draws them slightly smaller instead of cutting
        # their right-hand column off.
        self.graphics = ScaledGraphics(1.0, self, min_scene_width=CHARTS_SCENE_WIDTH)
        self.graphics.ci.setSpacing(6)
        self.radar = RadarChart(lang)
        self.jobs_housing = JobsHousingChart(lang)
        self.targets = TargetsChart(lang)
        self.balance = BalanceChart(self.project.scheme, lang)
        self.sectors = SectorChart(lang)
        layout = self.graphics.ci
        layout.addItem(self.radar.plot, row=0, col=0)
        layout.addItem(self.jobs_housing.plot, row=0, col=1)
        layout.addItem(self.targets.plot, row=1, col=0, colspan=2)
        layout.addItem(self.balance.plot, row=2, col=0, colspan=2)
        layout.addItem(self.sectors.gfa.plot, row=3, col=0)
        layout.addItem(self.sectors.jobs.plot, row=3, col=1)
        for row, stretch in enumerate((6, 3, 8, 4)):
            layout.layout.setRowStretchFactor(row, stretch)
        layout.layout.setColumnStretchFactor(0, 1)
        layout.layout.setColumnStretchFactor(1, 1)
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
        self.graphics.setMinimumHeight(CHARTS_MIN_HEIGHT)
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
        self.set_lang(lang)
        bridge.updated.connect(self.update_metrics)

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
        scheme = current.get("project", {}).get("scheme", self.project.scheme)
        if scheme != self.balance.scheme:
            self.balance.set_scheme(scheme)
        if self.targets.targets != self.project.targets:
            self.targets.set_targets(self.project.targets)
        for chart in self.charts:
            chart.update_metrics(current, previous)
        self.table.update_metrics(current, previous)

    def select_picked(self, key: tuple[str, str]) -> None:
        self.selection.set(zones_for_pick(self.project, key))


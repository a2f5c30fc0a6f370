"""Sector GFA and jobs: two bar panels side by side, one row per sector in the sector's colour.

Values come from ``by_sector`` of the metrics dictionary ({id, gfa_m2, jobs} per sector); the
value before the last edit is a faint bar. Clicking a row picks ("sector", id).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QPen

from parkplanner.ui.charts.chart_base import (
    INK, MUTED, ChartBase, ghost, set_text, set_widths, steady_ceiling, text_item, tr,
)

__all__ = ["SectorChart", "SectorPanel"]


class SectorPanel(ChartBase):
    """One quantity (GFA or jobs) per sector as horizontal bars."""

    def __init__(self, title_key: str, field: str, scale: float, step: float, lang: str = "en") -> None:
        super().__init__(tr(title_key, lang), lang)
        self.title_key, self.field, self.scale, self.step = title_key, field, scale, step
        self.ids: list[str] = []
        self._x_max = 0.0
        self.previous = pg.BarGraphItem(x0=[], y=[], height=0.75, width=[], brush=ghost(MUTED), pen=pg.mkPen(None))
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.45, width=[], brushes=[], pen=QPen(MUTED, 0))
        self.plot.addItem(self.previous)
        self.plot.addItem(self.bars)
        self.labels: list[pg.TextItem] = []
        self.plot.showGrid(x=True, y=False, alpha=0.25)

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self.set_title(tr(self.title_key, lang))

    def set_sectors(self, sectors: list[dict[str, Any]], show_names: bool) -> None:
        """Rows for ``sectors`` (the metrics dictionary's sector list), top to bottom."""
        self.ids = [s["id"] for s in sectors]
        n = len(self.ids)
        y = np.arange(n - 1, -1, -1, dtype=float)
        self.bars.setOpts(x0=np.zeros(n), y=y, width=np.zeros(n),
                          brushes=[QColor(s.get("colour", "#888888")) for s in sectors])
        self.previous.setOpts(x0=np.zeros(n), y=y, width=np.zeros(n))
        for label in self.labels:
            self.plot.removeItem(label)
        self.labels = [text_item("", INK, anchor=(0, 0.5), size=8) for _ in sectors]
        for label, row_y in zip(self.labels, y):
            label.setPos(0, row_y)
            self.plot.addItem(label)
        zh = self.lang.startswith("zh")
        names = [(s.get("name_zh") if zh else s.get("name_en") or s.get("name")) or s["id"] for s in sectors]
        self.plot.getAxis("left").setTicks([list(zip(y, names))] if show_names else [[]])
        self.plot.getAxis("left").setStyle(showValues=show_names)
        self.plot.setYRange(-0.6, max(n, 1) - 0.4, padding=0)
        self._x_max = 0.0

    def update_values(self, now: dict[str, dict], before: dict[str, dict]) -> None:
        values = np.array([(now.get(i, {}).get(self.field) or 0.0) / self.scale for i in self.ids])
        old = np.array([(before.get(i, {}).get(self.field) or 0.0) / self.scale for i in self.ids])
        x_max = steady_ceiling(self._x_max, max(values.max(initial=0), old.max(initial=0)), 1.3, self.step, self.step)
        if x_max != self._x_max:
            self._x_max = x_max
            self.plot.setXRange(0, x_max, padding=0)
        set_widths(self.bars, values)
        set_widths(self.previous, old)
        for label, value, previous, row_y in zip(self.labels, values, old, self.bars.opts["y"]):
            set_text(label, f"{value:,.1f}")
            label.setPos(max(value, previous) + x_max * 0.01, row_y)

    def key_at(self, x: float, y: float):
        index = int(round(len(self.ids) - 1 - y))
        if 0 <= index < len(self.ids) and x >= 0:
            return ("sector", self.ids[index])
        return None


class SectorChart(QObject):
    """GFA (10,000 m²) and jobs (thousands) per sector; rows follow the project's sectors."""

    picked = Signal(object)

    def __init__(self, lang: str = "en") -> None:
        super().__init__()
        self.gfa = SectorPanel("sector_gfa", "gfa_m2", 10_000.0, 10.0, lang)
        self.jobs = SectorPanel("sector_jobs", "jobs", 1_000.0, 5.0, lang)
        self.gfa.picked.connect(self.picked)
        self.jobs.picked.connect(self.picked)
        self._sector_key: tuple = ()

    @property
    def panels(self) -> tuple[SectorPanel, SectorPanel]:
        return self.gfa, self.jobs

    def set_lang(self, lang: str) -> None:
        for panel in self.panels:
            panel.set_lang(lang)
        self._sector_key = ()  # rebuild the row names on the next update

    def hook_clicks(self) -> None:
        for panel in self.panels:
            panel.hook_clicks()

    def update_metrics(self, current: dict[str, Any], previous: dict[str, Any] | None) -> None:
        sectors = current.get("sectors", [])
        key = tuple((s["id"], s.get("name_en"), s.get("name_zh"), s.get("colour")) for s in sectors)
        if key != self._sector_key:  # sectors added, renamed or recoloured: rebuild rows
            self._sector_key = key
            self.gfa.set_sectors(sectors, show_names=True)
            self.jobs.set_sectors(sectors, show_names=False)
        now = {row["id"]: row for row in current.get("by_sector", ())}
        before = {row["id"]: row for row in (previous or current).get("by_sector", ())}
        for panel in self.panels:
            panel.update_values(now, before)
